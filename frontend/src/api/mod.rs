//! The typed client of Kehto's REST API (`/api/v1`, see ARCHITECTURE.md): one async function per
//! endpoint, taking and returning the DTOs of `kehto-shared`.
//!
//! Every request carries `Accept-Language` with the current interface language, so the server's
//! error messages come back in that language; every state-changing request carries
//! `X-Requested-With: kehto` (the server's CSRF guard). Cookies are same-origin (the fetch
//! default). A non-2xx answer is parsed as [`ApiError`]; a network failure or an unreadable body
//! becomes an `internal` error worded in the current language.

use gloo_net::http::{Request, RequestBuilder, Response};
use kehto_shared::account::{
    LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest, RegisterRequest,
    UpdateProfileRequest, UserView, VerifyEmailRequest,
};
use kehto_shared::challenge::{
    BoardQuery, ChallengeDetail, ChallengeInput, MarkdownPreviewRequest, MarkdownPreviewResponse,
    TransitionRequest,
};
use kehto_shared::dialogue::{
    AnswerQuestionRequest, AskQuestionRequest, AskedQuestion, PublishedQuestion,
};
use kehto_shared::notifications::{
    FollowedChallenge, MarkReadRequest, NotificationPrefs, NotificationsView, SavedSearch,
    SavedSearchInput,
};
use kehto_shared::org::{
    AddMemberRequest, ChangeRoleRequest, CreateOrgRequest, MemberView, OrgView,
};
use kehto_shared::{ApiError, ErrorCode, Lang};
use leptos::prelude::LocalResource;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{i18n, time};

const BASE: &str = "/api/v1";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// Marker for requests without a body.
const NO_BODY: Option<&()> = None;

fn internal(lang: Lang) -> ApiError {
    ApiError::new(ErrorCode::Internal, lang)
}

/// The error for a failed response whose body is not the usual envelope.
fn from_status(status: u16, lang: Lang) -> ApiError {
    let code = match status {
        400 => ErrorCode::MalformedRequest,
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::ValidationFailed,
        429 => ErrorCode::RateLimited,
        _ => ErrorCode::Internal,
    };
    ApiError::new(code, lang)
}

/// The request's builder, with the headers every call carries (not generic).
fn builder(method: Method, path: &str, query: &[(&str, String)]) -> RequestBuilder {
    let url = format!("{BASE}{path}");
    let mut rb: RequestBuilder = match method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Delete => Request::delete(&url),
    };
    if !query.is_empty() {
        rb = rb.query(query.iter().map(|(k, v)| (*k, v.as_str())));
    }
    rb = rb
        .header("Accept", "application/json")
        .header("Accept-Language", i18n::current_lang().code());
    if method != Method::Get {
        rb = rb.header("X-Requested-With", "kehto");
    }
    rb
}

/// The request, with its body as JSON. Only this small part is generic over the body's type;
/// the exchange itself ([`dispatch`]) is compiled once.
fn request<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    query: &[(&str, String)],
    body: Option<&B>,
) -> Option<Request> {
    let rb = builder(method, path, query);
    match body {
        Some(b) => rb.json(b),
        None => rb.build(),
    }
    .ok()
}

/// Sends a request; a failed answer becomes its [`ApiError`].
async fn dispatch(request: Option<Request>) -> Result<Response, ApiError> {
    let lang = i18n::current_lang();
    let request = request.ok_or_else(|| internal(lang))?;
    let response = request.send().await.map_err(|_| internal(lang))?;
    if let Some(date) = response.headers().get("date") {
        time::observe_server_date(&date);
    }
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let envelope = match response.text().await {
        Ok(text) => parse::<ApiError>(&text).ok(),
        Err(_) => None,
    };
    Err(envelope.unwrap_or_else(|| from_status(status, lang)))
}

/// A response's body as text (not generic, so its future is compiled once).
async fn body_text(response: Response) -> Result<String, ApiError> {
    response
        .text()
        .await
        .map_err(|_| internal(i18n::current_lang()))
}

/// The whole exchange of a typed call: the request sent, the answer's body as text. Not
/// generic, so the typed calls below share its future and only parse on their own.
async fn text_of(request: Option<Request>) -> Result<String, ApiError> {
    body_text(dispatch(request).await?).await
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| internal(i18n::current_lang()))
}

async fn get<T: DeserializeOwned>(path: &str, query: &[(&str, String)]) -> Result<T, ApiError> {
    parse(&text_of(request(Method::Get, path, query, NO_BODY)).await?)
}

async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&text_of(request(method, path, &[], Some(body))).await?)
}

async fn send_empty<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    dispatch(request(method, path, &[], body)).await.map(|_| ())
}

// ---- accounts and sessions ----

pub async fn register(req: &RegisterRequest) -> Result<UserView, ApiError> {
    send(Method::Post, "/accounts", req).await
}

pub async fn verify_email(token: &str) -> Result<(), ApiError> {
    send_empty(
        Method::Post,
        "/accounts/verify-email",
        Some(&VerifyEmailRequest {
            token: token.to_owned(),
        }),
    )
    .await
}

pub async fn request_password_reset(email: &str) -> Result<(), ApiError> {
    send_empty(
        Method::Post,
        "/password-resets",
        Some(&PasswordResetRequest {
            email: email.to_owned(),
        }),
    )
    .await
}

pub async fn confirm_password_reset(req: &PasswordResetConfirm) -> Result<(), ApiError> {
    send_empty(Method::Post, "/password-resets/confirm", Some(req)).await
}

/// The signed-in caller, or `None` when nobody is signed in (401).
pub async fn session() -> Result<Option<Me>, ApiError> {
    match get::<Me>("/session", &[]).await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.error.code == ErrorCode::Unauthenticated => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn sign_in(req: &LoginRequest) -> Result<Me, ApiError> {
    send(Method::Post, "/session", req).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    send_empty(Method::Delete, "/session", NO_BODY).await
}

pub async fn update_me(req: &UpdateProfileRequest) -> Result<Me, ApiError> {
    send(Method::Put, "/me", req).await
}

// ---- organisations ----

pub async fn create_organisation(req: &CreateOrgRequest) -> Result<OrgView, ApiError> {
    send(Method::Post, "/organisations", req).await
}

pub async fn add_member(org_id: i64, req: &AddMemberRequest) -> Result<MemberView, ApiError> {
    send(
        Method::Post,
        &format!("/organisations/{org_id}/members"),
        req,
    )
    .await
}

pub async fn change_role(
    org_id: i64,
    user_id: i64,
    req: &ChangeRoleRequest,
) -> Result<MemberView, ApiError> {
    send(
        Method::Put,
        &format!("/organisations/{org_id}/members/{user_id}"),
        req,
    )
    .await
}

pub async fn remove_member(org_id: i64, user_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Delete,
        &format!("/organisations/{org_id}/members/{user_id}"),
        NO_BODY,
    )
    .await
}

// ---- challenges ----

/// The board query as URL parameters, in the names of [`BoardQuery`]'s fields.
fn board_params(q: &BoardQuery) -> Vec<(&'static str, String)> {
    let mut p = Vec::new();
    let mut push = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            p.push((k, v));
        }
    };
    push("q", q.q.clone().filter(|s| !s.trim().is_empty()));
    push("region", q.region.clone());
    push("status", q.status.map(|s| s.code().to_owned()));
    push("theme", q.theme.map(|t| t.code().to_owned()));
    push("model", q.model.map(|m| m.code().to_owned()));
    push("trl", q.trl.map(|t| t.to_string()));
    push("closes_after", q.closes_after.map(|d| d.to_rfc3339()));
    push("closes_before", q.closes_before.map(|d| d.to_rfc3339()));
    push("sort", q.sort.map(|s| s.code().to_owned()));
    push("lang", q.lang.map(|l| l.code().to_owned()));
    push("page", q.page.map(|n| n.to_string()));
    push("per_page", q.per_page.map(|n| n.to_string()));
    push("include_drafts", q.include_drafts.map(|b| b.to_string()));
    p
}

/// The board's GET path for `q`, its filters as URL parameters.
pub fn challenges_path(q: &BoardQuery) -> String {
    let mut path = String::from("/challenges");
    for (i, (k, v)) in board_params(q).iter().enumerate() {
        path.push(if i == 0 { '?' } else { '&' });
        path.push_str(k);
        path.push('=');
        path.push_str(&String::from(js_sys::encode_uri_component(v)));
    }
    path
}

pub async fn create_challenge(input: &ChallengeInput) -> Result<ChallengeDetail, ApiError> {
    send(Method::Post, "/challenges", input).await
}

/// Saves a challenge; `base_version` (for a published one) is the version the form was loaded
/// from, and the server answers 409 `conflict` when a newer one was saved meanwhile.
pub async fn update_challenge(
    id: i64,
    base_version: Option<u32>,
    input: &ChallengeInput,
) -> Result<ChallengeDetail, ApiError> {
    let path = match base_version {
        Some(v) => format!("/challenges/{id}?base_version={v}"),
        None => format!("/challenges/{id}"),
    };
    send(Method::Put, &path, input).await
}

pub async fn transition(id: i64, req: &TransitionRequest) -> Result<ChallengeDetail, ApiError> {
    send(Method::Post, &format!("/challenges/{id}/transitions"), req).await
}

/// Markdown rendered and sanitised by the server, exactly as the challenge page will show it.
pub async fn markdown_preview(markdown: &str) -> Result<String, ApiError> {
    let req = MarkdownPreviewRequest {
        markdown: markdown.to_owned(),
    };
    let r: MarkdownPreviewResponse = send(Method::Post, "/markdown/preview", &req).await?;
    Ok(r.html)
}

// ---- market dialogue: questions and answers ----

pub async fn ask_question(
    challenge_id: i64,
    req: &AskQuestionRequest,
) -> Result<AskedQuestion, ApiError> {
    send(
        Method::Post,
        &format!("/challenges/{challenge_id}/questions"),
        req,
    )
    .await
}

/// Publishes the answer to a question, with the question's public wording.
pub async fn answer_question(
    challenge_id: i64,
    question_id: i64,
    req: &AnswerQuestionRequest,
) -> Result<PublishedQuestion, ApiError> {
    send(
        Method::Put,
        &format!("/challenges/{challenge_id}/questions/{question_id}/answer"),
        req,
    )
    .await
}

// ---- market dialogue: info sessions and one-to-one meetings ----
//
// The writes answer with the changed event or slot, but the page loads the whole list again
// anyway, so their bodies are not read: one non-generic [`write`] serves them all.

/// A state-changing request whose answer's body is not needed; `body` is JSON text.
pub async fn write(method: Method, path: String, body: Option<String>) -> Result<(), ApiError> {
    let rb = builder(method, &path, &[]);
    let request = match body {
        Some(b) => rb.header("Content-Type", "application/json").body(b),
        None => rb.build(),
    }
    .ok();
    dispatch(request).await.map(|_| ())
}

/// The JSON text of a [`write`]'s body.
pub fn body<B: Serialize>(b: &B) -> Option<String> {
    serde_json::to_string(b).ok()
}

/// A GET whose JSON the page reads when it shows it ([`read`]). Every such call is the same
/// future and its result the same type, so the reactive machinery around it is compiled once.
pub async fn fetch(path: String) -> Result<String, ApiError> {
    text_of(request(Method::Get, &path, &[], NO_BODY)).await
}

/// What a [`load`] resource holds: the JSON text of a GET, or why it failed.
pub type Text = Result<String, ApiError>;

/// A resource holding the JSON of a GET of `path()` (tracked: it loads again when a signal the
/// path reads changes). No path means nothing to load: the text is `null`, which reads as `None`
/// for an `Option<T>`. Every page's resource is this one type with this one fetcher, so the
/// reactive machinery for async data is compiled once instead of once per page.
pub fn load(path: impl Fn() -> Option<String> + 'static) -> LocalResource<Text> {
    load_boxed(Box::new(path))
}

fn load_boxed(path: Box<dyn Fn() -> Option<String>>) -> LocalResource<Text> {
    LocalResource::new(move || {
        let path = path();
        async move {
            match path {
                Some(path) => fetch(path).await,
                None => Ok("null".to_owned()),
            }
        }
    })
}

/// The JSON of a [`fetch`] as `T` (`None` while it loads).
pub fn read<T: DeserializeOwned>(
    r: Option<Result<String, ApiError>>,
) -> Option<Result<T, ApiError>> {
    r.map(|r| r.and_then(|text| parse(&text)))
}

/// An info session as an iCalendar file.
pub fn event_ics_href(event_id: i64) -> String {
    format!("{BASE}/events/{event_id}/event.ics")
}

/// The iCalendar feed of every public info session.
pub const EVENTS_FEED_HREF: &str = "/api/v1/events.ics";

// ---- change log ----

// ---- follows, notifications and saved searches ----

pub async fn follow(challenge_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Put,
        &format!("/challenges/{challenge_id}/follow"),
        NO_BODY,
    )
    .await
}

pub async fn unfollow(challenge_id: i64) -> Result<(), ApiError> {
    send_empty(
        Method::Delete,
        &format!("/challenges/{challenge_id}/follow"),
        NO_BODY,
    )
    .await
}

pub async fn my_follows() -> Result<Vec<FollowedChallenge>, ApiError> {
    get("/me/follows", &[]).await
}

/// The caller's notifications, newest first (at most 100), with the unread count.
pub async fn notifications() -> Result<NotificationsView, ApiError> {
    get("/me/notifications", &[]).await
}

pub async fn mark_read(req: &MarkReadRequest) -> Result<(), ApiError> {
    send_empty(Method::Post, "/me/notifications/read", Some(req)).await
}

pub async fn notification_prefs() -> Result<NotificationPrefs, ApiError> {
    get("/me/notification-prefs", &[]).await
}

pub async fn save_notification_prefs(
    prefs: &NotificationPrefs,
) -> Result<NotificationPrefs, ApiError> {
    send(Method::Put, "/me/notification-prefs", prefs).await
}

pub async fn saved_searches() -> Result<Vec<SavedSearch>, ApiError> {
    get("/me/saved-searches", &[]).await
}

pub async fn create_saved_search(input: &SavedSearchInput) -> Result<SavedSearch, ApiError> {
    send(Method::Post, "/me/saved-searches", input).await
}

pub async fn delete_saved_search(id: i64) -> Result<(), ApiError> {
    send_empty(Method::Delete, &format!("/me/saved-searches/{id}"), NO_BODY).await
}

// ---- Atom feeds (links for feed readers, not fetched by the app) ----

/// The feed of challenges matching the board's filters (`q`, `region`, `theme`, `model`,
/// `status`, `lang`).
pub fn board_feed_href(params: &[(&str, &str)]) -> String {
    let query = params
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            format!(
                "{k}={}",
                String::from(js_sys::encode_uri_component(v.trim()))
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let path = format!("{BASE}/feeds/challenges.atom");
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The feed of a challenge's published questions and answers.
pub fn questions_feed_href(challenge_id: i64) -> String {
    format!("{BASE}/challenges/{challenge_id}/questions.atom")
}

// ---- organisation profiles, directory and invitations: `profiles.rs` ----
pub mod profiles;
// ---- proposals, attachments and receipts: `proposals.rs` ----
pub mod proposals;
// ---- the evaluation panel: criteria, evaluators, assignments, declarations: `evaluation.rs` ----
pub mod evaluation;
// ---- scoring, the evaluation board, feedback and the public outcome: `scoring.rs` ----
pub mod scoring;
// ---- matchmaking: recommendations, suggestions, similar challenges, partners: `matchmaking.rs` ----
pub mod matchmaking;
