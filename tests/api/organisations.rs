//! Companies and research organisations, members and roles; the reference regions.

use kehto_tests::{TestApp, error_fields, expect_error, validation_fields};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

/// Asks, as `c`, to give the account `email` the `role` in organisation `org`.
async fn add_member(app: &TestApp, c: &Client, org: i64, email: &str, role: &str) -> Response {
    let body = json!({"email": email, "role": role});
    app.post(c, &format!("/organisations/{org}/members"), &body)
        .await
}

#[tokio::test]
async fn the_reference_regions_are_there_in_finnish_and_swedish() {
    let app = TestApp::spawn().await;
    let regions: Vec<Value> = app.get_json(&app.client(), "/regions").await;
    assert_eq!(regions.len(), 23);
    let pirkanmaa = regions
        .iter()
        .find(|r| r["name_fi"] == "Pirkanmaan hyvinvointialue")
        .expect("Pirkanmaa");
    assert_eq!(pirkanmaa["name_sv"], "Birkalands välfärdsområde");
    assert_eq!(pirkanmaa["region_code"], "pirkanmaa");
    assert!(regions.iter().any(|r| r["name_fi"] == "HUS-yhtymä"));
    assert!(regions.iter().any(|r| r["name_sv"] == "Helsingfors stad"));
}

#[tokio::test]
async fn a_user_registers_a_company_and_becomes_its_owner() {
    let app = TestApp::spawn().await;
    let (_, c) = app.user("owner@hoivatek.example").await;
    let id = app.create_company(&c, "Hoivatek Oy", " 0112038-9 ").await;
    let org: Value = app
        .get_json(&app.client(), &format!("/organisations/{id}"))
        .await;
    assert_eq!(org["business_id"], "0112038-9");
    assert_eq!(org["kind"], "company");
    let me = app.me(&c).await;
    assert_eq!(me["memberships"][0]["role"], "company_owner");
    assert_eq!(me["memberships"][0]["org"]["id"], id);
}

#[tokio::test]
async fn bad_organisation_input_is_refused_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let (_, c) = app.user("owner@example.fi").await;
    let cases = [
        (
            json!({"kind": "company", "name": "Hoivatek Oy", "business_id": "0112038-1"}),
            vec!["business_id"],
        ),
        (
            json!({"kind": "company", "name": "Hoivatek Oy", "business_id": ""}),
            vec!["business_id"],
        ),
        (
            json!({"kind": "company", "name": "H", "business_id": "0112038-9"}),
            vec!["name"],
        ),
        (
            json!({"kind": "region", "name": "Oma alue", "business_id": "0112038-9"}),
            vec!["kind"],
        ),
        (
            json!({"kind": "company", "name": "Hoivatek Oy", "business_id": "0112038-9", "website": "ftp://x"}),
            vec!["website"],
        ),
        (
            json!({"kind": "guild", "name": "Hoivatek Oy", "business_id": "0112038-9"}),
            vec!["kind"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.post(&c, "/organisations", &body).await;
        let err = expect_error(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&err), fields, "{body}");
    }
    let me = app.me(&c).await;
    assert_eq!(me["memberships"].as_array().unwrap().len(), 0);
    app.create_company(&c, "Hoivatek Oy", "0112038-9").await;
    let res = app
        .post(
            &c,
            "/organisations",
            &json!({"kind": "research", "name": "Toinen", "business_id": "0112038-9"}),
        )
        .await;
    expect_error(res, 409, "business_id_taken").await;
    let res = app
        .post(
            &app.client(),
            "/organisations",
            &json!({"kind": "company", "name": "Anon Oy", "business_id": "1572860-0"}),
        )
        .await;
    expect_error(res, 401, "unauthenticated").await;
    for path in ["/organisations/999999", "/organisations/abc"] {
        expect_error(app.get(&app.client(), path).await, 404, "not_found").await;
    }
}

#[tokio::test]
async fn owners_manage_members_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let (owner_id, owner) = app.user("owner@hoivatek.example").await;
    let (member_id, member) = app.user("dev@hoivatek.example").await;
    let (_, outsider) = app.user("someone@other.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "0112038-9").await;
    let members = format!("/organisations/{org}/members");

    // Bad input: unknown account, role that does not fit a company, malformed address.
    let res = add_member(&app, &owner, org, "nobody@x.example", "company_member").await;
    assert_eq!(validation_fields(res).await, ["email"]);
    let res = add_member(&app, &owner, org, "dev@hoivatek.example", "coordinator").await;
    assert_eq!(validation_fields(res).await, ["role"]);
    let res = add_member(&app, &owner, org, "bad", "company_member").await;
    assert_eq!(validation_fields(res).await, ["email"]);
    // An account whose address is not verified cannot be given a role.
    app.sign_up(
        &app.client(),
        "unverified@hoivatek.example",
        "Unverified",
        "fi",
    )
    .await;
    let res = add_member(
        &app,
        &owner,
        org,
        "unverified@hoivatek.example",
        "company_member",
    )
    .await;
    assert_eq!(validation_fields(res).await, ["email"]);

    let res = add_member(&app, &owner, org, "DEV@hoivatek.example", "company_member").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = add_member(&app, &owner, org, "dev@hoivatek.example", "company_member").await;
    expect_error(res, 409, "already_member").await;

    // Members see the list; outsiders do not; members cannot manage.
    let list: Vec<Value> = app.get_json(&member, &members).await;
    assert_eq!(list.len(), 2);
    expect_error(app.get(&outsider, &members).await, 403, "forbidden").await;
    let res = add_member(
        &app,
        &member,
        org,
        "someone@other.example",
        "company_member",
    )
    .await;
    expect_error(res, 403, "forbidden").await;
    let res = app
        .delete(&outsider, &format!("{members}/{member_id}"))
        .await;
    expect_error(res, 403, "forbidden").await;

    // The last owner can neither demote nor remove themselves.
    let res = app
        .put(
            &owner,
            &format!("{members}/{owner_id}"),
            &json!({"role": "company_member"}),
        )
        .await;
    expect_error(res, 409, "conflict").await;
    let res = app.delete(&owner, &format!("{members}/{owner_id}")).await;
    expect_error(res, 409, "conflict").await;
    let list: Vec<Value> = app.get_json(&owner, &members).await;
    assert!(
        list.iter()
            .any(|m| m["user_id"] == owner_id && m["role"] == "company_owner"),
        "nothing changed"
    );

    // Promote the member, then the first owner may step down.
    let res = app
        .put(
            &owner,
            &format!("{members}/{member_id}"),
            &json!({"role": "company_owner"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.delete(&owner, &format!("{members}/{owner_id}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(app.get(&owner, &members).await, 403, "forbidden").await;
    // The last owner cannot leave even when alone.
    let res = app.delete(&member, &format!("{members}/{member_id}")).await;
    expect_error(res, 409, "conflict").await;
    expect_error(
        app.delete(&member, &format!("{members}/424242")).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn region_memberships_are_granted_by_operators_only() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app
        .coordinator("koordinaattori@pirha.example", "pirkanmaa")
        .await;
    let (_, _) = app.user("staff@pirha.example").await;
    let members = format!("/organisations/{region}/members");
    let res = add_member(
        &app,
        &coordinator,
        region,
        "staff@pirha.example",
        "region_staff",
    )
    .await;
    expect_error(res, 403, "forbidden").await;
    let list: Vec<Value> = app.get_json(&coordinator, &members).await;
    assert_eq!(list.len(), 1, "coordinators see their region's members");
}
