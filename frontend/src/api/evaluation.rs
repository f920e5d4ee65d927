//! The evaluation panel (`/challenges/{id}/criteria-set`, `…/evaluators`,
//! `…/evaluator-invitations`, `…/assignments`, `/proposals/{id}/evaluators/{user_id}`,
//! `/proposals/{id}/conflict-declaration`, `/me/evaluations`): paths for [`super::load`] and the
//! writes. Writes whose answer the page does not show go through the non-generic
//! [`super::write`]; the others parse their answer.

use kehto_shared::ApiError;
use kehto_shared::evaluation::{
    AddEvaluatorRequest, AssignRequest, AssignmentsView, CriteriaSetUpdate, CriteriaSetView,
    DeclarationRequest, DeclarationView, EvaluatorInvitationRequest,
};

use super::{Method, body, send, write};

/// `GET /me/evaluations` → `[MyEvaluation]`.
pub const MY_EVALUATIONS: &str = "/me/evaluations";

/// `GET` → `CriteriaSetView` (anyone who can see the challenge).
pub fn criteria_set_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/criteria-set")
}

/// `GET` → `EvaluatorsView` (the challenge's coordinators).
pub fn evaluators_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/evaluators")
}

/// `GET` → `AssignmentsView` (the challenge's coordinators; empty while sealed).
pub fn assignments_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/assignments")
}

/// `GET` → `[MemberView]` of a region (its members see them).
pub fn members_path(org_id: i64) -> String {
    format!("/organisations/{org_id}/members")
}

/// Saves the whole criteria set; 409 `conflict` when `base_version` is no longer current,
/// `criteria_frozen` from the proposals deadline on.
pub async fn save_criteria_set(
    challenge_id: i64,
    req: &CriteriaSetUpdate,
) -> Result<CriteriaSetView, ApiError> {
    send(Method::Put, &criteria_set_path(challenge_id), req).await
}

/// Adds a member of an owning region's staff as an evaluator.
pub async fn add_evaluator(challenge_id: i64, user_id: i64) -> Result<(), ApiError> {
    write(
        Method::Post,
        evaluators_path(challenge_id),
        body(&AddEvaluatorRequest { user_id }),
    )
    .await
}

/// Removes an evaluator, together with their assignments on the challenge.
pub async fn remove_evaluator(challenge_id: i64, user_id: i64) -> Result<(), ApiError> {
    write(
        Method::Delete,
        format!("{}/{user_id}", evaluators_path(challenge_id)),
        None,
    )
    .await
}

pub async fn invite_evaluator(challenge_id: i64, email: String) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("/challenges/{challenge_id}/evaluator-invitations"),
        body(&EvaluatorInvitationRequest { email }),
    )
    .await
}

pub async fn revoke_evaluator_invitation(
    challenge_id: i64,
    invitation_id: i64,
) -> Result<(), ApiError> {
    write(
        Method::Delete,
        format!("/challenges/{challenge_id}/evaluator-invitations/{invitation_id}"),
        None,
    )
    .await
}

/// Assigns in bulk; the answer lists the proposals that got fewer evaluators than asked for.
pub async fn assign(challenge_id: i64, req: &AssignRequest) -> Result<AssignmentsView, ApiError> {
    send(Method::Post, &assignments_path(challenge_id), req).await
}

/// Assigns (`assign`) or unassigns one evaluator to or from one proposal.
pub async fn set_assigned(proposal_id: i64, user_id: i64, assign: bool) -> Result<(), ApiError> {
    let method = if assign { Method::Put } else { Method::Delete };
    write(
        method,
        format!("/proposals/{proposal_id}/evaluators/{user_id}"),
        None,
    )
    .await
}

/// The caller's final conflict-of-interest declaration on an assigned proposal.
pub async fn declare(
    proposal_id: i64,
    req: &DeclarationRequest,
) -> Result<DeclarationView, ApiError> {
    send(
        Method::Put,
        &format!("/proposals/{proposal_id}/conflict-declaration"),
        req,
    )
    .await
}
