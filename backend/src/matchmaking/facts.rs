//! Stored rows into the matching engine's input. A profile becomes facts only when it is public
//! and belongs to a company or research organisation; its contact fields are never read (see
//! `db::match_facts`), so they cannot reach a score, a reason or a log line.

use kehto_matching::{ChallengeFacts, LangText, OfferingFacts, OrgFacts, OrgKindFact};
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeStatus, CooperationModel, Theme};
use kehto_shared::profile::{Capability, MedicalDeviceClass};

use crate::db::challenges::ChallengeRecord;
use crate::db::match_facts::{StoredChallengeFacts, StoredOrgFacts};
use crate::routes::challenge_view::to_input;

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Fi)
}

fn trl(v: i32) -> u8 {
    u8::try_from(v.clamp(1, 9)).unwrap_or(1)
}

/// Whether a challenge in this stored status belongs in the index: public and not cancelled.
pub fn indexable_status(status: ChallengeStatus) -> bool {
    status.is_public() && status != ChallengeStatus::Cancelled
}

/// A stored challenge's facts.
pub fn challenge_facts(s: &StoredChallengeFacts) -> ChallengeFacts {
    let r = &s.row;
    let mut texts = vec![LangText {
        lang: lang(&r.content_lang),
        title: r.title.clone(),
        summary: r.summary.clone(),
        description: r.description.clone(),
    }];
    texts.extend(
        s.translations
            .iter()
            .map(|(l, title, summary, description)| LangText {
                lang: lang(l),
                title: title.clone(),
                summary: summary.clone(),
                description: description.clone(),
            }),
    );
    ChallengeFacts {
        id: r.id,
        content_lang: lang(&r.content_lang),
        texts,
        regions: s
            .regions
            .iter()
            .map(|(_, code)| code.clone())
            .filter(|c| !c.is_empty())
            .collect(),
        themes: s
            .themes
            .iter()
            .filter_map(|t| Theme::from_code(t))
            .collect(),
        trl_min: trl(r.trl_min),
        trl_max: trl(r.trl_max),
        model: CooperationModel::from_code(&r.model).unwrap_or(CooperationModel::Other),
    }
}

/// The facts of a challenge loaded for its page (a draft, for queries outside the index).
pub fn record_facts(rec: &ChallengeRecord) -> ChallengeFacts {
    let codes = rec
        .regions
        .iter()
        .filter_map(|r| r.region_code.clone())
        .collect();
    ChallengeFacts::from_input(rec.row.id, &to_input(rec), codes)
}

/// A stored profile's facts, or `None` when it may not be matched (not public, or not a
/// company or research organisation).
pub fn org_facts(s: &StoredOrgFacts) -> Option<OrgFacts> {
    let r = &s.row;
    let kind = match r.kind.as_str() {
        "company" => OrgKindFact::Company,
        "research" => OrgKindFact::Research,
        _ => return None,
    };
    if !r.is_public {
        return None;
    }
    Some(OrgFacts {
        id: r.org_id,
        name: r.name.clone(),
        kind,
        languages: s
            .languages
            .iter()
            .filter_map(|l| Lang::from_code(l))
            .collect(),
        summary: r.summary.clone(),
        description: r.description.clone(),
        themes: s
            .themes
            .iter()
            .filter_map(|t| Theme::from_code(t))
            .collect(),
        capabilities: s
            .capabilities
            .iter()
            .filter_map(|c| Capability::from_code(c))
            .collect(),
        offerings: s
            .offerings
            .iter()
            .map(|o| OfferingFacts {
                name: o.row.name.clone(),
                description: o.row.description.clone(),
                trl: trl(o.row.trl),
                medical_device_class: MedicalDeviceClass::from_code(&o.row.medical_device_class)
                    .unwrap_or(MedicalDeviceClass::NotMedicalDevice),
                languages: o
                    .languages
                    .iter()
                    .filter_map(|l| Lang::from_code(l))
                    .collect(),
                regions_served: o.regions.clone(),
            })
            .collect(),
    })
}
