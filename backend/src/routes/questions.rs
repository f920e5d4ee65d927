//! Market dialogue: companies ask questions on a challenge; coordinators answer, and every
//! answer is published to all without revealing who asked (equal treatment).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use chrono::{DateTime, Utc};
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::dialogue::{
    AnswerQuestionRequest, AskQuestionRequest, AskedQuestion, PublishedQuestion, QuestionsView,
};
use kehto_shared::error::FieldCode;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::orgs::OrgRow;
use crate::db::questions::QuestionRow;
use crate::error::{AppError, AppResult, Json, Path};
use crate::notify::Notice;
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{effective_status, opt_time, region_ids, to_time};
use crate::routes::challenges::visible;
use crate::routes::dialogue::company_orgs;
use crate::state::AppState;
use kehto_shared::notifications::NotificationKind;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/questions",
            get(list_questions).post(ask_question),
        )
        .route(
            "/challenges/{id}/questions/{question_id}/answer",
            put(answer_question),
        )
}

/// Whether the challenge takes questions at `now`: public, not closed, before its questions
/// deadline (if it has one).
fn questions_open(rec: &ChallengeRecord, now: DateTime<Utc>) -> bool {
    let status = effective_status(rec, now);
    matches!(
        status,
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    ) && opt_time(rec.row.questions_close_at).is_none_or(|close| now < close)
}

pub(crate) fn published(q: &QuestionRow) -> Option<PublishedQuestion> {
    Some(PublishedQuestion {
        id: q.id,
        question: q.public_question.clone().unwrap_or_else(|| q.text.clone()),
        answer: q.answer.clone()?,
        answered_at: to_time(q.answered_at?),
    })
}

pub(crate) fn asked(q: &QuestionRow, orgs: &[OrgRow]) -> AskedQuestion {
    AskedQuestion {
        id: q.id,
        text: q.text.clone(),
        asked_at: to_time(q.asked_at),
        answered_at: opt_time(q.answered_at),
        org: orgs.iter().find(|o| o.id == q.org_id).map(OrgRow::to_ref),
    }
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/questions", tag = "dialogue",
    responses((status = 200, body = QuestionsView), (status = 404, body = ApiError)))]
pub async fn list_questions(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<QuestionsView>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    let now = state.clock.now();
    let regions = region_ids(&rec);
    let all = db::questions::for_challenge(&state.db, id).await?;
    let mine_orgs = company_orgs(viewer.actor());
    let can_answer = allows(
        viewer.actor(),
        Action::AnswerQuestions { regions: &regions },
    );
    let open = questions_open(&rec, now);
    let can_ask = mine_orgs
        .iter()
        .any(|org| allows(viewer.actor(), Action::AskQuestion { org_id: *org, open }));
    // Organisations are named only to those allowed to know: the asker's own, or coordinators.
    let mut named: Vec<i64> = all
        .iter()
        .filter(|q| mine_orgs.contains(&q.org_id))
        .map(|q| q.org_id)
        .collect();
    if can_answer {
        named.extend(all.iter().map(|q| q.org_id));
    }
    named.sort_unstable();
    named.dedup();
    let orgs = db::orgs::refs_by_ids(&state.db, &named).await?;
    let mut published_list: Vec<PublishedQuestion> = all.iter().filter_map(published).collect();
    published_list.sort_by(|a, b| b.answered_at.cmp(&a.answered_at).then(b.id.cmp(&a.id)));
    let mine = all
        .iter()
        .filter(|q| mine_orgs.contains(&q.org_id))
        .map(|q| asked(q, &orgs))
        .collect();
    let queue = if can_answer {
        all.iter()
            .filter(|q| q.answered_at.is_none())
            .map(|q| asked(q, &orgs))
            .collect()
    } else {
        vec![]
    };
    Ok(Json(QuestionsView {
        published: published_list,
        mine,
        queue,
        can_ask,
        can_answer,
        questions_close_at: opt_time(rec.row.questions_close_at),
        server_now: now,
    }))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/questions", tag = "dialogue", request_body = AskQuestionRequest,
    responses((status = 201, body = AskedQuestion), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn ask_question(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AskQuestionRequest>,
) -> AppResult<(StatusCode, Json<AskedQuestion>)> {
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let orgs = company_orgs(Some(&user.actor));
    if orgs.is_empty() {
        return Err(ErrorCode::Forbidden.into());
    }
    req.validate()?;
    let org_id = match (req.org_id, orgs.as_slice()) {
        (Some(org), _) if orgs.contains(&org) => org,
        (Some(_), _) => return Err(AppError::field("org_id", FieldCode::InvalidChoice)),
        (None, [only]) => *only,
        (None, _) => return Err(AppError::field("org_id", FieldCode::Required)),
    };
    let now = state.clock.now();
    let open = questions_open(&rec, now);
    if !open {
        return Err(ErrorCode::QuestionsClosed.into());
    }
    if !allows(Some(&user.actor), Action::AskQuestion { org_id, open }) {
        return Err(ErrorCode::Forbidden.into());
    }
    let text = req.text.trim();
    let qid =
        db::questions::insert(&state.db, id, org_id, user.user.id, text, now.timestamp()).await?;
    // Whoever asks wants to hear the answer and any change: they follow the challenge from now on.
    db::follows::follow(&state.db, user.user.id, id, now.timestamp()).await?;
    audit(
        &state,
        Some(user.user.id),
        "question.asked",
        "challenge",
        Some(id),
        format!("question={qid}"),
        &ip,
    )
    .await?;
    let org = db::orgs::find(&state.db, org_id).await?.map(|o| o.to_ref());
    let view = AskedQuestion {
        id: qid,
        text: text.to_owned(),
        asked_at: to_time(now.timestamp()),
        answered_at: None,
        org,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(put, path = "/api/v1/challenges/{id}/questions/{question_id}/answer", tag = "dialogue",
    request_body = AnswerQuestionRequest,
    responses((status = 200, body = PublishedQuestion), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn answer_question(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, question_id)): Path<(i64, i64)>,
    Json(req): Json<AnswerQuestionRequest>,
) -> AppResult<Json<PublishedQuestion>> {
    let rec = visible(&state, id, Some(&user.actor)).await?;
    if !allows(
        Some(&user.actor),
        Action::AnswerQuestions {
            regions: &region_ids(&rec),
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    req.validate()?;
    let before = db::questions::find(&state.db, id, question_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let now = state.now_ts();
    db::questions::answer(
        &state.db,
        question_id,
        req.question.trim(),
        req.answer.trim(),
        user.user.id,
        now,
    )
    .await?;
    audit(
        &state,
        Some(user.user.id),
        "question.answered",
        "challenge",
        Some(id),
        format!("question={question_id}"),
        &ip,
    )
    .await?;
    let q = db::questions::find(&state.db, id, question_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let view = published(&q).ok_or(ErrorCode::Internal)?;
    // A first answer, and any later correction of what everyone reads, reaches the followers:
    // nobody may be left with an answer that was changed after they read it.
    let corrected = before.answer.as_deref() != Some(view.answer.as_str())
        || before.public_question.as_deref() != Some(view.question.as_str());
    if before.answered_at.is_none() || corrected {
        crate::notify::followers(
            &state,
            &Notice {
                kind: NotificationKind::AnswerPublished,
                challenge_id: id,
                challenge_title: &rec.row.title,
                detail: &view.question,
            },
            &before.asked_by.into_iter().collect::<Vec<_>>(),
            Some(user.user.id),
        )
        .await;
    }
    Ok(Json(view))
}
