//! The change log of a published challenge and its earlier versions, for everyone who can see
//! the challenge.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use kehto_shared::challenge::{
    ChallengeField, ChallengeInput, ChallengeVersionSummary, ChallengeVersionView,
};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::session::MaybeUser;
use crate::db;
use crate::db::challenges::VersionRow;
use crate::error::{AppResult, Json, Path};
use crate::markdown;
use crate::routes::challenge_view::to_time;
use crate::routes::challenges::visible;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/versions", get(list_versions))
        .route("/challenges/{id}/versions/{number}", get(get_version))
}

fn summary(v: &VersionRow) -> ChallengeVersionSummary {
    ChallengeVersionSummary {
        number: u32::try_from(v.number).unwrap_or(0),
        created_at: to_time(v.created_at),
        changed: v
            .changed
            .split(',')
            .filter_map(ChallengeField::from_code)
            .collect(),
        reason: v.reason.clone(),
    }
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/versions", tag = "challenges",
    responses((status = 200, body = Vec<ChallengeVersionSummary>), (status = 404, body = ApiError)))]
pub async fn list_versions(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ChallengeVersionSummary>>> {
    visible(&state, id, viewer.actor()).await?;
    let rows = db::challenges::versions(&state.db, id).await?;
    Ok(Json(rows.iter().map(summary).collect()))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/versions/{number}", tag = "challenges",
    responses((status = 200, body = ChallengeVersionView), (status = 404, body = ApiError)))]
pub async fn get_version(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path((id, number)): Path<(i64, i64)>,
) -> AppResult<Json<ChallengeVersionView>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    let row = db::challenges::version(&state.db, id, number)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let content: ChallengeInput =
        serde_json::from_str(&row.content).map_err(|_| ErrorCode::Internal)?;
    Ok(Json(ChallengeVersionView {
        summary: summary(&row),
        description_html: markdown::render(&content.description),
        evaluation_criteria_html: markdown::render(&content.evaluation_criteria),
        content,
        latest: u32::try_from(rec.version).unwrap_or(0),
    }))
}
