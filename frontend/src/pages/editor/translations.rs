//! Translation sections of the editor: the title, summary and description in another language.

use kehto_shared::Lang;
use leptos::prelude::*;

use super::draft::Draft;
use crate::components::form::{FormErrors, TextField};
use crate::i18n::{endonym, tr, use_i18n};

#[component]
pub fn Translations(draft: Draft, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let sections = move || {
        draft
            .translations
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, tr)| {
                let lang = tr.lang;
                let code = Signal::derive(move || lang.code().to_owned());
                view! {
                    <fieldset class="translation" id=format!("ch-tr-{i}") data-context="translation">
                        <legend>{move || i18n.t().translation_legend.replace("{lang}", endonym(lang))}</legend>
                        <TextField
                            id=format!("ch-tr-{i}-title")
                            field=format!("translations[{i}].title")
                            label=|t| t.ch_title
                            value=tr.title
                            errors=errors
                            content_lang=code
                        />
                        <TextField
                            id=format!("ch-tr-{i}-summary")
                            field=format!("translations[{i}].summary")
                            label=|t| t.ch_summary
                            value=tr.summary
                            errors=errors
                            rows=3
                            optional=true
                            content_lang=code
                        />
                        <TextField
                            id=format!("ch-tr-{i}-description")
                            field=format!("translations[{i}].description")
                            label=|t| t.ch_description
                            hint=|t| t.markdown_hint
                            value=tr.description
                            errors=errors
                            rows=8
                            optional=true
                            content_lang=code
                        />
                        <button type="button" class="button-secondary small" on:click=move |_| draft.remove_translation(lang)>
                            {move || i18n.t().remove_translation.replace("{lang}", endonym(lang))}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let add_buttons = move || {
        let used: Vec<Lang> = draft
            .translations
            .with(|l| l.iter().map(|t| t.lang).collect());
        let content = draft.content_lang.get();
        Lang::ALL
            .into_iter()
            .filter(|l| *l != content && !used.contains(l))
            .map(|l| {
                view! {
                    <button
                        type="button"
                        class="button-secondary"
                        data-add-lang=l.code()
                        on:click=move |_| {
                            draft.add_translation(l);
                            let index = draft.translations.with_untracked(|t| t.len().saturating_sub(1));
                            crate::focus::focus_id(&format!("ch-tr-{index}-title"));
                        }
                    >
                        {move || i18n.t().add_translation.replace("{lang}", endonym(l))}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <section class="form-section" aria-labelledby="ch-translations-title">
            <h2 id="ch-translations-title">{tr(|t| t.translations)}</h2>
            <p class="hint">{tr(|t| t.translations_hint)}</p>
            {sections}
            <div class="actions">{add_buttons}</div>
        </section>
    }
}
