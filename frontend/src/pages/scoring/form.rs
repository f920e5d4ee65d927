//! The form of a scoresheet, used by an evaluator's scoring page and by the coordinator's
//! consensus (the same shape: a score and a written justification, or rationale, per criterion,
//! and an answer to every admission requirement).
//!
//! Per criterion a `fieldset[data-context]` whose legend names it with its weight, holding the
//! scale as radio buttons (`fieldset#<p>score-<i>`, each level's description beside its number),
//! the required justification (`textarea#<p>just-<i>`) and, beside them, the criterion's
//! description. Per requirement a fieldset of pass / fail / undecided radios
//! (`fieldset#<p>check-<i>`) and a note (`textarea#<p>note-<i>`), required when failed. `<p>` is
//! the form's prefix ([`FormErrors::with_prefix`]); the ids follow the API's field paths
//! (`scores[2].score`, also with the request's `sheet.` in front), see [`super::draft::field_id`].

use leptos::prelude::*;

use super::draft::{CheckRow, ScoreRow, SheetDraft, criterion_heading, written};
use crate::components::form::{FieldMessage, FormErrors, TextField, described_by};
use crate::i18n::{Texts, tr, use_i18n};

type Word = fn(&Texts) -> &'static str;

/// The live total (`#<p>total`, polite): "54,75 / 100" once every criterion is scored.
#[component]
pub fn LiveTotal(draft: SheetDraft, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="live-total" id=id role="status" aria-live="polite">
            <span class="label">{tr(|t| t.sc_total_label)}": "</span>
            {move || match draft.total() {
                Some(total) => i18n.t().sc_total_value.replace("{total}", &total.format(i18n.lang())),
                None => i18n.t().sc_total_incomplete.to_owned(),
            }}
        </p>
    }
}

/// The criteria and requirements as form controls. `consensus` words the justification as the
/// panel's rationale; `panel` is a hint per criterion (the evaluators' statistics).
#[component]
pub fn SheetForm(
    draft: SheetDraft,
    errors: FormErrors,
    #[prop(optional)] consensus: bool,
    #[prop(optional)] panel: Vec<Option<String>>,
    /// The level of the heading the form sits under (the requirements' heading is one below).
    #[prop(default = 2)]
    level: u8,
) -> impl IntoView {
    let rows = draft.scores.get_value();
    let checks = draft.checks.get_value();
    let criteria = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let hint = panel.get(i).cloned().flatten();
            view! { <CriterionField draft=draft i=i row=row errors=errors consensus=consensus hint=hint /> }
        })
        .collect_view();
    let requirements = (!checks.is_empty()).then(|| {
        let list = checks
            .into_iter()
            .enumerate()
            .map(|(i, row)| view! { <RequirementField draft=draft i=i row=row errors=errors /> })
            .collect_view();
        let title = tr(|t| t.sc_requirements_title);
        view! {
            <div class="sheet-requirements">
                {match level {
                    2 => view! { <h3 class="small-heading">{title}</h3> }.into_any(),
                    3 => view! { <h4 class="small-heading">{title}</h4> }.into_any(),
                    _ => view! { <h5 class="small-heading">{title}</h5> }.into_any(),
                }}
                <p class="hint">{tr(|t| t.sc_requirements_intro)}</p>
                {list}
            </div>
        }
    });
    view! {
        <div class="sheet-criteria">{criteria}</div>
        {requirements}
    }
}

#[component]
fn CriterionField(
    draft: SheetDraft,
    i: usize,
    row: ScoreRow,
    errors: FormErrors,
    consensus: bool,
    hint: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set = draft.set.get_value();
    let c = set.criteria[i].clone();
    let score_field = format!("scores[{i}].score");
    let group_id = errors.id_for(&score_field);
    let desc_id = format!("{group_id}-desc");
    let has_error = {
        let f = score_field.clone();
        Signal::derive(move || errors.has(&f))
    };
    let described = {
        let id = group_id.clone();
        let desc = desc_id.clone();
        move || {
            let own = described_by(&id, false, has_error.get());
            Some(match own {
                Some(e) => format!("{desc} {e}"),
                None => desc.clone(),
            })
        }
    };
    let (min, max) = (c.scale.min, c.scale.max);
    let levels = (min..=max)
        .map(|s| {
            let radio_id = format!("{group_id}-{s}");
            let description = c.scale.level(s).map(|l| l.description.clone());
            view! {
                <div class="radio scale-level">
                    <input
                        type="radio"
                        id=radio_id.clone()
                        name=group_id.clone()
                        value=s
                        prop:checked=move || row.score.get() == Some(s)
                        on:change=move |_| row.score.set(Some(s))
                    />
                    <label for=radio_id>
                        <strong class="level-score">{s}</strong>
                        {description.map(|d| view! {
                            " "
                            {move || {
                                let (text, lang) = written(&d, i18n.lang());
                                view! { <span class="level-text" lang=lang>{text}</span> }
                            }}
                        })}
                    </label>
                </div>
            }
        })
        .collect_view();
    let legend_set = set.clone();
    let description = c.description.clone();
    let justification: Word = if consensus {
        |t| t.sc_rationale
    } else {
        |t| t.sc_justification
    };
    let justification_hint: Word = if consensus {
        |t| t.sc_rationale_hint
    } else {
        |t| t.sc_justification_hint
    };
    view! {
        <fieldset class="sheet-criterion" id=format!("{group_id}-criterion") data-context="">
            <legend>{move || criterion_heading(&legend_set, i, i18n.lang(), i18n.t())}</legend>
            <div class="criterion-grid">
                <div class="criterion-controls">
                    {hint.map(|h| view! { <p class="panel-hint">{h}</p> })}
                    <fieldset
                        class="scale"
                        id=group_id.clone()
                        class:field-invalid=move || has_error.get()
                        aria-describedby=described
                    >
                        <legend>
                            {move || i18n.t().sc_score_legend.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())}
                        </legend>
                        <FieldMessage id=group_id.clone() field=score_field errors=errors />
                        {levels}
                    </fieldset>
                    <TextField
                        id=errors.id_for(&format!("scores[{i}].justification"))
                        field=format!("scores[{i}].justification")
                        label=justification
                        hint=justification_hint
                        value=row.justification
                        errors=errors
                        rows=5
                    />
                </div>
                <div class="criterion-help" id=desc_id>
                    <p class="label">{tr(|t| t.sc_criterion_description)}</p>
                    {move || {
                        let (text, lang) = written(&description, i18n.lang());
                        view! { <p class="pre-line" lang=lang>{text}</p> }
                    }}
                </div>
            </div>
        </fieldset>
    }
}

#[component]
fn RequirementField(
    draft: SheetDraft,
    i: usize,
    row: CheckRow,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let set = draft.set.get_value();
    let r = set.requirements[i].clone();
    let field = format!("checks[{i}].passed");
    let group_id = errors.id_for(&field);
    let note_field = format!("checks[{i}].note");
    let note_id = errors.id_for(&note_field);
    let has_error = {
        let f = field.clone();
        Signal::derive(move || errors.has(&f))
    };
    let desc_id = format!("{group_id}-desc");
    let has_desc = !r.description.is_blank();
    let described = {
        let id = group_id.clone();
        let desc = desc_id.clone();
        move || {
            let mut ids: Vec<String> = has_desc.then(|| desc.clone()).into_iter().collect();
            ids.extend(described_by(&id, false, has_error.get()));
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let choices: [(Option<bool>, &str, Word); 3] = [
        (Some(true), "pass", |t| t.sc_check_passed),
        (Some(false), "fail", |t| t.sc_check_failed),
        (None, "open", |t| t.sc_check_undecided),
    ];
    let radios = choices
        .into_iter()
        .map(|(value, suffix, label)| {
            let radio_id = format!("{group_id}-{suffix}");
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=radio_id.clone()
                        name=group_id.clone()
                        value=suffix
                        prop:checked=move || row.passed.get() == value
                        on:change=move |_| row.passed.set(value)
                    />
                    <label for=radio_id>{tr(label)}</label>
                </div>
            }
        })
        .collect_view();
    let name = r.name.clone();
    let description = r.description.clone();
    let note = move || {
        let failed = row.passed.get() == Some(false);
        let (label, hint): (Word, Word) = if failed {
            (|t| t.sc_note_required, |t| t.sc_note_required_hint)
        } else {
            (|t| t.sc_note, |t| t.sc_note_hint)
        };
        view! {
            <TextField
                id=note_id.clone()
                field=note_field.clone()
                label=label
                hint=hint
                value=row.note
                errors=errors
                rows=2
                optional=!failed
            />
        }
    };
    view! {
        <fieldset
            class="sheet-requirement"
            id=group_id.clone()
            data-context=""
            class:field-invalid=move || has_error.get()
            aria-describedby=described
        >
            <legend>
                {move || {
                    let (text, lang) = written(&name, i18n.lang());
                    view! { <span lang=lang>{text}</span> }
                }}
            </legend>
            {has_desc.then(|| view! {
                <p class="hint pre-line" id=desc_id.clone()>
                    {move || {
                        let (text, lang) = written(&description, i18n.lang());
                        view! { <span lang=lang>{text}</span> }
                    }}
                </p>
            })}
            <FieldMessage id=group_id.clone() field=field.clone() errors=errors />
            <div class="radio-row">{radios}</div>
            {note}
        </fieldset>
    }
}
