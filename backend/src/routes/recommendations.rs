//! Recommended challenges for a company or research organisation: its members see the open
//! challenges that fit its public profile best, with the reasons in their language.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use kehto_shared::matchmaking::{MatchQuery, RecommendationsView};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::CurrentUser;
use crate::error::{AppResult, Json, Path, Query};
use crate::matchmaking::service;
use crate::matchmaking::view::reply_lang;
use crate::routes::profiles::profiled_org;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organisations/{id}/recommendations",
        get(get_recommendations),
    )
}

/// Open challenges (published, deadline ahead) ranked for the organisation's public profile.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/recommendations", tag = "matchmaking", params(MatchQuery),
    responses((status = 200, body = RecommendationsView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn get_recommendations(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<Json<RecommendationsView>> {
    q.validate()?;
    let org = profiled_org(&state, id).await?;
    if !allows(
        Some(&user.actor),
        Action::ViewRecommendations { org_id: id },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let lang = reply_lang(&headers, Some(&user.user));
    Ok(Json(
        service::recommendations(&state, &org, lang, q.limit()).await?,
    ))
}
