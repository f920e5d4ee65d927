//! A challenge's evaluators: coordinators invite experts by e-mail (a single-use link valid for
//! 7 days, accepted by the signed-in, verified user with that address) or add the owning
//! region's staff directly; they list and remove them. Being an evaluator is a role on one
//! challenge, not a membership of an organisation.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{
    AcceptedEvaluatorInvitation, AddEvaluatorRequest, EvaluatorInvitationRequest,
    EvaluatorInvitationView, EvaluatorSource, EvaluatorView, EvaluatorsView,
};
use kehto_shared::org::OrgKind;
use kehto_shared::profile::{
    AcceptInvitationRequest, INVITATION_VALID_DAYS, InvitationStatus, PENDING_INVITATIONS_MAX,
};
use kehto_shared::validate::normalise_email;
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::auth::tokens;
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::evaluation::{EvaluatorInvitationRow, EvaluatorRow, NewEvaluatorInvitation};
use crate::error::{AppError, AppResult, Json, Path};
use crate::mail::evaluation_templates::{EvaluatorInvitationMail, evaluator_invitation};
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{opt_time, region_ids, to_time};
use crate::routes::challenges::visible;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/evaluators",
            get(list_evaluators).post(add_evaluator),
        )
        .route(
            "/challenges/{id}/evaluators/{user_id}",
            delete(remove_evaluator),
        )
        .route(
            "/challenges/{id}/evaluator-invitations",
            post(invite_evaluator),
        )
        .route(
            "/challenges/{id}/evaluator-invitations/{invitation_id}",
            delete(revoke_evaluator_invitation),
        )
        .route(
            "/evaluator-invitations/accept",
            post(accept_evaluator_invitation),
        )
}

/// The challenge, if `user` runs its evaluation (403 otherwise; 404 if they cannot see it).
pub(crate) async fn managed(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<ChallengeRecord> {
    let rec = visible(state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::ManageEvaluation { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(rec)
}

fn evaluator_view(r: EvaluatorRow) -> EvaluatorView {
    EvaluatorView {
        user_id: r.user_id,
        display_name: r.display_name,
        email: r.email,
        source: if r.source == "staff" {
            EvaluatorSource::Staff
        } else {
            EvaluatorSource::Invited
        },
        added_at: to_time(r.added_at),
    }
}

fn invitation_view(r: EvaluatorInvitationRow, now: i64) -> EvaluatorInvitationView {
    let status = if r.accepted_at.is_some() {
        InvitationStatus::Accepted
    } else if r.revoked_at.is_some() {
        InvitationStatus::Revoked
    } else if r.expires_at <= now {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    };
    EvaluatorInvitationView {
        id: r.id,
        email: r.email,
        status,
        invited_by: r.invited_by_name,
        created_at: to_time(r.created_at),
        expires_at: to_time(r.expires_at),
        accepted_at: opt_time(r.accepted_at),
    }
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/evaluators", tag = "evaluation",
    responses((status = 200, body = EvaluatorsView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list_evaluators(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<EvaluatorsView>> {
    managed(&state, &user, id).await?;
    let now = state.now_ts();
    Ok(Json(EvaluatorsView {
        evaluators: db::evaluation::evaluators(&state.db, id)
            .await?
            .into_iter()
            .map(evaluator_view)
            .collect(),
        invitations: db::evaluation::invitations(&state.db, id)
            .await?
            .into_iter()
            .map(|r| invitation_view(r, now))
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/evaluators", tag = "evaluation", request_body = AddEvaluatorRequest,
    responses((status = 201, body = EvaluatorView), (status = 200, body = EvaluatorView, description = "already an evaluator"),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_evaluator(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AddEvaluatorRequest>,
) -> AppResult<(StatusCode, Json<EvaluatorView>)> {
    let rec = managed(&state, &user, id).await?;
    let not_staff = || AppError::field("user_id", FieldCode::InvalidChoice);
    let person = db::users::find_by_id(&state.db, req.user_id)
        .await?
        .ok_or_else(not_staff)?;
    let staff_of: Vec<i64> = db::users::memberships(&state.db, person.id)
        .await?
        .iter()
        .filter(|m| m.kind() == OrgKind::Region)
        .map(|m| m.org_id)
        .collect();
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::AddStaffEvaluator {
            regions: &regions,
            staff_of: &staff_of,
        },
    ) {
        return Err(not_staff());
    }
    let added = db::evaluation::add_evaluator(
        &state.db,
        id,
        person.id,
        "staff",
        user.user.id,
        state.now_ts(),
    )
    .await?;
    if added {
        audit(
            &state,
            Some(user.user.id),
            "evaluator.added",
            "challenge",
            Some(id),
            format!("user={}", person.id),
            &ip,
        )
        .await?;
    }
    let row = db::evaluation::evaluators(&state.db, id)
        .await?
        .into_iter()
        .find(|e| e.user_id == person.id)
        .ok_or(ErrorCode::Internal)?;
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(evaluator_view(row))))
}

#[utoipa::path(delete, path = "/api/v1/challenges/{id}/evaluators/{user_id}", tag = "evaluation",
    responses((status = 204, description = "the role ends together with the person's assignments on the challenge"),
              (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove_evaluator(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, user_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    managed(&state, &user, id).await?;
    if !db::evaluation::remove_evaluator(&state.db, id, user_id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "evaluator.removed",
        "challenge",
        Some(id),
        format!("user={user_id}"),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/evaluator-invitations", tag = "evaluation", request_body = EvaluatorInvitationRequest,
    responses((status = 201, body = EvaluatorInvitationView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`conflict` if the address is an evaluator already; `limit_reached` beyond 50 open"),
              (status = 422, body = ApiError)))]
pub async fn invite_evaluator(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<EvaluatorInvitationRequest>,
) -> AppResult<(StatusCode, Json<EvaluatorInvitationView>)> {
    let rec = managed(&state, &user, id).await?;
    req.validate()?;
    let email = normalise_email(&req.email);
    let invitee = db::users::find_by_email(&state.db, &email).await?;
    if let Some(u) = &invitee
        && db::evaluation::is_evaluator(&state.db, id, u.id).await?
    {
        return Err(ErrorCode::AlreadyEvaluator.into());
    }
    let token = tokens::new_token();
    let now = state.now_ts();
    let new = NewEvaluatorInvitation {
        challenge_id: id,
        email: &email,
        token_hash: &tokens::digest(&token),
        invited_by: user.user.id,
        now,
        expires_at: now + INVITATION_VALID_DAYS * 86_400,
    };
    let inv_id = db::evaluation::invite(&state.db, &new, PENDING_INVITATIONS_MAX)
        .await?
        .ok_or(ErrorCode::LimitReached)?;
    // The invitee's own language if they have an account, otherwise the challenge's.
    let lang = invitee
        .as_ref()
        .map_or(rec.row.content_lang.as_str(), |u| u.lang.as_str());
    let link = state
        .settings
        .link(&format!("/evaluations/accept?token={token}"));
    let mail = evaluator_invitation(&EvaluatorInvitationMail {
        lang: Lang::from_code(lang).unwrap_or(Lang::Fi),
        to: &email,
        inviter: &user.user.display_name,
        challenge: &rec.row.title,
        link: &link,
        valid_days: INVITATION_VALID_DAYS,
    });
    db::mail_queue::enqueue(&state.db, &mail, now).await?;
    crate::jobs::kick_mail(&state);
    audit(
        &state,
        Some(user.user.id),
        "evaluator_invitation.created",
        "challenge",
        Some(id),
        format!("invitation={inv_id} email={email}"),
        &ip,
    )
    .await?;
    let row = db::evaluation::invitation(&state.db, id, inv_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((StatusCode::CREATED, Json(invitation_view(row, now))))
}

#[utoipa::path(delete, path = "/api/v1/challenges/{id}/evaluator-invitations/{invitation_id}", tag = "evaluation",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`invitation_accepted`: remove the evaluator instead")))]
pub async fn revoke_evaluator_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, invitation_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    managed(&state, &user, id).await?;
    let row = db::evaluation::invitation(&state.db, id, invitation_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    if row.accepted_at.is_some() {
        return Err(ErrorCode::InvitationAccepted.into());
    }
    if db::evaluation::revoke_invitation(&state.db, id, invitation_id, state.now_ts()).await? {
        audit(
            &state,
            Some(user.user.id),
            "evaluator_invitation.revoked",
            "challenge",
            Some(id),
            format!("invitation={invitation_id}"),
            &ip,
        )
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/evaluator-invitations/accept", tag = "evaluation", request_body = AcceptInvitationRequest,
    responses((status = 200, body = AcceptedEvaluatorInvitation),
              (status = 400, body = ApiError, description = "`token_invalid`: unknown, expired, used or revoked"),
              (status = 401, body = ApiError), (status = 403, body = ApiError, description = "addressed to someone else, or the address is not verified")))]
pub async fn accept_evaluator_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(req): Json<AcceptInvitationRequest>,
) -> AppResult<Json<AcceptedEvaluatorInvitation>> {
    if user.user.email_verified_at.is_none() {
        return Err(ErrorCode::EmailNotVerified.into());
    }
    let hash = tokens::digest(req.token.trim());
    let inv = db::evaluation::invitation_by_token(&state.db, &hash)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    let addressed_to_actor = inv.email == normalise_email(&user.user.email);
    if !allows(
        Some(&user.actor),
        Action::AcceptInvitation { addressed_to_actor },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let challenge_id =
        db::evaluation::accept_invitation(&state.db, &hash, user.user.id, state.now_ts())
            .await?
            .ok_or(ErrorCode::TokenInvalid)?;
    audit(
        &state,
        Some(user.user.id),
        "evaluator_invitation.accepted",
        "challenge",
        Some(challenge_id),
        format!("invitation={} user={}", inv.id, user.user.id),
        &ip,
    )
    .await?;
    let rec = db::challenges::find(&state.db, challenge_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok(Json(AcceptedEvaluatorInvitation {
        challenge_id,
        challenge_title: rec.row.title,
    }))
}
