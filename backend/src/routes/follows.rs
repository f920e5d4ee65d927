//! Following challenges and saving board searches: what a user wants to hear about.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, put};
use kehto_shared::error::FieldCode;
use kehto_shared::matchmaking::FitLevel;
use kehto_shared::notifications::{
    AlertFrequency, FollowedChallenge, SAVED_SEARCHES_MAX, SavedSearch, SavedSearchInput,
    SavedSearchKind,
};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::follows::{NewSavedSearch, SavedSearchRow};
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::challenges::visible;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/follow",
            put(follow_challenge).delete(unfollow_challenge),
        )
        .route("/me/follows", get(list_follows))
        .route(
            "/me/saved-searches",
            get(list_saved_searches).post(save_search),
        )
        .route("/me/saved-searches/{id}", delete(delete_saved_search))
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}/follow", tag = "notifications",
    responses((status = 204), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn follow_challenge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    visible(&state, id, Some(&user.actor)).await?;
    db::follows::follow(&state.db, user.user.id, id, state.now_ts()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/challenges/{id}/follow", tag = "notifications",
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn unfollow_challenge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    db::follows::unfollow(&state.db, user.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/follows", tag = "notifications",
    responses((status = 200, body = Vec<FollowedChallenge>), (status = 401, body = ApiError)))]
pub async fn list_follows(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Vec<FollowedChallenge>>> {
    let rows = db::follows::followed_by(&state.db, user.user.id).await?;
    Ok(Json(
        rows.into_iter()
            // A followed challenge returned to draft is not shown until published again.
            .filter(|r| r.status != "draft")
            .map(|r| FollowedChallenge {
                challenge_id: r.challenge_id,
                title: r.title,
                proposals_close_at: opt_time(r.proposals_close_at),
                followed_at: to_time(r.followed_at),
            })
            .collect(),
    ))
}

fn to_saved(r: SavedSearchRow) -> SavedSearch {
    SavedSearch {
        id: r.id,
        input: SavedSearchInput {
            name: r.name,
            region: r.region_code,
            theme: r
                .theme
                .as_deref()
                .and_then(kehto_shared::challenge::Theme::from_code),
            model: r
                .model
                .as_deref()
                .and_then(kehto_shared::challenge::CooperationModel::from_code),
            q: r.q,
            kind: SavedSearchKind::from_code(&r.kind).unwrap_or_default(),
            org_id: r.org_id,
            min_fit: r.min_fit.as_deref().and_then(FitLevel::from_code),
            frequency: AlertFrequency::from_code(&r.frequency).unwrap_or_default(),
        },
        created_at: to_time(r.created_at),
    }
}

#[utoipa::path(get, path = "/api/v1/me/saved-searches", tag = "notifications",
    responses((status = 200, body = Vec<SavedSearch>), (status = 401, body = ApiError)))]
pub async fn list_saved_searches(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Vec<SavedSearch>>> {
    let rows = db::follows::searches_of(&state.db, user.user.id).await?;
    Ok(Json(rows.into_iter().map(to_saved).collect()))
}

#[utoipa::path(post, path = "/api/v1/me/saved-searches", tag = "notifications", request_body = SavedSearchInput,
    responses((status = 201, body = SavedSearch), (status = 401, body = ApiError), (status = 409, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn save_search(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(input): Json<SavedSearchInput>,
) -> AppResult<(StatusCode, Json<SavedSearch>)> {
    input.validate()?;
    if let Some(org_id) = input.org_id
        && !allows(Some(&user.actor), Action::ViewRecommendations { org_id })
    {
        // Recommendations are for the organisation's own members.
        return Err(AppError::field("org_id", FieldCode::InvalidChoice));
    }
    let min_fit = match input.kind {
        SavedSearchKind::Recommendations => Some(input.min_fit.unwrap_or(FitLevel::Good)),
        SavedSearchKind::Board => None,
    };
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let region = nonempty(&input.region);
    let q = nonempty(&input.q);
    let new = NewSavedSearch {
        user_id: user.user.id,
        name: input.name.trim(),
        region_code: region.as_deref(),
        theme: input.theme.map(|t| t.code()),
        model: input.model.map(|m| m.code()),
        q: q.as_deref(),
        kind: input.kind.code(),
        org_id: input.org_id,
        min_fit: min_fit.map(FitLevel::code),
        frequency: input.frequency.code(),
        now: state.now_ts(),
    };
    let id = db::follows::insert_search(&state.db, &new, SAVED_SEARCHES_MAX as i64)
        .await?
        .ok_or(ErrorCode::LimitReached)?;
    crate::routes::accounts::audit(
        &state,
        Some(user.user.id),
        "saved_search.created",
        "saved_search",
        Some(id),
        format!(
            "kind={} frequency={}{}",
            input.kind.code(),
            input.frequency.code(),
            input
                .org_id
                .map(|o| format!(" org={o}"))
                .unwrap_or_default()
        ),
        &ip,
    )
    .await?;
    let row = db::follows::searches_of(&state.db, user.user.id)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(ErrorCode::Internal)?;
    Ok((StatusCode::CREATED, Json(to_saved(row))))
}

#[utoipa::path(delete, path = "/api/v1/me/saved-searches/{id}", tag = "notifications",
    responses((status = 204), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn delete_saved_search(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    if !db::follows::delete_search(&state.db, user.user.id, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}
