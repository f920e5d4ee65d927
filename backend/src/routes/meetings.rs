//! One-to-one meetings of the market dialogue: the coordinator opens slots and sets how many
//! each organisation may book (equal terms); companies book and cancel; afterwards the summary
//! of each meeting is published to all. Everyone sees which slots are taken, only coordinators
//! by whom.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use chrono::{DateTime, Utc};
use kehto_shared::meetings::{
    BookSlotRequest, DEFAULT_PER_ORG_LIMIT, MeetingSettings, MeetingSlotInput, MeetingSlotView,
    MeetingSummaryRequest, MeetingsView,
};
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::meetings::{Booked, SlotRow};
use crate::db::orgs::OrgRow;
use crate::error::{AppResult, Json, Path};
use crate::ics::VEvent;
use crate::mail::dialogue_templates::Notice;
use crate::markdown;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::challenges::visible;
use crate::routes::dialogue::{
    Recipient, calendar_host, can_manage, challenge_link, challenge_open, choose_org, company_orgs,
    confirmation, lang_of, open_for_new_dialogue, organizer, require_manage, send_confirmation,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/meetings",
            get(list_meetings).post(create_slot),
        )
        .route(
            "/challenges/{id}/meeting-settings",
            put(set_meeting_settings),
        )
        .route("/meetings/{id}", delete(delete_slot))
        .route(
            "/meetings/{id}/booking",
            post(book_slot).delete(cancel_booking),
        )
        .route("/meetings/{id}/summary", put(publish_summary))
}

async fn load(
    state: &AppState,
    id: i64,
    viewer: Option<&Actor>,
) -> AppResult<(SlotRow, ChallengeRecord)> {
    let slot = db::meetings::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let rec = visible(state, slot.challenge_id, viewer).await?;
    Ok((slot, rec))
}

async fn per_org_limit(state: &AppState, challenge_id: i64) -> AppResult<i64> {
    Ok(db::meetings::limit(&state.db, challenge_id)
        .await?
        .unwrap_or(i64::from(DEFAULT_PER_ORG_LIMIT)))
}

/// Everything about the viewer and the challenge that shapes the slots' views.
struct Context<'a> {
    actor: Option<&'a Actor>,
    manage: bool,
    open: bool,
    now: DateTime<Utc>,
    my_orgs: Vec<i64>,
    /// The viewer's organisations that have bookings left.
    orgs_with_room: Vec<i64>,
    /// Booking organisations, loaded for coordinators only.
    named: Vec<OrgRow>,
}

async fn context<'a>(
    state: &AppState,
    rec: &ChallengeRecord,
    actor: Option<&'a Actor>,
    slots: &[SlotRow],
) -> AppResult<(Context<'a>, i64)> {
    let now = state.clock.now();
    let limit = per_org_limit(state, rec.row.id).await?;
    let manage = can_manage(actor, rec);
    let my_orgs = company_orgs(actor);
    let orgs_with_room = my_orgs
        .iter()
        .copied()
        .filter(|org| {
            let held = slots.iter().filter(|s| s.booked_org == Some(*org)).count();
            i64::try_from(held).unwrap_or(i64::MAX) < limit
        })
        .collect();
    let named = if manage {
        let mut ids: Vec<i64> = slots.iter().filter_map(|s| s.booked_org).collect();
        ids.sort_unstable();
        ids.dedup();
        db::orgs::refs_by_ids(&state.db, &ids).await?
    } else {
        vec![]
    };
    let ctx = Context {
        actor,
        manage,
        open: challenge_open(rec, now),
        now,
        my_orgs,
        orgs_with_room,
        named,
    };
    Ok((ctx, limit))
}

fn to_view(s: &SlotRow, c: &Context<'_>) -> MeetingSlotView {
    let mine = s.booked_org.is_some_and(|o| c.my_orgs.contains(&o));
    let before_start = c.now.timestamp() < s.starts_at;
    let open = c.open && before_start;
    let can_book = s.booked_org.is_none()
        && c.orgs_with_room
            .iter()
            .any(|org| allows(c.actor, Action::BookMeeting { org_id: *org, open }));
    let can_cancel = s.booked_org.is_some_and(|org_id| {
        mine && allows(
            c.actor,
            Action::CancelBooking {
                org_id,
                before_start,
            },
        )
    });
    let published = s.summary_published_at.is_some();
    MeetingSlotView {
        id: s.id,
        starts_at: to_time(s.starts_at),
        ends_at: to_time(s.ends_at),
        location: (c.manage || mine).then(|| s.location.clone()),
        lang: lang_of(&s.lang),
        booked: s.booked_org.is_some(),
        booked_by_mine: mine,
        booked_org: s
            .booked_org
            .and_then(|o| c.named.iter().find(|n| n.id == o))
            .map(OrgRow::to_ref),
        can_book,
        can_cancel,
        summary: s.summary.clone().filter(|_| published),
        summary_html: s.summary_html.clone().filter(|_| published),
        summary_published_at: opt_time(s.summary_published_at),
    }
}

/// One slot as `actor` sees it now.
async fn view_one(
    state: &AppState,
    rec: &ChallengeRecord,
    slot_id: i64,
    actor: Option<&Actor>,
) -> AppResult<MeetingSlotView> {
    let slots = db::meetings::for_challenge(&state.db, rec.row.id).await?;
    let (ctx, _) = context(state, rec, actor, &slots).await?;
    let slot = slots
        .iter()
        .find(|s| s.id == slot_id)
        .ok_or(ErrorCode::NotFound)?;
    Ok(to_view(slot, &ctx))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/meetings", tag = "dialogue",
    responses((status = 200, body = MeetingsView), (status = 404, body = ApiError)))]
pub async fn list_meetings(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MeetingsView>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    Ok(Json(meetings_view(&state, &rec, viewer.actor()).await?))
}

/// A challenge's meeting slots as `actor` sees them (also for the dashboard and "my dialogue").
pub(crate) async fn meetings_view(
    state: &AppState,
    rec: &ChallengeRecord,
    actor: Option<&Actor>,
) -> AppResult<MeetingsView> {
    let slots = db::meetings::for_challenge(&state.db, rec.row.id).await?;
    let (ctx, limit) = context(state, rec, actor, &slots).await?;
    let views: Vec<MeetingSlotView> = slots.iter().map(|s| to_view(s, &ctx)).collect();
    let my_booked_count = slots
        .iter()
        .filter(|s| s.booked_org.is_some_and(|o| ctx.my_orgs.contains(&o)))
        .count();
    Ok(MeetingsView {
        can_book: views.iter().any(|v| v.can_book),
        slots: views,
        per_org_limit: u8::try_from(limit).unwrap_or(DEFAULT_PER_ORG_LIMIT),
        my_booked_count: u32::try_from(my_booked_count).unwrap_or(u32::MAX),
        can_manage: ctx.manage,
        server_now: ctx.now,
    })
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}/meeting-settings", tag = "dialogue", request_body = MeetingSettings,
    responses((status = 200, body = MeetingSettings), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn set_meeting_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<MeetingSettings>,
) -> AppResult<Json<MeetingSettings>> {
    let rec = visible(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    req.validate()?;
    db::meetings::set_limit(&state.db, id, i64::from(req.per_org_limit), state.now_ts()).await?;
    audit(
        &state,
        Some(user.user.id),
        "meetings.limit_set",
        "challenge",
        Some(id),
        format!("per_org_limit={}", req.per_org_limit),
        &ip,
    )
    .await?;
    Ok(Json(req))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/meetings", tag = "dialogue", request_body = MeetingSlotInput,
    responses((status = 201, body = MeetingSlotView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn create_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<MeetingSlotInput>,
) -> AppResult<(StatusCode, Json<MeetingSlotView>)> {
    let rec = open_for_new_dialogue(&state, id, &user.actor).await?;
    let now = state.clock.now();
    input.validate(now)?;
    let slot_id = db::meetings::insert(
        &state.db,
        id,
        (input.starts_at.timestamp(), input.ends_at.timestamp()),
        input.location.trim(),
        input.lang.code(),
        user.user.id,
        now.timestamp(),
    )
    .await?;
    audit(
        &state,
        Some(user.user.id),
        "meeting.slot_created",
        "meeting",
        Some(slot_id),
        format!("challenge={id}"),
        &ip,
    )
    .await?;
    let view = view_one(&state, &rec, slot_id, Some(&user.actor)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(delete, path = "/api/v1/meetings/{id}", tag = "dialogue",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn delete_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let (slot, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    // A published summary is part of the public record.
    if slot.summary_published_at.is_some() {
        return Err(ErrorCode::Conflict.into());
    }
    if !db::meetings::delete(&state.db, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "meeting.slot_removed",
        "meeting",
        Some(id),
        format!(
            "challenge={} booked_org={}",
            rec.row.id,
            slot.booked_org.unwrap_or_default()
        ),
        &ip,
    )
    .await?;
    if state.now_ts() < slot.starts_at
        && let Some(booker) = slot.booked_by
        && let Some(u) = db::users::find_by_id(&state.db, booker).await?
    {
        let to = Recipient {
            email: u.email,
            name: u.display_name,
            lang: lang_of(&u.lang),
        };
        notify(&state, &rec, &slot, &to, Notice::MeetingWithdrawn).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/booking", tag = "dialogue", request_body = BookSlotRequest,
    responses((status = 201, body = MeetingSlotView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn book_slot(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<BookSlotRequest>,
) -> AppResult<(StatusCode, Json<MeetingSlotView>)> {
    let (slot, rec) = load(&state, id, Some(&user.actor)).await?;
    let orgs = company_orgs(Some(&user.actor));
    if orgs.is_empty() {
        return Err(ErrorCode::Forbidden.into());
    }
    let org_id = choose_org(req.org_id, &orgs)?;
    let now = state.clock.now();
    let open = challenge_open(&rec, now) && now.timestamp() < slot.starts_at;
    if !open {
        return Err(ErrorCode::RegistrationClosed.into());
    }
    if !allows(Some(&user.actor), Action::BookMeeting { org_id, open }) {
        return Err(ErrorCode::Forbidden.into());
    }
    let limit = per_org_limit(&state, rec.row.id).await?;
    let outcome = db::meetings::book(
        &state.db,
        rec.row.id,
        id,
        (org_id, user.user.id),
        limit,
        now.timestamp(),
    )
    .await?;
    match outcome {
        Booked::Done => {}
        Booked::LimitReached => return Err(ErrorCode::MeetingLimitReached.into()),
        Booked::SlotTaken => return Err(ErrorCode::SlotTaken.into()),
    }
    audit(
        &state,
        Some(user.user.id),
        "meeting.booked",
        "meeting",
        Some(id),
        format!("challenge={} org={org_id}", rec.row.id),
        &ip,
    )
    .await?;
    let slot = db::meetings::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let to = Recipient {
        email: user.user.email.clone(),
        name: user.user.display_name.clone(),
        lang: lang_of(&user.user.lang),
    };
    notify(&state, &rec, &slot, &to, Notice::MeetingBooked).await;
    let view = view_one(&state, &rec, id, Some(&user.actor)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(delete, path = "/api/v1/meetings/{id}/booking", tag = "dialogue",
    responses((status = 200, body = MeetingSlotView), (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError)))]
pub async fn cancel_booking(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<MeetingSlotView>> {
    let (slot, rec) = load(&state, id, Some(&user.actor)).await?;
    // Someone else's booking is, to this caller, no booking at all.
    let org_id = slot
        .booked_org
        .filter(|o| company_orgs(Some(&user.actor)).contains(o))
        .ok_or(ErrorCode::NotFound)?;
    let before_start = state.now_ts() < slot.starts_at;
    if !before_start {
        return Err(ErrorCode::RegistrationClosed.into());
    }
    if !allows(
        Some(&user.actor),
        Action::CancelBooking {
            org_id,
            before_start,
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    if !db::meetings::unbook(&state.db, id, org_id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "meeting.booking_cancelled",
        "meeting",
        Some(id),
        format!("challenge={} org={org_id}", rec.row.id),
        &ip,
    )
    .await?;
    let canceller = Recipient {
        email: user.user.email.clone(),
        name: user.user.display_name.clone(),
        lang: lang_of(&user.user.lang),
    };
    // The booker's calendar holds the invitation; tell them, and the canceller if another.
    let mut recipients = vec![canceller];
    if let Some(booker) = slot.booked_by.filter(|b| *b != user.user.id)
        && let Some(u) = db::users::find_by_id(&state.db, booker).await?
    {
        recipients.push(Recipient {
            email: u.email,
            name: u.display_name,
            lang: lang_of(&u.lang),
        });
    }
    let slot = db::meetings::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    for to in &recipients {
        notify(&state, &rec, &slot, to, Notice::BookingCancelled).await;
    }
    Ok(Json(view_one(&state, &rec, id, Some(&user.actor)).await?))
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}/summary", tag = "dialogue", request_body = MeetingSummaryRequest,
    responses((status = 200, body = MeetingSlotView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn publish_summary(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<MeetingSummaryRequest>,
) -> AppResult<Json<MeetingSlotView>> {
    let (slot, rec) = load(&state, id, Some(&user.actor)).await?;
    require_manage(&user.actor, &rec)?;
    req.validate()?;
    let now = state.now_ts();
    if now < slot.ends_at {
        return Err(ErrorCode::NotYetHeld.into());
    }
    if slot.booked_org.is_none() {
        return Err(ErrorCode::Conflict.into());
    }
    let summary = req.summary.trim();
    db::meetings::publish_summary(&state.db, id, summary, &markdown::render(summary), now).await?;
    audit(
        &state,
        Some(user.user.id),
        "meeting.summary_published",
        "meeting",
        Some(id),
        format!("challenge={}", rec.row.id),
        &ip,
    )
    .await?;
    Ok(Json(view_one(&state, &rec, id, Some(&user.actor)).await?))
}

/// The meeting's title in the recipient's language.
fn meeting_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "Markkinavuoropuhelun tapaaminen",
        Lang::Sv => "Möte i marknadsdialogen",
        Lang::En => "Market dialogue meeting",
    }
}

/// Sends `notice` about a meeting slot to one person (who may know its location).
async fn notify(
    state: &AppState,
    rec: &ChallengeRecord,
    slot: &SlotRow,
    to: &Recipient,
    notice: Notice<'_>,
) {
    let link = challenge_link(state, rec.row.id);
    let event = VEvent {
        uid: format!("meeting-{}@{}", slot.id, calendar_host(state)),
        sequence: slot.sequence,
        stamp: state.clock.now(),
        start: to_time(slot.starts_at),
        end: to_time(slot.ends_at),
        summary: format!("{}: {}", meeting_title(to.lang), rec.row.title),
        description: Some(format!("{}\n\n{link}", rec.row.title)),
        location: Some(slot.location.clone()),
        url: Some(link.clone()),
        cancelled: false,
        organizer: Some(organizer(rec)),
        attendee: None,
    };
    let mail = confirmation(to, notice, rec, &link, event, Some(&slot.location));
    send_confirmation(state, mail).await;
}
