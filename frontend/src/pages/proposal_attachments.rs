//! A proposal's attachments (`section#pe-attachments-section`): choosing files
//! (`input#pe-file`), each sent in turn with its own labelled progress bar
//! (`progress#pe-upload-<n>-progress`, under `ul#pe-uploads`) and its outcome announced politely
//! (`#pe-upload-status`); a refused file (too large, a type not allowed, the limit reached) keeps
//! its row with the server's message (`#pe-upload-<n>-error`) while the others go on. The list
//! (`ul#pe-attachments`, `li#pe-att-<id>`) gives each file's type, size, download link and
//! confidentiality mark, and to those who may change the draft the marking form and removal.

use std::cell::Cell;

use kehto_shared::Lang;
use kehto_shared::proposals::{ATTACHMENT_MAX_BYTES, AttachmentMarking, AttachmentView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{File, HtmlInputElement};

use super::dialogue_kit::Status;
use super::proposal_draft::Meta;
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, TextField};
use crate::i18n::{Texts, current_lang, texts, tr, use_i18n};

/// The file types the server takes (it decides from the content; this only helps the picker).
const ACCEPT: &str = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp";

/// A size in kilobytes or megabytes (one decimal), e.g. "1,2 Mt".
pub fn file_size(bytes: u64, lang: Lang, t: &Texts) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        return t
            .pe_size_kb
            .replace("{n}", &bytes.div_ceil(1024).to_string());
    }
    let tenths = (bytes * 10 + MB / 2) / MB;
    let sep = if lang == Lang::En { "." } else { "," };
    t.pe_size_mb
        .replace("{n}", &format!("{}{sep}{}", tenths / 10, tenths % 10))
}

/// A content type as people know it: "PDF", "DOCX"…
pub fn type_label(content_type: &str) -> String {
    const OFFICE: [(&str, &str); 6] = [
        ("wordprocessingml.document", "DOCX"),
        ("spreadsheetml.sheet", "XLSX"),
        ("presentationml.presentation", "PPTX"),
        ("opendocument.text", "ODT"),
        ("opendocument.spreadsheet", "ODS"),
        ("opendocument.presentation", "ODP"),
    ];
    match OFFICE.iter().find(|(s, _)| content_type.ends_with(s)) {
        Some((_, label)) => (*label).to_owned(),
        None => content_type
            .rsplit('/')
            .next()
            .unwrap_or(content_type)
            .to_uppercase(),
    }
}

/// A file being sent: `percent` is `None` while it waits its turn.
#[derive(Clone)]
struct Upload {
    key: u32,
    name: String,
    percent: RwSignal<Option<u32>>,
    failed: RwSignal<Option<String>>,
}

/// Sends one file; a success moves it from the uploads to the attachments.
async fn send(
    meta: Meta,
    u: Upload,
    file: File,
    said: RwSignal<String>,
    rows: RwSignal<Vec<Upload>>,
) {
    let t = texts(current_lang());
    let name = u.name.clone();
    let fail = move |reason: String| {
        said.set(
            t.pe_upload_failed
                .replace("{name}", &name)
                .replace("{reason}", &reason),
        );
        u.failed.set(Some(reason));
    };
    if file.size() > ATTACHMENT_MAX_BYTES as f64 {
        return fail(t.pe_file_too_large.to_owned());
    }
    let progress_text = move |name: &str, p: u32| {
        t.pe_upload_progress
            .replace("{name}", name)
            .replace("{percent}", &p.to_string())
    };
    u.percent.set(Some(0));
    said.set(progress_text(&u.name, 0));
    let quarter = Cell::new(0);
    let name = u.name.clone();
    let percent = u.percent;
    let progress = Box::new(move |p: u32| {
        percent.set(Some(p.min(100)));
        // Announced at each quarter, not at every event.
        if p / 25 > quarter.get() && p < 100 {
            quarter.set(p / 25);
            said.set(progress_text(&name, p));
        }
    });
    match api::proposals::upload_attachment(meta.id, &file, progress).await {
        Ok(a) => {
            said.set(t.pe_upload_done.replace("{name}", &a.file_name));
            rows.update(|list| list.retain(|x| x.key != u.key));
            meta.attachments.update(|list| list.push(a));
        }
        Err(e) => {
            if e.error.code == kehto_shared::ErrorCode::ProposalsClosed {
                meta.lock();
            }
            fail(e.error.message);
        }
    }
}

/// One file being sent: its progress bar and label, or why it was refused.
fn upload_row(u: Upload) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("pe-upload-{}", u.key);
    let bar = format!("{id}-progress");
    let error_id = format!("{id}-error");
    let name = u.name.clone();
    let label = move || {
        let t = i18n.t();
        match u.percent.get() {
            None => t.pe_upload_waiting.replace("{name}", &name),
            Some(p) => t
                .pe_upload_progress
                .replace("{name}", &name)
                .replace("{percent}", &p.to_string()),
        }
    };
    let name = u.name;
    let state = move || match u.failed.get() {
        Some(reason) => {
            let text = i18n
                .t()
                .pe_upload_failed
                .replace("{name}", &name)
                .replace("{reason}", &reason);
            view! { <p class="field-error" id=error_id.clone()>{text}</p> }.into_any()
        }
        None => view! {
            <label for=bar.clone()>{label.clone()}</label>
            <progress id=bar.clone() max="100" value=move || u.percent.get()></progress>
        }
        .into_any(),
    };
    view! { <li class="upload" id=id>{state}</li> }
}

/// The id of a marking form's control for an API field (after the item's prefix).
fn marking_field(f: &str) -> String {
    if f.ends_with("reason") {
        "reason"
    } else {
        "confidential"
    }
    .to_owned()
}

/// One attachment: download link, type, size, mark; the marking form and removal if editable.
#[component]
fn AttachmentItem(
    a: AttachmentView,
    meta: Meta,
    editable: Signal<bool>,
    status: Status,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.id;
    let base = format!("pe-att-{id}");
    let confidential = RwSignal::new(a.confidential);
    let reason = RwSignal::new(a.confidential_reason.clone().unwrap_or_default());
    let errors = FormErrors::new("errors", marking_field).with_prefix(format!("{base}-"));
    let busy = RwSignal::new(false);
    let size = a.size_bytes;
    let kind = type_label(&a.content_type);
    let mark = a.confidential.then(|| {
        let why = a.confidential_reason.clone().unwrap_or_default();
        view! { <p id=format!("{base}-mark")><span class="badge status-evaluation">{tr(|t| t.pe_confidential_badge)}</span>" "{why}</p> }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked().trim().to_owned();
        let marking = AttachmentMarking {
            confidential: confidential.get_untracked(),
            confidential_reason: (!r.is_empty()).then_some(r),
        };
        if let Err(fields) = marking.validate() {
            return errors.show_fields(fields);
        }
        let action = Box::pin(api::proposals::mark_attachment(meta.id, id, marking));
        status.run(action, |t| t.pe_marking_saved, Some(errors), busy);
    };
    let remove = move |_| {
        let action = Box::pin(api::proposals::remove_attachment(meta.id, id));
        status.run(action, |t| t.pe_attachment_removed, None, busy);
    };
    let name = a.file_name.clone();
    let prefix = base.clone();
    let file = a.file_name.clone();
    let marking = move || {
        editable.get().then(|| {
            let base = prefix.clone();
            let check_id = format!("{base}-confidential");
            let reason_id = format!("{base}-reason");
            view! {
                <details class="event-manage">
                    <summary>{tr(|t| t.pe_marking)}<span class="visually-hidden">": "{file.clone()}</span></summary>
                    <form class="item-form" novalidate on:submit=save>
                        <ErrorSummary errors=errors level=3 />
                        <div class="checkbox">
                            <input
                                type="checkbox"
                                id=check_id.clone()
                                prop:checked=move || confidential.get()
                                on:change=move |ev| confidential.set(event_target_checked(&ev))
                            />
                            <label for=check_id>{tr(|t| t.pe_confidential)}</label>
                        </div>
                        {move || confidential.get().then(|| view! {
                            <TextField
                                id=reason_id.clone()
                                field="attachment.confidential_reason"
                                label=|t| t.pe_confidential_reason
                                hint=|t| t.pe_confidential_reason_hint
                                value=reason
                                errors=errors
                                rows=2
                            />
                        })}
                        <button id=format!("{base}-mark-save") type="submit" class="button small" disabled=move || busy.get()>
                            {tr(|t| t.pe_marking_save)}
                        </button>
                    </form>
                </details>
            }
        })
    };
    let remove_id = format!("{base}-remove");
    let remove_button = move || {
        editable.get().then(|| {
            view! {
                <button id=remove_id.clone() type="button" class="button-secondary small" disabled=move || busy.get() on:click=remove>
                    {tr(|t| t.pe_remove)}<span class="visually-hidden">": "{name.clone()}</span>
                </button>
            }
        })
    };
    view! {
        <li class="item attachment" id=base.clone()>
            <div class="item-main">
                <a id=format!("{base}-download") href=api::proposals::attachment_href(meta.id, id) download="">{a.file_name.clone()}</a>
                <p class="q-meta">{kind}" · "{move || file_size(size, i18n.lang(), i18n.t())}</p>
                {mark}
                {marking}
            </div>
            {remove_button}
        </li>
    }
}

#[component]
pub fn Attachments(meta: Meta, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let rows = RwSignal::new(Vec::<Upload>::new());
    let said = RwSignal::new(String::new());
    let next = StoredValue::new(0u32);
    let owner = StoredValue::new(Owner::current());
    let status = Status::new("pe-att-status", Callback::new(move |()| meta.refresh()));
    let pick = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let files: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        // Rows of refused files from an earlier choice go; those still waiting stay.
        rows.update(|r| r.retain(|u| u.failed.get_untracked().is_none()));
        let jobs: Vec<(Upload, File)> = files
            .into_iter()
            .map(|f| {
                let key = next.try_update_value(|n| {
                    *n += 1;
                    *n
                });
                let make = || Upload {
                    key: key.unwrap_or(0),
                    name: f.name(),
                    percent: RwSignal::new(None),
                    failed: RwSignal::new(None),
                };
                let u = match owner.get_value() {
                    Some(o) => o.with(make),
                    None => make(),
                };
                (u, f)
            })
            .collect();
        rows.update(|r| r.extend(jobs.iter().map(|(u, _)| u.clone())));
        spawn_local(async move {
            for (u, f) in jobs {
                send(meta, u, f, said, rows).await;
            }
        });
    };
    view! {
        <section id="pe-attachments-section" class="my-section" aria-labelledby="pe-attachments-title">
            <h2 id="pe-attachments-title">{tr(|t| t.pe_attachments_title)}</h2>
            {move || editable.get().then(|| view! {
                <div class="field">
                    <label for="pe-file">{tr(|t| t.pe_choose_files)}</label>
                    <p class="hint" id="pe-file-hint">{tr(|t| t.pe_attachments_hint)}</p>
                    <input type="file" id="pe-file" multiple accept=ACCEPT aria-describedby="pe-file-hint" on:change=pick />
                </div>
            })}
            <p id="pe-upload-status" class="visually-hidden" role="status" aria-live="polite">{move || said.get()}</p>
            <ul id="pe-uploads" class="item-list">{move || rows.get().into_iter().map(upload_row).collect_view()}</ul>
            {status.view()}
            <ul id="pe-attachments" class="item-list">
                <For
                    each=move || meta.attachments.get()
                    key=|a| (a.id, a.confidential, a.confidential_reason.clone())
                    children=move |a| view! { <AttachmentItem a=a meta=meta editable=editable status=status /> }
                />
            </ul>
            {move || meta.attachments.with(Vec::is_empty).then(|| view! {
                <p id="pe-attachments-none" class="muted">{tr(|t| t.pe_attachments_none)}</p>
            })}
        </section>
    }
}
