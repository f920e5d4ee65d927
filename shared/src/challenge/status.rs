//! The challenge phase state machine. The server enforces it; the UI offers only what it allows.
//!
//! ```text
//! draft ──publish──▶ published ──open──▶ proposals_open
//!                        │                    │   (server clock reaches proposals_close_at)
//!                        └────────────────────┴──────────▶ closed ──▶ evaluation ──▶ decided ──▶ archived
//! published / proposals_open ──cancel (reason)──▶ cancelled ──▶ archived
//! ```
//! `closed` is never stored by hand: a published challenge whose proposal deadline has passed *is*
//! closed, whatever the stored status says, so that late is late without a background job.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Tri};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    Draft,
    Published,
    ProposalsOpen,
    Closed,
    Evaluation,
    Decided,
    Archived,
    Cancelled,
}

impl ChallengeStatus {
    pub const ALL: [ChallengeStatus; 8] = [
        ChallengeStatus::Draft,
        ChallengeStatus::Published,
        ChallengeStatus::ProposalsOpen,
        ChallengeStatus::Closed,
        ChallengeStatus::Evaluation,
        ChallengeStatus::Decided,
        ChallengeStatus::Archived,
        ChallengeStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChallengeStatus::Draft => "draft",
            ChallengeStatus::Published => "published",
            ChallengeStatus::ProposalsOpen => "proposals_open",
            ChallengeStatus::Closed => "closed",
            ChallengeStatus::Evaluation => "evaluation",
            ChallengeStatus::Decided => "decided",
            ChallengeStatus::Archived => "archived",
            ChallengeStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status as the world sees it at `now`: the proposal deadline closes a challenge.
    pub fn effective(self, proposals_close_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match (self, proposals_close_at) {
            (ChallengeStatus::Published | ChallengeStatus::ProposalsOpen, Some(close))
                if now >= close =>
            {
                ChallengeStatus::Closed
            }
            (s, _) => s,
        }
    }

    /// Whether anyone, signed in or not, may see a challenge in this status.
    pub fn is_public(self) -> bool {
        self != ChallengeStatus::Draft
    }

    /// Statuses that may follow this (effective) one by a coordinator's action.
    pub fn next_statuses(self) -> &'static [ChallengeStatus] {
        use ChallengeStatus::*;
        match self {
            Draft => &[Published],
            Published => &[ProposalsOpen, Cancelled],
            ProposalsOpen => &[Cancelled],
            Closed => &[Evaluation, Cancelled],
            Evaluation => &[Decided],
            Decided => &[Archived],
            Cancelled => &[Archived],
            Archived => &[],
        }
    }

    pub fn can_move_to(self, to: ChallengeStatus) -> bool {
        self.next_statuses().contains(&to)
    }

    /// Whether the challenge's content may still be edited by its coordinators. Published
    /// challenges stay editable (clarifications); the market-dialogue work versions the edits.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            ChallengeStatus::Draft | ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
        )
    }

    /// Moving here needs a written reason (open feedback: decisions carry reasons).
    pub fn needs_reason(self) -> bool {
        self == ChallengeStatus::Cancelled
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use ChallengeStatus::*;
        match self {
            Draft => Tri {
                fi: "Luonnos",
                sv: "Utkast",
                en: "Draft",
            },
            Published => Tri {
                fi: "Markkinavuoropuhelu",
                sv: "Marknadsdialog",
                en: "Market dialogue",
            },
            ProposalsOpen => Tri {
                fi: "Ehdotukset auki",
                sv: "Förslag öppna",
                en: "Proposals open",
            },
            Closed => Tri {
                fi: "Haku päättynyt",
                sv: "Ansökan stängd",
                en: "Closed",
            },
            Evaluation => Tri {
                fi: "Arvioinnissa",
                sv: "Under bedömning",
                en: "In evaluation",
            },
            Decided => Tri {
                fi: "Ratkaistu",
                sv: "Avgjord",
                en: "Decided",
            },
            Archived => Tri {
                fi: "Arkistoitu",
                sv: "Arkiverad",
                en: "Archived",
            },
            Cancelled => Tri {
                fi: "Peruttu",
                sv: "Inställd",
                en: "Cancelled",
            },
        }
        .get(lang)
    }

    /// The verb on the button that moves a challenge into this status.
    pub fn action_label(self, lang: Lang) -> &'static str {
        use ChallengeStatus::*;
        match self {
            Published => Tri {
                fi: "Julkaise",
                sv: "Publicera",
                en: "Publish",
            },
            ProposalsOpen => Tri {
                fi: "Avaa ehdotusten jättäminen",
                sv: "Öppna för förslag",
                en: "Open for proposals",
            },
            Evaluation => Tri {
                fi: "Aloita arviointi",
                sv: "Inled bedömningen",
                en: "Start evaluation",
            },
            Decided => Tri {
                fi: "Merkitse ratkaistuksi",
                sv: "Markera som avgjord",
                en: "Mark as decided",
            },
            Archived => Tri {
                fi: "Arkistoi",
                sv: "Arkivera",
                en: "Archive",
            },
            Cancelled => Tri {
                fi: "Peru haaste",
                sv: "Ställ in utmaningen",
                en: "Cancel challenge",
            },
            Draft | Closed => Tri {
                fi: "",
                sv: "",
                en: "",
            },
        }
        .get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::ChallengeStatus::*;
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(s, 0).single().unwrap()
    }

    #[test]
    fn deadline_closes_at_exactly_the_deadline() {
        let close = Some(t(1000));
        assert_eq!(ProposalsOpen.effective(close, t(999)), ProposalsOpen);
        assert_eq!(ProposalsOpen.effective(close, t(1000)), Closed);
        assert_eq!(ProposalsOpen.effective(close, t(1001)), Closed);
        assert_eq!(Published.effective(close, t(1000)), Closed);
        assert_eq!(
            Draft.effective(close, t(1001)),
            Draft,
            "a draft is never closed by time"
        );
        assert_eq!(Evaluation.effective(close, t(5000)), Evaluation);
        assert_eq!(ProposalsOpen.effective(None, t(5000)), ProposalsOpen);
    }

    #[test]
    fn transitions_table() {
        // Every pair (from, to): allowed exactly where the diagram says.
        let allowed = [
            (Draft, Published),
            (Published, ProposalsOpen),
            (Published, Cancelled),
            (ProposalsOpen, Cancelled),
            (Closed, Evaluation),
            (Closed, Cancelled),
            (Evaluation, Decided),
            (Decided, Archived),
            (Cancelled, Archived),
        ];
        for from in ChallengeStatus::ALL {
            for to in ChallengeStatus::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
        assert!(
            !Closed.next_statuses().contains(&Closed),
            "closed is reached by time only"
        );
    }

    #[test]
    fn labels_exist_in_three_languages() {
        for s in ChallengeStatus::ALL {
            assert_eq!(ChallengeStatus::from_code(s.code()), Some(s));
            for l in Lang::ALL {
                assert!(!s.label(l).is_empty());
            }
            for n in s.next_statuses() {
                assert!(!n.action_label(Lang::Sv).is_empty());
            }
        }
    }
}
