//! `TestApp`: the real Kehto application on a real port with a fresh database, and typed helpers
//! for the steps most tests need (sign up and verify, sign in, make someone a coordinator,
//! create and publish a challenge).
//!
//! The database comes from `KEHTO_TEST_DB`: unset or `sqlite` gives a fresh SQLite file per
//! test; a `postgres://…` URL names a server on which each test creates its own database.
//! There is no fallback: if the database cannot be reached, the test fails.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

pub mod dialogue;
pub mod process;
pub mod smtp;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kehto_backend::clock::ManualClock;
use kehto_backend::db::Db;
use kehto_backend::mail::Mailer;
use kehto_backend::{AppState, Settings};
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeDetail, ChallengeInput, CooperationModel, Theme};
use rand::Rng;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const PASSWORD: &str = "kotihoidon-etäseuranta-toimii";

/// A running application with its own database, clock and mail outbox.
pub struct TestApp {
    pub base: String,
    /// The server's state: for running its background jobs by hand (`jobs::run_once`).
    pub state: AppState,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    pub outbox: PathBuf,
    dir: PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Which engine the suite runs on, for messages.
pub fn engine_name() -> String {
    match std::env::var("KEHTO_TEST_DB") {
        Ok(url) if url.starts_with("postgres") => "postgresql".into(),
        _ => "sqlite".into(),
    }
}

/// A new, empty database for one test, on the engine `KEHTO_TEST_DB` names: a SQLite file in
/// `dir`, or a new database on the PostgreSQL server.
pub async fn fresh_database_url(dir: &std::path::Path, suffix: u64) -> String {
    match std::env::var("KEHTO_TEST_DB") {
        Ok(admin) if admin.starts_with("postgres") => {
            let name = format!("kehto_test_{suffix:x}");
            let admin_db = Db::connect(&admin, 1)
                .await
                .expect("KEHTO_TEST_DB: PostgreSQL server not reachable");
            if let Db::Postgres(pool) = &admin_db {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(pool)
                    .await
                    .expect("create test database");
            }
            admin_db.close().await;
            let (base, _) = admin.rsplit_once('/').expect("database URL with a path");
            format!("{base}/{name}")
        }
        _ => Db::default_sqlite_url(dir),
    }
}

/// A fixed, realistic "now": Monday 2 March 2026, 10:00 Helsinki time.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(None, None).await
    }

    /// Like `spawn`, sending mail with `mailer` (e.g. SMTP) instead of the outbox.
    pub async fn spawn_with_mailer(mailer: Option<Mailer>) -> TestApp {
        Self::spawn_with(mailer, None).await
    }

    /// Like `spawn`, with a mailer and/or a built front end to serve.
    pub async fn spawn_with(mailer: Option<Mailer>, static_dir: Option<PathBuf>) -> TestApp {
        Self::spawn_full(mailer, static_dir, None).await
    }

    /// Like `spawn`, configured as if users reached it at `public_base_url` (e.g. https behind a
    /// proxy).
    pub async fn spawn_with_base_url(public_base_url: &str) -> TestApp {
        Self::spawn_full(None, None, Some(public_base_url.to_owned())).await
    }

    async fn spawn_full(
        mailer: Option<Mailer>,
        static_dir: Option<PathBuf>,
        public_base_url: Option<String>,
    ) -> TestApp {
        let suffix: u64 = rand::thread_rng().r#gen();
        let dir = std::env::temp_dir().join(format!("kehto-test-{suffix:x}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = fresh_database_url(&dir, suffix).await;
        let db = kehto_backend::server::open_database(&url, 8)
            .await
            .expect("database opens and migrates");
        let clock = Arc::new(ManualClock::new(start_time()));
        let matching = kehto_backend::matchmaking::build(&db, start_time().timestamp())
            .await
            .expect("matchmaking index");
        let outbox = dir.join("outbox");
        let mailer = match mailer {
            Some(m) => m,
            None => Mailer::outbox(outbox.clone(), "Kehto <no-reply@kehto.test>").expect("outbox"),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        let state = AppState {
            db: db.clone(),
            clock: clock.clone(),
            mailer: Arc::new(mailer),
            settings: Arc::new(Settings {
                base_url: public_base_url.unwrap_or_else(|| base.clone()),
                trust_proxy: false,
                static_dir,
            }),
            instance: AppState::new_instance_name(),
            storage: Arc::new(
                kehto_backend::storage::LocalDirStorage::new(dir.join("blobs")).expect("blobs"),
            ),
            matching: Arc::new(matching),
        };
        let app = kehto_backend::app(state.clone());
        tokio::spawn(async move {
            let _ = axum_serve(listener, app).await;
        });
        TestApp {
            base,
            state,
            db,
            clock,
            outbox,
            dir,
        }
    }

    /// Starts a second server on the same database, as a second instance behind a load balancer
    /// would be; returns its base URL.
    pub async fn second_instance(&self) -> String {
        self.second_instance_state().await.1
    }

    /// Like `second_instance`, returning also the second instance's state (its own
    /// matchmaking index, built from the database as at a start).
    pub async fn second_instance_state(&self) -> (AppState, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let mut state = self.other_instance_state(
            Mailer::outbox(self.outbox.clone(), "Kehto <no-reply@kehto.test>").expect("outbox"),
            &base,
        );
        state.matching = Arc::new(
            kehto_backend::matchmaking::build(&self.db, self.now().timestamp())
                .await
                .expect("matchmaking index"),
        );
        let returned = state.clone();
        let app = kehto_backend::app(state);
        tokio::spawn(async move {
            let _ = axum_serve(listener, app).await;
        });
        (returned, base)
    }

    /// The state of another instance on the same database and clock, sending with `mailer`
    /// (it has its own name in job and e-mail leases, and an empty matchmaking index that its
    /// first catch-up fills).
    pub fn other_instance_state(&self, mailer: Mailer, base_url: &str) -> AppState {
        AppState {
            db: self.db.clone(),
            clock: self.clock.clone(),
            mailer: Arc::new(mailer),
            settings: Arc::new(Settings {
                base_url: base_url.to_owned(),
                trust_proxy: false,
                static_dir: None,
            }),
            instance: AppState::new_instance_name(),
            storage: self.state.storage.clone(),
            matching: Arc::new(kehto_backend::matchmaking::MatchIndex::default()),
        }
    }

    /// Sends every queued e-mail now and waits until the queue has nothing left to send
    /// (a send started in the background by the request may still be under way).
    pub async fn settle_mail(&self) {
        for _ in 0..250 {
            kehto_backend::jobs::drain_mail(&self.state)
                .await
                .expect("mail queue");
            let stats = kehto_backend::db::mail_queue::stats(&self.db)
                .await
                .expect("queue stats");
            if stats.waiting == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the mail queue did not empty");
    }

    /// Where the local blob storage keeps the blob `key` (to tamper with it in a test).
    pub fn blob_path(&self, key: &str) -> PathBuf {
        self.dir.join("blobs").join(&key[..2]).join(key)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// A new browser-like client (own cookie jar) that sends the CSRF header and a language.
    pub fn client(&self) -> Client {
        self.client_in(Lang::Fi)
    }

    pub fn client_in(&self, lang: Lang) -> Client {
        let mut h = HeaderMap::new();
        h.insert("x-requested-with", HeaderValue::from_static("kehto"));
        h.insert("accept-language", HeaderValue::from_static(lang.code()));
        Client::builder()
            .cookie_store(true)
            .default_headers(h)
            .build()
            .expect("client")
    }

    /// A client that omits the CSRF header, like a forged cross-site form post.
    pub fn bare_client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// `POST path` with `body` as JSON, sent by `c`.
    pub async fn post(&self, c: &Client, path: &str, body: &impl Serialize) -> Response {
        c.post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// `PUT path` with `body` as JSON, sent by `c`.
    pub async fn put(&self, c: &Client, path: &str, body: &impl Serialize) -> Response {
        c.put(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("PUT {path}: {e}"))
    }

    /// `GET path`, sent by `c`.
    pub async fn get(&self, c: &Client, path: &str) -> Response {
        c.get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// `DELETE path`, sent by `c`.
    pub async fn delete(&self, c: &Client, path: &str) -> Response {
        c.delete(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("DELETE {path}: {e}"))
    }

    /// `GET path` as `c` sees it; panics unless the answer is 200 with a `T` in the body.
    pub async fn get_json<T: DeserializeOwned>(&self, c: &Client, path: &str) -> T {
        expect_json(self.get(c, path).await, StatusCode::OK).await
    }

    /// The challenge `id` as a visitor (a fresh, signed-out client) sees it.
    pub async fn challenge(&self, id: i64) -> ChallengeDetail {
        self.get_json(&self.client(), &format!("/challenges/{id}"))
            .await
    }

    /// What `GET /session` says about the caller: the user and their memberships.
    pub async fn me(&self, c: &Client) -> Value {
        self.get_json(c, "/session").await
    }

    /// `POST /accounts` for `email` with the suite's password; the response is the caller's to
    /// check.
    pub async fn sign_up(&self, c: &Client, email: &str, name: &str, lang: &str) -> Response {
        self.post(
            c,
            "/accounts",
            &serde_json::json!({"email": email, "password": PASSWORD, "display_name": name, "lang": lang}),
        )
        .await
    }

    /// `POST /session` for `email` with `password`; the response is the caller's to check.
    pub async fn sign_in(&self, c: &Client, email: &str, password: &str) -> Response {
        self.post(
            c,
            "/session",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers `email` and follows the verification link from the outbox; returns the user id.
    pub async fn register_verified(&self, email: &str, name: &str) -> i64 {
        let c = self.client();
        let res = self.sign_up(&c, email, name, "fi").await;
        let user: Value = expect_json(res, StatusCode::CREATED).await;
        let token = self.token_from_mail(email, "/verify-email?token=");
        let res = self
            .post(
                &c,
                "/accounts/verify-email",
                &serde_json::json!({"token": token}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        user["id"].as_i64().expect("id")
    }

    /// A signed-in client for `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let c = self.client();
        let res = self.sign_in(&c, email, PASSWORD).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "sign in {email}: {}",
            res.text().await.unwrap_or_default()
        );
        c
    }

    /// Registers, verifies and signs in a new user; returns (user id, client).
    pub async fn user(&self, email: &str) -> (i64, Client) {
        let id = self.register_verified(email, "Testi Käyttäjä").await;
        (id, self.signed_in(email).await)
    }

    /// Gives `user_id` a role in the region with `region_code` (an operator's action).
    pub async fn grant_region_role(&self, user_id: i64, region_code: &str, role: &str) -> i64 {
        let region = kehto_backend::db::orgs::find_region_by_code(&self.db, region_code)
            .await
            .expect("db")
            .expect("region");
        kehto_backend::db::orgs::set_membership(&self.db, region.id, user_id, role, 0)
            .await
            .expect("membership");
        region.id
    }

    /// A signed-in coordinator of `region_code`; returns (region id, client).
    pub async fn coordinator(&self, email: &str, region_code: &str) -> (i64, Client) {
        let id = self.register_verified(email, "Koordinaattori").await;
        let region = self.grant_region_role(id, region_code, "coordinator").await;
        (region, self.signed_in(email).await)
    }

    /// The newest mail to `to` that contains `marker`, and the token that follows it.
    pub fn token_from_mail(&self, to: &str, marker: &str) -> String {
        let mail = self
            .last_mail_to(to)
            .unwrap_or_else(|| panic!("no mail to {to}"));
        let start = mail
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} in mail:\n{mail}"))
            + marker.len();
        mail[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    /// The newest message in the outbox addressed to `to`, its quoted-printable bodies decoded.
    pub fn last_mail_to(&self, to: &str) -> Option<String> {
        let mut files: Vec<_> = std::fs::read_dir(&self.outbox)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .into_iter()
            .rev()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .find(|m| {
                m.lines()
                    .any(|l| l.to_ascii_lowercase().starts_with("to:") && l.contains(to))
            })
            .map(|m| decode_quoted_printable(&m))
    }

    pub fn mail_count(&self) -> usize {
        std::fs::read_dir(&self.outbox)
            .map(|d| d.count())
            .unwrap_or(0)
    }

    /// Creates an organisation from `body` as `c`; panics unless it succeeds; returns its id.
    pub async fn create_organisation(&self, c: &Client, body: &Value) -> i64 {
        let res = self.post(c, "/organisations", body).await;
        let org: Value = expect_json(res, StatusCode::CREATED).await;
        org["id"].as_i64().expect("organisation id")
    }

    /// Registers a company with a website as `c` (who becomes its owner); returns its id.
    pub async fn create_company(&self, c: &Client, name: &str, business_id: &str) -> i64 {
        self.create_organisation(
            c,
            &serde_json::json!({"kind": "company", "name": name, "business_id": business_id, "website": "https://hoivatek.example"}),
        )
        .await
    }

    /// Creates a draft; panics unless it succeeds.
    pub async fn create_challenge(&self, c: &Client, input: &ChallengeInput) -> ChallengeDetail {
        expect_json(
            self.post(c, "/challenges", input).await,
            StatusCode::CREATED,
        )
        .await
    }

    /// Asks to move challenge `id` to status `to`; the response is the caller's to check.
    pub async fn transition(&self, c: &Client, id: i64, to: &str) -> Response {
        self.post(
            c,
            &format!("/challenges/{id}/transitions"),
            &serde_json::json!({"to": to}),
        )
        .await
    }

    /// Creates and publishes a challenge; returns it as published.
    pub async fn published_challenge(&self, c: &Client, input: &ChallengeInput) -> ChallengeDetail {
        let d = self.create_challenge(c, input).await;
        let res = self.transition(c, d.summary.id, "published").await;
        expect_json(res, StatusCode::OK).await
    }

    /// A complete challenge owned by `region`, with deadlines relative to the app's clock.
    pub fn challenge_input(&self, region: i64, title: &str) -> ChallengeInput {
        let now = self.now();
        ChallengeInput {
            content_lang: Lang::Fi,
            title: title.to_owned(),
            summary: "Hyvinvointialue etsii ratkaisua kotihoidon asiakkaiden voinnin etäseurantaan.".into(),
            description: "## Tausta\n\nKotihoidon asiakkaiden määrä kasvaa. Etsimme ratkaisua, joka toimii potilastietojärjestelmän rinnalla.".into(),
            region_ids: vec![region],
            themes: vec![Theme::HomeCare, Theme::RemoteMonitoring],
            trl_min: 6,
            trl_max: 8,
            model: CooperationModel::InnovationPartnership,
            budget_min_eur: Some(50_000),
            budget_max_eur: Some(150_000),
            questions_close_at: Some(now + Duration::days(14)),
            proposals_close_at: Some(now + Duration::days(30)),
            decision_target_at: Some(now + Duration::days(60)),
            contact_name: "Anna Virtanen".into(),
            contact_email: "anna.virtanen@pirha.example".into(),
            translations: vec![],
            evaluation_criteria: "1. Vaikuttavuus (50 %)\n2. Hinta (30 %)\n3. Käytettävyys (20 %)".into(),
            procurement_notice: None,
            change_reason: None,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        use kehto_backend::clock::Clock;
        self.clock.now()
    }
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    app: axum_router::Router,
) -> std::io::Result<()> {
    axum_router::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
}

/// Re-export of axum through the backend, so this crate needs no axum dependency of its own.
mod axum_router {
    pub use kehto_backend::reexports::axum::{Router, serve};
}

/// Undoes quoted-printable encoding (RFC 2045): soft line breaks and `=XX` bytes.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && joined.is_char_boundary(i + 3)
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Asserts the response has `status` (showing the body if not) and returns its body as a `T`.
pub async fn expect_json<T: DeserializeOwned>(res: Response, status: StatusCode) -> T {
    let got = res.status();
    let url = res.url().clone();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(got, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}

/// Asserts the response has `status` and the error envelope with `code`; returns the envelope.
pub async fn expect_error(res: Response, status: u16, code: &str) -> Value {
    let got = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "status; body: {body}");
    assert_eq!(body["error"]["code"], code, "error code; body: {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "message: {body}"
    );
    body
}

/// Asserts a 422 validation envelope and returns the names of the fields it blames.
pub async fn validation_fields(res: Response) -> Vec<String> {
    error_fields(&expect_error(res, 422, "validation_failed").await)
}

/// The field names in a validation envelope.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
