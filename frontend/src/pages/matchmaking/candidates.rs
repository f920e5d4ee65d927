//! The partner candidates of an organisation's partner search (`section#candidates`): public
//! organisations that complement it — those that have what it lacks rank first, those offering
//! the same are marked — each with the reasons and either the state of the contact request
//! already sent (`[data-requested]`) or "Send a contact request" (`button[data-request]`), which
//! opens a short form for the message (`#request-<org>-message`, sent with
//! `button[data-send-request]`). The other side's contact details appear on the contact
//! requests page once it accepts.

use kehto_shared::matchmaking::{ContactRequestInput, ContactRequestStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Said;
use super::wire::{Candidate, Candidates};
use crate::api;
use crate::api::matchmaking::{partner_candidates_path, request_contact};
use crate::components::form::{ErrorSummary, FormErrors, TextField};
use crate::components::widgets::{ErrorBox, Loading};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// The state of a sent request, in words.
pub fn request_state(s: ContactRequestStatus, t: &Texts) -> &'static str {
    match s {
        ContactRequestStatus::Pending => t.mm_request_pending,
        ContactRequestStatus::Accepted => t.mm_request_accepted,
        ContactRequestStatus::Declined => t.mm_request_declined,
    }
}

#[component]
pub fn CandidateList(challenge_id: i64, org_id: i64, said: Said) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || {
        i18n.lang();
        Some(partner_candidates_path(challenge_id, org_id))
    });
    let open = RwSignal::new(None::<i64>);
    let body = move || {
        match api::read::<Candidates>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(c)) if c.items.is_empty() => {
            view! { <p id="candidates-empty" class="muted">{tr(|t| t.mm_candidates_empty)}</p> }
                .into_any()
        }
        Some(Ok(c)) => view! {
            <ol id="candidate-list" class="match-list">
                {c.items.into_iter().map(|x| view! {
                    <CandidateItem x=x challenge_id=challenge_id org_id=org_id open=open said=said reload=data />
                }).collect_view()}
            </ol>
        }
        .into_any(),
    }
    };
    view! {
        <section id="candidates" class="match-section" aria-labelledby="candidates-title">
            <h2 id="candidates-title">{tr(|t| t.mm_candidates_title)}</h2>
            <p class="hint">{tr(|t| t.mm_candidates_hint)}</p>
            {body}
        </section>
    }
}

#[component]
fn CandidateItem(
    x: Candidate,
    challenge_id: i64,
    org_id: i64,
    open: RwSignal<Option<i64>>,
    said: Said,
    reload: LocalResource<api::Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let to = x.organisation.org.id;
    let name = x.organisation.name.clone();
    let form_id = format!("request-{to}");
    let message = RwSignal::new(String::new());
    let errors = FormErrors::new("errors", |f| f.to_owned()).with_prefix(format!("{form_id}-"));
    let busy = RwSignal::new(false);
    let send = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = ContactRequestInput {
                from_org_id: org_id,
                to_org_id: to,
                message: message.get_untracked().trim().to_owned(),
            };
            if let Err(fields) = input.validate() {
                return errors.show_fields(fields);
            }
            errors.clear();
            busy.set(true);
            let name = name.clone();
            spawn_local(async move {
                let result = request_contact(challenge_id, &input).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        open.set(None);
                        said.ok(i18n.t_untracked().mm_request_sent.replace("{org}", &name));
                        reload.refetch();
                    }
                    Err(e) if !e.error.fields.is_empty() => errors.show_api(&e),
                    Err(e) => {
                        said.failed(e.error.message);
                        reload.refetch();
                    }
                }
            });
        }
    };
    let action = match x.request {
        Some(r) => view! {
            <p class="invited" data-requested=to>
                {move || request_state(r.status, i18n.t())}" "
                <a href="/contact-requests">{tr(|t| t.mm_contacts_title)}</a>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="actions">
                <button
                    type="button"
                    class="button-secondary small"
                    data-request=to
                    aria-expanded=move || if open.get() == Some(to) { "true" } else { "false" }
                    aria-controls=form_id.clone()
                    on:click=move |_| {
                        open.set(Some(to));
                        focus::focus_id(&format!("request-{to}-message"));
                    }
                >
                    {tr(|t| t.mm_request)}
                    <span class="visually-hidden">": "{name.clone()}</span>
                </button>
            </p>
            <form id=form_id.clone() class="item-form" novalidate hidden=move || open.get() != Some(to) on:submit=send>
                <ErrorSummary errors=errors level=4 />
                <TextField
                    id=format!("request-{to}-message")
                    field="message"
                    label=|t| t.mm_request_message
                    hint=|t| t.mm_request_message_hint
                    value=message
                    errors=errors
                    rows=4
                />
                <div class="actions">
                    <button type="submit" class="button" data-send-request=to disabled=move || busy.get()>{tr(|t| t.mm_request_send)}</button>
                    <button type="button" class="button-secondary" on:click=move |_| open.set(None)>{tr(|t| t.mm_cancel)}</button>
                </div>
            </form>
        }
        .into_any(),
    };
    let competitor = x.reasons.competitor;
    let reason = x.reason_text.clone();
    view! {
        <li class="match-item" data-org=to>
            <h3 class="match-title">
                <a href=format!("/organisations/{to}")>{name.clone()}</a>
            </h3>
            {competitor.then(|| view! { <p class="match-badges"><span class="badge competitor">{tr(|t| t.mm_competitor)}</span></p> })}
            <p class="card-summary">{x.organisation.summary.clone()}</p>
            <div inner_html=move || super::reason_html(&reason, i18n.t())></div>
            {action}
        </li>
    }
}
