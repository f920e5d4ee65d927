//! Organisation profiles, the directory and invitations to join an organisation.
//!
//! Reads go through [`super::load`] with the paths built here (`profile_path`, `directory_path`,
//! `invitations_path`); the writes whose answers are not shown go through the non-generic
//! [`super::write`], so that they add almost nothing to the wasm.

use kehto_shared::ApiError;
use kehto_shared::profile::{
    AcceptInvitationRequest, AcceptedInvitation, InvitationPreview, InvitationRequest,
    OrgProfileInput, OrgProfileView,
};

use super::{Method, body, send, write};

/// `path` with `params` as its query string; empty values are left out.
pub fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let mut out = path.to_owned();
    for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(k);
        out.push('=');
        out.push_str(&String::from(js_sys::encode_uri_component(v)));
    }
    out
}

/// `GET` → `OrgProfileView` (404 for regions and for a profile that is not public).
pub fn profile_path(org_id: i64) -> String {
    format!("/organisations/{org_id}/profile")
}

/// `GET` → `Page<DirectoryEntry>`; `params` are those of `DirectoryQuery`.
pub fn directory_path(params: &[(&str, &str)]) -> String {
    with_query("/directory", params)
}

/// `GET` → `[InvitationView]` (owners and administrators).
pub fn invitations_path(org_id: i64) -> String {
    format!("/organisations/{org_id}/invitations")
}

/// Saves the whole profile (all or nothing); the answer carries the offerings' new ids.
pub async fn save_profile(
    org_id: i64,
    input: &OrgProfileInput,
) -> Result<OrgProfileView, ApiError> {
    send(Method::Put, &profile_path(org_id), input).await
}

/// Invites an address; the page loads the list again, so the answer is not read.
pub async fn invite(org_id: i64, req: &InvitationRequest) -> Result<(), ApiError> {
    write(Method::Post, invitations_path(org_id), body(req)).await
}

pub async fn revoke_invitation(org_id: i64, invitation_id: i64) -> Result<(), ApiError> {
    write(
        Method::Delete,
        format!("/organisations/{org_id}/invitations/{invitation_id}"),
        None,
    )
    .await
}

/// Who invites the link's holder where (the token is the permission; nothing changes).
pub async fn preview_invitation(token: &str) -> Result<InvitationPreview, ApiError> {
    let req = AcceptInvitationRequest {
        token: token.to_owned(),
    };
    send(Method::Post, "/invitations/preview", &req).await
}

pub async fn accept_invitation(token: &str) -> Result<AcceptedInvitation, ApiError> {
    let req = AcceptInvitationRequest {
        token: token.to_owned(),
    };
    send(Method::Post, "/invitations/accept", &req).await
}

/// The signed-in user accepts an invitation to evaluate a challenge's proposals.
pub async fn accept_evaluator_invitation(
    token: &str,
) -> Result<kehto_shared::evaluation::AcceptedEvaluatorInvitation, ApiError> {
    let req = AcceptInvitationRequest {
        token: token.to_owned(),
    };
    send(Method::Post, "/evaluator-invitations/accept", &req).await
}
