//! Clarifications and versioning: every change to a published challenge is a new version with a
//! change log; deadline and criteria changes need a reason; earlier versions stay readable; a
//! procurement notice reference is shown.

use chrono::Duration;
use kehto_shared::challenge::{
    ChallengeDetail, ChallengeField, ChallengeVersionSummary, ChallengeVersionView, NoticeRegister,
    ProcurementNotice,
};
use kehto_tests::{TestApp, expect_error, expect_json, validation_fields};
use reqwest::StatusCode;

#[tokio::test]
async fn publication_is_version_one_and_each_change_adds_a_version_with_its_reason() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    let draft = app.create_challenge(&coordinator, &input).await;
    assert_eq!(draft.version, 0);
    let id = draft.summary.id;
    // Drafts have no change log, and editing a draft makes no version.
    input.summary.push_str(" Luonnos tarkentuu.");
    expect_json::<ChallengeDetail>(
        app.put(&coordinator, &format!("/challenges/{id}"), &input)
            .await,
        StatusCode::OK,
    )
    .await;
    let log: Vec<ChallengeVersionSummary> = app
        .get_json(&coordinator, &format!("/challenges/{id}/versions"))
        .await;
    assert!(log.is_empty());

    let published: ChallengeDetail = expect_json(
        app.transition(&coordinator, id, "published").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published.version, 1);

    // A deadline change without a reason is refused, and nothing changes.
    let mut later = input.clone();
    later.proposals_close_at = input.proposals_close_at.map(|d| d + Duration::days(14));
    let fields = validation_fields(
        app.put(&coordinator, &format!("/challenges/{id}"), &later)
            .await,
    )
    .await;
    assert_eq!(fields, ["change_reason"]);
    assert_eq!(
        app.challenge(id).await.summary.proposals_close_at,
        input.proposals_close_at
    );
    assert_eq!(app.challenge(id).await.version, 1);

    // With a reason it lands as version 2.
    later.change_reason = Some("Markkinavuoropuhelussa toivottiin lisäaikaa.".into());
    let v2: ChallengeDetail = expect_json(
        app.put(&coordinator, &format!("/challenges/{id}"), &later)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(v2.version, 2);
    assert_eq!(v2.summary.proposals_close_at, later.proposals_close_at);

    // A wording change needs no reason.
    let mut reworded = later.clone();
    reworded.change_reason = None;
    reworded.title = "Kotihoidon asiakkaiden etäseuranta".into();
    let v3: ChallengeDetail = expect_json(
        app.put(&coordinator, &format!("/challenges/{id}"), &reworded)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(v3.version, 3);

    // A form loaded at version 2 cannot overwrite version 3.
    let mut stale = later.clone();
    stale.summary = "Vanhasta lomakkeesta tallennettu tiivistelmä, joka ei saa voittaa.".into();
    stale.change_reason = None;
    expect_error(
        app.put(
            &coordinator,
            &format!("/challenges/{id}?base_version=2"),
            &stale,
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        app.challenge(id).await.summary.title,
        "Kotihoidon asiakkaiden etäseuranta"
    );

    // Saving the same content again makes no version.
    let same: ChallengeDetail = expect_json(
        app.put(&coordinator, &format!("/challenges/{id}"), &reworded)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(same.version, 3);

    // Anyone sees the change log, newest first, with what changed and why.
    let log: Vec<ChallengeVersionSummary> = app
        .get_json(&app.client(), &format!("/challenges/{id}/versions"))
        .await;
    let numbers: Vec<u32> = log.iter().map(|v| v.number).collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(log[0].changed, [ChallengeField::Title]);
    assert_eq!(log[1].changed, [ChallengeField::ProposalsCloseAt]);
    assert_eq!(
        log[1].reason.as_deref(),
        Some("Markkinavuoropuhelussa toivottiin lisäaikaa.")
    );
    assert!(log[2].changed.is_empty());

    // And can read version 1 as it stood.
    let v1: ChallengeVersionView = app
        .get_json(&app.client(), &format!("/challenges/{id}/versions/1"))
        .await;
    assert_eq!(v1.content.title, "Kotihoidon etäseuranta");
    assert_eq!(v1.content.proposals_close_at, input.proposals_close_at);
    assert_eq!(v1.latest, 3);
    assert!(v1.description_html.contains("<h2>Tausta</h2>"));
    expect_error(
        app.get(&app.client(), &format!("/challenges/{id}/versions/9"))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn changing_the_evaluation_criteria_needs_a_reason_and_they_are_published_safely() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.evaluation_criteria = "**Vaikuttavuus** 60 %<script>alert(1)</script>".into();
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let shown = app.challenge(id).await;
    assert!(
        shown
            .evaluation_criteria_html
            .contains("<strong>Vaikuttavuus</strong>")
    );
    assert!(!shown.evaluation_criteria_html.contains("<script"));

    input.evaluation_criteria = "Vaikuttavuus 50 %, hinta 50 %".into();
    let fields = validation_fields(
        app.put(&coordinator, &format!("/challenges/{id}"), &input)
            .await,
    )
    .await;
    assert_eq!(fields, ["change_reason"]);
    input.change_reason = Some("   ".into());
    let fields = validation_fields(
        app.put(&coordinator, &format!("/challenges/{id}"), &input)
            .await,
    )
    .await;
    assert_eq!(fields, ["change_reason"]);
    input.change_reason = Some("Hinnan painoarvoa nostettiin kysymysten perusteella.".into());
    let v2: ChallengeDetail = expect_json(
        app.put(&coordinator, &format!("/challenges/{id}"), &input)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(v2.evaluation_criteria, "Vaikuttavuus 50 %, hinta 50 %");
    let log: Vec<ChallengeVersionSummary> = app
        .get_json(&app.client(), &format!("/challenges/{id}/versions"))
        .await;
    assert_eq!(log[0].changed, [ChallengeField::EvaluationCriteria]);
}

#[tokio::test]
async fn the_procurement_notice_is_stored_validated_and_shown() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.procurement_notice = Some(ProcurementNotice {
        register: NoticeRegister::Hilma,
        notice_id: String::new(),
        url: "javascript:alert(1)".into(),
    });
    let fields = validation_fields(app.post(&coordinator, "/challenges", &input).await).await;
    assert!(fields.contains(&"procurement_notice.notice_id".to_owned()));
    assert!(fields.contains(&"procurement_notice.url".to_owned()));
    let notice = ProcurementNotice {
        register: NoticeRegister::Hilma,
        notice_id: "2026-123456".into(),
        url: "https://www.hankintailmoitukset.fi/fi/public/procurement/123456/notice/654321".into(),
    };
    input.procurement_notice = Some(notice.clone());
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    assert_eq!(app.challenge(id).await.procurement_notice, Some(notice));
    // Adding it later is a change like any other (no reason needed), and removing it too.
    input.procurement_notice = None;
    let d: ChallengeDetail = expect_json(
        app.put(&coordinator, &format!("/challenges/{id}"), &input)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(d.procurement_notice, None);
    assert_eq!(d.version, 2);
}

#[tokio::test]
async fn the_change_log_of_a_draft_is_as_hidden_as_the_draft() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Luonnos");
    let id = app.create_challenge(&coordinator, &input).await.summary.id;
    for path in [
        format!("/challenges/{id}/versions"),
        format!("/challenges/{id}/versions/1"),
    ] {
        expect_error(app.get(&app.client(), &path).await, 404, "not_found").await;
    }
}
