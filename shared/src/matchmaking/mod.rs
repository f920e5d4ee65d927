//! Matchmaking on the wire: challenges recommended to a company, organisations a coordinator
//! may invite to a challenge's market dialogue, similar challenges of other regions, and partner
//! search with contact requests ([`partners`]).
//!
//! Every match carries its reasons twice: structured ([`MatchReasons`], for the UI to lay out as
//! it likes) and as one line (`reason_text`) already worded in the caller's language
//! (`Accept-Language`, else the user's preference). Only public facts are ever used: a
//! company's private profile fields, non-public profiles and drafts of other regions never
//! appear in any of these views.

mod partners;

pub use partners::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::challenge::{ChallengeStatus, ChallengeSummary, Theme};
use crate::error::FieldError;
use crate::lang::{Lang, Tri};
use crate::org::OrgRef;
use crate::profile::{Capability, DirectoryEntry};
use crate::validate::Checker;

/// How many matches a list returns unless `limit` says otherwise, and at most.
pub const MATCHES_DEFAULT: u32 = 20;
pub const MATCHES_MAX: u32 = 50;
/// The longest personal message of a dialogue invitation.
pub const INVITATION_MESSAGE_MAX: usize = 2_000;

/// How well something fits, read from its score. The thresholds come from the hand-judged
/// evaluation set (`backend/matching/eval`): about nine in ten unjudged pairs score below
/// `fair`; `good` is where pairs judged "relevant" begin (their lowest tenth), `strong` their
/// median.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FitLevel {
    Weak,
    Fair,
    Good,
    Strong,
}

impl FitLevel {
    pub const ALL: [FitLevel; 4] = [
        FitLevel::Weak,
        FitLevel::Fair,
        FitLevel::Good,
        FitLevel::Strong,
    ];

    /// The lowest score of this level.
    pub fn min_score(self) -> f32 {
        match self {
            FitLevel::Weak => 0.0,
            FitLevel::Fair => 0.10,
            FitLevel::Good => 0.17,
            FitLevel::Strong => 0.28,
        }
    }

    /// The level of a score.
    pub fn of(score: f32) -> FitLevel {
        Self::ALL
            .into_iter()
            .rev()
            .find(|l| score >= l.min_score())
            .unwrap_or(FitLevel::Weak)
    }

    pub fn code(self) -> &'static str {
        match self {
            FitLevel::Weak => "weak",
            FitLevel::Fair => "fair",
            FitLevel::Good => "good",
            FitLevel::Strong => "strong",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FitLevel::Weak => Tri {
                fi: "Heikko osuvuus",
                sv: "Svag träff",
                en: "Weak fit",
            },
            FitLevel::Fair => Tri {
                fi: "Kohtalainen osuvuus",
                sv: "Måttlig träff",
                en: "Fair fit",
            },
            FitLevel::Good => Tri {
                fi: "Hyvä osuvuus",
                sv: "God träff",
                en: "Good fit",
            },
            FitLevel::Strong => Tri {
                fi: "Erinomainen osuvuus",
                sv: "Utmärkt träff",
                en: "Strong fit",
            },
        }
        .get(lang)
    }
}

/// `?limit=` of the match lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MatchQuery {
    /// 1..=50; 20 when absent.
    pub limit: Option<u32>,
}

impl MatchQuery {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        if let Some(l) = self.limit {
            c.int_range("limit", i64::from(l), 1, i64::from(MATCHES_MAX));
        }
        c.finish()
    }

    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(MATCHES_DEFAULT).clamp(1, MATCHES_MAX) as usize
    }
}

/// A word or concept both sides share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchedTerm {
    /// The health-care concept's key (e.g. `home_care`) when the term is a concept of the
    /// fi/sv/en concept table; `None` for a plain word.
    pub concept: Option<String>,
    /// The concept's name in the caller's language, or the word as written.
    pub label: String,
}

/// The offering that carried a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchedOffering {
    /// The offering's id (`SolutionOffering.id`), when it is still the same offering.
    pub id: Option<i64>,
    pub name: String,
}

/// Where an offering's TRL lies relative to the challenge's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrlPosition {
    Within,
    Below,
    Above,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrlFit {
    /// The offering's TRL.
    pub trl: u8,
    /// The challenge's range.
    pub min: u8,
    pub max: u8,
    pub position: TrlPosition,
}

/// The language the solution serves the challenge's users in or, when `available` is false,
/// the challenge's language that it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguageFit {
    pub lang: Lang,
    pub available: bool,
}

/// How an offering's service area meets the challenge's owning regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionFitKind {
    /// The offering names no regions: all of Finland.
    AllFinland,
    /// Offered in the owning regions listed in `regions`.
    Serves,
    /// Offered only elsewhere so far.
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionFit {
    pub kind: RegionFitKind,
    /// Region codes (see `regions`), for `serves`.
    pub regions: Vec<String>,
}

/// Everything that speaks for (or against) one match. Fields that do not apply are empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchReasons {
    pub offering: Option<MatchedOffering>,
    pub terms: Vec<MatchedTerm>,
    pub themes: Vec<Theme>,
    /// The organisation's capabilities that the challenge calls for.
    pub capabilities: Vec<Capability>,
    pub trl: Option<TrlFit>,
    pub language: Option<LanguageFit>,
    pub region: Option<RegionFit>,
}

/// `GET /organisations/{id}/recommendations`: open challenges ranked for the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationsView {
    pub org: OrgRef,
    /// Recommendations come from the public profile only: while the profile is not public (or
    /// not saved), `items` is empty and the UI can invite the members to publish it.
    pub profile_public: bool,
    pub items: Vec<RecommendedChallenge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendedChallenge {
    /// Texts in the caller's language when the challenge has that translation.
    pub challenge: ChallengeSummary,
    pub score: f32,
    pub fit: FitLevel,
    pub reasons: MatchReasons,
    /// The reasons as one line in the caller's language ("Your offering … matches: …").
    pub reason_text: String,
}

/// `GET /challenges/{id}/suggested-organisations`: public organisations worth inviting to the
/// market dialogue, and the invitations already sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionsView {
    pub challenge_id: i64,
    /// Invitations can be sent now (the challenge is public and its dialogue open).
    pub can_invite: bool,
    pub items: Vec<SuggestedOrganisation>,
    /// Every invitation sent for this challenge, newest first (also those not in `items`).
    pub invited: Vec<DialogueInvitationView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestedOrganisation {
    /// The public directory card: no contact details.
    pub organisation: DirectoryEntry,
    pub score: f32,
    pub fit: FitLevel,
    pub reasons: MatchReasons,
    pub reason_text: String,
    /// Set once invited ("invited on …"); a second invitation is refused with 409
    /// `already_invited`.
    pub invitation: Option<DialogueInvitationView>,
}

/// `POST /challenges/{id}/suggested-organisations/{org_id}/invite`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DialogueInviteRequest {
    /// A personal message added to the invitation e-mail (plain text).
    #[serde(default)]
    pub message: String,
}

impl DialogueInviteRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.optional_text("message", Some(&self.message), INVITATION_MESSAGE_MAX);
        c.finish()
    }
}

/// An invitation to a challenge's market dialogue, as the coordinators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DialogueInvitationView {
    pub challenge_id: i64,
    pub org: OrgRef,
    pub invited_at: DateTime<Utc>,
    /// The inviting coordinator's name.
    pub invited_by: String,
    pub message: String,
}

/// `GET /challenges/{id}/similar`: similar challenges of other regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarChallengesView {
    pub challenge_id: i64,
    pub items: Vec<SimilarChallenge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarChallenge {
    /// With its current status (`challenge.status`): open, in evaluation, decided, …
    pub challenge: ChallengeSummary,
    /// The outcome in the owning region's words: the reason recorded with its last status
    /// change (e.g. the decision), if any.
    pub outcome: Option<String>,
    /// Whether it has reached its decision (status `decided`).
    pub decided: bool,
    pub score: f32,
    pub reasons: MatchReasons,
    pub reason_text: String,
}

impl SimilarChallenge {
    /// Statuses a similar challenge may have (public, not cancelled).
    pub const STATUSES: [ChallengeStatus; 6] = [
        ChallengeStatus::Published,
        ChallengeStatus::ProposalsOpen,
        ChallengeStatus::Closed,
        ChallengeStatus::Evaluation,
        ChallengeStatus::Decided,
        ChallengeStatus::Archived,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldCode;

    #[test]
    fn fit_levels_follow_the_score() {
        assert_eq!(FitLevel::of(0.0), FitLevel::Weak);
        assert_eq!(FitLevel::of(0.12), FitLevel::Fair);
        assert_eq!(FitLevel::of(0.17), FitLevel::Good);
        assert_eq!(FitLevel::of(0.9), FitLevel::Strong);
        for l in FitLevel::ALL {
            assert_eq!(FitLevel::from_code(l.code()), Some(l));
            assert_eq!(FitLevel::of(l.min_score()), l);
            for lang in Lang::ALL {
                assert!(!l.label(lang).is_empty());
            }
        }
        assert!(FitLevel::Strong > FitLevel::Good);
    }

    #[test]
    fn limits_and_messages_are_checked() {
        assert_eq!(MatchQuery::default().limit(), 20);
        assert!(MatchQuery { limit: Some(51) }.validate().is_err());
        assert!(MatchQuery { limit: Some(0) }.validate().is_err());
        assert_eq!(MatchQuery { limit: Some(5) }.limit(), 5);
        let long = DialogueInviteRequest {
            message: "x".repeat(INVITATION_MESSAGE_MAX + 1),
        };
        assert_eq!(long.validate().unwrap_err()[0].code, FieldCode::TooLong);
        assert!(DialogueInviteRequest::default().validate().is_ok());
    }
}
