//! One evaluator's scoresheet for one proposal: a score and a written justification per
//! criterion, and an answer to every admission requirement. Saved as a draft while being
//! written ([`Scoresheet::validate_draft`]), then submitted ([`Scoresheet::validate_for_submit`]).
//!
//! The coordinator's consensus for a proposal is recorded in the same shape: the agreed score
//! per criterion with its rationale in `justification`, and the panel's admission decision in
//! `checks`; it obeys the same rules before it counts.

use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::maths::{Total, weighted_total};
use crate::error::{FieldCode, FieldError};
use crate::validate::Checker;

pub const JUSTIFICATION_MAX: usize = 5000;
pub const NOTE_MAX: usize = 2000;

/// Where an evaluation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvaluationStatus {
    /// Being written; only its author sees it.
    Draft,
    /// Handed in; counts towards the panel's statistics.
    Submitted,
}

impl EvaluationStatus {
    pub fn code(self) -> &'static str {
        match self {
            EvaluationStatus::Draft => "draft",
            EvaluationStatus::Submitted => "submitted",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [EvaluationStatus::Draft, EvaluationStatus::Submitted]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The score on one criterion (on its scale) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionScore {
    /// The criterion's key.
    pub key: String,
    #[serde(default)]
    pub score: Option<u8>,
    #[serde(default)]
    pub justification: String,
}

/// The answer to one admission requirement: passed, failed, or not yet decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmissionCheck {
    /// The requirement's key.
    pub key: String,
    #[serde(default)]
    pub passed: Option<bool>,
    /// Required on submission when the requirement is failed: it is the stated reason.
    #[serde(default)]
    pub note: String,
}

/// One evaluator's scores and admission checks for one proposal (or the coordinator's
/// consensus). Rows refer to the set by key; [`Scoresheet::aligned`] puts them in its order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scoresheet {
    #[serde(default)]
    pub scores: Vec<CriterionScore>,
    #[serde(default)]
    pub checks: Vec<AdmissionCheck>,
}

impl Scoresheet {
    /// An empty sheet with one row per criterion and per requirement, in the set's order.
    pub fn blank(set: &CriteriaSet) -> Self {
        Scoresheet::default().aligned(set)
    }

    /// The sheet with exactly one score per criterion and one check per requirement, in the
    /// set's order: rows already there are kept (the first, if a key repeats), missing ones
    /// added empty, rows for keys the set does not have dropped (the set is frozen once
    /// evaluation starts, so there are none in practice). Idempotent. A form works on an
    /// aligned sheet, so field paths (`scores[2].score`) match its rows.
    pub fn aligned(&self, set: &CriteriaSet) -> Self {
        Scoresheet {
            scores: set
                .criteria
                .iter()
                .map(|c| {
                    self.scores
                        .iter()
                        .find(|s| s.key == c.key)
                        .cloned()
                        .unwrap_or(CriterionScore {
                            key: c.key.clone(),
                            score: None,
                            justification: String::new(),
                        })
                })
                .collect(),
            checks: set
                .requirements
                .iter()
                .map(|r| {
                    self.checks
                        .iter()
                        .find(|x| x.key == r.key)
                        .cloned()
                        .unwrap_or(AdmissionCheck {
                            key: r.key.clone(),
                            passed: None,
                            note: String::new(),
                        })
                })
                .collect(),
        }
    }

    /// Rules every saved draft obeys: keys the set has, each once; scores on the criterion's
    /// scale (`too_small`/`too_large` on `scores[i].score` with the bound); justifications up
    /// to 5000 characters and notes up to 2000. Nothing is required.
    pub fn validate_draft(&self, set: &CriteriaSet) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        self.check(&mut c, set, false);
        c.finish()
    }

    /// Rules for submission, on top of the draft's: every criterion has a score and a written
    /// justification, every requirement is answered, and a failed one has a note (the reason
    /// the proposal is excluded). A criterion or requirement with no row at all is reported as
    /// if its row followed the existing ones, in the set's order (`scores[3].score` for the
    /// first missing one of a sheet with three rows).
    pub fn validate_for_submit(&self, set: &CriteriaSet) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        self.check(&mut c, set, true);
        c.finish()
    }

    fn check(&self, c: &mut Checker, set: &CriteriaSet, submit: bool) {
        if self.scores.len() > set.criteria.len() {
            c.push(FieldError::with_limit(
                "scores",
                FieldCode::TooLarge,
                set.criteria.len() as i64,
            ));
        } else {
            for (i, s) in self.scores.iter().enumerate() {
                let field = format!("scores[{i}]");
                let Some(criterion) = set.criterion(&s.key) else {
                    c.push(FieldError::new(
                        format!("{field}.key"),
                        FieldCode::InvalidChoice,
                    ));
                    continue;
                };
                if self.scores[..i].iter().any(|x| x.key == s.key) {
                    c.push(FieldError::new(
                        format!("{field}.key"),
                        FieldCode::DuplicateValue,
                    ));
                    continue;
                }
                match s.score {
                    Some(score) => c.int_range(
                        &format!("{field}.score"),
                        i64::from(score),
                        i64::from(criterion.scale.min),
                        i64::from(criterion.scale.max),
                    ),
                    None if submit => c.push(FieldError::new(
                        format!("{field}.score"),
                        FieldCode::Required,
                    )),
                    None => {}
                }
                let justification = format!("{field}.justification");
                if submit {
                    c.text(&justification, &s.justification, 1, JUSTIFICATION_MAX);
                } else {
                    c.optional_text(&justification, Some(&s.justification), JUSTIFICATION_MAX);
                }
            }
            if submit {
                let missing = set
                    .criteria
                    .iter()
                    .filter(|cr| !self.scores.iter().any(|s| s.key == cr.key));
                for (i, _) in (self.scores.len()..).zip(missing) {
                    c.push(FieldError::new(
                        format!("scores[{i}].score"),
                        FieldCode::Required,
                    ));
                    c.push(FieldError::new(
                        format!("scores[{i}].justification"),
                        FieldCode::Required,
                    ));
                }
            }
        }
        if self.checks.len() > set.requirements.len() {
            c.push(FieldError::with_limit(
                "checks",
                FieldCode::TooLarge,
                set.requirements.len() as i64,
            ));
            return;
        }
        for (i, x) in self.checks.iter().enumerate() {
            let field = format!("checks[{i}]");
            if set.requirement(&x.key).is_none() {
                c.push(FieldError::new(
                    format!("{field}.key"),
                    FieldCode::InvalidChoice,
                ));
                continue;
            }
            if self.checks[..i].iter().any(|y| y.key == x.key) {
                c.push(FieldError::new(
                    format!("{field}.key"),
                    FieldCode::DuplicateValue,
                ));
                continue;
            }
            let note = format!("{field}.note");
            match x.passed {
                None if submit => c.push(FieldError::new(
                    format!("{field}.passed"),
                    FieldCode::Required,
                )),
                Some(false) if submit => c.text(&note, &x.note, 1, NOTE_MAX),
                _ => c.optional_text(&note, Some(&x.note), NOTE_MAX),
            }
        }
        if submit {
            let missing = set
                .requirements
                .iter()
                .filter(|r| !self.checks.iter().any(|x| x.key == r.key));
            for (i, _) in (self.checks.len()..).zip(missing) {
                c.push(FieldError::new(
                    format!("checks[{i}].passed"),
                    FieldCode::Required,
                ));
            }
        }
    }

    /// The score given on a criterion (the first row with that key).
    pub fn score(&self, key: &str) -> Option<u8> {
        self.scores
            .iter()
            .find(|s| s.key == key)
            .and_then(|s| s.score)
    }

    /// Keys of the requirements answered "failed", sorted, each once.
    pub fn failed_requirements(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .checks
            .iter()
            .filter(|x| x.passed == Some(false))
            .map(|x| x.key.clone())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The weighted total of this sheet's scores (see [`weighted_total`]).
    pub fn total(&self, set: &CriteriaSet) -> Total {
        weighted_total(set, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::testkit::{sample_set, sheet};

    fn errors(r: Result<(), Vec<FieldError>>) -> Vec<(String, FieldCode, Option<i64>)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code, e.limit))
            .collect()
    }

    #[test]
    fn a_blank_sheet_is_a_valid_draft_but_not_submittable() {
        let set = sample_set();
        let blank = Scoresheet::blank(&set);
        assert_eq!(blank.validate_draft(&set), Ok(()));
        let errs = errors(blank.validate_for_submit(&set));
        assert_eq!(
            errs,
            [
                ("scores[0].score".into(), FieldCode::Required, None),
                ("scores[0].justification".into(), FieldCode::Required, None),
                ("scores[1].score".into(), FieldCode::Required, None),
                ("scores[1].justification".into(), FieldCode::Required, None),
                ("scores[2].score".into(), FieldCode::Required, None),
                ("scores[2].justification".into(), FieldCode::Required, None),
                ("checks[0].passed".into(), FieldCode::Required, None),
                ("checks[1].passed".into(), FieldCode::Required, None),
            ]
        );
        // An empty sheet without rows reports the same paths.
        assert_eq!(
            errors(Scoresheet::default().validate_for_submit(&set)),
            errs
        );
    }

    #[test]
    fn a_complete_sheet_can_be_submitted() {
        let set = sample_set();
        let s = sheet(&set, &[3, 7, 2]);
        assert_eq!(s.validate_draft(&set), Ok(()));
        assert_eq!(s.validate_for_submit(&set), Ok(()));
    }

    #[test]
    fn scores_stay_on_the_scale() {
        let set = sample_set();
        // quality 0–5, price 0–10, usability 1–5.
        let mut s = sheet(&set, &[6, 10, 0]);
        s.scores[1].score = Some(11);
        assert_eq!(
            errors(s.validate_draft(&set)),
            [
                ("scores[0].score".into(), FieldCode::TooLarge, Some(5)),
                ("scores[1].score".into(), FieldCode::TooLarge, Some(10)),
                ("scores[2].score".into(), FieldCode::TooSmall, Some(1)),
            ]
        );
    }

    #[test]
    fn justifications_are_required_on_submission_and_limited_always() {
        let set = sample_set();
        let mut s = sheet(&set, &[3, 7, 2]);
        s.scores[0].justification = "  ".into();
        s.scores[1].justification = "x".repeat(JUSTIFICATION_MAX + 1);
        assert_eq!(
            errors(s.validate_draft(&set)),
            [(
                "scores[1].justification".into(),
                FieldCode::TooLong,
                Some(5000)
            )]
        );
        assert_eq!(
            errors(s.validate_for_submit(&set)),
            [
                ("scores[0].justification".into(), FieldCode::Required, None),
                (
                    "scores[1].justification".into(),
                    FieldCode::TooLong,
                    Some(5000)
                ),
            ]
        );
    }

    #[test]
    fn unknown_and_repeated_keys_are_refused() {
        let set = sample_set();
        let mut s = sheet(&set, &[3, 7, 2]);
        s.scores[1].key = "quality".into();
        s.scores[2].key = "beauty".into();
        s.checks[0].key = "iso-9001".into();
        assert_eq!(
            errors(s.validate_draft(&set)),
            [
                ("scores[1].key".into(), FieldCode::DuplicateValue, None),
                ("scores[2].key".into(), FieldCode::InvalidChoice, None),
                ("checks[0].key".into(), FieldCode::InvalidChoice, None),
            ]
        );
        s.scores.push(s.scores[0].clone());
        assert_eq!(
            errors(s.validate_draft(&set))[0],
            ("scores".into(), FieldCode::TooLarge, Some(3))
        );
    }

    #[test]
    fn a_failed_requirement_needs_a_note_on_submission() {
        let set = sample_set();
        let mut s = sheet(&set, &[3, 7, 2]);
        s.checks[1].passed = Some(false);
        assert_eq!(s.validate_draft(&set), Ok(()));
        assert_eq!(
            errors(s.validate_for_submit(&set)),
            [("checks[1].note".into(), FieldCode::Required, None)]
        );
        s.checks[1].note = "Ei tietosuojaselostetta.".into();
        assert_eq!(s.validate_for_submit(&set), Ok(()));
        assert_eq!(s.failed_requirements(), ["gdpr"]);
    }

    #[test]
    fn missing_rows_follow_the_existing_ones() {
        let set = sample_set();
        let mut s = sheet(&set, &[3, 7, 2]);
        s.scores.remove(0);
        s.checks.remove(1);
        assert_eq!(
            errors(s.validate_for_submit(&set)),
            [
                ("scores[2].score".into(), FieldCode::Required, None),
                ("scores[2].justification".into(), FieldCode::Required, None),
                ("checks[1].passed".into(), FieldCode::Required, None),
            ]
        );
    }

    #[test]
    fn aligning_keeps_what_was_written_in_the_sets_order() {
        let set = sample_set();
        let full = sheet(&set, &[3, 7, 2]);
        let mut shuffled = full.clone();
        shuffled.scores.reverse();
        shuffled.scores.remove(0);
        shuffled.scores.push(CriterionScore {
            key: "gone".into(),
            score: Some(1),
            justification: "x".into(),
        });
        let aligned = shuffled.aligned(&set);
        assert_eq!(aligned.scores[0], full.scores[0]);
        assert_eq!(aligned.scores[1], full.scores[1]);
        assert_eq!(aligned.scores[2].key, "usability");
        assert_eq!(aligned.scores[2].score, None);
        assert_eq!(aligned.checks, full.checks);
        assert_eq!(aligned.aligned(&set), aligned);
    }

    #[test]
    fn statuses_round_trip() {
        for s in [EvaluationStatus::Draft, EvaluationStatus::Submitted] {
            assert_eq!(EvaluationStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(EvaluationStatus::from_code("x"), None);
    }
}
