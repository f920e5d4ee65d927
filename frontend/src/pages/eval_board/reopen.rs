//! Reopening one evaluator's submitted sheet from the board: a disclosure per submitted
//! evaluation with the required reason (`textarea#eb-r-<id>-<user>-reason`;
//! `POST /proposals/{id}/scoresheets/{user_id}/reopen`). The reason is logged and shown to the
//! evaluator. The page's status line (`#eb-status`) reports, since the sheet leaves the list of
//! submitted ones.

use leptos::prelude::*;

use super::BoardCtx;
use super::forms::same;
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, TextField};
use crate::i18n::{tr, use_i18n};

/// Reopening one evaluator's submitted sheet (`details` with `textarea#eb-r-<id>-<user>-reason`).
#[component]
pub fn ReopenForm(
    ctx: BoardCtx,
    pid: i64,
    user_id: i64,
    #[prop(into)] name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let base = format!("eb-r-{pid}-{user_id}-");
    let errors = FormErrors::new("errors", same).with_prefix(base.clone());
    // The sheet leaves the list once reopened: the page's own status line reports.
    let status = ctx.status;
    let save = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let req = kehto_shared::evaluation::ReopenRequest {
                reason: reason.get_untracked(),
            };
            if let Err(fields) = req.validate() {
                return errors.show_fields(fields);
            }
            let action =
                Box::pin(
                    async move { api::scoring::reopen_scoresheet(pid, user_id, req.reason).await },
                );
            status.run(
                ctx,
                action,
                |t| t.eb_reopened,
                Some(errors),
                "eb-status".to_owned(),
            );
        }
    };
    let summary_name = name.clone();
    view! {
        <details class="reopen">
            <summary>{move || i18n.t().eb_reopen_summary.replace("{name}", &summary_name)}</summary>
            <ErrorSummary errors=errors level=5 />
            <form class="inline-form measured" novalidate on:submit=save>
                <TextField
                    id=errors.id_for("reason")
                    field="reason"
                    label=|t| t.eb_reopen_reason
                    hint=|t| t.eb_reopen_hint
                    value=reason
                    errors=errors
                    rows=2
                />
                <button type="submit" class="button-secondary" disabled=move || status.busy.get()>
                    {tr(|t| t.eb_reopen)}
                </button>
            </form>
        </details>
    }
}
