//! `AppError`: the only error type handlers return, rendered as the one JSON envelope of
//! `kehto_shared::ApiError` in the request's language.
//!
//! A handler cannot see the request's language when its error is turned into a response, so
//! the error travels in the response's extensions and the [`localise_errors`] middleware, which
//! does know the language, writes the body. Database and other internal errors are logged with
//! detail and shown to users only as `internal`.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kehto_shared::error::{FieldCode, FieldError};
use kehto_shared::{ApiError, ErrorCode, Lang};

#[derive(Debug)]
pub enum AppError {
    Code(ErrorCode),
    Validation(Vec<FieldError>),
    RateLimited { retry_after_secs: u64 },
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(field: &str, code: FieldCode) -> Self {
        AppError::Validation(vec![FieldError::new(field, code)])
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::Code(code)
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(fields: Vec<FieldError>) -> Self {
        AppError::Validation(fields)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

/// The unlocalised error, carried to [`localise_errors`].
#[derive(Debug, Clone)]
struct PendingError {
    code: ErrorCode,
    fields: Vec<FieldError>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (code, fields, retry) = match self {
            AppError::Code(code) => (code, vec![], None),
            AppError::Validation(fields) => (ErrorCode::ValidationFailed, fields, None),
            AppError::RateLimited { retry_after_secs } => {
                (ErrorCode::RateLimited, vec![], Some(retry_after_secs))
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (ErrorCode::Internal, vec![], None)
            }
        };
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // A complete body in Finnish, in case no middleware localises it.
        let mut res = (status, render(code, fields.clone(), Lang::Fi)).into_response();
        if let Some(secs) = retry
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(PendingError { code, fields });
        res
    }
}

fn render(code: ErrorCode, fields: Vec<FieldError>, lang: Lang) -> axum::Json<ApiError> {
    let mut body = if fields.is_empty() {
        ApiError::new(code, lang)
    } else {
        ApiError::validation(fields, lang)
    };
    body.error.code = code;
    axum::Json(body)
}

/// The language of a request, from `Accept-Language` (Finnish when absent).
pub fn request_lang(req: &Request) -> Lang {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or(Lang::Fi)
}

/// Middleware: rewrites error bodies in the request's language.
pub async fn localise_errors(req: Request, next: Next) -> Response {
    let lang = request_lang(&req);
    let res = next.run(req).await;
    let Some(pending) = res.extensions().get::<PendingError>().cloned() else {
        return res;
    };
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = render(pending.code, pending.fields, lang)
        .into_response()
        .into_body();
    Response::from_parts(parts, body)
}

/// A JSON body extractor whose failures become the error envelope: not JSON at all is 400
/// `malformed_request`; JSON of the wrong shape is 422 with the offending field's path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !is_json {
            return Err(AppError::Code(ErrorCode::UnsupportedMediaType));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::Code(ErrorCode::PayloadTooLarge)
                } else {
                    AppError::Code(ErrorCode::MalformedRequest)
                }
            })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| AppError::Code(ErrorCode::MalformedRequest))?;
        serde_path_to_error::deserialize(value)
            .map(Json)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                AppError::Validation(vec![field_error_at(&path, &inner)])
            })
    }
}

/// The field error for a serde failure at `path` ("." is the whole body).
fn field_error_at(path: &str, message: &str) -> FieldError {
    let field = if path == "." { "" } else { path };
    if let Some(rest) = message.split("missing field `").nth(1) {
        let name = rest.split('`').next().unwrap_or("");
        let full = if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        };
        return FieldError::new(full, FieldCode::Required);
    }
    FieldError::new(field, FieldCode::InvalidChoice)
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejections become the error envelope.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` whose rejections become the error envelope (a malformed id is simply
/// not found).
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::Validation(vec![field_from_serde(&r.body_text())])
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::Code(ErrorCode::NotFound)
    }
}

/// Turns a query-string error ("…: trl: invalid digit…") into a field error naming the field.
fn field_from_serde(text: &str) -> FieldError {
    let detail = text
        .split_once("target type: ")
        .map(|(_, d)| d)
        .unwrap_or(text);
    let detail = detail
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(detail);
    if let Some(rest) = detail.split("missing field `").nth(1) {
        let name = rest.split('`').next().unwrap_or("");
        return FieldError::new(name, FieldCode::Required);
    }
    let path = detail
        .split(": ")
        .next()
        .filter(|p| !p.contains(' '))
        .unwrap_or("");
    let path = if path.starts_with("unknown variant") || path.starts_with("invalid") {
        ""
    } else {
        path
    };
    FieldError::new(path, FieldCode::InvalidChoice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_name_the_field() {
        let f = field_from_serde(
            "Failed to deserialize the JSON body into the target type: missing field `title` at line 1 column 20",
        );
        assert_eq!((f.field.as_str(), f.code), ("title", FieldCode::Required));
        let f = field_from_serde(
            "Failed to deserialize the JSON body into the target type: model: unknown variant `x`, expected one of …",
        );
        assert_eq!(
            (f.field.as_str(), f.code),
            ("model", FieldCode::InvalidChoice)
        );
        let f = field_from_serde(
            "Failed to deserialize query string: trl: invalid digit found in string",
        );
        assert_eq!(f.field, "trl");
    }
}
