//! The record of a challenge's evaluation, for its coordinators: the evaluation table as CSV
//! and XLSX downloads ([`crate::evaluation_table`]) and the printable report
//! ([`crate::evaluation_report`]), each in `?lang=fi|sv|en` (Finnish by default). Every
//! download is written to the audit log, and each proposal it shows to the access log.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kehto_shared::{ApiError, Lang};
use serde::Deserialize;

use crate::auth::session::{ClientIp, CurrentUser};
use crate::error::{AppError, AppResult, Path};
use crate::evaluation_table::{csv, table, xlsx};
use crate::routes::accounts::audit;
use crate::routes::board::log_listing;
use crate::routes::evaluation_state::{self, Evaluation};
use crate::routes::evaluators::managed;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/evaluation/export.csv", get(export_csv))
        .route("/challenges/{id}/evaluation/export.xlsx", get(export_xlsx))
        .route("/challenges/{id}/evaluation/report", get(evaluation_report))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LangParam {
    /// `fi` (default), `sv` or `en`: headings, labels and decimal separators.
    pub lang: Option<Lang>,
}

/// The evaluation of a challenge the caller coordinates; its proposals logged as `what`.
async fn record(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    what: &str,
) -> AppResult<Evaluation> {
    let rec = managed(state, user, id).await?;
    let ev = evaluation_state::load(state, rec, true).await?;
    let mut shown: Vec<i64> = ev.round_proposals.iter().map(|(_, p)| *p).collect();
    shown.sort_unstable();
    shown.dedup();
    log_listing(state, user, ip, &shown, what).await?;
    Ok(ev)
}

fn download(body: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/evaluation/export.csv", tag = "evaluation", params(LangParam),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 with BOM, `;`-separated, CRLF; decimals as in the language"),
              (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<LangParam>,
) -> AppResult<Response> {
    let lang = q.lang.unwrap_or(Lang::Fi);
    let ev = record(&state, &user, &ip, id, "export").await?;
    let t = table(&ev, lang);
    audit(
        &state,
        Some(user.user.id),
        "evaluation.exported",
        "challenge",
        Some(id),
        format!("format=csv lang={} rows={}", lang.code(), t.rows.len()),
        &ip,
    )
    .await?;
    Ok(download(
        csv(&t),
        "text/csv; charset=utf-8",
        &format!("kehto-evaluation-{id}.csv"),
    ))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/evaluation/export.xlsx", tag = "evaluation", params(LangParam),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn export_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<LangParam>,
) -> AppResult<Response> {
    let lang = q.lang.unwrap_or(Lang::Fi);
    let ev = record(&state, &user, &ip, id, "export").await?;
    let t = table(&ev, lang);
    let bytes = xlsx(&t).map_err(|e| AppError::Internal(e.into()))?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.exported",
        "challenge",
        Some(id),
        format!("format=xlsx lang={} rows={}", lang.code(), t.rows.len()),
        &ip,
    )
    .await?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("kehto-evaluation-{id}.xlsx"),
    ))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/evaluation/report", tag = "evaluation", params(LangParam),
    responses((status = 200, content_type = "text/html", description = "a standalone printable HTML document"),
              (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn evaluation_report(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<LangParam>,
) -> AppResult<Response> {
    let lang = q.lang.unwrap_or(Lang::Fi);
    let ev = record(&state, &user, &ip, id, "report").await?;
    let html = crate::evaluation_report::report(&ev, lang, state.clock.now());
    audit(
        &state,
        Some(user.user.id),
        "evaluation.report_viewed",
        "challenge",
        Some(id),
        format!("lang={} rounds={}", lang.code(), ev.rounds.len()),
        &ip,
    )
    .await?;
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Styles inline, nothing else: no scripts, no external resources.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    Ok(res)
}
