//! Every endpoint that takes a body refuses malformed input with the error envelope, and
//! nothing already saved changes.

use kehto_tests::{TestApp, expect_error};
use reqwest::Method;

#[tokio::test]
async fn every_write_endpoint_refuses_malformed_bodies_without_side_effects() {
    let app = TestApp::spawn().await;
    let (region, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let ch = app
        .published_challenge(&c, &app.challenge_input(region, "Muuttumaton haaste"))
        .await;
    let org_id = app
        .create_organisation(
            &c,
            &serde_json::json!({"kind": "research", "name": "Tutkimusryhmä", "business_id": "0112038-9"}),
        )
        .await;
    let me = app.me(&c).await;
    let user_id = me["user"]["id"].as_i64().unwrap();
    let id = ch.summary.id;
    let endpoints = [
        (Method::POST, "/accounts".to_owned()),
        (Method::POST, "/accounts/verify-email".to_owned()),
        (Method::POST, "/accounts/resend-verification".to_owned()),
        (Method::POST, "/password-resets".to_owned()),
        (Method::POST, "/password-resets/confirm".to_owned()),
        (Method::POST, "/session".to_owned()),
        (Method::PUT, "/me".to_owned()),
        (Method::POST, "/organisations".to_owned()),
        (Method::POST, format!("/organisations/{org_id}/members")),
        (
            Method::PUT,
            format!("/organisations/{org_id}/members/{user_id}"),
        ),
        (Method::POST, "/challenges".to_owned()),
        (Method::PUT, format!("/challenges/{id}")),
        (Method::POST, format!("/challenges/{id}/transitions")),
        (Method::POST, "/markdown/preview".to_owned()),
        (Method::POST, format!("/challenges/{id}/questions")),
        (Method::PUT, format!("/challenges/{id}/questions/1/answer")),
    ];
    let counts = || async {
        (
            kehto_backend::db::users::count_users(&app.db)
                .await
                .unwrap(),
            kehto_backend::db::challenges::count_all(&app.db)
                .await
                .unwrap(),
        )
    };
    let before = counts().await;
    for (method, path) in &endpoints {
        let url = app.url(path);
        let send = |body: &'static str, content_type: &'static str| {
            c.request(method.clone(), &url)
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        expect_error(
            send("{\"unterminated", "application/json").await.unwrap(),
            400,
            "malformed_request",
        )
        .await;
        expect_error(
            send("[1, 2, 3]", "application/json").await.unwrap(),
            422,
            "validation_failed",
        )
        .await;
        expect_error(
            send("{}", "text/plain").await.unwrap(),
            415,
            "unsupported_media_type",
        )
        .await;
        let res = send("{\"email\": 5, \"title\": [], \"to\": 7, \"role\": {}, \"token\": 1, \"markdown\": 2, \"display_name\": 3}", "application/json")
            .await
            .unwrap();
        expect_error(res, 422, "validation_failed").await;
    }
    assert_eq!(counts().await, before, "(users, challenges)");
    let again = app.challenge(id).await;
    assert_eq!(again.summary.title, "Muuttumaton haaste");
    assert_eq!(again.summary.status, ch.summary.status);
    let members: Vec<serde_json::Value> = app
        .get_json(&c, &format!("/organisations/{org_id}/members"))
        .await;
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["role"], "company_owner");
}
