//! Builders shared by the evaluation tests.

use chrono::{DateTime, TimeZone, Utc};

use super::*;

/// A criterion with every level of `min..=max` described.
pub(crate) fn criterion(key: &str, weight_bp: u32, min: u8, max: u8) -> EvaluationCriterion {
    EvaluationCriterion {
        key: key.into(),
        name: LocalizedText::fi(format!("Peruste {key}")),
        description: LocalizedText::fi("Mitä arvioidaan."),
        weight_bp,
        scale: Scale {
            min,
            max,
            levels: (min..=max)
                .map(|score| ScaleLevel {
                    score,
                    description: LocalizedText::fi(format!("Taso {score}")),
                })
                .collect(),
        },
    }
}

/// quality 40 % on 0–5, price 35 % on 0–10, usability 25 % on 1–5; CE marking and GDPR.
pub(crate) fn sample_set() -> CriteriaSet {
    let requirement = |key: &str, fi: &str, en: &str| AdmissionRequirement {
        key: key.into(),
        name: LocalizedText {
            fi: fi.into(),
            sv: String::new(),
            en: en.into(),
        },
        description: LocalizedText::default(),
    };
    CriteriaSet {
        criteria: vec![
            criterion("quality", 4000, 0, 5),
            criterion("price", 3500, 0, 10),
            criterion("usability", 2500, 1, 5),
        ],
        requirements: vec![
            requirement("ce-marking", "CE-merkintä", "CE marking"),
            requirement("gdpr", "Tietosuoja", "Data protection"),
        ],
    }
}

/// A complete sheet: `scores` in the set's order, each justified; every requirement passed.
pub(crate) fn sheet(set: &CriteriaSet, scores: &[u8]) -> Scoresheet {
    Scoresheet {
        scores: set
            .criteria
            .iter()
            .zip(scores)
            .map(|(c, &s)| CriterionScore {
                key: c.key.clone(),
                score: Some(s),
                justification: "Perustelu.".into(),
            })
            .collect(),
        checks: set
            .requirements
            .iter()
            .map(|r| AdmissionCheck {
                key: r.key.clone(),
                passed: Some(true),
                note: String::new(),
            })
            .collect(),
    }
}

/// A time of receipt `second`s after a fixed moment.
pub(crate) fn at(second: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_780_000_000 + second, 0)
        .single()
        .unwrap_or_default()
}
