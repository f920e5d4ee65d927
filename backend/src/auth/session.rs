//! Sessions: the cookie, its lookup, and the extractors handlers use to learn who is calling.
//!
//! A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS); the
//! database stores only its SHA-256, so any instance can serve any session. Sessions end after
//! 12 hours without use and at most 7 days after sign-in.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use kehto_shared::ErrorCode;
use kehto_shared::org::Role;

use crate::auth::policy::Actor;
use crate::auth::tokens;
use crate::db::users::UserRow;
use crate::db::{self};
use crate::error::AppError;
use crate::state::AppState;

/// The session cookie's name over plain HTTP (development).
pub const COOKIE_NAME: &str = "kehto_session";
/// Its name over HTTPS: the `__Host-` prefix makes browsers refuse it unless it is Secure,
/// host-only and for `/`, so a sibling subdomain cannot plant one.
pub const SECURE_COOKIE_NAME: &str = "__Host-kehto_session";

pub fn cookie_name(settings: &crate::state::Settings) -> &'static str {
    if settings.secure_cookies() {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}
pub const IDLE_TIMEOUT_SECS: i64 = 12 * 3600;
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
/// `last_seen_at` is written at most this often, to keep reads cheap.
const TOUCH_INTERVAL_SECS: i64 = 300;

/// The signed-in caller.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: UserRow,
    pub actor: Actor,
    pub token_hash: String,
}

/// The caller if signed in, `None` for visitors.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl MaybeUser {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref().map(|u| &u.actor)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(u) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(u.clone())));
        }
        let Some(token) = session_token(&parts.headers, cookie_name(&state.settings)) else {
            return Ok(MaybeUser(None));
        };
        let user = load(state, &token).await?;
        if let Some(u) = &user {
            parts.extensions.insert(u.clone());
        }
        Ok(MaybeUser(user))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Code(ErrorCode::Unauthenticated))
    }
}

/// Looks a token up, enforcing both timeouts and sliding the idle one.
async fn load(state: &AppState, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let hash = tokens::digest(token);
    let Some(session) = db::sessions::find(&state.db, &hash).await? else {
        return Ok(None);
    };
    let now = state.now_ts();
    if session.expires_at <= now {
        db::sessions::delete(&state.db, &hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_INTERVAL_SECS {
        let expires = (now + IDLE_TIMEOUT_SECS).min(session.created_at + ABSOLUTE_TIMEOUT_SECS);
        db::sessions::touch(&state.db, &hash, now, expires).await?;
    }
    let Some(user) = db::users::find_by_id(&state.db, session.user_id).await? else {
        return Ok(None);
    };
    let actor = actor_for(state, &user).await?;
    Ok(Some(CurrentUser {
        user,
        actor,
        token_hash: hash,
    }))
}

pub async fn actor_for(state: &AppState, user: &UserRow) -> Result<Actor, AppError> {
    let memberships = db::users::memberships(&state.db, user.id)
        .await?
        .into_iter()
        .filter_map(|m| Some((m.org_id, m.kind(), m.role()?)))
        .collect::<Vec<(i64, _, Role)>>();
    Ok(Actor {
        user_id: user.id,
        is_admin: user.is_admin,
        memberships,
    })
}

/// The session token the browser sent under `name`.
pub fn session_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 100)
}

/// Starts a session for `user_id`; returns the `Set-Cookie` value.
pub async fn start(state: &AppState, user_id: i64) -> Result<HeaderValue, AppError> {
    let token = tokens::new_token();
    let now = state.now_ts();
    db::sessions::insert(
        &state.db,
        &tokens::digest(&token),
        user_id,
        now,
        now + IDLE_TIMEOUT_SECS,
    )
    .await?;
    cookie(state, &token, ABSOLUTE_TIMEOUT_SECS)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(state: &AppState) -> Result<HeaderValue, AppError> {
    cookie(state, "", 0)
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> Result<HeaderValue, AppError> {
    let secure = if state.settings.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let v = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(&state.settings)
    );
    HeaderValue::from_str(&v).map_err(|e| AppError::Internal(e.into()))
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` entry (the one the
/// trusted proxy added) when the server is configured to trust its proxy.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.settings.trust_proxy
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                // The trusted proxy appends the address it saw; earlier entries are the client's word.
                .and_then(|v| v.rsplit(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
        {
            return Ok(ClientIp(ip.to_owned()));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientIp(peer.unwrap_or_else(|| "unknown".to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kehto_session=abc; b=2"),
        );
        assert_eq!(session_token(&h, COOKIE_NAME).as_deref(), Some("abc"));
        h.insert(header::COOKIE, HeaderValue::from_static("kehto_session="));
        assert_eq!(session_token(&h, COOKIE_NAME), None);
    }
}
