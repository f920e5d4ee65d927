//! The platform around the API: health, OpenAPI, error envelope, security headers, durability
//! settings, and the append-only audit log.

use kehto_backend::db::Db;
use kehto_shared::Lang;
use kehto_tests::{TestApp, expect_error};
use reqwest::{Response, StatusCode};

/// `GET path` on the server itself, outside `/api/v1` (health, the front end and its assets).
async fn outside_api(app: &TestApp, path: &str) -> Response {
    app.client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn health_and_security_headers() {
    let app = TestApp::spawn().await;
    let res = outside_api(&app, "/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(res.text().await.unwrap(), "ok");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get_json(&app.client(), "/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/accounts",
        "/api/v1/accounts/verify-email",
        "/api/v1/password-resets",
        "/api/v1/password-resets/confirm",
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/regions",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}",
        "/api/v1/organisations/{id}/members",
        "/api/v1/organisations/{id}/members/{user_id}",
        "/api/v1/challenges",
        "/api/v1/challenges/{id}",
        "/api/v1/challenges/{id}/transitions",
        "/api/v1/markdown/preview",
        "/api/v1/challenges/{id}/questions",
        "/api/v1/challenges/{id}/questions/{question_id}/answer",
        "/api/v1/challenges/{id}/questions.atom",
        "/api/v1/challenges/{id}/versions",
        "/api/v1/challenges/{id}/versions/{number}",
        "/api/v1/challenges/{id}/follow",
        "/api/v1/challenges/{id}/events",
        "/api/v1/challenges/{id}/meetings",
        "/api/v1/challenges/{id}/meeting-settings",
        "/api/v1/challenges/{id}/dialogue",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/cancel",
        "/api/v1/events/{id}/material",
        "/api/v1/events/{id}/registration",
        "/api/v1/events/{id}/participants",
        "/api/v1/events/{id}/event.ics",
        "/api/v1/events.ics",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/{id}/booking",
        "/api/v1/meetings/{id}/summary",
        "/api/v1/feeds/challenges.atom",
        "/api/v1/me/follows",
        "/api/v1/me/saved-searches",
        "/api/v1/me/saved-searches/{id}",
        "/api/v1/me/notifications",
        "/api/v1/me/notifications/read",
        "/api/v1/me/notification-prefs",
        "/api/v1/me/dialogue",
        "/api/v1/invitations/preview",
        "/api/v1/organisations/{id}/profile",
        "/api/v1/directory",
        "/api/v1/organisations/{id}/invitations",
        "/api/v1/organisations/{id}/invitations/{invitation_id}",
        "/api/v1/invitations/accept",
        "/api/v1/challenges/{id}/criteria-set",
        "/api/v1/challenges/{id}/evaluators",
        "/api/v1/challenges/{id}/evaluators/{user_id}",
        "/api/v1/challenges/{id}/evaluator-invitations",
        "/api/v1/challenges/{id}/evaluator-invitations/{invitation_id}",
        "/api/v1/evaluator-invitations/accept",
        "/api/v1/challenges/{id}/assignments",
        "/api/v1/proposals/{id}/evaluators/{user_id}",
        "/api/v1/proposals/{id}/conflict-declaration",
        "/api/v1/me/evaluations",
        "/api/v1/proposals/{id}/scoresheet",
        "/api/v1/proposals/{id}/scoresheet/submit",
        "/api/v1/proposals/{id}/scoresheets",
        "/api/v1/proposals/{id}/scoresheets/{user_id}/reopen",
        "/api/v1/challenges/{id}/evaluation-board",
        "/api/v1/proposals/{id}/consensus",
        "/api/v1/proposals/{id}/decision",
        "/api/v1/challenges/{id}/evaluation/publish",
        "/api/v1/proposals/{id}/feedback",
        "/api/v1/challenges/{id}/outcome",
        "/api/v1/challenges/{id}/evaluation/export.csv",
        "/api/v1/challenges/{id}/evaluation/export.xlsx",
        "/api/v1/challenges/{id}/evaluation/report",
    ] {
        assert!(paths.contains_key(p), "{p} missing from OpenAPI");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "ApiError",
        "ChallengeInput",
        "ChallengeDetail",
        "MyScoring",
        "EvaluationBoard",
        "ProposalFeedback",
        "PublicOutcome",
        "ChallengeStatus",
        "Me",
        "ChallengeVersionView",
        "EventView",
        "MeetingsView",
        "NotificationsView",
        "SavedSearchInput",
        "MyDialogue",
        "DialogueDashboard",
        "OrgProfileInput",
        "OrgProfileView",
        "DirectoryEntry",
        "InvitationView",
    ] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
}

#[tokio::test]
async fn errors_use_one_envelope_in_the_callers_language() {
    let app = TestApp::spawn().await;
    for (lang, text) in [
        (Lang::Fi, "Hakemaasi kohdetta ei löytynyt."),
        (Lang::Sv, "Det du sökte hittades inte."),
        (Lang::En, "What you were looking for was not found."),
    ] {
        let res = app.get(&app.client_in(lang), "/no/such/thing").await;
        let body = expect_error(res, 404, "not_found").await;
        assert_eq!(body["error"]["message"], text);
    }
    let res = app.delete(&app.client(), "/challenges").await;
    expect_error(res, 405, "method_not_allowed").await;
    let big = "x".repeat(kehto_backend::MAX_BODY_BYTES + 10);
    let (_, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let res = c
        .post(app.url("/markdown/preview"))
        .header("content-type", "application/json")
        .body(format!("{{\"markdown\":\"{big}\"}}"))
        .send()
        .await
        .unwrap();
    expect_error(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_with_full_sync_and_foreign_keys() {
    let dir = std::env::temp_dir().join(format!("kehto-pragma-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&Db::default_sqlite_url(&dir), 2).await.unwrap();
    db.migrate().await.unwrap();
    let (journal, sync, fk) = db.sqlite_pragmas().await.unwrap().expect("sqlite");
    assert_eq!(journal, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(fk, 1, "foreign_keys=ON");
    assert!(dir.join("kehto.db").exists(), "created on first start");
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = TestApp::spawn().await;
    app.register_verified("a@example.fi", "Aino").await;
    let update = "UPDATE audit_log SET action = 'nothing'";
    let delete = "DELETE FROM audit_log";
    let (u, d) = match &app.db {
        Db::Sqlite(p) => (
            sqlx::query(update).execute(p).await.is_err(),
            sqlx::query(delete).execute(p).await.is_err(),
        ),
        Db::Postgres(p) => (
            sqlx::query(update).execute(p).await.is_err(),
            sqlx::query(delete).execute(p).await.is_err(),
        ),
    };
    assert!(
        u && d,
        "updates and deletes are refused by the database itself"
    );
}

#[tokio::test]
async fn the_suite_runs_on_the_engine_it_was_asked_for() {
    let app = TestApp::spawn().await;
    let expected = kehto_tests::engine_name();
    let actual = match app.db.engine() {
        kehto_backend::db::Engine::Sqlite => "sqlite",
        kehto_backend::db::Engine::Postgres => "postgresql",
    };
    assert_eq!(actual, expected);
    println!("API suite engine: {actual}");
}

#[tokio::test]
async fn the_demo_data_loads_and_is_searchable() {
    let app = TestApp::spawn().await;
    let demo = kehto_backend::demo::demo_file().unwrap();
    let (orgs, users, challenges) = kehto_backend::demo::load(&app.db, &demo, app.now())
        .await
        .unwrap();
    assert!(
        orgs >= 10 && users >= 20 && challenges >= 12,
        "{orgs} {users} {challenges}"
    );
    let page: serde_json::Value = app
        .get_json(&app.client(), "/challenges?q=kotihoito&per_page=50")
        .await;
    let titles: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["title"].as_str())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("Kotihoidon")),
        "{titles:?}"
    );
    let all: serde_json::Value = app
        .get_json(&app.client(), "/challenges?per_page=100")
        .await;
    let statuses: std::collections::BTreeSet<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["status"].as_str())
        .collect();
    for s in [
        "published",
        "proposals_open",
        "closed",
        "evaluation",
        "decided",
    ] {
        assert!(
            statuses.contains(s),
            "a demo challenge in status {s}: {statuses:?}"
        );
    }
    // Every demo organisation has a profile; all but one are in the directory.
    let directory: serde_json::Value = app.get_json(&app.client(), "/directory?per_page=100").await;
    assert_eq!(directory["meta"]["total"], orgs as u64 - 1);
    let found: serde_json::Value = app
        .get_json(&app.client(), "/directory?q=etäseuranta")
        .await;
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Hoivatek Oy"),
        "{found}"
    );
    // Every demo user signs in with the published demo password.
    let c = app.client();
    let res = app
        .sign_in(&c, "koordinaattori@pirkanmaa.example", &demo.password)
        .await;
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["memberships"][0]["role"], "coordinator");
}

#[tokio::test]
async fn the_front_end_is_served_with_a_policy_that_fits_its_loader() {
    let dir = std::env::temp_dir().join(format!("kehto-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = |script: &str| {
        format!(
            "<!doctype html><html><head><script type=\"module\">{script}</script></head><body></body></html>"
        )
    };
    std::fs::write(dir.join("index.html"), page("init('a');")).unwrap();
    std::fs::write(dir.join("app-0123abcd.js"), "console.log(1)").unwrap();
    std::fs::write(
        dir.join("app-0123abcd.js.br"),
        b"\x0b\x07\x80console.log(1)\x03",
    )
    .unwrap();
    let app = TestApp::spawn_with(None, Some(dir.clone())).await;
    let hash = |s: &str| {
        use sha2::Digest;
        format!(
            "'sha256-{}'",
            base64_std(&sha2::Sha256::digest(s.as_bytes()))
        )
    };
    for path in ["/", "/challenges/12", "/sign-in?next=%2F", "/index.html"] {
        let res = outside_api(&app, path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&hash("init('a');")), "{path}: {csp}");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(res.text().await.unwrap().contains("init('a')"));
    }
    let res = outside_api(&app, "/app-0123abcd.js").await;
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // A missing asset is a 404, never the app shell under an asset's name.
    let res = outside_api(&app, "/app-ffffffff.js").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    // A rebuilt front end is picked up without a restart.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.join("index.html"), page("init('b');")).unwrap();
    let filetime = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    let f = std::fs::File::options()
        .write(true)
        .open(dir.join("index.html"))
        .unwrap();
    f.set_modified(filetime).unwrap();
    let res = outside_api(&app, "/").await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains(&hash("init('b');")), "{csp}");
    // The API is not swallowed by the front end's fallback.
    expect_error(app.get(&app.client(), "/nothing").await, 404, "not_found").await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn base64_std(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
