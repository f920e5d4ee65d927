//! Submitting an evaluator's sheet (`section#sc-submission`): the shared submission rules are
//! checked first (the error summary lists what is missing), then a confirmation that says the
//! scores will be locked (`#sc-confirm`, with `#sc-confirm-submit` and `#sc-confirm-cancel`),
//! then `POST /proposals/{id}/scoresheet/submit` with the sheet as typed. A 422 lands beside the
//! fields; a 409 (`scores_locked`, `round_published`) locks the form and says why in
//! `#sc-submit-status`.

use kehto_shared::ErrorCode;
use kehto_shared::evaluation::MyScoring;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::draft::{SheetDraft, unwrap_sheet};
use super::saver::SheetSaver;
use crate::api;
use crate::components::form::FormErrors;
use crate::focus;
use crate::i18n::tr;

#[component]
pub fn SubmitSheet(
    proposal_id: i64,
    draft: SheetDraft,
    saver: SheetSaver,
    errors: FormErrors,
    on_submitted: Callback<MyScoring>,
) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let fail = move |text: String| {
        busy.set(false);
        confirm.set(false);
        failure.set(Some(text));
        focus::focus_id("sc-submit-status");
    };
    let ask = move |_| {
        failure.set(None);
        let sheet = draft.to_sheet();
        if let Err(fields) = draft.set.with_value(|set| sheet.validate_for_submit(set)) {
            return errors.show_fields(fields);
        }
        errors.clear();
        confirm.set(true);
        focus::focus_id("sc-confirm");
    };
    let cancel = move |_| {
        confirm.set(false);
        focus::focus_id("sc-submit");
    };
    let submit = move |_| {
        busy.set(true);
        spawn_local(async move {
            saver.hold().await;
            let sheet = draft.to_sheet();
            match api::scoring::submit_scoresheet(proposal_id, sheet).await {
                Ok(v) => {
                    saver.lock();
                    on_submitted.run(v);
                }
                Err(e) => match e.error.code {
                    ErrorCode::ValidationFailed if !e.error.fields.is_empty() => {
                        busy.set(false);
                        confirm.set(false);
                        errors.show_api(&unwrap_sheet(&e));
                        saver.resume();
                    }
                    ErrorCode::ScoresLocked | ErrorCode::RoundPublished => {
                        saver.lock();
                        fail(e.error.message);
                    }
                    _ => {
                        saver.resume();
                        fail(e.error.message);
                    }
                },
            }
        });
    };
    let panel = move || {
        confirm.get().then(|| {
            view! {
                <div id="sc-confirm" class="confirm-panel" role="group" aria-labelledby="sc-confirm-title" tabindex="-1">
                    <h3 id="sc-confirm-title">{tr(|t| t.sc_confirm_title)}</h3>
                    <p>{tr(|t| t.sc_confirm_text)}</p>
                    <div class="form-actions">
                        <button id="sc-confirm-submit" type="button" class="button" disabled=move || busy.get() on:click=submit>
                            {tr(|t| t.sc_confirm_yes)}
                        </button>
                        <button id="sc-confirm-cancel" type="button" class="button-secondary" on:click=cancel>
                            {tr(|t| t.pe_cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <section id="sc-submission" class="my-section" aria-labelledby="sc-submission-title">
            <h2 id="sc-submission-title">{tr(|t| t.sc_submit_title)}</h2>
            <p class="hint">{tr(|t| t.sc_submit_intro)}</p>
            <div id="sc-submit-status" tabindex="-1">
                {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
            <div class="form-actions">
                <button
                    id="sc-submit"
                    type="button"
                    class="button"
                    disabled=move || busy.get() || saver.locked()
                    on:click=ask
                >
                    {tr(|t| t.sc_submit)}
                </button>
            </div>
            {panel}
        </section>
    }
}
