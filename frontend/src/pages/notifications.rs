//! `/notifications`: the notification centre. Each notification is worded here, in the reader's
//! language, from its kind, the challenge's title and its detail; it links to the challenge and
//! is marked read when opened. Below the list, the e-mail preferences
//! ([`NotificationPrefsForm`]).

use kehto_shared::notifications::{MarkReadRequest, Notification, NotificationKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::notification_prefs::NotificationPrefsForm;
use crate::api;
use crate::components::form::Notice;
use crate::components::layout::unread_text;
use crate::components::widgets::{ErrorBox, Instant, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::editor::changed_list;
use crate::session::use_session;

/// The notification as a sentence, e.g. "1 day left to send proposals to “…”".
pub fn sentence(n: &Notification, t: &Texts) -> String {
    let template = match n.kind {
        NotificationKind::AnswerPublished => t.notif_answer_published,
        NotificationKind::ChallengeChanged => t.notif_challenge_changed,
        NotificationKind::EventAdded => t.notif_event_added,
        NotificationKind::DeadlineApproaching if n.detail.trim() == "1" => t.notif_deadline_one,
        NotificationKind::DeadlineApproaching => t.notif_deadline_many,
        NotificationKind::MatchingChallenge => t.notif_matching,
        NotificationKind::EvaluationPublished => t.notif_evaluation_published,
        NotificationKind::ScoresReopened => t.notif_scores_reopened,
    };
    let detail = match n.kind {
        NotificationKind::ChallengeChanged => changed_list(&n.detail, t),
        _ => n.detail.trim().to_owned(),
    };
    template
        .replace("{challenge}", &n.challenge_title)
        .replace("{detail}", &detail)
}

/// What each kind of notification is about, for the e-mail preferences.
pub fn kind_label(k: NotificationKind, t: &Texts) -> &'static str {
    match k {
        NotificationKind::AnswerPublished => t.pref_answer_published,
        NotificationKind::ChallengeChanged => t.pref_challenge_changed,
        NotificationKind::EventAdded => t.pref_event_added,
        NotificationKind::DeadlineApproaching => t.pref_deadline_approaching,
        NotificationKind::MatchingChallenge => t.pref_matching_challenge,
        NotificationKind::EvaluationPublished => t.pref_evaluation_published,
        NotificationKind::ScoresReopened => t.pref_scores_reopened,
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.notifications_title.to_owned());
    let user_id = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        match user_id.get() {
            None => view! { <SignInRequired title=|t| t.notifications_title /> }.into_any(),
            Some(_) => view! { <NotificationCentre /> }.into_any(),
        }
    }
}

#[component]
fn NotificationCentre() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let items = RwSignal::new(None::<Result<Vec<Notification>, kehto_shared::ApiError>>);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        let result = api::notifications().await;
        if let Ok(v) = &result {
            session.unread.set(Some(v.unread));
        }
        items.set(Some(result.map(|v| v.items)));
    });
    let unread = move || {
        items.with(|i| match i {
            Some(Ok(list)) => list.iter().filter(|n| !n.read).count() as u32,
            _ => 0,
        })
    };
    let mark_all_local = move || {
        items.update(|i| {
            if let Some(Ok(list)) = i {
                for n in list.iter_mut() {
                    n.read = true;
                }
            }
        });
        session.unread.set(Some(0));
    };
    let read_all = move |_| {
        busy.set(true);
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = api::mark_read(&MarkReadRequest {
                ids: Vec::new(),
                all: true,
            })
            .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    mark_all_local();
                    notice.set(Some(i18n.t_untracked().all_marked_read.to_owned()));
                }
                Err(e) => failure.set(Some(e.error.message)),
            }
            focus::focus_id("notifications-status");
        });
    };
    // Opening a notification marks it read; the link is followed whatever the answer (the list
    // is left alone meanwhile, so that the link stays where it was clicked).
    let open = Callback::new(move |id: i64| {
        spawn_local(async move {
            if api::mark_read(&MarkReadRequest {
                ids: vec![id],
                all: false,
            })
            .await
            .is_ok()
            {
                session.refresh_unread();
            }
        });
    });

    view! {
        <h1>{tr(|t| t.notifications_title)}</h1>
        <p class="lead">{tr(|t| t.notifications_intro)}</p>
        <div id="notifications-status" tabindex="-1">
            <Notice message=notice />
            {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        </div>
        <section class="notifications" aria-labelledby="notifications-list-title">
            <div class="section-head">
                <h2 id="notifications-list-title">
                    {tr(|t| t.notifications_list)}
                    {move || {
                        let n = unread();
                        (n > 0).then(|| view! { " "<span class="count">"("{unread_text(n, i18n.t())}")"</span> })
                    }}
                </h2>
                {move || (unread() > 0).then(|| view! {
                    <button id="notifications-read-all" type="button" class="button-secondary small" disabled=move || busy.get() on:click=read_all>
                        {tr(|t| t.mark_all_read)}
                    </button>
                })}
            </div>
            {move || match items.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p id="notifications-empty" class="empty-state">{tr(|t| t.notifications_empty)}</p> }.into_any()
                }
                Some(Ok(list)) => view! {
                    <ul id="notifications" class="notification-list">
                        {list.into_iter().map(|n| view! { <NotificationItem n=n open=open /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
        <NotificationPrefsForm />
    }
}

#[component]
fn NotificationItem(n: Notification, open: Callback<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let id = n.id;
    let unread = !n.read;
    let href = format!("/challenges/{}", n.challenge_id);
    let at = n.created_at;
    let text = move || sentence(&n, i18n.t());
    view! {
        <li data-notification=id class="notification" class:unread=unread>
            {unread.then(|| view! { <span class="badge unread-badge">{tr(|t| t.unread_label)}</span>" " })}
            <a href=href on:click=move |_| {
                if unread {
                    open.run(id);
                }
            }>{text}</a>
            <p class="q-meta">
                <Instant at=at />
            </p>
        </li>
    }
}
