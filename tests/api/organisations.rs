//! Companies and research organisations, members and roles; the reference regions.

use kehto_tests::{TestApp, error_fields, expect_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn create_company(app: &TestApp, c: &Client, name: &str, business_id: &str) -> i64 {
    let res = c
        .post(app.url("/organisations"))
        .json(&json!({"kind": "company", "name": name, "business_id": business_id, "website": "https://hoivatek.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let org: Value = res.json().await.unwrap();
    org["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_reference_regions_are_there_in_finnish_and_swedish() {
    let app = TestApp::spawn().await;
    let regions: Vec<Value> = app
        .client()
        .get(app.url("/regions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    let id = create_company(&app, &c, "Hoivatek Oy", " 0112038-9 ").await;
    let org: Value = app
        .client()
        .get(app.url(&format!("/organisations/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(org["business_id"], "0112038-9");
    assert_eq!(org["kind"], "company");
    let me: Value = c
        .get(app.url("/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
        let res = c
            .post(app.url("/organisations"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let err = expect_error(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&err), fields, "{body}");
    }
    let me: Value = c
        .get(app.url("/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 0);
    create_company(&app, &c, "Hoivatek Oy", "0112038-9").await;
    let res = c
        .post(app.url("/organisations"))
        .json(&json!({"kind": "research", "name": "Toinen", "business_id": "0112038-9"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 409, "business_id_taken").await;
    let res = app
        .client()
        .post(app.url("/organisations"))
        .json(&json!({"kind": "company", "name": "Anon Oy", "business_id": "1572860-0"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 401, "unauthenticated").await;
    expect_error(
        app.client()
            .get(app.url("/organisations/999999"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.client()
            .get(app.url("/organisations/abc"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn owners_manage_members_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let (owner_id, owner) = app.user("owner@hoivatek.example").await;
    let (member_id, member) = app.user("dev@hoivatek.example").await;
    let (_, outsider) = app.user("someone@other.example").await;
    let org = create_company(&app, &owner, "Hoivatek Oy", "0112038-9").await;
    let members_url = app.url(&format!("/organisations/{org}/members"));

    // Bad input: unknown account, role that does not fit a company, malformed address.
    let res = owner
        .post(&members_url)
        .json(&json!({"email": "nobody@x.example", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_fields(&expect_error(res, 422, "validation_failed").await),
        ["email"]
    );
    let res = owner
        .post(&members_url)
        .json(&json!({"email": "dev@hoivatek.example", "role": "coordinator"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_fields(&expect_error(res, 422, "validation_failed").await),
        ["role"]
    );
    let res = owner
        .post(&members_url)
        .json(&json!({"email": "bad", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_fields(&expect_error(res, 422, "validation_failed").await),
        ["email"]
    );
    // An account whose address is not verified cannot be given a role.
    app.client()
        .post(app.url("/accounts"))
        .json(&json!({"email": "unverified@hoivatek.example", "password": kehto_tests::PASSWORD, "display_name": "Unverified", "lang": "fi"}))
        .send()
        .await
        .unwrap();
    let res = owner
        .post(&members_url)
        .json(&json!({"email": "unverified@hoivatek.example", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_fields(&expect_error(res, 422, "validation_failed").await),
        ["email"]
    );

    let res = owner
        .post(&members_url)
        .json(&json!({"email": "DEV@hoivatek.example", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = owner
        .post(&members_url)
        .json(&json!({"email": "dev@hoivatek.example", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 409, "conflict").await;

    // Members see the list; outsiders do not; members cannot manage.
    let list: Vec<Value> = member
        .get(&members_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    expect_error(
        outsider.get(&members_url).send().await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    let res = member
        .post(&members_url)
        .json(&json!({"email": "someone@other.example", "role": "company_member"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 403, "forbidden").await;
    let res = outsider
        .delete(format!("{members_url}/{member_id}"))
        .send()
        .await
        .unwrap();
    expect_error(res, 403, "forbidden").await;

    // The last owner can neither demote nor remove themselves.
    let res = owner
        .put(format!("{members_url}/{owner_id}"))
        .json(&json!({"role": "company_member"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 409, "conflict").await;
    let res = owner
        .delete(format!("{members_url}/{owner_id}"))
        .send()
        .await
        .unwrap();
    expect_error(res, 409, "conflict").await;
    let list: Vec<Value> = owner
        .get(&members_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list.iter()
            .any(|m| m["user_id"] == owner_id && m["role"] == "company_owner"),
        "nothing changed"
    );

    // Promote the member, then the first owner may step down.
    let res = owner
        .put(format!("{members_url}/{member_id}"))
        .json(&json!({"role": "company_owner"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = owner
        .delete(format!("{members_url}/{owner_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(
        owner.get(&members_url).send().await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    // The last owner cannot leave even when alone.
    let res = member
        .delete(format!("{members_url}/{member_id}"))
        .send()
        .await
        .unwrap();
    expect_error(res, 409, "conflict").await;
    expect_error(
        member
            .delete(format!("{members_url}/424242"))
            .send()
            .await
            .unwrap(),
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
    let url = app.url(&format!("/organisations/{region}/members"));
    let res = coordinator
        .post(&url)
        .json(&json!({"email": "staff@pirha.example", "role": "region_staff"}))
        .send()
        .await
        .unwrap();
    expect_error(res, 403, "forbidden").await;
    let list: Vec<Value> = coordinator
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 1, "coordinators see their region's members");
}
