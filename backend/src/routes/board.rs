//! The coordinator's evaluation board and what is decided on it: the consensus per proposal
//! (the same rules as a submitted sheet, its justifications the rationale), the decision with
//! written reasons, and publishing a round. Nothing is decided while an assigned evaluation of
//! the proposal is missing (409 `evaluations_missing`); a round is published only when every
//! proposal has a decision (409 `decisions_missing`), after which nothing in it changes (409
//! `round_published`). Publishing notifies every participant in their own language, and opens
//! the next round with the proposals decided `next_round`.
//!
//! Views and changes go to the audit log; the proposals listed on the board to the proposal
//! access log.

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::{get, post, put};
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{
    BoardProposal, ConsensusSave, DecisionOutcome, DecisionSave, EvaluationBoard,
};
use kehto_shared::notifications::NotificationKind;
use kehto_shared::{ApiError, ErrorCode, Lang};
use serde::Deserialize;

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::proposals::Access;
use crate::db::scoring::{RecordKey, Refusal};
use crate::error::{AppError, AppResult, Json, Path};
use crate::notify::Notice;
use crate::routes::accounts::audit;
use crate::routes::board_view::{board, board_proposal};
use crate::routes::challenge_view::region_ids;
use crate::routes::evaluation_state::{self, Evaluation};
use crate::routes::evaluators::managed;
use crate::routes::proposal_access::{Loaded, decide_evaluation, load};
use crate::routes::scoring::{latest_round, set_of, under};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/challenges/{id}/evaluation-board", get(get_board))
        .route("/proposals/{id}/consensus", put(put_consensus))
        .route("/proposals/{id}/decision", put(put_decision))
        .route("/challenges/{id}/evaluation/publish", post(publish_round))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RoundQuery {
    /// The round to show; the latest when absent.
    pub round: Option<u32>,
}

/// Maps a refused write to its error.
pub fn refusal(r: Refusal) -> AppError {
    match r {
        Refusal::RoundPublished => ErrorCode::RoundPublished,
        Refusal::Locked => ErrorCode::ScoresLocked,
        Refusal::NotSubmitted => ErrorCode::Conflict,
        Refusal::EvaluationsMissing => ErrorCode::EvaluationsMissing,
        Refusal::DecisionsMissing => ErrorCode::DecisionsMissing,
    }
    .into()
}

/// Writes one access-log line per proposal shown to a coordinator (`action`).
pub async fn log_listing(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    proposals: &[i64],
    action: &str,
) -> AppResult<()> {
    let at = state.now_ts();
    let lines: Vec<Access<'_>> = proposals
        .iter()
        .map(|p| Access {
            at,
            user_id: Some(user.user.id),
            role: "coordinator",
            proposal_id: *p,
            attachment_id: None,
            action,
            outcome: "allowed",
            ip,
        })
        .collect();
    db::proposals::log_accesses(&state.db, &lines).await?;
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/evaluation-board", tag = "evaluation", params(RoundQuery),
    responses((status = 200, body = EvaluationBoard, description = "`sealed` and empty before the proposals deadline"),
              (status = 403, body = ApiError), (status = 404, body = ApiError, description = "also an unknown `round`")))]
pub async fn get_board(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<RoundQuery>,
) -> AppResult<Json<EvaluationBoard>> {
    let rec = managed(&state, &user, id).await?;
    let ev = evaluation_state::load(&state, rec, true).await?;
    let round = match q.round {
        Some(n) => Some(ev.round(i64::from(n)).ok_or(ErrorCode::NotFound)?),
        None => None,
    };
    let view = board(&ev, round);
    let shown: Vec<i64> = view.proposals.iter().map(|p| p.proposal_id).collect();
    log_listing(&state, &user, &ip, &shown, "board").await?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.board_viewed",
        "challenge",
        Some(id),
        format!("round={} proposals={}", view.round, shown.len()),
        &ip,
    )
    .await?;
    Ok(Json(view))
}

/// Loads the proposal for a coordinator's record, deciding `what`; its latest round, which
/// must be open.
async fn for_record(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    what: &str,
) -> AppResult<(Loaded, i64)> {
    let l = load(state, id).await?;
    decide_evaluation(state, &l, Some(&user.actor), ip, (what, None), |sealed| {
        Action::DecideEvaluation {
            regions: &l.regions,
            sealed,
        }
    })
    .await?;
    let (round, published) = latest_round(state, &l).await?;
    if published {
        return Err(ErrorCode::RoundPublished.into());
    }
    Ok((l, round))
}

/// The proposal as the board shows it now.
async fn shown(state: &AppState, l: &Loaded, round: i64) -> AppResult<BoardProposal> {
    let ev = evaluation_state::load(state, l.rec.clone(), false).await?;
    let r = ev.round(round).ok_or(ErrorCode::NotFound)?;
    board_proposal(&ev, r, l.row.id).ok_or_else(|| ErrorCode::NotFound.into())
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/consensus", tag = "evaluation", request_body = ConsensusSave,
    responses((status = 200, body = BoardProposal), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluations_missing` while an assigned evaluation is not submitted (or none is assigned); `round_published`; `criteria_missing`; `evaluation_not_started`"),
              (status = 422, body = ApiError, description = "the submission rules, under `sheet.`")))]
pub async fn put_consensus(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ConsensusSave>,
) -> AppResult<Json<BoardProposal>> {
    let (l, round) = for_record(&state, &user, &ip, id, "consensus").await?;
    let set = set_of(&l)?;
    req.sheet
        .validate_for_submit(&set)
        .map_err(|e| under("sheet", e))?;
    let sheet = req.sheet.aligned(&set);
    let json = serde_json::to_string(&sheet).map_err(|e| AppError::Internal(e.into()))?;
    let key = RecordKey {
        challenge_id: l.rec.row.id,
        round,
        proposal_id: id,
        by: user.user.id,
        now: state.now_ts(),
    };
    db::scoring::record_consensus(&state.db, &key, &json)
        .await?
        .map_err(refusal)?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.consensus_recorded",
        "proposal",
        Some(id),
        format!(
            "round={round} total={} failed={}",
            sheet.total(&set).format(Lang::En),
            sheet.failed_requirements().join(",")
        ),
        &ip,
    )
    .await?;
    Ok(Json(shown(&state, &l, round).await?))
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/decision", tag = "evaluation", request_body = DecisionSave,
    responses((status = 200, body = BoardProposal), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluations_missing` while an assigned evaluation is not submitted (or none is assigned); `round_published`; `evaluation_not_started`"),
              (status = 422, body = ApiError, description = "`reasons` required; `outcome` must be `not_selected` for a proposal whose consensus failed an admission requirement")))]
pub async fn put_decision(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<DecisionSave>,
) -> AppResult<Json<BoardProposal>> {
    let (l, round) = for_record(&state, &user, &ip, id, "decision").await?;
    req.validate()?;
    let ev = evaluation_state::load(&state, l.rec.clone(), false).await?;
    let excluded = ev
        .consensus_of(round, id)
        .is_some_and(|c| !c.sheet.failed_requirements().is_empty());
    if excluded && req.outcome != DecisionOutcome::NotSelected {
        return Err(AppError::field("outcome", FieldCode::InvalidChoice));
    }
    let key = RecordKey {
        challenge_id: l.rec.row.id,
        round,
        proposal_id: id,
        by: user.user.id,
        now: state.now_ts(),
    };
    db::scoring::record_decision(&state.db, &key, req.outcome.code(), req.reasons.trim())
        .await?
        .map_err(refusal)?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.decision_recorded",
        "proposal",
        Some(id),
        format!("round={round} outcome={}", req.outcome.code()),
        &ip,
    )
    .await?;
    Ok(Json(shown(&state, &l, round).await?))
}

/// Tells each proposal's organisations that the round's decisions are out.
async fn notify_participants(state: &AppState, ev: &Evaluation, round: i64) {
    for p in ev.in_round(round) {
        let Some(info) = ev.proposals.get(&p) else {
            continue;
        };
        let detail = p.to_string();
        crate::notify::organisations(
            state,
            &Notice {
                kind: NotificationKind::EvaluationPublished,
                challenge_id: ev.challenge_id(),
                challenge_title: &ev.rec.row.title,
                detail: &detail,
            },
            &info.org_ids,
        )
        .await;
    }
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/evaluation/publish", tag = "evaluation",
    responses((status = 200, body = EvaluationBoard, description = "the board of the round just published (its `rounds` list the next one, if opened)"),
              (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`decisions_missing` unless every proposal of the round has a decision; `evaluations_missing`; `round_published`; `evaluation_not_started`")))]
pub async fn publish_round(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<EvaluationBoard>> {
    let rec = managed(&state, &user, id).await?;
    let regions = region_ids(&rec);
    let ev = evaluation_state::load(&state, rec, true).await?;
    if !allows(
        Some(&user.actor),
        Action::DecideEvaluation {
            regions: &regions,
            sealed: ev.sealed,
        },
    ) {
        return Err(ErrorCode::EvaluationNotStarted.into());
    }
    let round = ev.latest_round().ok_or(ErrorCode::NotFound)?.number;
    let next = db::scoring::publish(&state.db, id, round, user.user.id, state.now_ts())
        .await?
        .map_err(refusal)?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.round_published",
        "challenge",
        Some(id),
        format!(
            "round={round} proposals={} next_round={}",
            ev.in_round(round).len(),
            next.map(|n| n.to_string()).unwrap_or_default()
        ),
        &ip,
    )
    .await?;
    notify_participants(&state, &ev, round).await;
    let ev = evaluation_state::load(&state, ev.rec, false).await?;
    Ok(Json(board(&ev, ev.round(round))))
}
