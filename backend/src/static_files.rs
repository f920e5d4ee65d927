//! Serving the built front end: hashed assets cached for a year, `index.html` for every client
//! route, precompressed `.br`/`.gz` siblings when the browser accepts them, and a Content
//! Security Policy that allows exactly the inline loader script trunk writes into `index.html`.
//!
//! `index.html` is re-read (and its policy recomputed) when it changes on disk, so a rebuilt
//! front end is served correctly without restarting the server.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

/// `index.html` as last read, with the policy that fits it.
#[derive(Default)]
struct IndexCache {
    modified: Option<SystemTime>,
    html: String,
    csp: String,
}

/// The front-end router for `dir`: files as they are, anything else gets `index.html`.
pub fn router(dir: &Path) -> Router {
    let index_path = Arc::new(dir.join("index.html"));
    let cache = Arc::new(Mutex::new(IndexCache::default()));
    let index = move |uri: Uri| {
        let path = index_path.clone();
        let cache = cache.clone();
        async move {
            // A missing file (a name with an extension) is a 404, never the app shell: otherwise
            // a cache could keep HTML under an asset's name.
            let last = uri.path().rsplit('/').next().unwrap_or_default();
            if last.contains('.') && last != "index.html" {
                return StatusCode::NOT_FOUND.into_response();
            }
            serve_index(&path, &cache).await
        }
    };
    let serve = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(get(index.clone()));
    Router::new()
        .route("/", get(index.clone()))
        .route("/index.html", get(index))
        .fallback_service(serve)
        .layer(middleware::from_fn(cache_headers))
}

async fn serve_index(path: &PathBuf, cache: &Mutex<IndexCache>) -> Response {
    let modified = tokio::fs::metadata(path)
        .await
        .and_then(|m| m.modified())
        .ok();
    let cached = cache
        .lock()
        .ok()
        .filter(|c| c.modified.is_some() && c.modified == modified)
        .map(|c| (c.html.clone(), c.csp.clone()));
    let (html, csp) = match cached {
        Some(hit) => hit,
        None => match tokio::fs::read_to_string(path).await {
            Ok(html) => {
                let csp = content_security_policy(Some(&html));
                if let Ok(mut c) = cache.lock() {
                    *c = IndexCache {
                        modified,
                        html: html.clone(),
                        csp: csp.clone(),
                    };
                }
                (html, csp)
            }
            Err(e) => {
                tracing::error!(error = ?e, path = %path.display(), "front end missing");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let csp = HeaderValue::from_str(&csp)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let html_type = HeaderValue::from_static("text/html; charset=utf-8");
    (
        [
            (header::CONTENT_TYPE, html_type),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        html,
    )
        .into_response()
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let hashed = [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| path.ends_with(ext))
        && path.contains('-');
    let value = if hashed && res.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// The Content-Security-Policy for the app: own origin only, WebAssembly allowed, and the
/// inline scripts of `index.html` allowed by their SHA-256.
pub fn content_security_policy(index_html: Option<&str>) -> String {
    let hashes: Vec<String> = index_html.map(inline_script_hashes).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        let body = &body_and_more[..close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_and_more[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">init();</script>"#;
        let h = inline_script_hashes(html);
        assert_eq!(h.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init();"));
        assert_eq!(h[0], format!("'sha256-{expected}'"));
        assert!(content_security_policy(Some(html)).contains(&expected));
    }
}
