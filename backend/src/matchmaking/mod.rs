//! Matchmaking in the server: the in-memory index over `kehto-matching` that every instance
//! holds ([`index`]), how stored rows become the engine's facts ([`facts`]), the queries the API
//! answers ([`service`]) and their reasons on the wire ([`view`]).
//!
//! The index is built at start-up ([`build`]), updated by the requests that change a challenge
//! or a profile, and caught up with the other instances' changes by [`spawn_refresh`]. The
//! handlers live in `routes::recommendations`, `routes::suggestions` and `routes::partners`;
//! alerts in `notify` and `digests`.

pub mod facts;
pub mod index;
pub mod service;
pub mod view;

use std::time::Duration;

pub use index::{CatchUp, MatchIndex};

use crate::db::Db;
use crate::state::AppState;

/// Builds an instance's index from the database and logs how long it took.
pub async fn build(db: &Db, now: i64) -> anyhow::Result<MatchIndex> {
    let index = MatchIndex::default();
    let report = index.catch_up(db, now).await?;
    let (challenges, orgs) = index.len();
    tracing::info!(
        challenges,
        organisations = orgs,
        millis = report.millis as u64,
        "matchmaking index built"
    );
    Ok(index)
}

/// Catches the index up with changes made elsewhere every `every`, for as long as the server
/// runs (see `index`).
pub fn spawn_refresh(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match state.matching.catch_up(&state.db, state.now_ts()).await {
                Ok(r) if r.challenges + r.orgs > 0 => {
                    tracing::info!(?r, "matchmaking index caught up")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "matchmaking index catch-up failed"),
            }
        }
    });
}

/// Re-reads one challenge into the index after the request that changed it. The change is
/// committed; a failure is logged (the next catch-up repairs it).
pub async fn challenge_changed(state: &AppState, id: i64) {
    if let Err(e) = state.matching.refresh_challenges(&state.db, &[id]).await {
        tracing::warn!(error = ?e, challenge = id, "matchmaking index update failed");
    }
}

/// Re-reads one organisation's profile into the index after the request that changed it.
pub async fn profile_changed(state: &AppState, org_id: i64) {
    if let Err(e) = state.matching.refresh_orgs(&state.db, &[org_id]).await {
        tracing::warn!(error = ?e, org = org_id, "matchmaking index update failed");
    }
}
