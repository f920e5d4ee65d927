//! A text a coordinator writes in up to three languages ([`LocFields`]: one fieldset, an input
//! per language shown) and the choice of the languages shown ([`LangChoice`],
//! `fieldset#ec-langs`), for the criteria editor ([`super::criteria`]). Texts of a hidden
//! language stay in the draft and are saved.

use kehto_shared::Lang;
use leptos::prelude::*;

use super::criteria_draft::{CriteriaDraft, LocDraft};
use crate::components::form::{FieldMessage, FormErrors, described_by};
use crate::i18n::{Texts, tr, use_i18n};

/// "In Finnish" etc., as the label of one language's input.
pub fn lang_word(lang: Lang, t: &Texts) -> &'static str {
    match lang {
        Lang::Fi => t.ec_in_fi,
        Lang::Sv => t.ec_in_sv,
        Lang::En => t.ec_in_en,
    }
}

/// A text in every language the form shows: a fieldset whose legend names the text, one
/// labelled input (or textarea, with `rows`) per language. The label carries the legend for
/// screen readers and the error summary ("Name – In Swedish").
#[component]
pub fn LocFields(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    #[prop(into)] legend: Signal<String>,
    text: LocDraft,
    draft: CriteriaDraft,
    errors: FormErrors,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] optional: bool,
    /// Runs when an input loses focus after a change (to suggest a key from a name).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = {
        let field = field.clone();
        Signal::derive(move || errors.has(&field))
    };
    let described = {
        let id = id.clone();
        move || described_by(&id, false, has_error.get())
    };
    let inputs = Lang::ALL
        .into_iter()
        .map(|lang| {
            let input_id = format!("{id}-{}", lang.code());
            let sub = format!("{field}.{}", lang.code());
            let value = text.get(lang);
            move || {
                draft.shows(lang).then(|| {
                    let has_error = {
                        let sub = sub.clone();
                        Signal::derive(move || errors.has(&sub))
                    };
                    let describedby = {
                        let input_id = input_id.clone();
                        move || described_by(&input_id, false, has_error.get())
                    };
                    let invalid = move || has_error.get().then_some("true");
                    let changed = move |_| {
                        if let Some(f) = on_change {
                            f.run(());
                        }
                    };
                    let control = match rows {
                        Some(rows) => view! {
                            <textarea
                                id=input_id.clone()
                                rows=rows
                                lang=lang.code()
                                prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev))
                                on:change=changed
                                aria-invalid=invalid
                                aria-describedby=describedby
                            ></textarea>
                        }
                        .into_any(),
                        None => view! {
                            <input
                                id=input_id.clone()
                                type="text"
                                lang=lang.code()
                                prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev))
                                on:change=changed
                                aria-invalid=invalid
                                aria-describedby=describedby
                            />
                        }
                        .into_any(),
                    };
                    view! {
                        <div class="field" class:field-invalid=move || has_error.get()>
                            <label for=input_id.clone()>
                                <span class="visually-hidden">{move || legend.get()}" – "</span>
                                {move || lang_word(lang, i18n.t())}
                            </label>
                            <FieldMessage id=input_id.clone() field=sub.clone() errors=errors />
                            {control}
                        </div>
                    }
                })
            }
        })
        .collect_view();
    view! {
        <fieldset id=id.clone() class="field loc-fields" class:field-invalid=move || has_error.get() aria-describedby=described>
            <legend>
                {move || legend.get()}
                {optional.then(|| view! { <span class="optional">" "{tr(|t| t.optional)}</span> })}
            </legend>
            <FieldMessage id=id.clone() field=field.clone() errors=errors />
            <div class=if rows.is_some() { "" } else { "field-row" }>{inputs}</div>
        </fieldset>
    }
}

/// Which languages' inputs are shown: `fieldset#ec-langs`.
#[component]
pub fn LangChoice(draft: CriteriaDraft) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset id="ec-langs" class="field" aria-describedby="ec-langs-hint">
            <legend>{tr(|t| t.ec_langs)}</legend>
            <p class="hint" id="ec-langs-hint">{tr(|t| t.ec_langs_hint)}</p>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    let id = format!("ec-lang-{}", l.code());
                    view! {
                        <div class="checkbox">
                            <input
                                type="checkbox"
                                id=id.clone()
                                name="lang"
                                value=l.code()
                                prop:checked=move || draft.shows(l)
                                on:change=move |ev| draft.show(l, event_target_checked(&ev))
                            />
                            <label for=id>{move || lang_word(l, i18n.t())}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
