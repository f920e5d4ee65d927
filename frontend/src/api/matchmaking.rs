//! Matchmaking (`/organisations/{id}/recommendations`, `/challenges/{id}/suggested-organisations`,
//! `…/invite`, `/challenges/{id}/similar`, `/challenges/{id}/partner-search`,
//! `…/partner-candidates`, `…/contact-requests`, `/organisations/{id}/contact-requests`,
//! `/contact-requests/{id}/answer`): paths for [`super::load`] and the writes. The pages load
//! their lists again after a change, so every write goes through the non-generic
//! [`super::write`] and its answer is not read.
//!
//! The reasons in these answers are worded by the server in the request's `Accept-Language`
//! (the interface language), so a page loads them again when the language changes.

use kehto_shared::ApiError;
use kehto_shared::matchmaking::{
    ContactAnswer, ContactRequestInput, DialogueInviteRequest, PartnerSearchInput,
};

use super::{Method, body, write};

/// `GET` → `RecommendationsView` (the organisation's members).
pub fn recommendations_path(org_id: i64) -> String {
    format!("/organisations/{org_id}/recommendations")
}

/// `GET` → `SuggestionsView` (the challenge's coordinators).
pub fn suggestions_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/suggested-organisations")
}

/// `GET` → `SimilarChallengesView`, at most `limit` (the challenge's coordinators; drafts too).
pub fn similar_path(challenge_id: i64, limit: u32) -> String {
    format!("/challenges/{challenge_id}/similar?limit={limit}")
}

/// `GET` → `PartnerSearchView`; 404 while the organisation is not looking for partners.
pub fn partner_search_path(challenge_id: i64, org_id: i64) -> String {
    format!("/challenges/{challenge_id}/partner-search?org_id={org_id}")
}

/// `GET` → `PartnerCandidatesView` (404 without a partner search).
pub fn partner_candidates_path(challenge_id: i64, org_id: i64) -> String {
    format!("/challenges/{challenge_id}/partner-candidates?org_id={org_id}")
}

/// `GET` → `ContactRequestsView`: incoming and sent, newest first.
pub fn contact_requests_path(org_id: i64) -> String {
    format!("/organisations/{org_id}/contact-requests")
}

/// Invites a suggested organisation to the market dialogue (one e-mail, logged; 409
/// `already_invited` the second time).
pub async fn invite(challenge_id: i64, org_id: i64, message: String) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("{}/{org_id}/invite", suggestions_path(challenge_id)),
        body(&DialogueInviteRequest { message }),
    )
    .await
}

/// Marks the organisation as looking for partners on the challenge, or changes what it lacks.
pub async fn save_partner_search(
    challenge_id: i64,
    input: &PartnerSearchInput,
) -> Result<(), ApiError> {
    write(
        Method::Put,
        format!("/challenges/{challenge_id}/partner-search"),
        body(input),
    )
    .await
}

pub async fn delete_partner_search(challenge_id: i64, org_id: i64) -> Result<(), ApiError> {
    write(
        Method::Delete,
        partner_search_path(challenge_id, org_id),
        None,
    )
    .await
}

/// Sends a contact request (409 `already_requested`, `limit_reached`, `dialogue_closed`).
pub async fn request_contact(
    challenge_id: i64,
    input: &ContactRequestInput,
) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("/challenges/{challenge_id}/contact-requests"),
        body(input),
    )
    .await
}

/// Accepts or declines a request sent to one's organisation.
pub async fn answer_contact(request_id: i64, accept: bool) -> Result<(), ApiError> {
    write(
        Method::Post,
        format!("/contact-requests/{request_id}/answer"),
        body(&ContactAnswer { accept }),
    )
    .await
}
