//! The coordinator's forms on one proposal of the board: the consensus (the scoresheet form,
//! prefilled from the panel's rounded means, the rationale required; `PUT …/consensus`), the
//! decision (selected / not selected / continues to the next round with written reasons;
//! `PUT …/decision`).
//!
//! What is typed lives in [`ProposalForms`], kept by the page per round and proposal under the
//! page's owner, so that loading the board again after any change keeps it. Ids:
//! `eb-c-<id>-…` (consensus, as in [`crate::pages::scoring::form`]), `eb-d-<id>-outcome` and
//! `eb-d-<id>-reasons` (decision); each form reports in its own status line
//! (`#eb-c-<id>-status`, `#eb-d-<id>-status`, see [`super::status`]).

use kehto_shared::FieldError;
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{
    AdmissionCheck, BoardProposal, CriteriaSet, CriterionScore, DecisionOutcome, DecisionSave,
    Scoresheet,
};
use leptos::prelude::*;

use super::BoardCtx;
use super::status::Outcome;
use crate::api;
use crate::components::form::{ErrorSummary, FieldMessage, FormErrors, TextField};
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::scoring::draft::{SheetDraft, field_id, unwrap_sheet};
use crate::pages::scoring::form::{LiveTotal, SheetForm};

/// The words of a decision.
pub fn outcome_label(o: DecisionOutcome, t: &Texts) -> &'static str {
    match o {
        DecisionOutcome::Selected => t.eb_outcome_selected,
        DecisionOutcome::NotSelected => t.eb_outcome_not_selected,
        DecisionOutcome::NextRound => t.eb_outcome_next_round,
    }
}

/// The consensus a coordinator starts from: the recorded one, else per criterion the panel's
/// mean rounded half up, and each requirement as the evaluators answered it if they agree.
pub fn prefill(p: &BoardProposal, set: &CriteriaSet) -> Scoresheet {
    if let Some(c) = &p.consensus {
        return c.sheet.aligned(set);
    }
    let sheets: Vec<&Scoresheet> = p
        .evaluations
        .iter()
        .filter_map(|e| e.submitted.as_ref().map(|s| &s.sheet))
        .collect();
    let scores = set
        .criteria
        .iter()
        .map(|c| {
            let score = p.statistics.iter().find(|s| s.key == c.key).map(|s| {
                let n = u64::from(s.n.max(1));
                let rounded = (2 * u64::from(s.sum) + n) / (2 * n);
                c.scale.clamp(u8::try_from(rounded).unwrap_or(u8::MAX))
            });
            CriterionScore {
                key: c.key.clone(),
                score,
                justification: String::new(),
            }
        })
        .collect();
    let checks = set
        .requirements
        .iter()
        .map(|r| {
            let answers: Vec<Option<bool>> = sheets
                .iter()
                .map(|s| {
                    s.checks
                        .iter()
                        .find(|x| x.key == r.key)
                        .and_then(|x| x.passed)
                })
                .collect();
            let agreed = match answers.first() {
                Some(first) if answers.iter().all(|a| a == first) => *first,
                _ => None,
            };
            AdmissionCheck {
                key: r.key.clone(),
                passed: agreed,
                note: String::new(),
            }
        })
        .collect();
    Scoresheet { scores, checks }
}

/// What is typed into one proposal's forms.
#[derive(Clone, Copy)]
pub struct ProposalForms {
    pub consensus: SheetDraft,
    pub c_errors: FormErrors,
    pub c_status: Outcome,
    pub outcome: RwSignal<Option<DecisionOutcome>>,
    pub reasons: RwSignal<String>,
    pub d_errors: FormErrors,
    pub d_status: Outcome,
}

/// Field paths are the controls' ids (after the form's prefix).
pub fn same(field: &str) -> String {
    field.to_owned()
}

impl ProposalForms {
    pub fn new(p: &BoardProposal, set: &CriteriaSet) -> Self {
        let pid = p.proposal_id;
        ProposalForms {
            consensus: SheetDraft::new(&prefill(p, set), set),
            c_errors: FormErrors::new("errors", field_id).with_prefix(format!("eb-c-{pid}-")),
            c_status: Outcome::new(),
            outcome: RwSignal::new(p.decision.as_ref().map(|d| d.outcome)),
            reasons: RwSignal::new(
                p.decision
                    .as_ref()
                    .map(|d| d.reasons.clone())
                    .unwrap_or_default(),
            ),
            d_errors: FormErrors::new("errors", same).with_prefix(format!("eb-d-{pid}-")),
            d_status: Outcome::new(),
        }
    }
}

/// The consensus form of one proposal (`form#eb-c-<id>-form`).
#[component]
pub fn ConsensusForm(
    ctx: BoardCtx,
    pid: i64,
    forms: ProposalForms,
    panel: Vec<Option<String>>,
) -> impl IntoView {
    let draft = forms.consensus;
    let errors = forms.c_errors;
    let status = forms.c_status;
    let status_id = format!("eb-c-{pid}-status");
    let save = {
        let status_id = status_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let sheet = draft.to_sheet();
            if let Err(fields) = draft.set.with_value(|set| sheet.validate_for_submit(set)) {
                return errors.show_fields(fields);
            }
            let action = Box::pin(async move {
                api::scoring::save_consensus(pid, sheet)
                    .await
                    .map_err(|e| unwrap_sheet(&e))
            });
            status.run(
                ctx,
                action,
                |t| t.eb_consensus_saved,
                Some(errors),
                status_id.clone(),
            );
        }
    };
    view! {
        {status.view(status_id)}
        <ErrorSummary errors=errors level=5 />
        <form id=format!("eb-c-{pid}-form") class="editor sheet-form consensus-form" novalidate on:submit=save>
            <SheetForm draft=draft errors=errors consensus=true panel=panel level=4 />
            <LiveTotal draft=draft id=format!("eb-c-{pid}-total") />
            <div class="form-actions">
                <button type="submit" class="button" id=format!("eb-c-{pid}-save") disabled=move || status.busy.get()>
                    {tr(|t| t.eb_consensus_save)}
                </button>
            </div>
        </form>
    }
}

/// The decision form of one proposal (`form#eb-d-<id>-form`).
#[component]
pub fn DecisionForm(ctx: BoardCtx, pid: i64, forms: ProposalForms) -> impl IntoView {
    let errors = forms.d_errors;
    let status = forms.d_status;
    let status_id = format!("eb-d-{pid}-status");
    let group_id = errors.id_for("outcome");
    let save = {
        let status_id = status_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let reasons = forms.reasons.get_untracked();
            let mut problems = Vec::new();
            let outcome = forms.outcome.get_untracked();
            if outcome.is_none() {
                problems.push(FieldError::new("outcome", FieldCode::Required));
            }
            let req = DecisionSave {
                outcome: outcome.unwrap_or(DecisionOutcome::NotSelected),
                reasons,
            };
            if let Err(more) = req.validate() {
                problems.extend(more);
            }
            if !problems.is_empty() {
                return errors.show_fields(problems);
            }
            let action = Box::pin(async move { api::scoring::save_decision(pid, &req).await });
            status.run(
                ctx,
                action,
                |t| t.eb_decision_saved,
                Some(errors),
                status_id.clone(),
            );
        }
    };
    let radios = DecisionOutcome::ALL
        .into_iter()
        .map(|o| {
            let id = format!("{group_id}-{}", o.code());
            let label_o = o;
            let i18n = use_i18n();
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=id.clone()
                        name=group_id.clone()
                        value=o.code()
                        prop:checked=move || forms.outcome.get() == Some(o)
                        on:change=move |_| forms.outcome.set(Some(o))
                    />
                    <label for=id>{move || outcome_label(label_o, i18n.t())}</label>
                </div>
            }
        })
        .collect_view();
    let has_error = Signal::derive(move || errors.has("outcome"));
    let described = {
        let id = group_id.clone();
        move || has_error.get().then(|| format!("{id}-error"))
    };
    view! {
        {status.view(status_id)}
        <ErrorSummary errors=errors level=5 />
        <form id=format!("eb-d-{pid}-form") class="editor decision-form" novalidate on:submit=save>
            <fieldset id=group_id.clone() class:field-invalid=move || has_error.get() aria-describedby=described>
                <legend>{tr(|t| t.eb_decision_legend)}</legend>
                <FieldMessage id=group_id.clone() field="outcome" errors=errors />
                <div class="radio-row">{radios}</div>
            </fieldset>
            <TextField
                id=errors.id_for("reasons")
                field="reasons"
                label=|t| t.eb_decision_reasons
                hint=|t| t.eb_decision_reasons_hint
                value=forms.reasons
                errors=errors
                rows=5
            />
            <div class="form-actions">
                <button type="submit" class="button" id=format!("eb-d-{pid}-save") disabled=move || status.busy.get()>
                    {tr(|t| t.eb_decision_save)}
                </button>
            </div>
        </form>
    }
}
