//! Independent scoring: an evaluator's own scoresheet of an assigned proposal — saved as a
//! draft, then submitted and locked — the other evaluators' sheets, which open to an evaluator
//! only once they have submitted their own, and the coordinators' reopening of a submitted
//! sheet (with a reason, logged, the evaluator notified). Scores are given in the proposal's
//! latest round; a published round changes no more.
//!
//! Every attempt is decided by the policy and written to the proposal access log
//! (`scoresheet`, `score`, `score_submit`, `peers`, `reopen`); every change also to the audit
//! log.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use kehto_shared::error::FieldError;
use kehto_shared::evaluation::{
    CriteriaSet, EvaluationStatus, MyScoring, PeerScoresheet, ReopenRequest, Reopening, Scoresheet,
    ScoresheetSave, ScoresheetView,
};
use kehto_shared::notifications::NotificationKind;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::Action;
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::scoring::{Refusal, SheetRow, SheetWrite};
use crate::error::{AppError, AppResult, Json, Path};
use crate::notify::Notice;
use crate::routes::accounts::audit;
use crate::routes::assignments::consortium;
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::evaluation_state::{criteria_set, parse, total_if_scored};
use crate::routes::proposal_access::{Loaded, decide_evaluation, load};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/proposals/{id}/scoresheet",
            get(get_scoresheet).put(save_scoresheet),
        )
        .route("/proposals/{id}/scoresheet/submit", post(submit_scoresheet))
        .route("/proposals/{id}/scoresheets", get(peer_scoresheets))
        .route(
            "/proposals/{id}/scoresheets/{user_id}/reopen",
            post(reopen_scoresheet),
        )
}

/// Field errors of a nested value, with paths under `prefix` (`sheet.scores[0].score`).
pub fn under(prefix: &str, errors: Vec<FieldError>) -> AppError {
    AppError::Validation(
        errors
            .into_iter()
            .map(|mut e| {
                e.field = format!("{prefix}.{}", e.field);
                e
            })
            .collect(),
    )
}

/// The challenge's criteria set, or 409 `criteria_missing`.
pub fn set_of(l: &Loaded) -> AppResult<CriteriaSet> {
    criteria_set(&l.rec)?.ok_or_else(|| ErrorCode::CriteriaMissing.into())
}

/// The proposal's latest round, as (number, published); round 1 is opened on first use.
/// Only called after the deadline.
pub async fn latest_round(state: &AppState, l: &Loaded) -> AppResult<(i64, bool)> {
    let mut rounds = db::scoring::rounds_of(&state.db, l.row.id).await?;
    if rounds.is_empty() {
        db::scoring::open_first_round(&state.db, l.rec.row.id, state.now_ts()).await?;
        rounds = db::scoring::rounds_of(&state.db, l.row.id).await?;
    }
    rounds
        .last()
        .copied()
        .ok_or_else(|| ErrorCode::NotFound.into())
}

/// Whether a sheet of the round counts towards the panel: in an open round, its evaluator is
/// still assigned and not conflicted; in a published one, it was marked when published.
fn counts(l: &Loaded, published: bool, s: &SheetRow) -> bool {
    s.status == "submitted"
        && if published {
            s.counted
        } else {
            l.panel.iter().any(|seat| {
                seat.user_id == s.user_id && seat.assigned && seat.conflict != Some(true)
            })
        }
}

fn peer(set: Option<&CriteriaSet>, s: &SheetRow) -> AppResult<PeerScoresheet> {
    let sheet: Scoresheet = parse(&s.sheet)?;
    Ok(PeerScoresheet {
        evaluator_id: s.user_id,
        display_name: s.display_name.clone(),
        total: set.and_then(|set| total_if_scored(set, &sheet)),
        sheet,
        submitted_at: to_time(s.submitted_at.unwrap_or(s.saved_at)),
    })
}

/// The caller's scoring page for the proposal in round `round`.
async fn my_scoring(
    state: &AppState,
    l: &Loaded,
    me: i64,
    (round, published): (i64, bool),
    set: CriteriaSet,
) -> AppResult<MyScoring> {
    let sheets = db::scoring::sheets_of(&state.db, l.row.id, round).await?;
    let mine = sheets.iter().find(|s| s.user_id == me);
    let sheet: Scoresheet = match mine {
        Some(s) => parse::<Scoresheet>(&s.sheet)?.aligned(&set),
        None => Scoresheet::blank(&set),
    };
    let status = mine
        .and_then(|s| EvaluationStatus::from_code(&s.status))
        .unwrap_or(EvaluationStatus::Draft);
    let submitted = status == EvaluationStatus::Submitted;
    let others = if submitted {
        Some(
            sheets
                .iter()
                .filter(|s| s.user_id != me && counts(l, published, s))
                .map(|s| peer(Some(&set), s))
                .collect::<AppResult<Vec<_>>>()?,
        )
    } else {
        None
    };
    let assigned = l
        .panel
        .iter()
        .filter(|s| s.assigned && s.conflict != Some(true))
        .count();
    let reopenings = db::scoring::reopenings(&state.db, l.row.id, round, me)
        .await?
        .into_iter()
        .map(|r| Reopening {
            reopened_at: to_time(r.reopened_at),
            reopened_by: r.reopened_by_name.unwrap_or_default(),
            reason: r.reason,
        })
        .collect();
    let (lead, partners) = consortium(state, l).await?;
    Ok(MyScoring {
        proposal_id: l.row.id,
        challenge_id: l.rec.row.id,
        challenge_title: l.rec.row.title.clone(),
        lead,
        partners,
        round: u32::try_from(round).unwrap_or(0),
        mine: ScoresheetView {
            proposal_id: l.row.id,
            round: u32::try_from(round).unwrap_or(0),
            evaluator_id: me,
            status,
            total: total_if_scored(&set, &sheet),
            sheet,
            saved_at: mine.map(|s| to_time(s.saved_at)).unwrap_or(l.now),
            submitted_at: mine.and_then(|s| opt_time(s.submitted_at)),
        },
        editable: !published && !submitted,
        others,
        assigned: u32::try_from(assigned).unwrap_or(u32::MAX),
        reopenings,
        criteria_set: set,
    })
}

/// Loads the proposal and decides `what` under [`Action::ScoreProposal`].
async fn for_scoring(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    what: &str,
) -> AppResult<Loaded> {
    let l = load(state, id).await?;
    decide_evaluation(state, &l, Some(&user.actor), ip, (what, None), |sealed| {
        Action::ScoreProposal {
            p: l.facts(),
            sealed,
        }
    })
    .await?;
    Ok(l)
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/scoresheet", tag = "evaluation",
    responses((status = 200, body = MyScoring), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluation_not_started` before the deadline; `criteria_missing` without a criteria set")))]
pub async fn get_scoresheet(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<MyScoring>> {
    let l = for_scoring(&state, &user, &ip, id, "scoresheet").await?;
    let set = set_of(&l)?;
    let round = latest_round(&state, &l).await?;
    Ok(Json(
        my_scoring(&state, &l, user.user.id, round, set).await?,
    ))
}

async fn write(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    req: ScoresheetSave,
    submit: bool,
) -> AppResult<MyScoring> {
    let what = if submit { "score_submit" } else { "score" };
    let l = for_scoring(state, user, ip, id, what).await?;
    let set = set_of(&l)?;
    let (round, published) = latest_round(state, &l).await?;
    if published {
        return Err(ErrorCode::RoundPublished.into());
    }
    // A submitted sheet is locked whatever is sent (the write below checks again).
    let current = db::scoring::sheets_of(&state.db, id, round).await?;
    if current
        .iter()
        .any(|s| s.user_id == user.user.id && s.status == "submitted")
    {
        return Err(ErrorCode::ScoresLocked.into());
    }
    let checked = if submit {
        req.sheet.validate_for_submit(&set)
    } else {
        req.sheet.validate_draft(&set)
    };
    checked.map_err(|e| under("sheet", e))?;
    let json = serde_json::to_string(&req.sheet.aligned(&set))
        .map_err(|e| AppError::Internal(e.into()))?;
    let written = db::scoring::save_sheet(
        &state.db,
        &SheetWrite {
            challenge_id: l.rec.row.id,
            round,
            proposal_id: id,
            user_id: user.user.id,
            sheet: &json,
            submit,
            now: state.now_ts(),
        },
    )
    .await?;
    match written {
        Ok(()) => {}
        Err(Refusal::Locked) => return Err(ErrorCode::ScoresLocked.into()),
        Err(_) => return Err(ErrorCode::RoundPublished.into()),
    }
    audit(
        state,
        Some(user.user.id),
        if submit {
            "evaluation.sheet_submitted"
        } else {
            "evaluation.sheet_saved"
        },
        "proposal",
        Some(id),
        format!("round={round}"),
        ip,
    )
    .await?;
    my_scoring(state, &l, user.user.id, (round, false), set).await
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/scoresheet", tag = "evaluation", request_body = ScoresheetSave,
    responses((status = 200, body = MyScoring), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`scores_locked` once submitted; `round_published`; `evaluation_not_started`; `criteria_missing`"),
              (status = 422, body = ApiError, description = "paths such as `sheet.scores[1].score`")))]
pub async fn save_scoresheet(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ScoresheetSave>,
) -> AppResult<Json<MyScoring>> {
    Ok(Json(write(&state, &user, &ip, id, req, false).await?))
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/scoresheet/submit", tag = "evaluation", request_body = ScoresheetSave,
    responses((status = 200, body = MyScoring), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`scores_locked` once submitted; `round_published`; `evaluation_not_started`; `criteria_missing`"),
              (status = 422, body = ApiError, description = "every score and justification required: `sheet.scores[2].justification`, `sheet.checks[0].passed`, …")))]
pub async fn submit_scoresheet(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ScoresheetSave>,
) -> AppResult<Json<MyScoring>> {
    Ok(Json(write(&state, &user, &ip, id, req, true).await?))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/scoresheets", tag = "evaluation",
    responses((status = 200, body = Vec<PeerScoresheet>, description = "the submitted sheets that count in the proposal's latest round; an evaluator's own is left out"),
              (status = 403, body = ApiError, description = "an evaluator who has not submitted their own sheet"),
              (status = 404, body = ApiError), (status = 409, body = ApiError, description = "`evaluation_not_started` before the deadline")))]
pub async fn peer_scoresheets(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<PeerScoresheet>>> {
    let l = load(&state, id).await?;
    let me = user.user.id;
    let on_panel = l.facts().seat(&user.actor).is_some();
    let round =
        if l.sealed() || !(on_panel || l.facts().relation(Some(&user.actor)) == "coordinator") {
            None
        } else {
            Some(latest_round(&state, &l).await?)
        };
    let sheets = match round {
        Some((r, _)) => db::scoring::sheets_of(&state.db, id, r).await?,
        None => vec![],
    };
    let own_submitted = sheets
        .iter()
        .any(|s| s.user_id == me && s.status == "submitted");
    decide_evaluation(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("peers", None),
        |sealed| Action::ReadPeerScores {
            p: l.facts(),
            sealed,
            own_submitted,
        },
    )
    .await?;
    let published = round.is_some_and(|(_, p)| p);
    let set = criteria_set(&l.rec)?;
    let out = sheets
        .iter()
        .filter(|s| s.user_id != me && counts(&l, published, s))
        .map(|s| peer(set.as_ref(), s))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Json(out))
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/scoresheets/{user_id}/reopen", tag = "evaluation", request_body = ReopenRequest,
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`conflict` if the sheet is not submitted; `round_published`; `evaluation_not_started`"),
              (status = 422, body = ApiError, description = "`reason` required")))]
pub async fn reopen_scoresheet(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, evaluator)): Path<(i64, i64)>,
    Json(req): Json<ReopenRequest>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    decide_evaluation(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("reopen", None),
        |sealed| Action::ReopenScores {
            p: l.facts(),
            sealed,
        },
    )
    .await?;
    req.validate()?;
    let (round, published) = latest_round(&state, &l).await?;
    if published {
        return Err(ErrorCode::RoundPublished.into());
    }
    let reason = req.reason.trim();
    let done = db::scoring::reopen(
        &state.db,
        &db::scoring::Reopen {
            challenge_id: l.rec.row.id,
            round,
            proposal_id: id,
            user_id: evaluator,
            by: user.user.id,
            reason,
            now: state.now_ts(),
        },
    )
    .await?;
    match done {
        Ok(()) => {}
        Err(Refusal::NotSubmitted) => return Err(ErrorCode::Conflict.into()),
        Err(_) => return Err(ErrorCode::RoundPublished.into()),
    }
    audit(
        &state,
        Some(user.user.id),
        "evaluation.sheet_reopened",
        "proposal",
        Some(id),
        format!("round={round} evaluator={evaluator} reason={reason}"),
        &ip,
    )
    .await?;
    let detail = id.to_string();
    crate::notify::user(
        &state,
        &Notice {
            kind: NotificationKind::ScoresReopened,
            challenge_id: l.rec.row.id,
            challenge_title: &l.rec.row.title,
            detail: &detail,
        },
        evaluator,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
