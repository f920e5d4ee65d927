//! `/contact-requests` (the link in the contact-request e-mails): for each of the user's
//! companies and research organisations, the contact requests it received (`ul[data-incoming]`,
//! each pending one with `button[data-accept]` and `button[data-decline]`) and those it sent
//! (`ul[data-outgoing]`). The asked organisation's contact person is shown to the requesting
//! organisation only once the request is accepted (`dl[data-contact]`); until then the page says
//! the request waits for an answer.

use kehto_shared::matchmaking::{ContactRequestStatus, ContactRequestView, ContactRequestsView};
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::candidates::request_state;
use super::{Said, acting_orgs};
use crate::api;
use crate::api::matchmaking::{answer_contact, contact_requests_path};
use crate::components::widgets::{ErrorBox, Instant, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn ContactRequestsPage() -> impl IntoView {
    let session = use_session();
    // Memos: a changed session (e.g. the language saved in the profile) does not rebuild the page.
    let signed_in = Memo::new(move |_| session.signed_in());
    let orgs = Memo::new(move |_| acting_orgs());
    focus::page_title(|t| t.mm_contacts_title.to_owned());
    let said = Said::new("contact-status");
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.mm_contacts_title /> }.into_any();
        }
        let orgs = orgs.get();
        let body = if orgs.is_empty() {
            view! { <p id="contacts-no-org">{tr(|t| t.mm_contacts_no_org)}</p> }.into_any()
        } else {
            orgs.into_iter()
                .map(|org| view! { <OrgRequests org=org said=said /> })
                .collect_view()
                .into_any()
        };
        view! {
            <h1>{tr(|t| t.mm_contacts_title)}</h1>
            <p class="lead">{tr(|t| t.mm_contacts_intro)}</p>
            {said.view()}
            {body}
        }
        .into_any()
    }
}

#[component]
fn OrgRequests(org: OrgRef, said: Said) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org.id;
    let data = api::load(move || Some(contact_requests_path(org_id)));
    let busy = RwSignal::new(false);
    let answer = Callback::new(move |(id, accept): (i64, bool)| {
        busy.set(true);
        spawn_local(async move {
            let result = answer_contact(id, accept).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    let t = i18n.t_untracked();
                    said.ok(if accept {
                        t.mm_contact_accepted_notice
                    } else {
                        t.mm_contact_declined_notice
                    }
                    .to_owned());
                }
                Err(e) => said.failed(e.error.message),
            }
            data.refetch();
        });
    });
    let title_id = format!("contacts-{org_id}-title");
    let labelled_by = title_id.clone();
    let lists = move || match api::read::<ContactRequestsView>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(v)) => view! {
            <h3>{tr(|t| t.mm_contacts_incoming)}</h3>
            {requests(v.incoming, true, answer, busy)}
            <h3>{tr(|t| t.mm_contacts_outgoing)}</h3>
            {requests(v.outgoing, false, answer, busy)}
        }
        .into_any(),
    };
    view! {
        <section class="match-section" data-org=org_id aria-labelledby=labelled_by>
            <h2 id=title_id>{move || org.name(i18n.lang()).to_owned()}</h2>
            {lists}
        </section>
    }
}

fn requests(
    list: Vec<ContactRequestView>,
    incoming: bool,
    answer: Callback<(i64, bool)>,
    busy: RwSignal<bool>,
) -> AnyView {
    if list.is_empty() {
        let empty = if incoming {
            |t: &crate::i18n::Texts| t.mm_contacts_incoming_empty
        } else {
            |t: &crate::i18n::Texts| t.mm_contacts_outgoing_empty
        };
        return view! { <p class="muted">{tr(empty)}</p> }.into_any();
    }
    view! {
        <ul class="item-list" data-incoming=incoming.then_some("") data-outgoing=(!incoming).then_some("")>
            {list.into_iter().map(|r| view! { <Request r=r incoming=incoming answer=answer busy=busy /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Request(
    r: ContactRequestView,
    incoming: bool,
    answer: Callback<(i64, bool)>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = r.id;
    let other = if incoming {
        r.from_org.clone()
    } else {
        r.to_org.clone()
    };
    let other_name = other.clone();
    let status = r.status;
    let accepted_incoming = incoming && status == ContactRequestStatus::Accepted;
    let pending_outgoing = !incoming && status == ContactRequestStatus::Pending;
    let answer_hint = other.clone();
    let hidden_name = other.clone();
    let buttons = r.can_answer.then(|| {
        let named = move || format!(": {}", hidden_name.name(i18n.lang()));
        view! {
            <p class="hint">{move || i18n.t().mm_contact_accept_hint.replace("{org}", answer_hint.name(i18n.lang()))}</p>
            <p class="actions">
                <button type="button" class="button small" data-accept=id disabled=move || busy.get() on:click=move |_| answer.run((id, true))>
                    {tr(|t| t.mm_contact_accept)}
                    <span class="visually-hidden">{named.clone()}</span>
                </button>
                <button type="button" class="button-secondary small" data-decline=id disabled=move || busy.get() on:click=move |_| answer.run((id, false))>
                    {tr(|t| t.mm_contact_decline)}
                    <span class="visually-hidden">{named}</span>
                </button>
            </p>
        }
    });
    let contact = r.contact.clone().map(|c| {
        let mailto = format!("mailto:{}", c.email);
        view! {
            <dl class="facts" data-contact=id>
                <div>
                    <dt>{tr(|t| t.contact_person)}</dt>
                    <dd>{c.name.clone()}</dd>
                </div>
                <div>
                    <dt>{tr(|t| t.email)}</dt>
                    <dd><a href=mailto>{c.email.clone()}</a></dd>
                </div>
                {c.phone.clone().map(|p| view! {
                    <div>
                        <dt>{tr(|t| t.mm_phone)}</dt>
                        <dd>{p}</dd>
                    </div>
                })}
            </dl>
        }
    });
    view! {
        <li class="item" data-contact-request=id data-status=status.code()>
            <div class="item-main">
                <strong>{move || other_name.name(i18n.lang()).to_owned()}</strong>
                <p class="q-meta">
                    {tr(|t| t.mm_contact_about)}" "
                    <a href=format!("/challenges/{}", r.challenge_id)>{r.challenge_title.clone()}</a>
                    " · "<Instant at=r.created_at />
                    " · "{r.requested_by.clone()}
                </p>
                <p class="q-text">{r.message.clone()}</p>
                <p class="q-meta">
                    <span class="badge q-status">{move || request_state(status, i18n.t())}</span>
                    {r.answered_at.map(|at| view! { " "<Instant at=at /> })}
                </p>
                {accepted_incoming.then(|| view! { <p class="hint">{tr(|t| t.mm_contact_shared)}</p> })}
                {pending_outgoing.then(|| view! { <p class="hint">{tr(|t| t.mm_contact_hidden)}</p> })}
                {contact}
                {buttons}
            </div>
        </li>
    }
}
