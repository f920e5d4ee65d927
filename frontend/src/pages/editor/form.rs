//! The challenge editor's form: every field of `ChallengeInput`, grouped in fieldsets.

use kehto_shared::Lang;
use kehto_shared::challenge::{CooperationModel, Theme};
use kehto_shared::org::OrgRef;
use leptos::prelude::*;

use super::description::{DESCRIPTION_TABS, MarkdownEditor};
use super::draft::Draft;
use super::terms::TermsSection;
use super::translations::Translations;
use crate::components::form::{FieldMessage, FormErrors, SelectField, TextField, described_by};
use crate::i18n::{Texts, endonym, tr, use_i18n};

/// A fieldset of checkboxes, each `name=<name> value=<value>`.
#[component]
fn CheckboxGroup(
    id: &'static str,
    field: &'static str,
    name: &'static str,
    legend: fn(&Texts) -> &'static str,
    hint: fn(&Texts) -> &'static str,
    errors: FormErrors,
    /// `(value, label, checked, toggle)` rows.
    #[prop(into)]
    options: Signal<Vec<(String, String, bool)>>,
    on_toggle: Callback<(String, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = Signal::derive(move || errors.has(field));
    view! {
        <fieldset
            id=id
            class="field checkbox-group"
            class:field-invalid=move || has_error.get()
            aria-describedby=move || described_by(id, true, has_error.get())
        >
            <legend>{move || legend(i18n.t())}</legend>
            <p class="hint" id=format!("{id}-hint")>{move || hint(i18n.t())}</p>
            <FieldMessage id=id field=field errors=errors />
            <div class="checkbox-grid">
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, label, checked)| {
                            let input_id = format!("{id}-{value}");
                            let v = value.clone();
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        name=name
                                        value=value
                                        prop:checked=checked
                                        on:change=move |ev| on_toggle.run((v.clone(), event_target_checked(&ev)))
                                    />
                                    <label for=input_id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
    }
}

#[component]
pub fn ChallengeForm(
    draft: Draft,
    errors: FormErrors,
    #[prop(into)] regions: Signal<Vec<OrgRef>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let content_code = Signal::derive(move || draft.content_lang.get().code().to_owned());
    let lang_options = Signal::derive(|| {
        Lang::ALL
            .into_iter()
            .map(|l| (l.code().to_owned(), endonym(l).to_owned()))
            .collect::<Vec<_>>()
    });
    let content_lang_value = RwSignal::new(draft.content_lang.get_untracked().code().to_owned());
    // Two views of one value; each side is written only when it differs, so they settle.
    Effect::new(move |_| {
        let code = draft.content_lang.get().code();
        if content_lang_value.get_untracked() != code {
            content_lang_value.set(code.to_owned());
        }
    });
    Effect::new(move |_| {
        if let Some(l) = Lang::from_code(&content_lang_value.get())
            && draft.content_lang.get_untracked() != l
        {
            draft.content_lang.set(l);
        }
    });
    let trl_options = Signal::derive(|| {
        (1..=9)
            .map(|n| (n.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let model_options = Signal::derive(move || {
        let lang = i18n.lang();
        CooperationModel::ALL
            .into_iter()
            .map(|m| (m.code().to_owned(), m.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let region_rows = Signal::derive(move || {
        let lang = i18n.lang();
        let chosen = draft.region_ids.get();
        regions
            .get()
            .iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    r.name(lang).to_owned(),
                    chosen.contains(&r.id),
                )
            })
            .collect::<Vec<_>>()
    });
    let theme_rows = Signal::derive(move || {
        let lang = i18n.lang();
        let chosen = draft.themes.get();
        Theme::ALL
            .into_iter()
            .map(|t| {
                (
                    t.code().to_owned(),
                    t.label(lang).to_owned(),
                    chosen.contains(&t),
                )
            })
            .collect::<Vec<_>>()
    });
    let toggle_region = Callback::new(move |(value, on): (String, bool)| {
        if let Ok(id) = value.parse::<i64>() {
            draft.region_ids.update(|ids| {
                ids.retain(|x| *x != id);
                if on {
                    ids.push(id);
                }
            });
        }
    });
    let toggle_theme = Callback::new(move |(value, on): (String, bool)| {
        if let Some(theme) = Theme::from_code(&value) {
            draft.themes.update(|list| {
                list.retain(|x| *x != theme);
                if on {
                    list.push(theme);
                }
            });
        }
    });

    view! {
        <section class="form-section" aria-labelledby="ch-basics-title">
            <h2 id="ch-basics-title">{tr(|t| t.ch_basics)}</h2>
            <SelectField
                id="ch-content-lang"
                field="content_lang"
                label=|t| t.ch_content_lang
                hint=|t| t.ch_content_lang_hint
                value=content_lang_value
                errors=errors
                options=lang_options
            />
            <TextField id="ch-title" field="title" label=|t| t.ch_title hint=|t| t.ch_title_hint value=draft.title errors=errors content_lang=content_code />
            <TextField
                id="ch-summary"
                field="summary"
                label=|t| t.ch_summary
                hint=|t| t.ch_summary_hint
                value=draft.summary
                errors=errors
                rows=3
                content_lang=content_code
            />
            <MarkdownEditor
                id="ch-description"
                field="description"
                tabs=DESCRIPTION_TABS
                label=|t| t.ch_description
                hint=|t| t.ch_description_hint
                value=draft.description
                errors=errors
                content_lang=content_code
            />
        </section>
        <section class="form-section" aria-labelledby="ch-scope-title">
            <h2 id="ch-scope-title">{tr(|t| t.ch_scope)}</h2>
            <CheckboxGroup
                id="ch-regions"
                field="region_ids"
                name="region"
                legend=|t| t.ch_regions
                hint=|t| t.ch_regions_hint
                errors=errors
                options=region_rows
                on_toggle=toggle_region
            />
            <CheckboxGroup
                id="ch-themes"
                field="themes"
                name="theme"
                legend=|t| t.ch_themes
                hint=|t| t.ch_themes_hint
                errors=errors
                options=theme_rows
                on_toggle=toggle_theme
            />
            <div class="field-row">
                <SelectField id="ch-trl-min" field="trl_min" label=|t| t.ch_trl_min value=draft.trl_min errors=errors options=trl_options />
                <SelectField id="ch-trl-max" field="trl_max" label=|t| t.ch_trl_max value=draft.trl_max errors=errors options=trl_options />
            </div>
            <p class="hint">{tr(|t| t.ch_trl_hint)}</p>
            <SelectField id="ch-model" field="model" label=|t| t.cooperation_model value=draft.model errors=errors options=model_options />
            <div class="field-row">
                <TextField
                    id="ch-budget-min"
                    field="budget_min_eur"
                    label=|t| t.ch_budget_min
                    hint=|t| t.ch_budget_hint
                    value=draft.budget_min
                    errors=errors
                    inputmode="numeric"
                    optional=true
                />
                <TextField
                    id="ch-budget-max"
                    field="budget_max_eur"
                    label=|t| t.ch_budget_max
                    hint=|t| t.ch_budget_hint
                    value=draft.budget_max
                    errors=errors
                    inputmode="numeric"
                    optional=true
                />
            </div>
        </section>
        <section class="form-section" aria-labelledby="ch-schedule-title">
            <h2 id="ch-schedule-title">{tr(|t| t.ch_schedule)}</h2>
            <p class="hint">{tr(|t| t.ch_schedule_hint)}</p>
            <TextField
                id="ch-questions-close"
                field="questions_close_at"
                label=|t| t.questions_deadline
                hint=|t| t.ch_helsinki_hint
                value=draft.questions_close
                errors=errors
                input_type="datetime-local"
            />
            <TextField
                id="ch-proposals-close"
                field="proposals_close_at"
                label=|t| t.proposals_deadline
                hint=|t| t.ch_helsinki_hint
                value=draft.proposals_close
                errors=errors
                input_type="datetime-local"
            />
            <TextField
                id="ch-decision-target"
                field="decision_target_at"
                label=|t| t.decision_target
                hint=|t| t.ch_helsinki_hint
                value=draft.decision_target
                errors=errors
                input_type="datetime-local"
                optional=true
            />
        </section>
        <TermsSection draft=draft errors=errors content_lang=content_code />
        <section class="form-section" aria-labelledby="ch-contact-title">
            <h2 id="ch-contact-title">{tr(|t| t.contact_person)}</h2>
            <TextField id="ch-contact-name" field="contact_name" label=|t| t.ch_contact_name value=draft.contact_name errors=errors autocomplete="name" />
            <TextField
                id="ch-contact-email"
                field="contact_email"
                label=|t| t.ch_contact_email
                value=draft.contact_email
                errors=errors
                input_type="email"
                autocomplete="email"
            />
        </section>
        <Translations draft=draft errors=errors />
    }
}
