//! The public challenge board, challenge pages, the coordinator's editor and status changes.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use kehto_shared::challenge::{
    BoardQuery, BoardSort, ChallengeDetail, ChallengeInput, ChallengeStatus, ChallengeSummary,
    DESCRIPTION_MAX, MarkdownPreviewRequest, MarkdownPreviewResponse, TransitionRequest,
    changed_fields, check_change_reason,
};
use kehto_shared::error::{FieldCode, FieldError};
use kehto_shared::notifications::NotificationKind;
use kehto_shared::page::{Page, PageMeta};
use kehto_shared::regions::region_by_code;
use kehto_shared::{ApiError, ErrorCode, Lang};
use serde::Deserialize;

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::board::BoardFilter;
use crate::db::challenges::{ChallengeRecord, ChallengeWrite, VersionWrite};
use crate::error::{AppError, AppResult, Json, Path, Query};
use crate::markdown;
use crate::notify::Notice;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{
    effective_status, region_ids, stored_status, to_detail, to_input, to_summary,
};
use crate::search;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/challenges", get(list_challenges).post(create_challenge))
        .route("/challenges/{id}", get(get_challenge).put(update_challenge))
        .route("/challenges/{id}/transitions", post(transition_challenge))
        .route("/markdown/preview", post(preview_markdown))
}

#[utoipa::path(get, path = "/api/v1/challenges", tag = "challenges", params(BoardQuery),
    responses((status = 200, body = Page<ChallengeSummary>), (status = 422, body = ApiError)))]
pub async fn list_challenges(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<Page<ChallengeSummary>>> {
    Ok(Json(board_page(&state, viewer.actor(), &q).await?))
}

/// One page of the board as `viewer` sees it (also the source of the Atom feed).
pub(crate) async fn board_page(
    state: &AppState,
    viewer: Option<&Actor>,
    q: &BoardQuery,
) -> AppResult<Page<ChallengeSummary>> {
    q.validate()?;
    let now = state.clock.now();
    let region_id = match q.region.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(code) => {
            let known = region_by_code(code)
                .ok_or_else(|| AppError::field("region", FieldCode::InvalidChoice))?;
            let row = db::orgs::find_region_by_code(&state.db, known.code)
                .await?
                .ok_or(ErrorCode::Internal)?;
            Some(row.id)
        }
    };
    let per_page = q.per_page.unwrap_or(PageMeta::DEFAULT_PER_PAGE);
    let page = q.page.unwrap_or(1);
    let draft_regions = match (q.include_drafts, viewer) {
        (Some(true), Some(a)) => a.draft_reader_regions(),
        _ => vec![],
    };
    let filter = BoardFilter {
        now: now.timestamp(),
        draft_regions,
        region_id,
        status: q.status,
        theme: q.theme.map(|t| t.code().to_owned()),
        model: q.model.map(|m| m.code().to_owned()),
        trl: q.trl.map(i32::from),
        closes_after: q.closes_after.map(|d| d.timestamp()),
        closes_before: q.closes_before.map(|d| d.timestamp()),
        terms: q.q.as_deref().map(search::board_terms).unwrap_or_default(),
        sort: q.sort.unwrap_or(BoardSort::Relevance),
        lang: q.lang.map(|l| l.code().to_owned()),
        limit: i64::from(per_page),
        offset: i64::from(page - 1) * i64::from(per_page),
    };
    let (rows, total) = db::board::list_board(&state.db, &filter).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut regions = db::challenges::regions_of(&state.db, &ids).await?;
    let themes = db::challenges::themes_of(&state.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let id = r.id;
            to_summary(
                r,
                regions.remove(&id).unwrap_or_default(),
                themes.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                now,
            )
        })
        .collect();
    Ok(Page {
        items,
        meta: PageMeta {
            page,
            per_page,
            total: u64::try_from(total).unwrap_or(0),
        },
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LangQuery {
    /// Show a translation in this language when one exists.
    pub lang: Option<Lang>,
}

/// Loads a challenge the viewer may see; a draft they may not see is simply not found.
pub(crate) async fn visible(
    state: &AppState,
    id: i64,
    viewer: Option<&Actor>,
) -> AppResult<ChallengeRecord> {
    let rec = db::challenges::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let status = effective_status(&rec, state.clock.now());
    if !allows(
        viewer,
        Action::ViewChallenge {
            status,
            regions: &region_ids(&rec),
        },
    ) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(rec)
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}", tag = "challenges", params(LangQuery),
    responses((status = 200, body = ChallengeDetail), (status = 404, body = ApiError)))]
pub async fn get_challenge(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> AppResult<Json<ChallengeDetail>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    let mut detail = to_detail(&rec, q.lang, viewer.actor(), state.clock.now());
    if let Some(user) = viewer.actor() {
        detail.following = Some(db::follows::is_following(&state.db, user.user_id, id).await?);
    }
    if detail
        .summary
        .proposals_close_at
        .is_some_and(|c| state.clock.now() >= c)
    {
        detail.outcome = crate::routes::feedback::outcome_if_published(&state, &rec).await?;
    }
    Ok(Json(detail))
}

/// Derives the stored extras (HTML, search keys) from an editor's input.
async fn prepare<'a>(state: &AppState, input: &'a ChallengeInput) -> AppResult<ChallengeWrite<'a>> {
    let regions = db::orgs::refs_by_ids(&state.db, &input.region_ids).await?;
    if regions.len() != input.region_ids.len()
        || regions
            .iter()
            .any(|r| r.kind() != kehto_shared::org::OrgKind::Region)
    {
        return Err(AppError::field("region_ids", FieldCode::InvalidChoice));
    }
    let names: Vec<String> = regions
        .iter()
        .flat_map(|r| [r.name_fi.clone(), r.name_sv.clone(), r.name_en.clone()])
        .collect();
    Ok(ChallengeWrite {
        input,
        initial_status: ChallengeStatus::Draft,
        initial_published_at: None,
        description_html: markdown::render(&input.description),
        criteria_html: markdown::render(&input.evaluation_criteria),
        translation_html: input
            .translations
            .iter()
            .map(|t| markdown::render(&t.description))
            .collect(),
        keys: search::challenge_keys(input, &names),
        now: state.now_ts(),
    })
}

#[utoipa::path(post, path = "/api/v1/challenges", tag = "challenges", request_body = ChallengeInput,
    responses((status = 201, body = ChallengeDetail), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_challenge(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(input): Json<ChallengeInput>,
) -> AppResult<(StatusCode, Json<ChallengeDetail>)> {
    if user.actor.coordinated_regions().is_empty() {
        return Err(ErrorCode::Forbidden.into());
    }
    input.validate_draft()?;
    if !allows(
        Some(&user.actor),
        Action::CreateChallenge {
            regions: &input.region_ids,
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let write = prepare(&state, &input).await?;
    let id = db::challenges::insert(&state.db, &write, Some(user.user.id)).await?;
    audit(
        &state,
        Some(user.user.id),
        "challenge.created",
        "challenge",
        Some(id),
        String::new(),
        &ip,
    )
    .await?;
    let rec = db::challenges::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((
        StatusCode::CREATED,
        Json(to_detail(&rec, None, Some(&user.actor), state.clock.now())),
    ))
}

/// The version an editor started from, so that a stale form cannot overwrite a newer change.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EditQuery {
    /// The `version` of the `ChallengeDetail` the form was loaded from; when given and no longer
    /// current, the save is refused with 409 `conflict` and nothing changes.
    pub base_version: Option<u32>,
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}", tag = "challenges", request_body = ChallengeInput, params(EditQuery),
    responses((status = 200, body = ChallengeDetail), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_challenge(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(edit): Query<EditQuery>,
    Json(input): Json<ChallengeInput>,
) -> AppResult<Json<ChallengeDetail>> {
    let mut rec = visible(&state, id, Some(&user.actor)).await?;
    if edit
        .base_version
        .is_some_and(|v| i64::from(v) != rec.version)
    {
        return Err(ErrorCode::Conflict.into());
    }
    let now = state.clock.now();
    let status = effective_status(&rec, now);
    let current_regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::EditChallenge {
            status,
            regions: &current_regions,
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    input.validate_draft()?;
    let changed_regions = input
        .region_ids
        .iter()
        .filter(|r| !current_regions.contains(r))
        .chain(
            current_regions
                .iter()
                .filter(|r| !input.region_ids.contains(r)),
        );
    for region in changed_regions {
        if !allows(
            Some(&user.actor),
            Action::ChangeChallengeRegion { region: *region },
        ) {
            return Err(AppError::field("region_ids", FieldCode::InvalidChoice));
        }
    }
    if status != ChallengeStatus::Draft {
        // A public challenge must stay complete; deadlines already in the past may stay as they
        // were, but no new date may be set in the past.
        let before = to_input(&rec);
        if let Err(errors) = input.validate_for_publish(now) {
            let unchanged_past = |e: &FieldError| {
                e.code == FieldCode::DateOrder
                    && match e.field.as_str() {
                        "questions_close_at" => {
                            input.questions_close_at == before.questions_close_at
                        }
                        "proposals_close_at" => {
                            input.proposals_close_at == before.proposals_close_at
                        }
                        _ => false,
                    }
            };
            let remaining: Vec<FieldError> =
                errors.into_iter().filter(|e| !unchanged_past(e)).collect();
            if !remaining.is_empty() {
                return Err(remaining.into());
            }
        }
    }
    let write = prepare(&state, &input).await?;
    if status != ChallengeStatus::Draft && rec.version == 0 {
        // Published before versions were kept: its current content becomes version 1.
        let first = VersionWrite {
            content_json: version_content(&to_input(&rec), rec.row.criteria_set.as_deref())?,
            changed: String::new(),
            reason: None,
            user_id: None,
        };
        db::challenges::add_version(&state.db, id, &first, rec.row.updated_at).await?;
        rec.version = 1;
    }
    // A published challenge keeps every version: the change log says what changed and why.
    let changed = if rec.version > 0 {
        changed_fields(&to_input(&rec), &input)
    } else {
        vec![]
    };
    if rec.version > 0 {
        check_change_reason(&changed, input.change_reason.as_deref())?;
    }
    let reason = input
        .change_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let codes = changed
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(",");
    let version = VersionWrite {
        content_json: version_content(&input, rec.row.criteria_set.as_deref())?,
        changed: codes.clone(),
        reason,
        user_id: Some(user.user.id),
    };
    let versioned = (rec.version > 0 && !changed.is_empty()).then_some((&version, rec.version));
    if rec.version > 0 && changed.is_empty() {
        // Nothing to record: saving the same content again changes nothing.
        return Ok(Json(to_detail(&rec, None, Some(&user.actor), now)));
    }
    if !db::challenges::update(&state.db, id, &rec.row.status, &write, versioned).await? {
        return Err(ErrorCode::Conflict.into());
    }
    crate::matchmaking::challenge_changed(&state, id).await;
    audit(
        &state,
        Some(user.user.id),
        "challenge.updated",
        "challenge",
        Some(id),
        codes.clone(),
        &ip,
    )
    .await?;
    let rec = db::challenges::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    if versioned.is_some() {
        crate::notify::followers(
            &state,
            &Notice {
                kind: NotificationKind::ChallengeChanged,
                challenge_id: id,
                challenge_title: &rec.row.title,
                detail: &codes,
            },
            &[],
            Some(user.user.id),
        )
        .await;
    }
    Ok(Json(to_detail(&rec, None, Some(&user.actor), now)))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/transitions", tag = "challenges", request_body = TransitionRequest,
    responses((status = 200, body = ChallengeDetail), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn transition_challenge(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<TransitionRequest>,
) -> AppResult<Json<ChallengeDetail>> {
    req.validate()?;
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let now = state.clock.now();
    let from = effective_status(&rec, now);
    let regions = region_ids(&rec);
    if !user
        .actor
        .coordinated_regions()
        .iter()
        .any(|r| regions.contains(r))
    {
        return Err(ErrorCode::Forbidden.into());
    }
    if !allows(
        Some(&user.actor),
        Action::TransitionChallenge {
            from,
            to: req.to,
            regions: &regions,
        },
    ) {
        return Err(ErrorCode::InvalidTransition.into());
    }
    if req.to == ChallengeStatus::Published {
        to_input(&rec).validate_for_publish(now)?;
    }
    let reason = req
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let stored = stored_status(&rec.row.status);
    let first_publication = req.to == ChallengeStatus::Published && rec.version == 0;
    let first_version = VersionWrite {
        content_json: version_content(&to_input(&rec), rec.row.criteria_set.as_deref())?,
        changed: String::new(),
        reason: None,
        user_id: Some(user.user.id),
    };
    let change = db::challenges::StatusChange {
        from: stored.code(),
        to: req.to,
        reason,
        now: now.timestamp(),
        first_version: first_publication.then_some(&first_version),
        expected_updated_at: Some(rec.row.updated_at),
    };
    if !db::challenges::set_status(&state.db, id, &change).await? {
        return Err(ErrorCode::Conflict.into());
    }
    crate::matchmaking::challenge_changed(&state, id).await;
    let detail = format!(
        "{} -> {}{}",
        from.code(),
        req.to.code(),
        reason.map(|r| format!(": {r}")).unwrap_or_default()
    );
    audit(
        &state,
        Some(user.user.id),
        "challenge.status_changed",
        "challenge",
        Some(id),
        detail,
        &ip,
    )
    .await?;
    let rec = db::challenges::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    if first_publication {
        crate::notify::matching_searches(&state, &rec).await;
    }
    Ok(Json(to_detail(&rec, None, Some(&user.actor), now)))
}

/// A version's stored content: the challenge as the editor saved it, without the change reason,
/// and its evaluation criteria set (JSON, if defined) as the member `criteria_set`.
pub(crate) fn version_content(
    input: &ChallengeInput,
    criteria_set: Option<&str>,
) -> AppResult<String> {
    let mut content = input.clone();
    content.change_reason = None;
    let mut value = serde_json::to_value(&content).map_err(|_| ErrorCode::Internal)?;
    if let (Some(set), Some(object)) = (criteria_set, value.as_object_mut()) {
        let set: serde_json::Value = serde_json::from_str(set).map_err(|_| ErrorCode::Internal)?;
        object.insert("criteria_set".into(), set);
    }
    serde_json::to_string(&value).map_err(|_| ErrorCode::Internal.into())
}

#[utoipa::path(post, path = "/api/v1/markdown/preview", tag = "challenges", request_body = MarkdownPreviewRequest,
    responses((status = 200, body = MarkdownPreviewResponse), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn preview_markdown(
    user: CurrentUser,
    Json(req): Json<MarkdownPreviewRequest>,
) -> AppResult<Json<MarkdownPreviewResponse>> {
    if !allows(Some(&user.actor), Action::PreviewMarkdown) {
        return Err(ErrorCode::Forbidden.into());
    }
    if req.markdown.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::Validation(vec![FieldError::with_limit(
            "markdown",
            FieldCode::TooLong,
            DESCRIPTION_MAX as i64,
        )]));
    }
    Ok(Json(MarkdownPreviewResponse {
        html: markdown::render(&req.markdown),
    }))
}
