//! Invitations to join a company or research organisation: an owner invites an e-mail address,
//! the person follows the link and, signed in with that address, becomes a member.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::org::{OrgKind, OrgRef, Role};
use crate::validate::Checker;

/// How long an invitation link works.
pub const INVITATION_VALID_DAYS: i64 = 7;
/// Open invitations an organisation may have at once.
pub const PENDING_INVITATIONS_MAX: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationRequest {
    pub email: String,
    pub role: Role,
}

impl InvitationRequest {
    /// `kind` is the inviting organisation's: only roles that fit it can be offered.
    pub fn validate(&self, kind: OrgKind) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.email("email", &self.email);
        if kind == OrgKind::Region || !self.role.fits(kind) {
            c.push(FieldError::new("role", FieldCode::InvalidChoice));
        }
        c.finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// An invitation as its organisation's owners see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    /// The inviter's display name (`null` if their account is gone).
    pub invited_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// The token from the invitation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitationRequest {
    pub token: String,
}

/// What the holder of an invitation link may see before accepting: who invites them where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub org: OrgRef,
    pub role: Role,
    /// The inviter's display name (`null` if their account is gone).
    pub invited_by: Option<String>,
    /// The address the invitation was sent to: only that account can accept it.
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// The membership an accepted invitation gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedInvitation {
    pub org: OrgRef,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_company_roles_can_be_offered() {
        let mut r = InvitationRequest {
            email: "a@b.fi".into(),
            role: Role::CompanyMember,
        };
        assert!(r.validate(OrgKind::Company).is_ok());
        assert!(r.validate(OrgKind::Region).is_err());
        r.role = Role::Coordinator;
        assert!(r.validate(OrgKind::Research).is_err());
    }
}
