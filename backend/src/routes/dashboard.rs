//! Market dialogue at a glance: "my dialogue" for a company member (questions, registrations,
//! bookings across challenges) and the coordinators' dashboard of one challenge.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use kehto_shared::dialogue::{DialogueDashboard, MyChallengeDialogue, MyDialogue, MyQuestion};
use kehto_shared::events::RegistrationState;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::challenge_view::{effective_status, opt_time, region_ids};
use crate::routes::challenges::visible;
use crate::routes::dialogue::company_orgs;
use crate::routes::events::events_view;
use crate::routes::meetings::meetings_view;
use crate::routes::questions::{asked, published};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/dialogue", get(my_dialogue))
        .route("/challenges/{id}/dialogue", get(dialogue_dashboard))
}

#[utoipa::path(get, path = "/api/v1/me/dialogue", tag = "dialogue",
    responses((status = 200, body = MyDialogue), (status = 401, body = ApiError)))]
pub async fn my_dialogue(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<MyDialogue>> {
    let actor = Some(&user.actor);
    let orgs = company_orgs(actor);
    let ids = db::dialogue::challenges_taken_part_in(&state.db, user.user.id, &orgs).await?;
    let now = state.clock.now();
    let mut challenges = Vec::with_capacity(ids.len());
    for id in ids {
        // A challenge taken back to draft (or otherwise hidden) is left out.
        let rec = match visible(&state, id, actor).await {
            Ok(rec) => rec,
            Err(AppError::Code(ErrorCode::NotFound)) => continue,
            Err(e) => return Err(e),
        };
        let all = db::questions::for_challenge(&state.db, id).await?;
        let mut named: Vec<i64> = all
            .iter()
            .map(|q| q.org_id)
            .filter(|o| orgs.contains(o))
            .collect();
        named.dedup();
        let org_rows = db::orgs::refs_by_ids(&state.db, &named).await?;
        let questions = all
            .iter()
            .filter(|q| orgs.contains(&q.org_id))
            .map(|q| MyQuestion {
                asked: asked(q, &org_rows),
                published: published(q),
            })
            .collect();
        let registrations = events_view(&state, &rec, actor)
            .await?
            .events
            .into_iter()
            .filter(|e| {
                matches!(
                    e.my_registration,
                    Some(RegistrationState::Registered | RegistrationState::Waitlisted { .. })
                )
            })
            .collect();
        let bookings = meetings_view(&state, &rec, actor)
            .await?
            .slots
            .into_iter()
            .filter(|s| s.booked_by_mine)
            .collect();
        challenges.push(MyChallengeDialogue {
            challenge_id: id,
            challenge_title: rec.row.title.clone(),
            status: effective_status(&rec, now),
            questions,
            registrations,
            bookings,
        });
    }
    Ok(Json(MyDialogue {
        challenges,
        server_now: now,
    }))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/dialogue", tag = "dialogue",
    responses((status = 200, body = DialogueDashboard), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn dialogue_dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<DialogueDashboard>> {
    let actor = Some(&user.actor);
    let rec = visible(&state, id, actor).await?;
    if !allows(
        actor,
        Action::ManageDialogue {
            regions: &region_ids(&rec),
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now();
    let all = db::questions::for_challenge(&state.db, id).await?;
    let mut askers: Vec<i64> = all.iter().map(|q| q.org_id).collect();
    askers.sort_unstable();
    askers.dedup();
    let org_rows = db::orgs::refs_by_ids(&state.db, &askers).await?;
    let unanswered = all
        .iter()
        .filter(|q| q.answered_at.is_none())
        .map(|q| asked(q, &org_rows))
        .collect();
    let answered_count = all.iter().filter(|q| q.answered_at.is_some()).count();
    let followers = db::follows::count_followers(&state.db, id).await?;
    Ok(Json(DialogueDashboard {
        challenge_id: id,
        challenge_title: rec.row.title.clone(),
        status: effective_status(&rec, now),
        questions_close_at: opt_time(rec.row.questions_close_at),
        proposals_close_at: opt_time(rec.row.proposals_close_at),
        unanswered,
        answered_count: u32::try_from(answered_count).unwrap_or(u32::MAX),
        events: events_view(&state, &rec, actor).await?.events,
        meetings: meetings_view(&state, &rec, actor).await?,
        followers: u32::try_from(followers).unwrap_or(u32::MAX),
        version: u32::try_from(rec.version).unwrap_or(0),
        server_now: now,
    }))
}
