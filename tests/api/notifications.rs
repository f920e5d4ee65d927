//! Follows, saved searches and notifications: who hears about what, in which language, and
//! that nobody learns another company's identity through them.

use chrono::Duration;
use kehto_shared::challenge::Theme;
use kehto_shared::notifications::{
    FollowedChallenge, NotificationKind, NotificationPrefs, NotificationsView, SavedSearch,
};
use kehto_tests::{TestApp, expect_error, expect_json, validation_fields};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn notifications(app: &TestApp, c: &Client) -> NotificationsView {
    app.get_json(c, "/me/notifications").await
}

/// Registers a verified user with interface language `lang` and signs them in.
async fn user_in(app: &TestApp, email: &str, name: &str, lang: &str) -> Client {
    let c = app.client();
    let res = app.sign_up(&c, email, name, lang).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let token = app.token_from_mail(email, "/verify-email?token=");
    let res = app
        .post(&c, "/accounts/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    app.signed_in(email).await
}

#[tokio::test]
async fn following_needs_an_account_and_a_visible_challenge() {
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
    let draft = app
        .create_challenge(&coordinator, &app.challenge_input(region, "Luonnos"))
        .await
        .summary
        .id;
    let visitor = app.client();
    expect_error(
        app.put(&visitor, &format!("/challenges/{id}/follow"), &json!({}))
            .await,
        401,
        "unauthenticated",
    )
    .await;
    let (_, user) = app.user("seuraaja@example.com").await;
    expect_error(
        app.put(&user, &format!("/challenges/{draft}/follow"), &json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.put(&user, &format!("/challenges/{id}/follow"), &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    // Following twice is harmless.
    assert_eq!(
        app.put(&user, &format!("/challenges/{id}/follow"), &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_json::<kehto_shared::challenge::ChallengeDetail>(
            &user,
            &format!("/challenges/{id}")
        )
        .await
        .following,
        Some(true)
    );
    assert_eq!(app.challenge(id).await.following, None);
    let follows: Vec<FollowedChallenge> = app.get_json(&user, "/me/follows").await;
    assert_eq!(follows.len(), 1);
    assert_eq!(follows[0].challenge_id, id);
    assert_eq!(
        app.delete(&user, &format!("/challenges/{id}/follow"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        app.get_json::<Vec<FollowedChallenge>>(&user, "/me/follows")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_published_answer_reaches_followers_and_the_asker_in_their_language_without_the_askers_name()
 {
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
    let company_a = user_in(&app, "myynti@hoivatek.example", "Aino Asiakas", "fi").await;
    app.create_company(&company_a, "Hoivatek Oy", "0112038-9")
        .await;
    let company_b = user_in(&app, "sara@konkurrent.example", "Sara Svensson", "sv").await;
    app.create_company(&company_b, "Konkurrent Ab", "1572860-0")
        .await;
    assert_eq!(
        app.put(&company_b, &format!("/challenges/{id}/follow"), &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    let asked: serde_json::Value = expect_json(
        app.post(
            &company_a,
            &format!("/challenges/{id}/questions"),
            &json!({"text": "Hoivatek Oy kysyy: riittääkö yksi tiimi?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // Asking makes the asker a follower.
    let follows: Vec<FollowedChallenge> = app.get_json(&company_a, "/me/follows").await;
    assert_eq!(follows.len(), 1);
    // Nobody is told about an unanswered question.
    assert!(notifications(&app, &company_b).await.items.is_empty());

    let qid = asked["id"].as_i64().unwrap();
    let res = app
        .put(
            &coordinator,
            &format!("/challenges/{id}/questions/{qid}/answer"),
            &json!({"question": "Riittääkö pilottiin yksi tiimi?", "answer": "Kyllä riittää."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for c in [&company_a, &company_b] {
        let n = notifications(&app, c).await;
        assert_eq!(n.items.len(), 1);
        assert_eq!(n.unread, 1);
        assert_eq!(n.items[0].kind, NotificationKind::AnswerPublished);
        assert_eq!(n.items[0].challenge_id, id);
        assert_eq!(n.items[0].detail, "Riittääkö pilottiin yksi tiimi?");
        assert_eq!(n.items[0].challenge_title, "Kotihoidon etäseuranta");
    }
    assert!(notifications(&app, &coordinator).await.items.is_empty());

    app.settle_mail().await;
    let sv = app.last_mail_to("sara@konkurrent.example").unwrap();
    assert!(sv.contains("Hej Sara Svensson,"), "{sv}");
    assert!(sv.contains("I utmaningen ”Kotihoidon etäseuranta” har ett svar publicerats på frågan: Riittääkö pilottiin yksi tiimi?"), "{sv}");
    assert!(sv.contains(&format!("{}/challenges/{id}", app.base)));
    assert!(!sv.contains("Hoivatek"), "B must not learn who asked: {sv}");
    let fi = app.last_mail_to("myynti@hoivatek.example").unwrap();
    assert!(
        fi.contains("Haasteeseen ”Kotihoidon etäseuranta” on julkaistu vastaus kysymykseen"),
        "{fi}"
    );

    // Marking read.
    let res = app
        .post(&company_b, "/me/notifications/read", &json!({"all": true}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(notifications(&app, &company_b).await.unread, 0);
    assert_eq!(notifications(&app, &company_a).await.unread, 1);

    // Correcting the published answer tells everyone again; saving it unchanged does not.
    let correct = json!({"question": "Riittääkö pilottiin yksi tiimi?", "answer": "Kyllä, yksi tiimi riittää."});
    for _ in 0..2 {
        let res = app
            .put(
                &coordinator,
                &format!("/challenges/{id}/questions/{qid}/answer"),
                &correct,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    for c in [&company_a, &company_b] {
        assert_eq!(notifications(&app, c).await.items.len(), 2);
    }
}

#[tokio::test]
async fn a_change_notifies_followers_and_email_follows_each_users_preferences() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let (_, wants_mail) = app.user("posti@example.com").await;
    let (_, app_only) = app.user("vain-sovellus@example.com").await;
    for c in [&wants_mail, &app_only] {
        app.put(c, &format!("/challenges/{id}/follow"), &json!({}))
            .await;
    }
    let prefs: NotificationPrefs = expect_json(
        app.put(
            &app_only,
            "/me/notification-prefs",
            &json!({"email": ["answer_published"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(prefs.email, [NotificationKind::AnswerPublished]);
    assert_eq!(
        app.get_json::<NotificationPrefs>(&app_only, "/me/notification-prefs")
            .await,
        prefs
    );
    assert_eq!(
        app.get_json::<NotificationPrefs>(&wants_mail, "/me/notification-prefs")
            .await,
        NotificationPrefs::default()
    );
    expect_error(
        app.put(
            &app_only,
            "/me/notification-prefs",
            &json!({"email": ["spam"]}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;

    input.proposals_close_at = input.proposals_close_at.map(|d| d + Duration::days(7));
    input.change_reason = Some("Lisäaikaa ehdotuksille.".into());
    let res = app
        .put(&coordinator, &format!("/challenges/{id}"), &input)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for c in [&wants_mail, &app_only] {
        let n = notifications(&app, c).await;
        assert_eq!(n.items.len(), 1);
        assert_eq!(n.items[0].kind, NotificationKind::ChallengeChanged);
        assert_eq!(n.items[0].detail, "proposals_close_at");
    }
    app.settle_mail().await;
    let mail = app.last_mail_to("posti@example.com").unwrap();
    assert!(
        mail.contains("Muuttuneet kohdat: ehdotusten määräaika."),
        "{mail}"
    );
    assert!(
        app.last_mail_to("vain-sovellus@example.com")
            .unwrap()
            .contains("verify-email"),
        "the only mail to the app-only user is still their verification mail"
    );
}

#[tokio::test]
async fn a_newly_published_challenge_reaches_matching_saved_searches_once() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, home_care) = app.user("kotihoito@example.com").await;
    let (_, words) = app.user("sanat@example.com").await;
    let (_, elsewhere) = app.user("muualla@example.com").await;
    let (_, by_region) = app.user("alue@example.com").await;
    let (_, stop_words) = app.user("taytesanat@example.com").await;
    let saved: SavedSearch = expect_json(
        app.post(
            &home_care,
            "/me/saved-searches",
            &json!({"name": "Kotihoito Pirkanmaalla", "region": "pirkanmaa", "theme": "home_care"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(saved.input.theme, Some(Theme::HomeCare));
    // Two matching searches of one user give one notification.
    app.post(
        &home_care,
        "/me/saved-searches",
        &json!({"name": "Etäseuranta", "q": "etäseuranta"}),
    )
    .await;
    // Inflected words match like on the board ("etäseurantaan" ~ "etäseuranta").
    app.post(
        &words,
        "/me/saved-searches",
        &json!({"name": "Seuranta", "q": "etäseurantaan"}),
    )
    .await;
    app.post(
        &elsewhere,
        "/me/saved-searches",
        &json!({"name": "Lappi", "region": "lappi", "theme": "home_care"}),
    )
    .await;

    // The region's name is searchable as on the board; words that leave nothing to search for
    // match nothing.
    app.post(
        &by_region,
        "/me/saved-searches",
        &json!({"name": "Alue", "q": "Pirkanmaalla"}),
    )
    .await;
    app.post(
        &stop_words,
        "/me/saved-searches",
        &json!({"name": "Täytesanat", "q": "ja"}),
    )
    .await;
    // Bad input is refused with field errors, and nothing is saved.
    let fields = validation_fields(
        app.post(
            &elsewhere,
            "/me/saved-searches",
            &json!({"name": "", "region": "atlantis"}),
        )
        .await,
    )
    .await;
    assert!(fields.contains(&"name".to_owned()) && fields.contains(&"region".to_owned()));
    let fields = validation_fields(
        app.post(&elsewhere, "/me/saved-searches", &json!({"name": "Kaikki"}))
            .await,
    )
    .await;
    assert_eq!(fields, ["q"]);
    assert_eq!(
        app.get_json::<Vec<SavedSearch>>(&elsewhere, "/me/saved-searches")
            .await
            .len(),
        1
    );

    let draft = app
        .create_challenge(
            &coordinator,
            &app.challenge_input(region, "Kotihoidon etäseuranta"),
        )
        .await;
    assert!(
        notifications(&app, &home_care).await.items.is_empty(),
        "drafts notify nobody"
    );
    let res = app
        .transition(&coordinator, draft.summary.id, "published")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let n = notifications(&app, &home_care).await;
    assert_eq!(n.items.len(), 1);
    assert_eq!(n.items[0].kind, NotificationKind::MatchingChallenge);
    assert_eq!(n.items[0].detail, "Kotihoito Pirkanmaalla");
    assert_eq!(notifications(&app, &words).await.items.len(), 1);
    assert!(notifications(&app, &elsewhere).await.items.is_empty());
    assert_eq!(notifications(&app, &by_region).await.items.len(), 1);
    assert!(notifications(&app, &stop_words).await.items.is_empty());

    // A search belongs to its owner.
    expect_error(
        app.delete(&elsewhere, &format!("/me/saved-searches/{}", saved.id))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.delete(&home_care, &format!("/me/saved-searches/{}", saved.id))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_json::<Vec<SavedSearch>>(&home_care, "/me/saved-searches")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn saved_searches_are_limited_per_user() {
    let app = TestApp::spawn().await;
    let (_, user) = app.user("hakija@example.com").await;
    for n in 0..kehto_shared::notifications::SAVED_SEARCHES_MAX {
        let res = app
            .post(
                &user,
                "/me/saved-searches",
                &json!({"name": format!("Haku {n}"), "q": "kotihoito"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    expect_error(
        app.post(
            &user,
            "/me/saved-searches",
            &json!({"name": "Yksi liikaa", "q": "kotihoito"}),
        )
        .await,
        409,
        "limit_reached",
    )
    .await;
    assert_eq!(
        app.get_json::<Vec<SavedSearch>>(&user, "/me/saved-searches")
            .await
            .len(),
        20
    );
}
