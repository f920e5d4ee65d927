//! The wire types of the coordinator's evaluation board: progress per evaluator, each
//! proposal's panel statistics with disagreements flagged, the consensus the coordinator
//! records, the ranking, the optional normalised view, and the decisions of a round.
//!
//! Rounds: round 1 holds every submitted proposal. Publishing a round's decisions where some
//! proposals "continue to the next round" opens round 2 with exactly those proposals (e.g.
//! pitches after a shortlist), scored by their assigned evaluators on the same criteria set.
//!
//! Endpoints (all under `/api/v1`, the challenge's coordinators):
//! - `GET /challenges/{id}/evaluation-board` → [`EvaluationBoard`] (the current round, or
//!   `?round=N`);
//! - `PUT /proposals/{id}/consensus` with [`ConsensusSave`] → [`BoardProposal`] (409
//!   `evaluations_missing` while an assigned sheet is not submitted);
//! - `PUT /proposals/{id}/decision` with [`DecisionSave`] → [`BoardProposal`] (the same 409);
//! - `POST /challenges/{id}/evaluation/publish` → [`EvaluationBoard`] (409
//!   `decisions_missing` unless every proposal of the round has a decision);
//! - `GET /challenges/{id}/evaluation/export.csv`, `…/export.xlsx`, `…/report?lang=fi`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::maths::{CriterionStats, Total};
use super::normalise::NormalisedView;
use super::ranking::Ranking;
use super::review::PeerScoresheet;
use super::scoring::{EvaluationStatus, Scoresheet};
use crate::error::FieldError;
use crate::org::OrgRef;
use crate::validate::Checker;

/// Longest written reasons of a decision.
pub const DECISION_REASONS_MAX: usize = 5000;

/// What was decided about a proposal in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DecisionOutcome {
    Selected,
    NotSelected,
    /// Continues to the next round (opened when the round is published).
    NextRound,
}

impl DecisionOutcome {
    pub const ALL: [DecisionOutcome; 3] = [
        DecisionOutcome::Selected,
        DecisionOutcome::NotSelected,
        DecisionOutcome::NextRound,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionOutcome::Selected => "selected",
            DecisionOutcome::NotSelected => "not_selected",
            DecisionOutcome::NextRound => "next_round",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Evaluators score; the coordinator records consensus and decisions.
    Open,
    /// Decisions published: participants notified; nothing changes any more.
    Published,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub number: u32,
    pub status: RoundStatus,
    pub opened_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// Proposals in the round.
    pub proposals: u32,
}

/// How far one evaluator has come in the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorProgress {
    pub user_id: i64,
    pub display_name: String,
    pub assigned: u32,
    /// Declared no conflict.
    pub declared: u32,
    pub drafts: u32,
    pub submitted: u32,
}

/// One assigned evaluator's state on one proposal; the sheet only once submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardEvaluation {
    pub evaluator_id: i64,
    pub display_name: String,
    /// `None`: not started.
    pub status: Option<EvaluationStatus>,
    pub submitted: Option<PeerScoresheet>,
}

/// The recorded consensus of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsensusView {
    /// The agreed score per criterion with its rationale as `justification`, and the panel's
    /// admission decisions.
    pub sheet: Scoresheet,
    pub total: Total,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub outcome: DecisionOutcome,
    pub reasons: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// One proposal on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardProposal {
    pub proposal_id: i64,
    pub title: String,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    pub received_at: DateTime<Utc>,
    pub evaluations: Vec<BoardEvaluation>,
    /// Every assigned evaluation is submitted (and at least one is assigned).
    pub complete: bool,
    /// Per criterion, from the submitted sheets (empty until one is in).
    pub statistics: Vec<CriterionStats>,
    /// The mean of the submitted sheets' totals, in points.
    pub mean_total_points: Option<f64>,
    pub consensus: Option<ConsensusView>,
    pub decision: Option<DecisionView>,
}

/// The coordinator's evaluation board for one round of a challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationBoard {
    pub challenge_id: i64,
    pub challenge_title: String,
    /// `None` until defined (nothing can be scored then).
    pub criteria_set: Option<CriteriaSet>,
    /// Before the proposals deadline: nothing is listed.
    pub sealed: bool,
    pub rounds: Vec<RoundView>,
    /// The round shown.
    pub round: u32,
    pub progress: Vec<EvaluatorProgress>,
    pub proposals: Vec<BoardProposal>,
    /// From the recorded consensus of the round's proposals (those without one are left out).
    pub ranking: Ranking,
    /// The advisory normalised view of the submitted sheets.
    pub normalised: Option<NormalisedView>,
    /// Assigned sheets of the round not yet submitted.
    pub missing_evaluations: u32,
    /// The round can be published: every proposal has a decision and nothing is missing.
    pub can_publish: bool,
}

/// Recording a proposal's consensus (the same rules as submitting a sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsensusSave {
    pub sheet: Scoresheet,
}

/// Recording (or changing, until published) the decision on a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionSave {
    pub outcome: DecisionOutcome,
    /// Written reasons, shown to the participant: required.
    pub reasons: String,
}

impl DecisionSave {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("reasons", &self.reasons, 1, DECISION_REASONS_MAX);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_their_codes() {
        for o in DecisionOutcome::ALL {
            assert_eq!(DecisionOutcome::from_code(o.code()), Some(o));
        }
        assert_eq!(DecisionOutcome::from_code("maybe"), None);
    }

    #[test]
    fn a_decision_needs_reasons() {
        let mut d = DecisionSave {
            outcome: DecisionOutcome::NotSelected,
            reasons: "  ".into(),
        };
        assert_eq!(d.validate().unwrap_err()[0].field, "reasons");
        d.reasons = "Ratkaisu ei kata kotihoidon yöaikaa.".into();
        assert!(d.validate().is_ok());
    }
}
