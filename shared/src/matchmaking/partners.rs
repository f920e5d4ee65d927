//! Partner search and contact requests: a company marks itself as looking for partners on a
//! challenge and says what it lacks; it gets complementary organisations and may send them a
//! contact request through the platform. The other side's contact person (e-mail, phone) is
//! shown to the requesting organisation only once the request is accepted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{MatchedOffering, MatchedTerm};
use crate::challenge::Theme;
use crate::error::{FieldCode, FieldError};
use crate::org::OrgRef;
use crate::profile::{Capability, DirectoryEntry};
use crate::validate::Checker;

pub const PARTNER_NOTE_MAX: usize = 1_000;
pub const CONTACT_MESSAGE_MAX: usize = 2_000;
/// Pending contact requests one organisation may have on one challenge.
pub const PENDING_CONTACT_REQUESTS_MAX: usize = 20;

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

/// `PUT /challenges/{id}/partner-search`: the organisation is looking for partners on the
/// challenge and lacks this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSearchInput {
    /// The caller's company or research organisation.
    pub org_id: i64,
    /// Capabilities it lacks, from the shared list.
    #[serde(default)]
    pub lacking: Vec<Capability>,
    /// What else it lacks, in its own words.
    #[serde(default)]
    pub note: String,
}

impl PartnerSearchInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.optional_text("note", Some(&self.note), PARTNER_NOTE_MAX);
        if has_duplicates(&self.lacking) {
            c.push(FieldError::new("lacking", FieldCode::DuplicateValue));
        }
        if self.lacking.is_empty() && self.note.trim().is_empty() {
            // Nothing to look for: say what is lacking, as capabilities or in words.
            c.push(FieldError::new("lacking", FieldCode::Required));
        }
        c.finish()
    }
}

/// An organisation's partner search on a challenge (seen by its own members).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSearchView {
    pub challenge_id: i64,
    pub org: OrgRef,
    pub lacking: Vec<Capability>,
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

/// `?org_id=&limit=` of the partner-search endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PartnerQuery {
    /// The caller's organisation whose search this is.
    pub org_id: i64,
    /// 1..=50; 20 when absent (candidates only).
    pub limit: Option<u32>,
}

/// Why a candidate complements the searching organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReasons {
    /// The lacking capabilities the candidate has.
    pub covers: Vec<Capability>,
    /// The candidate's offering that meets the note best.
    pub offering: Option<MatchedOffering>,
    /// Shared terms of the note and that offering.
    pub terms: Vec<MatchedTerm>,
    /// The challenge's themes the candidate works on.
    pub themes: Vec<Theme>,
    /// The candidate partly offers the same as the searching organisation (ranked lower).
    pub competitor: bool,
}

/// `GET /challenges/{id}/partner-candidates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerCandidatesView {
    pub search: PartnerSearchView,
    pub items: Vec<PartnerCandidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerCandidate {
    /// The public directory card: no contact details.
    pub organisation: DirectoryEntry,
    /// 0..1: mostly the share of the lacking capabilities it covers (see the engine's
    /// `partner_score`); comparable within one list only.
    pub score: f32,
    pub reasons: PartnerReasons,
    pub reason_text: String,
    /// The contact request already sent to it about this challenge, if any.
    pub request: Option<ContactRequestRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestRef {
    pub id: i64,
    pub status: ContactRequestStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactRequestStatus {
    Pending,
    Accepted,
    Declined,
}

impl ContactRequestStatus {
    pub const ALL: [ContactRequestStatus; 3] = [
        ContactRequestStatus::Pending,
        ContactRequestStatus::Accepted,
        ContactRequestStatus::Declined,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContactRequestStatus::Pending => "pending",
            ContactRequestStatus::Accepted => "accepted",
            ContactRequestStatus::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// `POST /challenges/{id}/contact-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestInput {
    /// The caller's organisation, on whose behalf the request is sent.
    pub from_org_id: i64,
    /// The organisation asked (a public profile).
    pub to_org_id: i64,
    /// Who you are and what you propose (plain text).
    pub message: String,
}

impl ContactRequestInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("message", &self.message, 10, CONTACT_MESSAGE_MAX);
        if self.from_org_id == self.to_org_id {
            c.push(FieldError::new("to_org_id", FieldCode::InvalidChoice));
        }
        c.finish()
    }
}

/// `POST /contact-requests/{id}/answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAnswer {
    pub accept: bool,
}

/// The contact person of the organisation that accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetails {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

/// A contact request as one of the two organisations sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestView {
    pub id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub from_org: OrgRef,
    pub to_org: OrgRef,
    /// The name of the person who sent it.
    pub requested_by: String,
    pub message: String,
    pub status: ContactRequestStatus,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The asked organisation's contact person: only for members of the requesting
    /// organisation, and only once the request is accepted; `null` otherwise.
    pub contact: Option<ContactDetails>,
    /// The caller may accept or decline it (a pending request to the caller's organisation).
    pub can_answer: bool,
}

/// `GET /organisations/{id}/contact-requests`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestsView {
    pub incoming: Vec<ContactRequestView>,
    pub outgoing: Vec<ContactRequestView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_says_what_is_lacking() {
        let mut s = PartnerSearchInput {
            org_id: 1,
            lacking: vec![],
            note: " ".into(),
        };
        assert_eq!(s.validate().unwrap_err()[0].field, "lacking");
        s.note = "Tekoälyosaaminen".into();
        assert!(s.validate().is_ok());
        s.lacking = vec![Capability::AiAnalytics, Capability::AiAnalytics];
        assert_eq!(s.validate().unwrap_err()[0].code, FieldCode::DuplicateValue);
    }

    #[test]
    fn a_contact_request_needs_a_message_and_another_organisation() {
        let mut r = ContactRequestInput {
            from_org_id: 1,
            to_org_id: 1,
            message: "Hei".into(),
        };
        let fields: Vec<String> = r
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["message", "to_org_id"]);
        r.to_org_id = 2;
        r.message = "Haluaisimme tehdä yhteistarjouksen kanssanne.".into();
        assert!(r.validate().is_ok());
        for s in ContactRequestStatus::ALL {
            assert_eq!(ContactRequestStatus::from_code(s.code()), Some(s));
        }
    }
}
