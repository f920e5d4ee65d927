//! Markdown fields (the description, the evaluation criteria): a textarea with Write / Preview
//! tabs. The preview is rendered by the server (`POST /markdown/preview`), the same sanitiser the
//! challenge page uses.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{FieldMessage, FormErrors, described_by};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Write,
    Preview,
}

/// The ids of a Markdown field's tabs and tab panels.
#[derive(Clone, Copy)]
pub struct TabIds {
    write: &'static str,
    preview: &'static str,
    panel_write: &'static str,
    panel_preview: &'static str,
}

pub const DESCRIPTION_TABS: TabIds = TabIds {
    write: "ch-tab-write",
    preview: "ch-tab-preview",
    panel_write: "ch-panel-write",
    panel_preview: "ch-panel-preview",
};

pub const CRITERIA_TABS: TabIds = TabIds {
    write: "ch-criteria-tab-write",
    preview: "ch-criteria-tab-preview",
    panel_write: "ch-criteria-panel-write",
    panel_preview: "ch-criteria-panel-preview",
};

/// `id` is the textarea's.
#[component]
pub fn MarkdownEditor(
    id: &'static str,
    field: &'static str,
    tabs: TabIds,
    label: fn(&Texts) -> &'static str,
    hint: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(into)] content_lang: Signal<String>,
    #[prop(default = 14)] rows: u32,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let tab = RwSignal::new(Tab::Write);
    let preview = RwSignal::new(None::<Result<String, String>>);
    let has_error = Signal::derive(move || errors.has(field));
    let TabIds {
        write: tab_write,
        preview: tab_preview,
        panel_write,
        panel_preview,
    } = tabs;
    let label_id = format!("{id}-label");
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
                tab_write
            } else {
                tab_preview
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
        <div class="field markdown-field" class:field-invalid=move || has_error.get()>
            <label for=id id=label_id.clone()>
                {move || label(i18n.t())}
                {optional.then(|| view! { <span class="optional">" "{tr(|t| t.optional)}</span> })}
            </label>
            <p class="hint" id=format!("{id}-hint")>{move || hint(i18n.t())}</p>
            <div class="tabs" role="tablist" aria-labelledby=label_id>
                {tab_button(Tab::Write, tab_write, panel_write)}
                {tab_button(Tab::Preview, tab_preview, panel_preview)}
            </div>
            <div role="tabpanel" id=panel_write aria-labelledby=tab_write hidden=move || tab.get() != Tab::Write>
                <FieldMessage id=id field=field errors=errors />
                <textarea
                    id=id
                    name=field
                    rows=rows
                    lang=move || content_lang.get()
                    aria-invalid=move || has_error.get().then_some("true")
                    aria-describedby=move || described_by(id, true, has_error.get())
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div
                role="tabpanel"
                id=panel_preview
                class="preview"
                aria-labelledby=tab_preview
                tabindex="0"
                hidden=move || tab.get() != Tab::Preview
            >
                {move || match preview.get() {
                    None => view! { <p class="loading">{tr(|t| t.loading)}</p> }.into_any(),
                    Some(Err(message)) => view! { <p class="error-box" role="alert">{message}</p> }.into_any(),
                    Some(Ok(html)) if html.trim().is_empty() => {
                        view! { <p class="muted">{tr(|t| t.preview_empty)}</p> }.into_any()
                    }
                    Some(Ok(html)) => view! { <div class="prose" lang=move || content_lang.get() inner_html=html></div> }.into_any(),
                }}
            </div>
        </div>
    }
}
