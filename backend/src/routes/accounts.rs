//! Sign-up, e-mail verification and password reset.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use kehto_shared::account::{
    PasswordResetConfirm, PasswordResetRequest, RegisterRequest, UserView, VerifyEmailRequest,
};
use kehto_shared::error::FieldCode;
use kehto_shared::validate::{is_plausible_email, normalise_email};
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::password::is_too_common;
use crate::auth::session::ClientIp;
use crate::auth::tokens;
use crate::db::tokens::{PURPOSE_RESET_PASSWORD, PURPOSE_VERIFY_EMAIL};
use crate::db::users::{NewUser, UserRow};
use crate::db::{self, audit::AuditEntry};
use crate::error::{AppError, AppResult, Json};
use crate::mail::templates;
use crate::state::AppState;

pub const VERIFY_TOKEN_HOURS: i64 = 48;
pub const RESET_TOKEN_MINUTES: i64 = 60;
/// At most this many verification or reset mails per account and hour, so that nobody can
/// flood someone's inbox through the service.
pub const MAILS_PER_HOUR: i64 = 3;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(register))
        .route("/accounts/verify-email", post(verify_email))
        .route("/accounts/resend-verification", post(resend_verification))
        .route("/password-resets", post(request_password_reset))
        .route("/password-resets/confirm", post(confirm_password_reset))
}

pub fn user_view(u: &UserRow) -> UserView {
    UserView {
        id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        lang: Lang::from_code(&u.lang).unwrap_or(Lang::Fi),
        email_verified: u.email_verified_at.is_some(),
        is_admin: u.is_admin,
    }
}

/// Hashes on a blocking thread within the concurrency cap: argon2 takes tens of milliseconds of
/// CPU and 19 MiB by design.
pub async fn hash_off_thread(password: String) -> AppResult<String> {
    crate::auth::password::hash_password_limited(password)
        .await
        .map_err(AppError::Internal)
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = UserView), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<RegisterRequest>,
) -> AppResult<(StatusCode, Json<UserView>)> {
    req.validate()?;
    if is_too_common(&req.password, &req.email, &req.display_name) {
        return Err(AppError::field("password", FieldCode::PasswordTooCommon));
    }
    let email = normalise_email(&req.email);
    if db::users::find_by_email(&state.db, &email).await?.is_some() {
        return Err(ErrorCode::EmailTaken.into());
    }
    let hash = hash_off_thread(req.password.clone()).await?;
    let now = state.now_ts();
    let new = NewUser {
        email: &email,
        password_hash: &hash,
        display_name: req.display_name.trim(),
        lang: req.lang.code(),
        verified_at: None,
        is_admin: false,
        now,
    };
    let Some(id) = db::users::insert_user(&state.db, &new).await? else {
        return Err(ErrorCode::EmailTaken.into());
    };
    let user = db::users::find_by_id(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    send_verification(&state, &user).await?;
    audit(
        &state,
        Some(id),
        "user.registered",
        "user",
        Some(id),
        String::new(),
        &ip,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user_view(&user))))
}

/// Creates a fresh verification token (revoking older ones) and mails its link. A mail failure
/// is logged, not fatal: the user can ask for a new link.
async fn send_verification(state: &AppState, user: &UserRow) -> AppResult<()> {
    let now = state.now_ts();
    if db::tokens::count_recent(&state.db, user.id, PURPOSE_VERIFY_EMAIL, now - 3600).await?
        >= MAILS_PER_HOUR
    {
        tracing::info!(
            user_id = user.id,
            "verification mail not sent: hourly limit reached"
        );
        return Ok(());
    }
    let token = tokens::new_token();
    db::tokens::revoke_for_user(&state.db, user.id, PURPOSE_VERIFY_EMAIL, now).await?;
    let expires = now + VERIFY_TOKEN_HOURS * 3600;
    db::tokens::insert(
        &state.db,
        &tokens::digest(&token),
        user.id,
        PURPOSE_VERIFY_EMAIL,
        now,
        expires,
    )
    .await?;
    let lang = Lang::from_code(&user.lang).unwrap_or(Lang::Fi);
    let link = state.settings.link(&format!("/verify-email?token={token}"));
    let mail = templates::verify_email(lang, &user.email, &user.display_name, &link);
    if let Err(e) = state.mailer.send(&mail).await {
        tracing::error!(error = ?e, user_id = user.id, "could not send verification mail");
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/accounts/verify-email", tag = "accounts", request_body = VerifyEmailRequest,
    responses((status = 204), (status = 400, body = ApiError)))]
pub async fn verify_email(
    State(state): State<AppState>,
    Json(req): Json<VerifyEmailRequest>,
) -> AppResult<StatusCode> {
    let now = state.now_ts();
    let user_id = db::tokens::consume(
        &state.db,
        &tokens::digest(req.token.trim()),
        PURPOSE_VERIFY_EMAIL,
        now,
    )
    .await?
    .ok_or(ErrorCode::TokenInvalid)?;
    db::users::mark_verified(&state.db, user_id, now).await?;
    audit(
        &state,
        Some(user_id),
        "user.email_verified",
        "user",
        Some(user_id),
        String::new(),
        "",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/accounts/resend-verification", tag = "accounts", request_body = PasswordResetRequest,
    responses((status = 202)))]
pub async fn resend_verification(
    State(state): State<AppState>,
    Json(req): Json<PasswordResetRequest>,
) -> AppResult<StatusCode> {
    check_email_field(&req.email)?;
    if let Some(user) = db::users::find_by_email(&state.db, &normalise_email(&req.email)).await?
        && user.email_verified_at.is_none()
    {
        send_verification(&state, &user).await?;
    }
    Ok(StatusCode::ACCEPTED)
}

fn check_email_field(email: &str) -> AppResult<()> {
    if email.trim().is_empty() {
        return Err(AppError::field("email", FieldCode::Required));
    }
    if !is_plausible_email(email) {
        return Err(AppError::field("email", FieldCode::InvalidEmail));
    }
    Ok(())
}

/// Always 202, so the answer does not reveal whether an address has an account.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "accounts", request_body = PasswordResetRequest,
    responses((status = 202), (status = 422, body = ApiError)))]
pub async fn request_password_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<PasswordResetRequest>,
) -> AppResult<StatusCode> {
    check_email_field(&req.email)?;
    let Some(user) = db::users::find_by_email(&state.db, &normalise_email(&req.email)).await?
    else {
        return Ok(StatusCode::ACCEPTED);
    };
    let now = state.now_ts();
    if db::tokens::count_recent(&state.db, user.id, PURPOSE_RESET_PASSWORD, now - 3600).await?
        >= MAILS_PER_HOUR
    {
        tracing::info!(
            user_id = user.id,
            "reset mail not sent: hourly limit reached"
        );
        return Ok(StatusCode::ACCEPTED);
    }
    let token = tokens::new_token();
    db::tokens::revoke_for_user(&state.db, user.id, PURPOSE_RESET_PASSWORD, now).await?;
    let expires = now + RESET_TOKEN_MINUTES * 60;
    db::tokens::insert(
        &state.db,
        &tokens::digest(&token),
        user.id,
        PURPOSE_RESET_PASSWORD,
        now,
        expires,
    )
    .await?;
    let lang = Lang::from_code(&user.lang).unwrap_or(Lang::Fi);
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}"));
    if let Err(e) = state
        .mailer
        .send(&templates::reset_password(
            lang,
            &user.email,
            &user.display_name,
            &link,
        ))
        .await
    {
        tracing::error!(error = ?e, user_id = user.id, "could not send password reset mail");
    }
    audit(
        &state,
        None,
        "user.password_reset_requested",
        "user",
        Some(user.id),
        String::new(),
        &ip,
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(post, path = "/api/v1/password-resets/confirm", tag = "accounts", request_body = PasswordResetConfirm,
    responses((status = 204), (status = 400, body = ApiError), (status = 422, body = ApiError)))]
pub async fn confirm_password_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<PasswordResetConfirm>,
) -> AppResult<StatusCode> {
    req.validate()?;
    let now = state.now_ts();
    let hash = tokens::digest(req.token.trim());
    let user_id = db::tokens::peek(&state.db, &hash, PURPOSE_RESET_PASSWORD, now)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    let user = db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    if is_too_common(&req.password, &user.email, &user.display_name) {
        return Err(AppError::field("password", FieldCode::PasswordTooCommon));
    }
    let new_hash = hash_off_thread(req.password.clone()).await?;
    // Consuming is the atomic step: of two racing requests only one gets here with a user.
    db::tokens::consume(&state.db, &hash, PURPOSE_RESET_PASSWORD, now)
        .await?
        .ok_or(ErrorCode::TokenInvalid)?;
    db::users::set_password(&state.db, user_id, &new_hash).await?;
    // The link proved the address is theirs.
    db::users::mark_verified(&state.db, user_id, now).await?;
    db::sessions::delete_for_user(&state.db, user_id, None).await?;
    audit(
        &state,
        Some(user_id),
        "user.password_reset",
        "user",
        Some(user_id),
        String::new(),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Appends to the audit log.
pub async fn audit(
    state: &AppState,
    actor: Option<i64>,
    action: &str,
    target_type: &str,
    target_id: Option<i64>,
    detail: String,
    ip: &str,
) -> AppResult<()> {
    let entry = AuditEntry {
        at: state.now_ts(),
        actor_user_id: actor,
        action,
        target_type,
        target_id,
        detail,
        ip: (!ip.is_empty()).then_some(ip),
    };
    db::audit::append(&state.db, &entry).await?;
    Ok(())
}
