//! Leases that let several server instances share scheduled jobs, and the facts the deadline
//! reminder job needs.

use sqlx::FromRow;

use crate::on_db;

use super::Db;

/// Takes (or renews) the lease of job `name` for `owner` until `now + secs`, if no other owner
/// holds a live one. Returns whether `owner` holds it now. Atomic on both engines: the upsert's
/// condition is evaluated under the row's lock.
pub async fn try_lease(
    db: &Db,
    name: &str,
    owner: &str,
    now: i64,
    secs: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO job_leases (name, owner, lease_until) VALUES ($1, $2, $3)
               ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
               WHERE job_leases.lease_until <= $4 OR job_leases.owner = excluded.owner";
    on_db!(db, pool => sqlx::query(sql).bind(name).bind(owner).bind(now + secs).bind(now)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Gives a lease back early (when a run finished), so another instance need not wait.
pub async fn release(db: &Db, name: &str, owner: &str, now: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE job_leases SET lease_until = $1 WHERE name = $2 AND owner = $3";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(name).bind(owner).execute(pool).await.map(|_| ()))
}

#[derive(Debug, Clone, FromRow)]
pub struct ReminderDue {
    pub challenge_id: i64,
    pub title: String,
    pub proposals_close_at: i64,
}

/// Public challenges taking proposals whose deadline falls in `(from, until]` and for which
/// reminder `kind` has not been sent for that deadline.
pub async fn reminders_due(
    db: &Db,
    kind: &str,
    from: i64,
    until: i64,
) -> Result<Vec<ReminderDue>, sqlx::Error> {
    let sql = "SELECT c.id AS challenge_id, c.title, c.proposals_close_at FROM challenges c
               WHERE c.status IN ('published', 'proposals_open')
                 AND c.proposals_close_at > $1 AND c.proposals_close_at <= $2
                 AND NOT EXISTS (SELECT 1 FROM reminders_sent r
                                 WHERE r.challenge_id = c.id AND r.kind = $3 AND r.deadline = c.proposals_close_at)
               ORDER BY c.proposals_close_at, c.id";
    on_db!(db, pool => sqlx::query_as::<_, ReminderDue>(sql).bind(from).bind(until).bind(kind).fetch_all(pool).await)
}
