//! The wire types of independent scoring: an evaluator's own scoresheet for a proposal (saved
//! as a draft, then submitted and locked), the other evaluators' sheets that open to them only
//! after they have submitted their own, and the coordinator's logged reopening of a submitted
//! sheet.
//!
//! Endpoints (all under `/api/v1`):
//! - `GET /proposals/{id}/scoresheet` → [`MyScoring`];
//! - `PUT /proposals/{id}/scoresheet` with [`ScoresheetSave`] → [`MyScoring`] (a draft);
//! - `POST /proposals/{id}/scoresheet/submit` with [`ScoresheetSave`] → [`MyScoring`];
//! - `POST /proposals/{id}/scoresheets/{user_id}/reopen` with [`ReopenRequest`] (coordinators).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::maths::Total;
use super::panel::REASON_MAX;
use super::scoring::{EvaluationStatus, Scoresheet};
use crate::error::FieldError;
use crate::org::OrgRef;
use crate::validate::Checker;

/// An evaluator's sheet as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoresheetView {
    pub proposal_id: i64,
    /// The evaluation round the sheet belongs to (1 = the first).
    pub round: u32,
    pub evaluator_id: i64,
    pub status: EvaluationStatus,
    /// Aligned with the criteria set (one row per criterion and per requirement, in order).
    pub sheet: Scoresheet,
    /// The weighted total once every criterion has a score.
    pub total: Option<Total>,
    pub saved_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Another evaluator's submitted sheet, as shown to an evaluator who has submitted theirs and
/// to coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeerScoresheet {
    pub evaluator_id: i64,
    pub display_name: String,
    pub sheet: Scoresheet,
    pub total: Option<Total>,
    pub submitted_at: DateTime<Utc>,
}

/// When a coordinator reopened a submitted sheet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reopening {
    pub reopened_at: DateTime<Utc>,
    pub reopened_by: String,
    pub reason: String,
}

/// An evaluator's scoring page for one proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyScoring {
    pub proposal_id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    pub round: u32,
    /// The criteria with their scale descriptions, shown beside the form.
    pub criteria_set: CriteriaSet,
    /// The caller's sheet; a blank aligned draft (`saved_at` = now) before the first save.
    pub mine: ScoresheetView,
    /// Whether the caller may still change their sheet (a draft of an open round).
    pub editable: bool,
    /// The other evaluators' submitted sheets: `None` until the caller has submitted their
    /// own (hidden, not merely empty).
    pub others: Option<Vec<PeerScoresheet>>,
    /// How many evaluators are assigned in all (including the caller).
    pub assigned: u32,
    /// Reopenings of the caller's sheet, newest first.
    pub reopenings: Vec<Reopening>,
}

/// Saving or submitting an evaluator's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoresheetSave {
    pub sheet: Scoresheet,
}

/// A coordinator's reopening of a submitted sheet (or of a recorded consensus): the reason is
/// required and goes to the audit log and to the evaluator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReopenRequest {
    pub reason: String,
}

impl ReopenRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("reason", &self.reason, 1, REASON_MAX);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reopening_needs_a_reason() {
        assert!(ReopenRequest { reason: " ".into() }.validate().is_err());
        assert!(
            ReopenRequest {
                reason: "Perustelu puuttui kriteeristä 2.".into()
            }
            .validate()
            .is_ok()
        );
    }
}
