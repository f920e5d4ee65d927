//! The terms companies compete on: the evaluation criteria (Markdown, with a preview), the
//! procurement notice, and — when a published challenge is edited — the reason for the change,
//! which the change log shows to everyone.

use kehto_shared::challenge::NoticeRegister;
use leptos::prelude::*;

use super::description::{CRITERIA_TABS, MarkdownEditor};
use super::draft::{Draft, challenge_field_label};
use crate::components::form::{FieldMessage, FormErrors, SelectField, TextField, described_by};
use crate::i18n::{Texts, tr, use_i18n};

/// A notice register's name in the interface language.
pub fn notice_register_label(r: NoticeRegister, t: &Texts) -> &'static str {
    match r {
        NoticeRegister::Hilma => t.notice_hilma,
        NoticeRegister::Ted => t.notice_ted,
        NoticeRegister::Other => t.notice_other,
    }
}

#[component]
pub fn TermsSection(
    draft: Draft,
    errors: FormErrors,
    #[prop(into)] content_lang: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let register_options = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once((String::new(), t.notice_none.to_owned()))
            .chain(
                NoticeRegister::ALL
                    .into_iter()
                    .map(|r| (r.code().to_owned(), notice_register_label(r, t).to_owned())),
            )
            .collect::<Vec<_>>()
    });
    let has_register = move || !draft.notice_register.with(String::is_empty);
    let notice_error = Signal::derive(move || errors.has("procurement_notice"));
    view! {
        <section class="form-section" aria-labelledby="ch-terms-title">
            <h2 id="ch-terms-title">{tr(|t| t.ch_terms)}</h2>
            <MarkdownEditor
                id="ch-criteria"
                field="evaluation_criteria"
                tabs=CRITERIA_TABS
                label=|t| t.ch_criteria
                hint=|t| t.ch_criteria_hint
                value=draft.criteria
                errors=errors
                content_lang=content_lang
                rows=8
                optional=true
            />
            <fieldset
                id="ch-notice"
                class="field notice-fieldset"
                class:field-invalid=move || notice_error.get()
                aria-describedby=move || described_by("ch-notice", true, notice_error.get())
            >
                <legend>{tr(|t| t.procurement_notice)}" "<span class="optional">{tr(|t| t.optional)}</span></legend>
                <p class="hint" id="ch-notice-hint">{tr(|t| t.ch_notice_hint)}</p>
                <FieldMessage id="ch-notice" field="procurement_notice" errors=errors />
                <SelectField
                    id="ch-notice-register"
                    field="procurement_notice.register"
                    label=|t| t.ch_notice_register
                    value=draft.notice_register
                    errors=errors
                    options=register_options
                />
                // Shown once a register is chosen (a conditional reveal, right after the select).
                <div class="conditional" hidden=move || !has_register()>
                    <TextField
                        id="ch-notice-id"
                        field="procurement_notice.notice_id"
                        label=|t| t.ch_notice_id
                        hint=|t| t.ch_notice_id_hint
                        value=draft.notice_id
                        errors=errors
                    />
                    <TextField
                        id="ch-notice-url"
                        field="procurement_notice.url"
                        label=|t| t.ch_notice_url
                        hint=|t| t.ch_notice_url_hint
                        value=draft.notice_url
                        errors=errors
                        input_type="url"
                        inputmode="url"
                    />
                </div>
            </fieldset>
        </section>
    }
}

/// "Reason for the change": asked when a published challenge (`version > 0`) is edited; required
/// when a deadline or the evaluation criteria change, which the hint lists as they happen.
#[component]
pub fn ChangeReason(draft: Draft, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let needs = Memo::new(move |_| draft.reason_fields());
    let has_error = Signal::derive(move || errors.has("change_reason"));
    let required = move || (!needs.with(Vec::is_empty)).then_some("true");
    let shown = Memo::new(move |_| draft.version.get() > 0);
    move || {
        shown.get().then(|| {
            view! {
                <section class="form-section change-reason" aria-labelledby="ch-change-title">
                    <h2 id="ch-change-title">{tr(|t| t.ch_change_title)}</h2>
                    <div class="field" class:field-invalid=move || has_error.get()>
                        <label for="ch-change-reason">{tr(|t| t.ch_change_reason)}</label>
                        <p class="hint" id="ch-change-reason-hint">
                            {tr(|t| t.ch_change_reason_hint)}
                            {move || {
                                let t = i18n.t();
                                let changed = needs.get();
                                (!changed.is_empty()).then(|| {
                                    let names = changed
                                        .into_iter()
                                        .map(|f| challenge_field_label(f, t))
                                        .collect::<Vec<_>>()
                                        .join(", ");
                                    view! { " "<strong>{t.ch_change_needs_reason.replace("{fields}", &names)}</strong> }
                                })
                            }}
                        </p>
                        <FieldMessage id="ch-change-reason" field="change_reason" errors=errors />
                        <textarea
                            id="ch-change-reason"
                            name="change_reason"
                            rows="3"
                            aria-required=required
                            aria-invalid=move || has_error.get().then_some("true")
                            aria-describedby=move || described_by("ch-change-reason", true, has_error.get())
                            prop:value=move || draft.change_reason.get()
                            on:input=move |ev| draft.change_reason.set(event_target_value(&ev))
                        ></textarea>
                    </div>
                </section>
            }
        })
    }
}
