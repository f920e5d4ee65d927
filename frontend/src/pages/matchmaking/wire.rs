//! The front end's reading of the matchmaking answers (`kehto_shared::matchmaking`): the same
//! JSON, with only the fields the pages show (as in `crate::dto`: serde's reading code is a large
//! part of the wasm, and the structured reasons are shown as the server's `reason_text`, already
//! in the interface language). Unknown fields are ignored.

use chrono::{DateTime, Utc};
use kehto_shared::challenge::ChallengeSummary;
use kehto_shared::matchmaking::{ContactRequestRef, FitLevel};
use kehto_shared::org::OrgRef;
use kehto_shared::profile::Capability;
use serde::Deserialize;

/// `RecommendationsView`.
#[derive(Clone, Deserialize)]
pub struct Recommendations {
    pub profile_public: bool,
    pub items: Vec<Recommended>,
}

/// `RecommendedChallenge`.
#[derive(Clone, Deserialize)]
pub struct Recommended {
    pub challenge: ChallengeSummary,
    pub fit: FitLevel,
    pub reason_text: String,
}

/// The part of a `DirectoryEntry` the lists show.
#[derive(Clone, Deserialize)]
pub struct OrgCard {
    pub org: OrgRef,
    pub name: String,
    pub summary: String,
}

/// `DialogueInvitationView`.
#[derive(Clone, Deserialize)]
pub struct Invitation {
    pub org: OrgRef,
    pub invited_at: DateTime<Utc>,
    pub invited_by: String,
}

/// `SuggestedOrganisation`.
#[derive(Clone, Deserialize)]
pub struct Suggested {
    pub organisation: OrgCard,
    pub fit: FitLevel,
    pub reason_text: String,
    pub invitation: Option<Invitation>,
}

/// `SuggestionsView`.
#[derive(Clone, Deserialize)]
pub struct Suggestions {
    pub can_invite: bool,
    pub items: Vec<Suggested>,
    pub invited: Vec<Invitation>,
}

/// `SimilarChallenge`.
#[derive(Clone, Deserialize)]
pub struct Similar {
    pub challenge: ChallengeSummary,
    pub outcome: Option<String>,
    pub reason_text: String,
}

/// `SimilarChallengesView`.
#[derive(Clone, Deserialize)]
pub struct SimilarList {
    pub items: Vec<Similar>,
}

/// `PartnerSearchView`.
#[derive(Clone, Deserialize)]
pub struct Search {
    pub lacking: Vec<Capability>,
    pub note: String,
}

/// The part of `PartnerReasons` shown beside the sentence.
#[derive(Clone, Deserialize)]
pub struct CandidateReasons {
    pub competitor: bool,
}

/// `PartnerCandidate`.
#[derive(Clone, Deserialize)]
pub struct Candidate {
    pub organisation: OrgCard,
    pub reasons: CandidateReasons,
    pub reason_text: String,
    pub request: Option<ContactRequestRef>,
}

/// `PartnerCandidatesView`.
#[derive(Clone, Deserialize)]
pub struct Candidates {
    pub items: Vec<Candidate>,
}
