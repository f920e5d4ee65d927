//! The ranking of a challenge's proposals from the coordinator's consensus: admitted proposals
//! in order with positions, and excluded ones with the requirements they failed.
//!
//! **Tie rules**, in order (also [`TIE_RULES`], worded for the UI in fi/sv/en):
//!
//! 1. the higher weighted total ([`Total`], exact);
//! 2. the higher weighted score on the heaviest criterion, then on the next heaviest, and so
//!    on (criteria of equal weight in the set's listed order; a missing consensus score counts
//!    as the scale's minimum, as in the total);
//! 3. the earlier time of receipt;
//! 4. if all of these are equal the proposals **share the position** (competition ranking:
//!    1, 2, 2, 4) and are listed by proposal id, lowest first.
//!
//! Every comparison is on integers or timestamps, and the input is put in a canonical order
//! first, so the result is identical for any order of the input.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::criteria::{CriteriaSet, EvaluationCriterion};
use super::maths::{Total, criterion_units, weighted_total};
use super::scoring::Scoresheet;
use crate::lang::Tri;

/// A heading for the tie rules.
pub const TIE_RULES_INTRO: Tri = Tri {
    fi: "Jos kokonaispisteet ovat samat, järjestys ratkaistaan näin:",
    sv: "Om totalpoängen är lika avgörs ordningen så här:",
    en: "When totals are equal, the order is decided as follows:",
};

/// The tie rules in the order they are applied, for the UI; [`Separation::rule`] indexes
/// into this.
pub const TIE_RULES: [Tri; 4] = [
    Tri {
        fi: "Suurempi painotettu kokonaispistemäärä.",
        sv: "Högre viktad totalpoäng.",
        en: "The higher weighted total.",
    },
    Tri {
        fi: "Suurempi painotettu pistemäärä painavimmassa arviointiperusteessa, sitten seuraavaksi painavimmassa ja niin edelleen; samanpainoiset perusteet luettelon järjestyksessä.",
        sv: "Högre viktad poäng på det tyngst vägda kriteriet, sedan på det näst tyngsta och så vidare; kriterier med samma vikt i listans ordning.",
        en: "The higher weighted score on the most heavily weighted criterion, then on the next heaviest, and so on; criteria of equal weight in the order listed.",
    },
    Tri {
        fi: "Aiemmin vastaanotettu ehdotus (vastaanottoaika kuittauksesta).",
        sv: "Förslaget som togs emot tidigare (mottagningstiden på kvittot).",
        en: "The proposal received earlier (the time of receipt on its receipt).",
    },
    Tri {
        fi: "Jos kaikki edellä mainitut ovat samat, ehdotukset jakavat sijan ja ne luetellaan ehdotusnumeron mukaan pienimmästä alkaen.",
        sv: "Om allt ovan är lika delar förslagen placering och listas efter förslagsnummer, det lägsta först.",
        en: "If all of the above are equal, the proposals share the position and are listed by proposal number, lowest first.",
    },
];

/// What the ranking needs to know about one proposal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingInput {
    pub proposal_id: i64,
    /// Keys of the admission requirements the proposal failed; empty means admitted.
    #[serde(default)]
    pub failed_requirements: Vec<String>,
    /// The weighted total of the consensus scores.
    pub total: Total,
    /// The consensus score per criterion key.
    pub consensus: BTreeMap<String, u8>,
    /// The time of receipt of the version that counts.
    pub received_at: DateTime<Utc>,
}

impl RankingInput {
    /// The input from a consensus recorded as a scoresheet: its total computed with
    /// [`weighted_total`] and its failed admission checks.
    pub fn from_consensus(
        set: &CriteriaSet,
        proposal_id: i64,
        consensus: &Scoresheet,
        received_at: DateTime<Utc>,
    ) -> Self {
        RankingInput {
            proposal_id,
            failed_requirements: consensus.failed_requirements(),
            total: weighted_total(set, consensus),
            consensus: set
                .criteria
                .iter()
                .filter_map(|c| Some((c.key.clone(), consensus.score(&c.key)?)))
                .collect(),
            received_at,
        }
    }
}

/// Which tie rule put a proposal below the one listed before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Separation {
    /// A lower total (rule 1).
    Total,
    /// Equal totals, a lower weighted score on this criterion (rule 2).
    Criterion { key: String },
    /// Equal on both, received later (rule 3).
    ReceivedAt,
    /// Equal on everything: the same position, listed after it by id (rule 4).
    Tied,
}

impl Separation {
    /// The index of the deciding rule in [`TIE_RULES`].
    pub fn rule(&self) -> usize {
        match self {
            Separation::Total => 0,
            Separation::Criterion { .. } => 1,
            Separation::ReceivedAt => 2,
            Separation::Tied => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedProposal {
    /// 1-based; equal for proposals that tie on every rule (1, 2, 2, 4).
    pub position: u32,
    pub proposal_id: i64,
    pub total: Total,
    /// How it was separated from the proposal listed before it; `None` for the first.
    pub separated_by: Option<Separation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExcludedProposal {
    pub proposal_id: i64,
    /// The failed requirements' keys, sorted: the reason for the exclusion.
    pub failed_requirements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    /// Admitted proposals, best first.
    pub ranked: Vec<RankedProposal>,
    /// Proposals that failed an admission requirement, by proposal id.
    pub excluded: Vec<ExcludedProposal>,
}

/// Ranks `proposals` under `set` by the tie rules of this module. A proposal that failed any
/// requirement (whether or not the set still has it) is excluded. Proposal ids are expected
/// to be distinct; repeated ones are kept and ordered by the rest of their input.
pub fn rank(set: &CriteriaSet, proposals: &[RankingInput]) -> Ranking {
    // A canonical order first: equal elements are then identical, so the stable sort below
    // gives the same result for every order of the input.
    let mut all: Vec<&RankingInput> = proposals.iter().collect();
    all.sort();
    let (mut admitted, excluded): (Vec<&RankingInput>, Vec<&RankingInput>) = all
        .into_iter()
        .partition(|p| p.failed_requirements.is_empty());

    let heaviest_first = set.by_weight();
    admitted.sort_by(|a, b| {
        compare(a, b, &heaviest_first)
            .0
            .then(a.proposal_id.cmp(&b.proposal_id))
    });

    let mut ranked: Vec<RankedProposal> = Vec::with_capacity(admitted.len());
    for (i, p) in admitted.iter().enumerate() {
        let separated_by = i
            .checked_sub(1)
            .map(|prev| compare(admitted[prev], p, &heaviest_first).1);
        let position = match (&separated_by, ranked.last()) {
            (Some(Separation::Tied), Some(prev)) => prev.position,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        ranked.push(RankedProposal {
            position,
            proposal_id: p.proposal_id,
            total: p.total,
            separated_by,
        });
    }

    let excluded = excluded
        .into_iter()
        .map(|p| {
            let mut failed = p.failed_requirements.clone();
            failed.sort();
            failed.dedup();
            ExcludedProposal {
                proposal_id: p.proposal_id,
                failed_requirements: failed,
            }
        })
        .collect();
    Ranking { ranked, excluded }
}

/// Tie rules 1–3: `Less` when `a` ranks before `b`, with the rule that separates them (from
/// `b`'s side, `Tied` when none does).
fn compare(
    a: &RankingInput,
    b: &RankingInput,
    heaviest_first: &[&EvaluationCriterion],
) -> (Ordering, Separation) {
    let by_total = b.total.cmp(&a.total);
    if by_total.is_ne() {
        return (by_total, Separation::Total);
    }
    for c in heaviest_first {
        let weighted = |p: &RankingInput| criterion_units(c, p.consensus.get(&c.key).copied());
        let by_criterion = weighted(b).cmp(&weighted(a));
        if by_criterion.is_ne() {
            return (by_criterion, Separation::Criterion { key: c.key.clone() });
        }
    }
    let by_receipt = a.received_at.cmp(&b.received_at);
    if by_receipt.is_ne() {
        return (by_receipt, Separation::ReceivedAt);
    }
    (Ordering::Equal, Separation::Tied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testkit::{at, sample_set, sheet};
    use crate::lang::Lang;

    fn input(id: i64, scores: &[u8], second: i64) -> RankingInput {
        let set = sample_set();
        RankingInput::from_consensus(&set, id, &sheet(&set, scores), at(second))
    }

    fn order(r: &Ranking) -> Vec<(u32, i64)> {
        r.ranked
            .iter()
            .map(|p| (p.position, p.proposal_id))
            .collect()
    }

    #[test]
    fn higher_totals_first() {
        let set = sample_set();
        let r = rank(
            &set,
            &[
                input(1, &[2, 5, 3], 0),
                input(2, &[5, 10, 5], 0),
                input(3, &[0, 0, 1], 0),
            ],
        );
        assert_eq!(order(&r), [(1, 2), (2, 1), (3, 3)]);
        assert_eq!(r.ranked[0].separated_by, None);
        assert_eq!(r.ranked[1].separated_by, Some(Separation::Total));
        assert_eq!(r.ranked[0].total, Total::FULL);
        assert!(r.excluded.is_empty());
    }

    #[test]
    fn equal_totals_go_to_the_heaviest_criterion() {
        let set = sample_set();
        // Totals made equal by hand, to see rule 2 alone. Heaviest first: quality 40 %,
        // price 35 %, usability 25 %.
        let mut a = input(1, &[5, 0, 1], 0);
        let mut b = input(2, &[0, 10, 2], 0);
        a.total = Total { units: 1000 };
        b.total = Total { units: 1000 };
        let r = rank(&set, &[b.clone(), a.clone()]);
        assert_eq!(order(&r), [(1, 1), (2, 2)]);
        assert_eq!(
            r.ranked[1].separated_by,
            Some(Separation::Criterion {
                key: "quality".into()
            })
        );
        // Equal on the heaviest: the next heaviest decides.
        b.consensus.insert("quality".into(), 5);
        let r = rank(&set, &[a.clone(), b.clone()]);
        assert_eq!(order(&r), [(1, 2), (2, 1)]);
        assert_eq!(
            r.ranked[1].separated_by,
            Some(Separation::Criterion {
                key: "price".into()
            })
        );
    }

    #[test]
    fn a_real_tie_on_totals_is_broken_by_the_heaviest_criterion() {
        // Two criteria of 50 % on 0–4: (4, 0) and (0, 4) both total 50 points; the first
        // listed of equally heavy criteria decides.
        let set = CriteriaSet {
            criteria: vec![
                crate::evaluation::testkit::criterion("a", 5000, 0, 4),
                crate::evaluation::testkit::criterion("b", 5000, 0, 4),
            ],
            requirements: vec![],
        };
        let x = RankingInput::from_consensus(&set, 7, &sheet(&set, &[0, 4]), at(0));
        let y = RankingInput::from_consensus(&set, 8, &sheet(&set, &[4, 0]), at(0));
        assert_eq!(x.total, y.total);
        let r = rank(&set, &[x, y]);
        assert_eq!(order(&r), [(1, 8), (2, 7)]);
    }

    #[test]
    fn then_the_earlier_receipt_then_a_shared_position_listed_by_id() {
        let set = sample_set();
        let r = rank(
            &set,
            &[
                input(9, &[3, 7, 2], 10),
                input(4, &[3, 7, 2], 20),
                input(3, &[3, 7, 2], 20),
                input(1, &[1, 1, 1], 0),
            ],
        );
        assert_eq!(order(&r), [(1, 9), (2, 3), (2, 4), (4, 1)]);
        let rules: Vec<_> = r.ranked.iter().map(|p| p.separated_by.clone()).collect();
        assert_eq!(
            rules,
            [
                None,
                Some(Separation::ReceivedAt),
                Some(Separation::Tied),
                Some(Separation::Total)
            ]
        );
    }

    #[test]
    fn failing_a_requirement_excludes_with_the_reason() {
        let set = sample_set();
        let mut consensus = sheet(&set, &[5, 10, 5]);
        consensus.checks[1].passed = Some(false);
        consensus.checks[0].passed = Some(false);
        let failed = RankingInput::from_consensus(&set, 2, &consensus, at(0));
        assert_eq!(failed.failed_requirements, ["ce-marking", "gdpr"]);
        let r = rank(&set, &[failed, input(1, &[1, 1, 1], 0)]);
        assert_eq!(order(&r), [(1, 1)]);
        assert_eq!(
            r.excluded,
            [ExcludedProposal {
                proposal_id: 2,
                failed_requirements: vec!["ce-marking".into(), "gdpr".into()]
            }]
        );
    }

    #[test]
    fn tie_rules_are_worded_in_three_languages() {
        for rule in TIE_RULES.iter().chain([&TIE_RULES_INTRO]) {
            let [fi, sv, en] = Lang::ALL.map(|l| rule.get(l));
            assert!(fi != sv && sv != en && fi != en && !fi.is_empty());
        }
        assert_eq!(Separation::Tied.rule(), TIE_RULES.len() - 1);
    }

    #[test]
    fn json_shape() {
        let set = sample_set();
        let r = rank(&set, &[input(1, &[3, 7, 2], 0), input(2, &[3, 7, 2], 1)]);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["ranked"][1]["separated_by"]["rule"], "received_at");
        assert_eq!(json["ranked"][1]["position"], 2);
        assert_eq!(json["ranked"][0]["total"]["units"], 5475 * 2520);
        assert!(json["ranked"][0]["separated_by"].is_null());
    }
}
