//! Who evaluates which proposal, and the conflict-of-interest declarations. From the proposals
//! deadline on, coordinators assign the submitted proposals (all to all, one by one, or
//! balanced with `k` evaluators each) and see every declaration; an assigned evaluator first
//! sees only who proposes (the lead and accepted partners) and declares a conflict or none —
//! declaring none opens the proposal, a conflict closes it for good. Every listing and
//! declaration is written to the proposal access log.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use chrono::{DateTime, Utc};
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{
    AssignMode, AssignRequest, AssignedEvaluator, AssignmentsView, DeclarationKind,
    DeclarationRequest, DeclarationView, EvaluationStatus, EvaluatorLoad, MyAssignment,
    MyEvaluation, ProposalAssignments, Shortfall, all_to_all, balanced_assignment,
};
use kehto_shared::org::OrgRef;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::evaluation::DeclarationRow;
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{opt_time, region_ids, to_time};
use crate::routes::evaluators::managed;
use crate::routes::proposal_access::{Loaded, decide, decide_evaluation, load};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/assignments",
            get(list_assignments).post(assign_in_bulk),
        )
        .route(
            "/proposals/{id}/evaluators/{user_id}",
            put(assign_one).delete(unassign_one),
        )
        .route(
            "/proposals/{id}/conflict-declaration",
            put(declare_conflict),
        )
        .route("/me/evaluations", get(my_evaluations))
}

fn sealed(rec: &ChallengeRecord, now: DateTime<Utc>) -> bool {
    opt_time(rec.row.proposals_close_at).is_none_or(|close| now < close)
}

fn declaration_view(d: &DeclarationRow) -> DeclarationView {
    DeclarationView {
        declaration: if d.conflict {
            DeclarationKind::Conflict
        } else {
            DeclarationKind::None
        },
        reason: d.reason.clone(),
        declared_at: to_time(d.declared_at),
    }
}

/// The lead and the accepted partners of a loaded proposal.
pub(crate) async fn consortium(state: &AppState, l: &Loaded) -> AppResult<(OrgRef, Vec<OrgRef>)> {
    let mut ids = l.accepted.clone();
    ids.push(l.row.lead_org);
    let orgs = db::orgs::refs_by_ids(&state.db, &ids).await?;
    let lead = orgs
        .iter()
        .find(|o| o.id == l.row.lead_org)
        .map(|o| o.to_ref())
        .ok_or(ErrorCode::Internal)?;
    let partners = orgs
        .iter()
        .filter(|o| l.accepted.contains(&o.id))
        .map(|o| o.to_ref())
        .collect();
    Ok((lead, partners))
}

/// The coordinators' view of a challenge's assignments; listing names the proposing
/// organisations, so each listed proposal is logged as a read.
async fn assignments_view(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    rec: &ChallengeRecord,
    short: Vec<Shortfall>,
) -> AppResult<AssignmentsView> {
    let id = rec.row.id;
    let now = state.clock.now();
    if sealed(rec, now) {
        return Ok(AssignmentsView {
            challenge_id: id,
            sealed: true,
            proposals: vec![],
            loads: vec![],
            short,
        });
    }
    let evaluators = db::evaluation::evaluators(&state.db, id).await?;
    let assignments = db::evaluation::assignments(&state.db, id).await?;
    let declarations = db::evaluation::declarations(&state.db, id).await?;
    let mut names: HashMap<i64, String> = evaluators
        .iter()
        .map(|e| (e.user_id, e.display_name.clone()))
        .collect();
    for d in &declarations {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(d.user_id) {
            let name = db::users::find_by_id(&state.db, d.user_id)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            slot.insert(name);
        }
    }
    let name = |u: i64| names.get(&u).cloned().unwrap_or_default();
    let mut proposals = vec![];
    for row in db::proposals::submitted_on(&state.db, id).await? {
        let l = load(state, row.id).await?;
        decide(
            state,
            &l,
            Some(&user.actor),
            ip,
            ("list", None),
            Action::AssignEvaluators {
                regions: &l.regions,
                sealed: false,
            },
        )
        .await?;
        let (lead, partners) = consortium(state, &l).await?;
        let mut panel: Vec<AssignedEvaluator> = assignments
            .iter()
            .filter(|(p, _)| *p == row.id)
            .map(|&(_, u)| AssignedEvaluator {
                user_id: u,
                display_name: name(u),
                assigned: true,
                declaration: declarations
                    .iter()
                    .find(|d| d.proposal_id == row.id && d.user_id == u)
                    .map(declaration_view),
            })
            .collect();
        // Declarations of evaluators no longer assigned (a conflict, then reassigned).
        panel.extend(
            declarations
                .iter()
                .filter(|d| d.proposal_id == row.id && !assignments.contains(&(row.id, d.user_id)))
                .map(|d| AssignedEvaluator {
                    user_id: d.user_id,
                    display_name: name(d.user_id),
                    assigned: false,
                    declaration: Some(declaration_view(d)),
                }),
        );
        proposals.push(ProposalAssignments {
            proposal_id: row.id,
            lead,
            partners,
            evaluators: panel,
        });
    }
    let loads = evaluators
        .iter()
        .map(|e| EvaluatorLoad {
            user_id: e.user_id,
            display_name: e.display_name.clone(),
            assigned: u32::try_from(assignments.iter().filter(|(_, u)| *u == e.user_id).count())
                .unwrap_or(u32::MAX),
        })
        .collect();
    Ok(AssignmentsView {
        challenge_id: id,
        sealed: false,
        proposals,
        loads,
        short,
    })
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/assignments", tag = "evaluation",
    responses((status = 200, body = AssignmentsView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list_assignments(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<AssignmentsView>> {
    let rec = managed(&state, &user, id).await?;
    Ok(Json(
        assignments_view(&state, &user, &ip, &rec, vec![]).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/assignments", tag = "evaluation", request_body = AssignRequest,
    responses((status = 200, body = AssignmentsView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluation_not_started` before the proposals deadline"),
              (status = 422, body = ApiError)))]
pub async fn assign_in_bulk(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AssignRequest>,
) -> AppResult<Json<AssignmentsView>> {
    let rec = managed(&state, &user, id).await?;
    let regions = region_ids(&rec);
    let now = state.clock.now();
    if !allows(
        Some(&user.actor),
        Action::AssignEvaluators {
            regions: &regions,
            sealed: sealed(&rec, now),
        },
    ) {
        return Err(ErrorCode::EvaluationNotStarted.into());
    }
    req.validate()?;
    let proposals: Vec<i64> = db::proposals::submitted_on(&state.db, id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let evaluators: Vec<i64> = db::evaluation::evaluators(&state.db, id)
        .await?
        .iter()
        .map(|e| e.user_id)
        .collect();
    let existing = db::evaluation::assignments(&state.db, id).await?;
    let conflicts: Vec<(i64, i64)> = db::evaluation::declarations(&state.db, id)
        .await?
        .iter()
        .filter(|d| d.conflict)
        .map(|d| (d.proposal_id, d.user_id))
        .collect();
    let (pairs, short) = match req.mode {
        AssignMode::AllToAll => (
            all_to_all(&proposals, &evaluators, &existing, &conflicts),
            vec![],
        ),
        AssignMode::Balanced => {
            let k = usize::try_from(req.per_proposal.unwrap_or(1)).unwrap_or(1);
            let out = balanced_assignment(&proposals, &evaluators, k, &existing, &conflicts);
            let short = out
                .short
                .iter()
                .map(|&(p, n)| Shortfall {
                    proposal_id: p,
                    evaluators: u32::try_from(n).unwrap_or(0),
                })
                .collect();
            (out.added, short)
        }
    };
    let added =
        db::evaluation::assign(&state.db, id, &pairs, user.user.id, now.timestamp()).await?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.assigned",
        "challenge",
        Some(id),
        format!(
            "mode={} per_proposal={} added={added}",
            match req.mode {
                AssignMode::AllToAll => "all_to_all",
                AssignMode::Balanced => "balanced",
            },
            req.per_proposal.unwrap_or(0)
        ),
        &ip,
    )
    .await?;
    Ok(Json(
        assignments_view(&state, &user, &ip, &rec, short).await?,
    ))
}

/// Loads a proposal for an assignment change by `user`, deciding (and logging) `what`.
async fn for_assignment(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    what: &str,
) -> AppResult<Loaded> {
    let l = load(state, id).await?;
    decide_evaluation(state, &l, Some(&user.actor), ip, (what, None), |sealed| {
        Action::AssignEvaluators {
            regions: &l.regions,
            sealed,
        }
    })
    .await?;
    Ok(l)
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/evaluators/{user_id}", tag = "evaluation",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluation_not_started` before the deadline; `conflict_of_interest` if the evaluator declared one; `conflict` if the proposal is not submitted"),
              (status = 422, body = ApiError, description = "`user_id` is not an evaluator of the challenge")))]
pub async fn assign_one(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, user_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let l = for_assignment(&state, &user, &ip, id, "assign").await?;
    if l.row.status != "submitted" {
        return Err(ErrorCode::Conflict.into());
    }
    let challenge_id = l.rec.row.id;
    if !db::evaluation::is_evaluator(&state.db, challenge_id, user_id).await? {
        return Err(AppError::field("user_id", FieldCode::InvalidChoice));
    }
    if l.panel
        .iter()
        .any(|s| s.user_id == user_id && s.conflict == Some(true))
    {
        return Err(ErrorCode::ConflictOfInterest.into());
    }
    let added = db::evaluation::assign(
        &state.db,
        challenge_id,
        &[(id, user_id)],
        user.user.id,
        state.now_ts(),
    )
    .await?;
    if added > 0 {
        audit(
            &state,
            Some(user.user.id),
            "evaluation.assigned",
            "proposal",
            Some(id),
            format!("user={user_id}"),
            &ip,
        )
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/proposals/{id}/evaluators/{user_id}", tag = "evaluation",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError)))]
pub async fn unassign_one(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, user_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    for_assignment(&state, &user, &ip, id, "unassign").await?;
    if !db::evaluation::unassign(&state.db, id, user_id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "evaluation.unassigned",
        "proposal",
        Some(id),
        format!("user={user_id}"),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/conflict-declaration", tag = "evaluation", request_body = DeclarationRequest,
    responses((status = 201, body = DeclarationView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError, description = "`evaluation_not_started` before the deadline; `conflict` once declared (declarations are final)"),
              (status = 422, body = ApiError)))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<DeclarationRequest>,
) -> AppResult<(StatusCode, Json<DeclarationView>)> {
    let l = load(&state, id).await?;
    decide_evaluation(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("declare", None),
        |sealed| Action::DeclareConflict {
            p: l.facts(),
            sealed,
        },
    )
    .await?;
    req.validate()?;
    let row = DeclarationRow {
        proposal_id: id,
        user_id: user.user.id,
        conflict: req.declaration == DeclarationKind::Conflict,
        reason: req
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        declared_at: state.now_ts(),
    };
    if !db::evaluation::declare(&state.db, l.rec.row.id, &row).await? {
        return Err(ErrorCode::Conflict.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "evaluation.declared",
        "proposal",
        Some(id),
        if row.conflict { "conflict" } else { "none" }.to_owned(),
        &ip,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(declaration_view(&row))))
}

/// One of the caller's assignments as shown before opening it (logged as a listing).
async fn my_assignment(
    state: &AppState,
    actor: &Actor,
    ip: &str,
    proposal_id: i64,
    declarations: &[DeclarationRow],
    statuses: &[(i64, String)],
) -> AppResult<MyAssignment> {
    let l = load(state, proposal_id).await?;
    decide(
        state,
        &l,
        Some(actor),
        ip,
        ("list", None),
        Action::DeclareConflict {
            p: l.facts(),
            sealed: l.sealed(),
        },
    )
    .await?;
    let (lead, partners) = consortium(state, &l).await?;
    let can_open = allows(
        Some(actor),
        Action::ReadProposal {
            p: l.facts(),
            sealed: l.sealed(),
            submitted: l.row.status == "submitted",
        },
    );
    Ok(MyAssignment {
        proposal_id,
        lead,
        partners,
        declaration: declarations
            .iter()
            .find(|d| d.proposal_id == proposal_id)
            .map(declaration_view),
        can_open,
        scoring: statuses
            .iter()
            .find(|(p, _)| *p == proposal_id)
            .and_then(|(_, s)| EvaluationStatus::from_code(s)),
    })
}

#[utoipa::path(get, path = "/api/v1/me/evaluations", tag = "evaluation",
    responses((status = 200, body = Vec<MyEvaluation>), (status = 401, body = ApiError)))]
pub async fn my_evaluations(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
) -> AppResult<Json<Vec<MyEvaluation>>> {
    let now = state.clock.now();
    let assigned = db::evaluation::assigned_to(&state.db, user.user.id).await?;
    let declarations = db::evaluation::declarations_of(&state.db, user.user.id).await?;
    let statuses = db::scoring::latest_statuses(&state.db, user.user.id).await?;
    let mut out = vec![];
    for challenge_id in db::evaluation::challenges_of(&state.db, user.user.id).await? {
        let Some(rec) = db::challenges::find(&state.db, challenge_id).await? else {
            continue;
        };
        let is_sealed = sealed(&rec, now);
        let mut assignments = vec![];
        // Evaluators see nothing of the proposals before the deadline.
        if !is_sealed {
            for &(_, proposal_id) in assigned.iter().filter(|(c, _)| *c == challenge_id) {
                assignments.push(
                    my_assignment(
                        &state,
                        &user.actor,
                        &ip,
                        proposal_id,
                        &declarations,
                        &statuses,
                    )
                    .await?,
                );
            }
        }
        out.push(MyEvaluation {
            challenge_id,
            challenge_title: rec.row.title.clone(),
            proposals_close_at: opt_time(rec.row.proposals_close_at),
            sealed: is_sealed,
            assignments,
        });
    }
    Ok(Json(out))
}
