//! `/proposals/:id`: a proposal for its lead organisation's members and accepted partners — the
//! editor with autosave (`#pe-autosave`), attachments, partners, submission and receipts — or,
//! when the viewer may not change it (after the deadline; the region's coordinators and the
//! assigned evaluators who declared no conflict of interest, who get the version that counts),
//! the same content read-only (`#pe-readonly`). Someone refused (403), such as an evaluator who
//! has not declared yet, is pointed to the evaluations page (`#pe-declare-first`).
//!
//! The page loads the proposal once. The text lives in [`ProposalDraft`]'s signals from then on;
//! everything else ([`Meta`]) is loaded again after changes without touching what is typed.

use std::time::Duration;

use kehto_shared::ErrorCode;
use kehto_shared::proposals::{ProposalStatus, ProposalView};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::proposal_attachments::Attachments;
use super::proposal_autosave::{Autosave, SaveState};
use super::proposal_draft::{Meta, ProposalDraft, field_id};
use super::proposal_partners::Partners;
use super::proposal_sections::{ProposalForm, read_only_html};
use super::proposal_submit::{Receipts, Submission, status_badge};
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice};
use crate::components::widgets::{Deadline, ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::static_pages::NotFoundPage;
use crate::session::use_session;

#[component]
pub fn ProposalPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let challenge = RwSignal::new(None::<String>);
    focus::page_title(move |t| match challenge.get() {
        Some(c) => t.pe_heading.replace("{challenge}", &c),
        None => t.pe_page_title.to_owned(),
    });
    move || match id.get() {
        Some(id) => view! { <Loader id=id challenge=challenge /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

/// Loads the proposal once; nothing else is tracked here, so the editor below is never
/// rebuilt while someone types.
#[component]
fn Loader(id: i64, challenge: RwSignal<Option<String>>) -> impl IntoView {
    let data = api::load(move || Some(api::proposals::proposal_path(id)));
    move || match api::read::<ProposalView>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) if e.error.code == ErrorCode::Unauthenticated => {
            view! { <SignInRequired title=|t| t.pe_page_title /> }.into_any()
        }
        // An assigned evaluator opens a proposal only after declaring no conflict of interest.
        Some(Err(e)) if e.error.code == ErrorCode::Forbidden => view! {
            <h1>{tr(|t| t.pe_page_title)}</h1>
            <ErrorBox error=e />
            <p id="pe-declare-first">
                <a href="/evaluations">{tr(|t| t.ew_declare_first)}</a>
            </p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <h1>{tr(|t| t.pe_page_title)}</h1>
            <ErrorBox error=e />
        }
        .into_any(),
        Some(Ok(v)) => {
            challenge.set(Some(v.challenge_title.clone()));
            view! { <Proposal v=v /> }.into_any()
        }
    }
}

/// Saves what is unsaved when the page is left, and asks the browser to warn before a reload
/// or closing the tab loses it.
fn guard_leaving(autosave: Autosave) {
    let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if autosave.unsaved() {
            autosave.flush();
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || {
        handle.remove();
        autosave.flush();
    });
}

#[component]
fn Proposal(v: ProposalView) -> impl IntoView {
    let i18n = use_i18n();
    let meta = Meta::new(&v);
    let draft = ProposalDraft::new();
    draft.fill(&v.content, &v.criteria);
    // The region's coordinators read the version that counts, not the draft.
    let own = v.mine;
    let errors = FormErrors::new("pe-errors", field_id);
    let autosave = Autosave::new(v.id, draft, v.revision, v.saved_at);
    let closed = Memo::new(move |_| autosave.state.with(|s| *s == SaveState::Closed));
    let editable = Memo::new(move |_| meta.can_edit.get() && !closed.get());
    Effect::new(move |_| {
        if closed.get() {
            meta.lock();
        }
    });
    if own {
        guard_leaving(autosave);
    }
    let notice = RwSignal::new(None::<String>);
    if let Some(message) = use_session().take_flash() {
        // Set after mounting, so that the live region announces it.
        set_timeout(
            move || notice.set(Some(message)),
            Duration::from_millis(300),
        );
    }

    let heading = v.challenge_title.clone();
    let challenge_href = format!("/challenges/{}", v.challenge_id);
    let challenge_title = v.challenge_title.clone();
    let lead = v.lead.clone();
    let lead_name = v.lead.clone();
    let stored = v.content.clone();
    let counted = v.receipts.first().cloned().filter(|_| !own);
    let explanation = move || {
        if editable.get() {
            let resubmit = meta.status.get() == ProposalStatus::Submitted;
            view! {
                <p class="hint" id="pe-intro">{tr(|t| t.pe_intro)}</p>
                {resubmit.then(|| view! { <p class="info" id="pe-submitted-note">{tr(|t| t.pe_submitted_draft_note)}</p> })}
            }
            .into_any()
        } else if own {
            view! {
                {move || closed.get().then(|| view! { <p id="pe-closed" class="error-box" role="alert">{tr(|t| t.pe_closed_now)}</p> })}
                <p class="info" id="pe-readonly">{tr(|t| t.pe_readonly_own)}</p>
            }
            .into_any()
        } else {
            let link = counted.as_ref().map(|r| {
                let href = format!("/proposals/{}/receipts/{}", r.proposal_id, r.id);
                let version = r.version.to_string();
                view! {
                    " "<a id="pe-counted-receipt" href=href>
                        {move || i18n.t().pe_receipt_version.replace("{n}", &version)}
                    </a>
                }
            });
            view! { <p class="info" id="pe-readonly">{tr(|t| t.pe_readonly_region)}{link}</p> }
                .into_any()
        }
    };
    let body = move || {
        if editable.get() {
            view! {
                {autosave.view(meta)}
                <ErrorSummary errors=errors />
                <form
                    id="pe-form"
                    class="editor proposal-form"
                    novalidate
                    aria-labelledby="pe-form-title"
                    on:input=move |_| autosave.edited()
                    on:focusout=move |_| autosave.flush()
                    on:submit=move |ev| {
                        ev.prevent_default();
                        autosave.flush();
                    }
                >
                    <h2 id="pe-form-title">{tr(|t| t.pe_form_title)}</h2>
                    <ProposalForm draft=draft errors=errors />
                </form>
            }
            .into_any()
        } else {
            let content = if own {
                draft.to_content().unwrap_or_else(|_| stored.clone())
            } else {
                stored.clone()
            };
            let html = move || read_only_html(&content, i18n.lang(), i18n.t());
            view! {
                <section class="proposal-read" aria-labelledby="pe-form-title">
                    <h2 id="pe-form-title">{tr(|t| t.pe_form_title)}</h2>
                    <div id="pe-content" inner_html=html></div>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <h1 id="pe-heading">{move || i18n.t().pe_heading.replace("{challenge}", &heading)}</h1>
        <dl class="facts" id="pe-facts">
            <div>
                <dt>{tr(|t| t.pe_lead_org)}</dt>
                <dd id="pe-lead">{move || lead_name.name(i18n.lang()).to_owned()}</dd>
            </div>
            <div>
                <dt>{tr(|t| t.status)}</dt>
                <dd>
                    {move || {
                        let (class, label) = status_badge(meta.status.get(), i18n.t());
                        view! { <span id="pe-status" class=class>{label}</span> }
                    }}
                </dd>
            </div>
            <div class="wide">
                <dt>{tr(|t| t.proposals_deadline)}</dt>
                <dd id="pe-deadline">
                    {match v.proposals_close_at {
                        Some(at) => view! { <Deadline at=at now=v.server_now /> }.into_any(),
                        None => view! { {tr(|t| t.not_set)} }.into_any(),
                    }}
                </dd>
            </div>
            <div class="wide">
                <dt>{tr(|t| t.challenge)}</dt>
                <dd><a id="pe-challenge-link" href=challenge_href>{v.challenge_title.clone()}</a></dd>
            </div>
        </dl>
        <Notice message=notice />
        {explanation}
        {body}
        <Attachments meta=meta editable=editable />
        <Partners meta=meta lead=lead />
        {own.then(|| view! { <Submission meta=meta autosave=autosave errors=errors challenge=challenge_title /> })}
        <Receipts meta=meta />
    }
}
