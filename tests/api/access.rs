//! Who may do what with challenges, through the API (the policy's own table test lives in
//! `backend/src/auth/policy.rs`).

use kehto_shared::challenge::ChallengeStatus;
use kehto_tests::{TestApp, expect_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_company_member_cannot_create_or_edit_challenges() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, company) = app.user("myyja@hoivatek.example").await;
    app.create_organisation(
        &company,
        &json!({"kind": "company", "name": "Hoivatek Oy", "business_id": "0112038-9"}),
    )
    .await;
    let input = app.challenge_input(region, "Alueen haaste");
    let res = app.post(&company, "/challenges", &input).await;
    expect_error(res, 403, "forbidden").await;
    let ch = app.published_challenge(&coordinator, &input).await;
    let id = ch.summary.id;
    let path = format!("/challenges/{id}");
    let mut edit = input.clone();
    edit.title = "Yrityksen muokkaama".into();
    let res = app.put(&company, &path, &edit).await;
    expect_error(res, 403, "forbidden").await;
    let res = app.transition(&company, id, "cancelled").await;
    expect_error(res, 422, "validation_failed").await;
    let res = app.transition(&company, id, "proposals_open").await;
    expect_error(res, 403, "forbidden").await;
    let d: Value = app.get_json(&app.client(), &path).await;
    assert_eq!(d["title"], "Alueen haaste", "nothing changed");
    assert_eq!(d["status"], "published");
}

#[tokio::test]
async fn a_coordinator_of_another_region_cannot_touch_the_challenge() {
    let app = TestApp::spawn().await;
    let (pirkanmaa, owner) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (oulu, other) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    let input = app.challenge_input(pirkanmaa, "Pirkanmaan haaste");
    let draft = app.create_challenge(&owner, &input).await;
    let id = draft.summary.id;
    let path = format!("/challenges/{id}");
    // The draft does not exist for the other region.
    expect_error(app.get(&other, &path).await, 404, "not_found").await;
    expect_error(app.put(&other, &path, &input).await, 404, "not_found").await;
    expect_error(
        app.transition(&other, id, "published").await,
        404,
        "not_found",
    )
    .await;
    app.transition(&owner, id, "published").await;
    // Published: visible, but not editable or movable by them.
    let seen: Value = app.get(&other, &path).await.json().await.unwrap();
    assert_eq!(seen["can_edit"], false);
    assert_eq!(seen["next_statuses"], json!([]));
    let mut edit = input.clone();
    edit.title = "Kaapattu haaste".into();
    expect_error(app.put(&other, &path, &edit).await, 403, "forbidden").await;
    expect_error(
        app.transition(&other, id, "proposals_open").await,
        403,
        "forbidden",
    )
    .await;
    // Nor can they create a challenge for a region they do not coordinate, or add their region.
    let res = app
        .post(
            &other,
            "/challenges",
            &app.challenge_input(pirkanmaa, "Toisen nimissä"),
        )
        .await;
    expect_error(res, 403, "forbidden").await;
    let mut joint = input.clone();
    joint.region_ids = vec![pirkanmaa, oulu];
    let res = app.put(&owner, &path, &joint).await;
    expect_error(res, 422, "validation_failed").await;
    let d: Value = app.get_json(&app.client(), &path).await;
    assert_eq!(d["title"], "Pirkanmaan haaste");
    assert_eq!(d["regions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn visitors_never_see_drafts_and_cannot_write() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Julkaisematon luonnos");
    let draft = app.create_challenge(&c, &input).await;
    let path = format!("/challenges/{}", draft.summary.id);
    let visitor = app.client();
    expect_error(app.get(&visitor, &path).await, 404, "not_found").await;
    let page: Value = app
        .get_json(&visitor, "/challenges?include_drafts=true&q=luonnos")
        .await;
    assert_eq!(page["meta"]["total"], 0);
    expect_error(
        app.post(&visitor, "/challenges", &input).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_error(
        app.transition(&visitor, draft.summary.id, "published")
            .await,
        401,
        "unauthenticated",
    )
    .await;
    // A decision maker of the region may read the draft but not change it.
    let dm = app
        .register_verified("paattaja@pirha.example", "Päättäjä")
        .await;
    app.grant_region_role(dm, "pirkanmaa", "decision_maker")
        .await;
    let dm = app.signed_in("paattaja@pirha.example").await;
    let d: Value = app.get_json(&dm, &path).await;
    assert_eq!(d["status"], "draft");
    assert_eq!(d["can_edit"], false);
    expect_error(
        app.transition(&dm, draft.summary.id, "published").await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn state_changes_need_the_csrf_header_and_our_origin() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Väärennetty pyyntö");
    let res = app
        .sign_in(&app.bare_client(), "k@pirha.example", "x")
        .await;
    expect_error(res, 403, "csrf_rejected").await;
    let from_origin = |origin: String| {
        c.post(app.url("/challenges"))
            .header("origin", origin)
            .json(&input)
            .send()
    };
    let res = from_origin("https://evil.example".into()).await.unwrap();
    expect_error(res, 403, "csrf_rejected").await;
    let res = from_origin(app.base.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let d: kehto_shared::challenge::ChallengeDetail = res.json().await.unwrap();
    assert_eq!(d.summary.status, ChallengeStatus::Draft);
    // Reads need no header.
    assert_eq!(
        app.get(&app.bare_client(), "/challenges").await.status(),
        StatusCode::OK
    );
}
