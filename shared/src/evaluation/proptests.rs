//! Property tests of the evaluation maths: the acceptance criteria of issue #5 (weights sum
//! to exactly 100 %, totals stay within 0–100, the ranking does not depend on the order of the
//! input and is a total order on distinct ids, normalisation is invariant to an evaluator's
//! constant shift) and "adding nothing changes nothing" wherever it applies.

use std::cmp::Reverse;

use proptest::collection::{btree_set, vec};
use proptest::prelude::*;

use super::testkit::{at, criterion, sample_set, sheet};
use super::*;
use crate::error::{FieldCode, FieldError};

/// `n` positive weights adding up to 10 000 bp: `n − 1` distinct cut points in 1..10 000.
fn weights_summing_to_100(n: usize) -> impl Strategy<Value = Vec<u32>> {
    btree_set(1..WEIGHT_TOTAL_BP, n - 1).prop_map(|cuts| {
        let mut previous = 0;
        cuts.into_iter()
            .chain([WEIGHT_TOTAL_BP])
            .map(|cut| {
                let w = cut - previous;
                previous = cut;
                w
            })
            .collect()
    })
}

/// A scale `min < max ≤ 10`.
fn scale() -> impl Strategy<Value = (u8, u8)> {
    (0u8..SCALE_TOP_MAX).prop_flat_map(|min| (Just(min), min + 1..=SCALE_TOP_MAX))
}

fn set_of(weights: &[u32], scales: &[(u8, u8)], requirements: usize) -> CriteriaSet {
    CriteriaSet {
        criteria: weights
            .iter()
            .zip(scales)
            .enumerate()
            .map(|(i, (&w, &(min, max)))| criterion(&format!("c{i}"), w, min, max))
            .collect(),
        requirements: (0..requirements)
            .map(|i| AdmissionRequirement {
                key: format!("r{i}"),
                name: LocalizedText::fi("Vaatimus"),
                description: LocalizedText::default(),
            })
            .collect(),
    }
}

/// A valid set of 1..=`most` criteria and 0..=3 requirements.
fn valid_set(most: usize) -> impl Strategy<Value = CriteriaSet> {
    (1..=most)
        .prop_flat_map(|n| (weights_summing_to_100(n), vec(scale(), n), 0..=3usize))
        .prop_map(|(w, s, r)| set_of(&w, &s, r))
}

/// One in-scale score per criterion, in the set's order.
fn scores_for(set: &CriteriaSet) -> Vec<std::ops::RangeInclusive<u8>> {
    set.criteria
        .iter()
        .map(|c| c.scale.min..=c.scale.max)
        .collect()
}

fn set_and_scores(most: usize) -> impl Strategy<Value = (CriteriaSet, Vec<u8>)> {
    valid_set(most).prop_flat_map(|set| {
        let scores = scores_for(&set);
        (Just(set), scores)
    })
}

/// Ranking inputs on the sample set with few distinct values, so that every tie rule is
/// exercised; ids may repeat.
fn ranking_inputs() -> impl Strategy<Value = Vec<RankingInput>> {
    let one = (
        0i64..12,
        0u8..=2,
        (0u8..=2, 0u8..=2, 1u8..=2),
        0i64..3,
        prop_oneof![4 => Just(vec![]), 1 => Just(vec!["gdpr".to_owned()]), 1 => Just(vec!["gone".to_owned(), "ce-marking".to_owned()])],
    )
        .prop_map(|(id, total, (q, p, u), second, failed)| RankingInput {
            proposal_id: id,
            failed_requirements: failed,
            // Totals from a small set (not derived from the scores) so rule 2 is reached often.
            total: Total {
                units: u32::from(total) * 1_000_000,
            },
            consensus: [("quality", q), ("price", p), ("usability", u)]
                .into_iter()
                .map(|(k, s)| (k.to_owned(), s))
                .collect(),
            received_at: at(second),
        });
    vec(one, 0..12)
}

/// The same inputs with distinct ids, in shuffled order.
fn distinct_ranking_inputs() -> impl Strategy<Value = Vec<RankingInput>> {
    ranking_inputs()
        .prop_map(|mut v| {
            for (i, p) in v.iter_mut().enumerate() {
                p.proposal_id = 100 - 7 * i as i64;
            }
            v
        })
        .prop_shuffle()
}

/// An independent statement of tie rules 1–3 as a sort key.
fn oracle_key(set: &CriteriaSet, p: &RankingInput) -> (Reverse<Total>, Vec<Reverse<u64>>, i64) {
    let mut by_weight: Vec<(usize, &EvaluationCriterion)> =
        set.criteria.iter().enumerate().collect();
    by_weight.sort_by_key(|(i, c)| (Reverse(c.weight_bp), *i));
    let weighted = by_weight
        .iter()
        .map(|(_, c)| {
            let s = p.consensus.get(&c.key).copied();
            Reverse(criterion_units(c, s))
        })
        .collect();
    (Reverse(p.total), weighted, p.received_at.timestamp_micros())
}

/// A panel: evaluators 1..=`e` each scoring some of proposals 1..=`p` with complete sheets.
#[derive(Debug, Clone)]
struct Panel {
    set: CriteriaSet,
    /// (evaluator, proposal, scores in the set's order)
    sheets: Vec<(i64, i64, Vec<u8>)>,
}

impl Panel {
    fn view(&self) -> NormalisedView {
        let sheets: Vec<Scoresheet> = self
            .sheets
            .iter()
            .map(|(_, _, s)| sheet(&self.set, s))
            .collect();
        let panel: Vec<PanelSheet<'_>> = self
            .sheets
            .iter()
            .zip(&sheets)
            .map(|((e, p, _), sheet)| PanelSheet {
                evaluator_id: *e,
                proposal_id: *p,
                sheet,
            })
            .collect();
        normalise(&self.set, &panel)
    }
}

fn panel() -> impl Strategy<Value = Panel> {
    (valid_set(3), 1usize..=4, 1usize..=5).prop_flat_map(|(set, evaluators, proposals)| {
        let pairs: Vec<(i64, i64)> = (1..=evaluators as i64)
            .flat_map(|e| (1..=proposals as i64).map(move |p| (e, p)))
            .collect();
        let n = pairs.len();
        let scores = vec(scores_for(&set), n);
        let assigned = vec(prop::bool::weighted(0.8), n);
        (Just(set), Just(pairs), scores, assigned).prop_map(|(set, pairs, scores, assigned)| {
            let mut sheets: Vec<(i64, i64, Vec<u8>)> = pairs
                .into_iter()
                .zip(scores)
                .zip(assigned)
                .filter(|(_, a)| *a)
                .map(|(((e, p), s), _)| (e, p, s))
                .collect();
            if sheets.is_empty() {
                sheets.push((1, 1, set.criteria.iter().map(|c| c.scale.min).collect()));
            }
            Panel { set, sheets }
        })
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

proptest! {
    // --- Weights -------------------------------------------------------------------------

    #[test]
    fn weights_summing_to_10000_bp_are_accepted(
        (weights, scales) in (1usize..=CRITERIA_MAX).prop_flat_map(|n| (weights_summing_to_100(n), vec(scale(), n)))
    ) {
        prop_assert_eq!(weights.iter().sum::<u32>(), WEIGHT_TOTAL_BP);
        prop_assert_eq!(set_of(&weights, &scales, 2).validate(), Ok(()));
    }

    #[test]
    fn weights_not_summing_to_10000_bp_are_refused(
        weights in vec(1u32..=WEIGHT_TOTAL_BP, 1..=CRITERIA_MAX),
    ) {
        let sum: u32 = weights.iter().sum();
        prop_assume!(sum != WEIGHT_TOTAL_BP);
        let scales = vec![(0, 5); weights.len()];
        prop_assert_eq!(
            set_of(&weights, &scales, 0).validate(),
            Err(vec![FieldError::with_limit("criteria", FieldCode::WeightsSum, i64::from(sum))])
        );
    }

    #[test]
    fn a_near_miss_is_refused_with_its_sum(
        (weights, which, delta) in (1usize..=CRITERIA_MAX)
            .prop_flat_map(|n| (weights_summing_to_100(n), 0..n, -50i64..=50))
    ) {
        prop_assume!(delta != 0);
        let mut weights = weights;
        let w = i64::from(weights[which]) + delta;
        prop_assume!((1..=i64::from(WEIGHT_TOTAL_BP)).contains(&w));
        weights[which] = u32::try_from(w).unwrap();
        let scales = vec![(1, 5); weights.len()];
        prop_assert_eq!(
            set_of(&weights, &scales, 0).validate(),
            Err(vec![FieldError::with_limit("criteria", FieldCode::WeightsSum, 10_000 + delta)])
        );
    }

    // --- Totals --------------------------------------------------------------------------

    #[test]
    fn totals_stay_within_0_and_100_points((set, scores) in set_and_scores(CRITERIA_MAX)) {
        let total = weighted_total(&set, &sheet(&set, &scores));
        prop_assert!(total <= Total::FULL);
        prop_assert!((0.0..=100.0).contains(&total.points()));
        prop_assert!(total.hundredths() <= 10_000);
        // The exact total agrees with the formula in floating point.
        let expected: f64 = set.criteria.iter().zip(&scores).map(|(c, &s)| {
            f64::from(c.weight_bp) / 100.0 * f64::from(s - c.scale.min) / f64::from(c.scale.range())
        }).sum();
        prop_assert!((total.points() - expected).abs() < 1e-9, "{} vs {}", total.points(), expected);
    }

    #[test]
    fn the_bottom_of_every_scale_is_0_and_the_top_100(set in valid_set(CRITERIA_MAX)) {
        let bottom: Vec<u8> = set.criteria.iter().map(|c| c.scale.min).collect();
        let top: Vec<u8> = set.criteria.iter().map(|c| c.scale.max).collect();
        prop_assert_eq!(weighted_total(&set, &sheet(&set, &bottom)), Total::ZERO);
        prop_assert_eq!(weighted_total(&set, &sheet(&set, &top)), Total::FULL);
    }

    #[test]
    fn raising_a_score_never_lowers_the_total(
        ((set, scores), which) in set_and_scores(10).prop_flat_map(|(set, scores)| {
            let n = set.criteria.len();
            (Just((set, scores)), 0..n)
        })
    ) {
        let before = weighted_total(&set, &sheet(&set, &scores));
        let mut raised = scores.clone();
        raised[which] = (raised[which] + 1).min(set.criteria[which].scale.max);
        let after = weighted_total(&set, &sheet(&set, &raised));
        prop_assert!(after >= before);
        prop_assert_eq!(after > before, raised != scores);
    }

    #[test]
    fn scores_for_unknown_keys_and_minimums_for_missing_ones_change_nothing(
        (set, scores) in set_and_scores(10)
    ) {
        let s = sheet(&set, &scores);
        let total = weighted_total(&set, &s);
        let mut more = s.clone();
        more.scores.push(CriterionScore { key: "not-in-the-set".into(), score: Some(9), justification: String::new() });
        prop_assert_eq!(weighted_total(&set, &more), total);
        // A sheet without the rows scored at the minimum has the same total.
        let mut fewer = s.clone();
        fewer.scores.retain(|x| set.criterion(&x.key).is_some_and(|c| x.score != Some(c.scale.min)));
        prop_assert_eq!(weighted_total(&set, &fewer), total);
    }

    // --- Scoresheets ---------------------------------------------------------------------

    #[test]
    fn complete_in_scale_sheets_can_be_submitted_and_aligning_is_idempotent(
        (set, scores) in set_and_scores(10)
    ) {
        let s = sheet(&set, &scores);
        prop_assert_eq!(s.validate_draft(&set), Ok(()));
        prop_assert_eq!(s.validate_for_submit(&set), Ok(()));
        let aligned = s.aligned(&set);
        prop_assert_eq!(&aligned, &s);
        prop_assert_eq!(aligned.aligned(&set), aligned);
        prop_assert_eq!(Scoresheet::blank(&set).validate_draft(&set), Ok(()));
    }

    // --- Statistics ----------------------------------------------------------------------

    #[test]
    fn statistics_are_consistent_and_ignore_order_and_empty_sheets(
        (set, original, shuffled) in valid_set(4)
            .prop_flat_map(|set| {
                let one = scores_for(&set);
                (Just(set), vec(one, 1..8))
            })
            .prop_flat_map(|(set, sheets)| (Just(set), Just(sheets.clone()), Just(sheets).prop_shuffle()))
    ) {
        let a: Vec<Scoresheet> = original.iter().map(|s| sheet(&set, s)).collect();
        let b: Vec<Scoresheet> = shuffled.iter().map(|s| sheet(&set, s)).collect();
        let stats = panel_statistics(&set, &a.iter().collect::<Vec<_>>());
        prop_assert_eq!(&panel_statistics(&set, &b.iter().collect::<Vec<_>>()), &stats);
        let mut with_empty = a.iter().collect::<Vec<_>>();
        let empty = Scoresheet::default();
        with_empty.push(&empty);
        prop_assert_eq!(&panel_statistics(&set, &with_empty), &stats);
        prop_assert_eq!(stats.len(), set.criteria.len());
        for (st, c) in stats.iter().zip(&set.criteria) {
            prop_assert_eq!(st.n as usize, a.len());
            prop_assert!(f64::from(st.min) <= st.mean && st.mean <= f64::from(st.max));
            prop_assert_eq!(st.spread, st.max - st.min);
            prop_assert!(st.std_dev >= 0.0 && st.std_dev <= f64::from(st.spread) / 2.0 + 1e-12);
            prop_assert_eq!(st.disagreement, st.spread >= c.scale.disagreement_threshold());
            prop_assert!(c.scale.disagreement_threshold() >= 1);
        }
    }

    // --- Ranking -------------------------------------------------------------------------

    #[test]
    fn the_ranking_is_the_same_for_any_order_of_the_input(
        (original, shuffled) in ranking_inputs().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        let set = sample_set();
        prop_assert_eq!(rank(&set, &shuffled), rank(&set, &original));
    }

    #[test]
    fn the_ranking_is_a_total_order_on_distinct_ids(inputs in distinct_ranking_inputs()) {
        let set = sample_set();
        let r = rank(&set, &inputs);
        // Every proposal appears exactly once: ranked if admitted, excluded otherwise.
        let mut admitted: Vec<&RankingInput> = inputs.iter().filter(|p| p.failed_requirements.is_empty()).collect();
        let mut excluded: Vec<i64> = inputs.iter().filter(|p| !p.failed_requirements.is_empty()).map(|p| p.proposal_id).collect();
        excluded.sort();
        prop_assert_eq!(r.excluded.iter().map(|x| x.proposal_id).collect::<Vec<_>>(), excluded);
        for x in &r.excluded {
            prop_assert!(!x.failed_requirements.is_empty());
            prop_assert!(x.failed_requirements.windows(2).all(|w| w[0] < w[1]));
        }
        // The order is the oracle's: tie rules 1–3, then the id.
        admitted.sort_by_key(|p| (oracle_key(&set, p), p.proposal_id));
        let ids: Vec<i64> = r.ranked.iter().map(|p| p.proposal_id).collect();
        prop_assert_eq!(ids, admitted.iter().map(|p| p.proposal_id).collect::<Vec<_>>());
        // Positions: 1 first; shared exactly when rules 1–3 tie, otherwise the 1-based index.
        for (i, entry) in r.ranked.iter().enumerate() {
            if i == 0 {
                prop_assert_eq!(entry.position, 1);
                prop_assert_eq!(&entry.separated_by, &None);
                continue;
            }
            let tied = oracle_key(&set, admitted[i - 1]) == oracle_key(&set, admitted[i]);
            prop_assert_eq!(tied, entry.separated_by == Some(Separation::Tied));
            if tied {
                prop_assert_eq!(entry.position, r.ranked[i - 1].position);
                prop_assert!(r.ranked[i - 1].proposal_id < entry.proposal_id);
            } else {
                prop_assert_eq!(entry.position as usize, i + 1);
            }
        }
    }

    #[test]
    fn an_excluded_or_repeated_input_changes_no_ranked_position(
        inputs in distinct_ranking_inputs()
    ) {
        let set = sample_set();
        let r = rank(&set, &inputs);
        let mut more = inputs.clone();
        more.push(RankingInput {
            proposal_id: 1000,
            failed_requirements: vec!["gdpr".into()],
            total: Total::FULL,
            consensus: Default::default(),
            received_at: at(-5),
        });
        let r2 = rank(&set, &more);
        prop_assert_eq!(&r2.ranked, &r.ranked);
        prop_assert_eq!(r2.excluded.len(), r.excluded.len() + 1);
        // Ranking the admitted ones again, in their ranked order, gives the same ranking.
        let admitted: Vec<RankingInput> = r.ranked.iter().map(|x| {
            inputs.iter().find(|p| p.proposal_id == x.proposal_id).cloned().unwrap()
        }).collect();
        prop_assert_eq!(rank(&set, &admitted).ranked, r.ranked.clone());
    }

    // --- Normalisation -------------------------------------------------------------------

    #[test]
    fn normalisation_is_invariant_to_a_constant_shift_of_one_evaluator(
        (panel, who, shifts) in panel().prop_flat_map(|p| {
            let evaluators = p.sheets.len();
            let k = p.set.criteria.len();
            (Just(p), 0..evaluators, vec(0u8..=10, k))
        })
    ) {
        let who = panel.sheets[who].0;
        // The largest shift per criterion that keeps all of `who`'s scores on the scale.
        let shifts: Vec<u8> = panel.set.criteria.iter().enumerate().map(|(ci, c)| {
            let room = panel.sheets.iter().filter(|s| s.0 == who).map(|s| c.scale.max - s.2[ci]).min().unwrap_or(0);
            shifts[ci] % (room + 1)
        }).collect();
        let mut shifted = panel.clone();
        for s in shifted.sheets.iter_mut().filter(|s| s.0 == who) {
            for (score, k) in s.2.iter_mut().zip(&shifts) {
                *score += k;
            }
        }
        let (a, b) = (panel.view(), shifted.view());
        prop_assert_eq!(a.scores.len(), b.scores.len());
        // Every deviation and every normalised score, of everyone, is unchanged bit for bit…
        for (x, y) in a.scores.iter().zip(&b.scores) {
            prop_assert_eq!((x.evaluator_id, x.proposal_id, &x.key), (y.evaluator_id, y.proposal_id, &y.key));
            prop_assert_eq!(x.deviation.to_bits(), y.deviation.to_bits());
            prop_assert_eq!(x.normalised.to_bits(), y.normalised.to_bits());
        }
        // …and so is every proposal's normalised mean and total.
        prop_assert_eq!(a.proposals.len(), b.proposals.len());
        for (x, y) in a.proposals.iter().zip(&b.proposals) {
            prop_assert_eq!(x.normalised_total_points.to_bits(), y.normalised_total_points.to_bits());
            for (m, n) in x.criteria.iter().zip(&y.criteria) {
                prop_assert_eq!(m.normalised_mean.to_bits(), n.normalised_mean.to_bits());
            }
        }
    }

    #[test]
    fn normalisation_only_recentres_when_every_evaluator_has_the_panel_mean(
        (set, evaluators, base) in valid_set(3).prop_flat_map(|set| {
            let one = scores_for(&set);
            (Just(set), 1usize..=4, vec(one, 1..=5))
        })
    ) {
        // Evaluator e gives proposal p the scores base[(p + e) mod P]: everyone scores every
        // proposal and uses the same scores, so every evaluator's mean is the panel's.
        let proposals = base.len();
        let sheets: Vec<(i64, i64, Vec<u8>)> = (0..evaluators).flat_map(|e| {
            let base = &base;
            (0..proposals).map(move |p| (e as i64, p as i64, base[(p + e) % proposals].clone()))
        }).collect();
        let view = Panel { set, sheets }.view();
        // Everyone is equally strict: the view is the scores moved, per criterion, by one
        // common amount (from the panel's mean to the middle of the scale).
        for s in &view.scores {
            let a = view.anchors.iter().find(|a| a.key == s.key).unwrap();
            prop_assert!(close(s.normalised, f64::from(s.score) - a.panel_mean + a.centre));
            prop_assert!(close(s.deviation, f64::from(s.score) - s.evaluator_mean));
        }
        for p in &view.proposals {
            for m in &p.criteria {
                let a = view.anchors.iter().find(|a| a.key == m.key).unwrap();
                prop_assert!(close(m.normalised_mean, m.raw_mean - a.panel_mean + a.centre));
            }
        }
    }

    #[test]
    fn normalisation_ignores_the_order_of_the_sheets(
        (panel, order) in panel().prop_flat_map(|p| {
            let n = p.sheets.len();
            (Just(p), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let mut shuffled = panel.clone();
        shuffled.sheets = order.iter().map(|&i| panel.sheets[i].clone()).collect();
        prop_assert_eq!(shuffled.view(), panel.view());
    }
}
