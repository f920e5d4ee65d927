//! The optional second view: each evaluator's scores with their personal strictness taken out,
//! so a harsh and a lenient evaluator can be compared. Advisory only: the ranking is always
//! computed from the coordinator's consensus scores, never from this view.
//!
//! **Formula.** Per criterion `c`, on offsets `o = score − min` (the score moved onto the
//! scale first):
//!
//! - the evaluator's mean `m(e,c) = S(e,c) / n(e,c)` over every proposal `e` scored on `c`;
//! - the deviation `d = o − m(e,c)`, and the normalised score `min + R(c)/2 + d`, where
//!   `R(c)` is the scale's range: in this view **the middle of the scale is the evaluator's
//!   average proposal**, for every evaluator alike.
//!
//! Each evaluator is centred on their own mean per criterion (not over all criteria, so mixed
//! scales such as 0–5 and 1–10 are handled exactly). Scores are **not** divided by the
//! evaluator's standard deviation: panels are small, a handful of scores gives an unstable
//! deviation (zero when someone gives the same score throughout), and shifting only keeps the
//! view in the scale's own points. The panel's raw mean per criterion is reported beside it
//! ([`CriterionAnchor`]) for comparison.
//!
//! **Why the middle of the scale, not the panel's mean.** A data-driven anchor such as the
//! panel mean moves when one evaluator shifts all their scores, so everyone's normalised
//! scores would move with it. With a fixed anchor the view is **invariant to an evaluator's
//! constant shift**: if an evaluator adds the same constant to all their scores on a criterion
//! (staying on the scale), every normalised score, of everyone, and every normalised mean and
//! total, is unchanged bit for bit — each deviation is `(n·o − S) / n` with an integer
//! numerator the shift cancels out of. (Property-tested.)
//!
//! **Arithmetic.** Each normalised score is one division of exact integers
//! (`(n·R + 2·(n·o − S)) / 2n`), so it is the same on every machine and for any order of the
//! input. Per-proposal means and totals add such values in a fixed order (evaluator id), so
//! they are reproducible too, but they carry float rounding (relative error ~1e-15): show
//! them rounded, and do not rank by them. They may lie outside the scale (a proposal far
//! above an evaluator's average), by design.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::maths::counts;
use super::scoring::Scoresheet;

/// One evaluator's (submitted) scoresheet for one proposal.
#[derive(Debug, Clone, Copy)]
pub struct PanelSheet<'a> {
    pub evaluator_id: i64,
    pub proposal_id: i64,
    pub sheet: &'a Scoresheet,
}

/// One score as given and as normalised, on the criterion's own scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormalisedScore {
    pub evaluator_id: i64,
    pub proposal_id: i64,
    pub key: String,
    /// As given (moved onto the scale).
    pub score: u8,
    /// The evaluator's mean on this criterion over all the proposals they scored.
    pub evaluator_mean: f64,
    /// `score − evaluator_mean`: invariant to a constant shift of the evaluator's scores.
    pub deviation: f64,
    /// The middle of the scale + `deviation`.
    pub normalised: f64,
}

/// What one criterion's normalised scores are centred on (the middle of its scale: every
/// evaluator's average proposal), with the panel's raw mean beside it for comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionAnchor {
    pub key: String,
    /// `min + range / 2`.
    pub centre: f64,
    /// The mean of every score given on the criterion, as scored.
    pub panel_mean: f64,
    /// How many scores it is the mean of.
    pub n: u32,
}

/// One proposal's mean on one criterion over its evaluators, as scored and as normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormalisedMean {
    pub key: String,
    pub raw_mean: f64,
    pub normalised_mean: f64,
}

/// One proposal in the normalised view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormalisedProposal {
    pub proposal_id: i64,
    /// Criteria someone scored for this proposal, in the set's order.
    pub criteria: Vec<NormalisedMean>,
    /// The weighted total of the evaluators' mean scores, in points (0–100 for raw scores).
    pub raw_total_points: f64,
    /// The same of the normalised means; may lie slightly outside 0–100.
    pub normalised_total_points: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NormalisedView {
    /// Criteria someone scored, in the set's order.
    pub anchors: Vec<CriterionAnchor>,
    /// By proposal id, then evaluator id, then the set's order.
    pub scores: Vec<NormalisedScore>,
    /// By proposal id.
    pub proposals: Vec<NormalisedProposal>,
}

/// One score, reduced to integers: (proposal, evaluator, criterion index, offset).
type Entry = (i64, i64, usize, u8);

/// The normalised view of a panel's scores on a set (see the module documentation). Scores
/// for keys the set does not have are ignored, as are criteria whose scale cannot be scored
/// (range 0 or above 10). The result does not depend on the order of `sheets`.
pub fn normalise(set: &CriteriaSet, sheets: &[PanelSheet<'_>]) -> NormalisedView {
    let mut entries: Vec<Entry> = vec![];
    for s in sheets {
        for (ci, c) in set.criteria.iter().enumerate() {
            if let Some(score) = s.sheet.score(&c.key)
                && counts(&c.scale)
            {
                let offset = c.scale.clamp(score) - c.scale.min;
                entries.push((s.proposal_id, s.evaluator_id, ci, offset));
            }
        }
    }
    entries.sort_unstable();

    // Integer sums per criterion (T, N) and per (evaluator, criterion) (S, n).
    let mut panel = vec![(0i128, 0i128); set.criteria.len()];
    let mut personal: BTreeMap<(i64, usize), (i128, i128)> = BTreeMap::new();
    for &(_, e, ci, o) in &entries {
        panel[ci].0 += i128::from(o);
        panel[ci].1 += 1;
        let p = personal.entry((e, ci)).or_default();
        p.0 += i128::from(o);
        p.1 += 1;
    }

    let mut view = NormalisedView::default();
    for (ci, c) in set.criteria.iter().enumerate() {
        let (t, n) = panel[ci];
        if n > 0 {
            view.anchors.push(CriterionAnchor {
                key: c.key.clone(),
                centre: f64::from(c.scale.min) + f64::from(c.scale.range()) / 2.0,
                panel_mean: f64::from(c.scale.min) + ratio(t, n),
                n: u32::try_from(n).unwrap_or(u32::MAX),
            });
        }
    }

    // Normalised offsets, in entry order, for the per-proposal means below.
    let mut normalised_offsets = Vec::with_capacity(entries.len());
    for &(p, e, ci, o) in &entries {
        let c = &set.criteria[ci];
        // Every entry was counted above, so n ≥ 1.
        let (s, n) = personal.get(&(e, ci)).copied().unwrap_or((0, 1));
        let (score, o) = (c.scale.min + o, i128::from(o));
        let range = i128::from(c.scale.range());
        let offset = ratio(n * range + 2 * (n * o - s), 2 * n);
        normalised_offsets.push(offset);
        let min = f64::from(c.scale.min);
        view.scores.push(NormalisedScore {
            evaluator_id: e,
            proposal_id: p,
            key: c.key.clone(),
            score,
            evaluator_mean: min + ratio(s, n),
            deviation: ratio(n * o - s, n),
            normalised: min + offset,
        });
    }

    // Per proposal: entries are sorted by proposal, then evaluator.
    let mut start = 0;
    while start < entries.len() {
        let p = entries[start].0;
        let end = start + entries[start..].iter().take_while(|x| x.0 == p).count();
        let mut proposal = NormalisedProposal {
            proposal_id: p,
            criteria: vec![],
            raw_total_points: 0.0,
            normalised_total_points: 0.0,
        };
        for (ci, c) in set.criteria.iter().enumerate() {
            let picked: Vec<usize> = (start..end).filter(|&i| entries[i].2 == ci).collect();
            if picked.is_empty() {
                continue;
            }
            let count = picked.len() as f64;
            let raw = picked.iter().map(|&i| f64::from(entries[i].3)).sum::<f64>() / count;
            let norm = picked.iter().map(|&i| normalised_offsets[i]).sum::<f64>() / count;
            let min = f64::from(c.scale.min);
            // Points per unit of offset: weight (bp) / 100 / range.
            let per_step = f64::from(c.weight_bp) / (100.0 * f64::from(c.scale.range()));
            proposal.raw_total_points += raw * per_step;
            proposal.normalised_total_points += norm * per_step;
            proposal.criteria.push(NormalisedMean {
                key: c.key.clone(),
                raw_mean: min + raw,
                normalised_mean: min + norm,
            });
        }
        view.proposals.push(proposal);
        start = end;
    }
    view
}

/// `num / den`, correctly rounded: both convert to `f64` exactly while below 2^53, which
/// panels of any realistic size stay far below.
fn ratio(num: i128, den: i128) -> f64 {
    num as f64 / den as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testkit::{criterion, sheet};

    fn one_criterion(min: u8, max: u8) -> CriteriaSet {
        CriteriaSet {
            criteria: vec![criterion("q", 10_000, min, max)],
            requirements: vec![],
        }
    }

    #[test]
    fn a_harsh_evaluator_is_centred_like_everyone() {
        let set = one_criterion(0, 5);
        // Evaluator 1 gives 4 and 2; evaluator 2 is one point harsher: 3 and 1.
        let sheets = [
            sheet(&set, &[4]),
            sheet(&set, &[2]),
            sheet(&set, &[3]),
            sheet(&set, &[1]),
        ];
        let panel = [
            PanelSheet {
                evaluator_id: 1,
                proposal_id: 10,
                sheet: &sheets[0],
            },
            PanelSheet {
                evaluator_id: 1,
                proposal_id: 20,
                sheet: &sheets[1],
            },
            PanelSheet {
                evaluator_id: 2,
                proposal_id: 10,
                sheet: &sheets[2],
            },
            PanelSheet {
                evaluator_id: 2,
                proposal_id: 20,
                sheet: &sheets[3],
            },
        ];
        let view = normalise(&set, &panel);
        assert_eq!(view.anchors[0].panel_mean, 2.5);
        assert_eq!(view.anchors[0].centre, 2.5);
        let got: Vec<_> = view
            .scores
            .iter()
            .map(|s| {
                (
                    s.proposal_id,
                    s.evaluator_id,
                    s.score,
                    s.deviation,
                    s.normalised,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (10, 1, 4, 1.0, 3.5),
                (10, 2, 3, 1.0, 3.5),
                (20, 1, 2, -1.0, 1.5),
                (20, 2, 1, -1.0, 1.5),
            ]
        );
        // The evaluators now agree completely; the totals are those of the means.
        assert_eq!(view.proposals[0].criteria[0].raw_mean, 3.5);
        assert_eq!(view.proposals[0].criteria[0].normalised_mean, 3.5);
        assert_eq!(view.proposals[0].normalised_total_points, 70.0);
        assert_eq!(view.proposals[1].normalised_total_points, 30.0);
    }

    #[test]
    fn a_single_evaluator_keeps_their_differences_around_the_middle() {
        let set = one_criterion(1, 10);
        let sheets = [sheet(&set, &[1]), sheet(&set, &[7]), sheet(&set, &[10])];
        let panel: Vec<_> = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| PanelSheet {
                evaluator_id: 5,
                proposal_id: i as i64,
                sheet: s,
            })
            .collect();
        let view = normalise(&set, &panel);
        // Their mean is 6; the middle of 1–10 is 5.5: every score moves by −0.5.
        let got: Vec<f64> = view.scores.iter().map(|s| s.normalised).collect();
        assert_eq!(got, [0.5, 6.5, 9.5]);
        assert_eq!(view.anchors[0].centre, 5.5);
    }

    #[test]
    fn unknown_keys_and_unscorable_scales_are_left_out() {
        let mut set = one_criterion(0, 5);
        let s = sheet(&set, &[3]);
        set.criteria.push(criterion("broken", 0, 4, 4));
        let mut s2 = s.clone();
        s2.scores.push(crate::evaluation::CriterionScore {
            key: "broken".into(),
            score: Some(4),
            justification: String::new(),
        });
        let view = normalise(
            &set,
            &[PanelSheet {
                evaluator_id: 1,
                proposal_id: 1,
                sheet: &s2,
            }],
        );
        assert_eq!(view.anchors.len(), 1);
        assert_eq!(view.scores.len(), 1);
        assert!(normalise(&set, &[]).proposals.is_empty());
    }
}
