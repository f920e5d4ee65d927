//! The description field: a Markdown textarea with Write / Preview tabs. The preview is rendered
//! by the server (`POST /markdown/preview`), the same sanitiser the challenge page uses.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{FieldMessage, FormErrors, described_by};
use crate::focus;
use crate::i18n::use_i18n;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Write,
    Preview,
}

#[component]
pub fn DescriptionEditor(
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(into)] content_lang: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tab = RwSignal::new(Tab::Write);
    let preview = RwSignal::new(None::<Result<String, String>>);
    let has_error = Signal::derive(move || errors.has("description"));
    // A link in the error summary must find the textarea visible.
    Effect::new(move |_| {
        if has_error.get() {
            tab.set(Tab::Write);
        }
    });

    let select = move |next: Tab, move_focus: bool| {
        tab.set(next);
        if move_focus {
            focus::focus_id(if next == Tab::Write {
                "ch-tab-write"
            } else {
                "ch-tab-preview"
            });
        }
        if next == Tab::Preview {
            preview.set(None);
            let markdown = value.get_untracked();
            spawn_local(async move {
                preview.set(Some(
                    api::markdown_preview(&markdown)
                        .await
                        .map_err(|e| e.error.message),
                ));
            });
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" => {
                if tab.get_untracked() == Tab::Write {
                    Tab::Preview
                } else {
                    Tab::Write
                }
            }
            "Home" => Tab::Write,
            "End" => Tab::Preview,
            _ => return,
        };
        ev.prevent_default();
        select(next, true);
    };
    let tab_button = move |which: Tab, id: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                aria-controls=panel
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| {
                    if tab.get_untracked() != which {
                        select(which, false);
                    }
                }
                on:keydown=on_key
            >
                {move || if which == Tab::Write { i18n.t().tab_write } else { i18n.t().tab_preview }}
            </button>
        }
    };

    view! {
        <div class="field description-field" class:field-invalid=move || has_error.get()>
            <label for="ch-description" id="ch-description-label">{move || i18n.t().ch_description}</label>
            <p class="hint" id="ch-description-hint">{move || i18n.t().ch_description_hint}</p>
            <div class="tabs" role="tablist" aria-labelledby="ch-description-label">
                {tab_button(Tab::Write, "ch-tab-write", "ch-panel-write")}
                {tab_button(Tab::Preview, "ch-tab-preview", "ch-panel-preview")}
            </div>
            <div role="tabpanel" id="ch-panel-write" aria-labelledby="ch-tab-write" hidden=move || tab.get() != Tab::Write>
                <FieldMessage id="ch-description" field="description" errors=errors />
                <textarea
                    id="ch-description"
                    name="description"
                    rows="14"
                    lang=move || content_lang.get()
                    aria-invalid=move || has_error.get().then_some("true")
                    aria-describedby=move || described_by("ch-description", true, has_error.get())
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div
                role="tabpanel"
                id="ch-panel-preview"
                class="preview"
                aria-labelledby="ch-tab-preview"
                tabindex="0"
                hidden=move || tab.get() != Tab::Preview
            >
                {move || match preview.get() {
                    None => view! { <p class="loading">{move || i18n.t().loading}</p> }.into_any(),
                    Some(Err(message)) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
                    Some(Ok(html)) if html.trim().is_empty() => {
                        view! { <p class="muted">{move || i18n.t().preview_empty}</p> }.into_any()
                    }
                    Some(Ok(html)) => view! { <div class="prose" lang=move || content_lang.get() inner_html=html></div> }.into_any(),
                }}
            </div>
        </div>
    }
}
