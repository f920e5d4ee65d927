//! Submitting and withdrawing (`section#pe-submission`), each after a confirmation
//! (`#pe-confirm` with `#pe-confirm-submit` / `#pe-confirm-withdraw` and `#pe-confirm-cancel`), and
//! the proposal's receipts (`ul#pe-receipts`). Submitting first checks the form with the shared
//! rules (the error summary lists what is missing), then saves what is unsaved, then
//! `POST /proposals/{id}/submit`: the receipt page follows; a 422 lists the missing parts; after
//! the deadline nothing changes and the page says so (`#pe-submit-status`).

use kehto_shared::ErrorCode;
use kehto_shared::proposals::{ProposalStatus, Receipt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::dialogue_kit::esc;
use super::proposal_autosave::{Autosave, SaveState};
use super::proposal_draft::Meta;
use crate::api;
use crate::components::form::{FormErrors, Notice};
use crate::focus;
use crate::i18n::{Texts, current_lang, texts, tr, use_i18n};
use crate::session::use_session;
use crate::time;

/// A proposal's status as a badge's class and words.
pub fn status_badge(s: ProposalStatus, t: &Texts) -> (&'static str, &'static str) {
    match s {
        ProposalStatus::Draft => ("badge status-draft", t.pe_status_draft),
        ProposalStatus::Submitted => ("badge status-proposals_open", t.pe_status_submitted),
        ProposalStatus::Withdrawn => ("badge status-cancelled", t.pe_status_withdrawn),
    }
}

/// Whether a receipt counts, was replaced or withdrawn: its badge's class and words.
pub fn receipt_state(r: &Receipt, t: &Texts) -> (&'static str, &'static str) {
    if r.withdrawn_at.is_some() {
        ("badge status-cancelled", t.pe_receipt_withdrawn)
    } else if r.superseded_at.is_some() {
        ("badge status-closed", t.pe_receipt_superseded)
    } else {
        ("badge q-status answered", t.pe_receipt_counts)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Submit,
    Withdraw,
}

#[component]
pub fn Submission(
    meta: Meta,
    autosave: Autosave,
    errors: FormErrors,
    #[prop(into)] challenge: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let confirm = RwSignal::new(None::<Confirm>);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let fail = move |text: String| {
        busy.set(false);
        confirm.set(None);
        failure.set(Some(text));
        focus::focus_id("pe-submit-status");
    };

    let ask = move |kind: Confirm| {
        failure.set(None);
        notice.set(None);
        if kind == Confirm::Submit {
            let content = match autosave.draft.to_content() {
                Ok(c) => c,
                Err(shown) => return errors.show_shown(shown),
            };
            let names = autosave.draft.names.get_value();
            if let Err(fields) = content.validate_for_submit(&names) {
                return errors.show_fields(fields);
            }
            errors.clear();
        }
        confirm.set(Some(kind));
        focus::focus_id("pe-confirm");
    };
    let cancel = move |_| {
        let back = match confirm.get_untracked() {
            Some(Confirm::Withdraw) => "pe-withdraw",
            _ => "pe-submit",
        };
        confirm.set(None);
        focus::focus_id(back);
    };
    let submit = move || {
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let t = texts(current_lang());
            // What is submitted is the saved draft: save what is typed first.
            if !autosave.settle().await {
                let reason = match autosave.state.get_untracked() {
                    SaveState::Failed(m, _) => m,
                    SaveState::Conflict => t.pe_conflict.to_owned(),
                    _ => t.pe_closed_now.to_owned(),
                };
                return fail(t.pe_not_saved_submit.replace("{reason}", &reason));
            }
            match api::proposals::submit(meta.id).await {
                Ok(r) => {
                    session.flash.set(Some(t.pe_submitted_notice.to_owned()));
                    navigate(
                        &format!("/proposals/{}/receipts/{}", meta.id, r.id),
                        NavigateOptions::default(),
                    );
                }
                Err(e) => match e.error.code {
                    ErrorCode::ValidationFailed if !e.error.fields.is_empty() => {
                        busy.set(false);
                        confirm.set(None);
                        errors.show_api(&e);
                    }
                    ErrorCode::ProposalsClosed => {
                        meta.lock();
                        autosave.state.set(SaveState::Closed);
                        fail(t.pe_deadline_passed_submit.to_owned());
                    }
                    ErrorCode::Conflict => {
                        autosave.state.set(SaveState::Conflict);
                        fail(t.pe_conflict.to_owned());
                    }
                    _ => fail(e.error.message),
                },
            }
        });
    };
    let withdraw = move || {
        busy.set(true);
        spawn_local(async move {
            match api::proposals::withdraw(meta.id).await {
                Ok(()) => {
                    busy.set(false);
                    confirm.set(None);
                    notice.set(Some(texts(current_lang()).pe_withdrawn_notice.to_owned()));
                    meta.refresh();
                    focus::focus_id("pe-submit-status");
                }
                Err(e) => {
                    if e.error.code == ErrorCode::ProposalsClosed {
                        meta.lock();
                    }
                    fail(e.error.message);
                }
            }
        });
    };

    let panel = move || {
        let kind = confirm.get()?;
        let t = i18n.t();
        let (title, text, yes, yes_id, class) = match kind {
            Confirm::Submit => (
                t.pe_confirm_submit_title,
                t.pe_confirm_submit_text
                    .replace("{challenge}", &challenge)
                    .replace("{n}", &meta.attachments.with(Vec::len).to_string()),
                t.pe_confirm_submit_yes,
                "pe-confirm-submit",
                "button",
            ),
            Confirm::Withdraw => (
                t.pe_confirm_withdraw_title,
                t.pe_confirm_withdraw_text.to_owned(),
                t.pe_confirm_withdraw_yes,
                "pe-confirm-withdraw",
                "button-danger",
            ),
        };
        let submit = submit.clone();
        let go = move |_| match kind {
            Confirm::Submit => submit(),
            Confirm::Withdraw => withdraw(),
        };
        Some(view! {
            <div id="pe-confirm" class="confirm-panel" role="group" aria-labelledby="pe-confirm-title" tabindex="-1">
                <h3 id="pe-confirm-title">{title}</h3>
                <p>{text}</p>
                <div class="form-actions">
                    <button id=yes_id type="button" class=class disabled=move || busy.get() on:click=go>{yes}</button>
                    <button id="pe-confirm-cancel" type="button" class="button-secondary" on:click=cancel>{tr(|t| t.pe_cancel)}</button>
                </div>
            </div>
        })
    };
    let buttons = move || {
        let submitted = meta.status.get() == ProposalStatus::Submitted;
        let can_submit = meta.can_submit.get();
        view! {
            {can_submit.then(|| view! {
                <button id="pe-submit" type="button" class="button" disabled=move || busy.get() on:click=move |_| ask(Confirm::Submit)>
                    {move || if submitted { i18n.t().pe_resubmit } else { i18n.t().pe_submit }}
                </button>
            })}
            {meta.can_withdraw.get().then(|| view! {
                <button id="pe-withdraw" type="button" class="button-danger" disabled=move || busy.get() on:click=move |_| ask(Confirm::Withdraw)>
                    {tr(|t| t.pe_withdraw)}
                </button>
            })}
            {(!can_submit && meta.can_edit.get()).then(|| view! { <p class="hint">{tr(|t| t.pe_cannot_submit)}</p> })}
        }
    };
    view! {
        <section id="pe-submission" class="my-section" aria-labelledby="pe-submission-title">
            <h2 id="pe-submission-title">{tr(|t| t.pe_submit_title)}</h2>
            <p class="hint">{tr(|t| t.pe_submit_intro)}</p>
            <div id="pe-submit-status" tabindex="-1">
                <Notice message=notice />
                {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
            <div class="form-actions">{buttons}</div>
            {panel}
        </section>
    }
}

/// The proposal's receipts, newest first, each linking to its page.
#[component]
pub fn Receipts(meta: Meta) -> impl IntoView {
    let i18n = use_i18n();
    let html = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        meta.receipts.with(|list| {
            if list.is_empty() {
                return format!(r#"<p class="muted" id="pe-receipts-none">{}</p>"#, t.pe_receipts_none);
            }
            let mut h = String::from(r#"<ul id="pe-receipts" class="item-list">"#);
            for r in list {
                let (class, state) = receipt_state(r, t);
                h += &format!(
                    r#"<li class="item" id="pe-receipt-{rid}"><div class="item-main"><a href="/proposals/{pid}/receipts/{rid}">{}</a> <span class="{class}">{state}</span><p class="q-meta">{} · <code class="digest">{}</code></p></div></li>"#,
                    t.pe_receipt_version.replace("{n}", &r.version.to_string()),
                    esc(&time::format_helsinki(r.received_at, lang, false, t)),
                    esc(&r.digest),
                    rid = r.id,
                    pid = r.proposal_id,
                );
            }
            h + "</ul>"
        })
    };
    view! {
        <section id="pe-receipts-section" class="my-section" aria-labelledby="pe-receipts-title">
            <h2 id="pe-receipts-title">{tr(|t| t.pe_receipts_title)}</h2>
            <div inner_html=html></div>
        </section>
    }
}
