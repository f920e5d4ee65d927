//! Matchmaking through the API: recommendations for a company, suggestions and dialogue
//! invitations for coordinators, similar challenges across regions, partner search with contact
//! requests, recommendation alerts — and above all privacy: no company ever sees another
//! company's private profile fields, a non-public profile or a draft through any of them, and
//! contact details appear only to the requester, only after acceptance.

use chrono::Duration;
use kehto_backend::db::audit::actions_for;
use kehto_backend::jobs;
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeInput, Theme};
use kehto_tests::{TestApp, expect_error, expect_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// What a test profile says about itself.
struct Profile<'a> {
    summary: &'a str,
    offering: &'a str,
    description: &'a str,
    capabilities: &'a [&'a str],
    themes: &'a [&'a str],
    contact_email: &'a str,
    public: bool,
}

fn profile_body(p: &Profile<'_>) -> Value {
    json!({
        "summary": p.summary,
        "description": "",
        "themes": p.themes,
        "capabilities": p.capabilities,
        "offerings": [{"name": p.offering, "description": p.description, "trl": 7,
                       "medical_device_class": "not_medical_device", "languages": ["fi", "sv"],
                       "regions_served": []}],
        "contact_name": "Salainen Yhteyshenkilö",
        "contact_email": p.contact_email,
        "contact_phone": "+358 40 765 4321",
        "languages": ["fi"],
        "public": p.public
    })
}

/// A new company owned by a new user (`email`, Finnish), with `p` saved as its profile; returns
/// (organisation id, the owner's client).
async fn company(
    app: &TestApp,
    email: &str,
    name: &str,
    seed: u32,
    p: &Profile<'_>,
) -> (i64, Client) {
    let (org, c) = app.company_member(email, name, seed).await;
    let res = app
        .put(
            &c,
            &format!("/organisations/{org}/profile"),
            &profile_body(p),
        )
        .await;
    let _: Value = expect_json(res, StatusCode::OK).await;
    (org, c)
}

const MONITORING: Profile<'static> = Profile {
    summary: "Kotihoidon etäseurantaa",
    offering: "Kotona-mittari",
    description: "Verenpaineen ja painon etäseuranta kotihoidon asiakkaille.",
    capabilities: &["remote_monitoring_devices"],
    themes: &["home_care", "remote_monitoring"],
    contact_email: "salainen.mittari@mittari.example",
    public: true,
};

/// A challenge on a topic no test profile offers.
fn workforce_input(app: &TestApp, region: i64, title: &str) -> ChallengeInput {
    let mut input = app.challenge_input(region, title);
    input.summary = "Kansainvälisten sairaanhoitajien perehdytys ja suomen kielen opetus.".into();
    input.description = "Rekrytoimme hoitajia ulkomailta ja tarvitsemme kielikoulutusta.".into();
    input.themes = vec![Theme::Workforce];
    input
}

/// Moves the clock on and signs `who` (email, client) in again: sessions end after 7 days.
async fn advance(app: &TestApp, by: Duration, who: &[(&str, &Client)]) {
    app.clock.advance(by);
    for (email, c) in who {
        let res = app.sign_in(c, email, kehto_tests::PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "sign in {email}");
    }
}

fn body_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn ids(items: &Value, at: &str) -> Vec<i64> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.pointer(at).and_then(Value::as_i64).unwrap())
        .collect()
}

#[tokio::test]
async fn recommendations_are_open_challenges_for_the_members_with_reasons_in_their_language() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let open = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let draft = app
        .create_challenge(
            &coordinator,
            &app.challenge_input(region, "Luonnos: kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let unrelated = app
        .published_challenge(
            &coordinator,
            &workforce_input(&app, region, "Hoitajien perehdytys"),
        )
        .await
        .summary
        .id;
    let (org, owner) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let path = format!("/organisations/{org}/recommendations");

    let view: Value = app.get_json(&owner, &path).await;
    assert_eq!(view["profile_public"], true);
    let found = ids(&view["items"], "/challenge/id");
    assert_eq!(found.first(), Some(&open), "{view}");
    assert!(!found.contains(&draft), "never a draft: {found:?}");
    if let Some(at) = found.iter().position(|x| *x == unrelated) {
        assert!(
            at > 0,
            "an unrelated challenge never comes first: {found:?}"
        );
    }
    let first = &view["items"][0];
    assert!(first["score"].as_f64().unwrap() > 0.0);
    assert!(
        ["fair", "good", "strong"].contains(&first["fit"].as_str().unwrap()),
        "{first}"
    );
    assert!(
        first["reason_text"]
            .as_str()
            .unwrap()
            .starts_with("Tarjoomasi ”Kotona-mittari” vastaa"),
        "Finnish by Accept-Language: {first}"
    );
    let offering_id = app
        .get_json::<Value>(&owner, &format!("/organisations/{org}/profile"))
        .await["offerings"][0]["id"]
        .as_i64();
    assert_eq!(first["reasons"]["offering"]["id"].as_i64(), offering_id);
    assert!(
        first["reasons"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["concept"] == "home_care" && t["label"] == "kotihoito"),
        "{first}"
    );
    assert_eq!(first["reasons"]["trl"]["position"], "within");

    // The same in English and Swedish, for a member who asks in that language.
    let en = app.client_in(Lang::En);
    assert_eq!(
        app.sign_in(&en, "o@mittari.example", kehto_tests::PASSWORD)
            .await
            .status(),
        200
    );
    let view: Value = app.get_json(&en, &path).await;
    let line = view["items"][0]["reason_text"].as_str().unwrap();
    assert!(
        line.starts_with("Your offering “Kotona-mittari” matches: home care"),
        "{line}"
    );
    let sv = app.client_in(Lang::Sv);
    assert_eq!(
        app.sign_in(&sv, "o@mittari.example", kehto_tests::PASSWORD)
            .await
            .status(),
        200
    );
    let view: Value = app.get_json(&sv, &format!("{path}?limit=1")).await;
    assert_eq!(view["items"].as_array().unwrap().len(), 1);
    assert!(
        view["items"][0]["reason_text"]
            .as_str()
            .unwrap()
            .contains("hemvård")
    );

    // A closed challenge is no longer recommended.
    advance(&app, Duration::days(31), &[("o@mittari.example", &owner)]).await;
    let view: Value = app.get_json(&owner, &path).await;
    assert!(!ids(&view["items"], "/challenge/id").contains(&open));
}

#[tokio::test]
async fn recommendations_need_a_public_profile_and_membership() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    app.published_challenge(
        &coordinator,
        &app.challenge_input(region, "Kotihoidon etäseuranta"),
    )
    .await;
    let hidden = Profile {
        public: false,
        ..MONITORING
    };
    let (org, owner) = company(&app, "o@piilo.example", "Piilo Oy", 2_345_680, &hidden).await;
    let (_, outsider) = company(&app, "o@muu.example", "Muu Oy", 2_345_690, &MONITORING).await;
    let path = format!("/organisations/{org}/recommendations");
    let view: Value = app.get_json(&owner, &path).await;
    assert_eq!(
        (view["profile_public"].clone(), view["items"].clone()),
        (json!(false), json!([]))
    );
    expect_error(app.get(&outsider, &path).await, 403, "forbidden").await;
    expect_error(app.get(&coordinator, &path).await, 403, "forbidden").await;
    expect_error(app.get(&app.client(), &path).await, 401, "unauthenticated").await;
    expect_error(
        app.get(&owner, &format!("{path}?limit=99")).await,
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        app.get(&owner, &format!("/organisations/{region}/recommendations"))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn coordinators_see_public_organisations_only_and_never_private_fields() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, other) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    let id = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let (public, member) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let hidden = Profile {
        summary: "Piilotettu etäseurantapalvelu",
        contact_email: "salainen.piilo@piilo.example",
        public: false,
        ..MONITORING
    };
    let (private, _) = company(&app, "o@piilo.example", "Piilo Oy", 2_345_680, &hidden).await;
    let path = format!("/challenges/{id}/suggested-organisations");

    let view: Value = app.get_json(&coordinator, &path).await;
    let found = ids(&view["items"], "/organisation/org/id");
    assert_eq!(found, [public], "{view}");
    assert!(!found.contains(&private));
    assert_eq!(view["can_invite"], true);
    let text = body_text(&view);
    for secret in ["salainen", "765 4321", "Piilo", "Salainen Yhteyshenkilö"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let item = &view["items"][0];
    assert!(
        item["reason_text"]
            .as_str()
            .unwrap()
            .starts_with("Tarjooma ”Kotona-mittari” vastaa")
    );
    assert!(item["invitation"].is_null());

    // Only the owning region's coordinators; the challenge page is public, so others are 403.
    expect_error(app.get(&other, &path).await, 403, "forbidden").await;
    expect_error(app.get(&member, &path).await, 403, "forbidden").await;
    expect_error(app.get(&app.client(), &path).await, 401, "unauthenticated").await;

    // A draft works for its coordinators and does not exist for anyone else.
    let draft = app
        .create_challenge(
            &coordinator,
            &app.challenge_input(region, "Luonnos: etäseuranta kotiin"),
        )
        .await
        .summary
        .id;
    let dpath = format!("/challenges/{draft}/suggested-organisations");
    let view: Value = app.get_json(&coordinator, &dpath).await;
    assert_eq!(ids(&view["items"], "/organisation/org/id"), [public]);
    assert_eq!(view["can_invite"], false, "a draft has no dialogue yet");
    expect_error(app.get(&other, &dpath).await, 404, "not_found").await;
    expect_error(app.get(&member, &dpath).await, 404, "not_found").await;
}

#[tokio::test]
async fn an_invitation_goes_once_to_the_public_contact_in_its_language_and_is_logged() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, other) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    let id = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let swedish = Profile {
        contact_email: "kontakt@matare.example",
        ..MONITORING
    };
    let (org, member) = app
        .company_member("o@matare.example", "Mätare Ab", 2_345_700)
        .await;
    let mut body = profile_body(&swedish);
    body["languages"] = json!(["sv"]);
    let _: Value = expect_json(
        app.put(&member, &format!("/organisations/{org}/profile"), &body)
            .await,
        StatusCode::OK,
    )
    .await;
    let hidden = Profile {
        public: false,
        ..MONITORING
    };
    let (private, _) = company(&app, "o@piilo.example", "Piilo Oy", 2_345_680, &hidden).await;
    let invite = |org: i64| format!("/challenges/{id}/suggested-organisations/{org}/invite");
    let message = json!({"message": "Välkommen att delta i informationsmötet!"});

    expect_error(
        app.post(&other, &invite(org), &message).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.post(&member, &invite(org), &message).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.post(&coordinator, &invite(private), &message).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.post(&coordinator, &invite(region), &message).await,
        404,
        "not_found",
    )
    .await;

    let sent: Value = expect_json(
        app.post(&coordinator, &invite(org), &message).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(sent["org"]["id"], org);
    assert_eq!(sent["invited_by"], "Koordinaattori");
    app.settle_mail().await;
    let mail = app
        .last_mail_to("kontakt@matare.example")
        .expect("invitation mail");
    assert!(
        mail.contains("Inbjudan till marknadsdialog"),
        "in Swedish: {mail}"
    );
    assert!(mail.contains("Välkommen att delta i informationsmötet!"));
    assert!(mail.contains(&format!("/challenges/{id}")));
    assert!(
        mail.contains("anna.virtanen@pirha.example"),
        "who to reply to"
    );

    let again = app.post(&coordinator, &invite(org), &json!({})).await;
    let err = expect_error(again, 409, "already_invited").await;
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("kutsuttu")
    );

    let view: Value = app
        .get_json(
            &coordinator,
            &format!("/challenges/{id}/suggested-organisations"),
        )
        .await;
    let item = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["organisation"]["org"]["id"] == org)
        .unwrap();
    assert!(
        item["invitation"]["invited_at"].is_string(),
        "invited on …: {item}"
    );
    assert_eq!(view["invited"].as_array().unwrap().len(), 1);
    let log = actions_for(&app.db, "challenge", id).await.unwrap();
    assert!(
        log.iter()
            .any(|(a, _, d)| a == "dialogue.invited" && *d == format!("org={org}")),
        "{log:?}"
    );

    // Once the deadline has passed the dialogue is over.
    advance(
        &app,
        Duration::days(31),
        &[("k@pirha.example", &coordinator)],
    )
    .await;
    let (late, _) = company(
        &app,
        "o@myoh.example",
        "Myöhäinen Oy",
        2_345_710,
        &MONITORING,
    )
    .await;
    expect_error(
        app.post(&coordinator, &invite(late), &json!({})).await,
        409,
        "dialogue_closed",
    )
    .await;
}

#[tokio::test]
async fn similar_challenges_come_from_other_regions_with_their_outcome_and_never_as_drafts() {
    let app = TestApp::spawn().await;
    let (pirkanmaa, pirha) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (oulu, pohde) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    let (_, member) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let decided = app
        .published_challenge(
            &pohde,
            &app.challenge_input(oulu, "Etäseuranta kotihoidossa Oulussa"),
        )
        .await
        .summary
        .id;
    advance(
        &app,
        Duration::days(31),
        &[
            ("k@pirha.example", &pirha),
            ("k@pohde.example", &pohde),
            ("o@mittari.example", &member),
        ],
    )
    .await;
    for to in ["evaluation", "decided"] {
        let res = app
            .post(
                &pohde,
                &format!("/challenges/{decided}/transitions"),
                &json!({"to": to, "reason": "Valittiin Mittari Oy:n ratkaisu pilottiin."}),
            )
            .await;
        let _: Value = expect_json(res, StatusCode::OK).await;
    }
    let open = app
        .published_challenge(
            &pohde,
            &app.challenge_input(oulu, "Kotihoidon etäseuranta Pohjois-Pohjanmaalla"),
        )
        .await
        .summary
        .id;
    let oulu_draft = app
        .create_challenge(
            &pohde,
            &app.challenge_input(oulu, "Luonnos: kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let same_region = app
        .published_challenge(
            &pirha,
            &app.challenge_input(pirkanmaa, "Kotihoidon etäseuranta Tampereella"),
        )
        .await
        .summary
        .id;
    let draft = app
        .create_challenge(
            &pirha,
            &app.challenge_input(pirkanmaa, "Kotihoidon etäseuranta, luonnos"),
        )
        .await
        .summary
        .id;
    let path = format!("/challenges/{draft}/similar");
    let view: Value = app.get_json(&pirha, &path).await;
    let found = ids(&view["items"], "/challenge/id");
    assert!(found.contains(&open) && found.contains(&decided), "{view}");
    assert!(
        !found.contains(&oulu_draft),
        "another region's draft: {found:?}"
    );
    assert!(
        !found.contains(&same_region),
        "the own region's challenges are not 'other regions'"
    );
    let d = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["challenge"]["id"] == decided)
        .unwrap();
    assert_eq!(d["decided"], true);
    assert_eq!(d["challenge"]["status"], "decided");
    assert_eq!(d["outcome"], "Valittiin Mittari Oy:n ratkaisu pilottiin.");
    assert!(
        d["reason_text"]
            .as_str()
            .unwrap()
            .starts_with("Samankaltainen tarve")
    );
    let o = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["challenge"]["id"] == open)
        .unwrap();
    assert_eq!(
        (o["decided"].clone(), o["challenge"]["status"].clone()),
        (json!(false), json!("published"))
    );

    expect_error(app.get(&pohde, &path).await, 404, "not_found").await;
    expect_error(
        app.get(&member, &format!("/challenges/{open}/similar"))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.get(&pirha, &format!("/challenges/{open}/similar"))
            .await,
        403,
        "forbidden",
    )
    .await;
    let theirs: Value = app
        .get_json(&pohde, &format!("/challenges/{open}/similar"))
        .await;
    let found = ids(&theirs["items"], "/challenge/id");
    assert!(
        found.contains(&same_region) && !found.contains(&draft) && !found.contains(&decided),
        "{found:?}"
    );
}

#[tokio::test]
async fn partners_complement_and_contact_details_wait_for_acceptance_by_the_other_side() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let id = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let (seeker, s) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let analytics = Profile {
        summary: "Tekoälyä terveysdataan",
        offering: "Riskiennuste",
        description: "Tekoäly ennustaa kaatumisriskin ja voinnin heikkenemisen mittausdatasta.",
        capabilities: &["ai_analytics"],
        themes: &["home_care"],
        contact_email: "eeva@ennuste.example",
        public: true,
    };
    let (partner, p) = company(
        &app,
        "o@ennuste.example",
        "Ennuste Oy",
        2_345_720,
        &analytics,
    )
    .await;
    let rival_profile = Profile {
        capabilities: &["remote_monitoring_devices", "ai_analytics"],
        contact_email: "salainen.kilpailija@kilpa.example",
        ..MONITORING
    };
    let (rival, r) = company(
        &app,
        "o@kilpa.example",
        "Kilpa Oy",
        2_345_730,
        &rival_profile,
    )
    .await;
    let hidden = Profile {
        contact_email: "salainen.piilo@piilo.example",
        public: false,
        ..analytics
    };
    let (private, _) = company(&app, "o@piilo.example", "Piilo Oy", 2_345_680, &hidden).await;

    let search = json!({"org_id": seeker, "lacking": ["ai_analytics"],
                        "note": "Tarvitsemme kumppanin, joka ennustaa riskit mittausdatasta tekoälyllä."});
    // A draft does not exist for companies, partner search included.
    let draft = app
        .create_challenge(&coordinator, &app.challenge_input(region, "Luonnos"))
        .await
        .summary
        .id;
    expect_error(
        app.put(&s, &format!("/challenges/{draft}/partner-search"), &search)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.get(
            &s,
            &format!("/challenges/{draft}/partner-candidates?org_id={seeker}"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.put(&p, &format!("/challenges/{id}/partner-search"), &search)
            .await,
        403,
        "forbidden",
    )
    .await;
    let saved: Value = expect_json(
        app.put(&s, &format!("/challenges/{id}/partner-search"), &search)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["lacking"], json!(["ai_analytics"]));
    let got: Value = app
        .get_json(
            &s,
            &format!("/challenges/{id}/partner-search?org_id={seeker}"),
        )
        .await;
    assert_eq!(got["note"], search["note"]);

    let path = format!("/challenges/{id}/partner-candidates?org_id={seeker}");
    let view: Value = app.get_json(&s, &path).await;
    let found = ids(&view["items"], "/organisation/org/id");
    assert_eq!(found.first(), Some(&partner), "{view}");
    assert!(
        found.contains(&rival),
        "a competitor ranks lower but is not hidden: {found:?}"
    );
    assert!(
        !found.contains(&private) && !found.contains(&seeker),
        "{found:?}"
    );
    let first = &view["items"][0];
    assert_eq!(first["reasons"]["covers"], json!(["ai_analytics"]));
    assert!(
        first["reason_text"]
            .as_str()
            .unwrap()
            .starts_with("Täydentää osaamistanne: ")
    );
    let r_item = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["organisation"]["org"]["id"] == rival)
        .unwrap();
    assert_eq!(r_item["reasons"]["competitor"], true);
    let text = body_text(&view);
    for secret in ["eeva@", "salainen", "765 4321", "Piilo"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    expect_error(app.get(&p, &path).await, 403, "forbidden").await;
    expect_error(app.get(&coordinator, &path).await, 403, "forbidden").await;
    expect_error(app.get(&app.client(), &path).await, 401, "unauthenticated").await;

    // A contact request; the asked organisation's members hear of it by mail.
    let send = |to: i64| json!({"from_org_id": seeker, "to_org_id": to, "message": "Tehdään yhteinen ehdotus: meillä mittarit, teillä ennusteet."});
    let req_path = format!("/challenges/{id}/contact-requests");
    expect_error(
        app.post(&s, &req_path, &send(private)).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.post(&p, &req_path, &send(partner)).await,
        403,
        "forbidden",
    )
    .await;
    let sent: Value = expect_json(
        app.post(&s, &req_path, &send(partner)).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(sent["contact"].is_null());
    let request = sent["id"].as_i64().unwrap();
    expect_error(
        app.post(&s, &req_path, &send(partner)).await,
        409,
        "already_requested",
    )
    .await;
    app.settle_mail().await;
    let mail = app.last_mail_to("o@ennuste.example").expect("request mail");
    assert!(mail.contains("Tehdään yhteinen ehdotus") && mail.contains("Mittari Oy"));
    assert!(
        !mail.contains("salainen.mittari"),
        "nor the other way round"
    );

    // Before the answer, nobody sees contact details.
    let out: Value = app
        .get_json(&s, &format!("/organisations/{seeker}/contact-requests"))
        .await;
    assert!(out["outgoing"][0]["contact"].is_null());
    assert!(!body_text(&out).contains("eeva@"));
    let inc: Value = app
        .get_json(&p, &format!("/organisations/{partner}/contact-requests"))
        .await;
    assert_eq!(inc["incoming"][0]["id"], request);
    assert_eq!(inc["incoming"][0]["can_answer"], true);
    expect_error(
        app.get(&r, &format!("/organisations/{seeker}/contact-requests"))
            .await,
        403,
        "forbidden",
    )
    .await;

    // Only the asked organisation answers; a third party does not learn the request exists.
    let answer = format!("/contact-requests/{request}/answer");
    expect_error(
        app.post(&r, &answer, &json!({"accept": true})).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.post(&s, &answer, &json!({"accept": true})).await,
        403,
        "forbidden",
    )
    .await;
    let accepted: Value = expect_json(
        app.post(&p, &answer, &json!({"accept": true})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted["status"], "accepted");
    assert!(
        accepted["contact"].is_null(),
        "the answering side does not get its own contact back"
    );
    expect_error(
        app.post(&p, &answer, &json!({"accept": false})).await,
        409,
        "conflict",
    )
    .await;
    app.settle_mail().await;
    let mail = app
        .last_mail_to("o@mittari.example")
        .expect("acceptance mail");
    assert!(
        mail.contains("eeva@ennuste.example") && mail.contains("+358 40 765 4321"),
        "{mail}"
    );

    // Now the requester — and only the requester — sees the contact person.
    let out: Value = app
        .get_json(&s, &format!("/organisations/{seeker}/contact-requests"))
        .await;
    assert_eq!(
        out["outgoing"][0]["contact"]["email"],
        "eeva@ennuste.example"
    );
    assert_eq!(out["outgoing"][0]["contact"]["phone"], "+358 40 765 4321");
    let inc: Value = app
        .get_json(&p, &format!("/organisations/{partner}/contact-requests"))
        .await;
    assert!(inc["incoming"][0]["contact"].is_null());
    assert_eq!(inc["incoming"][0]["can_answer"], false);
    let rival_view: Value = app
        .get_json(&r, &format!("/organisations/{rival}/contact-requests"))
        .await;
    assert!(!body_text(&rival_view).contains("eeva@"));

    let log = actions_for(&app.db, "contact_request", request)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["contact_request.sent", "contact_request.accepted"]
    );
    let shown = actions_for(&app.db, "organisation", seeker).await.unwrap();
    assert!(shown.iter().any(
        |(a, _, d)| a == "contact_request.contact_shown" && *d == format!("requests={request}")
    ));
    let searches = actions_for(&app.db, "challenge", id).await.unwrap();
    assert!(searches.iter().any(|(a, _, _)| a == "partner_search.saved"));

    // Withdrawing the search; after the deadline no new one.
    let del = app
        .delete(
            &s,
            &format!("/challenges/{id}/partner-search?org_id={seeker}"),
        )
        .await;
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    expect_error(app.get(&s, &path).await, 404, "not_found").await;
    advance(&app, Duration::days(31), &[("o@mittari.example", &s)]).await;
    expect_error(
        app.put(&s, &format!("/challenges/{id}/partner-search"), &search)
            .await,
        409,
        "dialogue_closed",
    )
    .await;
}

#[tokio::test]
async fn recommendation_alerts_arrive_at_once_or_in_a_weekly_digest() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (org, owner) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let (weekly_id, weekly) = app
        .user_in("viikko@mittari.example", "Viikko", Lang::En)
        .await;
    kehto_backend::db::orgs::add_member(&app.db, org, weekly_id, "company_member", 0)
        .await
        .unwrap();
    let (_, outsider) = company(&app, "o@muu.example", "Muu Oy", 2_345_690, &MONITORING).await;
    let search = |frequency: &str| {
        json!({"name": "Meille suositellut", "kind": "recommendations", "org_id": org,
                                          "min_fit": "fair", "frequency": frequency})
    };
    let err = expect_error(
        app.post(&outsider, "/me/saved-searches", &search("immediate"))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(err["error"]["fields"][0]["field"], "org_id");
    let saved: Value = expect_json(
        app.post(&owner, "/me/saved-searches", &search("immediate"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            saved["kind"].clone(),
            saved["frequency"].clone(),
            saved["min_fit"].clone()
        ),
        (json!("recommendations"), json!("immediate"), json!("fair"))
    );
    let _: Value = expect_json(
        app.post(&weekly, "/me/saved-searches", &search("weekly"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    // A board search can be weekly too.
    let (_, board) = app.user_in("lauta@example.fi", "Lauta", Lang::Fi).await;
    let _: Value = expect_json(
        app.post(
            &board,
            "/me/saved-searches",
            &json!({"name": "Perehdytys", "q": "perehdytys", "frequency": "weekly"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let matching = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let unrelated = app
        .published_challenge(
            &coordinator,
            &workforce_input(&app, region, "Hoitajien perehdytys"),
        )
        .await
        .summary
        .id;
    let notes: Value = app.get_json(&owner, "/me/notifications").await;
    let told: Vec<(i64, String)> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["challenge_id"].as_i64().unwrap(),
                n["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        told,
        [(matching, "Meille suositellut".to_owned())],
        "at once, the matching one only"
    );
    app.settle_mail().await;
    assert!(
        app.last_mail_to("o@mittari.example")
            .unwrap()
            .contains("Meille suositellut")
    );
    let notes: Value = app.get_json(&weekly, "/me/notifications").await;
    assert_eq!(notes["items"], json!([]), "the weekly one waits");

    advance(
        &app,
        Duration::days(7) + Duration::minutes(1),
        &[("viikko@mittari.example", &weekly)],
    )
    .await;
    let report = jobs::run_once(&app.state).await.unwrap();
    assert_eq!(report.digests_sent, 2, "{report:?}");
    app.settle_mail().await;
    let digest = app.last_mail_to("viikko@mittari.example").expect("digest");
    assert!(
        digest.contains(
            "A new challenge published this week matches your saved search “Meille suositellut”"
        ),
        "{digest}"
    );
    assert!(
        digest.contains(&format!("/challenges/{matching}"))
            && !digest.contains(&format!("/challenges/{unrelated}"))
    );
    let notes: Value = app.get_json(&weekly, "/me/notifications").await;
    assert_eq!(ids(&notes["items"], "/challenge_id"), [matching]);
    let words = app.last_mail_to("lauta@example.fi").expect("board digest");
    assert!(
        words.contains("uusi haaste, joka vastaa tallennettua hakuasi ”Perehdytys”")
            && words.contains(&format!("/challenges/{unrelated}"))
            && !words.contains(&format!("/challenges/{matching}")),
        "{words}"
    );
    assert_eq!(
        jobs::run_once(&app.state).await.unwrap().digests_sent,
        0,
        "once a week"
    );
}

#[tokio::test]
async fn each_instance_catches_up_with_changes_made_on_another() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let id = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let (other, base) = app.second_instance_state().await;
    // A profile published through the first instance…
    let (org, owner) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let suggestions = |c: &Client| {
        let url = format!("{base}/api/v1/challenges/{id}/suggested-organisations");
        let c = c.clone();
        async move {
            c.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // …is unknown to the second until it catches up.
    assert_eq!(
        ids(
            &suggestions(&coordinator).await["items"],
            "/organisation/org/id"
        ),
        Vec::<i64>::new()
    );
    let caught = other
        .matching
        .catch_up(&other.db, app.now().timestamp())
        .await
        .unwrap();
    assert!(
        caught.orgs >= 1 && caught.reweighed && !caught.full,
        "{caught:?}"
    );
    assert_eq!(
        ids(
            &suggestions(&coordinator).await["items"],
            "/organisation/org/id"
        ),
        [org]
    );

    // Hidden on the first instance: the second never shows it again, even before catching up
    // (the database has the last word), and drops it from its index when it does.
    let mut body = profile_body(&MONITORING);
    body["public"] = json!(false);
    let _: Value = expect_json(
        app.put(&owner, &format!("/organisations/{org}/profile"), &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        ids(
            &suggestions(&coordinator).await["items"],
            "/organisation/org/id"
        ),
        Vec::<i64>::new()
    );
    assert!(other.matching.read().matcher.org_facts(org).is_some());
    other
        .matching
        .catch_up(&other.db, app.now().timestamp())
        .await
        .unwrap();
    assert!(other.matching.read().matcher.org_facts(org).is_none());
    assert!(
        app.state.matching.read().matcher.org_facts(org).is_none(),
        "the first updated in the request"
    );

    // A challenge cancelled on the first leaves the second's index on its next catch-up.
    let res = app
        .post(
            &coordinator,
            &format!("/challenges/{id}/transitions"),
            &json!({"to": "cancelled", "reason": "Tarve poistui."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(other.matching.read().matcher.has_challenge(id));
    other
        .matching
        .catch_up(&other.db, app.now().timestamp())
        .await
        .unwrap();
    assert!(!other.matching.read().matcher.has_challenge(id));
}

/// Who may use each matchmaking endpoint, through the API: (caller, expected status) per
/// endpoint, for the owning region's coordinator, another region's, a member of the company, a
/// member of another company and a visitor.
#[tokio::test]
async fn access_table() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, other_coordinator) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    let id = app
        .published_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await
        .summary
        .id;
    let (org, member) = company(
        &app,
        "o@mittari.example",
        "Mittari Oy",
        2_345_670,
        &MONITORING,
    )
    .await;
    let (target, _) = company(&app, "o@muu.example", "Muu Oy", 2_345_690, &MONITORING).await;
    let (_, non_member) = company(
        &app,
        "o@kolmas.example",
        "Kolmas Oy",
        2_345_700,
        &MONITORING,
    )
    .await;
    let visitor = app.client();
    let cast = [
        ("coordinator", &coordinator),
        ("other coordinator", &other_coordinator),
        ("member", &member),
        ("non-member", &non_member),
        ("visitor", &visitor),
    ];
    // GETs: expected status per caller, in the cast's order.
    let table: [(String, [u16; 5]); 5] = [
        (
            format!("/organisations/{org}/recommendations"),
            [403, 403, 200, 403, 401],
        ),
        (
            format!("/challenges/{id}/suggested-organisations"),
            [200, 403, 403, 403, 401],
        ),
        (
            format!("/challenges/{id}/similar"),
            [200, 403, 403, 403, 401],
        ),
        (
            format!("/organisations/{org}/contact-requests"),
            [403, 403, 200, 403, 401],
        ),
        (
            format!("/challenges/{id}/partner-search?org_id={org}"),
            [403, 403, 404, 403, 401],
        ),
    ];
    for (path, expected) in &table {
        for ((who, c), want) in cast.iter().zip(expected) {
            let got = app.get(c, path).await.status().as_u16();
            assert_eq!(got, *want, "{who} GET {path}");
        }
    }
    let search = json!({"org_id": org, "lacking": ["ai_analytics"], "note": ""});
    for ((who, c), want) in cast.iter().zip([403, 403, 200, 403, 401]) {
        let got = app
            .put(c, &format!("/challenges/{id}/partner-search"), &search)
            .await
            .status()
            .as_u16();
        assert_eq!(got, want, "{who} PUT partner-search");
    }
    for ((who, c), want) in cast.iter().zip([403, 403, 200, 403, 401]) {
        let got = app
            .get(
                c,
                &format!("/challenges/{id}/partner-candidates?org_id={org}"),
            )
            .await
            .status()
            .as_u16();
        assert_eq!(got, want, "{who} GET partner-candidates");
    }
    let request = json!({"from_org_id": org, "to_org_id": target, "message": "Yhteistyö kiinnostaisi meitä kovasti."});
    for ((who, c), want) in cast.iter().zip([403, 403, 201, 403, 401]) {
        let got = app
            .post(c, &format!("/challenges/{id}/contact-requests"), &request)
            .await
            .status()
            .as_u16();
        assert_eq!(got, want, "{who} POST contact-requests");
    }
    for ((who, c), want) in cast.iter().zip([201, 403, 403, 403, 401]) {
        let got = app
            .post(
                c,
                &format!("/challenges/{id}/suggested-organisations/{target}/invite"),
                &json!({}),
            )
            .await
            .status()
            .as_u16();
        assert_eq!(got, want, "{who} POST invite");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_matchmaking() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get_json(&app.client(), "/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/organisations/{id}/recommendations",
        "/api/v1/challenges/{id}/suggested-organisations",
        "/api/v1/challenges/{id}/suggested-organisations/{org_id}/invite",
        "/api/v1/challenges/{id}/similar",
        "/api/v1/challenges/{id}/partner-search",
        "/api/v1/challenges/{id}/partner-candidates",
        "/api/v1/challenges/{id}/contact-requests",
        "/api/v1/organisations/{id}/contact-requests",
        "/api/v1/contact-requests/{id}/answer",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "RecommendationsView",
        "MatchReasons",
        "FitLevel",
        "SuggestionsView",
        "DialogueInviteRequest",
        "DialogueInvitationView",
        "SimilarChallengesView",
        "PartnerSearchInput",
        "PartnerCandidatesView",
        "ContactRequestInput",
        "ContactRequestsView",
        "ContactAnswer",
        "SavedSearchInput",
        "AlertFrequency",
        "SavedSearchKind",
    ] {
        assert!(schemas.contains_key(s), "schema {s}");
    }
}
