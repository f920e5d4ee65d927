//! Versions of a published challenge: which parts a change touched, which changes need a stated
//! reason, and the change log's DTOs.
//!
//! Publication makes version 1. Every later change a coordinator saves makes the next version,
//! kept whole so that anyone can read the challenge exactly as it stood. Changing a deadline or
//! the evaluation criteria changes the terms companies compete on, so it needs a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::dto::ChallengeInput;
use crate::error::{FieldCode, FieldError};

/// A part of a challenge that a change can touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeField {
    Title,
    Summary,
    Description,
    ContentLang,
    Regions,
    Themes,
    Trl,
    Model,
    Budget,
    QuestionsCloseAt,
    ProposalsCloseAt,
    DecisionTargetAt,
    Contact,
    Translations,
    EvaluationCriteria,
    ProcurementNotice,
}

impl ChallengeField {
    pub const ALL: [ChallengeField; 16] = [
        ChallengeField::Title,
        ChallengeField::Summary,
        ChallengeField::Description,
        ChallengeField::ContentLang,
        ChallengeField::Regions,
        ChallengeField::Themes,
        ChallengeField::Trl,
        ChallengeField::Model,
        ChallengeField::Budget,
        ChallengeField::QuestionsCloseAt,
        ChallengeField::ProposalsCloseAt,
        ChallengeField::DecisionTargetAt,
        ChallengeField::Contact,
        ChallengeField::Translations,
        ChallengeField::EvaluationCriteria,
        ChallengeField::ProcurementNotice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChallengeField::Title => "title",
            ChallengeField::Summary => "summary",
            ChallengeField::Description => "description",
            ChallengeField::ContentLang => "content_lang",
            ChallengeField::Regions => "regions",
            ChallengeField::Themes => "themes",
            ChallengeField::Trl => "trl",
            ChallengeField::Model => "model",
            ChallengeField::Budget => "budget",
            ChallengeField::QuestionsCloseAt => "questions_close_at",
            ChallengeField::ProposalsCloseAt => "proposals_close_at",
            ChallengeField::DecisionTargetAt => "decision_target_at",
            ChallengeField::Contact => "contact",
            ChallengeField::Translations => "translations",
            ChallengeField::EvaluationCriteria => "evaluation_criteria",
            ChallengeField::ProcurementNotice => "procurement_notice",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Whether changing this part of a published challenge needs a stated reason: the deadlines
    /// and the evaluation criteria are the terms companies compete on.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            ChallengeField::QuestionsCloseAt
                | ChallengeField::ProposalsCloseAt
                | ChallengeField::EvaluationCriteria
        )
    }
}

/// The parts of a challenge that differ between `before` and `after`, in [`ChallengeField::ALL`]
/// order. Texts are compared trimmed, as they are stored; lists as sets.
pub fn changed_fields(before: &ChallengeInput, after: &ChallengeInput) -> Vec<ChallengeField> {
    fn same_text(a: &str, b: &str) -> bool {
        a.trim() == b.trim()
    }
    fn secs(d: Option<DateTime<Utc>>) -> Option<i64> {
        d.map(|d| d.timestamp())
    }
    fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
        a.len() == b.len() && a.iter().all(|x| b.contains(x))
    }
    let translations_same = before.translations.len() == after.translations.len()
        && before.translations.iter().all(|t| {
            after.translations.iter().any(|u| {
                u.lang == t.lang
                    && same_text(&u.title, &t.title)
                    && same_text(&u.summary, &t.summary)
                    && u.description == t.description
            })
        });
    ChallengeField::ALL
        .into_iter()
        .filter(|field| match field {
            ChallengeField::Title => !same_text(&before.title, &after.title),
            ChallengeField::Summary => !same_text(&before.summary, &after.summary),
            ChallengeField::Description => before.description != after.description,
            ChallengeField::ContentLang => before.content_lang != after.content_lang,
            ChallengeField::Regions => !same_set(&before.region_ids, &after.region_ids),
            ChallengeField::Themes => !same_set(&before.themes, &after.themes),
            ChallengeField::Trl => {
                (before.trl_min, before.trl_max) != (after.trl_min, after.trl_max)
            }
            ChallengeField::Model => before.model != after.model,
            ChallengeField::Budget => {
                (before.budget_min_eur, before.budget_max_eur)
                    != (after.budget_min_eur, after.budget_max_eur)
            }
            ChallengeField::QuestionsCloseAt => {
                secs(before.questions_close_at) != secs(after.questions_close_at)
            }
            ChallengeField::ProposalsCloseAt => {
                secs(before.proposals_close_at) != secs(after.proposals_close_at)
            }
            ChallengeField::DecisionTargetAt => {
                secs(before.decision_target_at) != secs(after.decision_target_at)
            }
            ChallengeField::Contact => {
                !same_text(&before.contact_name, &after.contact_name)
                    || !same_text(&before.contact_email, &after.contact_email)
            }
            ChallengeField::Translations => !translations_same,
            ChallengeField::EvaluationCriteria => {
                before.evaluation_criteria.trim() != after.evaluation_criteria.trim()
            }
            ChallengeField::ProcurementNotice => {
                before.procurement_notice != after.procurement_notice
            }
        })
        .collect()
}

/// Checks that a change to a published challenge states its reason when it must.
pub fn check_change_reason(
    changed: &[ChallengeField],
    reason: Option<&str>,
) -> Result<(), Vec<FieldError>> {
    let given = reason.map(str::trim).filter(|r| !r.is_empty());
    if given.is_none() && changed.iter().any(|f| f.needs_reason()) {
        return Err(vec![FieldError::new(
            "change_reason",
            FieldCode::ReasonRequired,
        )]);
    }
    Ok(())
}

/// One entry of a challenge's change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeVersionSummary {
    /// 1 is the version published first.
    pub number: u32,
    pub created_at: DateTime<Utc>,
    /// What changed compared with the previous version (empty for version 1).
    pub changed: Vec<ChallengeField>,
    /// The coordinator's stated reason, if any.
    pub reason: Option<String>,
}

/// A challenge as it stood in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeVersionView {
    #[serde(flatten)]
    pub summary: ChallengeVersionSummary,
    pub content: ChallengeInput,
    /// The description and criteria of that version, rendered and sanitised.
    pub description_html: String,
    pub evaluation_criteria_html: String,
    /// The latest version number, so the page can say "an earlier version".
    pub latest: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::{ChallengeTranslation, Theme};
    use crate::lang::Lang;
    use chrono::Duration;

    fn sample() -> ChallengeInput {
        crate::challenge::dto_sample(Utc::now())
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let a = sample();
        let mut b = a.clone();
        b.title = format!("  {}  ", a.title);
        b.themes.reverse();
        b.change_reason = Some("mitään ei muutettu".into());
        assert!(changed_fields(&a, &b).is_empty());
    }

    #[test]
    fn each_part_is_reported() {
        let a = sample();
        let mut b = a.clone();
        b.proposals_close_at = a.proposals_close_at.map(|d| d + Duration::days(7));
        b.themes.push(Theme::Rehabilitation);
        b.translations.push(ChallengeTranslation {
            lang: Lang::En,
            title: "Remote monitoring in home care".into(),
            summary: String::new(),
            description: String::new(),
        });
        assert_eq!(
            changed_fields(&a, &b),
            [
                ChallengeField::Themes,
                ChallengeField::ProposalsCloseAt,
                ChallengeField::Translations
            ]
        );
    }

    #[test]
    fn deadlines_and_criteria_need_a_reason() {
        let dl = [ChallengeField::Title, ChallengeField::QuestionsCloseAt];
        assert_eq!(
            check_change_reason(&dl, None).unwrap_err()[0].code,
            FieldCode::ReasonRequired
        );
        assert!(check_change_reason(&dl, Some("   ")).is_err());
        assert!(check_change_reason(&dl, Some("Lisäaikaa kysymyksille")).is_ok());
        assert!(check_change_reason(&[ChallengeField::EvaluationCriteria], None).is_err());
        assert!(
            check_change_reason(&[ChallengeField::Title, ChallengeField::Budget], None).is_ok()
        );
    }

    #[test]
    fn codes_round_trip() {
        for f in ChallengeField::ALL {
            assert_eq!(ChallengeField::from_code(f.code()), Some(f));
        }
    }
}
