//! Forms in the GOV.UK / Suomi.fi error pattern: after a failed submit an error summary at the top
//! receives focus and links to each faulty control; each control shows its own message, is marked
//! `aria-invalid` and points at the message with `aria-describedby`. Nothing typed is cleared.
//!
//! Problems are kept as codes and worded when shown, so switching language rewords them too;
//! only a server message that says more than the shared catalogue is kept as text.

use kehto_shared::{ApiError, ErrorCode, FieldError, error::FieldCode};
use leptos::prelude::*;

use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// What is wrong with one field.
#[derive(Clone)]
pub enum Problem {
    /// A problem from the shared catalogue (client-side or server-side validation).
    Code(FieldCode, Option<i64>),
    /// A problem only the browser knows about, e.g. an unreadable number.
    Text(fn(&Texts) -> &'static str),
    /// The server's own, more specific wording.
    Server(String),
}

/// What went wrong as a whole: a catalogue code, or the server's more specific message.
#[derive(Clone)]
struct General {
    code: ErrorCode,
    server: Option<String>,
}

#[derive(Clone)]
pub struct Shown {
    pub field: String,
    pub problem: Problem,
}

/// The error state of one form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    fields: RwSignal<Vec<Shown>>,
    general: RwSignal<Option<General>>,
    summary_id: &'static str,
    /// Prepended to the summary's and every control's id, for a form repeated once per item.
    prefix: Option<StoredValue<String>>,
    to_id: fn(&str) -> String,
}

impl FormErrors {
    /// `to_id` maps an API field name (`title`, `translations[0].title`) to the control's id.
    pub fn new(summary_id: &'static str, to_id: fn(&str) -> String) -> Self {
        FormErrors {
            fields: RwSignal::new(Vec::new()),
            general: RwSignal::new(None),
            summary_id,
            prefix: None,
            to_id,
        }
    }

    /// The same form once per item of a list: every id gets `prefix` (e.g. `answer-12-`).
    pub fn with_prefix(mut self, prefix: String) -> Self {
        self.prefix = Some(StoredValue::new(prefix));
        self
    }

    fn prefixed(&self, id: &str) -> String {
        match self.prefix {
            Some(p) => p.with_value(|p| format!("{p}{id}")),
            None => id.to_owned(),
        }
    }

    fn summary_id(&self) -> String {
        self.prefixed(self.summary_id)
    }

    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.general.set(None);
    }

    /// The worded problem with `field`, if any (tracked).
    pub fn message(&self, field: &str, lang: kehto_shared::Lang) -> Option<String> {
        self.fields.with(|f| {
            f.iter()
                .find(|s| s.field == field)
                .map(|s| word(&s.problem, lang))
        })
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.with(|f| f.iter().any(|s| s.field == field))
    }

    pub fn id_for(&self, field: &str) -> String {
        self.prefixed(&(self.to_id)(field))
    }

    /// Shows client-side validation results and focuses the summary.
    pub fn show_fields(&self, errors: Vec<FieldError>) {
        self.general.set(Some(General {
            code: ErrorCode::ValidationFailed,
            server: None,
        }));
        self.fields.set(
            errors
                .into_iter()
                .map(|e| Shown {
                    field: e.field,
                    problem: Problem::Code(e.code, e.limit),
                })
                .collect(),
        );
        self.focus();
    }

    /// Shows field problems of the browser's own and focuses the summary.
    pub fn show_shown(&self, shown: Vec<Shown>) {
        self.general.set(Some(General {
            code: ErrorCode::ValidationFailed,
            server: None,
        }));
        self.fields.set(shown);
        self.focus();
    }

    /// Shows a failed API call: its field errors, or its general message.
    pub fn show_api(&self, e: &ApiError) {
        let lang = crate::i18n::current_lang();
        let code = e.error.code;
        let specific = |text: &str, catalogue: String| {
            (!text.trim().is_empty() && text != catalogue).then(|| text.to_owned())
        };
        self.general.set(Some(General {
            code,
            server: specific(&e.error.message, code.message(lang).to_owned()),
        }));
        self.fields.set(
            e.error
                .fields
                .iter()
                .map(|f| Shown {
                    field: f.field.clone(),
                    problem: match specific(&f.message, f.code.message(lang, f.limit)) {
                        Some(text) => Problem::Server(text),
                        None => Problem::Code(f.code, f.limit),
                    },
                })
                .collect(),
        );
        self.focus();
    }

    fn focus(&self) {
        focus::focus_id(&self.summary_id());
    }
}

fn word(p: &Problem, lang: kehto_shared::Lang) -> String {
    match p {
        Problem::Code(code, limit) => code.message(lang, *limit),
        Problem::Text(f) => f(crate::i18n::texts(lang)).to_owned(),
        Problem::Server(text) => text.clone(),
    }
}

/// The error summary: a focusable alert listing every problem as a link to its control.
/// `level` is its heading's level (2 unless the form sits under an `<h3>` or deeper).
#[component]
pub fn ErrorSummary(errors: FormErrors, #[prop(default = 2)] level: u8) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let fields = errors.fields.get();
        let general = errors.general.get();
        if fields.is_empty() && general.is_none() {
            return ().into_any();
        }
        let t = i18n.t();
        let lang = i18n.lang();
        let summary_id = errors.summary_id();
        let title_id = format!("{summary_id}-title");
        let labelled_by = title_id.clone();
        // "Check the form" adds nothing above a list of fields.
        let general = general
            .filter(|g| fields.is_empty() || g.code != ErrorCode::ValidationFailed)
            .map(|g| g.server.unwrap_or_else(|| g.code.message(lang).to_owned()));
        let items = fields
            .into_iter()
            .map(|s| {
                let target = errors.id_for(&s.field);
                let message = word(&s.problem, lang);
                match focus::label_text(&target) {
                    Some(label) => {
                        let href = format!("#{target}");
                        view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus::focus_field(&target);
                                }>{format!("{label}: {message}")}</a>
                            </li>
                        }
                        .into_any()
                    }
                    None => view! { <li>{message}</li> }.into_any(),
                }
            })
            .collect_view();
        view! {
            <div class="error-summary" id=summary_id role="alert" tabindex="-1" aria-labelledby=labelled_by>
                {match level {
                    3 => view! { <h3 id=title_id>{t.error_summary_title}</h3> }.into_any(),
                    4 => view! { <h4 id=title_id>{t.error_summary_title}</h4> }.into_any(),
                    5 => view! { <h5 id=title_id>{t.error_summary_title}</h5> }.into_any(),
                    _ => view! { <h2 id=title_id>{t.error_summary_title}</h2> }.into_any(),
                }}
                {general.map(|m| view! { <p>{m}</p> })}
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    }
}

/// The `aria-describedby` value for a control with an optional hint and maybe an error.
pub fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A field's error message, placed between its label (and hint) and the control.
#[component]
pub fn FieldMessage(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.message(&field, i18n.lang()).map(|m| {
            view! {
                <p class="field-error" id=format!("{id}-error")>
                    <span class="visually-hidden">{i18n.t().error_prefix}" "</span>
                    {m}
                </p>
            }
        })
    }
}

/// A labelled text input or textarea bound to a string signal.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    label: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] optional: bool,
    /// Rows of a textarea; none for a single-line input.
    #[prop(optional)]
    rows: Option<u32>,
    /// A language tag when the text is written in another language than the interface's.
    #[prop(optional, into)]
    content_lang: Option<Signal<String>>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = {
        let field = field.clone();
        Signal::derive(move || errors.has(&field))
    };
    let describedby = {
        let id = id.clone();
        move || described_by(&id, hint.is_some(), has_error.get())
    };
    let invalid = move || has_error.get().then_some("true");
    let lang_attr = move || content_lang.map(|s| s.get());
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=field.clone()
                rows=rows
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=(!optional).then_some("true")
                lang=lang_attr
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                name=field.clone()
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=describedby
                aria-required=(!optional).then_some("true")
                lang=lang_attr
            />
        }
        .into_any(),
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class=format!("field {class}") class:field-invalid=move || has_error.get()>
            <label for=id.clone()>
                {move || label(i18n.t())}
                {optional.then(|| view! { <span class="optional">" "{tr(|t| t.optional)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h(i18n.t())}</p> })}
            <FieldMessage id=id.clone() field=field.clone() errors=errors />
            {control}
        </div>
    }
}

/// A labelled `<select>` bound to a string signal; options are `(value, label)` pairs.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    label: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = {
        let field = field.clone();
        Signal::derive(move || errors.has(&field))
    };
    let describedby = {
        let id = id.clone();
        move || described_by(&id, hint.is_some(), has_error.get())
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class=format!("field {class}") class:field-invalid=move || has_error.get()>
            <label for=id.clone()>{move || label(i18n.t())}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h(i18n.t())}</p> })}
            <FieldMessage id=id.clone() field=field.clone() errors=errors />
            <select
                id=id.clone()
                name=field.clone()
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || has_error.get().then_some("true")
                aria-describedby=describedby
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// A polite status message shown after a successful action.
#[component]
pub fn Notice(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="notice-region" role="status" aria-live="polite">
            {move || message.get().map(|m| view! { <p class="notice">{m}</p> })}
        </div>
    }
}

/// A form's submit button in its action row, disabled while the form's request is under way.
#[component]
pub fn SubmitButton(
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button id=id type="submit" class="button" disabled=move || busy.get()>
                {move || label(i18n.t())}
            </button>
        </div>
    }
}

/// The display name and preferred language a user sets at sign-up and on their account page.
#[component]
pub fn ProfileFields(
    name_id: &'static str,
    lang_id: &'static str,
    display_name: RwSignal<String>,
    lang: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    let lang_options = Signal::derive(|| {
        kehto_shared::Lang::ALL
            .into_iter()
            .map(|l| (l.code().to_owned(), crate::i18n::endonym(l).to_owned()))
            .collect::<Vec<_>>()
    });
    view! {
        <TextField
            id=name_id
            field="display_name"
            label=|t| t.display_name
            hint=|t| t.display_name_hint
            value=display_name
            errors=errors
            autocomplete="name"
        />
        <SelectField
            id=lang_id
            field="lang"
            label=|t| t.preferred_language
            hint=|t| t.preferred_language_hint
            value=lang
            errors=errors
            options=lang_options
        />
    }
}
