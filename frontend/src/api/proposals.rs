//! Proposals (`/challenges/{id}/proposals`, `/me/proposals`, `/proposals/{id}/…`): the typed
//! calls. Lists are read through [`super::load`] with the paths below.

use kehto_shared::ApiError;
use kehto_shared::proposals::{
    AttachmentMarking, DraftSaved, InvitePartnerRequest, PartnerAnswerRequest, Receipt,
    SaveDraftRequest, StartProposalRequest,
};
use serde::Deserialize;

use super::{Method, send, send_empty};

/// `GET /me/proposals`: every proposal led or partnered by the caller's organisations.
pub const MY_PROPOSALS: &str = "/me/proposals";

/// `GET /challenges/{id}/proposals`: what the challenge's coordinators see of its proposals.
pub fn challenge_proposals_path(challenge_id: i64) -> String {
    format!("/challenges/{challenge_id}/proposals")
}

/// The part of a `ProposalView` the caller of [`start_proposal`] needs.
#[derive(Deserialize)]
struct Started {
    id: i64,
}

/// Starts a proposal on a challenge for `org_id` (needed when the user has several
/// organisations), or finds the one the organisation already has; answers its id.
pub async fn start_proposal(challenge_id: i64, org_id: Option<i64>) -> Result<i64, ApiError> {
    let started: Started = send(
        Method::Post,
        &format!("/challenges/{challenge_id}/proposals"),
        &StartProposalRequest { org_id },
    )
    .await?;
    Ok(started.id)
}

/// An invited partner organisation accepts or declines.
pub async fn answer_partner(proposal_id: i64, org_id: i64, accept: bool) -> Result<(), ApiError> {
    send_empty(
        Method::Put,
        &format!("/proposals/{proposal_id}/partners/{org_id}"),
        Some(&PartnerAnswerRequest { accept }),
    )
    .await
}

// ---- the editor: draft, attachments, partners, submission and receipts ----

mod upload;
pub use upload::upload_attachment;

/// `GET /proposals/{id}`: the proposal as the caller may see it (`ProposalView`).
pub fn proposal_path(id: i64) -> String {
    format!("/proposals/{id}")
}

/// `GET /proposals/{id}/receipts/{receipt_id}` (`Receipt`); with `/verify` appended, its check
/// (`ReceiptVerification`).
pub fn receipt_path(id: i64, receipt_id: i64) -> String {
    format!("/proposals/{id}/receipts/{receipt_id}")
}

/// Where an attachment downloads from (served as `Content-Disposition: attachment`).
pub fn attachment_href(id: i64, attachment_id: i64) -> String {
    format!("{}/proposals/{id}/attachments/{attachment_id}", super::BASE)
}

/// Autosaves the draft; 409 `conflict` when someone saved after `base_revision`, 409
/// `proposals_closed` from the deadline on.
pub async fn save_draft(id: i64, req: &SaveDraftRequest) -> Result<DraftSaved, ApiError> {
    send(Method::Put, &format!("/proposals/{id}/draft"), req).await
}

/// Submits the saved draft with its attachments: the receipt, or 422 with what is missing.
pub async fn submit(id: i64) -> Result<Receipt, ApiError> {
    let path = format!("/proposals/{id}/submit");
    super::parse(&super::text_of(super::request(Method::Post, &path, &[], super::NO_BODY)).await?)
}

pub async fn withdraw(id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Post,
        &format!("/proposals/{id}/withdraw"),
        super::NO_BODY,
    )
    .await
}

/// Marks an attachment confidential (with the reason) or not; the page loads the list again.
pub async fn mark_attachment(
    id: i64,
    attachment_id: i64,
    marking: AttachmentMarking,
) -> Result<(), ApiError> {
    send_empty(
        Method::Put,
        &format!("/proposals/{id}/attachments/{attachment_id}"),
        Some(&marking),
    )
    .await
}

/// Removes an attachment from the draft (receipts that list it keep verifying).
pub async fn remove_attachment(id: i64, attachment_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Delete,
        &format!("/proposals/{id}/attachments/{attachment_id}"),
        super::NO_BODY,
    )
    .await
}

pub async fn invite_partner(id: i64, org_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Post,
        &format!("/proposals/{id}/partners"),
        Some(&InvitePartnerRequest { org_id }),
    )
    .await
}

pub async fn remove_partner(id: i64, org_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Delete,
        &format!("/proposals/{id}/partners/{org_id}"),
        super::NO_BODY,
    )
    .await
}
