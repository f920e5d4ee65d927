//! The criteria set a challenge's proposals are evaluated on: weighted criteria, each with a
//! scale whose every level is described, and pass/fail admission requirements that are
//! checked before anything is scored. [`CriteriaSet::validate`] holds every rule.
//!
//! Weights are whole basis points (1 bp = 0.01 %), so one third is expressed as 3333 + 3333 +
//! 3334 and the sum is checked exactly, never with a floating-point tolerance: it must be
//! 10 000 bp = 100.00 %.

use serde::{Deserialize, Serialize};

use super::localized::LocalizedText;
use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::validate::Checker;

/// Most criteria in one set.
pub const CRITERIA_MAX: usize = 30;
/// Most admission requirements in one set.
pub const REQUIREMENTS_MAX: usize = 20;
/// The weights of a set add up to exactly this: 100.00 % in basis points.
pub const WEIGHT_TOTAL_BP: u32 = 10_000;
/// The highest top of a scale (so 0–10 and 1–10 are the widest scales).
pub const SCALE_TOP_MAX: u8 = 10;
pub const KEY_MAX: usize = 40;
pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2000;
pub const LEVEL_DESCRIPTION_MAX: usize = 500;

/// One scale level and what it means ("3 – meets the need with minor gaps").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleLevel {
    pub score: u8,
    pub description: LocalizedText,
}

/// The whole-number scale a criterion is scored on, `min..=max` (e.g. 0–5), with a description
/// of every level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scale {
    pub min: u8,
    pub max: u8,
    /// Exactly one per score in `min..=max`, in any order.
    pub levels: Vec<ScaleLevel>,
}

impl Scale {
    /// `max − min`: the number of steps (0 for a malformed scale).
    pub fn range(&self) -> u8 {
        self.max.saturating_sub(self.min)
    }

    pub fn contains(&self, score: u8) -> bool {
        (self.min..=self.max).contains(&score)
    }

    /// `score` moved into `min..=max`.
    pub fn clamp(&self, score: u8) -> u8 {
        score.max(self.min).min(self.max.max(self.min))
    }

    pub fn level(&self, score: u8) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.score == score)
    }

    /// The smallest spread (highest minus lowest score given by a panel) that flags a
    /// disagreement on this scale: 40 % of the range rounded up, at least 2 points, but never
    /// more than the whole range (so on a 0–1 scale a 0 and a 1 disagree).
    ///
    /// 0–5 → 2, 1–5 → 2, 0–10 → 4, 1–10 → 4, 0–3 → 2, 0–2 → 2, 0–1 → 1.
    pub fn disagreement_threshold(&self) -> u8 {
        let r = self.range();
        // ⌈2r/5⌉ in integers (≤ 102 for r ≤ 255, so it fits in u8).
        let forty_percent = (2 * u16::from(r)).div_ceil(5) as u8;
        forty_percent.max(2).min(r)
    }
}

/// A weighted criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationCriterion {
    /// A stable identifier (`price`, `usability-2`): lower-case letters a–z, digits and single
    /// hyphens. Scores refer to criteria by it, so it survives renaming and translation.
    pub key: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    /// The weight in basis points (1..=10 000; 2500 = 25 %).
    pub weight_bp: u32,
    pub scale: Scale,
}

/// A pass/fail condition checked before scoring (CE marking, data-protection compliance…);
/// a proposal that fails one is excluded from the ranking with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmissionRequirement {
    /// Stable identifier, as for criteria; unique among the requirements.
    pub key: String,
    pub name: LocalizedText,
    /// Optional: "CE marking" may say it all.
    #[serde(default)]
    pub description: LocalizedText,
}

/// Everything proposals are evaluated on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriteriaSet {
    pub criteria: Vec<EvaluationCriterion>,
    #[serde(default)]
    pub requirements: Vec<AdmissionRequirement>,
}

impl CriteriaSet {
    /// Every rule, with field paths such as `criteria[2].weight_bp`,
    /// `criteria[0].scale.levels[3].description` or `requirements[1].key`:
    ///
    /// - 1..=30 criteria (`criteria`: `required` / `too_large`), ≤ 20 requirements;
    /// - keys: 1..=40 characters of a–z, 0–9 and single inner hyphens (`invalid_key`), unique
    ///   among the criteria and among the requirements (`duplicate_value`);
    /// - names required in at least one language (≤ 200 characters each), criterion
    ///   descriptions too (≤ 2000), requirement descriptions optional;
    /// - each weight 1..=10 000 bp, and together exactly 10 000 bp: otherwise `weights_sum` on
    ///   `criteria` with the current sum as its `limit` (9999 → "99,99 %");
    /// - scale `min < max ≤ 10`, and one described level for every score `min..=max`: a gap is
    ///   `level_missing` on `….scale.levels` with the score as `limit`; an extra level is
    ///   `too_small`/`too_large`, a repeated one `duplicate_value` on `….levels[j].score`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        if self.criteria.is_empty() {
            c.push(FieldError::new("criteria", FieldCode::Required));
        } else if self.criteria.len() > CRITERIA_MAX {
            c.push(FieldError::with_limit(
                "criteria",
                FieldCode::TooLarge,
                CRITERIA_MAX as i64,
            ));
        } else {
            for (i, criterion) in self.criteria.iter().enumerate() {
                let earlier = self.criteria[..i].iter().map(|x| x.key.as_str());
                criterion.check(&mut c, &format!("criteria[{i}]"), earlier);
            }
            let sum = self.weight_sum_bp();
            if sum != u64::from(WEIGHT_TOTAL_BP) {
                let sum = i64::try_from(sum).unwrap_or(i64::MAX);
                c.push(FieldError::with_limit(
                    "criteria",
                    FieldCode::WeightsSum,
                    sum,
                ));
            }
        }
        if self.requirements.len() > REQUIREMENTS_MAX {
            c.push(FieldError::with_limit(
                "requirements",
                FieldCode::TooLarge,
                REQUIREMENTS_MAX as i64,
            ));
        } else {
            for (i, r) in self.requirements.iter().enumerate() {
                let field = format!("requirements[{i}]");
                let earlier = self.requirements[..i].iter().map(|x| x.key.as_str());
                check_key(&mut c, &format!("{field}.key"), &r.key, earlier);
                r.name
                    .check(&mut c, &format!("{field}.name"), true, NAME_MAX);
                r.description.check(
                    &mut c,
                    &format!("{field}.description"),
                    false,
                    DESCRIPTION_MAX,
                );
            }
        }
        c.finish()
    }

    /// The sum of the weights in basis points (exact; 10 000 in a valid set).
    pub fn weight_sum_bp(&self) -> u64 {
        self.criteria.iter().map(|c| u64::from(c.weight_bp)).sum()
    }

    pub fn criterion(&self, key: &str) -> Option<&EvaluationCriterion> {
        self.criteria.iter().find(|c| c.key == key)
    }

    pub fn requirement(&self, key: &str) -> Option<&AdmissionRequirement> {
        self.requirements.iter().find(|r| r.key == key)
    }

    /// The criteria heaviest first; criteria of equal weight keep their listed order. This is
    /// the order of the second tie rule of the ranking.
    pub fn by_weight(&self) -> Vec<&EvaluationCriterion> {
        let mut v: Vec<&EvaluationCriterion> = self.criteria.iter().collect();
        // A stable sort: equal weights stay in the listed order.
        v.sort_by_key(|c| std::cmp::Reverse(c.weight_bp));
        v
    }
}

impl EvaluationCriterion {
    fn check<'a>(&self, c: &mut Checker, field: &str, earlier_keys: impl Iterator<Item = &'a str>) {
        check_key(c, &format!("{field}.key"), &self.key, earlier_keys);
        self.name.check(c, &format!("{field}.name"), true, NAME_MAX);
        self.description
            .check(c, &format!("{field}.description"), true, DESCRIPTION_MAX);
        c.int_range(
            &format!("{field}.weight_bp"),
            i64::from(self.weight_bp),
            1,
            i64::from(WEIGHT_TOTAL_BP),
        );
        self.scale.check(c, &format!("{field}.scale"));
    }
}

impl Scale {
    fn check(&self, c: &mut Checker, field: &str) {
        let sound = if self.max > SCALE_TOP_MAX {
            c.push(FieldError::with_limit(
                format!("{field}.max"),
                FieldCode::TooLarge,
                i64::from(SCALE_TOP_MAX),
            ));
            false
        } else if self.min >= self.max {
            c.push(FieldError::new(
                format!("{field}.max"),
                FieldCode::RangeReversed,
            ));
            false
        } else {
            true
        };
        let levels_field = format!("{field}.levels");
        let most = usize::from(SCALE_TOP_MAX) + 1;
        if self.levels.len() > most {
            c.push(FieldError::with_limit(
                levels_field,
                FieldCode::TooLarge,
                most as i64,
            ));
            return;
        }
        for (j, level) in self.levels.iter().enumerate() {
            let score_field = format!("{levels_field}[{j}].score");
            if self.levels[..j].iter().any(|l| l.score == level.score) {
                c.push(FieldError::new(score_field, FieldCode::DuplicateValue));
            } else if sound {
                c.int_range(
                    &score_field,
                    i64::from(level.score),
                    i64::from(self.min),
                    i64::from(self.max),
                );
            }
            level.description.check(
                c,
                &format!("{levels_field}[{j}].description"),
                true,
                LEVEL_DESCRIPTION_MAX,
            );
        }
        if sound {
            for score in self.min..=self.max {
                if self.level(score).is_none() {
                    c.push(FieldError::with_limit(
                        levels_field.as_str(),
                        FieldCode::LevelMissing,
                        i64::from(score),
                    ));
                }
            }
        }
    }
}

fn check_key<'a>(
    c: &mut Checker,
    field: &str,
    key: &str,
    mut earlier: impl Iterator<Item = &'a str>,
) {
    if key.is_empty() {
        c.push(FieldError::new(field, FieldCode::Required));
    } else if key.chars().count() > KEY_MAX {
        c.push(FieldError::with_limit(
            field,
            FieldCode::TooLong,
            KEY_MAX as i64,
        ));
    } else if !is_valid_key(key) {
        c.push(FieldError::new(field, FieldCode::InvalidKey));
    } else if earlier.any(|k| k == key) {
        c.push(FieldError::new(field, FieldCode::DuplicateValue));
    }
}

/// A key: 1..=40 of a–z and 0–9, with single hyphens between them (`price`, `data-security`).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= KEY_MAX
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !key.starts_with('-')
        && !key.ends_with('-')
        && !key.contains("--")
}

/// A key suggested from a name ("Hinta–laatu (€)" → `hinta-laatu`): Finnish and Swedish
/// letters lose their dots and rings, everything but a–z and 0–9 becomes a hyphen. May be empty
/// (a name of punctuation only); the caller makes it unique.
pub fn key_from_name(name: &str) -> String {
    let mut key = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'š' => 's',
            'ž' => 'z',
            c => c,
        };
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            if key.len() == KEY_MAX {
                break;
            }
            key.push(ch);
        } else if !key.is_empty() && !key.ends_with('-') {
            if key.len() + 1 >= KEY_MAX {
                break;
            }
            key.push('-');
        }
    }
    key.trim_end_matches('-').to_owned()
}

/// Basis points as a percentage in the reader's language, without the sign: 9999 → `99,99`
/// (fi, sv) or `99.99` (en); 2500 → `25`; 3350 → `33,5`.
pub fn percent_from_bp(bp: i64, lang: Lang) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    let (whole, hundredths) = (abs / 100, abs % 100);
    let sep = if lang == Lang::En { '.' } else { ',' };
    if hundredths == 0 {
        format!("{sign}{whole}")
    } else if hundredths % 10 == 0 {
        format!("{sign}{whole}{sep}{}", hundredths / 10)
    } else {
        format!("{sign}{whole}{sep}{hundredths:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testkit::{criterion, sample_set};

    fn errors(set: &CriteriaSet) -> Vec<(String, FieldCode, Option<i64>)> {
        set.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code, e.limit))
            .collect()
    }

    fn with_weights(weights: &[u32]) -> CriteriaSet {
        CriteriaSet {
            criteria: weights
                .iter()
                .enumerate()
                .map(|(i, &w)| criterion(&format!("c{i}"), w, 0, 5))
                .collect(),
            requirements: vec![],
        }
    }

    #[test]
    fn the_sample_set_is_valid() {
        assert_eq!(sample_set().validate(), Ok(()));
    }

    #[test]
    fn weights_of_99_99_percent_are_refused_with_the_sum() {
        let set = with_weights(&[3333, 3333, 3333]);
        let errs = set.validate().unwrap_err();
        assert_eq!(
            errs,
            [FieldError::with_limit(
                "criteria",
                FieldCode::WeightsSum,
                9999
            )]
        );
        let e = errs[0].clone();
        assert_eq!(
            e.clone().localise(Lang::Fi).message,
            "Painojen summa on nyt 99,99 %; sen on oltava tasan 100 %."
        );
        assert_eq!(
            e.clone().localise(Lang::Sv).message,
            "Vikternas summa är nu 99,99 %; den ska vara exakt 100 %."
        );
        assert_eq!(
            e.localise(Lang::En).message,
            "The weights now add up to 99.99%; they must add up to exactly 100%."
        );
    }

    #[test]
    fn weights_of_100_01_percent_are_refused_with_the_sum() {
        let set = with_weights(&[3334, 3334, 3333]);
        assert_eq!(
            set.validate(),
            Err(vec![FieldError::with_limit(
                "criteria",
                FieldCode::WeightsSum,
                10_001
            )])
        );
        assert_eq!(
            FieldCode::WeightsSum.message(Lang::En, Some(10_001)),
            "The weights now add up to 100.01%; they must add up to exactly 100%."
        );
    }

    #[test]
    fn a_third_each_is_expressible() {
        assert_eq!(with_weights(&[3333, 3333, 3334]).validate(), Ok(()));
        assert_eq!(with_weights(&[10_000]).validate(), Ok(()));
    }

    #[test]
    fn every_weight_is_positive_and_at_most_100_percent() {
        assert_eq!(
            errors(&with_weights(&[10_000, 0])),
            [("criteria[1].weight_bp".into(), FieldCode::TooSmall, Some(1))]
        );
        assert_eq!(
            errors(&with_weights(&[10_001])),
            [
                (
                    "criteria[0].weight_bp".into(),
                    FieldCode::TooLarge,
                    Some(10_000)
                ),
                ("criteria".into(), FieldCode::WeightsSum, Some(10_001)),
            ]
        );
        // Huge weights cannot overflow the sum.
        assert_eq!(
            errors(&with_weights(&[u32::MAX, u32::MAX]))[2],
            (
                "criteria".into(),
                FieldCode::WeightsSum,
                Some(2 * i64::from(u32::MAX))
            )
        );
    }

    #[test]
    fn one_to_thirty_criteria() {
        assert_eq!(
            errors(&with_weights(&[])),
            [("criteria".into(), FieldCode::Required, None)]
        );
        let mut weights = vec![333; 30];
        weights[0] += 10;
        assert_eq!(with_weights(&weights).validate(), Ok(()));
        weights.push(1);
        assert_eq!(
            errors(&with_weights(&weights)),
            [("criteria".into(), FieldCode::TooLarge, Some(30))]
        );
    }

    #[test]
    fn keys_are_unique_slugs() {
        let mut set = with_weights(&[5000, 3000, 2000]);
        set.criteria[1].key = "c0".into();
        set.criteria[2].key = "Hinta".into();
        assert_eq!(
            errors(&set),
            [
                ("criteria[1].key".into(), FieldCode::DuplicateValue, None),
                ("criteria[2].key".into(), FieldCode::InvalidKey, None),
            ]
        );
        set.criteria[1].key = String::new();
        set.criteria[2].key = "x".repeat(41);
        assert_eq!(
            errors(&set),
            [
                ("criteria[1].key".into(), FieldCode::Required, None),
                ("criteria[2].key".into(), FieldCode::TooLong, Some(40)),
            ]
        );
        for good in ["price", "data-security", "c2", "2026-pilot"] {
            assert!(is_valid_key(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "a b", "A", "hintä", "a_b"] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn keys_from_names() {
        assert_eq!(key_from_name("Hinta–laatu (€)"), "hinta-laatu");
        assert_eq!(key_from_name("Käytettävyys"), "kaytettavyys");
        assert_eq!(key_from_name("Dataskydd & säkerhet"), "dataskydd-sakerhet");
        assert_eq!(key_from_name("  ---  "), "");
        let long = key_from_name(&"ab ".repeat(40));
        assert!(is_valid_key(&long) && long.len() <= KEY_MAX, "{long}");
    }

    #[test]
    fn names_and_descriptions_need_one_language() {
        let mut set = with_weights(&[10_000]);
        set.criteria[0].name = LocalizedText::default();
        set.criteria[0].description.en = "x".repeat(DESCRIPTION_MAX + 1);
        assert_eq!(
            errors(&set),
            [
                ("criteria[0].name".into(), FieldCode::Required, None),
                (
                    "criteria[0].description.en".into(),
                    FieldCode::TooLong,
                    Some(2000)
                ),
            ]
        );
    }

    #[test]
    fn scales_run_upwards_to_at_most_ten() {
        let mut set = with_weights(&[10_000]);
        set.criteria[0].scale.min = 5;
        assert_eq!(
            errors(&set),
            [(
                "criteria[0].scale.max".into(),
                FieldCode::RangeReversed,
                None
            )]
        );
        set.criteria[0] = criterion("c0", 10_000, 1, 11);
        assert_eq!(
            errors(&set),
            [(
                "criteria[0].scale.max".into(),
                FieldCode::TooLarge,
                Some(10)
            )]
        );
        set.criteria[0] = criterion("c0", 10_000, 0, 10);
        assert_eq!(set.validate(), Ok(()));
    }

    #[test]
    fn every_level_is_described_without_gaps_or_extras() {
        let mut set = with_weights(&[10_000]);
        let levels = &mut set.criteria[0].scale.levels;
        levels.retain(|l| l.score != 2 && l.score != 4);
        levels.push(ScaleLevel {
            score: 6,
            description: LocalizedText::fi("Ylimääräinen"),
        });
        levels.push(ScaleLevel {
            score: 0,
            description: LocalizedText::fi("Toinen nolla"),
        });
        levels[0].description = LocalizedText::default();
        assert_eq!(
            errors(&set),
            [
                (
                    "criteria[0].scale.levels[0].description".into(),
                    FieldCode::Required,
                    None
                ),
                (
                    "criteria[0].scale.levels[4].score".into(),
                    FieldCode::TooLarge,
                    Some(5)
                ),
                (
                    "criteria[0].scale.levels[5].score".into(),
                    FieldCode::DuplicateValue,
                    None
                ),
                (
                    "criteria[0].scale.levels".into(),
                    FieldCode::LevelMissing,
                    Some(2)
                ),
                (
                    "criteria[0].scale.levels".into(),
                    FieldCode::LevelMissing,
                    Some(4)
                ),
            ]
        );
        assert_eq!(
            FieldCode::LevelMissing.message(Lang::Fi, Some(2)),
            "Kuvaa myös taso 2."
        );
    }

    #[test]
    fn levels_may_come_in_any_order() {
        let mut set = with_weights(&[10_000]);
        set.criteria[0].scale.levels.reverse();
        assert_eq!(set.validate(), Ok(()));
    }

    #[test]
    fn requirements_are_limited_named_and_unique() {
        let mut set = sample_set();
        set.requirements[1].key = set.requirements[0].key.clone();
        set.requirements[0].name = LocalizedText::default();
        assert_eq!(
            errors(&set),
            [
                ("requirements[0].name".into(), FieldCode::Required, None),
                (
                    "requirements[1].key".into(),
                    FieldCode::DuplicateValue,
                    None
                ),
            ]
        );
        set.requirements = (0..21)
            .map(|i| AdmissionRequirement {
                key: format!("r{i}"),
                name: LocalizedText::fi("Vaatimus"),
                description: LocalizedText::default(),
            })
            .collect();
        assert_eq!(
            errors(&set),
            [("requirements".into(), FieldCode::TooLarge, Some(20))]
        );
        set.requirements.pop();
        assert_eq!(set.validate(), Ok(()));
    }

    #[test]
    fn a_criterion_and_a_requirement_may_share_a_key() {
        let mut set = sample_set();
        set.requirements[0].key = set.criteria[0].key.clone();
        assert_eq!(set.validate(), Ok(()));
    }

    #[test]
    fn disagreement_thresholds() {
        let t = |min, max| criterion("c", 1, min, max).scale.disagreement_threshold();
        assert_eq!(
            [
                t(0, 5),
                t(1, 5),
                t(0, 10),
                t(1, 10),
                t(0, 3),
                t(0, 2),
                t(0, 1)
            ],
            [2, 2, 4, 4, 2, 2, 1]
        );
    }

    #[test]
    fn heaviest_first_with_ties_in_listed_order() {
        let set = with_weights(&[2000, 5000, 1000, 2000]);
        let keys: Vec<_> = set.by_weight().iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["c1", "c0", "c3", "c2"]);
    }

    #[test]
    fn the_new_codes_have_three_distinct_messages() {
        for (code, limit) in [
            (FieldCode::InvalidKey, None),
            (FieldCode::WeightsSum, Some(12_345)),
            (FieldCode::LevelMissing, Some(3)),
        ] {
            let [fi, sv, en] = Lang::ALL.map(|l| code.message(l, limit));
            assert!(fi != sv && sv != en && fi != en, "{code:?}");
        }
        assert_eq!(
            FieldCode::WeightsSum.message(Lang::Sv, Some(12_345)),
            "Vikternas summa är nu 123,45 %; den ska vara exakt 100 %."
        );
        let json = serde_json::to_value(FieldError::with_limit(
            "criteria",
            FieldCode::WeightsSum,
            9999,
        ))
        .unwrap();
        assert_eq!(json["code"], "weights_sum");
        assert_eq!(json["limit"], 9999);
    }

    #[test]
    fn percentages() {
        assert_eq!(percent_from_bp(9999, Lang::Fi), "99,99");
        assert_eq!(percent_from_bp(10_001, Lang::En), "100.01");
        assert_eq!(percent_from_bp(2500, Lang::Sv), "25");
        assert_eq!(percent_from_bp(3350, Lang::Fi), "33,5");
        assert_eq!(percent_from_bp(5, Lang::En), "0.05");
        assert_eq!(percent_from_bp(-150, Lang::En), "-1.5");
    }

    #[test]
    fn json_shape() {
        let json = serde_json::to_value(sample_set()).unwrap();
        assert_eq!(json["criteria"][0]["weight_bp"], 4000);
        assert_eq!(json["criteria"][0]["scale"]["levels"][0]["score"], 0);
        assert!(json["criteria"][0]["name"]["fi"].is_string());
        let back: CriteriaSet = serde_json::from_value(json).unwrap();
        assert_eq!(back, sample_set());
    }
}
