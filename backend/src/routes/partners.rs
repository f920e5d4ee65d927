//! Partner search: a company marks itself as looking for partners on a challenge and says what
//! it lacks, sees complementary organisations, and sends them contact requests through the
//! platform. The asked organisation's members accept or decline; its contact person is shown
//! to the requesting organisation only after acceptance. Every step is audited, and so is every
//! showing of contact details.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::matchmaking::{
    ContactAnswer, ContactDetails, ContactRequestInput, ContactRequestStatus, ContactRequestView,
    ContactRequestsView, MatchQuery, PENDING_CONTACT_REQUESTS_MAX, PartnerCandidatesView,
    PartnerQuery, PartnerSearchInput, PartnerSearchView,
};
use kehto_shared::profile::Capability;
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::orgs::OrgRow;
use crate::db::partners::{ContactRequestRow, NewContactRequest, Sent, StoredPartnerSearch};
use crate::error::{AppResult, Json, Path, Query};
use crate::mail::Mail;
use crate::mail::matchmaking_templates::{
    ContactAcceptedMail, ContactRequestMail, contact_accepted, contact_request,
};
use crate::matchmaking::service;
use crate::matchmaking::view::reply_lang;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{effective_status, opt_time, to_time};
use crate::routes::challenges::visible;
use crate::routes::profiles::profiled_org;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/partner-search",
            get(get_partner_search)
                .put(put_partner_search)
                .delete(delete_partner_search),
        )
        .route(
            "/challenges/{id}/partner-candidates",
            get(partner_candidates),
        )
        .route(
            "/challenges/{id}/contact-requests",
            post(send_contact_request),
        )
        .route(
            "/organisations/{id}/contact-requests",
            get(list_contact_requests),
        )
        .route(
            "/contact-requests/{id}/answer",
            post(answer_contact_request),
        )
}

fn open(state: &AppState, rec: &ChallengeRecord) -> bool {
    matches!(
        effective_status(rec, state.clock.now()),
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    )
}

/// Whether `actor` may look for partners for `org_id` on `rec` now: 403 for outsiders, 409
/// `dialogue_closed` for members once the challenge is not open.
fn check_seek(
    state: &AppState,
    actor: &Actor,
    org_id: i64,
    rec: &ChallengeRecord,
) -> AppResult<()> {
    if !allows(Some(actor), Action::ViewContactRequests { org_id }) {
        return Err(ErrorCode::Forbidden.into());
    }
    if !allows(
        Some(actor),
        Action::SeekPartners {
            org_id,
            open: open(state, rec),
        },
    ) {
        return Err(ErrorCode::DialogueClosed.into());
    }
    Ok(())
}

fn search_view(s: &StoredPartnerSearch, org: &OrgRow) -> PartnerSearchView {
    PartnerSearchView {
        challenge_id: s.row.challenge_id,
        org: org.to_ref(),
        lacking: s
            .lacking
            .iter()
            .filter_map(|c| Capability::from_code(c))
            .collect(),
        note: s.row.note.clone(),
        updated_at: to_time(s.row.updated_at),
    }
}

/// The caller's own search on a visible challenge: 403 for non-members, 404 when there is none.
async fn own_search(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    org_id: i64,
) -> AppResult<(ChallengeRecord, OrgRow, Option<StoredPartnerSearch>)> {
    let rec = visible(state, id, Some(&user.actor)).await?;
    let org = profiled_org(state, org_id).await?;
    if !allows(Some(&user.actor), Action::ViewContactRequests { org_id }) {
        return Err(ErrorCode::Forbidden.into());
    }
    let search = db::partners::find_search(&state.db, id, org_id).await?;
    Ok((rec, org, search))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/partner-search", tag = "matchmaking", params(PartnerQuery),
    responses((status = 200, body = PartnerSearchView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError)))]
pub async fn get_partner_search(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PartnerQuery>,
) -> AppResult<Json<PartnerSearchView>> {
    let (_, org, search) = own_search(&state, &user, id, q.org_id).await?;
    let search = search.ok_or(ErrorCode::NotFound)?;
    Ok(Json(search_view(&search, &org)))
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}/partner-search", tag = "matchmaking", request_body = PartnerSearchInput,
    responses((status = 200, body = PartnerSearchView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError, description = "`dialogue_closed`"),
              (status = 422, body = ApiError)))]
pub async fn put_partner_search(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<PartnerSearchInput>,
) -> AppResult<Json<PartnerSearchView>> {
    input.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let org = profiled_org(&state, input.org_id).await?;
    check_seek(&state, &user.actor, org.id, &rec)?;
    let codes: Vec<&str> = input.lacking.iter().map(|c| c.code()).collect();
    db::partners::save_search(
        &state.db,
        id,
        org.id,
        &codes,
        input.note.trim(),
        user.user.id,
        state.now_ts(),
    )
    .await?;
    audit(
        &state,
        Some(user.user.id),
        "partner_search.saved",
        "challenge",
        Some(id),
        format!("org={} lacking={}", org.id, codes.join(",")),
        &ip,
    )
    .await?;
    let search = db::partners::find_search(&state.db, id, org.id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok(Json(search_view(&search, &org)))
}

#[utoipa::path(delete, path = "/api/v1/challenges/{id}/partner-search", tag = "matchmaking", params(PartnerQuery),
    responses((status = 204), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn delete_partner_search(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<PartnerQuery>,
) -> AppResult<StatusCode> {
    let (_, org, _) = own_search(&state, &user, id, q.org_id).await?;
    if !db::partners::delete_search(&state.db, id, org.id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "partner_search.removed",
        "challenge",
        Some(id),
        format!("org={}", org.id),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/partner-candidates", tag = "matchmaking", params(PartnerQuery),
    responses((status = 200, body = PartnerCandidatesView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError, description = "also when the organisation has no partner search on the challenge"),
              (status = 409, body = ApiError, description = "`dialogue_closed`"), (status = 422, body = ApiError)))]
pub async fn partner_candidates(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<PartnerQuery>,
) -> AppResult<Json<PartnerCandidatesView>> {
    let limit = MatchQuery { limit: q.limit };
    limit.validate()?;
    let (rec, org, search) = own_search(&state, &user, id, q.org_id).await?;
    check_seek(&state, &user.actor, org.id, &rec)?;
    let search = search.ok_or(ErrorCode::NotFound)?;
    let lang = reply_lang(&headers, Some(&user.user));
    let note_lang = Lang::from_code(&rec.row.content_lang).unwrap_or(Lang::Fi);
    let items =
        service::partner_candidates(&state, &search, note_lang, lang, limit.limit()).await?;
    Ok(Json(PartnerCandidatesView {
        search: search_view(&search, &org),
        items,
    }))
}

/// The e-mails announcing a contact request: to the asked organisation's members, each in their
/// language, or — when it has none — to its profile's contact.
async fn request_mails(
    state: &AppState,
    to_org: i64,
    m: &ContactRequestMail<'_>,
) -> AppResult<Vec<Mail>> {
    let members: Vec<i64> = db::orgs::members(&state.db, to_org)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let recipients = db::notifications::recipients(&state.db, &members).await?;
    if !recipients.is_empty() {
        return Ok(recipients
            .iter()
            .map(|r| {
                contact_request(&ContactRequestMail {
                    lang: Lang::from_code(&r.lang).unwrap_or(Lang::Fi),
                    to: &r.email,
                    ..*m
                })
            })
            .collect());
    }
    let profile = db::profiles::load(&state.db, to_org).await?;
    Ok(profile
        .filter(|p| !p.row.contact_email.is_empty())
        .map(|p| {
            let lang = p
                .languages
                .iter()
                .find_map(|l| Lang::from_code(l))
                .unwrap_or(Lang::Fi);
            vec![contact_request(&ContactRequestMail {
                lang,
                to: &p.row.contact_email,
                ..*m
            })]
        })
        .unwrap_or_default())
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/contact-requests", tag = "matchmaking", request_body = ContactRequestInput,
    responses((status = 201, body = ContactRequestView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError, description = "also for an organisation without a public profile"),
              (status = 409, body = ApiError, description = "`already_requested`, `limit_reached` (20 unanswered per challenge), `dialogue_closed`"),
              (status = 422, body = ApiError)))]
pub async fn send_contact_request(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<ContactRequestInput>,
) -> AppResult<(StatusCode, Json<ContactRequestView>)> {
    input.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let from = profiled_org(&state, input.from_org_id).await?;
    check_seek(&state, &user.actor, from.id, &rec)?;
    let to = profiled_org(&state, input.to_org_id).await?;
    // Only an organisation that opted into the directory can be found, and so asked.
    if !db::profiles::is_public(&state.db, to.id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    let link = state.settings.link("/contact-requests");
    let message = input.message.trim();
    let template = ContactRequestMail {
        lang: Lang::Fi,
        to: "",
        from_org: &from.name_fi,
        requester: &user.user.display_name,
        challenge_title: &rec.row.title,
        message,
        link: &link,
    };
    let mails = request_mails(&state, to.id, &template).await?;
    let new = NewContactRequest {
        challenge_id: id,
        from_org: from.id,
        to_org: to.id,
        requested_by: user.user.id,
        message,
        now: state.now_ts(),
    };
    let request_id = match db::partners::insert_request(
        &state.db,
        &new,
        PENDING_CONTACT_REQUESTS_MAX as i64,
        &mails,
    )
    .await?
    {
        Sent::Created(rid) => rid,
        Sent::Duplicate => return Err(ErrorCode::AlreadyRequested.into()),
        Sent::LimitReached => return Err(ErrorCode::LimitReached.into()),
    };
    crate::jobs::kick_mail(&state);
    audit(
        &state,
        Some(user.user.id),
        "contact_request.sent",
        "contact_request",
        Some(request_id),
        format!("challenge={id} from={} to={}", from.id, to.id),
        &ip,
    )
    .await?;
    let row = db::partners::find_request(&state.db, request_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let orgs = [from, to];
    Ok((
        StatusCode::CREATED,
        Json(request_view(&row, &orgs, &user.actor, None)?),
    ))
}

/// A request as `actor` sees it; `contact` is shown only when the policy allows it.
fn request_view(
    r: &ContactRequestRow,
    orgs: &[OrgRow],
    actor: &Actor,
    contact: Option<ContactDetails>,
) -> AppResult<ContactRequestView> {
    let org = |id: i64| {
        orgs.iter()
            .find(|o| o.id == id)
            .map(OrgRow::to_ref)
            .ok_or(ErrorCode::Internal)
    };
    let status =
        ContactRequestStatus::from_code(&r.status).unwrap_or(ContactRequestStatus::Pending);
    let sees_contact = allows(
        Some(actor),
        Action::SeePartnerContact {
            from_org: r.from_org,
            accepted: status == ContactRequestStatus::Accepted,
        },
    );
    Ok(ContactRequestView {
        id: r.id,
        challenge_id: r.challenge_id,
        challenge_title: r.challenge_title.clone(),
        from_org: org(r.from_org)?,
        to_org: org(r.to_org)?,
        requested_by: r.requested_by_name.clone().unwrap_or_default(),
        message: r.message.clone(),
        status,
        created_at: to_time(r.created_at),
        answered_at: opt_time(r.answered_at),
        contact: contact.filter(|_| sees_contact),
        can_answer: allows(
            Some(actor),
            Action::AnswerContactRequest {
                to_org: r.to_org,
                pending: status == ContactRequestStatus::Pending,
            },
        ),
    })
}

/// The asked organisation's contact person: its profile's contact, or — when the profile names
/// none — the member who accepted.
async fn contact_of(state: &AppState, r: &ContactRequestRow) -> AppResult<Option<ContactDetails>> {
    if let Some(p) = db::profiles::load(&state.db, r.to_org).await?
        && !p.row.contact_email.is_empty()
    {
        return Ok(Some(ContactDetails {
            name: p.row.contact_name.clone(),
            email: p.row.contact_email.clone(),
            phone: p.row.contact_phone.clone(),
        }));
    }
    let Some(uid) = r.answered_by else {
        return Ok(None);
    };
    Ok(db::users::find_by_id(&state.db, uid)
        .await?
        .map(|u| ContactDetails {
            name: u.display_name,
            email: u.email,
            phone: None,
        }))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/contact-requests", tag = "matchmaking",
    responses((status = 200, body = ContactRequestsView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError)))]
pub async fn list_contact_requests(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<ContactRequestsView>> {
    let org = profiled_org(&state, id).await?;
    if !allows(
        Some(&user.actor),
        Action::ViewContactRequests { org_id: id },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let incoming = db::partners::requests_of(&state.db, id, true).await?;
    let outgoing = db::partners::requests_of(&state.db, id, false).await?;
    let mut ids: Vec<i64> = incoming
        .iter()
        .chain(&outgoing)
        .flat_map(|r| [r.from_org, r.to_org])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let orgs = db::orgs::refs_by_ids(&state.db, &ids).await?;
    let incoming = incoming
        .iter()
        .map(|r| request_view(r, &orgs, &user.actor, None))
        .collect::<AppResult<Vec<_>>>()?;
    let mut revealed = Vec::new();
    let mut out = Vec::with_capacity(outgoing.len());
    for r in &outgoing {
        let accepted = r.status == ContactRequestStatus::Accepted.code();
        let contact = if accepted
            && allows(
                Some(&user.actor),
                Action::SeePartnerContact {
                    from_org: org.id,
                    accepted,
                },
            ) {
            revealed.push(r.id.to_string());
            contact_of(&state, r).await?
        } else {
            None
        };
        out.push(request_view(r, &orgs, &user.actor, contact)?);
    }
    if !revealed.is_empty() {
        audit(
            &state,
            Some(user.user.id),
            "contact_request.contact_shown",
            "organisation",
            Some(id),
            format!("requests={}", revealed.join(",")),
            &ip,
        )
        .await?;
    }
    Ok(Json(ContactRequestsView {
        incoming,
        outgoing: out,
    }))
}

#[utoipa::path(post, path = "/api/v1/contact-requests/{id}/answer", tag = "matchmaking", request_body = ContactAnswer,
    responses((status = 200, body = ContactRequestView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError, description = "`conflict` when already answered"),
              (status = 422, body = ApiError)))]
pub async fn answer_contact_request(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(answer): Json<ContactAnswer>,
) -> AppResult<Json<ContactRequestView>> {
    let r = db::partners::find_request(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let party = |org_id| allows(Some(&user.actor), Action::ViewContactRequests { org_id });
    if !party(r.from_org) && !party(r.to_org) {
        // Outsiders do not learn that the request exists.
        return Err(ErrorCode::NotFound.into());
    }
    if !party(r.to_org) {
        return Err(ErrorCode::Forbidden.into());
    }
    let pending = r.status == ContactRequestStatus::Pending.code();
    if !allows(
        Some(&user.actor),
        Action::AnswerContactRequest {
            to_org: r.to_org,
            pending,
        },
    ) {
        return Err(ErrorCode::Conflict.into());
    }
    let orgs = db::orgs::refs_by_ids(&state.db, &[r.from_org, r.to_org]).await?;
    let mut mails = Vec::new();
    if answer.accept {
        let requester = match r.requested_by {
            Some(uid) => db::users::find_by_id(&state.db, uid).await?,
            None => None,
        };
        // Answered now, by the caller: the contact falls back to them.
        let pending_row = ContactRequestRow {
            answered_by: Some(user.user.id),
            ..r.clone()
        };
        let contact = contact_of(&state, &pending_row).await?;
        if let (Some(u), Some(c)) = (requester, contact) {
            let to_org = orgs
                .iter()
                .find(|o| o.id == r.to_org)
                .map(|o| o.name_fi.clone())
                .unwrap_or_default();
            let link = state.settings.link("/contact-requests");
            mails.push(contact_accepted(&ContactAcceptedMail {
                lang: Lang::from_code(&u.lang).unwrap_or(Lang::Fi),
                to: &u.email,
                to_org: &to_org,
                challenge_title: &r.challenge_title,
                contact_name: &c.name,
                contact_email: &c.email,
                contact_phone: c.phone.as_deref(),
                link: &link,
            }));
        }
    }
    if !db::partners::answer_request(
        &state.db,
        id,
        answer.accept,
        user.user.id,
        state.now_ts(),
        &mails,
    )
    .await?
    {
        return Err(ErrorCode::Conflict.into());
    }
    if !mails.is_empty() {
        crate::jobs::kick_mail(&state);
    }
    audit(
        &state,
        Some(user.user.id),
        if answer.accept {
            "contact_request.accepted"
        } else {
            "contact_request.declined"
        },
        "contact_request",
        Some(id),
        format!("from={} to={}", r.from_org, r.to_org),
        &ip,
    )
    .await?;
    let r = db::partners::find_request(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok(Json(request_view(&r, &orgs, &user.actor, None)?))
}
