//! The wire types of a challenge's evaluation panel: its published criteria set, the
//! evaluators (invited by e-mail or added from the region's staff), who is assigned to which
//! proposal, and the conflict-of-interest declarations made before a proposal is opened.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::assignment::PER_PROPOSAL_MAX;
use super::criteria::CriteriaSet;
use super::scoring::EvaluationStatus;
use crate::error::{FieldCode, FieldError};
use crate::org::OrgRef;
use crate::profile::InvitationStatus;
use crate::validate::Checker;

/// Longest stated reason (of a criteria change or a conflict of interest).
pub const REASON_MAX: usize = 2000;

/// A challenge's criteria set as published on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriteriaSetView {
    pub challenge_id: i64,
    /// `null` until the coordinators define one.
    pub criteria_set: Option<CriteriaSet>,
    /// The challenge's latest version (0 for a draft never published): send it back as
    /// `base_version` when saving.
    pub version: u32,
    /// A change now needs a stated reason (proposals are open).
    pub reason_required: bool,
    /// No more changes: the proposals deadline has passed (scores refer to the criteria keys).
    pub frozen: bool,
}

/// A coordinator's new criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriteriaSetUpdate {
    pub criteria_set: CriteriaSet,
    /// Shown in the change log; required once proposals are open.
    #[serde(default)]
    pub change_reason: Option<String>,
    /// The `version` the editor started from; when given and no longer current, 409 `conflict`.
    #[serde(default)]
    pub base_version: Option<u32>,
}

impl CriteriaSetUpdate {
    /// The set's own rules (paths under `criteria_set.`), and the reason's length.
    pub fn validate(&self, reason_required: bool) -> Result<(), Vec<FieldError>> {
        let mut errors: Vec<FieldError> = match self.criteria_set.validate() {
            Ok(()) => vec![],
            Err(e) => e
                .into_iter()
                .map(|mut f| {
                    f.field = format!("criteria_set.{}", f.field);
                    f
                })
                .collect(),
        };
        let mut c = Checker::new();
        c.optional_text("change_reason", self.change_reason.as_deref(), REASON_MAX);
        if let Err(e) = c.finish() {
            errors.extend(e);
        }
        let reason = self.change_reason.as_deref().map(str::trim).unwrap_or("");
        if reason_required && reason.is_empty() {
            errors.push(FieldError::new("change_reason", FieldCode::ReasonRequired));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Invite someone by e-mail to evaluate a challenge's proposals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorInvitationRequest {
    pub email: String,
}

impl EvaluatorInvitationRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.email("email", &self.email);
        c.finish()
    }
}

/// Add a member of the owning region's staff as an evaluator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddEvaluatorRequest {
    pub user_id: i64,
}

/// How a person became an evaluator of a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvaluatorSource {
    /// Region staff added by a coordinator.
    Staff,
    /// Accepted an e-mail invitation.
    Invited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorView {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub source: EvaluatorSource,
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorInvitationView {
    pub id: i64,
    pub email: String,
    pub status: InvitationStatus,
    pub invited_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// A challenge's evaluators and the invitations sent, for its coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorsView {
    pub evaluators: Vec<EvaluatorView>,
    /// Newest first.
    pub invitations: Vec<EvaluatorInvitationView>,
}

/// What accepting an evaluator invitation made the caller an evaluator of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedEvaluatorInvitation {
    pub challenge_id: i64,
    pub challenge_title: String,
}

/// How to assign proposals in bulk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssignMode {
    /// Every evaluator to every proposal.
    AllToAll,
    /// `per_proposal` evaluators to each proposal, loads as even as possible.
    Balanced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    pub mode: AssignMode,
    /// For `balanced`: 1..=20.
    #[serde(default)]
    pub per_proposal: Option<u32>,
}

impl AssignRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        match (self.mode, self.per_proposal) {
            (AssignMode::Balanced, None) => {
                c.push(FieldError::new("per_proposal", FieldCode::Required));
            }
            (AssignMode::Balanced, Some(k)) => {
                c.int_range("per_proposal", i64::from(k), 1, i64::from(PER_PROPOSAL_MAX));
            }
            (AssignMode::AllToAll, _) => {}
        }
        c.finish()
    }
}

/// An evaluator's statement about a proposal before opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeclarationKind {
    /// No conflict of interest: the proposal opens.
    None,
    /// A conflict of interest: the proposal never opens for this evaluator.
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclarationRequest {
    pub declaration: DeclarationKind,
    /// Required for a conflict.
    #[serde(default)]
    pub reason: Option<String>,
}

impl DeclarationRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        match self.declaration {
            DeclarationKind::Conflict => c.text(
                "reason",
                self.reason.as_deref().unwrap_or(""),
                1,
                REASON_MAX,
            ),
            DeclarationKind::None => {
                c.optional_text("reason", self.reason.as_deref(), REASON_MAX);
            }
        }
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclarationView {
    pub declaration: DeclarationKind,
    pub reason: Option<String>,
    pub declared_at: DateTime<Utc>,
}

/// One evaluator on one proposal, with their declaration if made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignedEvaluator {
    pub user_id: i64,
    pub display_name: String,
    /// `false` once a conflict is declared and the assignment removed (kept for the record).
    pub assigned: bool,
    pub declaration: Option<DeclarationView>,
}

/// A submitted proposal with its consortium and its evaluators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalAssignments {
    pub proposal_id: i64,
    pub lead: OrgRef,
    /// Accepted partners.
    pub partners: Vec<OrgRef>,
    pub evaluators: Vec<AssignedEvaluator>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorLoad {
    pub user_id: i64,
    pub display_name: String,
    pub assigned: u32,
}

/// The coordinators' view of the assignments: empty until the proposals deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentsView {
    pub challenge_id: i64,
    /// Before the deadline: nothing can be assigned and nothing is listed.
    pub sealed: bool,
    pub proposals: Vec<ProposalAssignments>,
    pub loads: Vec<EvaluatorLoad>,
    /// After a balanced assignment: proposals that could not get the number asked for (too
    /// few evaluators without a conflict), with the number they have.
    #[serde(default)]
    pub short: Vec<Shortfall>,
}

/// A proposal with fewer evaluators than asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shortfall {
    pub proposal_id: i64,
    pub evaluators: u32,
}

/// A proposal assigned to the caller, as shown before opening it: who proposes, no content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAssignment {
    pub proposal_id: i64,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    pub declaration: Option<DeclarationView>,
    /// Declared no conflict: the proposal can be opened.
    pub can_open: bool,
    /// The caller's scoresheet in the proposal's latest evaluation round: `None` not started.
    #[serde(default)]
    pub scoring: Option<EvaluationStatus>,
}

/// A challenge the caller evaluates, with their assignments once the deadline has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyEvaluation {
    pub challenge_id: i64,
    pub challenge_title: String,
    pub proposals_close_at: Option<DateTime<Utc>>,
    pub sealed: bool,
    pub assignments: Vec<MyAssignment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_needs_a_reason() {
        let mut r = DeclarationRequest {
            declaration: DeclarationKind::Conflict,
            reason: Some("   ".into()),
        };
        assert_eq!(r.validate().unwrap_err()[0].field, "reason");
        r.reason = Some("Olen ollut yhtiön hallituksessa.".into());
        assert!(r.validate().is_ok());
        let none = DeclarationRequest {
            declaration: DeclarationKind::None,
            reason: None,
        };
        assert!(none.validate().is_ok());
    }

    #[test]
    fn balanced_needs_a_number_in_range() {
        let mut r = AssignRequest {
            mode: AssignMode::Balanced,
            per_proposal: None,
        };
        assert_eq!(r.validate().unwrap_err()[0].code, FieldCode::Required);
        r.per_proposal = Some(0);
        assert!(r.validate().is_err());
        r.per_proposal = Some(PER_PROPOSAL_MAX + 1);
        assert!(r.validate().is_err());
        r.per_proposal = Some(3);
        assert!(r.validate().is_ok());
        assert!(
            AssignRequest {
                mode: AssignMode::AllToAll,
                per_proposal: None
            }
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn set_errors_carry_their_path_and_the_reason_is_checked() {
        let u = CriteriaSetUpdate {
            criteria_set: CriteriaSet::default(),
            change_reason: None,
            base_version: None,
        };
        let errors = u.validate(true).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["criteria_set.criteria", "change_reason"]);
    }
}
