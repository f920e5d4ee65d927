//! The controls of one item of the criteria editor ([`super::criteria`]): a criterion
//! ([`CriterionFields`]: name, key, description, weight, scale and a description per level, move
//! and remove) and an admission requirement ([`RequirementFields`]). Ids and field names follow
//! the server's error paths (see [`super::criteria_text::field_id`]), so its 422 lands beside the
//! right control.

use leptos::prelude::*;

use super::criteria_draft::{CriteriaDraft, CriterionDraft, RequirementDraft};
use super::loc_fields::LocFields;
use crate::components::form::{FieldMessage, FormErrors, SelectField, TextField};
use crate::i18n::{tr, use_i18n};

/// The `<select>` options of a scale's end: `from..=to`.
fn score_options(from: u8, to: u8) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        (from..=to)
            .map(|n| (n.to_string(), n.to_string()))
            .collect()
    })
}

/// One criterion: `fieldset#ec-c-<i>`. `on_move` gets the place and whether up; `on_remove`
/// the place.
#[component]
pub fn CriterionFields(
    i: usize,
    count: usize,
    c: CriterionDraft,
    draft: CriteriaDraft,
    errors: FormErrors,
    on_move: Callback<(usize, bool)>,
    on_remove: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = format!("ec-c-{i}");
    let f = format!("criteria_set.criteria[{i}]");
    let n = (i + 1).to_string();
    let number = {
        let n = n.clone();
        Signal::derive(move || i18n.t().ec_criterion_n.replace("{n}", &n))
    };
    let legend = move || {
        let name = c.name.shown(i18n.lang());
        if name.is_empty() {
            number.get()
        } else {
            format!("{}: {name}", number.get())
        }
    };
    let suggest = Callback::new(move |()| {
        let keys = draft.criteria.with_untracked(|l| {
            l.iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| o.key.get_untracked())
                .collect()
        });
        CriteriaDraft::suggest_key(c.key, &c.name, keys);
    });
    let levels = {
        let p = p.clone();
        let f = f.clone();
        move || {
            let (min, max) = c.range();
            (min..=max.min(10))
                .enumerate()
                .map(|(j, score)| {
                    let legend = Signal::derive(move || {
                        i18n.t().ec_level_n.replace("{n}", &score.to_string())
                    });
                    view! {
                        <LocFields
                            id=format!("{p}-lv-{j}-description")
                            field=format!("{f}.scale.levels[{j}].description")
                            legend=legend
                            text=c.levels[usize::from(score)]
                            draft=draft
                            errors=errors
                            rows=2
                        />
                    }
                })
                .collect_view()
        }
    };
    let levels_id = format!("{p}-levels");
    let levels_field = format!("{f}.scale.levels");
    let levels_invalid = {
        let field = levels_field.clone();
        move || errors.has(&field)
    };
    let hidden = move || view! { <span class="visually-hidden">": "{number}</span> };
    view! {
        <fieldset class="translation criterion" id=p.clone() data-context="criterion">
            <legend>{legend}</legend>
            <LocFields
                id=format!("{p}-name")
                field=format!("{f}.name")
                legend=Signal::derive(move || i18n.t().ec_name.to_owned())
                text=c.name
                draft=draft
                errors=errors
                on_change=suggest
            />
            <TextField id=format!("{p}-key") field=format!("{f}.key") label=|t| t.ec_key hint=|t| t.ec_key_hint value=c.key errors=errors autocomplete="off" />
            <LocFields
                id=format!("{p}-description")
                field=format!("{f}.description")
                legend=Signal::derive(move || i18n.t().description.to_owned())
                text=c.description
                draft=draft
                errors=errors
                rows=3
            />
            <TextField
                id=format!("{p}-weight")
                field=format!("{f}.weight_bp")
                label=|t| t.ec_weight
                hint=|t| t.ec_weight_hint
                value=c.weight
                errors=errors
                inputmode="decimal"
                autocomplete="off"
                class="short-field"
            />
            <div class="field-row">
                <SelectField id=format!("{p}-min") field=format!("{f}.scale.min") label=|t| t.ec_scale_min value=c.min errors=errors options=score_options(0, 9) />
                <SelectField id=format!("{p}-max") field=format!("{f}.scale.max") label=|t| t.ec_scale_max value=c.max errors=errors options=score_options(1, 10) />
            </div>
            <fieldset id=levels_id.clone() class="field" class:field-invalid=levels_invalid>
                <legend>{tr(|t| t.ec_levels)}</legend>
                <p class="hint">{tr(|t| t.ec_levels_hint)}</p>
                <FieldMessage id=levels_id.clone() field=levels_field errors=errors />
                {levels}
            </fieldset>
            <div class="actions">
                {(i > 0).then(|| view! {
                    <button id=format!("{p}-up") type="button" class="button-secondary small" on:click=move |_| on_move.run((i, true))>
                        {tr(|t| t.ec_move_up)}{hidden()}
                    </button>
                })}
                {(i + 1 < count).then(|| view! {
                    <button id=format!("{p}-down") type="button" class="button-secondary small" on:click=move |_| on_move.run((i, false))>
                        {tr(|t| t.ec_move_down)}{hidden()}
                    </button>
                })}
                <button id=format!("{p}-remove") type="button" class="button-secondary small" on:click=move |_| on_remove.run(i)>
                    {move || i18n.t().ec_remove_criterion.replace("{n}", &n)}
                </button>
            </div>
        </fieldset>
    }
}

/// One pass/fail requirement: `fieldset#ec-r-<i>`.
#[component]
pub fn RequirementFields(
    i: usize,
    r: RequirementDraft,
    draft: CriteriaDraft,
    errors: FormErrors,
    on_remove: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = format!("ec-r-{i}");
    let f = format!("criteria_set.requirements[{i}]");
    let n = (i + 1).to_string();
    let legend = {
        let n = n.clone();
        move || {
            let number = i18n.t().ec_requirement_n.replace("{n}", &n);
            match r.name.shown(i18n.lang()) {
                name if name.is_empty() => number,
                name => format!("{number}: {name}"),
            }
        }
    };
    let suggest = Callback::new(move |()| {
        let keys = draft.requirements.with_untracked(|l| {
            l.iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| o.key.get_untracked())
                .collect()
        });
        CriteriaDraft::suggest_key(r.key, &r.name, keys);
    });
    view! {
        <fieldset class="translation requirement" id=p.clone() data-context="requirement">
            <legend>{legend}</legend>
            <LocFields
                id=format!("{p}-name")
                field=format!("{f}.name")
                legend=Signal::derive(move || i18n.t().ec_name.to_owned())
                text=r.name
                draft=draft
                errors=errors
                on_change=suggest
            />
            <TextField id=format!("{p}-key") field=format!("{f}.key") label=|t| t.ec_key hint=|t| t.ec_key_hint value=r.key errors=errors autocomplete="off" />
            <LocFields
                id=format!("{p}-description")
                field=format!("{f}.description")
                legend=Signal::derive(move || i18n.t().description.to_owned())
                text=r.description
                draft=draft
                errors=errors
                rows=2
                optional=true
            />
            <button id=format!("{p}-remove") type="button" class="button-secondary small" on:click=move |_| on_remove.run(i)>
                {move || i18n.t().ec_remove_requirement.replace("{n}", &n)}
            </button>
        </fieldset>
    }
}
