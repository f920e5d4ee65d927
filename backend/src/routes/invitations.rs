//! Invitations: owners invite an e-mail address to their organisation; the person, signed in
//! with that address, accepts with the link's token and becomes a member with the offered role.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use kehto_shared::org::Role;
use kehto_shared::profile::{
    AcceptInvitationRequest, AcceptedInvitation, INVITATION_VALID_DAYS, InvitationPreview,
    InvitationRequest, InvitationStatus, InvitationView, PENDING_INVITATIONS_MAX,
};
use kehto_shared::validate::normalise_email;
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::auth::tokens;
use crate::db;
use crate::db::invitations::{Acceptance, InvitationRow, NewInvitation};
use crate::db::orgs::OrgRow;
use crate::error::{AppResult, Json, Path};
use crate::mail::invitation_templates::{InvitationMail, invitation};
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::profiles::profiled_org;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/organisations/{id}/invitations",
            get(list_invitations).post(invite),
        )
        .route(
            "/organisations/{id}/invitations/{invitation_id}",
            delete(revoke_invitation),
        )
        .route("/invitations/accept", post(accept_invitation))
        .route("/invitations/preview", post(preview_invitation))
}

fn view(r: InvitationRow, now: i64) -> InvitationView {
    let status = if r.accepted_at.is_some() {
        InvitationStatus::Accepted
    } else if r.revoked_at.is_some() {
        InvitationStatus::Revoked
    } else if r.expires_at <= now {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    };
    InvitationView {
        id: r.id,
        role: Role::from_code(&r.role).unwrap_or(Role::CompanyMember),
        email: r.email,
        status,
        invited_by: r.invited_by_name,
        created_at: to_time(r.created_at),
        expires_at: to_time(r.expires_at),
        accepted_at: opt_time(r.accepted_at),
    }
}

/// The organisation, if `user` may manage its members (403 otherwise; 404 if none).
async fn managed_org(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<OrgRow> {
    let org = profiled_org(state, id).await?;
    let action = Action::ManageMembers {
        org_id: id,
        kind: org.kind(),
    };
    if !allows(Some(&user.actor), action) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(org)
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/invitations", tag = "organisations", request_body = InvitationRequest,
    responses((status = 201, body = InvitationView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<InvitationRequest>,
) -> AppResult<(StatusCode, Json<InvitationView>)> {
    let org = managed_org(&state, &user, id).await?;
    req.validate(org.kind())?;
    let email = normalise_email(&req.email);
    let invitee = db::users::find_by_email(&state.db, &email).await?;
    if let Some(u) = &invitee
        && db::orgs::member_role(&state.db, id, u.id).await?.is_some()
    {
        return Err(ErrorCode::AlreadyMember.into());
    }
    let token = tokens::new_token();
    let now = state.now_ts();
    let new = NewInvitation {
        org_id: id,
        email: &email,
        role: req.role.code(),
        token_hash: &tokens::digest(&token),
        invited_by: user.user.id,
        now,
        expires_at: now + INVITATION_VALID_DAYS * 86_400,
    };
    let inv_id = db::invitations::insert(&state.db, &new, PENDING_INVITATIONS_MAX)
        .await?
        .ok_or(ErrorCode::LimitReached)?;
    // The invitee's own language if they have an account, otherwise the inviter's.
    let lang = invitee
        .as_ref()
        .map_or(user.user.lang.as_str(), |u| u.lang.as_str());
    let link = state
        .settings
        .link(&format!("/invitations/accept?token={token}"));
    let mail = invitation(&InvitationMail {
        lang: Lang::from_code(lang).unwrap_or(Lang::Fi),
        to: &email,
        inviter: &user.user.display_name,
        org_name: &org.name_fi,
        role: req.role,
        link: &link,
        valid_days: INVITATION_VALID_DAYS,
    });
    db::mail_queue::enqueue(&state.db, &mail, now).await?;
    crate::jobs::kick_mail(&state);
    audit(
        &state,
        Some(user.user.id),
        "invitation.created",
        "organisation",
        Some(id),
        format!("invitation={inv_id} email={email} role={}", req.role.code()),
        &ip,
    )
    .await?;
    let row = db::invitations::find(&state.db, id, inv_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((StatusCode::CREATED, Json(view(row, now))))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/invitations", tag = "organisations",
    responses((status = 200, body = Vec<InvitationView>), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<InvitationView>>> {
    managed_org(&state, &user, id).await?;
    let now = state.now_ts();
    let rows = db::invitations::list(&state.db, id).await?;
    Ok(Json(rows.into_iter().map(|r| view(r, now)).collect()))
}

#[utoipa::path(delete, path = "/api/v1/organisations/{id}/invitations/{invitation_id}", tag = "organisations",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, invitation_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    managed_org(&state, &user, id).await?;
    let row = db::invitations::find(&state.db, id, invitation_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    if row.accepted_at.is_some() {
        // The person is a member now: remove the membership instead.
        return Err(ErrorCode::InvitationAccepted.into());
    }
    if db::invitations::revoke(&state.db, id, invitation_id, state.now_ts()).await? {
        audit(
            &state,
            Some(user.user.id),
            "invitation.revoked",
            "organisation",
            Some(id),
            format!("invitation={invitation_id}"),
            &ip,
        )
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/invitations/preview", tag = "organisations", request_body = AcceptInvitationRequest,
    responses((status = 200, body = InvitationPreview), (status = 400, body = ApiError)))]
/// Shows the holder of a working invitation link who invites them where, so the accept page can
/// say it before anyone signs up or in. The token is the permission; nothing changes.
pub async fn preview_invitation(
    State(state): State<AppState>,
    Json(req): Json<AcceptInvitationRequest>,
) -> AppResult<Json<InvitationPreview>> {
    let hash = tokens::digest(req.token.trim());
    let inv = db::invitations::find_by_token(&state.db, &hash)
        .await?
        .filter(|i| i.is_open(state.now_ts()))
        .ok_or(ErrorCode::TokenInvalid)?;
    let org = db::orgs::find(&state.db, inv.org_id)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    Ok(Json(InvitationPreview {
        org: org.to_ref(),
        role: Role::from_code(&inv.role).unwrap_or(Role::CompanyMember),
        invited_by: inv.invited_by_name,
        email: inv.email,
        expires_at: crate::routes::challenge_view::to_time(inv.expires_at),
    }))
}

#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "organisations", request_body = AcceptInvitationRequest,
    responses((status = 200, body = AcceptedInvitation), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError), (status = 409, body = ApiError)))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(req): Json<AcceptInvitationRequest>,
) -> AppResult<Json<AcceptedInvitation>> {
    if user.user.email_verified_at.is_none() {
        return Err(ErrorCode::EmailNotVerified.into());
    }
    let hash = tokens::digest(req.token.trim());
    let inv = db::invitations::find_by_token(&state.db, &hash)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    let addressed_to_actor = inv.email == normalise_email(&user.user.email);
    if !allows(
        Some(&user.actor),
        Action::AcceptInvitation { addressed_to_actor },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let (org_id, role) =
        match db::invitations::accept(&state.db, &hash, user.user.id, state.now_ts()).await? {
            Acceptance::Joined { org_id, role } => (org_id, role),
            Acceptance::NotOpen => return Err(ErrorCode::TokenInvalid.into()),
            Acceptance::AlreadyMember => return Err(ErrorCode::AlreadyMember.into()),
        };
    audit(
        &state,
        Some(user.user.id),
        "invitation.accepted",
        "organisation",
        Some(org_id),
        format!("invitation={} user={} role={role}", inv.id, user.user.id),
        &ip,
    )
    .await?;
    let org = db::orgs::find(&state.db, org_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok(Json(AcceptedInvitation {
        org: org.to_ref(),
        role: Role::from_code(&role).unwrap_or(Role::CompanyMember),
    }))
}
