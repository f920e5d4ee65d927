//! Invitations to an organisation: mailed in the right language, accepted once by the invited
//! address only, refused when expired or revoked.

use chrono::Duration;
use kehto_tests::{TestApp, expect_error, expect_json};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

const MARKER: &str = "/invitations/accept?token=";

async fn invite(app: &TestApp, c: &Client, org: i64, email: &str, role: &str) -> Response {
    app.post(
        c,
        &format!("/organisations/{org}/invitations"),
        &json!({"email": email, "role": role}),
    )
    .await
}

async fn accept(app: &TestApp, c: &Client, token: &str) -> Response {
    app.post(c, "/invitations/accept", &json!({"token": token}))
        .await
}

/// A company with a signed-in owner (who writes Finnish); returns (org id, owner).
async fn company(app: &TestApp) -> (i64, Client) {
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;
    (org, owner)
}

/// Issues an invitation, lets the mail go out, and returns its token and the mail.
async fn invited(
    app: &TestApp,
    owner: &Client,
    org: i64,
    email: &str,
    role: &str,
) -> (String, String) {
    let inv: Value = expect_json(
        invite(app, owner, org, email, role).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(inv["status"], "pending");
    app.settle_mail().await;
    let to = email.to_lowercase();
    let mail = app.last_mail_to(&to).expect("invitation mail");
    (app.token_from_mail(&to, MARKER), mail)
}

#[tokio::test]
async fn invitations_are_mailed_and_accepted_by_the_invited_user() {
    let app = TestApp::spawn().await;
    let (org, owner) = company(&app).await;
    // No account yet: the mail is in the inviter's language.
    let (token, mail) = invited(
        &app,
        &owner,
        org,
        "Uusi.Jasen@Hoivatek.example",
        "company_owner",
    )
    .await;
    assert!(
        mail.contains("kutsuu sinut Kehtoon organisaation Hoivatek Oy"),
        "{mail}"
    );
    assert!(mail.contains("Omistaja"), "{mail}");

    // Before signing up, the link's holder can see who invites them where; nothing changes.
    let preview: Value = expect_json(
        app.post(
            &app.client(),
            "/invitations/preview",
            &json!({"token": token}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(preview["org"]["name_fi"], "Hoivatek Oy");
    assert_eq!(preview["role"], "company_owner");
    assert_eq!(preview["email"], "uusi.jasen@hoivatek.example");
    assert!(preview["invited_by"].is_string());
    expect_error(
        app.post(
            &app.client(),
            "/invitations/preview",
            &json!({"token": "not-a-token"}),
        )
        .await,
        400,
        "token_invalid",
    )
    .await;

    let (user_id, newcomer) = app.user("uusi.jasen@hoivatek.example").await;
    let joined: Value = expect_json(accept(&app, &newcomer, &token).await, StatusCode::OK).await;
    assert_eq!(joined["org"]["id"], org);
    assert_eq!(joined["role"], "company_owner");
    let me = app.me(&newcomer).await;
    assert_eq!(me["memberships"][0]["org"]["id"], org);
    assert_eq!(me["memberships"][0]["role"], "company_owner");

    let list: Vec<Value> = app
        .get_json(&owner, &format!("/organisations/{org}/invitations"))
        .await;
    assert_eq!(list[0]["status"], "accepted");
    assert_eq!(list[0]["email"], "uusi.jasen@hoivatek.example");
    let members: Vec<Value> = app
        .get_json(&owner, &format!("/organisations/{org}/members"))
        .await;
    assert!(members.iter().any(|m| m["user_id"] == user_id));
    // The token worked once, and shows nothing more.
    expect_error(accept(&app, &newcomer, &token).await, 400, "token_invalid").await;
    expect_error(
        app.post(
            &app.client(),
            "/invitations/preview",
            &json!({"token": token}),
        )
        .await,
        400,
        "token_invalid",
    )
    .await;
}

#[tokio::test]
async fn invitations_use_the_invitees_language_and_only_the_invitee_may_accept() {
    let app = TestApp::spawn().await;
    let (org, owner) = company(&app).await;
    let c = app.client();
    let res = app.sign_up(&c, "anna@kustvard.example", "Anna", "sv").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let verify = app.token_from_mail("anna@kustvard.example", "/verify-email?token=");
    let res = app
        .post(&c, "/accounts/verify-email", &json!({"token": verify}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (token, mail) = invited(&app, &owner, org, "anna@kustvard.example", "company_member").await;
    assert!(mail.contains("som medlem i Hoivatek Oy"), "{mail}");

    let (_, stranger) = app.user("someone.else@example.fi").await;
    expect_error(accept(&app, &stranger, &token).await, 403, "forbidden").await;
    expect_error(
        accept(&app, &app.client(), &token).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_error(
        accept(&app, &stranger, "not-a-token").await,
        400,
        "token_invalid",
    )
    .await;
    assert!(
        app.me(&stranger).await["memberships"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let anna = app.signed_in("anna@kustvard.example").await;
    let joined: Value = expect_json(accept(&app, &anna, &token).await, StatusCode::OK).await;
    assert_eq!(joined["role"], "company_member");
}

#[tokio::test]
async fn invitations_expired_or_revoked_are_refused() {
    let app = TestApp::spawn().await;
    let (org, owner) = company(&app).await;
    let (expiring, _) = invited(&app, &owner, org, "late@example.fi", "company_member").await;
    let (revoked, _) = invited(&app, &owner, org, "revoked@example.fi", "company_member").await;
    let list: Vec<Value> = app
        .get_json(&owner, &format!("/organisations/{org}/invitations"))
        .await;
    let revoked_id = list
        .iter()
        .find(|i| i["email"] == "revoked@example.fi")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = app
        .delete(
            &owner,
            &format!("/organisations/{org}/invitations/{revoked_id}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, r) = app.user("revoked@example.fi").await;
    expect_error(accept(&app, &r, &revoked).await, 400, "token_invalid").await;

    // Only owners see or revoke invitations.
    let (_, outsider) = app.user("outsider@example.fi").await;
    expect_error(
        app.get(&outsider, &format!("/organisations/{org}/invitations"))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.delete(
            &outsider,
            &format!("/organisations/{org}/invitations/{revoked_id}"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    app.clock.advance(Duration::days(7) + Duration::minutes(1));
    let (_, late) = app.user("late@example.fi").await;
    expect_error(accept(&app, &late, &expiring).await, 400, "token_invalid").await;
    let owner = app.signed_in("owner@hoivatek.example").await;
    let list: Vec<Value> = app
        .get_json(&owner, &format!("/organisations/{org}/invitations"))
        .await;
    let status = |email: &str| list.iter().find(|i| i["email"] == email).unwrap()["status"].clone();
    assert_eq!(status("late@example.fi"), "expired");
    assert_eq!(status("revoked@example.fi"), "revoked");
}

#[tokio::test]
async fn invitations_a_new_one_replaces_the_old_and_members_are_not_invited() {
    let app = TestApp::spawn().await;
    let (org, owner) = company(&app).await;
    let (first, _) = invited(&app, &owner, org, "twice@example.fi", "company_member").await;
    let (second, _) = invited(&app, &owner, org, "twice@example.fi", "company_owner").await;
    let (_, twice) = app.user("twice@example.fi").await;
    expect_error(accept(&app, &twice, &first).await, 400, "token_invalid").await;
    let list: Vec<Value> = app
        .get_json(&owner, &format!("/organisations/{org}/invitations"))
        .await;
    let second_id = list
        .iter()
        .find(|i| i["email"] == "twice@example.fi" && i["role"] == "company_owner")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let joined: Value = expect_json(accept(&app, &twice, &second).await, StatusCode::OK).await;
    assert_eq!(joined["role"], "company_owner");
    // An accepted invitation cannot be revoked: the membership is removed instead.
    expect_error(
        app.delete(
            &owner,
            &format!("/organisations/{org}/invitations/{second_id}"),
        )
        .await,
        409,
        "invitation_accepted",
    )
    .await;
    expect_error(
        invite(&app, &owner, org, "twice@example.fi", "company_member").await,
        409,
        "already_member",
    )
    .await;
    expect_error(
        invite(&app, &owner, org, "x@example.fi", "coordinator").await,
        422,
        "validation_failed",
    )
    .await;
}
