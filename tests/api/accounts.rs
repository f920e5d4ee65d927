//! Sign-up, e-mail verification and password reset.

use kehto_shared::Lang;
use kehto_tests::{PASSWORD, TestApp, error_fields, expect_error, validation_fields};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn sign_up_sends_a_verification_mail_in_the_users_language() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let res = app
        .sign_up(&c, " Lisa.Berg@Example.FI ", "Lisa Berg", "sv")
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let user: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        user["email"], "lisa.berg@example.fi",
        "addresses are normalised"
    );
    assert_eq!(user["email_verified"], false);
    let mail = app
        .last_mail_to("lisa.berg@example.fi")
        .expect("a mail was written");
    assert!(
        mail.contains("bekräfta din e-postadress"),
        "Swedish text:\n{mail}"
    );
    assert!(mail.contains(&format!("{}/verify-email?token=", app.base)));
    assert!(mail.contains("text/plain") && mail.contains("text/html"));
}

#[tokio::test]
async fn an_unverified_user_cannot_sign_in_until_the_link_is_followed() {
    let app = TestApp::spawn().await;
    let c = app.client();
    app.sign_up(&c, "matti@example.fi", "Matti", "fi").await;
    let res = app.sign_in(&c, "matti@example.fi", PASSWORD).await;
    expect_error(res, 403, "email_not_verified").await;
    let token = app.token_from_mail("matti@example.fi", "/verify-email?token=");
    let verify = json!({"token": token});
    let res = app.post(&c, "/accounts/verify-email", &verify).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // A token works once.
    let res = app.post(&c, "/accounts/verify-email", &verify).await;
    expect_error(res, 400, "token_invalid").await;
    let res = app.sign_in(&c, "matti@example.fi", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_sign_up_input_is_refused_field_by_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let c = app.client_in(Lang::En);
    let cases = [
        (
            json!({"email": "not-an-address", "password": PASSWORD, "display_name": "Ok Name", "lang": "fi"}),
            vec!["email"],
        ),
        (
            json!({"email": "a@example.fi", "password": "short", "display_name": "Ok Name", "lang": "fi"}),
            vec!["password"],
        ),
        (
            json!({"email": "a@example.fi", "password": "x".repeat(129), "display_name": "Ok Name", "lang": "fi"}),
            vec!["password"],
        ),
        (
            json!({"email": "a@example.fi", "password": "password1234", "display_name": "Ok Name", "lang": "fi"}),
            vec!["password"],
        ),
        (
            json!({"email": "a@example.fi", "password": PASSWORD, "display_name": "", "lang": "fi"}),
            vec!["display_name"],
        ),
        (
            json!({"email": "", "password": "", "display_name": "", "lang": "fi"}),
            vec!["email", "password", "display_name"],
        ),
        (
            json!({"email": "a@example.fi", "password": PASSWORD, "display_name": "Ok Name", "lang": "de"}),
            vec!["lang"],
        ),
        (
            json!({"email": "a@example.fi", "password": PASSWORD, "display_name": "Ok Name"}),
            vec!["lang"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.post(&c, "/accounts", &body).await;
        let err = expect_error(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&err), fields, "{body}");
        assert!(
            err["error"]["fields"][0]["message"]
                .as_str()
                .unwrap()
                .chars()
                .next()
                .unwrap()
                .is_uppercase()
        );
    }
    let res = c
        .post(app.url("/accounts"))
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "malformed_request").await;
    let res = c
        .post(app.url("/accounts"))
        .body("email=a")
        .send()
        .await
        .unwrap();
    expect_error(res, 415, "unsupported_media_type").await;
    assert_eq!(
        kehto_backend::db::users::count_users(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(app.mail_count(), 0);
}

#[tokio::test]
async fn an_address_gets_one_account() {
    let app = TestApp::spawn().await;
    app.register_verified("sama@example.fi", "Eka").await;
    let res = app
        .post(
            &app.client(),
            "/accounts",
            &json!({"email": "SAMA@example.fi", "password": "toinen-salainen-lause-42", "display_name": "Toka", "lang": "fi"}),
        )
        .await;
    expect_error(res, 409, "email_taken").await;
    // The first account still signs in with its own password.
    app.signed_in("sama@example.fi").await;
}

#[tokio::test]
async fn password_reset_changes_the_password_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let (_, old_session) = app.user("reset@example.fi").await;
    let c = app.client();
    // The answer is the same for unknown addresses.
    for email in ["reset@example.fi", "nobody@example.fi"] {
        let res = app
            .post(&c, "/password-resets", &json!({"email": email}))
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    assert!(app.last_mail_to("nobody@example.fi").is_none());
    let token = app.token_from_mail("reset@example.fi", "/reset-password?token=");
    let confirm = |password: &str| json!({"token": token, "password": password});
    let res = app
        .post(&c, "/password-resets/confirm", &confirm("qwerty123456"))
        .await;
    assert_eq!(validation_fields(res).await, ["password"]);
    let new_password = "uusi-pitkä-salalause-kevät";
    let res = app
        .post(&c, "/password-resets/confirm", &confirm(new_password))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post(
            &c,
            "/password-resets/confirm",
            &confirm("kolmas-pitkä-salalause"),
        )
        .await;
    expect_error(res, 400, "token_invalid").await;
    let res = app.get(&old_session, "/session").await;
    expect_error(res, 401, "unauthenticated").await;
    let res = app.sign_in(&c, "reset@example.fi", PASSWORD).await;
    expect_error(res, 401, "invalid_credentials").await;
    let res = app.sign_in(&c, "reset@example.fi", new_password).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn reset_links_expire_after_an_hour() {
    let app = TestApp::spawn().await;
    app.register_verified("late@example.fi", "Late").await;
    let c = app.client();
    app.post(&c, "/password-resets", &json!({"email": "late@example.fi"}))
        .await;
    let token = app.token_from_mail("late@example.fi", "/reset-password?token=");
    app.clock.advance(chrono::Duration::minutes(61));
    let res = app
        .post(
            &c,
            "/password-resets/confirm",
            &json!({"token": token, "password": "uusi-pitkä-salalause-kevät"}),
        )
        .await;
    expect_error(res, 400, "token_invalid").await;
    let res = app
        .post(
            &c,
            "/password-resets/confirm",
            &json!({"token": "", "password": ""}),
        )
        .await;
    assert_eq!(validation_fields(res).await, ["token", "password"]);
}

#[tokio::test]
async fn reset_and_verification_mails_are_capped_per_hour() {
    let app = TestApp::spawn().await;
    app.register_verified("flood@example.fi", "Flood").await;
    let c = app.client();
    let flood = json!({"email": "flood@example.fi"});
    let before = app.mail_count();
    for _ in 0..6 {
        let res = app.post(&c, "/password-resets", &flood).await;
        assert_eq!(
            res.status(),
            StatusCode::ACCEPTED,
            "the answer never changes"
        );
    }
    assert_eq!(app.mail_count() - before, 3);
    app.clock.advance(chrono::Duration::minutes(61));
    app.post(&c, "/password-resets", &flood).await;
    assert_eq!(app.mail_count() - before, 4);
    // Resending a verification link to an unverified account follows the same cap.
    app.sign_up(&c, "new@example.fi", "Uusi", "fi").await;
    for _ in 0..5 {
        let res = app
            .post(
                &c,
                "/accounts/resend-verification",
                &json!({"email": "new@example.fi"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    assert_eq!(app.mail_count() - before, 4 + 3);
    let res = app
        .post(
            &c,
            "/accounts/resend-verification",
            &json!({"email": "nope"}),
        )
        .await;
    assert_eq!(validation_fields(res).await, ["email"]);
}
