//! The directory of public profiles: Finnish-aware search, filters, paging, and private
//! profiles never listed.

use kehto_tests::{TestApp, expect_json, validation_fields};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Registers a company (a new owner) and saves `profile` for it; returns its id.
async fn company_with_profile(app: &TestApp, name: &str, bid: &str, profile: Value) -> i64 {
    let owner_email = format!("owner@{}.example", bid.replace('-', ""));
    let (_, owner) = app.user(&owner_email).await;
    let org = app.create_company(&owner, name, bid).await;
    let res = app
        .put(&owner, &format!("/organisations/{org}/profile"), &profile)
        .await;
    expect_json::<Value>(res, StatusCode::OK).await;
    org
}

fn profile(
    description: &str,
    public: bool,
    theme: &str,
    capability: &str,
    size: &str,
    offering: Value,
) -> Value {
    json!({
        "size_class": size, "summary": "", "description": description,
        "themes": [theme], "capabilities": [capability], "offerings": [offering],
        "contact_name": "Yhteys Henkilö", "contact_email": "yhteys@example.fi",
        "languages": ["fi"], "public": public
    })
}

/// The names on one directory page for `query`, and the total.
async fn names(app: &TestApp, query: &str) -> (Vec<String>, u64) {
    let page: Value = app
        .get_json(&app.client(), &format!("/directory{query}"))
        .await;
    let names = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    (names, page["meta"]["total"].as_u64().unwrap())
}

async fn three_companies(app: &TestApp) {
    company_with_profile(
        app,
        "Hoivatek Oy",
        "2345670-5",
        profile(
            "Kehitämme etäseurantaratkaisun kotihoidon asiakkaille.",
            true,
            "home_care",
            "remote_monitoring_devices",
            "small",
            json!({"name": "Kotona-mittari", "trl": 8, "medical_device_class": "mdr_class_iia",
                   "languages": ["fi", "sv"], "regions_served": ["pirkanmaa"]}),
        ),
    )
    .await;
    company_with_profile(
        app,
        "Mielimitta Oy",
        "2345671-3",
        profile(
            "Mobile app for young people's mental health.",
            true,
            "mental_health",
            "mobile_apps",
            "micro",
            json!({"name": "Mieli-app", "trl": 7, "medical_device_class": "not_medical_device",
                   "languages": ["en"], "regions_served": []}),
        ),
    )
    .await;
    company_with_profile(
        app,
        "Salainen Oy",
        "2345672-1",
        profile(
            "Etäseurantaratkaisu, jota ei vielä julkaista.",
            false,
            "home_care",
            "remote_monitoring_devices",
            "small",
            json!({"name": "Salainen mittari", "trl": 5, "medical_device_class": "mdr_class_i",
                   "languages": ["fi", "sv"], "regions_served": []}),
        ),
    )
    .await;
    // A company without any profile is not listed either.
    let (_, c) = app.user("owner@profiiliton.example").await;
    app.create_company(&c, "Profiiliton Oy", "2345674-8").await;
}

#[tokio::test]
async fn directory_lists_only_public_profiles_by_name() {
    let app = TestApp::spawn().await;
    three_companies(&app).await;
    let page: Value = app.get_json(&app.client(), "/directory").await;
    assert_eq!(page["meta"]["total"], 2);
    let first = &page["items"][0];
    assert_eq!(first["name"], "Hoivatek Oy");
    assert_eq!(first["offerings"][0]["name"], "Kotona-mittari");
    assert_eq!(first["offerings"][0]["trl"], 8);
    assert_eq!(first["regions_served"], json!(["pirkanmaa"]));
    assert_eq!(first["serves_all_finland"], false);
    assert_eq!(first["size_class"], "small");
    assert!(first.get("contact_email").is_none());
    assert_eq!(page["items"][1]["name"], "Mielimitta Oy");
    assert_eq!(page["items"][1]["serves_all_finland"], true);
}

#[tokio::test]
async fn directory_search_understands_finnish_inflection() {
    let app = TestApp::spawn().await;
    three_companies(&app).await;
    for q in [
        "etäseuranta",
        "etäseurannan",
        "kotihoito",
        "hoivatek",
        "mittari",
    ] {
        assert_eq!(
            names(&app, &format!("?q={q}")).await,
            (vec!["Hoivatek Oy".to_owned()], 1),
            "{q}"
        );
    }
    // Capability labels are indexed in every language.
    assert_eq!(names(&app, "?q=mobilappar").await.0, ["Mielimitta Oy"]);
    assert_eq!(names(&app, "?q=robotiikka").await, (vec![], 0));
}

#[tokio::test]
async fn directory_filters_combine_and_page() {
    let app = TestApp::spawn().await;
    three_companies(&app).await;
    let both = vec!["Hoivatek Oy".to_owned(), "Mielimitta Oy".to_owned()];
    assert_eq!(names(&app, "?theme=home_care").await.0, ["Hoivatek Oy"]);
    assert_eq!(
        names(&app, "?capability=mobile_apps").await.0,
        ["Mielimitta Oy"]
    );
    assert_eq!(names(&app, "?size=micro").await.0, ["Mielimitta Oy"]);
    assert_eq!(names(&app, "?lang=sv").await.0, ["Hoivatek Oy"]);
    // An offering with no regions serves all of Finland.
    assert_eq!(names(&app, "?region=pirkanmaa").await.0, both);
    assert_eq!(names(&app, "?region=lappi").await.0, ["Mielimitta Oy"]);
    assert_eq!(names(&app, "?region=lappi&theme=home_care").await.1, 0);
    assert_eq!(names(&app, "?kind=research").await.1, 0);

    assert_eq!(
        names(&app, "?per_page=1&page=2").await,
        (vec!["Mielimitta Oy".to_owned()], 2)
    );
    assert_eq!(names(&app, "?per_page=1&page=3").await, (vec![], 2));
    let fields =
        validation_fields(app.get(&app.client(), "/directory?region=atlantis").await).await;
    assert_eq!(fields, ["region"]);
    let fields = validation_fields(app.get(&app.client(), "/directory?per_page=0").await).await;
    assert_eq!(fields, ["per_page"]);
}

#[tokio::test]
async fn directory_drops_a_profile_made_private_again() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.user("owner@hoivatek.example").await;
    let org = app.create_company(&owner, "Hoivatek Oy", "2345670-5").await;
    let mut body = profile(
        "Etäseurantaa.",
        true,
        "home_care",
        "remote_monitoring_devices",
        "small",
        json!({"name": "Mittari", "trl": 8, "medical_device_class": "not_medical_device"}),
    );
    let path = format!("/organisations/{org}/profile");
    expect_json::<Value>(app.put(&owner, &path, &body).await, StatusCode::OK).await;
    assert_eq!(names(&app, "?q=etäseuranta").await.1, 1);
    body["public"] = json!(false);
    expect_json::<Value>(app.put(&owner, &path, &body).await, StatusCode::OK).await;
    assert_eq!(names(&app, "?q=etäseuranta").await.1, 0);
    assert_eq!(names(&app, "").await.1, 0);
}
