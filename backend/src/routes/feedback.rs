//! What participants and the public see once a round is published: a company's feedback on
//! its own proposal (its sheets with evaluators numbered, not named, and their justifications;
//! the consensus; the decision's reasons; its position) and the challenge's public outcome
//! (who was selected and why). Nothing of another company's proposal is ever in a company's
//! feedback: everything is filtered to the one proposal before it is built.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use kehto_shared::evaluation::{
    AnonymousScoresheet, DecisionOutcome, ProposalFeedback, PublicOutcome, RoundFeedback,
    SelectedProposal,
};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::Action;
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::accounts::audit;
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::challenges::visible;
use crate::routes::evaluation_state::{self, Evaluation, outcome, total_if_scored};
use crate::routes::proposal_access::{decide, load};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{id}/feedback", get(get_feedback))
        .route("/challenges/{id}/outcome", get(get_outcome))
}

/// The feedback on `proposal` from the published rounds it was in.
pub fn feedback(ev: &Evaluation, proposal: i64) -> Option<ProposalFeedback> {
    let info = ev.proposals.get(&proposal)?;
    let set = ev.set.clone().unwrap_or_default();
    let rounds = ev
        .published_rounds()
        .filter(|r| ev.in_round(r.number).contains(&proposal))
        .filter_map(|r| {
            let decision = ev.decision_of(r.number, proposal)?;
            let evaluations = ev
                .counted(r, proposal)
                .into_iter()
                .enumerate()
                .map(|(i, s)| AnonymousScoresheet {
                    evaluator_number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    total: total_if_scored(&set, &s.sheet),
                    sheet: s.sheet.clone(),
                })
                .collect();
            let ranking = ev.ranking(r.number);
            Some(RoundFeedback {
                round: u32::try_from(r.number).unwrap_or(0),
                published_at: to_time(r.published_at.unwrap_or(r.opened_at)),
                outcome: outcome(&decision.outcome),
                reasons: decision.reasons.clone(),
                evaluations,
                consensus: ev
                    .consensus_of(r.number, proposal)
                    .map(|c| ev.consensus_view(c)),
                position: ranking
                    .ranked
                    .iter()
                    .find(|x| x.proposal_id == proposal)
                    .map(|x| x.position),
                ranked: u32::try_from(ranking.ranked.len()).unwrap_or(u32::MAX),
            })
        })
        .collect();
    Some(ProposalFeedback {
        proposal_id: proposal,
        challenge_id: ev.challenge_id(),
        challenge_title: ev.rec.row.title.clone(),
        title: info.title.clone(),
        criteria_set: set,
        rounds,
    })
}

/// The public outcome: empty until a round is published.
pub fn public_outcome(ev: &Evaluation) -> PublicOutcome {
    let published: Vec<_> = ev.published_rounds().collect();
    let Some(last) = published.last() else {
        return PublicOutcome {
            challenge_id: ev.challenge_id(),
            published_at: None,
            final_outcome: false,
            proposals_received: 0,
            rounds_published: 0,
            selected: vec![],
        };
    };
    let onward = ev
        .decisions
        .iter()
        .any(|d| d.round == last.number && outcome(&d.outcome) == DecisionOutcome::NextRound);
    let latest_is_last = ev.latest_round().is_some_and(|r| r.number == last.number);
    let mut selected = vec![];
    for r in &published {
        for d in ev
            .decisions
            .iter()
            .filter(|d| d.round == r.number && outcome(&d.outcome) == DecisionOutcome::Selected)
        {
            let Some(info) = ev.proposals.get(&d.proposal_id) else {
                continue;
            };
            selected.push(SelectedProposal {
                title: info.title.clone(),
                lead: info.lead.clone(),
                partners: info.partners.clone(),
                total: ev
                    .consensus_of(r.number, d.proposal_id)
                    .map(|c| ev.consensus_view(c).total),
                reasons: d.reasons.clone(),
            });
        }
    }
    PublicOutcome {
        challenge_id: ev.challenge_id(),
        published_at: opt_time(last.published_at),
        final_outcome: latest_is_last && !onward,
        proposals_received: u32::try_from(ev.in_round(1).len()).unwrap_or(u32::MAX),
        rounds_published: u32::try_from(published.len()).unwrap_or(u32::MAX),
        selected,
    }
}

/// The public outcome of a loaded challenge, or `None` (cheaply) before any round is published.
pub async fn outcome_if_published(
    state: &AppState,
    rec: &crate::db::challenges::ChallengeRecord,
) -> AppResult<Option<PublicOutcome>> {
    let rounds = db::scoring::rounds(&state.db, rec.row.id).await?;
    if !rounds.iter().any(|r| r.published_at.is_some()) {
        return Ok(None);
    }
    let ev = evaluation_state::load(state, rec.clone(), false).await?;
    Ok(Some(public_outcome(&ev)))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/feedback", tag = "evaluation",
    responses((status = 200, body = ProposalFeedback),
              (status = 403, body = ApiError, description = "the challenge's coordinators and evaluators (they have the board and the sheets)"),
              (status = 404, body = ApiError, description = "before a round deciding on the proposal is published; anyone but its own organisations")))]
pub async fn get_feedback(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<ProposalFeedback>> {
    let l = load(&state, id).await?;
    let published = !l.sealed()
        && db::scoring::rounds_of(&state.db, id)
            .await?
            .iter()
            .any(|(_, p)| *p);
    let own = matches!(l.facts().relation(Some(&user.actor)), "lead" | "partner");
    let decided = decide(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("feedback", None),
        Action::ReadFeedback {
            p: l.facts(),
            published,
        },
    )
    .await;
    match decided {
        // Until published there is no feedback to show, not a prohibition.
        Err(AppError::Code(ErrorCode::Forbidden)) if own => {
            return Err(ErrorCode::NotFound.into());
        }
        other => other?,
    }
    let ev = evaluation_state::load(&state, l.rec.clone(), false).await?;
    let out = feedback(&ev, id).ok_or(ErrorCode::NotFound)?;
    audit(
        &state,
        Some(user.user.id),
        "evaluation.feedback_viewed",
        "proposal",
        Some(id),
        format!("rounds={}", out.rounds.len()),
        &ip,
    )
    .await?;
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/outcome", tag = "evaluation",
    responses((status = 200, body = PublicOutcome, description = "`published_at` null and nothing listed until a round is published"),
              (status = 404, body = ApiError)))]
pub async fn get_outcome(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<PublicOutcome>> {
    let rec = visible(&state, id, viewer.actor()).await?;
    let ev = evaluation_state::load(&state, rec, false).await?;
    Ok(Json(public_outcome(&ev)))
}
