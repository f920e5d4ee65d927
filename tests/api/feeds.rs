//! Atom feeds: the board's published challenges, filterable like the board, and a challenge's
//! published questions and answers — valid Atom, no drafts, never the asker.

use kehto_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

async fn atom(app: &TestApp, path: &str) -> String {
    let res = app.get(&app.client(), path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(ct, "application/atom+xml; charset=utf-8");
    let body = res.text().await.unwrap();
    assert!(body.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(body.trim_end().ends_with("</feed>"));
    assert_eq!(
        body.matches("<entry>").count(),
        body.matches("</entry>").count()
    );
    body
}

#[tokio::test]
async fn the_challenges_feed_lists_published_challenges_filtered_like_the_board() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut home = app.challenge_input(region, "Kotihoidon etäseuranta & <hälytykset>");
    home.themes = vec![kehto_shared::challenge::Theme::HomeCare];
    let home_id = app
        .published_challenge(&coordinator, &home)
        .await
        .summary
        .id;
    let mut mental = app.challenge_input(region, "Mielenterveyspalveluiden digitaalinen ohjaus");
    mental.themes = vec![kehto_shared::challenge::Theme::MentalHealth];
    mental.summary =
        "Nuorten mielenterveyspalveluihin haetaan digitaalista ohjausta ja tukea.".into();
    mental.description = "Nuoret odottavat mielenterveyspalveluihin liian kauan. Etsimme digitaalista ohjausta, joka toimii jonon aikana.".into();
    app.published_challenge(&coordinator, &mental).await;
    app.create_challenge(
        &coordinator,
        &app.challenge_input(region, "Salainen luonnos"),
    )
    .await;

    let all = atom(&app, "/feeds/challenges.atom").await;
    assert_eq!(all.matches("<entry>").count(), 2);
    assert!(all.contains("Kotihoidon etäseuranta &amp; &lt;hälytykset&gt;"));
    assert!(!all.contains("Salainen luonnos"));
    assert!(all.contains(&format!("/challenges/{home_id}\"")));
    assert!(all.contains("<name>Pirkanmaan hyvinvointialue</name>"));

    let home_only = atom(&app, "/feeds/challenges.atom?theme=home_care").await;
    assert_eq!(home_only.matches("<entry>").count(), 1);
    assert!(home_only.contains("Kotihoidon"));
    assert!(home_only.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\""));
    assert!(home_only.contains("challenges.atom?theme=home_care"));

    // Finnish inflection works as on the board: "mielenterveyspalvelu" finds "mielenterveyspalveluihin".
    let searched = atom(&app, "/feeds/challenges.atom?q=mielenterveyspalvelu").await;
    assert_eq!(searched.matches("<entry>").count(), 1);
    assert!(searched.contains("Mielenterveyspalveluiden"));

    // Bad filters get the board's error, not a broken feed.
    expect_error(
        app.get(&app.client(), "/feeds/challenges.atom?region=atlantis")
            .await,
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        app.get(&app.client(), "/feeds/challenges.atom?trl=12")
            .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_questions_feed_has_answered_questions_without_askers() {
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
    let (_, company) = app.user("myynti@hoivatek.example").await;
    app.create_company(&company, "Hoivatek Oy", "0112038-9")
        .await;
    let q: serde_json::Value = expect_json(
        app.post(
            &company,
            &format!("/challenges/{id}/questions"),
            &json!({"text": "Hoivatek kysyy: riittääkö yksi tiimi pilottiin?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    app.post(
        &company,
        &format!("/challenges/{id}/questions"),
        &json!({"text": "Vielä vastaamaton kysymys integraatiosta?"}),
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    let res = app
        .put(
            &coordinator,
            &format!("/challenges/{id}/questions/{qid}/answer"),
            &json!({"question": "Riittääkö yksi tiimi pilottiin?", "answer": "Kyllä, pilotti voi alkaa yhdellä tiimillä."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let feed = atom(&app, &format!("/challenges/{id}/questions.atom")).await;
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains("<title>Riittääkö yksi tiimi pilottiin?</title>"));
    assert!(feed.contains("Kyllä, pilotti voi alkaa yhdellä tiimillä."));
    assert!(
        !feed.contains("Hoivatek"),
        "the asker must not show: {feed}"
    );
    assert!(!feed.contains("vastaamaton"));

    let draft = app
        .create_challenge(&coordinator, &app.challenge_input(region, "Luonnos"))
        .await;
    expect_error(
        app.get(
            &app.client(),
            &format!("/challenges/{}/questions.atom", draft.summary.id),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}
