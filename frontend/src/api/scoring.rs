//! Scoring, the coordinator's evaluation board, and what participants and the public see after
//! publication (`kehto_shared::evaluation::{review, board, feedback}`): the GET paths for
//! [`super::load`], the writes, and the addresses of the exports.
//!
//! - `GET/PUT /proposals/{id}/scoresheet`, `POST …/scoresheet/submit` → `MyScoring`;
//! - `POST /proposals/{id}/scoresheets/{user_id}/reopen` (coordinators);
//! - `GET /challenges/{id}/evaluation-board[?round=N]` → `EvaluationBoard`;
//! - `PUT /proposals/{id}/consensus`, `PUT /proposals/{id}/decision` → `BoardProposal`;
//! - `POST /challenges/{id}/evaluation/publish` → `EvaluationBoard`;
//! - `GET /proposals/{id}/feedback` → `ProposalFeedback`, `GET /challenges/{id}/outcome` →
//!   `PublicOutcome`.
//!
//! The board's writes are followed by loading the board again, so their answers are not read
//! (one non-generic [`write`] serves them).

use kehto_shared::ApiError;
use kehto_shared::evaluation::{
    ConsensusSave, DecisionSave, MyScoring, ReopenRequest, Scoresheet, ScoresheetSave,
};

use super::{BASE, Method, body, send, write};

/// `GET` → `MyScoring` (the assigned evaluator).
pub fn scoresheet_path(proposal_id: i64) -> String {
    format!("/proposals/{proposal_id}/scoresheet")
}

/// Saves the caller's sheet as a draft; 409 `scores_locked` once submitted, `round_published`.
pub async fn save_scoresheet(proposal_id: i64, sheet: Scoresheet) -> Result<MyScoring, ApiError> {
    send(
        Method::Put,
        &scoresheet_path(proposal_id),
        &ScoresheetSave { sheet },
    )
    .await
}

/// Submits the caller's sheet (it is locked from then on); 422 with paths like
/// `sheet.scores[1].justification`.
pub async fn submit_scoresheet(proposal_id: i64, sheet: Scoresheet) -> Result<MyScoring, ApiError> {
    send(
        Method::Post,
        &format!("/proposals/{proposal_id}/scoresheet/submit"),
        &ScoresheetSave { sheet },
    )
    .await
}

/// Reopens an evaluator's submitted sheet, with the reason (logged, told to the evaluator).
pub async fn reopen_scoresheet(
    proposal_id: i64,
    user_id: i64,
    reason: String,
) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("/proposals/{proposal_id}/scoresheets/{user_id}/reopen"),
        body(&ReopenRequest { reason }),
    )
    .await
}

/// `GET` → `EvaluationBoard` of `round` (the current one when `None`).
pub fn board_path(challenge_id: i64, round: Option<u32>) -> String {
    match round {
        Some(n) => format!("/challenges/{challenge_id}/evaluation-board?round={n}"),
        None => format!("/challenges/{challenge_id}/evaluation-board"),
    }
}

/// Records (or changes) a proposal's consensus; 409 `evaluations_missing` while an assigned
/// sheet is not in; 422 with paths like `sheet.scores[0].justification`.
pub async fn save_consensus(proposal_id: i64, sheet: Scoresheet) -> Result<(), ApiError> {
    write(
        Method::Put,
        format!("/proposals/{proposal_id}/consensus"),
        body(&ConsensusSave { sheet }),
    )
    .await
}

/// Records (or changes, until published) the decision on a proposal; 422 `reasons`.
pub async fn save_decision(proposal_id: i64, req: &DecisionSave) -> Result<(), ApiError> {
    write(
        Method::Put,
        format!("/proposals/{proposal_id}/decision"),
        body(req),
    )
    .await
}

/// Publishes the current round's decisions (participants are notified); 409
/// `decisions_missing`, `evaluations_missing`, `round_published`.
pub async fn publish(challenge_id: i64) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("/challenges/{challenge_id}/evaluation/publish"),
        None,
    )
    .await
}

/// Where the evaluation table downloads from: `ext` is `csv` or `xlsx`.
pub fn export_href(challenge_id: i64, ext: &str) -> String {
    format!("{BASE}/challenges/{challenge_id}/evaluation/export.{ext}")
}

/// The printable evaluation report in `lang` (`fi`, `sv`, `en`).
pub fn report_href(challenge_id: i64, lang: &str) -> String {
    format!("{BASE}/challenges/{challenge_id}/evaluation/report?lang={lang}")
}

/// `GET` → `ProposalFeedback` (404 `not_found` before anything is published).
pub fn feedback_path(proposal_id: i64) -> String {
    format!("/proposals/{proposal_id}/feedback")
}

/// `GET` → `PublicOutcome` (anyone who can see the challenge).
pub fn outcome_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/outcome")
}
