//! For a challenge's coordinators: public organisations worth inviting to its market dialogue,
//! a personal invitation e-mail to one of them (logged, once per organisation), and similar
//! challenges of other regions — for drafts too.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use kehto_matching::Reader;
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::matchmaking::{
    DialogueInvitationView, DialogueInviteRequest, MatchQuery, SimilarChallengesView,
    SuggestionsView,
};
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::dialogue_invitations::NewDialogueInvitation;
use crate::error::{AppResult, Json, Path, Query};
use crate::mail::matchmaking_templates::{DialogueInvitationMail, dialogue_invitation};
use crate::matchmaking::service;
use crate::matchmaking::view::reply_lang;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{effective_status, region_ids};
use crate::routes::challenges::visible;
use crate::routes::profiles::profiled_org;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/suggested-organisations",
            get(suggested_organisations),
        )
        .route(
            "/challenges/{id}/suggested-organisations/{org_id}/invite",
            post(invite_organisation),
        )
        .route("/challenges/{id}/similar", get(similar_challenges))
}

/// Whether the challenge's market dialogue is open now (public, deadline ahead).
fn dialogue_open(state: &AppState, rec: &ChallengeRecord) -> bool {
    matches!(
        effective_status(rec, state.clock.now()),
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    )
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/suggested-organisations", tag = "matchmaking", params(MatchQuery),
    responses((status = 200, body = SuggestionsView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn suggested_organisations(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<Json<SuggestionsView>> {
    q.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::SuggestOrganisations { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let lang = reply_lang(&headers, Some(&user.user));
    let items = service::suggestions(&state, &rec, lang, q.limit()).await?;
    Ok(Json(SuggestionsView {
        challenge_id: id,
        can_invite: allows(
            Some(&user.actor),
            Action::InviteToDialogue {
                regions: &regions,
                open: dialogue_open(&state, &rec),
            },
        ),
        items,
        invited: service::invitations(&state, id).await?,
    }))
}

/// The language to write to an organisation's contact in: the language of the account with
/// that address, else the first of the profile's languages, else Finnish.
async fn recipient_lang(
    state: &AppState,
    email: &str,
    profile_langs: &[String],
) -> AppResult<Lang> {
    if let Some(u) = db::users::find_by_email(&state.db, email).await? {
        return Ok(Lang::from_code(&u.lang).unwrap_or(Lang::Fi));
    }
    Ok(profile_langs
        .iter()
        .find_map(|l| Lang::from_code(l))
        .unwrap_or(Lang::Fi))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/suggested-organisations/{org_id}/invite", tag = "matchmaking",
    request_body = DialogueInviteRequest,
    responses((status = 201, body = DialogueInvitationView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError, description = "`already_invited`; `dialogue_closed` when the challenge is not public or its deadline has passed"),
              (status = 422, body = ApiError)))]
pub async fn invite_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, org_id)): Path<(i64, i64)>,
    Json(req): Json<DialogueInviteRequest>,
) -> AppResult<(StatusCode, Json<DialogueInvitationView>)> {
    req.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::SuggestOrganisations { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    if !allows(
        Some(&user.actor),
        Action::InviteToDialogue {
            regions: &regions,
            open: dialogue_open(&state, &rec),
        },
    ) {
        return Err(ErrorCode::DialogueClosed.into());
    }
    let org = profiled_org(&state, org_id).await?;
    // Only organisations with a public profile can be suggested, and so invited.
    let profile = db::profiles::load(&state.db, org_id)
        .await?
        .filter(|p| p.row.is_public && !p.row.contact_email.is_empty())
        .ok_or(ErrorCode::NotFound)?;
    let to = profile.row.contact_email.clone();
    let lang = recipient_lang(&state, &to, &profile.languages).await?;
    let reasons = state
        .matching
        .read()
        .matcher
        .pair(id, org_id)
        .filter(|m| m.score > 0.0)
        .map(|m| m.reasons.render(lang, Reader::Company))
        .unwrap_or_default();
    let regions_text = rec
        .regions
        .iter()
        .map(|r| r.to_ref().name(lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let title = rec
        .translations
        .iter()
        .find(|t| t.lang == lang.code())
        .map_or(rec.row.title.as_str(), |t| t.title.as_str());
    let contact = format!("{} <{}>", rec.row.contact_name, rec.row.contact_email);
    let link = state.settings.link(&format!("/challenges/{id}"));
    let message = req.message.trim();
    let mail = dialogue_invitation(&DialogueInvitationMail {
        lang,
        to: &to,
        org_name: &org.name_fi,
        coordinator: &user.user.display_name,
        regions: &regions_text,
        challenge_title: title,
        reasons: &reasons,
        message,
        contact: &contact,
        link: &link,
    });
    let now = state.now_ts();
    let new = NewDialogueInvitation {
        challenge_id: id,
        org_id,
        invited_by: user.user.id,
        message,
        sent_to: &to,
        now,
    };
    if !db::dialogue_invitations::insert_with_mail(&state.db, &new, &mail).await? {
        return Err(ErrorCode::AlreadyInvited.into());
    }
    crate::jobs::kick_mail(&state);
    audit(
        &state,
        Some(user.user.id),
        "dialogue.invited",
        "challenge",
        Some(id),
        format!("org={org_id}"),
        &ip,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(DialogueInvitationView {
            challenge_id: id,
            org: org.to_ref(),
            invited_at: crate::routes::challenge_view::to_time(now),
            invited_by: user.user.display_name.clone(),
            message: message.to_owned(),
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/similar", tag = "matchmaking", params(MatchQuery),
    responses((status = 200, body = SimilarChallengesView), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn similar_challenges(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<MatchQuery>,
) -> AppResult<Json<SimilarChallengesView>> {
    q.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::ViewSimilarChallenges { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let lang = reply_lang(&headers, Some(&user.user));
    Ok(Json(SimilarChallengesView {
        challenge_id: id,
        items: service::similar(&state, &rec, lang, q.limit()).await?,
    }))
}
