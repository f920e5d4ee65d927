//! Signing in and out: cookies, rotation, throttling, expiry, the caller's own profile.

use chrono::Duration;
use kehto_tests::{PASSWORD, TestApp, expect_error, validation_fields};
use reqwest::StatusCode;
use serde_json::json;

/// The `name=value` pair of the session cookie a sign-in set.
fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    app.register_verified("anna@example.fi", "Anna").await;
    let c = app.client();
    let res = app.sign_in(&c, "anna@example.fi", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("kehto_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http test server: no Secure flag"
    );
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["user"]["email"], "anna@example.fi");
    let res = app.get(&c, "/session").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.delete(&c, "/session").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.get(&c, "/session").await;
    expect_error(res, 401, "unauthenticated").await;
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_token() {
    let app = TestApp::spawn().await;
    app.register_verified("rot@example.fi", "Rot").await;
    let c = app.client();
    let first = app.sign_in(&c, "rot@example.fi", PASSWORD).await;
    let first_cookie = session_cookie(&first);
    let second = app.sign_in(&c, "rot@example.fi", PASSWORD).await;
    let second_cookie = session_cookie(&second);
    assert_ne!(first_cookie, second_cookie);
    // The old token no longer works.
    let with_cookie = |cookie: &str| {
        app.client()
            .get(app.url("/session"))
            .header("cookie", cookie)
            .send()
    };
    let res = with_cookie(&first_cookie).await.unwrap();
    expect_error(res, 401, "unauthenticated").await;
    let res = with_cookie(&second_cookie).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_account() {
    let app = TestApp::spawn().await;
    app.register_verified("target@example.fi", "Target").await;
    let c = app.client();
    for _ in 0..5 {
        let res = app
            .sign_in(&c, "target@example.fi", "väärä-salasana-123")
            .await;
        expect_error(res, 401, "invalid_credentials").await;
    }
    // Now even the right password is refused for the window.
    let res = app.sign_in(&c, "target@example.fi", PASSWORD).await;
    assert!(res.headers().get("retry-after").is_some());
    expect_error(res, 429, "rate_limited").await;
    app.clock.advance(Duration::minutes(16));
    let res = app.sign_in(&c, "target@example.fi", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_accounts_and_wrong_passwords_look_the_same() {
    let app = TestApp::spawn().await;
    app.register_verified("real@example.fi", "Real").await;
    let c = app.client();
    let a = app
        .sign_in(&c, "real@example.fi", "väärä-salasana-123")
        .await;
    let b = app
        .sign_in(&c, "ghost@example.fi", "väärä-salasana-123")
        .await;
    let a = expect_error(a, 401, "invalid_credentials").await;
    let b = expect_error(b, 401, "invalid_credentials").await;
    assert_eq!(a, b);
    let res = app.sign_in(&c, "", "").await;
    expect_error(res, 401, "invalid_credentials").await;
    let res = app
        .post(&c, "/session", &json!({"email": "real@example.fi"}))
        .await;
    expect_error(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn sessions_expire_after_twelve_idle_hours() {
    let app = TestApp::spawn().await;
    let (_, c) = app.user("idle@example.fi").await;
    app.clock.advance(Duration::hours(11));
    assert_eq!(app.get(&c, "/session").await.status(), StatusCode::OK);
    // Use keeps it alive …
    app.clock.advance(Duration::hours(11));
    assert_eq!(app.get(&c, "/session").await.status(), StatusCode::OK);
    // … idleness ends it.
    app.clock
        .advance(Duration::hours(12) + Duration::seconds(1));
    expect_error(app.get(&c, "/session").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn users_update_their_own_name_and_language() {
    let app = TestApp::spawn().await;
    let (_, c) = app.user("me@example.fi").await;
    let res = app
        .put(
            &c,
            "/me",
            &json!({"display_name": "Maija Meikäläinen", "lang": "sv"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["user"]["display_name"], "Maija Meikäläinen");
    assert_eq!(me["user"]["lang"], "sv");
    let res = app
        .put(&c, "/me", &json!({"display_name": " ", "lang": "sv"}))
        .await;
    assert_eq!(validation_fields(res).await, ["display_name"]);
    let res = app
        .put(
            &c,
            "/me",
            &json!({"display_name": "X Y", "lang": "klingon"}),
        )
        .await;
    expect_error(res, 422, "validation_failed").await;
    let me = app.me(&c).await;
    assert_eq!(
        me["user"]["display_name"], "Maija Meikäläinen",
        "refused updates change nothing"
    );
    let res = app
        .put(
            &app.client(),
            "/me",
            &json!({"display_name": "Hacker", "lang": "fi"}),
        )
        .await;
    expect_error(res, 401, "unauthenticated").await;
}

#[tokio::test]
async fn parallel_guesses_are_throttled_too() {
    let app = TestApp::spawn().await;
    app.register_verified("parallel@example.fi", "Parallel")
        .await;
    let wrong = json!({"email": "parallel@example.fi", "password": "väärä-salasana-123"});
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let req = app.client().post(app.url("/session")).json(&wrong);
            tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap().unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + throttled, 20, "{statuses:?}");
    assert!(
        checked <= 5,
        "at most five passwords were tried: {statuses:?}"
    );
}

#[tokio::test]
async fn absurd_addresses_never_reach_the_database() {
    let app = TestApp::spawn().await;
    let huge = format!("{}@example.fi", "a".repeat(100_000));
    for email in [huge.as_str(), "no-at-sign", " "] {
        let res = app.sign_in(&app.client(), email, "x").await;
        expect_error(res, 401, "invalid_credentials").await;
    }
    let sql = "SELECT COUNT(*) FROM login_failures";
    let attempts: i64 = match &app.db {
        kehto_backend::db::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        kehto_backend::db::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    };
    assert_eq!(attempts, 0);
}

#[tokio::test]
async fn a_session_started_on_one_instance_works_on_another() {
    let app = TestApp::spawn().await;
    let (_, c) = app.user("lb@example.fi").await;
    let other = app.second_instance().await;
    let res = c
        .get(format!("{other}/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "sessions live in the shared database"
    );
    // Signing out on the second instance ends the session on the first.
    assert_eq!(
        c.delete(format!("{other}/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(app.get(&c, "/session").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_address_across_accounts() {
    let app = TestApp::spawn().await;
    app.register_verified("victim@example.fi", "Victim").await;
    let c = app.client();
    // Password spraying: one wrong guess each for many addresses from one client address.
    for n in 0..50 {
        let res = app
            .sign_in(&c, &format!("user{n}@example.fi"), "väärä-salasana-123")
            .await;
        expect_error(res, 401, "invalid_credentials").await;
    }
    let res = app.sign_in(&c, "victim@example.fi", PASSWORD).await;
    expect_error(res, 429, "rate_limited").await;
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure_and_host_only() {
    let app = TestApp::spawn_with_base_url("https://kehto.example.fi").await;
    app.register_verified("secure@example.fi", "Secure").await;
    let res = app
        .sign_in(&app.client(), "secure@example.fi", PASSWORD)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-kehto_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    let pair = session_cookie(&res);
    let with_cookie = |cookie: &str| {
        app.bare_client()
            .get(app.url("/session"))
            .header("cookie", cookie)
            .send()
    };
    let res = with_cookie(&pair).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The plain-HTTP name is not accepted in its place.
    let plain = pair.replace("__Host-kehto_session", "kehto_session");
    expect_error(with_cookie(&plain).await.unwrap(), 401, "unauthenticated").await;
    // Writes must come from the public origin.
    let res = app
        .client()
        .post(app.url("/session"))
        .header("origin", app.base.clone())
        .json(&json!({"email": "x@y.fi", "password": "z"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 403, "csrf_rejected").await;
}
