//! Uploading a proposal attachment with `XMLHttpRequest`, the one browser API that reports an
//! upload's progress (`fetch` does not). The file's bytes are the request's body; the headers are
//! those of every other state-changing call (see [`super::super`]): `X-Requested-With: kehto` and
//! `Accept-Language`. An error answer is read as the JSON envelope, like any other call.

use js_sys::Promise;
use kehto_shared::ApiError;
use kehto_shared::proposals::AttachmentView;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

use super::super::{BASE, from_status, internal, parse};
use crate::{i18n, time};

/// Sends `file` as a new attachment of proposal `proposal_id` under its own name; `progress`
/// hears the percentage sent (0–100) as the browser reports it.
pub async fn upload_attachment(
    proposal_id: i64,
    file: &File,
    progress: Box<dyn Fn(u32)>,
) -> Result<AttachmentView, ApiError> {
    let lang = i18n::current_lang();
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let url = format!("{BASE}/proposals/{proposal_id}/attachments?name={name}");
    let xhr = XmlHttpRequest::new().map_err(|_| internal(lang))?;
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress((e.loaded() * 100.0 / e.total()) as u32);
        }
    });
    let sent = (|| {
        xhr.open_with_async("POST", &url, true)?;
        for (k, v) in [
            ("Accept", "application/json"),
            ("Accept-Language", lang.code()),
            ("X-Requested-With", "kehto"),
            ("Content-Type", "application/octet-stream"),
        ] {
            xhr.set_request_header(k, v)?;
        }
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        Ok::<(), wasm_bindgen::JsValue>(())
    })();
    sent.map_err(|_| internal(lang))?;
    // Settles when the exchange ends, whether it succeeded, failed or was aborted.
    let done = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| internal(lang))?;
    let _ = JsFuture::from(done).await;
    drop(on_progress);
    if let Ok(Some(date)) = xhr.get_response_header("Date") {
        time::observe_server_date(&date);
    }
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        200..=299 => parse(&text),
        // 0: the network failed or the request never reached the server.
        0 => Err(internal(lang)),
        _ => Err(parse::<ApiError>(&text).unwrap_or_else(|_| from_status(status, lang))),
    }
}
