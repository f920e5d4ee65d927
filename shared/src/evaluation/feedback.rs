//! What participants and the public see once a round's decisions are published: a company's
//! feedback on its own proposal (its scores, the justifications, the consensus and the
//! decision's reasons — never another company's content), and the challenge's public outcome.
//!
//! Endpoints (under `/api/v1`):
//! - `GET /proposals/{id}/feedback` → [`ProposalFeedback`] (members of the lead and of
//!   accepted partners; 404 `not_found` before publication);
//! - `GET /challenges/{id}/outcome` → [`PublicOutcome`] (anyone who can see the challenge;
//!   `null` fields until published).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::board::{ConsensusView, DecisionOutcome};
use super::criteria::CriteriaSet;
use super::maths::Total;
use super::scoring::Scoresheet;
use crate::org::OrgRef;

/// One evaluator's sheet as the company sees it: evaluators are numbered, not named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnonymousScoresheet {
    /// 1, 2, 3… in a stable order per proposal.
    pub evaluator_number: u32,
    pub sheet: Scoresheet,
    pub total: Option<Total>,
}

/// A published decision of one round on the company's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundFeedback {
    pub round: u32,
    pub published_at: DateTime<Utc>,
    pub outcome: DecisionOutcome,
    pub reasons: String,
    pub evaluations: Vec<AnonymousScoresheet>,
    pub consensus: Option<ConsensusView>,
    /// The position in the round's ranking and how many were ranked; `None` when excluded
    /// (see the consensus's failed admission checks) or not ranked.
    pub position: Option<u32>,
    pub ranked: u32,
}

/// A participant's feedback on its proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalFeedback {
    pub proposal_id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub title: String,
    pub criteria_set: CriteriaSet,
    /// Published rounds, first first.
    pub rounds: Vec<RoundFeedback>,
}

/// A selected proposal as the public challenge page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelectedProposal {
    pub title: String,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    pub total: Option<Total>,
    pub reasons: String,
}

/// The public outcome of a challenge's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicOutcome {
    pub challenge_id: i64,
    /// When the latest round was published; `None` before any was.
    pub published_at: Option<DateTime<Utc>>,
    /// The evaluation is finished (the last published round sent nobody onward).
    pub final_outcome: bool,
    /// Proposals received, and in each published round.
    pub proposals_received: u32,
    pub rounds_published: u32,
    pub selected: Vec<SelectedProposal>,
}
