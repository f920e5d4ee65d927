//! The scoring maths: weighted totals in exact integers, and the panel's statistics per
//! criterion with the disagreement flag.
//!
//! **Totals are exact.** A criterion with weight `w` (basis points) scored `s` on `min..=max`
//! contributes `w · (s − min) / (max − min)` hundredths of a point. Every range `max − min` is
//! 1..=10, and 2520 = lcm(1, …, 10), so the contribution is the whole number
//! `w · (s − min) · (2520 / (max − min))` of *units*, 1/252 000 of a point, and 100 points are
//! 10 000 · 2520 = 25 200 000 units. Comparing totals is comparing integers: no rounding,
//! no float noise, the same answer on every machine and in the browser.

use serde::{Deserialize, Serialize};

use super::criteria::{CriteriaSet, EvaluationCriterion, SCALE_TOP_MAX, Scale, WEIGHT_TOTAL_BP};
use super::scoring::Scoresheet;
use crate::lang::Lang;

/// lcm(1, …, 10): every scale's range divides it.
pub const RANGE_LCM: u32 = 2520;

/// A weighted total on the 0–100 points scale, held exactly as a whole number of units
/// (1 unit = 1/252 000 point; [`Total::FULL`] = 100 points).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Total {
    /// 25 200 000 = 100 points.
    pub units: u32,
}

impl Total {
    pub const ZERO: Total = Total { units: 0 };
    pub const FULL: Total = Total {
        units: WEIGHT_TOTAL_BP * RANGE_LCM,
    };
    /// Units in one hundredth of a point.
    const PER_HUNDREDTH: u32 = RANGE_LCM;

    /// The total in points, 0.0..=100.0, for display and charts (never for comparing).
    pub fn points(self) -> f64 {
        f64::from(self.units) / f64::from(Self::PER_HUNDREDTH * 100)
    }

    /// The total in hundredths of a point, rounded half up: 0..=10 000.
    pub fn hundredths(self) -> u32 {
        (self.units + Self::PER_HUNDREDTH / 2) / Self::PER_HUNDREDTH
    }

    /// The total with two decimals in the reader's language: `87,35` (fi, sv), `87.35` (en).
    pub fn format(self, lang: Lang) -> String {
        let h = self.hundredths();
        let sep = if lang == Lang::En { '.' } else { ',' };
        format!("{}{sep}{:02}", h / 100, h % 100)
    }
}

/// A criterion's contribution to the total for `score` (moved onto the scale first), in units.
/// Also the "weighted score on a criterion" compared by the ranking's second tie rule.
/// Saturates rather than overflowing for weights no valid set has.
pub fn criterion_units(criterion: &EvaluationCriterion, score: Option<u8>) -> u64 {
    let scale = &criterion.scale;
    let (Some(score), Some(per_step)) = (score, units_per_step(scale)) else {
        return 0;
    };
    let steps = u64::from(scale.clamp(score) - scale.min);
    u64::from(criterion.weight_bp)
        .saturating_mul(steps)
        .saturating_mul(per_step)
}

/// `2520 / (max − min)`, or `None` for a malformed scale whose range is 0 or above 10.
fn units_per_step(scale: &Scale) -> Option<u64> {
    counts(scale).then(|| u64::from(RANGE_LCM / u32::from(scale.range())))
}

/// Whether a criterion on this scale takes part in totals: its range is 1..=10.
pub(crate) fn counts(scale: &Scale) -> bool {
    (1..=SCALE_TOP_MAX).contains(&scale.range())
}

/// The weighted total of `scores` under `set`: Σ weight × (score − min) / (max − min), on
/// 0–100 points, exact.
///
/// For a valid set it is always within `0..=100` points, is 0 exactly when every score is its
/// scale's minimum and 100 exactly when every score is its maximum. A criterion without a score
/// counts as its minimum (use [`Scoresheet::validate_for_submit`] to require them all); a score
/// off the scale is moved onto it; a criterion whose scale's range is 0 or above 10 counts
/// nothing; and should the weights of an invalid set exceed 100 % the total stops at 100
/// points.
pub fn weighted_total(set: &CriteriaSet, scores: &Scoresheet) -> Total {
    let units: u64 = set
        .criteria
        .iter()
        .map(|c| criterion_units(c, scores.score(&c.key)))
        .fold(0u64, u64::saturating_add);
    Total {
        units: u32::try_from(units)
            .unwrap_or(u32::MAX)
            .min(Total::FULL.units),
    }
}

/// What a panel's scores on one criterion of one proposal look like.
///
/// `mean` and `std_dev` are `f64` for display; each is computed from exact integer sums with
/// one division (and one square root), so they do not depend on the order of the scores.
/// The disagreement flag uses only integers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionStats {
    pub key: String,
    /// How many evaluators scored it (at least 1).
    pub n: u32,
    /// The sum of the scores: `sum / n` is the exact mean.
    pub sum: u32,
    pub mean: f64,
    pub min: u8,
    pub max: u8,
    /// `max − min`.
    pub spread: u8,
    /// The population standard deviation (÷ n: the panel is the whole population, not a
    /// sample of one); 0 for a single score.
    pub std_dev: f64,
    /// The spread reaches the scale's [`Scale::disagreement_threshold`] (40 % of the range,
    /// at least 2 points, at most the range): the panel should talk before agreeing.
    pub disagreement: bool,
}

/// The statistics of `scores` (as given, no clamping) on `criterion`; `None` when nobody
/// scored it.
pub fn criterion_statistics(
    criterion: &EvaluationCriterion,
    scores: &[u8],
) -> Option<CriterionStats> {
    let (&first, _) = scores.split_first()?;
    let n = u32::try_from(scores.len()).unwrap_or(u32::MAX);
    let (mut sum, mut sum_sq, mut min, mut max) = (0u64, 0u64, first, first);
    for &s in scores {
        sum += u64::from(s);
        sum_sq += u64::from(s) * u64::from(s);
        min = min.min(s);
        max = max.max(s);
    }
    // n²·variance = n·Σs² − (Σs)², an exact non-negative integer (u128: no overflow for any n).
    let n_sq_var = u128::from(n) * u128::from(sum_sq) - u128::from(sum) * u128::from(sum);
    let spread = max - min;
    let threshold = criterion.scale.disagreement_threshold();
    Some(CriterionStats {
        key: criterion.key.clone(),
        n,
        sum: u32::try_from(sum).unwrap_or(u32::MAX),
        mean: sum as f64 / f64::from(n),
        min,
        max,
        spread,
        std_dev: (n_sq_var as f64).sqrt() / f64::from(n),
        disagreement: threshold > 0 && spread >= threshold,
    })
}

/// Per criterion, in the set's order, the statistics of the panel's scores for one proposal
/// (`sheets`: one per evaluator, normally the submitted ones). Criteria nobody scored are left
/// out.
pub fn panel_statistics(set: &CriteriaSet, sheets: &[&Scoresheet]) -> Vec<CriterionStats> {
    set.criteria
        .iter()
        .filter_map(|c| {
            let scores: Vec<u8> = sheets.iter().filter_map(|s| s.score(&c.key)).collect();
            criterion_statistics(c, &scores)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testkit::{criterion, sample_set, sheet};

    #[test]
    fn full_and_empty_totals() {
        let set = sample_set();
        // quality 40 % 0–5, price 35 % 0–10, usability 25 % 1–5.
        assert_eq!(weighted_total(&set, &sheet(&set, &[0, 0, 1])), Total::ZERO);
        assert_eq!(weighted_total(&set, &sheet(&set, &[5, 10, 5])), Total::FULL);
        assert_eq!(Total::FULL.points(), 100.0);
        assert_eq!(Total::FULL.format(Lang::Fi), "100,00");
    }

    #[test]
    fn a_worked_example() {
        let set = sample_set();
        // 40 × 3/5 + 35 × 7/10 + 25 × (2−1)/4 = 24 + 24.5 + 6.25 = 54.75 points.
        let t = weighted_total(&set, &sheet(&set, &[3, 7, 2]));
        assert_eq!(t.hundredths(), 5475);
        assert_eq!(t.units, 5475 * RANGE_LCM);
        assert_eq!(t.format(Lang::En), "54.75");
        assert_eq!(t.format(Lang::Sv), "54,75");
        assert_eq!(t.points(), 54.75);
    }

    #[test]
    fn thirds_are_exact() {
        // 1/3 of a 0–3 scale on a 100 % criterion: 33.333… points, exactly 8 400 000 units.
        let set = CriteriaSet {
            criteria: vec![criterion("a", 10_000, 0, 3)],
            requirements: vec![],
        };
        let t = weighted_total(&set, &sheet(&set, &[1]));
        assert_eq!(t.units, 8_400_000);
        assert_eq!(t.units * 3, Total::FULL.units);
        assert_eq!(t.format(Lang::Fi), "33,33");
        // Rounded half up: 2/3 → 66.67.
        assert_eq!(
            weighted_total(&set, &sheet(&set, &[2])).format(Lang::En),
            "66.67"
        );
    }

    #[test]
    fn missing_scores_count_as_the_minimum_and_off_scale_ones_are_clamped() {
        let set = sample_set();
        let mut s = sheet(&set, &[5, 10, 5]);
        s.scores[0].score = None;
        assert_eq!(weighted_total(&set, &s).hundredths(), 6000);
        s.scores[0].score = Some(200);
        s.scores[2].score = Some(0);
        assert_eq!(weighted_total(&set, &s).hundredths(), 7500);
    }

    #[test]
    fn an_invalid_set_never_exceeds_100_points() {
        let set = CriteriaSet {
            criteria: vec![criterion("a", 10_000, 0, 5), criterion("b", u32::MAX, 0, 5)],
            requirements: vec![],
        };
        assert_eq!(weighted_total(&set, &sheet(&set, &[5, 5])), Total::FULL);
        let mut broken = criterion("c", 10_000, 5, 5);
        assert_eq!(criterion_units(&broken, Some(5)), 0);
        broken.scale.max = 20;
        assert_eq!(criterion_units(&broken, Some(9)), 0);
    }

    #[test]
    fn statistics_of_a_panel() {
        let c = criterion("quality", 4000, 0, 5);
        let s = criterion_statistics(&c, &[1, 3, 5, 3]).unwrap();
        assert_eq!((s.n, s.sum, s.min, s.max, s.spread), (4, 12, 1, 5, 4));
        assert_eq!(s.mean, 3.0);
        // Deviations −2, 0, 2, 0 → variance 2.
        assert_eq!(s.std_dev, 2f64.sqrt());
        assert!(s.disagreement);
        assert_eq!(criterion_statistics(&c, &[]), None);
        let one = criterion_statistics(&c, &[4]).unwrap();
        assert_eq!(
            (one.mean, one.std_dev, one.spread, one.disagreement),
            (4.0, 0.0, 0, false)
        );
    }

    #[test]
    fn disagreement_starts_at_the_threshold() {
        let five = criterion("a", 1, 0, 5);
        assert!(
            !criterion_statistics(&five, &[3, 4, 4])
                .unwrap()
                .disagreement
        );
        assert!(
            criterion_statistics(&five, &[2, 4, 4])
                .unwrap()
                .disagreement
        );
        let ten = criterion("b", 1, 1, 10);
        assert!(!criterion_statistics(&ten, &[4, 7]).unwrap().disagreement);
        assert!(criterion_statistics(&ten, &[3, 7]).unwrap().disagreement);
        let binary = criterion("c", 1, 0, 1);
        assert!(criterion_statistics(&binary, &[0, 1]).unwrap().disagreement);
        assert!(!criterion_statistics(&binary, &[1, 1]).unwrap().disagreement);
    }

    #[test]
    fn panel_statistics_follow_the_set_and_skip_the_unscored() {
        let set = sample_set();
        let a = sheet(&set, &[1, 7, 2]);
        let mut b = sheet(&set, &[4, 8, 2]);
        b.scores[2].score = None;
        let mut c = sheet(&set, &[4, 9, 2]);
        c.scores[2].score = None;
        let stats = panel_statistics(&set, &[&a, &b, &c]);
        let keys: Vec<_> = stats.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["quality", "price", "usability"]);
        assert_eq!(
            (stats[0].mean, stats[0].spread, stats[0].disagreement),
            (3.0, 3, true)
        );
        assert_eq!(
            (stats[1].mean, stats[1].spread, stats[1].disagreement),
            (8.0, 2, false)
        );
        assert_eq!(stats[2].n, 1);
        assert!(panel_statistics(&set, &[&Scoresheet::default()]).is_empty());
    }
}
