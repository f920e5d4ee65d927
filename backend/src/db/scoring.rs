//! A challenge's evaluation rounds as stored: the proposals of each round, the evaluators'
//! scoresheets (draft, submitted, reopened), the coordinators' consensus and decisions per
//! proposal and round, and publishing a round.
//!
//! Every write to a round runs in one transaction that first claims the round's row while it
//! is unpublished ([`CLAIM_ROUND`]): a published round refuses the write, writes to one round
//! are serialised (a row lock on PostgreSQL, the write lock on SQLite), and the checks made in
//! the same transaction ("every assigned evaluation is in", "every proposal has a decision")
//! still hold when the write commits.
//!
//! Who owes a sheet: an evaluator assigned to the proposal who has not declared a conflict of
//! interest ([`EXPECTED_WHERE`]). A proposal is complete in a round when at least one such
//! evaluator exists and each of them has submitted their sheet of that round.

use sqlx::FromRow;

use crate::{in_tx, on_db};

use super::Db;

/// Why a guarded write was refused (nothing was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The round is published (or does not exist).
    RoundPublished,
    /// The sheet is submitted and locked until a coordinator reopens it.
    Locked,
    /// There is no submitted sheet to reopen.
    NotSubmitted,
    /// An assigned evaluation is missing (or nobody is assigned).
    EvaluationsMissing,
    /// A proposal of the round has no decision (or the round has no proposals).
    DecisionsMissing,
}

/// The outcome of a guarded write: `Ok(value)` when it landed.
pub type Guarded<T> = Result<T, Refusal>;

/// Claims an unpublished round for the rest of the transaction; 0 rows when it is published.
const CLAIM_ROUND: &str = "UPDATE evaluation_rounds SET opened_at = opened_at
    WHERE challenge_id = $1 AND number = $2 AND published_at IS NULL";

/// The condition on an assignment `a` that makes its evaluator owe a sheet: no conflict
/// declared on the proposal.
const EXPECTED_WHERE: &str = "NOT EXISTS (SELECT 1 FROM conflict_declarations d
    WHERE d.proposal_id = a.proposal_id AND d.user_id = a.user_id AND d.conflict)";

#[derive(Debug, Clone, FromRow)]
pub struct RoundRow {
    pub number: i64,
    pub opened_at: i64,
    pub published_at: Option<i64>,
    pub published_by_name: Option<String>,
}

/// A challenge's rounds, first first.
pub async fn rounds(db: &Db, challenge_id: i64) -> Result<Vec<RoundRow>, sqlx::Error> {
    let sql = "SELECT r.number, r.opened_at, r.published_at, u.display_name AS published_by_name
               FROM evaluation_rounds r LEFT JOIN users u ON u.id = r.published_by
               WHERE r.challenge_id = $1 ORDER BY r.number";
    on_db!(db, pool => sqlx::query_as::<_, RoundRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// Opens round 1 with the challenge's submitted proposals, unless it is open already. Called
/// once the proposals deadline has passed (after which no proposal is submitted or withdrawn);
/// two requests racing open it once.
pub async fn open_first_round(db: &Db, challenge_id: i64, now: i64) -> Result<(), sqlx::Error> {
    in_tx!(db, tx => {
        let created = sqlx::query("INSERT INTO evaluation_rounds (challenge_id, number, opened_at) VALUES ($1, 1, $2)
                                   ON CONFLICT (challenge_id, number) DO NOTHING")
            .bind(challenge_id).bind(now).execute(&mut *tx).await?.rows_affected();
        if created == 1 {
            sqlx::query("INSERT INTO round_proposals (challenge_id, round, proposal_id)
                         SELECT challenge_id, 1, id FROM proposals WHERE challenge_id = $1 AND status = 'submitted'")
                .bind(challenge_id).execute(&mut *tx).await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// Every (round, proposal) of a challenge, by round then proposal.
pub async fn round_proposals(db: &Db, challenge_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = "SELECT round, proposal_id FROM round_proposals WHERE challenge_id = $1
               ORDER BY round, proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// The rounds a proposal is in, as (round, published), first first.
pub async fn rounds_of(db: &Db, proposal_id: i64) -> Result<Vec<(i64, bool)>, sqlx::Error> {
    let sql = "SELECT rp.round, r.published_at IS NOT NULL FROM round_proposals rp
               JOIN evaluation_rounds r ON r.challenge_id = rp.challenge_id AND r.number = rp.round
               WHERE rp.proposal_id = $1 ORDER BY rp.round";
    on_db!(db, pool => sqlx::query_as::<_, (i64, bool)>(sql).bind(proposal_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct SheetRow {
    pub proposal_id: i64,
    pub round: i64,
    pub user_id: i64,
    pub display_name: String,
    pub status: String,
    pub sheet: String,
    pub saved_at: i64,
    pub submitted_at: Option<i64>,
    pub counted: bool,
}

const SHEET_COLUMNS: &str = "s.proposal_id, s.round, s.user_id, u.display_name, s.status, s.sheet,
    s.saved_at, s.submitted_at, s.counted FROM scoresheets s JOIN users u ON u.id = s.user_id";

/// Every sheet of a challenge, drafts included, by round, proposal and evaluator.
pub async fn sheets_on(db: &Db, challenge_id: i64) -> Result<Vec<SheetRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SHEET_COLUMNS} WHERE s.challenge_id = $1 ORDER BY s.round, s.proposal_id, s.user_id"
    );
    on_db!(db, pool => sqlx::query_as::<_, SheetRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

/// The sheets of one proposal in one round, by evaluator.
pub async fn sheets_of(
    db: &Db,
    proposal_id: i64,
    round: i64,
) -> Result<Vec<SheetRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SHEET_COLUMNS} WHERE s.proposal_id = $1 AND s.round = $2 ORDER BY s.user_id"
    );
    on_db!(db, pool => sqlx::query_as::<_, SheetRow>(sqlx::AssertSqlSafe(&*sql)).bind(proposal_id).bind(round).fetch_all(pool).await)
}

/// The status of each of `user_id`'s sheets in its proposal's latest round: (proposal, status).
pub async fn latest_statuses(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = "SELECT s.proposal_id, s.status FROM scoresheets s
               WHERE s.user_id = $1
                 AND s.round = (SELECT MAX(rp.round) FROM round_proposals rp WHERE rp.proposal_id = s.proposal_id)
               ORDER BY s.proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, String)>(sql).bind(user_id).fetch_all(pool).await)
}

/// What a save or submission writes.
pub struct SheetWrite<'a> {
    pub challenge_id: i64,
    pub round: i64,
    pub proposal_id: i64,
    pub user_id: i64,
    /// The aligned sheet as JSON.
    pub sheet: &'a str,
    pub submit: bool,
    pub now: i64,
}

/// Saves an evaluator's draft or submits it, unless the round is published or the sheet is
/// already submitted (locked).
pub async fn save_sheet(db: &Db, w: &SheetWrite<'_>) -> Result<Guarded<()>, sqlx::Error> {
    let status = if w.submit { "submitted" } else { "draft" };
    let submitted_at = w.submit.then_some(w.now);
    in_tx!(db, tx => {
        let claimed = sqlx::query(CLAIM_ROUND).bind(w.challenge_id).bind(w.round)
            .execute(&mut *tx).await?.rows_affected();
        if claimed == 0 {
            return Ok(Err(Refusal::RoundPublished));
        }
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM scoresheets WHERE proposal_id = $1 AND round = $2 AND user_id = $3")
            .bind(w.proposal_id).bind(w.round).bind(w.user_id).fetch_optional(&mut *tx).await?;
        if current.as_deref() == Some("submitted") {
            return Ok(Err(Refusal::Locked));
        }
        sqlx::query("INSERT INTO scoresheets (proposal_id, round, user_id, challenge_id, status, sheet, saved_at, submitted_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (proposal_id, round, user_id) DO UPDATE SET status = excluded.status,
                       sheet = excluded.sheet, saved_at = excluded.saved_at, submitted_at = excluded.submitted_at")
            .bind(w.proposal_id).bind(w.round).bind(w.user_id).bind(w.challenge_id).bind(status)
            .bind(w.sheet).bind(w.now).bind(submitted_at)
            .execute(&mut *tx).await?;
        Ok::<Guarded<()>, sqlx::Error>(Ok(()))
    })
}

/// A coordinator's reopening of a submitted sheet.
pub struct Reopen<'a> {
    pub challenge_id: i64,
    pub round: i64,
    pub proposal_id: i64,
    /// The evaluator whose sheet is reopened.
    pub user_id: i64,
    pub by: i64,
    pub reason: &'a str,
    pub now: i64,
}

/// Turns a submitted sheet back into a draft and logs why, unless the round is published or
/// the sheet is not submitted.
pub async fn reopen(db: &Db, r: &Reopen<'_>) -> Result<Guarded<()>, sqlx::Error> {
    in_tx!(db, tx => {
        let claimed = sqlx::query(CLAIM_ROUND).bind(r.challenge_id).bind(r.round)
            .execute(&mut *tx).await?.rows_affected();
        if claimed == 0 {
            return Ok(Err(Refusal::RoundPublished));
        }
        let reopened = sqlx::query("UPDATE scoresheets SET status = 'draft', submitted_at = NULL
                WHERE proposal_id = $1 AND round = $2 AND user_id = $3 AND status = 'submitted'")
            .bind(r.proposal_id).bind(r.round).bind(r.user_id).execute(&mut *tx).await?.rows_affected();
        if reopened == 0 {
            return Ok(Err(Refusal::NotSubmitted));
        }
        sqlx::query("INSERT INTO scoresheet_reopenings (proposal_id, round, user_id, reopened_by, reopened_at, reason)
                     VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(r.proposal_id).bind(r.round).bind(r.user_id).bind(r.by).bind(r.now).bind(r.reason)
            .execute(&mut *tx).await?;
        Ok::<Guarded<()>, sqlx::Error>(Ok(()))
    })
}

#[derive(Debug, Clone, FromRow)]
pub struct ReopeningRow {
    pub reopened_at: i64,
    pub reopened_by_name: Option<String>,
    pub reason: String,
}

/// The reopenings of one evaluator's sheet in a round, newest first.
pub async fn reopenings(
    db: &Db,
    proposal_id: i64,
    round: i64,
    user_id: i64,
) -> Result<Vec<ReopeningRow>, sqlx::Error> {
    let sql = "SELECT r.reopened_at, u.display_name AS reopened_by_name, r.reason
               FROM scoresheet_reopenings r LEFT JOIN users u ON u.id = r.reopened_by
               WHERE r.proposal_id = $1 AND r.round = $2 AND r.user_id = $3 ORDER BY r.id DESC";
    on_db!(db, pool => sqlx::query_as::<_, ReopeningRow>(sql).bind(proposal_id).bind(round).bind(user_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct ConsensusRow {
    pub proposal_id: i64,
    pub round: i64,
    pub sheet: String,
    pub recorded_by_name: Option<String>,
    pub recorded_at: i64,
}

/// Every recorded consensus on a challenge.
pub async fn consensus_on(db: &Db, challenge_id: i64) -> Result<Vec<ConsensusRow>, sqlx::Error> {
    let sql =
        "SELECT c.proposal_id, c.round, c.sheet, u.display_name AS recorded_by_name, c.recorded_at
               FROM evaluation_consensus c LEFT JOIN users u ON u.id = c.recorded_by
               WHERE c.challenge_id = $1 ORDER BY c.round, c.proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, ConsensusRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct DecisionRow {
    pub proposal_id: i64,
    pub round: i64,
    pub outcome: String,
    pub reasons: String,
    pub decided_by_name: Option<String>,
    pub decided_at: i64,
}

/// Every recorded decision on a challenge.
pub async fn decisions_on(db: &Db, challenge_id: i64) -> Result<Vec<DecisionRow>, sqlx::Error> {
    let sql = "SELECT d.proposal_id, d.round, d.outcome, d.reasons, u.display_name AS decided_by_name, d.decided_at
               FROM evaluation_decisions d LEFT JOIN users u ON u.id = d.decided_by
               WHERE d.challenge_id = $1 ORDER BY d.round, d.proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, DecisionRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// Which round and proposal a coordinator's record is about, by whom and when.
pub struct RecordKey {
    pub challenge_id: i64,
    pub round: i64,
    pub proposal_id: i64,
    pub by: i64,
    pub now: i64,
}

/// (evaluators owing a sheet, of them without a submitted sheet in the round) for a proposal.
fn completeness_sql() -> String {
    format!(
        "SELECT COUNT(*), COUNT(*) - COUNT(s.user_id) FROM evaluation_assignments a
         LEFT JOIN scoresheets s ON s.proposal_id = a.proposal_id AND s.user_id = a.user_id
              AND s.round = $2 AND s.status = 'submitted'
         WHERE a.proposal_id = $1 AND {EXPECTED_WHERE}"
    )
}

/// Records (or replaces) a proposal's consensus, unless the round is published or an assigned
/// evaluation of the proposal is missing.
pub async fn record_consensus(
    db: &Db,
    k: &RecordKey,
    sheet: &str,
) -> Result<Guarded<()>, sqlx::Error> {
    let completeness = completeness_sql();
    in_tx!(db, tx => {
        let claimed = sqlx::query(CLAIM_ROUND).bind(k.challenge_id).bind(k.round)
            .execute(&mut *tx).await?.rows_affected();
        if claimed == 0 {
            return Ok(Err(Refusal::RoundPublished));
        }
        let (expected, missing): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(&*completeness))
            .bind(k.proposal_id).bind(k.round).fetch_one(&mut *tx).await?;
        if expected == 0 || missing > 0 {
            return Ok(Err(Refusal::EvaluationsMissing));
        }
        sqlx::query("INSERT INTO evaluation_consensus (proposal_id, round, challenge_id, sheet, recorded_by, recorded_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (proposal_id, round) DO UPDATE SET sheet = excluded.sheet,
                       recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at")
            .bind(k.proposal_id).bind(k.round).bind(k.challenge_id).bind(sheet).bind(k.by).bind(k.now)
            .execute(&mut *tx).await?;
        Ok::<Guarded<()>, sqlx::Error>(Ok(()))
    })
}

/// Records (or replaces) the decision on a proposal, unless the round is published or an
/// assigned evaluation of the proposal is missing.
pub async fn record_decision(
    db: &Db,
    k: &RecordKey,
    outcome: &str,
    reasons: &str,
) -> Result<Guarded<()>, sqlx::Error> {
    let completeness = completeness_sql();
    in_tx!(db, tx => {
        let claimed = sqlx::query(CLAIM_ROUND).bind(k.challenge_id).bind(k.round)
            .execute(&mut *tx).await?.rows_affected();
        if claimed == 0 {
            return Ok(Err(Refusal::RoundPublished));
        }
        let (expected, missing): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(&*completeness))
            .bind(k.proposal_id).bind(k.round).fetch_one(&mut *tx).await?;
        if expected == 0 || missing > 0 {
            return Ok(Err(Refusal::EvaluationsMissing));
        }
        sqlx::query("INSERT INTO evaluation_decisions (proposal_id, round, challenge_id, outcome, reasons, decided_by, decided_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (proposal_id, round) DO UPDATE SET outcome = excluded.outcome,
                       reasons = excluded.reasons, decided_by = excluded.decided_by, decided_at = excluded.decided_at")
            .bind(k.proposal_id).bind(k.round).bind(k.challenge_id).bind(outcome).bind(reasons).bind(k.by).bind(k.now)
            .execute(&mut *tx).await?;
        Ok::<Guarded<()>, sqlx::Error>(Ok(()))
    })
}

/// Publishes a round: refused while an assigned evaluation of any of its proposals is missing
/// or a proposal has no decision. Marks the sheets that count, and opens the next round with
/// the proposals decided `next_round`, if any. Returns the number of the round opened.
pub async fn publish(
    db: &Db,
    challenge_id: i64,
    round: i64,
    by: i64,
    now: i64,
) -> Result<Guarded<Option<i64>>, sqlx::Error> {
    let incomplete = format!(
        "SELECT COUNT(*) FROM round_proposals rp WHERE rp.challenge_id = $1 AND rp.round = $2 AND (
           NOT EXISTS (SELECT 1 FROM evaluation_assignments a WHERE a.proposal_id = rp.proposal_id AND {EXPECTED_WHERE})
           OR EXISTS (SELECT 1 FROM evaluation_assignments a WHERE a.proposal_id = rp.proposal_id AND {EXPECTED_WHERE}
                      AND NOT EXISTS (SELECT 1 FROM scoresheets s WHERE s.proposal_id = a.proposal_id
                                      AND s.user_id = a.user_id AND s.round = rp.round AND s.status = 'submitted')))"
    );
    let count_sheets = "UPDATE scoresheets SET counted = TRUE
        WHERE challenge_id = $1 AND round = $2 AND status = 'submitted'
          AND EXISTS (SELECT 1 FROM evaluation_assignments a
                      WHERE a.proposal_id = scoresheets.proposal_id AND a.user_id = scoresheets.user_id)
          AND NOT EXISTS (SELECT 1 FROM conflict_declarations d WHERE d.proposal_id = scoresheets.proposal_id
                          AND d.user_id = scoresheets.user_id AND d.conflict)";
    in_tx!(db, tx => {
        let claimed = sqlx::query(CLAIM_ROUND).bind(challenge_id).bind(round)
            .execute(&mut *tx).await?.rows_affected();
        if claimed == 0 {
            return Ok(Err(Refusal::RoundPublished));
        }
        let missing: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(&*incomplete))
            .bind(challenge_id).bind(round).fetch_one(&mut *tx).await?;
        if missing > 0 {
            return Ok(Err(Refusal::EvaluationsMissing));
        }
        let (total, decided): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(d.proposal_id) FROM round_proposals rp
             LEFT JOIN evaluation_decisions d ON d.proposal_id = rp.proposal_id AND d.round = rp.round
             WHERE rp.challenge_id = $1 AND rp.round = $2")
            .bind(challenge_id).bind(round).fetch_one(&mut *tx).await?;
        if total == 0 || decided < total {
            return Ok(Err(Refusal::DecisionsMissing));
        }
        sqlx::query("UPDATE evaluation_rounds SET published_at = $3, published_by = $4
                     WHERE challenge_id = $1 AND number = $2")
            .bind(challenge_id).bind(round).bind(now).bind(by).execute(&mut *tx).await?;
        sqlx::query(count_sheets).bind(challenge_id).bind(round).execute(&mut *tx).await?;
        let onward: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM evaluation_decisions WHERE challenge_id = $1 AND round = $2 AND outcome = 'next_round'")
            .bind(challenge_id).bind(round).fetch_one(&mut *tx).await?;
        let next = round + 1;
        if onward > 0 {
            sqlx::query("INSERT INTO evaluation_rounds (challenge_id, number, opened_at) VALUES ($1, $2, $3)")
                .bind(challenge_id).bind(next).bind(now).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO round_proposals (challenge_id, round, proposal_id)
                         SELECT challenge_id, $3, proposal_id FROM evaluation_decisions
                         WHERE challenge_id = $1 AND round = $2 AND outcome = 'next_round'")
                .bind(challenge_id).bind(round).bind(next).execute(&mut *tx).await?;
        }
        Ok::<Guarded<Option<i64>>, sqlx::Error>(Ok((onward > 0).then_some(next)))
    })
}

/// A submitted proposal's current receipt: (proposal, time of receipt, content JSON).
pub async fn current_receipts(
    db: &Db,
    challenge_id: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let sql = "SELECT r.proposal_id, r.received_at, r.content FROM proposal_receipts r
               JOIN proposals p ON p.id = r.proposal_id
               WHERE p.challenge_id = $1 AND r.superseded_at IS NULL AND r.withdrawn_at IS NULL
               ORDER BY r.proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64, String)>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// Accepted partners of a challenge's proposals: (proposal, organisation), in invitation order.
pub async fn accepted_partners(db: &Db, challenge_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = "SELECT pp.proposal_id, pp.org_id FROM proposal_partners pp
               JOIN proposals p ON p.id = pp.proposal_id
               WHERE p.challenge_id = $1 AND pp.state = 'accepted'
               ORDER BY pp.proposal_id, pp.invited_at, pp.org_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sql).bind(challenge_id).fetch_all(pool).await)
}
