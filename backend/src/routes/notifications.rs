//! The notification centre and e-mail preferences of the signed-in user.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use kehto_shared::ApiError;
use kehto_shared::error::{FieldCode, FieldError};
use kehto_shared::notifications::{
    MarkReadRequest, Notification, NotificationKind, NotificationPrefs, NotificationsView,
};

use crate::auth::session::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult, Json};
use crate::routes::challenge_view::to_time;
use crate::state::AppState;

/// The notification centre shows this many, newest first.
pub const NOTIFICATIONS_SHOWN: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/notifications", get(list_notifications))
        .route("/me/notifications/read", post(mark_read))
        .route("/me/notification-prefs", get(get_prefs).put(set_prefs))
}

#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notifications",
    responses((status = 200, body = NotificationsView), (status = 401, body = ApiError)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<NotificationsView>> {
    let rows = db::notifications::for_user(&state.db, user.user.id, NOTIFICATIONS_SHOWN).await?;
    let unread = db::notifications::unread_count(&state.db, user.user.id).await?;
    let items = rows
        .into_iter()
        .filter_map(|r| {
            Some(Notification {
                id: r.id,
                kind: NotificationKind::from_code(&r.kind)?,
                challenge_id: r.challenge_id,
                challenge_title: r.challenge_title,
                detail: r.detail,
                created_at: to_time(r.created_at),
                read: r.read_at.is_some(),
            })
        })
        .collect();
    Ok(Json(NotificationsView {
        items,
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
    }))
}

#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "notifications", request_body = MarkReadRequest,
    responses((status = 204), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(req): Json<MarkReadRequest>,
) -> AppResult<StatusCode> {
    if req.ids.len() > NOTIFICATIONS_SHOWN as usize {
        return Err(AppError::Validation(vec![FieldError::with_limit(
            "ids",
            FieldCode::TooLarge,
            NOTIFICATIONS_SHOWN,
        )]));
    }
    let ids = (!req.all).then_some(req.ids.as_slice());
    db::notifications::mark_read(&state.db, user.user.id, ids, state.now_ts()).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn parse_prefs(stored: Option<String>) -> NotificationPrefs {
    match stored {
        None => NotificationPrefs::default(),
        Some(codes) => NotificationPrefs {
            email: codes
                .split(',')
                .filter_map(NotificationKind::from_code)
                .collect(),
        },
    }
}

#[utoipa::path(get, path = "/api/v1/me/notification-prefs", tag = "notifications",
    responses((status = 200, body = NotificationPrefs), (status = 401, body = ApiError)))]
pub async fn get_prefs(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<NotificationPrefs>> {
    let stored = db::notifications::email_prefs(&state.db, user.user.id).await?;
    Ok(Json(parse_prefs(stored)))
}

#[utoipa::path(put, path = "/api/v1/me/notification-prefs", tag = "notifications", request_body = NotificationPrefs,
    responses((status = 200, body = NotificationPrefs), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn set_prefs(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(prefs): Json<NotificationPrefs>,
) -> AppResult<Json<NotificationPrefs>> {
    let mut kinds: Vec<NotificationKind> = NotificationKind::ALL
        .into_iter()
        .filter(|k| prefs.email.contains(k))
        .collect();
    kinds.dedup();
    let codes = kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",");
    db::notifications::set_email_prefs(&state.db, user.user.id, &codes).await?;
    Ok(Json(NotificationPrefs { email: kinds }))
}
