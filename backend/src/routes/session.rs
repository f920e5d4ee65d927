//! Signing in and out, and the caller's own account.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use kehto_shared::account::{LoginRequest, Me, MembershipView, UpdateProfileRequest};
use kehto_shared::org::OrgRef;
use kehto_shared::validate::{is_plausible_email, normalise_email};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::password::{dummy_hash, verify_password_limited};
use crate::auth::session::{self, ClientIp, CurrentUser};
use crate::db;
use crate::db::users::UserRow;
use crate::error::{AppError, AppResult, Json};
use crate::routes::accounts::{audit, user_view};
use crate::state::AppState;

/// Failed sign-ins counted over this window.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// At most this many failures per account in the window…
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// …and per client address (an office behind one NAT shares it, so higher).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/session",
            get(current_session).post(sign_in).delete(sign_out),
        )
        .route("/me", put(update_me))
}

pub async fn me_for(state: &AppState, user: &UserRow) -> AppResult<Me> {
    let memberships = db::users::memberships(&state.db, user.id)
        .await?
        .into_iter()
        .filter_map(|m| {
            let role = m.role()?;
            Some(MembershipView {
                org: OrgRef {
                    id: m.org_id,
                    kind: m.kind(),
                    region_code: m.region_code,
                    name_fi: m.name_fi,
                    name_sv: m.name_sv,
                    name_en: m.name_en,
                },
                role,
            })
        })
        .collect();
    Ok(Me {
        user: user_view(user),
        memberships,
    })
}

#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = Me), (status = 401, body = ApiError)))]
pub async fn current_session(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Me>> {
    Ok(Json(me_for(&state, &user.user).await?))
}

#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 429, body = ApiError)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> AppResult<Response> {
    let email = normalise_email(&req.email);
    // Nothing that cannot be an address reaches the database (or the audit log).
    if !is_plausible_email(&email) || req.password.is_empty() || req.password.chars().count() > 1024
    {
        return Err(ErrorCode::InvalidCredentials.into());
    }
    let now = state.now_ts();
    let since = now - THROTTLE_WINDOW_SECS;
    // The attempt is recorded before the password is checked, so parallel guesses count too.
    let attempt = db::users::record_login_failure(&state.db, &email, &ip, now).await?;
    let (per_account, per_address) =
        db::users::recent_login_failures(&state.db, &email, &ip, since).await?;
    if per_account > MAX_FAILURES_PER_ACCOUNT || per_address > MAX_FAILURES_PER_ADDRESS {
        // A refused attempt does not extend the lock-out.
        db::users::forget_login_attempt(&state.db, attempt).await?;
        audit(
            &state,
            None,
            "session.throttled",
            "user",
            None,
            String::new(),
            &ip,
        )
        .await?;
        return Err(AppError::RateLimited {
            retry_after_secs: THROTTLE_WINDOW_SECS as u64,
        });
    }
    let user = db::users::find_by_email(&state.db, &email).await?;
    let stored = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_owned());
    let ok = verify_password_limited(req.password.clone(), stored).await?;
    let Some(user) = user.filter(|_| ok) else {
        return Err(ErrorCode::InvalidCredentials.into());
    };
    if user.email_verified_at.is_none() {
        return Err(ErrorCode::EmailNotVerified.into());
    }
    db::users::clear_login_failures(&state.db, &email, since).await?;
    // Rotation: whatever session the browser had is ended; sign-in always issues a new token.
    if let Some(old) = session::session_token(&headers, session::cookie_name(&state.settings)) {
        db::sessions::delete(&state.db, &crate::auth::tokens::digest(&old)).await?;
    }
    let cookie = session::start(&state, user.id).await?;
    audit(
        &state,
        Some(user.id),
        "session.signed_in",
        "user",
        Some(user.id),
        String::new(),
        &ip,
    )
    .await?;
    let me = me_for(&state, &user).await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    db::sessions::delete(&state.db, &user.token_hash).await?;
    let cookie = session::clear_cookie(&state)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

#[utoipa::path(put, path = "/api/v1/me", tag = "session", request_body = UpdateProfileRequest,
    responses((status = 200, body = Me), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_me(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<UpdateProfileRequest>,
) -> AppResult<Json<Me>> {
    req.validate()?;
    db::users::update_profile(
        &state.db,
        user.user.id,
        req.display_name.trim(),
        req.lang.code(),
    )
    .await?;
    let fresh = db::users::find_by_id(&state.db, user.user.id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    Ok(Json(me_for(&state, &fresh).await?))
}
