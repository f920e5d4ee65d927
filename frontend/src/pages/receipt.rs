//! `/proposals/:id/receipts/:receipt_id`: the receipt of one submitted version — the server's
//! time of receipt in UTC (`#rc-received-utc`) and in Helsinki time (`#rc-received-helsinki`),
//! whether it counts (`#rc-state`), the SHA-256 digest (`#rc-digest`), what the digest covers and
//! the attachments it lists (`#rc-attachments`), and a check against what is stored now
//! (`#rc-verify`, its result in `#rc-verify-result`). Printable (`#rc-print`).

use kehto_shared::ApiError;
use kehto_shared::proposals::{Receipt, ReceiptVerification};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::dialogue_kit::esc;
use super::proposal_attachments::file_size;
use super::proposal_submit::receipt_state;
use crate::api;
use crate::components::form::Notice;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::static_pages::NotFoundPage;
use crate::session::use_session;
use crate::time;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            let id = p.get("id")?.parse::<i64>().ok()?;
            let receipt = p.get("receipt_id")?.parse::<i64>().ok()?;
            Some((id, receipt))
        })
    });
    focus::page_title(|t| t.rc_title.to_owned());
    let data = api::load(move || ids.get().map(|(id, r)| api::proposals::receipt_path(id, r)));
    let notice = RwSignal::new(None::<String>);
    if let Some(message) = use_session().take_flash() {
        set_timeout(
            move || notice.set(Some(message)),
            std::time::Duration::from_millis(300),
        );
    }
    move || {
        if ids.get().is_none() {
            return view! { <NotFoundPage /> }.into_any();
        }
        match api::read::<Receipt>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.error.code == kehto_shared::ErrorCode::Unauthenticated => {
                view! { <SignInRequired title=|t| t.rc_title /> }.into_any()
            }
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.rc_title)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
            Some(Ok(r)) => view! { <ReceiptView r=r notice=notice /> }.into_any(),
        }
    }
}

#[component]
fn ReceiptView(r: Receipt, notice: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    // Whole seconds, so `2026-11-22T16:05:03+00:00` → `2026-11-22 16:05:03 UTC`.
    let iso = r.received_at.to_rfc3339();
    let utc = iso.replace('T', " ").replace("+00:00", " UTC");
    let helsinki = r.received_at_helsinki.clone();
    let back = format!("/proposals/{}", r.proposal_id);
    let verify_path = format!(
        "{}/verify",
        api::proposals::receipt_path(r.proposal_id, r.id)
    );
    let result = RwSignal::new(None::<Result<ReceiptVerification, ApiError>>);
    let busy = RwSignal::new(false);
    let verify = move |_| {
        busy.set(true);
        result.set(None);
        let path = verify_path.clone();
        spawn_local(async move {
            result.set(api::read(Some(api::fetch(path).await)));
            busy.set(false);
        });
    };
    let at = r.received_at;
    let state = {
        let r = r.clone();
        move || {
            let (t, lang) = (i18n.t(), i18n.lang());
            let (class, label) = receipt_state(&r, t);
            let when = r
                .withdrawn_at
                .or(r.superseded_at)
                .map(|w| format!(" {}", time::format_helsinki(w, lang, false, t)));
            view! { <span class=class>{label}</span>{when} }
        }
    };
    let attachments = {
        let list = r.attachments.clone();
        move || {
            let (t, lang) = (i18n.t(), i18n.lang());
            if list.is_empty() {
                return format!(r#"<p class="muted">{}</p>"#, t.pe_attachments_none);
            }
            let mut h = format!(
                r#"<table class="receipt-files"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">SHA-256</th></tr></thead><tbody>"#,
                t.rc_file, t.rc_size
            );
            for a in &list {
                h += &format!(
                    r#"<tr><td>{}</td><td>{}</td><td><code class="digest">{}</code></td></tr>"#,
                    esc(&a.file_name),
                    file_size(a.size_bytes, lang, t),
                    esc(&a.sha256)
                );
            }
            h + "</tbody></table>"
        }
    };
    let outcome = move || {
        let t = i18n.t();
        match result.get() {
            None if busy.get() => view! { <p>{t.rc_verifying}</p> }.into_any(),
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="error-box">{e.error.message}</p> }.into_any(),
            Some(Ok(v)) => {
                let (class, text) = if v.valid {
                    ("notice", t.rc_valid)
                } else {
                    ("error-box", t.rc_invalid)
                };
                view! {
                    <div class=class id="rc-verify-outcome" data-valid=v.valid.to_string()>
                        <p>{text}</p>
                        <p>{t.rc_recomputed}": "<code class="digest">{v.recomputed}</code></p>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <article class="receipt" aria-labelledby="rc-heading">
            <h1 id="rc-heading">{tr(|t| t.rc_title)}</h1>
            <Notice message=notice />
            <p class="lead">{tr(|t| t.rc_intro)}</p>
            <dl class="facts vertical receipt-facts">
                <div>
                    <dt>{tr(|t| t.rc_version)}</dt>
                    <dd id="rc-version">{r.version}</dd>
                </div>
                <div>
                    <dt>{tr(|t| t.rc_received_utc)}</dt>
                    <dd id="rc-received-utc"><time datetime=iso.clone()>{utc}</time></dd>
                </div>
                <div>
                    <dt>{tr(|t| t.rc_received_helsinki)}</dt>
                    <dd id="rc-received-helsinki">
                        <time datetime=iso>{helsinki}</time>
                        " ("{move || time::format_instant(at, i18n.lang(), true)}")"
                    </dd>
                </div>
                <div>
                    <dt>{tr(|t| t.status)}</dt>
                    <dd id="rc-state">{state}</dd>
                </div>
                <div>
                    <dt>{tr(|t| t.rc_digest)}</dt>
                    <dd><code id="rc-digest" class="digest">{r.digest.clone()}</code></dd>
                </div>
            </dl>
            <h2>{tr(|t| t.rc_covers)}</h2>
            <p>{tr(|t| t.rc_covers_text)}</p>
            <h2>{tr(|t| t.pe_attachments_title)}</h2>
            <div id="rc-attachments" inner_html=attachments></div>
            <section class="no-print" aria-labelledby="rc-verify-title">
                <h2 id="rc-verify-title">{tr(|t| t.rc_verify_title)}</h2>
                <p class="hint">{tr(|t| t.rc_verify_hint)}</p>
                <button id="rc-verify" type="button" class="button-secondary" disabled=move || busy.get() on:click=verify>
                    {tr(|t| t.rc_verify)}
                </button>
                <div id="rc-verify-result" role="status" aria-live="polite">{outcome}</div>
            </section>
            <div class="form-actions no-print">
                <button id="rc-print" type="button" class="button-secondary" on:click=|_| {
                    let _ = window().print();
                }>{tr(|t| t.rc_print)}</button>
                <a id="rc-back" href=back>{tr(|t| t.rc_back)}</a>
            </div>
        </article>
    }
}
