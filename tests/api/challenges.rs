//! The coordinator's challenge editor and the phase state machine.

use chrono::Duration;
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeDetail, ChallengeStatus, ChallengeTranslation};
use kehto_tests::{TestApp, error_fields, expect_error, validation_fields};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn challenge_count(app: &TestApp) -> i64 {
    kehto_backend::db::challenges::count_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_coordinator_drafts_previews_and_publishes_a_challenge() {
    let app = TestApp::spawn().await;
    let (region, c) = app
        .coordinator("koordinaattori@pirha.example", "pirkanmaa")
        .await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.description = "## Tausta\n\n**Kotihoito** tarvitsee apua.\n\n<script>alert('x')</script>\n\n[linkki](https://pirha.fi)".into();
    let draft = app.create_challenge(&c, &input).await;
    assert_eq!(draft.summary.status, ChallengeStatus::Draft);
    assert!(draft.can_edit);
    assert_eq!(draft.next_statuses, [ChallengeStatus::Published]);
    assert!(draft.description_html.contains("<h2>Tausta</h2>"));
    assert!(
        draft
            .description_html
            .contains("<strong>Kotihoito</strong>")
    );
    assert!(
        !draft.description_html.contains("<script"),
        "{}",
        draft.description_html
    );
    assert!(
        draft
            .description_html
            .contains("rel=\"noopener noreferrer\"")
    );
    assert_eq!(
        draft.summary.regions[0].name_fi,
        "Pirkanmaan hyvinvointialue"
    );

    let res = app.transition(&c, draft.summary.id, "published").await;
    assert_eq!(res.status(), StatusCode::OK);
    let published: ChallengeDetail = res.json().await.unwrap();
    assert_eq!(published.summary.status, ChallengeStatus::Published);
    assert_eq!(published.summary.published_at, Some(app.now()));
    assert_eq!(
        published.next_statuses,
        [ChallengeStatus::ProposalsOpen, ChallengeStatus::Cancelled]
    );
    let seen = app.challenge(draft.summary.id).await;
    assert_eq!(seen.summary.title, "Kotihoidon etäseuranta");
    assert!(
        !seen.can_edit && seen.next_statuses.is_empty(),
        "a visitor gets no actions"
    );
    let audit = kehto_backend::db::audit::actions_for(&app.db, "challenge", draft.summary.id)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(actions, ["challenge.created", "challenge.status_changed"]);
}

#[tokio::test]
async fn bad_challenge_input_is_refused_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let base = serde_json::to_value(app.challenge_input(region, "Kotihoidon etäseuranta")).unwrap();
    let with = |patch: Value| {
        let mut v = base.clone();
        for (k, val) in patch.as_object().unwrap() {
            v[k] = val.clone();
        }
        v
    };
    let cases = [
        (with(json!({"title": ""})), vec!["title"]),
        (with(json!({"title": "x".repeat(201)})), vec!["title"]),
        (with(json!({"trl_min": 8, "trl_max": 3})), vec!["trl_max"]),
        (with(json!({"trl_min": 0})), vec!["trl_min"]),
        (with(json!({"trl_max": 300})), vec!["trl_max"]),
        (with(json!({"budget_min_eur": -5})), vec!["budget_min_eur"]),
        (
            with(json!({"budget_min_eur": 10, "budget_max_eur": 5})),
            vec!["budget_max_eur"],
        ),
        (with(json!({"region_ids": []})), vec!["region_ids"]),
        (
            with(json!({"region_ids": [region, region]})),
            vec!["region_ids"],
        ),
        (
            with(json!({"themes": ["home_care", "home_care"]})),
            vec!["themes"],
        ),
        (with(json!({"themes": ["astrology"]})), vec!["themes[0]"]),
        (with(json!({"model": "auction"})), vec!["model"]),
        (
            with(json!({"contact_email": "nope"})),
            vec!["contact_email"],
        ),
        (
            with(json!({"proposals_close_at": "2020-01-01T00:00:00Z"})),
            vec!["proposals_close_at"],
        ),
        (
            with(json!({"questions_close_at": "not a date"})),
            vec!["questions_close_at"],
        ),
        (
            with(
                json!({"translations": [{"lang": "fi", "title": "Sama kieli", "summary": "", "description": ""}]}),
            ),
            vec!["translations[0].lang"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.post(&c, "/challenges", &body).await;
        let err = expect_error(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&err), fields, "{body}");
    }
    // A region that does not exist is not one the caller coordinates.
    let res = app
        .post(&c, "/challenges", &with(json!({"region_ids": [999999]})))
        .await;
    expect_error(res, 403, "forbidden").await;
    assert_eq!(challenge_count(&app).await, 0);
}

#[tokio::test]
async fn publishing_an_incomplete_draft_names_what_is_missing() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Keskeneräinen haaste");
    input.summary.clear();
    input.proposals_close_at = None;
    input.decision_target_at = None;
    input.contact_email.clear();
    let draft = app.create_challenge(&c, &input).await;
    let res = app.transition(&c, draft.summary.id, "published").await;
    assert_eq!(
        validation_fields(res).await,
        ["summary", "proposals_close_at", "contact_email"]
    );
    let again: ChallengeDetail = app
        .get_json(&c, &format!("/challenges/{}", draft.summary.id))
        .await;
    assert_eq!(again.summary.status, ChallengeStatus::Draft);
}

#[tokio::test]
async fn the_deadline_closes_a_challenge_at_exactly_the_server_time() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Määräaikatesti");
    let close = input.proposals_close_at.unwrap();
    let ch = app.published_challenge(&c, &input).await;
    let id = ch.summary.id;
    assert_eq!(
        app.transition(&c, id, "proposals_open").await.status(),
        StatusCode::OK
    );
    let status_at = |secs: i64| {
        let app = &app;
        async move {
            app.clock.set(close + Duration::seconds(secs));
            app.challenge(id).await.summary.status
        }
    };
    assert_eq!(status_at(-1).await, ChallengeStatus::ProposalsOpen);
    assert_eq!(status_at(0).await, ChallengeStatus::Closed);
    assert_eq!(status_at(1).await, ChallengeStatus::Closed);
    // Closed challenges go to evaluation, then decided, then archived. (Weeks have passed on the
    // clock, so the coordinator signs in again.)
    let c = app.signed_in("k@pirha.example").await;
    for to in ["evaluation", "decided", "archived"] {
        let res = app.transition(&c, id, to).await;
        assert_eq!(res.status(), StatusCode::OK, "{to}");
    }
}

#[tokio::test]
async fn transitions_outside_the_state_machine_are_refused() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let draft = app
        .create_challenge(&c, &app.challenge_input(region, "Tilakone"))
        .await;
    let id = draft.summary.id;
    for to in [
        "evaluation",
        "decided",
        "archived",
        "closed",
        "proposals_open",
        "draft",
    ] {
        expect_error(app.transition(&c, id, to).await, 409, "invalid_transition").await;
    }
    let res = app.transition(&c, id, "teleported").await;
    expect_error(res, 422, "validation_failed").await;
    app.transition(&c, id, "published").await;
    // Cancelling needs a written reason.
    let res = app.transition(&c, id, "cancelled").await;
    assert_eq!(validation_fields(res).await, ["reason"]);
    let res = app
        .post(
            &c,
            &format!("/challenges/{id}/transitions"),
            &json!({"to": "cancelled", "reason": "Tarve poistui organisaatiomuutoksessa."}),
        )
        .await;
    let d: ChallengeDetail = res.json().await.unwrap();
    assert_eq!(d.summary.status, ChallengeStatus::Cancelled);
    assert_eq!(
        d.status_reason.as_deref(),
        Some("Tarve poistui organisaatiomuutoksessa."),
        "the reason is public"
    );
    assert!(!d.can_edit);
    let res = app
        .put(
            &c,
            &format!("/challenges/{id}"),
            &app.challenge_input(region, "Muokattu peruttu"),
        )
        .await;
    expect_error(res, 403, "forbidden").await;
}

#[tokio::test]
async fn published_challenges_can_be_clarified_but_stay_complete() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Selkeytettävä haaste");
    let ch = app.published_challenge(&c, &input).await;
    let id = ch.summary.id;
    // Questions have closed; the coordinator may still clarify the text without moving that date.
    app.clock
        .set(input.questions_close_at.unwrap() + Duration::hours(1));
    let c = app.signed_in("k@pirha.example").await;
    input.summary = "Täsmennetty tiivistelmä: etsimme etäseurantaa kotihoidon asiakkaille.".into();
    let path = format!("/challenges/{id}");
    let res = app.put(&c, &path, &input).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    // But a published challenge cannot lose its summary, nor get a new past deadline.
    let mut broken = input.clone();
    broken.summary.clear();
    let res = app.put(&c, &path, &broken).await;
    assert_eq!(validation_fields(res).await, ["summary"]);
    let mut broken = input.clone();
    broken.proposals_close_at = Some(app.now() - Duration::minutes(30));
    let res = app.put(&c, &path, &broken).await;
    assert_eq!(validation_fields(res).await, ["proposals_close_at"]);
    let d = app.challenge(id).await;
    assert!(
        d.summary.summary.starts_with("Täsmennetty"),
        "the refused edit changed nothing"
    );
}

#[tokio::test]
async fn translations_are_served_on_request() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.translations.push(ChallengeTranslation {
        lang: Lang::Sv,
        title: "Distansuppföljning inom hemvården".into(),
        summary: "Välfärdsområdet söker en lösning för distansuppföljning.".into(),
        description: "## Bakgrund\n\nAntalet klienter inom hemvården växer.".into(),
    });
    let ch = app.published_challenge(&c, &input).await;
    let path = |lang: &str| format!("/challenges/{}?lang={lang}", ch.summary.id);
    let sv: ChallengeDetail = app.get_json(&app.client(), &path("sv")).await;
    assert_eq!(sv.summary.lang, Lang::Sv);
    assert_eq!(sv.summary.title, "Distansuppföljning inom hemvården");
    assert!(sv.description_html.contains("<h2>Bakgrund</h2>"));
    let en: ChallengeDetail = app.get_json(&app.client(), &path("en")).await;
    assert_eq!(
        en.summary.lang,
        Lang::Fi,
        "no English translation: the original is shown"
    );
    let res = app.get(&app.client(), &path("xx")).await;
    expect_error(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn markdown_preview_is_sanitised_and_for_signed_in_users() {
    let app = TestApp::spawn().await;
    let (_, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let preview = |markdown: String| json!({"markdown": markdown});
    let res = app
        .post(
            &c,
            "/markdown/preview",
            &preview("# Otsikko\n<img src=x onerror=alert(1)>".into()),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    let html = body["html"].as_str().unwrap();
    assert!(
        html.contains("<h1>Otsikko</h1>") && !html.contains("onerror"),
        "{html}"
    );
    let res = app
        .post(&c, "/markdown/preview", &preview("x".repeat(20_001)))
        .await;
    expect_error(res, 422, "validation_failed").await;
    let res = app
        .post(&app.client(), "/markdown/preview", &preview("x".into()))
        .await;
    expect_error(res, 401, "unauthenticated").await;
}
