//! A challenge's evaluation panel as stored: its evaluators, the e-mail invitations to become
//! one (tokens only as SHA-256 digests, single use), who is assigned to which proposal, and the
//! conflict-of-interest declarations (final once made).

use sqlx::FromRow;

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct EvaluatorRow {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub source: String,
    pub added_at: i64,
}

/// Makes `user_id` an evaluator of the challenge; whether they were not one already.
pub async fn add_evaluator(
    db: &Db,
    challenge_id: i64,
    user_id: i64,
    source: &str,
    added_by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO challenge_evaluators (challenge_id, user_id, source, added_by, added_at)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (challenge_id, user_id) DO NOTHING";
    on_db!(db, pool => sqlx::query(sql).bind(challenge_id).bind(user_id).bind(source).bind(added_by).bind(now)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// A challenge's evaluators, in the order they were added.
pub async fn evaluators(db: &Db, challenge_id: i64) -> Result<Vec<EvaluatorRow>, sqlx::Error> {
    let sql = "SELECT e.user_id, u.display_name, u.email, e.source, e.added_at
               FROM challenge_evaluators e JOIN users u ON u.id = e.user_id
               WHERE e.challenge_id = $1 ORDER BY e.added_at, e.user_id";
    on_db!(db, pool => sqlx::query_as::<_, EvaluatorRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

pub async fn is_evaluator(db: &Db, challenge_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM challenge_evaluators WHERE challenge_id = $1 AND user_id = $2";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(challenge_id).bind(user_id)
        .fetch_one(pool).await.map(|n| n > 0))
}

/// Ends an evaluator's role on a challenge together with their assignments there (their
/// declarations stay on record); whether they were an evaluator.
pub async fn remove_evaluator(
    db: &Db,
    challenge_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    in_tx!(db, tx => {
        sqlx::query("DELETE FROM evaluation_assignments WHERE challenge_id = $1 AND user_id = $2")
            .bind(challenge_id).bind(user_id).execute(&mut *tx).await?;
        let n = sqlx::query("DELETE FROM challenge_evaluators WHERE challenge_id = $1 AND user_id = $2")
            .bind(challenge_id).bind(user_id).execute(&mut *tx).await?.rows_affected();
        Ok::<bool, sqlx::Error>(n == 1)
    })
}

/// The challenges `user_id` evaluates, oldest role first.
pub async fn challenges_of(db: &Db, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT challenge_id FROM challenge_evaluators WHERE user_id = $1 ORDER BY added_at, challenge_id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(user_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct EvaluatorInvitationRow {
    pub id: i64,
    pub challenge_id: i64,
    pub email: String,
    pub invited_by_name: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl EvaluatorInvitationRow {
    /// Whether the link still works at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

const INVITATION_COLUMNS: &str = "i.id, i.challenge_id, i.email, u.display_name AS invited_by_name,
    i.created_at, i.expires_at, i.accepted_at, i.revoked_at
    FROM evaluator_invitations i LEFT JOIN users u ON u.id = i.invited_by";

pub struct NewEvaluatorInvitation<'a> {
    pub challenge_id: i64,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub now: i64,
    pub expires_at: i64,
}

/// Issues an invitation, revoking any open one to the same address for the challenge (the newest
/// link is the one that works); `None`, with nothing changed, at `max_open` open invitations.
pub async fn invite(
    db: &Db,
    inv: &NewEvaluatorInvitation<'_>,
    max_open: i64,
) -> Result<Option<i64>, sqlx::Error> {
    in_tx!(db, tx => {
        // Serialises invitations of one challenge, so the cap holds under concurrency.
        sqlx::query("UPDATE challenges SET id = id WHERE id = $1").bind(inv.challenge_id).execute(&mut *tx).await?;
        sqlx::query("UPDATE evaluator_invitations SET revoked_at = $1
                     WHERE challenge_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(inv.now).bind(inv.challenge_id).bind(inv.email).execute(&mut *tx).await?;
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluator_invitations
                WHERE challenge_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2")
            .bind(inv.challenge_id).bind(inv.now).fetch_one(&mut *tx).await?;
        if open >= max_open {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO evaluator_invitations (challenge_id, email, token_hash, invited_by, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(inv.challenge_id).bind(inv.email).bind(inv.token_hash).bind(inv.invited_by)
            .bind(inv.now).bind(inv.expires_at)
            .fetch_one(&mut *tx).await?;
        Ok::<Option<i64>, sqlx::Error>(Some(id))
    })
}

/// A challenge's evaluator invitations, newest first (at most 200).
pub async fn invitations(
    db: &Db,
    challenge_id: i64,
) -> Result<Vec<EvaluatorInvitationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} WHERE i.challenge_id = $1 ORDER BY i.id DESC LIMIT 200"
    );
    on_db!(db, pool => sqlx::query_as::<_, EvaluatorInvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

pub async fn invitation(
    db: &Db,
    challenge_id: i64,
    id: i64,
) -> Result<Option<EvaluatorInvitationRow>, sqlx::Error> {
    let sql = format!("SELECT {INVITATION_COLUMNS} WHERE i.challenge_id = $1 AND i.id = $2");
    on_db!(db, pool => sqlx::query_as::<_, EvaluatorInvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).bind(id).fetch_optional(pool).await)
}

pub async fn invitation_by_token(
    db: &Db,
    token_hash: &str,
) -> Result<Option<EvaluatorInvitationRow>, sqlx::Error> {
    let sql = format!("SELECT {INVITATION_COLUMNS} WHERE i.token_hash = $1");
    on_db!(db, pool => sqlx::query_as::<_, EvaluatorInvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(token_hash).fetch_optional(pool).await)
}

/// Revokes an open invitation; whether it was still open.
pub async fn revoke_invitation(
    db: &Db,
    challenge_id: i64,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE evaluator_invitations SET revoked_at = $1
               WHERE challenge_id = $2 AND id = $3 AND accepted_at IS NULL AND revoked_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(challenge_id).bind(id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Uses an open invitation and makes the user an evaluator, atomically (a token works once even
/// when two requests race); the challenge, or `None` if the link was not open.
pub async fn accept_invitation(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    in_tx!(db, tx => {
        let used: Option<(i64, Option<i64>)> = sqlx::query_as("UPDATE evaluator_invitations SET accepted_at = $1, accepted_by = $2
                WHERE token_hash = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1
                RETURNING challenge_id, invited_by")
            .bind(now).bind(user_id).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some((challenge_id, invited_by)) = used else {
            return Ok(None);
        };
        sqlx::query("INSERT INTO challenge_evaluators (challenge_id, user_id, source, added_by, added_at)
                     VALUES ($1, $2, 'invited', $3, $4) ON CONFLICT (challenge_id, user_id) DO NOTHING")
            .bind(challenge_id).bind(user_id).bind(invited_by).bind(now).execute(&mut *tx).await?;
        Ok::<Option<i64>, sqlx::Error>(Some(challenge_id))
    })
}

/// Every current (proposal, evaluator) assignment on a challenge.
pub async fn assignments(db: &Db, challenge_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = "SELECT proposal_id, user_id FROM evaluation_assignments WHERE challenge_id = $1
               ORDER BY proposal_id, user_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// Assigns (proposal, evaluator) pairs of one challenge; pairs already there and pairs with a
/// declared conflict are skipped. Returns how many were added.
pub async fn assign(
    db: &Db,
    challenge_id: i64,
    pairs: &[(i64, i64)],
    by: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let sql = "INSERT INTO evaluation_assignments (proposal_id, user_id, challenge_id, assigned_by, assigned_at)
               SELECT $1, $2, $3, $4, $5
               WHERE NOT EXISTS (SELECT 1 FROM conflict_declarations d
                                 WHERE d.proposal_id = $1 AND d.user_id = $2 AND d.conflict)
               ON CONFLICT (proposal_id, user_id) DO NOTHING";
    in_tx!(db, tx => {
        let mut added = 0;
        for (proposal_id, user_id) in pairs {
            added += sqlx::query(sql).bind(*proposal_id).bind(*user_id).bind(challenge_id).bind(by).bind(now)
                .execute(&mut *tx).await?.rows_affected();
        }
        Ok::<u64, sqlx::Error>(added)
    })
}

/// Removes one assignment; whether there was one.
pub async fn unassign(db: &Db, proposal_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM evaluation_assignments WHERE proposal_id = $1 AND user_id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(proposal_id).bind(user_id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// The proposals assigned to `user_id`: (challenge, proposal), by challenge then proposal.
pub async fn assigned_to(db: &Db, user_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = "SELECT challenge_id, proposal_id FROM evaluation_assignments WHERE user_id = $1
               ORDER BY challenge_id, proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sql).bind(user_id).fetch_all(pool).await)
}

/// Who is assigned to a proposal and who declared what about it: (user, assigned now, the
/// declaration if any: `Some(true)` a conflict, `Some(false)` none).
pub async fn panel_of(
    db: &Db,
    proposal_id: i64,
) -> Result<Vec<(i64, bool, Option<bool>)>, sqlx::Error> {
    let sql = "SELECT a.user_id, TRUE, d.conflict FROM evaluation_assignments a
                 LEFT JOIN conflict_declarations d ON d.proposal_id = a.proposal_id AND d.user_id = a.user_id
               WHERE a.proposal_id = $1
               UNION ALL
               SELECT d.user_id, FALSE, d.conflict FROM conflict_declarations d
               WHERE d.proposal_id = $1 AND NOT EXISTS (SELECT 1 FROM evaluation_assignments a
                   WHERE a.proposal_id = d.proposal_id AND a.user_id = d.user_id)";
    on_db!(db, pool => sqlx::query_as::<_, (i64, bool, Option<bool>)>(sql).bind(proposal_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct DeclarationRow {
    pub proposal_id: i64,
    pub user_id: i64,
    pub conflict: bool,
    pub reason: Option<String>,
    pub declared_at: i64,
}

/// Records an assigned evaluator's declaration; `false` (nothing written) if they are not
/// assigned to the proposal or already declared.
pub async fn declare(db: &Db, challenge_id: i64, d: &DeclarationRow) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO conflict_declarations (proposal_id, user_id, challenge_id, conflict, reason, declared_at)
               SELECT $1, $2, $3, $4, $5, $6
               WHERE EXISTS (SELECT 1 FROM evaluation_assignments a WHERE a.proposal_id = $1 AND a.user_id = $2)
               ON CONFLICT (proposal_id, user_id) DO NOTHING";
    on_db!(db, pool => sqlx::query(sql).bind(d.proposal_id).bind(d.user_id).bind(challenge_id).bind(d.conflict)
        .bind(&d.reason).bind(d.declared_at).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Every declaration on a challenge's proposals.
pub async fn declarations(db: &Db, challenge_id: i64) -> Result<Vec<DeclarationRow>, sqlx::Error> {
    let sql =
        "SELECT proposal_id, user_id, conflict, reason, declared_at FROM conflict_declarations
               WHERE challenge_id = $1 ORDER BY proposal_id, user_id";
    on_db!(db, pool => sqlx::query_as::<_, DeclarationRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

/// One evaluator's declarations (for their own list).
pub async fn declarations_of(db: &Db, user_id: i64) -> Result<Vec<DeclarationRow>, sqlx::Error> {
    let sql =
        "SELECT proposal_id, user_id, conflict, reason, declared_at FROM conflict_declarations
               WHERE user_id = $1 ORDER BY proposal_id";
    on_db!(db, pool => sqlx::query_as::<_, DeclarationRow>(sql).bind(user_id).fetch_all(pool).await)
}
