//! A challenge's evaluation, loaded once per request: the criteria set, the rounds and their
//! proposals (with title, consortium and time of receipt), the panel (assignments and
//! declarations), every sheet, consensus and decision — and what follows from them: who owes
//! a sheet, which sheets count, whether a proposal is complete, its statistics, the ranking.
//!
//! The board, the exports, the report, the feedback and the public outcome are all views of
//! this one structure, so they cannot disagree. The rules:
//!
//! - In an open round an evaluator owes a sheet on a proposal when assigned to it and not
//!   conflicted; their sheet counts once submitted. In a published round the sheets that count
//!   are those marked when it was published (`scoresheets.counted`), whatever happened to the
//!   assignments since.
//! - A proposal is complete in a round when someone owes a sheet and every such sheet is in.
//! - Drafts are their author's: only their status is ever shown to anyone else.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use kehto_shared::ErrorCode;
use kehto_shared::evaluation::{
    ConsensusView, CriteriaSet, DecisionOutcome, DecisionView, EvaluationStatus, PeerScoresheet,
    Ranking, RankingInput, Scoresheet, Total, rank,
};
use kehto_shared::org::OrgRef;
use serde::de::DeserializeOwned;

use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::evaluation::{DeclarationRow, EvaluatorRow};
use crate::db::scoring::{ConsensusRow, DecisionRow, RoundRow, SheetRow};
use crate::error::{AppError, AppResult};
use crate::routes::challenge_view::{opt_time, to_time};
use crate::state::AppState;

/// A submitted proposal as the evaluation shows it (from the version that counts).
#[derive(Debug, Clone)]
pub struct ProposalInfo {
    pub id: i64,
    pub title: String,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    /// The lead and the accepted partners, the organisations that hear of decisions.
    pub org_ids: Vec<i64>,
    pub received_at: DateTime<Utc>,
}

/// A stored sheet with its parsed content.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub row: SheetRow,
    pub sheet: Scoresheet,
}

impl Sheet {
    pub fn submitted(&self) -> bool {
        self.row.status == "submitted"
    }

    pub fn status(&self) -> EvaluationStatus {
        EvaluationStatus::from_code(&self.row.status).unwrap_or(EvaluationStatus::Draft)
    }
}

/// A recorded consensus with its parsed sheet.
#[derive(Debug, Clone)]
pub struct Consensus {
    pub row: ConsensusRow,
    pub sheet: Scoresheet,
}

/// Everything about one challenge's evaluation.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub rec: ChallengeRecord,
    pub set: Option<CriteriaSet>,
    /// Before the proposals deadline: nothing else is loaded.
    pub sealed: bool,
    pub rounds: Vec<RoundRow>,
    /// (round, proposal)
    pub round_proposals: Vec<(i64, i64)>,
    pub proposals: BTreeMap<i64, ProposalInfo>,
    pub evaluators: Vec<EvaluatorRow>,
    /// (proposal, evaluator)
    pub assignments: Vec<(i64, i64)>,
    pub declarations: Vec<DeclarationRow>,
    pub sheets: Vec<Sheet>,
    pub consensus: Vec<Consensus>,
    pub decisions: Vec<DecisionRow>,
}

pub fn parse<T: DeserializeOwned>(json: &str) -> AppResult<T> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(e.into()))
}

/// The challenge's criteria set, if defined.
pub fn criteria_set(rec: &ChallengeRecord) -> AppResult<Option<CriteriaSet>> {
    rec.row.criteria_set.as_deref().map(parse).transpose()
}

/// The weighted total of a sheet once every criterion has a score.
pub fn total_if_scored(set: &CriteriaSet, sheet: &Scoresheet) -> Option<Total> {
    set.criteria
        .iter()
        .all(|c| sheet.score(&c.key).is_some())
        .then(|| sheet.total(set))
}

pub fn outcome(code: &str) -> DecisionOutcome {
    DecisionOutcome::from_code(code).unwrap_or(DecisionOutcome::NotSelected)
}

/// Loads the evaluation of `rec`. With `open_first`, round 1 is opened if the deadline has
/// passed and it is not open yet (the board and scoring do this; the read-only views do not).
pub async fn load(
    state: &AppState,
    rec: ChallengeRecord,
    open_first: bool,
) -> AppResult<Evaluation> {
    let now = state.clock.now();
    let set = criteria_set(&rec)?;
    let sealed = opt_time(rec.row.proposals_close_at).is_none_or(|close| now < close);
    let mut ev = Evaluation {
        rec,
        set,
        sealed,
        rounds: vec![],
        round_proposals: vec![],
        proposals: BTreeMap::new(),
        evaluators: vec![],
        assignments: vec![],
        declarations: vec![],
        sheets: vec![],
        consensus: vec![],
        decisions: vec![],
    };
    if sealed {
        return Ok(ev);
    }
    let id = ev.rec.row.id;
    let dbh = &state.db;
    ev.rounds = db::scoring::rounds(dbh, id).await?;
    if ev.rounds.is_empty() && open_first {
        db::scoring::open_first_round(dbh, id, now.timestamp()).await?;
        ev.rounds = db::scoring::rounds(dbh, id).await?;
    }
    ev.round_proposals = db::scoring::round_proposals(dbh, id).await?;
    ev.proposals = proposals(state, id).await?;
    ev.evaluators = db::evaluation::evaluators(dbh, id).await?;
    ev.assignments = db::evaluation::assignments(dbh, id).await?;
    ev.declarations = db::evaluation::declarations(dbh, id).await?;
    ev.sheets = db::scoring::sheets_on(dbh, id)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Sheet {
                sheet: parse(&row.sheet)?,
                row,
            })
        })
        .collect::<AppResult<_>>()?;
    ev.consensus = db::scoring::consensus_on(dbh, id)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Consensus {
                sheet: parse(&row.sheet)?,
                row,
            })
        })
        .collect::<AppResult<_>>()?;
    ev.decisions = db::scoring::decisions_on(dbh, id).await?;
    Ok(ev)
}

/// The challenge's submitted proposals with their title, consortium and time of receipt.
async fn proposals(state: &AppState, challenge_id: i64) -> AppResult<BTreeMap<i64, ProposalInfo>> {
    let rows = db::proposals::submitted_on(&state.db, challenge_id).await?;
    let receipts = db::scoring::current_receipts(&state.db, challenge_id).await?;
    let partners = db::scoring::accepted_partners(&state.db, challenge_id).await?;
    let mut org_ids: Vec<i64> = rows.iter().map(|r| r.lead_org).collect();
    org_ids.extend(partners.iter().map(|(_, o)| *o));
    org_ids.sort_unstable();
    org_ids.dedup();
    let orgs: BTreeMap<i64, OrgRef> = db::orgs::refs_by_ids(&state.db, &org_ids)
        .await?
        .iter()
        .map(|o| (o.id, o.to_ref()))
        .collect();
    let org = |id: i64| orgs.get(&id).cloned().ok_or(ErrorCode::Internal);
    let mut out = BTreeMap::new();
    for row in rows {
        let Some((_, received_at, content)) = receipts.iter().find(|(p, _, _)| *p == row.id) else {
            continue;
        };
        let content: serde_json::Value = parse(content)?;
        let partner_ids: Vec<i64> = partners
            .iter()
            .filter(|(p, _)| *p == row.id)
            .map(|(_, o)| *o)
            .collect();
        let mut ids = vec![row.lead_org];
        ids.extend(&partner_ids);
        out.insert(
            row.id,
            ProposalInfo {
                id: row.id,
                title: content["title"].as_str().unwrap_or_default().to_owned(),
                lead: org(row.lead_org)?,
                partners: partner_ids
                    .iter()
                    .map(|o| org(*o))
                    .collect::<Result<_, _>>()?,
                org_ids: ids,
                received_at: to_time(*received_at),
            },
        );
    }
    Ok(out)
}

impl Evaluation {
    pub fn challenge_id(&self) -> i64 {
        self.rec.row.id
    }

    pub fn round(&self, number: i64) -> Option<&RoundRow> {
        self.rounds.iter().find(|r| r.number == number)
    }

    /// The newest round (the open one, if any is open).
    pub fn latest_round(&self) -> Option<&RoundRow> {
        self.rounds.last()
    }

    /// The rounds that are published, first first.
    pub fn published_rounds(&self) -> impl Iterator<Item = &RoundRow> {
        self.rounds.iter().filter(|r| r.published_at.is_some())
    }

    /// The proposals of round `number`, by id.
    pub fn in_round(&self, number: i64) -> Vec<i64> {
        self.round_proposals
            .iter()
            .filter(|(r, _)| *r == number)
            .map(|(_, p)| *p)
            .collect()
    }

    pub fn conflicted(&self, proposal: i64, user: i64) -> bool {
        self.declarations
            .iter()
            .any(|d| d.proposal_id == proposal && d.user_id == user && d.conflict)
    }

    pub fn declared_none(&self, proposal: i64, user: i64) -> bool {
        self.declarations
            .iter()
            .any(|d| d.proposal_id == proposal && d.user_id == user && !d.conflict)
    }

    /// Who owes a sheet on `proposal` in round `r` (open), or whose sheets made up its record
    /// (published); by user id.
    pub fn panel(&self, r: &RoundRow, proposal: i64) -> Vec<i64> {
        let mut users: Vec<i64> = if r.published_at.is_some() {
            self.sheets
                .iter()
                .filter(|s| {
                    s.row.round == r.number && s.row.proposal_id == proposal && s.row.counted
                })
                .map(|s| s.row.user_id)
                .collect()
        } else {
            self.assignments
                .iter()
                .filter(|(p, u)| *p == proposal && !self.conflicted(proposal, *u))
                .map(|(_, u)| *u)
                .collect()
        };
        users.sort_unstable();
        users.dedup();
        users
    }

    pub fn sheet(&self, round: i64, proposal: i64, user: i64) -> Option<&Sheet> {
        self.sheets.iter().find(|s| {
            s.row.round == round && s.row.proposal_id == proposal && s.row.user_id == user
        })
    }

    /// The sheets that count for `proposal` in round `r`: the panel's submitted ones.
    pub fn counted(&self, r: &RoundRow, proposal: i64) -> Vec<&Sheet> {
        self.panel(r, proposal)
            .into_iter()
            .filter_map(|u| self.sheet(r.number, proposal, u))
            .filter(|s| s.submitted())
            .collect()
    }

    /// Someone owes a sheet and every such sheet is in.
    pub fn complete(&self, r: &RoundRow, proposal: i64) -> bool {
        let panel = self.panel(r, proposal);
        !panel.is_empty()
            && panel.iter().all(|u| {
                self.sheet(r.number, proposal, *u)
                    .is_some_and(Sheet::submitted)
            })
    }

    /// Sheets owed in round `r` and not yet submitted.
    pub fn missing(&self, r: &RoundRow) -> u32 {
        let n: usize = self
            .in_round(r.number)
            .into_iter()
            .map(|p| {
                self.panel(r, p)
                    .into_iter()
                    .filter(|u| !self.sheet(r.number, p, *u).is_some_and(Sheet::submitted))
                    .count()
            })
            .sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    pub fn consensus_of(&self, round: i64, proposal: i64) -> Option<&Consensus> {
        self.consensus
            .iter()
            .find(|c| c.row.round == round && c.row.proposal_id == proposal)
    }

    pub fn decision_of(&self, round: i64, proposal: i64) -> Option<&DecisionRow> {
        self.decisions
            .iter()
            .find(|d| d.round == round && d.proposal_id == proposal)
    }

    /// The ranking of round `number` from the recorded consensus (proposals without one are
    /// left out); empty without a criteria set.
    pub fn ranking(&self, number: i64) -> Ranking {
        let Some(set) = &self.set else {
            return Ranking::default();
        };
        let inputs: Vec<RankingInput> = self
            .in_round(number)
            .into_iter()
            .filter_map(|p| {
                let c = self.consensus_of(number, p)?;
                let info = self.proposals.get(&p)?;
                Some(RankingInput::from_consensus(
                    set,
                    p,
                    &c.sheet,
                    info.received_at,
                ))
            })
            .collect();
        rank(set, &inputs)
    }

    /// An evaluator's name (empty if unknown).
    pub fn name_of(&self, user: i64) -> String {
        self.evaluators
            .iter()
            .find(|e| e.user_id == user)
            .map(|e| e.display_name.clone())
            .or_else(|| {
                self.sheets
                    .iter()
                    .find(|s| s.row.user_id == user)
                    .map(|s| s.row.display_name.clone())
            })
            .unwrap_or_default()
    }

    /// A submitted sheet as another evaluator or a coordinator sees it.
    pub fn peer_view(&self, s: &Sheet) -> PeerScoresheet {
        PeerScoresheet {
            evaluator_id: s.row.user_id,
            display_name: s.row.display_name.clone(),
            sheet: s.sheet.clone(),
            total: self
                .set
                .as_ref()
                .and_then(|set| total_if_scored(set, &s.sheet)),
            submitted_at: to_time(s.row.submitted_at.unwrap_or(s.row.saved_at)),
        }
    }

    pub fn consensus_view(&self, c: &Consensus) -> ConsensusView {
        ConsensusView {
            sheet: c.sheet.clone(),
            total: self
                .set
                .as_ref()
                .map(|set| c.sheet.total(set))
                .unwrap_or_default(),
            recorded_by: c.row.recorded_by_name.clone().unwrap_or_default(),
            recorded_at: to_time(c.row.recorded_at),
        }
    }
}

pub fn decision_view(d: &DecisionRow) -> DecisionView {
    DecisionView {
        outcome: outcome(&d.outcome),
        reasons: d.reasons.clone(),
        decided_by: d.decided_by_name.clone().unwrap_or_default(),
        decided_at: to_time(d.decided_at),
    }
}
