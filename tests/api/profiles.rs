//! Organisation profiles: who edits them, who sees what, and validation that saves nothing.

use kehto_tests::{TestApp, expect_error, expect_json, validation_fields};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A complete public profile with two offerings.
pub fn profile_body(description: &str) -> Value {
    json!({
        "size_class": "small",
        "summary": "Etäseurantaa kotihoitoon",
        "description": description,
        "themes": ["home_care", "remote_monitoring"],
        "capabilities": ["remote_monitoring_devices", "integration_interoperability"],
        "offerings": [
            {"name": "Kotona-mittari", "description": "Verenpaineen ja painon **etämittaus**.", "trl": 8,
             "medical_device_class": "mdr_class_iia", "ce_marked": true,
             "references": "Pilotti 2025", "languages": ["fi", "sv"], "regions_served": ["pirkanmaa"]},
            {"name": "Hoitajan näkymä", "trl": 6, "medical_device_class": "not_medical_device",
             "languages": ["fi"], "regions_served": []}
        ],
        "contact_name": "Mikko Mäkinen",
        "contact_email": "Mikko@Hoivatek.example",
        "contact_phone": "+358 40 123 4567",
        "website": "https://hoivatek.example",
        "languages": ["fi"],
        "public": true
    })
}

async fn put_profile(app: &TestApp, c: &Client, org: i64, body: &Value) -> reqwest::Response {
    app.put(c, &format!("/organisations/{org}/profile"), body)
        .await
}

async fn profile(app: &TestApp, c: &Client, org: i64) -> Value {
    app.get_json(c, &format!("/organisations/{org}/profile"))
        .await
}

#[tokio::test]
async fn profiles_an_owner_saves_and_a_visitor_sees_it_without_private_fields() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;

    // Before anything is saved, members see an empty, private profile; others see nothing.
    let empty = profile(&app, &owner, org).await;
    assert_eq!(empty["public"], false);
    assert!(empty["updated_at"].is_null());
    expect_error(
        app.get(&app.client(), &format!("/organisations/{org}/profile"))
            .await,
        404,
        "not_found",
    )
    .await;

    let saved: Value = expect_json(
        put_profile(&app, &owner, org, &profile_body("Teemme *etäseurantaa*.")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["contact_email"], "mikko@hoivatek.example");
    assert_eq!(saved["can_edit"], true);
    assert_eq!(saved["can_manage_members"], true);
    assert_eq!(saved["business_id"], "2345670-5");
    assert!(saved["description_html"].as_str().unwrap().contains("<em>"));
    let offerings = saved["offerings"].as_array().unwrap();
    assert_eq!(offerings.len(), 2);
    assert_eq!(offerings[0]["trl"], 8);
    assert_eq!(offerings[0]["medical_device_class"], "mdr_class_iia");
    assert_eq!(offerings[0]["regions_served"], json!(["pirkanmaa"]));
    assert!(
        offerings[0]["description_html"]
            .as_str()
            .unwrap()
            .contains("<strong>")
    );
    let first_id = offerings[0]["id"].as_i64().unwrap();

    let seen = profile(&app, &app.client(), org).await;
    assert_eq!(seen["summary"], "Etäseurantaa kotihoitoon");
    assert_eq!(seen["contact_name"], "Mikko Mäkinen");
    assert!(seen["contact_email"].is_null(), "{seen}");
    assert!(seen["contact_phone"].is_null(), "{seen}");
    assert_eq!(seen["can_edit"], false);
    assert_eq!(seen["offerings"].as_array().unwrap().len(), 2);

    // Region staff contact companies: they see the private fields of a public profile.
    let (_, coordinator) = app
        .coordinator("koordinaattori@pirha.example", "pirkanmaa")
        .await;
    let seen = profile(&app, &coordinator, org).await;
    assert_eq!(seen["contact_phone"], "+358 40 123 4567");
    assert_eq!(seen["can_edit"], false);

    // Editing keeps the identity of offerings sent back with their id, drops the others.
    let mut body = profile_body("Uusi kuvaus.");
    body["offerings"] = json!([
        {"name": "Uusi palvelu", "trl": 4, "medical_device_class": "not_medical_device"},
        {"id": first_id, "name": "Kotona-mittari 2", "trl": 9, "medical_device_class": "mdr_class_iia",
         "ce_marked": true, "languages": ["sv"]}
    ]);
    let saved: Value =
        expect_json(put_profile(&app, &owner, org, &body).await, StatusCode::OK).await;
    let offerings = saved["offerings"].as_array().unwrap();
    assert_eq!(offerings.len(), 2);
    assert_eq!(offerings[0]["name"], "Uusi palvelu");
    assert_ne!(offerings[0]["id"], first_id);
    assert_eq!(offerings[1]["id"], first_id);
    assert_eq!(offerings[1]["name"], "Kotona-mittari 2");
    assert_eq!(offerings[1]["languages"], json!(["sv"]));
    assert_eq!(offerings[1]["regions_served"], json!([]));
    // The website is the organisation's own.
    let org_view: Value = app
        .get_json(&app.client(), &format!("/organisations/{org}"))
        .await;
    assert_eq!(org_view["website"], "https://hoivatek.example");
}

#[tokio::test]
async fn profiles_members_edit_but_only_owners_manage_members() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;
    let (_, member) = app.user("member@hoivatek.example").await;
    let res = app
        .post(
            &owner,
            &format!("/organisations/{org}/members"),
            &json!({"email": "member@hoivatek.example", "role": "company_member"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let saved: Value = expect_json(
        put_profile(&app, &member, org, &profile_body("Jäsenen kirjoittama.")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["can_edit"], true);
    assert_eq!(saved["can_manage_members"], false);
    assert_eq!(saved["contact_email"], "mikko@hoivatek.example");
    let invite = json!({"email": "uusi@hoivatek.example", "role": "company_member"});
    expect_error(
        app.post(
            &member,
            &format!("/organisations/{org}/invitations"),
            &invite,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn profiles_another_company_cannot_edit_nor_see_a_private_profile() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;
    let mut body = profile_body("Salainen kuvaus.");
    body["public"] = json!(false);
    expect_json::<Value>(put_profile(&app, &owner, org, &body).await, StatusCode::OK).await;

    let (_, rival) = app.user("owner@kilpailija.example").await;
    app.create_company(&rival, "Kilpailija Oy", "2345671-3")
        .await;
    expect_error(
        put_profile(&app, &rival, org, &profile_body("Kaapattu.")).await,
        403,
        "forbidden",
    )
    .await;
    for c in [&rival, &app.client()] {
        expect_error(
            app.get(c, &format!("/organisations/{org}/profile")).await,
            404,
            "not_found",
        )
        .await;
    }
    expect_error(
        put_profile(&app, &app.client(), org, &body).await,
        401,
        "unauthenticated",
    )
    .await;
    // Nothing changed, and regions have no profile at all.
    assert_eq!(
        profile(&app, &owner, org).await["description"],
        "Salainen kuvaus."
    );
    let regions: Vec<Value> = app.get_json(&app.client(), "/regions").await;
    let region = regions[0]["id"].as_i64().unwrap();
    expect_error(
        app.get(&owner, &format!("/organisations/{region}/profile"))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn profiles_invalid_input_is_refused_with_field_paths_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;
    let saved: Value = expect_json(
        put_profile(&app, &owner, org, &profile_body("Alkuperäinen.")).await,
        StatusCode::OK,
    )
    .await;

    let mut bad = profile_body("Muutettu.");
    bad["offerings"][1]["trl"] = json!(0);
    bad["offerings"][0]["regions_served"] = json!(["pirkanmaa", "atlantis"]);
    bad["offerings"][0]["name"] = json!("");
    bad["contact_email"] = json!("ei-osoite");
    bad["website"] = json!("hoivatek.example");
    let fields = validation_fields(put_profile(&app, &owner, org, &bad).await).await;
    for f in [
        "offerings[1].trl",
        "offerings[0].regions_served[1]",
        "offerings[0].name",
        "contact_email",
        "website",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }

    // An offering id of another organisation is refused, and the whole save with it.
    let (_, rival) = app.user("owner@kilpailija.example").await;
    let other = app
        .create_company(&rival, "Kilpailija Oy", "2345671-3")
        .await;
    let theirs: Value = expect_json(
        put_profile(&app, &rival, other, &profile_body("Kilpailija.")).await,
        StatusCode::OK,
    )
    .await;
    let mut stolen = profile_body("Muutettu.");
    stolen["offerings"][1]["id"] = theirs["offerings"][0]["id"].clone();
    let fields = validation_fields(put_profile(&app, &owner, org, &stolen).await).await;
    assert_eq!(fields, ["offerings[1].id"]);
    // A wrongly typed value names its path too.
    let mut typed = profile_body("Muutettu.");
    typed["offerings"][0]["medical_device_class"] = json!("class_zero");
    let fields = validation_fields(put_profile(&app, &owner, org, &typed).await).await;
    assert_eq!(fields, ["offerings[0].medical_device_class"]);

    let now = profile(&app, &owner, org).await;
    assert_eq!(now, saved, "nothing may change after refused saves");
    let theirs_now = profile(&app, &rival, other).await;
    assert_eq!(theirs_now["offerings"], theirs["offerings"]);
}
