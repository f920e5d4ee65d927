//! The matcher's API as the server will use it: updates, the three directions, reasons, and
//! that private profiles never get in.

use kehto_matching::{
    ChallengeFacts, Config, Lang, LangText, MatchedTerm, Matcher, OfferingFacts, OrgFacts,
    OrgKindFact, Reader,
};
use kehto_shared::challenge::{CooperationModel, Theme};
use kehto_shared::profile::{Capability, MedicalDeviceClass, OrgProfileInput};

fn challenge(
    id: i64,
    lang: Lang,
    region: &str,
    title: &str,
    summary: &str,
    themes: Vec<Theme>,
) -> ChallengeFacts {
    ChallengeFacts {
        id,
        content_lang: lang,
        texts: vec![LangText {
            lang,
            title: title.into(),
            summary: summary.into(),
            description: String::new(),
        }],
        regions: vec![region.into()],
        themes,
        trl_min: 6,
        trl_max: 8,
        model: CooperationModel::Pilot,
    }
}

fn org(
    id: i64,
    name: &str,
    offering: &str,
    description: &str,
    trl: u8,
    langs: Vec<Lang>,
    themes: Vec<Theme>,
) -> OrgFacts {
    OrgFacts {
        id,
        name: name.into(),
        kind: OrgKindFact::Company,
        languages: langs.clone(),
        summary: String::new(),
        description: String::new(),
        themes,
        capabilities: vec![Capability::RemoteMonitoringDevices],
        offerings: vec![OfferingFacts {
            name: offering.into(),
            description: description.into(),
            trl,
            medical_device_class: MedicalDeviceClass::MdrClassIia,
            languages: langs,
            regions_served: vec![],
        }],
    }
}

fn sample() -> Matcher {
    let mut m = Matcher::new(Config::FINAL);
    m.upsert_challenge(challenge(
        1,
        Lang::Sv,
        "pohjanmaa",
        "Distansuppföljning inom hemvården",
        "Vi söker distansuppföljning av blodtryck och vikt för hemvårdens klienter.",
        vec![Theme::HomeCare, Theme::RemoteMonitoring],
    ));
    m.upsert_challenge(challenge(
        2,
        Lang::Fi,
        "pirkanmaa",
        "Kotihoidon etäseuranta",
        "Etsimme kotihoidon asiakkaiden verenpaineen etäseurantaa.",
        vec![Theme::HomeCare, Theme::RemoteMonitoring],
    ));
    m.upsert_challenge(challenge(
        3,
        Lang::En,
        "helsinki",
        "Onboarding of international nurses",
        "Finnish language support for international nurses.",
        vec![Theme::Workforce],
    ));
    m.upsert_org(org(
        10,
        "Hoiva Oy",
        "Koti-etäseuranta",
        "Verenpaineen ja painon etämittaus kotihoidon asiakkaille.",
        7,
        vec![Lang::Fi, Lang::Sv],
        vec![Theme::HomeCare],
    ));
    m.upsert_org(org(
        11,
        "Kieli Oy",
        "Suomea hoitajille",
        "Suomen kielen koulutus kansainvälisille hoitajille.",
        8,
        vec![Lang::Fi, Lang::En],
        vec![Theme::Workforce],
    ));
    m.reweigh();
    m
}

#[test]
fn a_finnish_offering_finds_the_swedish_and_finnish_challenges_with_reasons() {
    let m = sample();
    let got = m.challenges_for_org(10, 10, |_| true);
    let ids: Vec<i64> = got.iter().map(|x| x.id).collect();
    let mut first_two = ids[..2].to_vec();
    first_two.sort_unstable();
    assert_eq!(
        first_two,
        [1, 2],
        "both home-care challenges come first: {got:#?}"
    );
    let sv = got
        .iter()
        .find(|x| x.id == 1)
        .expect("the Swedish challenge");
    assert!(
        sv.reasons
            .terms
            .contains(&MatchedTerm::Concept("home_care".into())),
        "{:?}",
        sv.reasons
    );
    assert_eq!(
        sv.reasons.offering.as_ref().map(|o| o.name.as_str()),
        Some("Koti-etäseuranta")
    );
    let line = sv.reasons.render(Lang::Sv, Reader::Company);
    assert!(
        line.contains("hemvård") && line.contains("TRL 7 inom 6–8") && line.contains("på svenska"),
        "{line}"
    );
    let fi = got
        .iter()
        .find(|x| x.id == 2)
        .expect("the Finnish challenge")
        .reasons
        .render(Lang::Fi, Reader::Company);
    assert!(
        fi.starts_with("Tarjoomasi ”Koti-etäseuranta” vastaa: "),
        "{fi}"
    );
}

#[test]
fn coordinators_get_organisations_and_similar_needs_of_other_regions() {
    let m = sample();
    let orgs = m.orgs_for_challenge(3, 5);
    assert_eq!(orgs.first().map(|x| x.id), Some(11));
    let similar = m.similar_challenges(1, 5);
    assert_eq!(similar.first().map(|x| x.id), Some(2));
    assert!(similar.iter().all(|x| x.id != 1));
}

#[test]
fn updates_and_removals_take_effect() {
    let mut m = sample();
    m.remove_challenge(2);
    assert!(
        m.challenges_for_org(10, 10, |_| true)
            .iter()
            .all(|x| x.id != 2)
    );
    assert!(
        m.challenges_for_org(10, 10, |id| id != 1)
            .iter()
            .all(|x| x.id != 1),
        "the filter applies"
    );
    m.remove_org(11);
    assert!(m.orgs_for_challenge(3, 5).iter().all(|x| x.id != 11));
    assert!(m.challenges_for_org(999, 5, |_| true).is_empty());
}

#[test]
fn only_public_profiles_become_facts_and_without_contact_details() {
    let mut p = OrgProfileInput {
        summary: "Etäseurantaa".into(),
        contact_email: "secret@example.fi".into(),
        contact_phone: Some("+358 40 123 4567".into()),
        public: false,
        ..OrgProfileInput::default()
    };
    assert!(OrgFacts::from_public_profile(1, "X Oy", OrgKindFact::Company, &p).is_none());
    p.public = true;
    let facts = OrgFacts::from_public_profile(1, "X Oy", OrgKindFact::Company, &p).expect("public");
    let json = serde_json::to_string(&facts).expect("serialises");
    assert!(
        !json.contains("secret@") && !json.contains("123 4567"),
        "{json}"
    );
}

#[test]
fn one_pair_scores_as_in_the_lists() {
    let m = sample();
    let listed = m.challenges_for_org(10, 10, |_| true);
    let pair = m.pair(1, 10).expect("both indexed");
    let same = listed.iter().find(|x| x.id == 1).expect("listed");
    assert_eq!((pair.score, &pair.reasons), (same.score, &same.reasons));
    assert!(m.pair(1, 999).is_none() && m.pair(999, 10).is_none());
    assert!(m.has_challenge(1) && !m.has_challenge(999));
    assert_eq!(m.len(), (3, 2));
    assert_eq!(m.org_facts(10).map(|o| o.name.as_str()), Some("Hoiva Oy"));
}

#[test]
fn a_draft_is_queried_without_joining_the_index() {
    let m = sample();
    let draft = challenge(
        50,
        Lang::Fi,
        "lappi",
        "Kotihoidon etäseuranta Lapissa",
        "Etsimme verenpaineen etäseurantaa kotihoidon asiakkaille.",
        vec![Theme::HomeCare, Theme::RemoteMonitoring],
    );
    let q = m.challenge_query(draft);
    assert_eq!(m.orgs_for_query(&q, 5).first().map(|x| x.id), Some(10));
    let similar: Vec<i64> = m.similar_to_query(&q, 5).iter().map(|x| x.id).collect();
    assert_eq!(&similar[..2], &[2, 1], "{similar:?}");
    assert!(!m.has_challenge(50), "the index is unchanged");
    assert_eq!(m.len(), (3, 2));
    // An indexed challenge queried as a draft ranks the same organisations.
    let indexed = m.challenge_facts(3).cloned().expect("indexed");
    let q = m.challenge_query(indexed);
    let a: Vec<i64> = m.orgs_for_query(&q, 5).iter().map(|x| x.id).collect();
    let b: Vec<i64> = m.orgs_for_challenge(3, 5).iter().map(|x| x.id).collect();
    assert_eq!(a, b);
}

#[test]
fn partners_complement_rather_than_compete() {
    use kehto_matching::PartnerNeed;
    let mut m = sample();
    let mut seeker = org(
        20,
        "Mittari Oy",
        "Verenpainemittari kotiin",
        "Verenpaineen etämittaus kotihoidon asiakkaille.",
        7,
        vec![Lang::Fi],
        vec![Theme::HomeCare],
    );
    seeker.capabilities = vec![Capability::RemoteMonitoringDevices];
    m.upsert_org(seeker);
    let mut analytics = org(
        21,
        "Ennuste Oy",
        "Riskiennuste",
        "Tekoäly ennustaa kaatumisriskin ja voinnin heikkenemisen mittausdatasta.",
        7,
        vec![Lang::Fi],
        vec![Theme::HomeCare],
    );
    analytics.capabilities = vec![Capability::AiAnalytics];
    m.upsert_org(analytics);
    // Hoiva Oy (10) measures blood pressure at home too, and also does analytics.
    let mut rival = m.org_facts(10).cloned().expect("indexed");
    rival.capabilities = vec![Capability::RemoteMonitoringDevices, Capability::AiAnalytics];
    m.upsert_org(rival);
    m.reweigh();
    let need = PartnerNeed {
        seeker_id: 20,
        seeker_capabilities: vec![Capability::RemoteMonitoringDevices],
        lacking: vec![Capability::AiAnalytics],
        note: "Tarvitsemme kumppanin, joka ennustaa riskit mittausdatasta tekoälyllä.".into(),
        note_lang: Lang::Fi,
    };
    let got = m.partners_for(2, &need, 10);
    let ids: Vec<i64> = got.iter().map(|x| x.id).collect();
    assert_eq!(ids.first(), Some(&21), "{got:#?}");
    assert!(ids.contains(&10), "the competitor is not hidden: {ids:?}");
    assert!(!ids.contains(&20), "never the seeker itself");
    assert!(!ids.contains(&11), "covers nothing, meets nothing: {ids:?}");
    let rival = got.iter().find(|x| x.id == 10).expect("rival");
    assert!(rival.reasons.competitor, "{rival:#?}");
    let first = &got[0];
    assert_eq!(first.reasons.covers, [Capability::AiAnalytics]);
    assert_eq!(
        first.reasons.offering.as_ref().map(|o| o.name.as_str()),
        Some("Riskiennuste")
    );
    assert!(
        first
            .reasons
            .render(Lang::En)
            .starts_with("Complements what you lack: ")
    );
}
