//! A challenge's evaluation criteria set: published with the challenge, defined by its
//! coordinators. Once the challenge is public every change is a new challenge version (written in
//! the same transaction); once proposals are open a change needs a reason; from the proposals
//! deadline on the set is frozen, because scores refer to its criteria keys.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use chrono::{DateTime, Utc};
use kehto_shared::challenge::{ChallengeField, ChallengeStatus};
use kehto_shared::evaluation::{CriteriaSet, CriteriaSetUpdate, CriteriaSetView};
use kehto_shared::notifications::NotificationKind;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::challenges::{ChallengeRecord, VersionWrite};
use crate::error::{AppError, AppResult, Json, Path};
use crate::notify::Notice;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{effective_status, opt_time, region_ids, to_input};
use crate::routes::challenges::{version_content, visible};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/challenges/{id}/criteria-set",
        get(get_criteria_set).put(put_criteria_set),
    )
}

/// From the proposals deadline on (or once the challenge has left the editable phases).
fn frozen(rec: &ChallengeRecord, now: DateTime<Utc>) -> bool {
    let status = effective_status(rec, now);
    !status.is_editable() || opt_time(rec.row.proposals_close_at).is_some_and(|c| now >= c)
}

fn view(rec: &ChallengeRecord, now: DateTime<Utc>) -> AppResult<CriteriaSetView> {
    let criteria_set: Option<CriteriaSet> = rec
        .row
        .criteria_set
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(CriteriaSetView {
        challenge_id: rec.row.id,
        criteria_set,
        version: u32::try_from(rec.version).unwrap_or(0),
        reason_required: effective_status(rec, now) == ChallengeStatus::ProposalsOpen,
        frozen: frozen(rec, now),
    })
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/criteria-set", tag = "evaluation",
    responses((status = 200, body = CriteriaSetView), (status = 404, body = ApiError)))]
pub async fn get_criteria_set(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<CriteriaSetView>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    Ok(Json(view(&rec, state.clock.now())?))
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}/criteria-set", tag = "evaluation", request_body = CriteriaSetUpdate,
    responses((status = 200, body = CriteriaSetView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`criteria_frozen` from the proposals deadline on; `conflict` for a stale `base_version`"),
              (status = 422, body = ApiError)))]
pub async fn put_criteria_set(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CriteriaSetUpdate>,
) -> AppResult<Json<CriteriaSetView>> {
    let mut rec = visible(&state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::ManageEvaluation { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now();
    if frozen(&rec, now) {
        return Err(ErrorCode::CriteriaFrozen.into());
    }
    if req
        .base_version
        .is_some_and(|v| i64::from(v) != rec.version)
    {
        return Err(ErrorCode::Conflict.into());
    }
    let status = effective_status(&rec, now);
    req.validate(status == ChallengeStatus::ProposalsOpen)?;
    let json =
        serde_json::to_string(&req.criteria_set).map_err(|e| AppError::Internal(e.into()))?;
    if rec.row.criteria_set.as_deref() == Some(json.as_str()) {
        // Saving the same set again changes nothing and writes no version.
        return Ok(Json(view(&rec, now)?));
    }
    let published = status != ChallengeStatus::Draft;
    if published && rec.version == 0 {
        // Published before versions were kept: its current content becomes version 1.
        let first = VersionWrite {
            content_json: version_content(&to_input(&rec), rec.row.criteria_set.as_deref())?,
            changed: String::new(),
            reason: None,
            user_id: None,
        };
        db::challenges::add_version(&state.db, id, &first, rec.row.updated_at).await?;
        rec.version = 1;
    }
    let reason = req
        .change_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let code = ChallengeField::EvaluationCriteria.code();
    let version = VersionWrite {
        content_json: version_content(&to_input(&rec), Some(&json))?,
        changed: code.to_owned(),
        reason,
        user_id: Some(user.user.id),
    };
    let versioned = published.then_some((&version, rec.version));
    if !db::challenges::set_criteria_set(
        &state.db,
        id,
        &rec.row.status,
        &json,
        versioned,
        now.timestamp(),
    )
    .await?
    {
        return Err(ErrorCode::Conflict.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "challenge.criteria_set",
        "challenge",
        Some(id),
        format!(
            "criteria={} requirements={}",
            req.criteria_set.criteria.len(),
            req.criteria_set.requirements.len()
        ),
        &ip,
    )
    .await?;
    let rec = db::challenges::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    if published {
        crate::notify::followers(
            &state,
            &Notice {
                kind: NotificationKind::ChallengeChanged,
                challenge_id: id,
                challenge_title: &rec.row.title,
                detail: code,
            },
            &[],
            Some(user.user.id),
        )
        .await;
    }
    Ok(Json(view(&rec, now)?))
}
