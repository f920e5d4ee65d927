//! `/my/dialogue`: the signed-in user's own part of the market dialogue — the challenges they
//! follow (`section#my-follows`), their saved searches (`section#my-searches`), and
//! their organisations' questions (`section#my-questions`, with the answers once published), their
//! info-session registrations (`section#my-registrations`) and their organisations' meeting
//! bookings (`section#my-bookings`), each grouped by challenge. After removing something, the polite notice
//! `#my-notice` receives focus.

use kehto_shared::Lang;
use kehto_shared::notifications::{
    FollowedChallenge, SavedSearch, SavedSearchInput, SavedSearchKind,
};
use kehto_shared::regions::region_by_code;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::board_query::BoardState;
use super::challenge_events::state_text;
use super::dialogue_kit::{esc, span_html};
use super::matchmaking::alerts::alert_text;
use crate::api;
use crate::components::form::Notice;
use crate::components::widgets::{Deadline, ErrorBox, Loading, SignInRequired};
use crate::dto::{MyChallenge, MyDialogue};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::session::use_session;
use crate::time;

#[component]
pub fn MyDialoguePage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.my_dialogue_title.to_owned());
    let user_id = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        match user_id.get() {
            None => view! { <SignInRequired title=|t| t.my_dialogue_title /> }.into_any(),
            Some(_) => view! { <MyDialogue /> }.into_any(),
        }
    }
}

#[component]
fn MyDialogue() -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let done = Callback::new(move |result: Result<String, String>| {
        match result {
            Ok(m) => {
                failure.set(None);
                notice.set(Some(m));
            }
            Err(m) => {
                notice.set(None);
                failure.set(Some(m));
            }
        }
        focus::focus_id("my-notice");
    });
    view! {
        <h1>{tr(|t| t.my_dialogue_title)}</h1>
        <p class="lead">{tr(|t| t.my_dialogue_intro)}</p>
        <div id="my-notice" tabindex="-1">
            <Notice message=notice />
            {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        </div>
        <Taking />
        <Follows done=done />
        <Searches done=done />
    }
}

#[component]
fn Follows(done: Callback<Result<String, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<FollowedChallenge>, kehto_shared::ApiError>>);
    spawn_local(async move { list.set(Some(api::my_follows().await)) });
    let unfollow = Callback::new(move |(id, title): (i64, String)| {
        spawn_local(async move {
            match api::unfollow(id).await {
                Ok(()) => {
                    list.update(|l| {
                        if let Some(Ok(l)) = l {
                            l.retain(|f| f.challenge_id != id);
                        }
                    });
                    let t = i18n.t_untracked();
                    done.run(Ok(t.unfollowed_named.replace("{title}", &title)));
                }
                Err(e) => done.run(Err(e.error.message)),
            }
        });
    });
    let now = time::now_utc();
    view! {
        <section id="my-follows" class="my-section" aria-labelledby="my-follows-title">
            <h2 id="my-follows-title">{tr(|t| t.my_follows_title)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! {
                    <p id="my-follows-empty" class="muted">{tr(|t| t.my_follows_empty)}</p>
                }
                .into_any(),
                Some(Ok(l)) => view! {
                    <ul class="item-list">
                        {l.into_iter().map(|f| {
                            let id = f.challenge_id;
                            let title = f.title.clone();
                            view! {
                                <li data-follow=id class="item">
                                    <div class="item-main">
                                        <a href=format!("/challenges/{id}")>{f.title.clone()}</a>
                                        <p class="q-meta">
                                            {tr(|t| t.proposals_deadline)}": "
                                            {match f.proposals_close_at {
                                                Some(at) => view! { <Deadline at=at now=now /> }.into_any(),
                                                None => view! { {tr(|t| t.not_set)} }.into_any(),
                                            }}
                                        </p>
                                    </div>
                                    <button type="button" class="button-secondary small" data-unfollow=id on:click=move |_| unfollow.run((id, title.clone()))>
                                        {tr(|t| t.unfollow)}
                                        <span class="visually-hidden">": "{f.title.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

/// A saved search's criteria in words, e.g. "Theme: Home care · Words: “robot”", or for a
/// recommendation alert "Recommended challenges · Good fit or better · weekly digest".
pub fn criteria_text(s: &SavedSearchInput, lang: Lang, t: &Texts) -> String {
    if s.kind == SavedSearchKind::Recommendations {
        return format!("{} · {}", t.mm_rec_title, alert_text(s, lang, t));
    }
    let mut parts = Vec::new();
    if let Some(r) = s.region.as_deref().and_then(region_by_code) {
        let name = match lang {
            Lang::Fi => r.name_fi,
            Lang::Sv => r.name_sv,
            Lang::En => r.name_en,
        };
        parts.push(format!("{}: {name}", t.region));
    }
    if let Some(theme) = s.theme {
        parts.push(format!("{}: {}", t.theme, theme.label(lang)));
    }
    if let Some(model) = s.model {
        parts.push(format!("{}: {}", t.cooperation_model, model.label(lang)));
    }
    if let Some(q) = s.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        parts.push(t.search_words.replace("{q}", q));
    }
    parts.join(" · ")
}

/// The board showing what a saved search finds (the recommendations, for an alert of those).
fn board_href(s: &SavedSearchInput) -> String {
    if let (SavedSearchKind::Recommendations, Some(org)) = (s.kind, s.org_id) {
        return format!("/organisations/{org}/recommendations");
    }
    BoardState {
        q: s.q.clone().unwrap_or_default(),
        region: s.region.clone().unwrap_or_default(),
        theme: s.theme.map(|t| t.code().to_owned()).unwrap_or_default(),
        model: s.model.map(|m| m.code().to_owned()).unwrap_or_default(),
        page: 1,
        ..Default::default()
    }
    .href()
}

#[component]
fn Searches(done: Callback<Result<String, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Vec<SavedSearch>, kehto_shared::ApiError>>);
    spawn_local(async move { list.set(Some(api::saved_searches().await)) });
    let delete = Callback::new(move |(id, name): (i64, String)| {
        spawn_local(async move {
            match api::delete_saved_search(id).await {
                Ok(()) => {
                    list.update(|l| {
                        if let Some(Ok(l)) = l {
                            l.retain(|s| s.id != id);
                        }
                    });
                    let t = i18n.t_untracked();
                    done.run(Ok(t.search_deleted.replace("{name}", &name)));
                }
                Err(e) => done.run(Err(e.error.message)),
            }
        });
    });
    view! {
        <section id="my-searches" class="my-section" aria-labelledby="my-searches-title">
            <h2 id="my-searches-title">{tr(|t| t.my_searches_title)}</h2>
            <p class="hint">{tr(|t| t.my_searches_hint)}" "<a href="/">{tr(|t| t.go_to_board)}</a></p>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! {
                    <p id="my-searches-empty" class="muted">{tr(|t| t.my_searches_empty)}</p>
                }
                .into_any(),
                Some(Ok(l)) => view! {
                    <ul class="item-list">
                        {l.into_iter().map(|s| {
                            let id = s.id;
                            let name = s.input.name.clone();
                            let href = board_href(&s.input);
                            let input = s.input.clone();
                            view! {
                                <li data-saved-search=id class="item">
                                    <div class="item-main">
                                        <strong>{s.input.name.clone()}</strong>
                                        <p class="q-meta">{move || criteria_text(&input, i18n.lang(), i18n.t())}</p>
                                        <a href=href>
                                            {tr(|t| t.show_matches)}
                                            <span class="visually-hidden">": "{s.input.name.clone()}</span>
                                        </a>
                                    </div>
                                    <button type="button" class="button-secondary small" data-delete-search=id on:click=move |_| delete.run((id, name.clone()))>
                                        {tr(|t| t.delete_search)}
                                        <span class="visually-hidden">": "{s.input.name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The user's questions, registrations and bookings, from `GET /me/dialogue`, as HTML text
/// (these lists only react to the language; text is far less wasm than views).
#[component]
fn Taking() -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(|| Some("/me/dialogue".to_owned()));
    move || match api::read::<MyDialogue>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(d)) => {
            view! { <div inner_html=move || taking_html(&d, i18n.lang(), i18n.t())></div> }
                .into_any()
        }
    }
}

/// One section (`section#<key>`) with a list per challenge that has `items`.
fn part<T>(
    d: &MyDialogue,
    key: &str,
    title: &str,
    empty: &str,
    items: impl Fn(&MyChallenge) -> &[T],
    item: impl Fn(&T) -> String,
) -> String {
    let mut h = format!(
        r#"<section id="{key}" class="my-section" aria-labelledby="{key}-title"><h2 id="{key}-title">{title}</h2>"#
    );
    let mut any = false;
    for c in &d.challenges {
        let list = items(c);
        if list.is_empty() {
            continue;
        }
        any = true;
        h += &format!(
            r#"<div class="my-group" data-challenge="{0}"><h3 class="small-heading"><a href="/challenges/{0}">{1}</a></h3><ul class="item-list">"#,
            c.challenge_id,
            esc(&c.challenge_title)
        );
        for x in list {
            h += &item(x);
        }
        h += "</ul></div>";
    }
    if !any {
        h += &format!(r#"<p id="{key}-empty" class="muted">{empty}</p>"#);
    }
    h + "</section>"
}

fn taking_html(d: &MyDialogue, lang: Lang, t: &Texts) -> String {
    let questions = part(
        d,
        "my-questions",
        t.my_questions_title,
        t.my_questions_empty,
        |c| &c.questions,
        |q| {
            let (class, state) = if q.published.is_some() {
                ("answered", t.question_answered)
            } else {
                ("pending", t.question_pending)
            };
            let answer = q
            .published
            .as_ref()
            .map(|p| {
                format!(
                    r#"<div class="my-answer"><p class="label">{}</p><p class="q-text">{}</p><p class="label">{}</p><p class="qa-answer">{}</p></div>"#,
                    t.public_question,
                    esc(&p.question),
                    t.answer_label,
                    esc(&p.answer)
                )
            })
            .unwrap_or_default();
            format!(
                r#"<li class="item" data-question="{}"><div class="item-main"><p class="q-text">{}</p><p class="q-meta"><span class="badge q-status {class}">{state}</span> · {} <time datetime="{}">{}</time></p>{answer}</div></li>"#,
                q.asked.id,
                esc(&q.asked.text),
                t.asked_at,
                q.asked.asked_at.to_rfc3339(),
                esc(&time::format_helsinki(q.asked.asked_at, lang, false, t))
            )
        },
    );
    let registrations = part(
        d,
        "my-registrations",
        t.my_registrations_title,
        t.my_registrations_empty,
        |c| &c.registrations,
        |e| {
            let state = if e.cancelled_at.is_some() {
                t.event_cancelled.to_owned()
            } else {
                e.my_registration
                    .map(|p| state_text(p, t))
                    .unwrap_or_default()
            };
            format!(
                r#"<li class="item" data-event="{}"><div class="item-main"><strong>{}</strong><p class="q-meta">{}</p><p class="q-meta">{state}</p></div></li>"#,
                e.id,
                esc(&e.title),
                span_html(e.starts_at, e.ends_at, lang, t)
            )
        },
    );
    let bookings = part(
        d,
        "my-bookings",
        t.my_bookings_title,
        t.my_bookings_empty,
        |c| &c.bookings,
        |s| {
            let place = s
                .location
                .as_ref()
                .map(|l| format!(r#"<p class="q-meta">{}: {}</p>"#, t.slot_location, esc(l)))
                .unwrap_or_default();
            format!(
                r#"<li class="item" data-slot="{}"><div class="item-main"><strong>{}</strong>{place}</div></li>"#,
                s.id,
                span_html(s.starts_at, s.ends_at, lang, t)
            )
        },
    );
    questions + &registrations + &bookings
}
