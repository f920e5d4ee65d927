//! The coordinator's evaluation board of one round, built from an [`Evaluation`]: progress
//! per evaluator, each proposal's submitted sheets and panel statistics (disagreements
//! flagged), the consensus and decision, the ranking and the advisory normalised view.
//! Pure: no I/O, so it is the same whether shown, exported or printed.

use kehto_shared::evaluation::{
    BoardEvaluation, BoardProposal, EvaluationBoard, EvaluatorProgress, PanelSheet, Ranking,
    RoundStatus, RoundView, normalise, panel_statistics,
};

use crate::db::scoring::RoundRow;
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::evaluation_state::{Evaluation, Sheet, decision_view};

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn round_view(ev: &Evaluation, r: &RoundRow) -> RoundView {
    RoundView {
        number: u32::try_from(r.number).unwrap_or(0),
        status: if r.published_at.is_some() {
            RoundStatus::Published
        } else {
            RoundStatus::Open
        },
        opened_at: to_time(r.opened_at),
        published_at: opt_time(r.published_at),
        proposals: count(ev.in_round(r.number).len()),
    }
}

/// One proposal of round `r` on the board (`None` for an unknown proposal).
pub fn board_proposal(ev: &Evaluation, r: &RoundRow, proposal: i64) -> Option<BoardProposal> {
    let info = ev.proposals.get(&proposal)?;
    let evaluations = ev
        .panel(r, proposal)
        .into_iter()
        .map(|u| {
            let sheet = ev.sheet(r.number, proposal, u);
            BoardEvaluation {
                evaluator_id: u,
                display_name: ev.name_of(u),
                status: sheet.map(Sheet::status),
                submitted: sheet.filter(|s| s.submitted()).map(|s| ev.peer_view(s)),
            }
        })
        .collect();
    let counted = ev.counted(r, proposal);
    let sheets: Vec<&kehto_shared::evaluation::Scoresheet> =
        counted.iter().map(|s| &s.sheet).collect();
    let (statistics, mean_total_points) = match &ev.set {
        Some(set) if !sheets.is_empty() => {
            let sum: f64 = sheets.iter().map(|s| s.total(set).points()).sum();
            (
                panel_statistics(set, &sheets),
                Some(sum / sheets.len() as f64),
            )
        }
        _ => (vec![], None),
    };
    Some(BoardProposal {
        proposal_id: proposal,
        title: info.title.clone(),
        lead: info.lead.clone(),
        partners: info.partners.clone(),
        received_at: info.received_at,
        evaluations,
        complete: ev.complete(r, proposal),
        statistics,
        mean_total_points,
        consensus: ev
            .consensus_of(r.number, proposal)
            .map(|c| ev.consensus_view(c)),
        decision: ev.decision_of(r.number, proposal).map(decision_view),
    })
}

/// The board of round `r` (the latest when `None`); before the deadline, or before any round
/// exists, nothing is listed.
pub fn board(ev: &Evaluation, r: Option<&RoundRow>) -> EvaluationBoard {
    let mut out = EvaluationBoard {
        challenge_id: ev.challenge_id(),
        challenge_title: ev.rec.row.title.clone(),
        criteria_set: ev.set.clone(),
        sealed: ev.sealed,
        rounds: ev.rounds.iter().map(|r| round_view(ev, r)).collect(),
        round: 0,
        progress: vec![],
        proposals: vec![],
        ranking: Ranking::default(),
        normalised: None,
        missing_evaluations: 0,
        can_publish: false,
    };
    let Some(r) = r.or_else(|| ev.latest_round()) else {
        return out;
    };
    if ev.sealed {
        return out;
    }
    let ids = ev.in_round(r.number);
    out.round = u32::try_from(r.number).unwrap_or(0);
    out.proposals = ids
        .iter()
        .filter_map(|p| board_proposal(ev, r, *p))
        .collect();
    out.progress = ev
        .evaluators
        .iter()
        .map(|e| {
            let mine: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|p| ev.panel(r, *p).contains(&e.user_id))
                .collect();
            let sheets: Vec<&Sheet> = mine
                .iter()
                .filter_map(|p| ev.sheet(r.number, *p, e.user_id))
                .collect();
            EvaluatorProgress {
                user_id: e.user_id,
                display_name: e.display_name.clone(),
                assigned: count(mine.len()),
                declared: count(
                    mine.iter()
                        .filter(|p| ev.declared_none(**p, e.user_id))
                        .count(),
                ),
                drafts: count(sheets.iter().filter(|s| !s.submitted()).count()),
                submitted: count(sheets.iter().filter(|s| s.submitted()).count()),
            }
        })
        .collect();
    out.ranking = ev.ranking(r.number);
    if let Some(set) = &ev.set {
        let panel: Vec<PanelSheet<'_>> = ids
            .iter()
            .flat_map(|p| ev.counted(r, *p))
            .map(|s| PanelSheet {
                evaluator_id: s.row.user_id,
                proposal_id: s.row.proposal_id,
                sheet: &s.sheet,
            })
            .collect();
        if !panel.is_empty() {
            out.normalised = Some(normalise(set, &panel));
        }
    }
    out.missing_evaluations = ev.missing(r);
    out.can_publish = r.published_at.is_none()
        && !out.proposals.is_empty()
        && out
            .proposals
            .iter()
            .all(|p| p.complete && p.decision.is_some());
    out
}
