//! The repeatable parts of the criteria editor ([`super::criteria`]): the list of criteria
//! (`#ec-criteria`: add `#ec-add-criterion`, move, remove), the live sum of their weights
//! (`output#ec-total` with the verdict in a polite live region `#ec-total-state`) and the list of
//! admission requirements (`#ec-requirements`, add `#ec-add-requirement`). A change of place
//! renumbers the server's error paths, so it clears the error summary; focus stays on the moved
//! item's button or goes to the add button after a removal, and the live region says what
//! happened.

use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{CRITERIA_MAX, REQUIREMENTS_MAX, WEIGHT_TOTAL_BP};
use leptos::prelude::*;

use super::criteria_draft::{CriteriaDraft, CriterionDraft, RequirementDraft};
use super::criteria_form::{CriterionFields, RequirementFields};
use super::criteria_text::percent_text;
use crate::components::form::{FieldMessage, FormErrors};
use crate::focus;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn CriteriaList(
    draft: CriteriaDraft,
    errors: FormErrors,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let remove = Callback::new(move |i: usize| {
        draft.criteria.update(|l| {
            if i < l.len() {
                l.remove(i);
            }
        });
        errors.clear();
        notice.set(Some(i18n.t_untracked().ec_removed.to_owned()));
        focus::focus_id("ec-add-criterion");
    });
    let moved = Callback::new(move |(i, up): (usize, bool)| {
        let len = draft.criteria.with_untracked(Vec::len);
        let Some(j) = (if up { i.checked_sub(1) } else { Some(i + 1) }).filter(|j| *j < len) else {
            return;
        };
        draft.criteria.update(|l| l.swap(i, j));
        errors.clear();
        let n = (j + 1).to_string();
        notice.set(Some(i18n.t_untracked().ec_moved.replace("{n}", &n)));
        // The same button, unless the item reached the end where it has none.
        let button = match (up, j) {
            (true, 0) => "down",
            (true, _) => "up",
            (false, j) if j + 1 == len => "up",
            (false, _) => "down",
        };
        focus::focus_id(&format!("ec-c-{j}-{button}"));
    });
    let add = move |_| {
        let n = draft.criteria.with_untracked(Vec::len);
        if n < CRITERIA_MAX {
            let lang = i18n.lang_untracked();
            draft
                .criteria
                .update(|l| l.push(CriterionDraft::new(0, lang)));
            focus::focus_id(&format!("ec-c-{n}-name-{}", draft.first_shown().code()));
        }
    };
    view! {
        <section class="form-section" aria-labelledby="ec-criteria-title">
            <h2 id="ec-criteria-title">{tr(|t| t.ec_criteria_title)}</h2>
            <p class="hint">{tr(|t| t.ec_criteria_hint)}</p>
            <div id="ec-criteria">
                {move || {
                    let list = draft.criteria.get();
                    let count = list.len();
                    list.into_iter()
                        .enumerate()
                        .map(|(i, c)| view! {
                            <CriterionFields i=i count=count c=c draft=draft errors=errors on_move=moved on_remove=remove />
                        })
                        .collect_view()
                }}
            </div>
            {move || {
                if draft.criteria.with(Vec::len) < CRITERIA_MAX {
                    view! {
                        <button id="ec-add-criterion" type="button" class="button-secondary" on:click=add>
                            {tr(|t| t.ec_add_criterion)}
                        </button>
                    }
                    .into_any()
                } else {
                    view! { <p class="hint" id="ec-add-criterion" tabindex="-1">{tr(|t| t.ec_criteria_full)}</p> }.into_any()
                }
            }}
        </section>
    }
}

/// The sum of the weights as typed, and whether it is the required 100 %.
#[component]
pub fn WeightTotal(draft: CriteriaDraft, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let sum = Memo::new(move |_| draft.weight_sum());
    let exact = move || sum.get() == u64::from(WEIGHT_TOTAL_BP);
    let shown = move || {
        let bp = u32::try_from(sum.get()).unwrap_or(u32::MAX);
        format!("{} %", percent_text(bp, i18n.lang()))
    };
    let verdict = move || {
        if exact() {
            i18n.t().ec_total_ok.to_owned()
        } else {
            let bp = i64::try_from(sum.get()).unwrap_or(i64::MAX);
            FieldCode::WeightsSum.message(i18n.lang(), Some(bp))
        }
    };
    let field = "criteria_set.criteria";
    view! {
        <div class="field weight-total" class:field-invalid=move || errors.has(field)>
            <label for="ec-total">{tr(|t| t.ec_total)}</label>
            <FieldMessage id="ec-total" field=field errors=errors />
            <output id="ec-total" class="count-value" tabindex="-1" aria-live="off" aria-describedby="ec-total-state">
                {shown}
            </output>
            <p id="ec-total-state" aria-live="polite" class=move || if exact() { "success" } else { "not-saved" }>
                {verdict}
            </p>
        </div>
    }
}

#[component]
pub fn RequirementsList(
    draft: CriteriaDraft,
    errors: FormErrors,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let remove = Callback::new(move |i: usize| {
        draft.requirements.update(|l| {
            if i < l.len() {
                l.remove(i);
            }
        });
        errors.clear();
        notice.set(Some(i18n.t_untracked().ec_requirement_removed.to_owned()));
        focus::focus_id("ec-add-requirement");
    });
    let add = move |_| {
        let n = draft.requirements.with_untracked(Vec::len);
        if n < REQUIREMENTS_MAX {
            draft
                .requirements
                .update(|l| l.push(RequirementDraft::new()));
            focus::focus_id(&format!("ec-r-{n}-name-{}", draft.first_shown().code()));
        }
    };
    view! {
        <section class="form-section" aria-labelledby="ec-requirements-title">
            <h2 id="ec-requirements-title">{tr(|t| t.ec_requirements_title)}</h2>
            <p class="hint">{tr(|t| t.ec_requirements_hint)}</p>
            <div id="ec-requirements">
                {move || {
                    let list = draft.requirements.get();
                    if list.is_empty() {
                        return view! { <p class="muted" id="ec-requirements-none">{tr(|t| t.ec_requirements_none)}</p> }.into_any();
                    }
                    list.into_iter()
                        .enumerate()
                        .map(|(i, r)| view! { <RequirementFields i=i r=r draft=draft errors=errors on_remove=remove /> })
                        .collect_view()
                        .into_any()
                }}
            </div>
            {move || {
                if draft.requirements.with(Vec::len) < REQUIREMENTS_MAX {
                    view! {
                        <button id="ec-add-requirement" type="button" class="button-secondary" on:click=add>
                            {tr(|t| t.ec_add_requirement)}
                        </button>
                    }
                    .into_any()
                } else {
                    view! { <p class="hint" id="ec-add-requirement" tabindex="-1">{tr(|t| t.ec_requirements_full)}</p> }.into_any()
                }
            }}
        </section>
    }
}
