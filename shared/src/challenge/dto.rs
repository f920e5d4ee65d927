//! Challenge DTOs: what the editor sends, what the board and the challenge page receive, and the
//! board's query. Validation lives beside the input so browser and server apply the same rules.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::status::ChallengeStatus;
use super::vocabulary::{CooperationModel, Theme};
use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::org::OrgRef;
use crate::validate::Checker;

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 600;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const THEMES_MAX: usize = 6;
pub const REGIONS_MAX: usize = 23;
pub const BUDGET_MAX_EUR: i64 = 1_000_000_000;
pub const CRITERIA_MAX: usize = 10_000;
pub const CHANGE_REASON_MAX: usize = 2000;
pub const NOTICE_ID_MAX: usize = 80;
pub const NOTICE_URL_MAX: usize = 500;

/// Where a challenge's procurement notice is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeRegister {
    /// Hilma, the Finnish national notice service (hankintailmoitukset.fi).
    Hilma,
    /// Tenders Electronic Daily, the EU's supplement to the Official Journal.
    Ted,
    Other,
}

impl NoticeRegister {
    pub const ALL: [NoticeRegister; 3] = [
        NoticeRegister::Hilma,
        NoticeRegister::Ted,
        NoticeRegister::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeRegister::Hilma => "hilma",
            NoticeRegister::Ted => "ted",
            NoticeRegister::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The reference of the procurement notice that a challenge belongs to (e.g. a Hilma or TED
/// notice), shown on the challenge page with a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcurementNotice {
    pub register: NoticeRegister,
    /// The notice's identifier in that register, e.g. `2026-123456` or `123456-2026`.
    pub notice_id: String,
    pub url: String,
}

/// A translation of a challenge's texts into another language than its content language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeTranslation {
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub description: String,
}

/// What a coordinator writes in the challenge editor. A draft may be incomplete; publishing
/// requires `validate_for_publish` to pass as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeInput {
    pub content_lang: Lang,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown; rendered to sanitised HTML by the server.
    #[serde(default)]
    pub description: String,
    /// Owning regions: one, or several for a joint challenge.
    pub region_ids: Vec<i64>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    pub trl_min: u8,
    pub trl_max: u8,
    pub model: CooperationModel,
    #[serde(default)]
    pub budget_min_eur: Option<i64>,
    #[serde(default)]
    pub budget_max_eur: Option<i64>,
    #[serde(default)]
    pub questions_close_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub proposals_close_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub decision_target_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub translations: Vec<ChallengeTranslation>,
    /// How proposals will be evaluated (Markdown). Changing it after publication needs a reason.
    #[serde(default)]
    pub evaluation_criteria: String,
    #[serde(default)]
    pub procurement_notice: Option<ProcurementNotice>,
    /// Why a published challenge is being changed: shown in its change log. Required when a
    /// deadline or the evaluation criteria change. Not part of the content.
    #[serde(default)]
    pub change_reason: Option<String>,
}

impl ChallengeInput {
    /// Rules every saved challenge obeys, drafts included.
    pub fn validate_draft(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("title", &self.title, 5, TITLE_MAX);
        c.optional_text("summary", Some(&self.summary), SUMMARY_MAX);
        c.optional_text("description", Some(&self.description), DESCRIPTION_MAX);
        if self.region_ids.is_empty() {
            c.push(FieldError::new("region_ids", FieldCode::Required));
        } else if self.region_ids.len() > REGIONS_MAX {
            c.push(FieldError::with_limit(
                "region_ids",
                FieldCode::TooLarge,
                REGIONS_MAX as i64,
            ));
        } else if has_duplicates(&self.region_ids) {
            c.push(FieldError::new("region_ids", FieldCode::DuplicateValue));
        }
        if self.themes.len() > THEMES_MAX {
            c.push(FieldError::with_limit(
                "themes",
                FieldCode::TooLarge,
                THEMES_MAX as i64,
            ));
        } else if has_duplicates(&self.themes) {
            c.push(FieldError::new("themes", FieldCode::DuplicateValue));
        }
        c.int_range("trl_min", i64::from(self.trl_min), 1, 9);
        c.int_range("trl_max", i64::from(self.trl_max), 1, 9);
        if self.trl_min > self.trl_max {
            c.push(FieldError::new("trl_max", FieldCode::RangeReversed));
        }
        for (field, v) in [
            ("budget_min_eur", self.budget_min_eur),
            ("budget_max_eur", self.budget_max_eur),
        ] {
            if let Some(v) = v {
                c.int_range(field, v, 0, BUDGET_MAX_EUR);
            }
        }
        if let (Some(lo), Some(hi)) = (self.budget_min_eur, self.budget_max_eur)
            && lo > hi
        {
            c.push(FieldError::new("budget_max_eur", FieldCode::RangeReversed));
        }
        let dates = [
            ("questions_close_at", self.questions_close_at),
            ("proposals_close_at", self.proposals_close_at),
            ("decision_target_at", self.decision_target_at),
        ];
        let mut previous: Option<DateTime<Utc>> = None;
        for (field, d) in dates {
            if let Some(d) = d {
                if previous.is_some_and(|p| d < p) {
                    c.push(FieldError::new(field, FieldCode::DateOrder));
                }
                previous = Some(d);
            }
        }
        c.optional_text("contact_name", Some(&self.contact_name), 120);
        if !self.contact_email.trim().is_empty() {
            c.email("contact_email", &self.contact_email);
        }
        c.optional_text(
            "evaluation_criteria",
            Some(&self.evaluation_criteria),
            CRITERIA_MAX,
        );
        if let Some(n) = &self.procurement_notice {
            c.text(
                "procurement_notice.notice_id",
                &n.notice_id,
                1,
                NOTICE_ID_MAX,
            );
            c.url("procurement_notice.url", &n.url, NOTICE_URL_MAX);
        }
        c.optional_text(
            "change_reason",
            self.change_reason.as_deref(),
            CHANGE_REASON_MAX,
        );
        let mut seen = vec![self.content_lang];
        for (i, t) in self.translations.iter().enumerate() {
            if seen.contains(&t.lang) {
                c.push(FieldError::new(
                    format!("translations[{i}].lang"),
                    FieldCode::DuplicateValue,
                ));
            }
            seen.push(t.lang);
            c.text(&format!("translations[{i}].title"), &t.title, 5, TITLE_MAX);
            c.optional_text(
                &format!("translations[{i}].summary"),
                Some(&t.summary),
                SUMMARY_MAX,
            );
            c.optional_text(
                &format!("translations[{i}].description"),
                Some(&t.description),
                DESCRIPTION_MAX,
            );
        }
        c.finish()
    }

    /// Additional rules before a challenge goes public: everything a company needs to decide
    /// whether to take part, and deadlines that still lie ahead at `now`.
    pub fn validate_for_publish(&self, now: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
        let mut errors = self.validate_draft().err().unwrap_or_default();
        let mut c = Checker::new();
        c.text("summary", &self.summary, 20, SUMMARY_MAX);
        c.text("description", &self.description, 50, DESCRIPTION_MAX);
        if self.themes.is_empty() {
            c.push(FieldError::new("themes", FieldCode::Required));
        }
        for (field, d) in [
            ("questions_close_at", self.questions_close_at),
            ("proposals_close_at", self.proposals_close_at),
        ] {
            match d {
                None => c.push(FieldError::new(field, FieldCode::Required)),
                Some(d) if d <= now => c.push(FieldError::new(field, FieldCode::DateOrder)),
                Some(_) => {}
            }
        }
        c.text("contact_name", &self.contact_name, 2, 120);
        c.email("contact_email", &self.contact_email);
        for e in c.errors {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].contains(a))
}

/// A challenge as a card on the public board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeSummary {
    pub id: i64,
    /// The language the shown texts are in (a translation if one matched the request).
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub status: ChallengeStatus,
    pub regions: Vec<OrgRef>,
    pub themes: Vec<Theme>,
    pub model: CooperationModel,
    pub trl_min: u8,
    pub trl_max: u8,
    pub questions_close_at: Option<DateTime<Utc>>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Everything on a challenge page, plus what the viewer may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeDetail {
    #[serde(flatten)]
    pub summary: ChallengeSummary,
    pub content_lang: Lang,
    /// Markdown as written, for the editor.
    pub description: String,
    /// The Markdown rendered and sanitised by the server: safe to insert as HTML.
    pub description_html: String,
    pub budget_min_eur: Option<i64>,
    pub budget_max_eur: Option<i64>,
    pub decision_target_at: Option<DateTime<Utc>>,
    pub contact_name: String,
    pub contact_email: String,
    /// The written reason given with the latest status change (e.g. why it was cancelled).
    pub status_reason: Option<String>,
    pub translations: Vec<ChallengeTranslation>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The server's clock when this was produced, so the page can count down honestly.
    pub server_now: DateTime<Utc>,
    /// Whether the viewer may edit the content.
    pub can_edit: bool,
    /// Statuses the viewer may move the challenge to now.
    pub next_statuses: Vec<ChallengeStatus>,
    /// Evaluation criteria as written (Markdown) and rendered (sanitised HTML).
    pub evaluation_criteria: String,
    pub evaluation_criteria_html: String,
    pub procurement_notice: Option<ProcurementNotice>,
    /// The current version: 1 at publication, one more with each published change; 0 for a
    /// draft.
    pub version: u32,
    /// Whether the signed-in viewer follows the challenge (`None` for visitors).
    pub following: Option<bool>,
    /// The weighted evaluation criteria (as `GET /challenges/{id}/criteria-set` gives them);
    /// `None` until the coordinators define them.
    #[serde(default)]
    pub criteria_set: Option<crate::evaluation::CriteriaSet>,
    /// The evaluation's public outcome (as `GET /challenges/{id}/outcome`), filled in by
    /// `GET /challenges/{id}` once a round is published; `None` before, and in the responses
    /// of the editor's calls.
    #[serde(default)]
    pub outcome: Option<crate::evaluation::PublicOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionRequest {
    pub to: ChallengeStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

impl TransitionRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        if self.to.needs_reason() {
            c.text("reason", self.reason.as_deref().unwrap_or(""), 10, 2000);
        } else {
            c.optional_text("reason", self.reason.as_deref(), 2000);
        }
        c.finish()
    }
}

/// Asks the server to render Markdown as the challenge page will show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkdownPreviewRequest {
    pub markdown: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkdownPreviewResponse {
    /// Sanitised HTML.
    pub html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BoardSort {
    /// Best match first when searching, otherwise newest.
    #[default]
    Relevance,
    Newest,
    /// Soonest proposal deadline first; challenges without one last.
    Deadline,
    Title,
}

impl BoardSort {
    pub const ALL: [BoardSort; 4] = [
        BoardSort::Relevance,
        BoardSort::Newest,
        BoardSort::Deadline,
        BoardSort::Title,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BoardSort::Relevance => "relevance",
            BoardSort::Newest => "newest",
            BoardSort::Deadline => "deadline",
            BoardSort::Title => "title",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The public board's query string. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BoardQuery {
    /// Free text; Finnish, Swedish and English words are matched by their stems.
    pub q: Option<String>,
    /// Region code, e.g. `pirkanmaa`.
    pub region: Option<String>,
    pub status: Option<ChallengeStatus>,
    pub theme: Option<Theme>,
    pub model: Option<CooperationModel>,
    /// Challenges whose TRL range includes this level.
    pub trl: Option<u8>,
    /// Proposal deadline on or after this instant.
    pub closes_after: Option<DateTime<Utc>>,
    /// Proposal deadline on or before this instant.
    pub closes_before: Option<DateTime<Utc>>,
    pub sort: Option<BoardSort>,
    /// Preferred language of the texts: a translation is shown when one exists.
    pub lang: Option<Lang>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Coordinators only: include their own regions' drafts.
    pub include_drafts: Option<bool>,
}

impl BoardQuery {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.optional_text("q", self.q.as_deref(), 200);
        if let Some(t) = self.trl {
            c.int_range("trl", i64::from(t), 1, 9);
        }
        if let Some(p) = self.page {
            c.int_range("page", i64::from(p), 1, 100_000);
        }
        if let Some(p) = self.per_page {
            c.int_range(
                "per_page",
                i64::from(p),
                1,
                i64::from(crate::page::PageMeta::MAX_PER_PAGE),
            );
        }
        if let (Some(a), Some(b)) = (self.closes_after, self.closes_before)
            && a > b
        {
            c.push(FieldError::new("closes_before", FieldCode::DateOrder));
        }
        c.finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::Duration;

    pub(crate) fn sample(now: DateTime<Utc>) -> ChallengeInput {
        ChallengeInput {
            content_lang: Lang::Fi,
            title: "Kotihoidon etäseuranta".into(),
            summary: "Etsimme ratkaisua kotihoidon asiakkaiden etäseurantaan.".into(),
            description: "Kotihoidon asiakkaiden määrä kasvaa ja hoitajia on vähemmän. Tarvitsemme keinon seurata vointia etänä.".into(),
            region_ids: vec![1, 2],
            themes: vec![Theme::HomeCare, Theme::RemoteMonitoring],
            trl_min: 6,
            trl_max: 8,
            model: CooperationModel::InnovationPartnership,
            budget_min_eur: Some(50_000),
            budget_max_eur: Some(200_000),
            questions_close_at: Some(now + Duration::days(10)),
            proposals_close_at: Some(now + Duration::days(30)),
            decision_target_at: Some(now + Duration::days(60)),
            contact_name: "Anna Virtanen".into(),
            contact_email: "anna.virtanen@example.fi".into(),
            translations: vec![],
            evaluation_criteria: "Vaikuttavuus 50 %, hinta 30 %, käytettävyys 20 %.".into(),
            procurement_notice: None,
            change_reason: None,
        }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<(String, FieldCode)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_challenge_publishes() {
        let now = Utc::now();
        assert!(sample(now).validate_for_publish(now).is_ok());
    }

    #[test]
    fn draft_may_be_incomplete_but_publish_may_not() {
        let now = Utc::now();
        let mut c = sample(now);
        c.summary.clear();
        c.proposals_close_at = None;
        c.contact_email.clear();
        assert!(c.validate_draft().is_ok());
        let f = fields(c.validate_for_publish(now));
        assert!(f.contains(&("summary".into(), FieldCode::Required)));
        assert!(f.contains(&("proposals_close_at".into(), FieldCode::Required)));
        assert!(f.contains(&("contact_email".into(), FieldCode::Required)));
    }

    #[test]
    fn ranges_and_dates_are_checked() {
        let now = Utc::now();
        let mut c = sample(now);
        c.trl_min = 8;
        c.trl_max = 3;
        c.budget_min_eur = Some(10);
        c.budget_max_eur = Some(5);
        c.decision_target_at = Some(now);
        c.region_ids = vec![1, 1];
        let f = fields(c.validate_draft());
        assert!(f.contains(&("trl_max".into(), FieldCode::RangeReversed)));
        assert!(f.contains(&("budget_max_eur".into(), FieldCode::RangeReversed)));
        assert!(f.contains(&("decision_target_at".into(), FieldCode::DateOrder)));
        assert!(f.contains(&("region_ids".into(), FieldCode::DuplicateValue)));
    }

    #[test]
    fn past_deadlines_cannot_be_published() {
        let now = Utc::now();
        let c = sample(now - Duration::days(40));
        let f = fields(c.validate_for_publish(now));
        assert!(f.contains(&("proposals_close_at".into(), FieldCode::DateOrder)));
    }

    #[test]
    fn translation_languages_are_unique() {
        let now = Utc::now();
        let mut c = sample(now);
        let t = ChallengeTranslation {
            lang: Lang::Fi,
            title: "Otsikko tässä".into(),
            summary: String::new(),
            description: String::new(),
        };
        c.translations.push(t);
        assert_eq!(
            fields(c.validate_draft()),
            vec![("translations[0].lang".to_owned(), FieldCode::DuplicateValue)]
        );
    }

    #[test]
    fn cancel_needs_reason() {
        let r = TransitionRequest {
            to: ChallengeStatus::Cancelled,
            reason: None,
        };
        assert!(r.validate().is_err());
        let r = TransitionRequest {
            to: ChallengeStatus::Cancelled,
            reason: Some("Tarve poistui organisaatiomuutoksessa.".into()),
        };
        assert!(r.validate().is_ok());
        assert!(
            TransitionRequest {
                to: ChallengeStatus::Published,
                reason: None
            }
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn procurement_notice_needs_id_and_web_link() {
        let now = Utc::now();
        let mut c = sample(now);
        c.procurement_notice = Some(ProcurementNotice {
            register: NoticeRegister::Hilma,
            notice_id: String::new(),
            url: "javascript:alert(1)".into(),
        });
        let f = fields(c.validate_draft());
        assert!(f.contains(&("procurement_notice.notice_id".into(), FieldCode::Required)));
        assert!(f.contains(&("procurement_notice.url".into(), FieldCode::InvalidUrl)));
        c.procurement_notice = Some(ProcurementNotice {
            register: NoticeRegister::Ted,
            notice_id: "123456-2026".into(),
            url: "https://ted.europa.eu/en/notice/-/detail/123456-2026".into(),
        });
        assert!(c.validate_draft().is_ok());
    }
}
