//! `/challenges/:id/matchmaking`, for a challenge's coordinators: public organisations and
//! offerings worth inviting to its market dialogue (`ol#sugg-list`), ranked, with their fit in
//! words and the reasons, and the similar challenges of other regions ([`super::similar`]).
//!
//! "Invite to the market dialogue" (`button[data-invite]`) opens a small form under the
//! organisation: what will be sent, an optional personal message (`#invite-<org>-message`) and
//! the confirming button (`button[data-send-invite]`). The server e-mails the organisation's
//! contact person once and logs it; afterwards the item says "Invited on …" (`[data-invited]`),
//! and every invitation sent is listed (`ul#invited-list`). A second invitation is refused with
//! `already_invited`, which is said and the list refreshed.

use kehto_shared::challenge::ChallengeDetail;
use kehto_shared::matchmaking::DialogueInviteRequest;
use kehto_shared::{ErrorCode, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::similar::SimilarChallenges;
use super::wire::{Invitation, Suggested, Suggestions};
use super::{Said, fit_html, reason_html};
use crate::api;
use crate::api::matchmaking::{invite, suggestions_path};
use crate::components::form::{ErrorSummary, FormErrors, TextField};
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;
use crate::session::use_session;
use crate::time;

#[component]
pub fn ChallengeMatchesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Memos: a changed session (e.g. the language saved in the profile) does not rebuild the page.
    let signed_in = Memo::new(move |_| session.signed_in());
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let detail = api::load(move || id.get().map(|id| format!("/challenges/{id}")));
    let title = Signal::derive(move || {
        api::read::<ChallengeDetail>(detail.get())
            .and_then(Result::ok)
            .map(|d| d.summary.title)
    });
    focus::page_title(|t| t.mm_sugg_page_title.to_owned());
    move || {
        let Some(id) = id.get() else {
            return view! { <Loading /> }.into_any();
        };
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.mm_sugg_page_title /> }.into_any();
        }
        view! {
            <p class="breadcrumb">
                <a href=format!("/challenges/{id}")>
                    <span aria-hidden="true">"← "</span>
                    {move || title.get().unwrap_or_else(|| i18n.t().challenge.to_owned())}
                </a>
            </p>
            <h1>{tr(|t| t.mm_sugg_page_title)}</h1>
            <p class="lead">{tr(|t| t.mm_sugg_page_intro)}</p>
            <SuggestionList challenge_id=id />
            <SimilarChallenges challenge_id=id limit=10 />
        }
        .into_any()
    }
}

fn invited_text(inv: &Invitation, lang: Lang, t: &Texts) -> String {
    t.mm_invited_on
        .replace(
            "{date}",
            &time::format_helsinki(inv.invited_at, lang, false, t),
        )
        .replace("{by}", &inv.invited_by)
}

fn invited_html(list: &[Invitation], lang: Lang, t: &Texts) -> String {
    list.iter()
        .map(|inv| {
            format!(
                r#"<li class="item" data-invitation-org="{}"><div class="item-main"><strong>{}</strong><p class="q-meta">{}</p></div></li>"#,
                inv.org.id,
                esc(inv.org.name(lang)),
                esc(&invited_text(inv, lang, t))
            )
        })
        .collect()
}

#[component]
fn SuggestionList(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || {
        i18n.lang();
        Some(suggestions_path(challenge_id))
    });
    let said = Said::new("sugg-status");
    // The organisation whose invitation form is open.
    let open = RwSignal::new(None::<i64>);
    let body = move || match api::read::<Suggestions>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(s)) => {
            let can_invite = s.can_invite;
            let items = if s.items.is_empty() {
                view! { <p id="sugg-empty" class="muted">{tr(|t| t.mm_sugg_empty)}</p> }.into_any()
            } else {
                view! {
                    <ol id="sugg-list" class="match-list">
                        {s.items.into_iter().map(|x| view! {
                            <SuggestedItem x=x challenge_id=challenge_id can_invite=can_invite open=open said=said reload=data />
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            };
            let invited = s.invited;
            view! {
                {(!can_invite).then(|| view! { <p id="sugg-cannot-invite" class="info">{tr(|t| t.mm_sugg_cannot_invite)}</p> })}
                {items}
                <h3 id="invited-title">{tr(|t| t.mm_invited_title)}</h3>
                {if invited.is_empty() {
                    view! { <p id="invited-empty" class="muted">{tr(|t| t.mm_invited_empty)}</p> }.into_any()
                } else {
                    view! { <ul id="invited-list" class="item-list" aria-labelledby="invited-title" inner_html=move || invited_html(&invited, i18n.lang(), i18n.t())></ul> }.into_any()
                }}
            }
            .into_any()
        }
    };
    view! {
        <section id="suggestions" class="match-section" aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">{tr(|t| t.mm_sugg_title)}</h2>
            <p class="hint">{tr(|t| t.mm_sugg_hint)}</p>
            {said.view()}
            {body}
        </section>
    }
}

#[component]
fn SuggestedItem(
    x: Suggested,
    challenge_id: i64,
    can_invite: bool,
    open: RwSignal<Option<i64>>,
    said: Said,
    reload: LocalResource<api::Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let org = x.organisation.org.clone();
    let org_id = org.id;
    let form_id = format!("invite-{org_id}");
    let message = RwSignal::new(String::new());
    let errors = FormErrors::new("errors", |f| f.to_owned()).with_prefix(format!("{form_id}-"));
    let busy = RwSignal::new(false);
    let name = x.organisation.name.clone();
    let send = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let req = DialogueInviteRequest {
                message: message.get_untracked().trim().to_owned(),
            };
            if let Err(fields) = req.validate() {
                return errors.show_fields(fields);
            }
            errors.clear();
            busy.set(true);
            let name = name.clone();
            spawn_local(async move {
                let result = invite(challenge_id, org_id, req.message).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        open.set(None);
                        said.ok(i18n.t_untracked().mm_invite_sent.replace("{org}", &name));
                        reload.refetch();
                    }
                    Err(e) if !e.error.fields.is_empty() => errors.show_api(&e),
                    Err(e) => {
                        let again = e.error.code == ErrorCode::AlreadyInvited;
                        said.failed(e.error.message);
                        if again {
                            reload.refetch();
                        }
                    }
                }
            });
        }
    };
    let invitation = x.invitation.clone();
    let action = match invitation {
        Some(inv) => view! {
            <p class="invited" data-invited=org_id>
                <span aria-hidden="true">"✓ "</span>
                {move || invited_text(&inv, i18n.lang(), i18n.t())}
            </p>
        }
        .into_any(),
        None if can_invite => {
            let confirm_name = name.clone();
            view! {
                <p class="actions">
                    <button
                        type="button"
                        class="button-secondary small"
                        data-invite=org_id
                        aria-expanded=move || if open.get() == Some(org_id) { "true" } else { "false" }
                        aria-controls=form_id.clone()
                        on:click=move |_| {
                            open.set(Some(org_id));
                            focus::focus_id(&format!("invite-{org_id}-message"));
                        }
                    >
                        {tr(|t| t.mm_invite)}
                        <span class="visually-hidden">": "{name.clone()}</span>
                    </button>
                </p>
                <form id=form_id.clone() class="item-form" novalidate hidden=move || open.get() != Some(org_id) on:submit=send>
                    <ErrorSummary errors=errors level=4 />
                    <p>{move || i18n.t().mm_invite_confirm.replace("{org}", &confirm_name)}</p>
                    <TextField
                        id=format!("invite-{org_id}-message")
                        field="message"
                        label=|t| t.mm_invite_message
                        hint=|t| t.mm_invite_message_hint
                        value=message
                        errors=errors
                        rows=4
                        optional=true
                    />
                    <div class="actions">
                        <button type="submit" class="button" data-send-invite=org_id disabled=move || busy.get()>{tr(|t| t.mm_invite_send)}</button>
                        <button type="button" class="button-secondary" on:click=move |_| open.set(None)>{tr(|t| t.mm_cancel)}</button>
                    </div>
                </form>
            }
            .into_any()
        }
        None => ().into_any(),
    };
    let fit = x.fit;
    let reason = x.reason_text.clone();
    view! {
        <li class="match-item" data-org=org_id>
            <h3 class="match-title">
                <a href=format!("/organisations/{org_id}")>{name.clone()}</a>
            </h3>
            <p class="match-badges" inner_html=move || fit_html(fit, i18n.lang())></p>
            <p class="card-summary">{x.organisation.summary.clone()}</p>
            <div inner_html=move || reason_html(&reason, i18n.t())></div>
            {action}
        </li>
    }
}
