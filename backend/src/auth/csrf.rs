//! Cross-site request forgery protection for the API.
//!
//! Every state-changing request must carry `X-Requested-With: kehto` — a custom header that a
//! browser will not send cross-site without a CORS pre-flight, which this server never grants —
//! and, when the browser names an `Origin`, it must be the service's own. SameSite=Lax cookies
//! are the second line.

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kehto_shared::ErrorCode;

use crate::error::AppError;
use crate::state::AppState;

pub const HEADER: &str = "x-requested-with";
pub const HEADER_VALUE: &str = "kehto";

pub async fn require_same_origin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let marked = headers.get(HEADER).and_then(|v| v.to_str().ok()) == Some(HEADER_VALUE);
    let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => origin.trim_end_matches('/') == state.settings.origin(),
    };
    if marked && origin_ok {
        next.run(req).await
    } else {
        AppError::Code(ErrorCode::CsrfRejected).into_response()
    }
}
