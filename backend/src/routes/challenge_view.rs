//! Turning stored challenges into the DTOs of the wire contract, for a given viewer.

use chrono::{DateTime, TimeZone, Utc};
use kehto_shared::Lang;
use kehto_shared::challenge::{
    ChallengeDetail, ChallengeInput, ChallengeStatus, ChallengeSummary, ChallengeTranslation,
    CooperationModel, NoticeRegister, ProcurementNotice, Theme,
};

use crate::auth::policy::{Action, Actor, allows};
use crate::db::board::BoardRow;
use crate::db::challenges::ChallengeRecord;
use crate::db::orgs::OrgRow;

pub fn to_time(ts: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(ts, 0).single().unwrap_or_default()
}

pub fn opt_time(ts: Option<i64>) -> Option<DateTime<Utc>> {
    ts.map(to_time)
}

pub fn stored_status(code: &str) -> ChallengeStatus {
    ChallengeStatus::from_code(code).unwrap_or(ChallengeStatus::Draft)
}

/// The status the world sees now (the deadline closes a challenge).
pub fn effective_status(rec: &ChallengeRecord, now: DateTime<Utc>) -> ChallengeStatus {
    stored_status(&rec.row.status).effective(opt_time(rec.row.proposals_close_at), now)
}

pub fn region_ids(rec: &ChallengeRecord) -> Vec<i64> {
    rec.regions.iter().map(|r| r.id).collect()
}

fn themes(codes: &[String]) -> Vec<Theme> {
    codes.iter().filter_map(|c| Theme::from_code(c)).collect()
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Fi)
}

fn model(code: &str) -> CooperationModel {
    CooperationModel::from_code(code).unwrap_or(CooperationModel::Other)
}

fn trl(v: i32) -> u8 {
    u8::try_from(v).unwrap_or(1)
}

/// The challenge as its editor last saved it (for re-validation before publishing).
pub fn to_input(rec: &ChallengeRecord) -> ChallengeInput {
    let r = &rec.row;
    ChallengeInput {
        content_lang: lang(&r.content_lang),
        title: r.title.clone(),
        summary: r.summary.clone(),
        description: r.description.clone(),
        region_ids: region_ids(rec),
        themes: themes(&rec.themes),
        trl_min: trl(r.trl_min),
        trl_max: trl(r.trl_max),
        model: model(&r.model),
        budget_min_eur: r.budget_min_eur,
        budget_max_eur: r.budget_max_eur,
        questions_close_at: opt_time(r.questions_close_at),
        proposals_close_at: opt_time(r.proposals_close_at),
        decision_target_at: opt_time(r.decision_target_at),
        contact_name: r.contact_name.clone(),
        contact_email: r.contact_email.clone(),
        translations: translations(rec),
        evaluation_criteria: r.evaluation_criteria.clone(),
        procurement_notice: procurement_notice(rec),
        change_reason: None,
    }
}

fn procurement_notice(rec: &ChallengeRecord) -> Option<ProcurementNotice> {
    let r = &rec.row;
    Some(ProcurementNotice {
        register: NoticeRegister::from_code(r.notice_register.as_deref()?)?,
        notice_id: r.notice_id.clone()?,
        url: r.notice_url.clone()?,
    })
}

fn translations(rec: &ChallengeRecord) -> Vec<ChallengeTranslation> {
    rec.translations
        .iter()
        .map(|t| ChallengeTranslation {
            lang: lang(&t.lang),
            title: t.title.clone(),
            summary: t.summary.clone(),
            description: t.description.clone(),
        })
        .collect()
}

/// The full challenge page for `viewer`, in `want` if a translation exists.
pub fn to_detail(
    rec: &ChallengeRecord,
    want: Option<Lang>,
    viewer: Option<&Actor>,
    now: DateTime<Utc>,
) -> ChallengeDetail {
    let r = &rec.row;
    let status = effective_status(rec, now);
    let regions = region_ids(rec);
    let translated = want.and_then(|w| rec.translations.iter().find(|t| lang(&t.lang) == w));
    let (shown_lang, title, summary, description_html) = match translated {
        Some(t) => (lang(&t.lang), &t.title, &t.summary, &t.description_html),
        None => (
            lang(&r.content_lang),
            &r.title,
            &r.summary,
            &r.description_html,
        ),
    };
    let can_edit = allows(
        viewer,
        Action::EditChallenge {
            status,
            regions: &regions,
        },
    );
    let next_statuses = status
        .next_statuses()
        .iter()
        .copied()
        .filter(|to| {
            allows(
                viewer,
                Action::TransitionChallenge {
                    from: status,
                    to: *to,
                    regions: &regions,
                },
            )
        })
        .collect();
    ChallengeDetail {
        summary: ChallengeSummary {
            id: r.id,
            lang: shown_lang,
            title: title.clone(),
            summary: summary.clone(),
            status,
            regions: rec.regions.iter().map(OrgRow::to_ref).collect(),
            themes: themes(&rec.themes),
            model: model(&r.model),
            trl_min: trl(r.trl_min),
            trl_max: trl(r.trl_max),
            questions_close_at: opt_time(r.questions_close_at),
            proposals_close_at: opt_time(r.proposals_close_at),
            published_at: opt_time(r.published_at),
        },
        content_lang: lang(&r.content_lang),
        description: r.description.clone(),
        description_html: description_html.clone(),
        budget_min_eur: r.budget_min_eur,
        budget_max_eur: r.budget_max_eur,
        decision_target_at: opt_time(r.decision_target_at),
        contact_name: r.contact_name.clone(),
        contact_email: r.contact_email.clone(),
        status_reason: r.status_reason.clone(),
        translations: translations(rec),
        created_at: to_time(r.created_at),
        updated_at: to_time(r.updated_at),
        server_now: now,
        can_edit,
        next_statuses,
        evaluation_criteria: r.evaluation_criteria.clone(),
        evaluation_criteria_html: r.evaluation_criteria_html.clone(),
        procurement_notice: procurement_notice(rec),
        version: u32::try_from(rec.version).unwrap_or(0),
        following: None,
        criteria_set: r
            .criteria_set
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        outcome: None,
    }
}

/// A board card.
pub fn to_summary(
    row: BoardRow,
    regions: Vec<OrgRow>,
    theme_codes: &[String],
    now: DateTime<Utc>,
) -> ChallengeSummary {
    ChallengeSummary {
        id: row.id,
        lang: lang(&row.shown_lang),
        title: row.title,
        summary: row.summary,
        status: stored_status(&row.status).effective(opt_time(row.proposals_close_at), now),
        regions: regions.iter().map(OrgRow::to_ref).collect(),
        themes: themes(theme_codes),
        model: model(&row.model),
        trl_min: trl(row.trl_min),
        trl_max: trl(row.trl_max),
        questions_close_at: opt_time(row.questions_close_at),
        proposals_close_at: opt_time(row.proposals_close_at),
        published_at: opt_time(row.published_at),
    }
}
