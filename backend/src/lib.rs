//! Kehto's server: the REST API under `/api/v1`, `/healthz`, and the built front end.
//!
//! `app(state)` builds the whole HTTP application; `main.rs` only reads configuration and runs
//! it. Tests build the same application with their own state (a fresh database, a manual clock).

pub mod atom;
pub mod auth;
pub mod bench_matching;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod demo_dialogue;
pub mod demo_evaluation;
pub mod demo_profiles;
pub mod digests;
pub mod error;
pub mod evaluation_report;
pub mod evaluation_table;
pub mod ics;
pub mod jobs;
pub mod mail;
pub mod markdown;
pub mod matchmaking;
pub mod notify;
pub mod receipts;
pub mod routes;
pub mod search;
pub mod server;
pub mod state;
pub mod static_files;
pub mod storage;
pub mod uploads;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use state::{AppState, Settings};

/// Largest request body the API accepts (challenge texts are at most 20,000 characters).
pub const MAX_BODY_BYTES: usize = 512 * 1024;

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let api = routes::api_router()
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::require_same_origin,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    // Pages get their own policy from `static_files`; everything else (JSON, assets) this one.
    let csp = static_files::content_security_policy(None);
    let mut router = Router::new()
        .route("/healthz", get(routes::healthz))
        .nest("/api/v1", api)
        .with_state(state.clone());
    if let Some(dir) = &state.settings.static_dir {
        router = router.merge(static_files::router(dir));
    }
    let header_layer = |name: HeaderName, value: &str| {
        SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
        )
    };
    router
        .layer(middleware::from_fn(error::localise_errors))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, &csp))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(TraceLayer::new_for_http())
}

/// Crates the black-box tests drive the app with, so they use exactly the server's versions.
pub mod reexports {
    pub use axum;
}
