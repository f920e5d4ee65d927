//! The REST API under `/api/v1`: one module per resource, each exposing `router()`, and the
//! OpenAPI document generated from the handlers' annotations.

pub mod accounts;
pub mod assignments;
pub mod board;
pub mod board_view;
pub mod challenge_view;
pub mod challenges;
pub mod criteria;
pub mod dashboard;
pub mod dialogue;
pub mod directory;
pub mod evaluation_records;
pub mod evaluation_state;
pub mod evaluators;
pub mod events;
pub mod feedback;
pub mod feeds;
pub mod follows;
pub mod invitations;
pub mod meetings;
pub mod notifications;
pub mod orgs;
pub mod partners;
pub mod profiles;
pub mod proposal_access;
pub mod proposal_files;
pub mod proposals;
pub mod questions;
pub mod recommendations;
pub mod scoring;
pub mod session;
pub mod suggestions;
pub mod versions;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use kehto_shared::ErrorCode;
use utoipa::OpenApi;

use crate::error::AppError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kehto API",
        description = "Innovation cooperation between Finnish welfare regions and companies. \
            Errors are always the envelope `ApiError`; messages follow `Accept-Language` (fi, sv, en). \
            State-changing requests need the header `X-Requested-With: kehto`."
    ),
    paths(
        accounts::register, accounts::verify_email, accounts::resend_verification,
        accounts::request_password_reset, accounts::confirm_password_reset,
        session::current_session, session::sign_in, session::sign_out, session::update_me,
        orgs::list_regions, orgs::create_organisation, orgs::get_organisation, orgs::lookup_organisation, orgs::list_members,
        orgs::add_member, orgs::change_member_role, orgs::remove_member,
        profiles::get_profile, profiles::update_profile, directory::list_directory,
        invitations::invite, invitations::list_invitations, invitations::revoke_invitation,
        invitations::accept_invitation, invitations::preview_invitation,
        challenges::list_challenges, challenges::get_challenge, challenges::create_challenge,
        challenges::update_challenge, challenges::transition_challenge, challenges::preview_markdown,
        questions::list_questions, questions::ask_question, questions::answer_question,
        dashboard::my_dialogue, dashboard::dialogue_dashboard,
        proposals::start_proposal, proposals::get_proposal, proposals::save_draft,
        proposals::submit_proposal, proposals::withdraw_proposal, proposals::get_receipt,
        proposals::verify_receipt, proposals::my_proposals, proposals::challenge_proposals,
        proposal_files::upload_attachment, proposal_files::download_attachment,
        proposal_files::mark_attachment, proposal_files::remove_attachment,
        proposal_files::invite_partner, proposal_files::answer_partner, proposal_files::remove_partner,
        versions::list_versions, versions::get_version,
        feeds::challenges_feed, feeds::questions_feed,
        follows::follow_challenge, follows::unfollow_challenge, follows::list_follows,
        follows::list_saved_searches, follows::save_search, follows::delete_saved_search,
        notifications::list_notifications, notifications::mark_read,
        notifications::get_prefs, notifications::set_prefs,
        events::list_events, events::create_event, events::get_event, events::update_event,
        events::cancel_event, events::publish_material, events::register, events::unregister,
        events::list_participants, events::event_ics, events::events_feed,
        meetings::list_meetings, meetings::set_meeting_settings, meetings::create_slot,
        meetings::delete_slot, meetings::book_slot, meetings::cancel_booking,
        meetings::publish_summary,
        criteria::get_criteria_set, criteria::put_criteria_set,
        evaluators::list_evaluators, evaluators::add_evaluator, evaluators::remove_evaluator,
        evaluators::invite_evaluator, evaluators::revoke_evaluator_invitation,
        evaluators::accept_evaluator_invitation,
        assignments::list_assignments, assignments::assign_in_bulk, assignments::assign_one,
        assignments::unassign_one, assignments::declare_conflict, assignments::my_evaluations,
        recommendations::get_recommendations,
        suggestions::suggested_organisations, suggestions::invite_organisation, suggestions::similar_challenges,
        partners::get_partner_search, partners::put_partner_search, partners::delete_partner_search,
        partners::partner_candidates, partners::send_contact_request, partners::list_contact_requests,
        partners::answer_contact_request,
        scoring::get_scoresheet, scoring::save_scoresheet, scoring::submit_scoresheet,
        scoring::peer_scoresheets, scoring::reopen_scoresheet,
        board::get_board, board::put_consensus, board::put_decision, board::publish_round,
        feedback::get_feedback, feedback::get_outcome,
        evaluation_records::export_csv, evaluation_records::export_xlsx,
        evaluation_records::evaluation_report,
    ),
    tags(
        (name = "accounts", description = "Sign-up, e-mail verification, password reset"),
        (name = "session", description = "Signing in and out; the caller's own account"),
        (name = "organisations", description = "Welfare regions, companies, research organisations, members and invitations; organisation profiles and the directory"),
        (name = "challenges", description = "The public challenge board and the coordinator's editor"),
        (name = "dialogue", description = "Market dialogue: questions and answers, info sessions and one-to-one meetings, published to all on equal terms"),
        (name = "proposals", description = "Sealed proposals: drafts, attachments, consortium partners, submission receipts"),
        (name = "evaluation", description = "Evaluation: the weighted criteria set, evaluators and their invitations, assignments and conflict-of-interest declarations, independent scoring, the coordinators' board (consensus, ranking, decisions, rounds), exports and the report, feedback and the public outcome"),
        (name = "notifications", description = "Follows, saved searches, the notification centre and e-mail preferences"),
        (name = "matchmaking", description = "Recommended challenges for a company, organisations suggested to a challenge's coordinators (with dialogue invitations), similar challenges of other regions, partner search and contact requests. Reasons come structured and worded in the caller's language; only public profiles and public challenges are ever matched"),
    )
)]
pub struct ApiDoc;

/// Every API route, relative to `/api/v1`.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(accounts::router())
        .merge(session::router())
        .merge(orgs::router())
        .merge(profiles::router())
        .merge(directory::router())
        .merge(invitations::router())
        .merge(challenges::router())
        .merge(questions::router())
        .merge(dashboard::router())
        .merge(proposals::router())
        .merge(proposal_files::router())
        .merge(versions::router())
        .merge(feeds::router())
        .merge(follows::router())
        .merge(notifications::router())
        .merge(events::router())
        .merge(meetings::router())
        .merge(criteria::router())
        .merge(evaluators::router())
        .merge(assignments::router())
        .merge(recommendations::router())
        .merge(suggestions::router())
        .merge(partners::router())
        .merge(scoring::router())
        .merge(board::router())
        .merge(feedback::router())
        .merge(evaluation_records::router())
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async { AppError::Code(ErrorCode::NotFound) })
        .method_not_allowed_fallback(|| async { AppError::Code(ErrorCode::MethodNotAllowed) })
}

async fn openapi_json() -> impl IntoResponse {
    axum::Json(ApiDoc::openapi())
}

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
