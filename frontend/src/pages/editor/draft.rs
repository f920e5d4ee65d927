//! The editor's state: every field of [`ChallengeInput`] as a signal holding what the user typed,
//! converted to the DTO only when saving, so nothing typed is lost when validation fails.

use kehto_shared::Lang;
use kehto_shared::challenge::{
    ChallengeDetail, ChallengeField, ChallengeInput, ChallengeTranslation, CooperationModel,
    NoticeRegister, ProcurementNotice, Theme,
};
use kehto_shared::error::FieldCode;
use leptos::prelude::*;

use crate::components::form::{Problem, Shown};
use crate::i18n::Texts;
use crate::time;

/// One translation section.
#[derive(Clone, Copy)]
pub struct TranslationDraft {
    pub lang: Lang,
    pub title: RwSignal<String>,
    pub summary: RwSignal<String>,
    pub description: RwSignal<String>,
}

impl TranslationDraft {
    fn new(lang: Lang) -> Self {
        TranslationDraft {
            lang,
            title: RwSignal::new(String::new()),
            summary: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub content_lang: RwSignal<Lang>,
    pub title: RwSignal<String>,
    pub summary: RwSignal<String>,
    pub description: RwSignal<String>,
    pub region_ids: RwSignal<Vec<i64>>,
    pub themes: RwSignal<Vec<Theme>>,
    pub trl_min: RwSignal<String>,
    pub trl_max: RwSignal<String>,
    pub model: RwSignal<String>,
    pub budget_min: RwSignal<String>,
    pub budget_max: RwSignal<String>,
    pub questions_close: RwSignal<String>,
    pub proposals_close: RwSignal<String>,
    pub decision_target: RwSignal<String>,
    pub contact_name: RwSignal<String>,
    pub contact_email: RwSignal<String>,
    pub translations: RwSignal<Vec<TranslationDraft>>,
    /// Evaluation criteria (Markdown).
    pub criteria: RwSignal<String>,
    /// The procurement notice's register code; empty for none.
    pub notice_register: RwSignal<String>,
    pub notice_id: RwSignal<String>,
    pub notice_url: RwSignal<String>,
    /// Why a published challenge is changed (asked only when `version > 0`).
    pub change_reason: RwSignal<String>,
    /// The saved challenge's version: 0 for a draft (or a new challenge).
    pub version: RwSignal<u32>,
    /// The saved values of the parts whose change needs a reason, as typed in the form.
    baseline: RwSignal<Baseline>,
    /// The editor's reactive owner: translation sections are added from event handlers, whose
    /// own owner is disposed at the next render, so their signals are created under this one.
    owner: StoredValue<Option<Owner>>,
}

/// The saved questions deadline, proposals deadline and evaluation criteria.
#[derive(Clone, Default, PartialEq)]
struct Baseline {
    questions_close: String,
    proposals_close: String,
    criteria: String,
}

fn text() -> RwSignal<String> {
    RwSignal::new(String::new())
}

impl Draft {
    pub fn new(lang: Lang) -> Self {
        Draft {
            content_lang: RwSignal::new(lang),
            title: text(),
            summary: text(),
            description: text(),
            region_ids: RwSignal::new(Vec::new()),
            themes: RwSignal::new(Vec::new()),
            trl_min: RwSignal::new("1".into()),
            trl_max: RwSignal::new("9".into()),
            model: RwSignal::new(CooperationModel::MarketDialogue.code().into()),
            budget_min: text(),
            budget_max: text(),
            questions_close: text(),
            proposals_close: text(),
            decision_target: text(),
            contact_name: text(),
            contact_email: text(),
            translations: RwSignal::new(Vec::new()),
            criteria: text(),
            notice_register: text(),
            notice_id: text(),
            notice_url: text(),
            change_reason: text(),
            version: RwSignal::new(0),
            baseline: RwSignal::new(Baseline::default()),
            owner: StoredValue::new(Owner::current()),
        }
    }

    fn new_translation(&self, lang: Lang) -> TranslationDraft {
        match self.owner.get_value() {
            Some(owner) => owner.with(|| TranslationDraft::new(lang)),
            None => TranslationDraft::new(lang),
        }
    }

    /// Loads a saved challenge (its texts in the content language).
    pub fn fill(&self, d: &ChallengeDetail) {
        let s = &d.summary;
        self.content_lang.set(d.content_lang);
        self.title.set(s.title.clone());
        self.summary.set(s.summary.clone());
        self.description.set(d.description.clone());
        self.region_ids
            .set(s.regions.iter().map(|r| r.id).collect());
        self.themes.set(s.themes.clone());
        self.trl_min.set(s.trl_min.to_string());
        self.trl_max.set(s.trl_max.to_string());
        self.model.set(s.model.code().into());
        self.budget_min
            .set(d.budget_min_eur.map(|n| n.to_string()).unwrap_or_default());
        self.budget_max
            .set(d.budget_max_eur.map(|n| n.to_string()).unwrap_or_default());
        let local = |v: Option<chrono::DateTime<chrono::Utc>>| {
            v.map(time::to_local_input).unwrap_or_default()
        };
        self.questions_close.set(local(s.questions_close_at));
        self.proposals_close.set(local(s.proposals_close_at));
        self.decision_target.set(local(d.decision_target_at));
        self.contact_name.set(d.contact_name.clone());
        self.contact_email.set(d.contact_email.clone());
        self.translations.set(
            d.translations
                .iter()
                .map(|t| {
                    let tr = self.new_translation(t.lang);
                    tr.title.set(t.title.clone());
                    tr.summary.set(t.summary.clone());
                    tr.description.set(t.description.clone());
                    tr
                })
                .collect(),
        );
        self.criteria.set(d.evaluation_criteria.clone());
        let notice = d.procurement_notice.as_ref();
        self.notice_register.set(
            notice
                .map(|n| n.register.code().to_owned())
                .unwrap_or_default(),
        );
        self.notice_id
            .set(notice.map(|n| n.notice_id.clone()).unwrap_or_default());
        self.notice_url
            .set(notice.map(|n| n.url.clone()).unwrap_or_default());
        self.mark_saved(d.version);
    }

    /// After loading or saving: the form's values are what is saved now, as `version`.
    pub fn mark_saved(&self, version: u32) {
        self.version.set(version);
        self.change_reason.set(String::new());
        self.baseline.set(Baseline {
            questions_close: self.questions_close.get_untracked(),
            proposals_close: self.proposals_close.get_untracked(),
            criteria: self.criteria.get_untracked(),
        });
    }

    /// The parts changed since the last save whose change needs a reason once published
    /// (tracked; empty for drafts).
    pub fn reason_fields(&self) -> Vec<ChallengeField> {
        if self.version.get() == 0 {
            return Vec::new();
        }
        self.baseline.with(|b| {
            let mut changed = Vec::new();
            if self
                .questions_close
                .with(|v| v.trim() != b.questions_close.trim())
            {
                changed.push(ChallengeField::QuestionsCloseAt);
            }
            if self
                .proposals_close
                .with(|v| v.trim() != b.proposals_close.trim())
            {
                changed.push(ChallengeField::ProposalsCloseAt);
            }
            if self.criteria.with(|v| v.trim() != b.criteria.trim()) {
                changed.push(ChallengeField::EvaluationCriteria);
            }
            changed
        })
    }

    pub fn reason_fields_untracked(&self) -> Vec<ChallengeField> {
        untrack(|| self.reason_fields())
    }

    pub fn add_translation(&self, lang: Lang) {
        let tr = self.new_translation(lang);
        self.translations.update(|list| list.push(tr));
    }

    pub fn remove_translation(&self, lang: Lang) {
        self.translations
            .update(|list| list.retain(|t| t.lang != lang));
    }

    /// The DTO, or the fields whose text cannot be read (numbers, dates).
    pub fn to_input(self) -> Result<ChallengeInput, Vec<Shown>> {
        let mut bad = Vec::new();
        let budget_min = euros(&self.budget_min.get_untracked(), "budget_min_eur", &mut bad);
        let budget_max = euros(&self.budget_max.get_untracked(), "budget_max_eur", &mut bad);
        let questions = instant(
            &self.questions_close.get_untracked(),
            "questions_close_at",
            &mut bad,
        );
        let proposals = instant(
            &self.proposals_close.get_untracked(),
            "proposals_close_at",
            &mut bad,
        );
        let decision = instant(
            &self.decision_target.get_untracked(),
            "decision_target_at",
            &mut bad,
        );
        let model = CooperationModel::from_code(&self.model.get_untracked());
        if model.is_none() {
            bad.push(Shown {
                field: "model".into(),
                problem: Problem::Code(FieldCode::InvalidChoice, None),
            });
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        let change_reason = (self.version.get_untracked() > 0)
            .then(|| self.change_reason.get_untracked().trim().to_owned())
            .filter(|r| !r.is_empty());
        Ok(ChallengeInput {
            content_lang: self.content_lang.get_untracked(),
            title: self.title.get_untracked().trim().to_owned(),
            summary: self.summary.get_untracked().trim().to_owned(),
            description: self.description.get_untracked(),
            region_ids: self.region_ids.get_untracked(),
            themes: self.themes.get_untracked(),
            trl_min: self.trl_min.get_untracked().parse().unwrap_or(1),
            trl_max: self.trl_max.get_untracked().parse().unwrap_or(9),
            model: model.unwrap_or(CooperationModel::Other),
            budget_min_eur: budget_min,
            budget_max_eur: budget_max,
            questions_close_at: questions,
            proposals_close_at: proposals,
            decision_target_at: decision,
            contact_name: self.contact_name.get_untracked().trim().to_owned(),
            contact_email: self.contact_email.get_untracked().trim().to_owned(),
            translations: self
                .translations
                .get_untracked()
                .iter()
                .map(|t| ChallengeTranslation {
                    lang: t.lang,
                    title: t.title.get_untracked().trim().to_owned(),
                    summary: t.summary.get_untracked().trim().to_owned(),
                    description: t.description.get_untracked(),
                })
                .collect(),
            evaluation_criteria: self.criteria.get_untracked(),
            procurement_notice: self.notice(),
            change_reason,
        })
    }

    /// The procurement notice, if a register is chosen (its details are hidden otherwise).
    fn notice(&self) -> Option<ProcurementNotice> {
        NoticeRegister::from_code(&self.notice_register.get_untracked()).map(|register| {
            ProcurementNotice {
                register,
                notice_id: self.notice_id.get_untracked().trim().to_owned(),
                url: self.notice_url.get_untracked().trim().to_owned(),
            }
        })
    }
}

fn euros(value: &str, field: &str, bad: &mut Vec<Shown>) -> Option<i64> {
    let digits: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    if digits.is_empty() {
        return None;
    }
    match digits.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            bad.push(Shown {
                field: field.into(),
                problem: Problem::Text(|t: &Texts| t.error_whole_euros),
            });
            None
        }
    }
}

fn instant(
    value: &str,
    field: &str,
    bad: &mut Vec<Shown>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    if value.trim().is_empty() {
        return None;
    }
    let parsed = time::parse_local_input(value);
    if parsed.is_none() {
        bad.push(Shown {
            field: field.into(),
            problem: Problem::Text(|t: &Texts| t.error_datetime),
        });
    }
    parsed
}

/// The id of the control for an API field name.
pub fn field_id(field: &str) -> String {
    let fixed = match field {
        "content_lang" => "ch-content-lang",
        "title" => "ch-title",
        "summary" => "ch-summary",
        "description" => "ch-description",
        "region_ids" => "ch-regions",
        "themes" => "ch-themes",
        "trl_min" => "ch-trl-min",
        "trl_max" => "ch-trl-max",
        "model" => "ch-model",
        "budget_min_eur" => "ch-budget-min",
        "budget_max_eur" => "ch-budget-max",
        "questions_close_at" => "ch-questions-close",
        "proposals_close_at" => "ch-proposals-close",
        "decision_target_at" => "ch-decision-target",
        "contact_name" => "ch-contact-name",
        "contact_email" => "ch-contact-email",
        "evaluation_criteria" => "ch-criteria",
        "procurement_notice" | "procurement_notice.register" => "ch-notice-register",
        "procurement_notice.notice_id" => "ch-notice-id",
        "procurement_notice.url" => "ch-notice-url",
        "change_reason" => "ch-change-reason",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_owned();
    }
    // translations[0].title → ch-tr-0-title; translations[0].lang → the section itself.
    if let Some(rest) = field.strip_prefix("translations[")
        && let Some((index, tail)) = rest.split_once(']')
    {
        return match tail.strip_prefix('.') {
            Some("lang") | None => format!("ch-tr-{index}"),
            Some(part) => format!("ch-tr-{index}-{part}"),
        };
    }
    field.to_owned()
}

/// A field name in words, for messages shown away from the form.
pub fn field_label(field: &str, t: &Texts) -> String {
    let label = match field {
        "content_lang" => t.ch_content_lang,
        "title" => t.ch_title,
        "summary" => t.ch_summary,
        "description" => t.ch_description,
        "region_ids" => t.ch_regions,
        "themes" => t.ch_themes,
        "trl_min" => t.ch_trl_min,
        "trl_max" => t.ch_trl_max,
        "model" => t.cooperation_model,
        "budget_min_eur" => t.ch_budget_min,
        "budget_max_eur" => t.ch_budget_max,
        "questions_close_at" => t.questions_deadline,
        "proposals_close_at" => t.proposals_deadline,
        "decision_target_at" => t.decision_target,
        "contact_name" => t.ch_contact_name,
        "contact_email" => t.ch_contact_email,
        "evaluation_criteria" => t.ch_criteria,
        "procurement_notice" | "procurement_notice.register" => t.ch_notice_register,
        "procurement_notice.notice_id" => t.ch_notice_id,
        "procurement_notice.url" => t.ch_notice_url,
        "change_reason" => t.ch_change_reason,
        f if f.starts_with("translations[") => t.translations,
        f => return f.to_owned(),
    };
    label.to_owned()
}

/// The name of a part of a challenge, as in the editor (for change logs and notifications).
pub fn challenge_field_label(f: ChallengeField, t: &Texts) -> &'static str {
    match f {
        ChallengeField::Title => t.ch_title,
        ChallengeField::Summary => t.ch_summary,
        ChallengeField::Description => t.ch_description,
        ChallengeField::ContentLang => t.ch_content_lang,
        ChallengeField::Regions => t.regions,
        ChallengeField::Themes => t.themes,
        ChallengeField::Trl => t.trl_long,
        ChallengeField::Model => t.cooperation_model,
        ChallengeField::Budget => t.budget,
        ChallengeField::QuestionsCloseAt => t.questions_deadline,
        ChallengeField::ProposalsCloseAt => t.proposals_deadline,
        ChallengeField::DecisionTargetAt => t.decision_target,
        ChallengeField::Contact => t.contact_person,
        ChallengeField::Translations => t.translations,
        ChallengeField::EvaluationCriteria => t.ch_criteria,
        ChallengeField::ProcurementNotice => t.procurement_notice,
    }
}

/// Comma-separated change codes (as in a notification's detail) in words; unknown codes are
/// left out.
pub fn changed_list(codes: &str, t: &Texts) -> String {
    codes
        .split(',')
        .filter_map(|c| ChallengeField::from_code(c.trim()))
        .map(|f| challenge_field_label(f, t))
        .collect::<Vec<_>>()
        .join(", ")
}
