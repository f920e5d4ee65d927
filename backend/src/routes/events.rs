//! Info sessions of the market dialogue: coordinators create and cancel events on a challenge;
//! companies register (a waiting list when full) and cancel; every event has an `.ics`
//! download and `/events.ics` is the feed of all public events; after the event the material
//! is published to all. Only coordinators learn who registered.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::{DateTime, Duration, Utc};
use kehto_shared::ApiError;
use kehto_shared::ErrorCode;
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::events::{
    CancelEventRequest, EventInput, EventMaterialRequest, EventParticipant, EventView, EventsView,
    RegisterRequest, RegistrationState,
};
use kehto_shared::notifications::NotificationKind;

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::events::{EventRow, EventWrite, Registered, RegistrationRow};
use crate::error::{AppResult, Json, Path};
use crate::ics::{Calendar, Method, VEvent};
use crate::mail::dialogue_templates::Notice;
use crate::markdown;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{effective_status, opt_time, to_time};
use crate::routes::challenges::visible;
use crate::routes::dialogue::{
    Recipient, calendar_host, can_manage, challenge_link, challenge_open, choose_org, company_orgs,
    confirmation, lang_of, open_for_new_dialogue, organizer, require_manage, send_confirmation,
};
use crate::state::AppState;

/// How far back the public feed reaches.
const FEED_DAYS: i64 = 90;
/// The feed's name in calendar applications.
const FEED_NAME: &str = "Kehto – markkinavuoropuhelu / marknadsdialog / market dialogue";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/events",
            get(list_events).post(create_event),
        )
        .route("/events.ics", get(events_feed))
        .route("/events/{id}", get(get_event).put(update_event))
        .route("/events/{id}/cancel", post(cancel_event))
        .route("/events/{id}/material", put(publish_material))
        .route(
            "/events/{id}/registration",
            post(register).delete(unregister),
        )
        .route("/events/{id}/participants", get(list_participants))
        .route("/events/{id}/event.ics", get(event_ics))
}

/// An event with its challenge, as the viewer may see it (a hidden challenge's events are not
/// found).
async fn load(
    state: &AppState,
    id: i64,
    viewer: Option<&Actor>,
) -> AppResult<(EventRow, ChallengeRecord)> {
    let event = db::events::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let rec = visible(state, event.challenge_id, viewer).await?;
    Ok((event, rec))
}

/// Whether the event takes registrations at `now`.
fn registration_open(rec: &ChallengeRecord, e: &EventRow, now: DateTime<Utc>) -> bool {
    challenge_open(rec, now) && e.cancelled_at.is_none() && now.timestamp() < e.starts_at
}

fn u32_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn state_of(state: &str, position: i64) -> RegistrationState {
    if state == "registered" {
        RegistrationState::Registered
    } else {
        RegistrationState::Waitlisted {
            position: u32_of(position),
        }
    }
}

/// What the viewer knows that shapes an event's view.
struct Viewer<'a> {
    actor: Option<&'a Actor>,
    manage: bool,
    now: DateTime<Utc>,
}

fn to_view(
    e: &EventRow,
    rec: &ChallengeRecord,
    v: &Viewer<'_>,
    (registered, waitlisted): (i64, i64),
    mine: Option<RegistrationState>,
) -> EventView {
    let sees_link = v.manage || mine == Some(RegistrationState::Registered);
    let open = registration_open(rec, e, v.now);
    let can_register = mine.is_none()
        && company_orgs(v.actor)
            .iter()
            .any(|org| allows(v.actor, Action::RegisterForEvent { org_id: *org, open }));
    let published = e.material_published_at.is_some();
    EventView {
        id: e.id,
        challenge_id: e.challenge_id,
        title: e.title.clone(),
        description: e.description.clone(),
        description_html: e.description_html.clone(),
        online_url: e.online_url.clone().filter(|_| sees_link),
        has_online_link: e.online_url.is_some(),
        address: e.address.clone(),
        starts_at: to_time(e.starts_at),
        ends_at: to_time(e.ends_at),
        lang: lang_of(&e.lang),
        capacity: e.capacity.map(u32_of),
        registered_count: u32_of(registered),
        waitlist_count: u32_of(waitlisted),
        my_registration: mine,
        material: e.material.clone().filter(|_| published),
        material_html: e.material_html.clone().filter(|_| published),
        material_published_at: opt_time(e.material_published_at),
        cancelled_at: opt_time(e.cancelled_at),
        cancel_reason: e.cancel_reason.clone(),
        can_manage: v.manage,
        can_register,
    }
}

/// The view of one event for `user_id`'s eyes (counts and own registration read afresh).
async fn view_one(
    state: &AppState,
    e: &EventRow,
    rec: &ChallengeRecord,
    actor: Option<&Actor>,
) -> AppResult<EventView> {
    let counts = db::events::counts(&state.db, rec.row.id).await?;
    let mine = match actor {
        Some(a) => db::events::mine(&state.db, rec.row.id, a.user_id)
            .await?
            .into_iter()
            .find(|(event, _, _)| *event == e.id)
            .map(|(_, s, p)| state_of(&s, p)),
        None => None,
    };
    let v = Viewer {
        actor,
        manage: can_manage(actor, rec),
        now: state.clock.now(),
    };
    Ok(to_view(
        e,
        rec,
        &v,
        counts.get(&e.id).copied().unwrap_or_default(),
        mine,
    ))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/events", tag = "dialogue",
    responses((status = 200, body = EventsView), (status = 404, body = ApiError)))]
pub async fn list_events(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<EventsView>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    Ok(Json(events_view(&state, &rec, viewer.actor()).await?))
}

/// A challenge's events as `actor` sees them (also for the dashboard and "my dialogue").
pub(crate) async fn events_view(
    state: &AppState,
    rec: &ChallengeRecord,
    actor: Option<&Actor>,
) -> AppResult<EventsView> {
    let id = rec.row.id;
    let rows = db::events::for_challenge(&state.db, id).await?;
    let counts = db::events::counts(&state.db, id).await?;
    let mine = match actor {
        Some(a) => db::events::mine(&state.db, id, a.user_id).await?,
        None => vec![],
    };
    let v = Viewer {
        actor,
        manage: can_manage(actor, rec),
        now: state.clock.now(),
    };
    let events = rows
        .iter()
        .map(|e| {
            let my = mine
                .iter()
                .find(|(event, _, _)| *event == e.id)
                .map(|(_, s, p)| state_of(s, *p));
            to_view(
                e,
                rec,
                &v,
                counts.get(&e.id).copied().unwrap_or_default(),
                my,
            )
        })
        .collect();
    Ok(EventsView {
        events,
        can_manage: v.manage,
        server_now: v.now,
    })
}

fn write_of<'a>(input: &'a EventInput) -> EventWrite<'a> {
    let trimmed = |v: &'a Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty());
    EventWrite {
        title: input.title.trim(),
        description: &input.description,
        description_html: markdown::render(&input.description),
        online_url: trimmed(&input.online_url),
        address: trimmed(&input.address),
        starts_at: input.starts_at.timestamp(),
        ends_at: input.ends_at.timestamp(),
        lang: input.lang.code(),
        capacity: input.capacity.map(i64::from),
    }
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/events", tag = "dialogue", request_body = EventInput,
    responses((status = 201, body = EventView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn create_event(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<EventInput>,
) -> AppResult<(StatusCode, Json<EventView>)> {
    let rec = open_for_new_dialogue(&state, id, &user.actor).await?;
    let now = state.clock.now();
    input.validate(now)?;
    let event_id = db::events::insert(
        &state.db,
        id,
        &write_of(&input),
        user.user.id,
        now.timestamp(),
    )
    .await?;
    audit(
        &state,
        Some(user.user.id),
        "event.created",
        "event",
        Some(event_id),
        format!("challenge={id}"),
        &ip,
    )
    .await?;
    let e = db::events::find(&state.db, event_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    if effective_status(&rec, now) != ChallengeStatus::Draft {
        crate::notify::followers(
            &state,
            &crate::notify::Notice {
                kind: NotificationKind::EventAdded,
                challenge_id: id,
                challenge_title: &rec.row.title,
                detail: input.title.trim(),
            },
            &[],
            Some(user.user.id),
        )
        .await;
    }
    let view = view_one(&state, &e, &rec, Some(&user.actor)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "dialogue",
    responses((status = 200, body = EventView), (status = 404, body = ApiError)))]
pub async fn get_event(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<EventView>> {
    let (e, rec) = load(&state, id, viewer.actor()).await?;
    Ok(Json(view_one(&state, &e, &rec, viewer.actor()).await?))
}

#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "dialogue", request_body = EventInput,
    responses((status = 200, body = EventView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_event(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<EventInput>,
) -> AppResult<Json<EventView>> {
    let (e, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    if e.cancelled_at.is_some() {
        return Err(ErrorCode::Conflict.into());
    }
    let now = state.clock.now();
    input.validate_update(now, to_time(e.starts_at))?;
    let write = write_of(&input);
    // What a participant's calendar holds: when and where.
    let moved = e.starts_at != write.starts_at
        || e.ends_at != write.ends_at
        || e.address.as_deref() != write.address
        || e.online_url.as_deref() != write.online_url;
    let promoted = db::events::update(&state.db, id, &write, now.timestamp()).await?;
    audit(
        &state,
        Some(user.user.id),
        "event.updated",
        "event",
        Some(id),
        format!("challenge={}", rec.row.id),
        &ip,
    )
    .await?;
    let e = db::events::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    for reg in &promoted {
        notify(&state, &rec, &e, reg_recipient(reg), Notice::Promoted).await;
    }
    if moved {
        // Everyone holding a place gets the updated invitation (same UID, higher SEQUENCE).
        for reg in db::events::registrations(&state.db, id).await? {
            let just_promoted = promoted.iter().any(|p| p.id == reg.id);
            if reg.state == "registered" && !just_promoted {
                notify(&state, &rec, &e, reg_recipient(&reg), Notice::EventChanged).await;
            }
        }
    }
    Ok(Json(view_one(&state, &e, &rec, Some(&user.actor)).await?))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "dialogue", request_body = CancelEventRequest,
    responses((status = 200, body = EventView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn cancel_event(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CancelEventRequest>,
) -> AppResult<Json<EventView>> {
    let (_, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    req.validate()?;
    let reason = req.reason.trim();
    if !db::events::cancel_event(&state.db, id, reason, state.now_ts()).await? {
        return Err(ErrorCode::Conflict.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "event.cancelled",
        "event",
        Some(id),
        format!("challenge={}", rec.row.id),
        &ip,
    )
    .await?;
    let e = db::events::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    for reg in db::events::registrations(&state.db, id).await? {
        notify(
            &state,
            &rec,
            &e,
            reg_recipient(&reg),
            Notice::EventCancelled { reason },
        )
        .await;
    }
    Ok(Json(view_one(&state, &e, &rec, Some(&user.actor)).await?))
}

#[utoipa::path(put, path = "/api/v1/events/{id}/material", tag = "dialogue", request_body = EventMaterialRequest,
    responses((status = 200, body = EventView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn publish_material(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<EventMaterialRequest>,
) -> AppResult<Json<EventView>> {
    let (e, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    req.validate()?;
    let now = state.now_ts();
    if e.cancelled_at.is_some() {
        return Err(ErrorCode::Conflict.into());
    }
    if now < e.ends_at {
        return Err(ErrorCode::NotYetHeld.into());
    }
    let material = req.material.trim();
    db::events::publish_material(&state.db, id, material, &markdown::render(material), now).await?;
    audit(
        &state,
        Some(user.user.id),
        "event.material_published",
        "event",
        Some(id),
        format!("challenge={}", rec.row.id),
        &ip,
    )
    .await?;
    let e = db::events::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok(Json(view_one(&state, &e, &rec, Some(&user.actor)).await?))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registration", tag = "dialogue", request_body = RegisterRequest,
    responses((status = 201, body = EventView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<RegisterRequest>,
) -> AppResult<(StatusCode, Json<EventView>)> {
    let (e, rec) = load(&state, id, Some(&user.actor)).await?;
    let orgs = company_orgs(Some(&user.actor));
    if orgs.is_empty() {
        return Err(ErrorCode::Forbidden.into());
    }
    let org_id = choose_org(req.org_id, &orgs)?;
    let now = state.clock.now();
    let open = registration_open(&rec, &e, now);
    if !open {
        return Err(ErrorCode::RegistrationClosed.into());
    }
    if !allows(Some(&user.actor), Action::RegisterForEvent { org_id, open }) {
        return Err(ErrorCode::Forbidden.into());
    }
    let outcome =
        db::events::register(&state.db, id, user.user.id, org_id, now.timestamp()).await?;
    let has_place = match outcome {
        Registered::Done { has_place } => has_place,
        Registered::AlreadyRegistered => return Err(ErrorCode::Conflict.into()),
        Registered::EventCancelled => return Err(ErrorCode::RegistrationClosed.into()),
    };
    audit(
        &state,
        Some(user.user.id),
        if has_place {
            "event.registered"
        } else {
            "event.waitlisted"
        },
        "event",
        Some(id),
        format!("challenge={} org={org_id}", rec.row.id),
        &ip,
    )
    .await?;
    let view = view_one(&state, &e, &rec, Some(&user.actor)).await?;
    let notice = match view.my_registration {
        Some(RegistrationState::Waitlisted { position }) => Notice::Waitlisted { position },
        _ => Notice::Registered,
    };
    let to = Recipient {
        email: user.user.email.clone(),
        name: user.user.display_name.clone(),
        lang: lang_of(&user.user.lang),
    };
    notify(&state, &rec, &e, to, notice).await;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/registration", tag = "dialogue",
    responses((status = 200, body = EventView), (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError)))]
pub async fn unregister(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<EventView>> {
    let (e, rec) = load(&state, id, Some(&user.actor)).await?;
    let now = state.now_ts();
    if now >= e.starts_at {
        return Err(ErrorCode::RegistrationClosed.into());
    }
    let (had, promoted) = db::events::cancel_registration(&state.db, id, user.user.id, now).await?;
    if !had {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "event.registration_cancelled",
        "event",
        Some(id),
        format!(
            "challenge={} promoted_user={}",
            rec.row.id,
            promoted.as_ref().map(|p| p.user_id).unwrap_or_default()
        ),
        &ip,
    )
    .await?;
    let to = Recipient {
        email: user.user.email.clone(),
        name: user.user.display_name.clone(),
        lang: lang_of(&user.user.lang),
    };
    if e.cancelled_at.is_none() {
        notify(&state, &rec, &e, to, Notice::RegistrationCancelled).await;
    }
    if let Some(p) = &promoted {
        notify(&state, &rec, &e, reg_recipient(p), Notice::Promoted).await;
    }
    Ok(Json(view_one(&state, &e, &rec, Some(&user.actor)).await?))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/participants", tag = "dialogue",
    responses((status = 200, body = [EventParticipant]), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list_participants(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<EventParticipant>>> {
    let (_, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    let regs = db::events::registrations(&state.db, id).await?;
    let mut org_ids: Vec<i64> = regs.iter().map(|r| r.org_id).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let orgs = db::orgs::refs_by_ids(&state.db, &org_ids).await?;
    let mut position = 0;
    let mut out = Vec::with_capacity(regs.len());
    for r in regs {
        let Some(org) = orgs.iter().find(|o| o.id == r.org_id) else {
            continue;
        };
        if r.state != "registered" {
            position += 1;
        }
        out.push(EventParticipant {
            display_name: r.display_name,
            email: r.email,
            org: org.to_ref(),
            state: state_of(&r.state, position),
            registered_at: to_time(r.registered_at),
        });
    }
    Ok(Json(out))
}

/// The calendar entry of an event; `link_ok`: the viewer may see the online link.
fn vevent(state: &AppState, rec: &ChallengeRecord, e: &EventRow, link_ok: bool) -> VEvent {
    let link = challenge_link(state, rec.row.id);
    let online = e.online_url.as_deref().filter(|_| link_ok);
    let location = [e.address.as_deref(), online]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    let mut description = e.description.trim().to_owned();
    if let Some(reason) = &e.cancel_reason {
        description = format!("{reason}\n\n{description}");
    }
    description = format!("{description}\n\n{}: {link}", rec.row.title)
        .trim()
        .to_owned();
    VEvent {
        uid: format!("event-{}@{}", e.id, calendar_host(state)),
        sequence: e.sequence,
        stamp: state.clock.now(),
        start: to_time(e.starts_at),
        end: to_time(e.ends_at),
        summary: e.title.clone(),
        description: Some(description),
        location: (!location.is_empty()).then_some(location),
        url: Some(link),
        cancelled: e.cancelled_at.is_some(),
        organizer: Some(organizer(rec)),
        attendee: None,
    }
}

/// Sends `notice` about event `e` to one person.
async fn notify(
    state: &AppState,
    rec: &ChallengeRecord,
    e: &EventRow,
    to: Recipient,
    notice: Notice<'_>,
) {
    let has_place = matches!(notice, Notice::Registered | Notice::Promoted);
    let event = vevent(state, rec, e, has_place);
    let place = event.location.clone();
    let link = challenge_link(state, rec.row.id);
    let mail = confirmation(&to, notice, rec, &link, event, place.as_deref());
    send_confirmation(state, mail).await;
}

fn reg_recipient(r: &RegistrationRow) -> Recipient {
    Recipient {
        email: r.email.clone(),
        name: r.display_name.clone(),
        lang: lang_of(&r.lang),
    }
}

fn calendar_response(body: String, filename: Option<String>) -> Response {
    let mut res = (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response();
    if let Some(name) = filename
        && let Ok(v) = format!("attachment; filename=\"{name}\"").parse()
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[utoipa::path(get, path = "/api/v1/events/{id}/event.ics", tag = "dialogue",
    responses((status = 200, description = "The event as iCalendar (text/calendar)", content_type = "text/calendar"),
              (status = 404, body = ApiError)))]
pub async fn event_ics(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (e, rec) = load(&state, id, viewer.actor()).await?;
    let view = view_one(&state, &e, &rec, viewer.actor()).await?;
    let cal = Calendar {
        method: Method::Publish,
        name: None,
        events: vec![vevent(&state, &rec, &e, view.online_url.is_some())],
    };
    Ok(calendar_response(
        cal.render(),
        Some(format!("kehto-event-{id}.ics")),
    ))
}

#[utoipa::path(get, path = "/api/v1/events.ics", tag = "dialogue",
    responses((status = 200, description = "Every public event from 90 days ago onward, as an iCalendar feed", content_type = "text/calendar")))]
pub async fn events_feed(State(state): State<AppState>) -> AppResult<Response> {
    let now = state.clock.now();
    let statuses: Vec<&str> = ChallengeStatus::ALL
        .into_iter()
        .filter(|s| s.is_public() && *s != ChallengeStatus::Cancelled)
        .map(ChallengeStatus::code)
        .collect();
    let rows = db::events::public_since(
        &state.db,
        (now - Duration::days(FEED_DAYS)).timestamp(),
        &statuses,
    )
    .await?;
    let mut events = Vec::with_capacity(rows.len());
    let mut challenges: Vec<ChallengeRecord> = Vec::new();
    for e in &rows {
        if !challenges.iter().any(|c| c.row.id == e.challenge_id) {
            match db::challenges::find(&state.db, e.challenge_id).await? {
                Some(rec) => challenges.push(rec),
                None => continue,
            }
        }
        if let Some(rec) = challenges.iter().find(|c| c.row.id == e.challenge_id) {
            events.push(vevent(&state, rec, e, false));
        }
    }
    let cal = Calendar {
        method: Method::Publish,
        name: Some(FEED_NAME.to_owned()),
        events,
    };
    Ok(calendar_response(cal.render(), None))
}
