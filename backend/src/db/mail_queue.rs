//! The queue of outgoing e-mail: rows are claimed by a worker with a lease (so that several
//! instances never send the same message at the same time), sent, and marked; failures retry
//! with growing delays.

use sqlx::FromRow;

use crate::mail::Mail;
use crate::on_db;

use super::Db;

pub(super) const ENQUEUE_SQL: &str =
    "INSERT INTO mail_queue (to_addr, subject, body_text, body_html, calendar, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)";

/// Queues a message to be sent as soon as a worker gets to it.
pub async fn enqueue(db: &Db, mail: &Mail, now: i64) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(ENQUEUE_SQL)
        .bind(&mail.to).bind(&mail.subject).bind(&mail.text).bind(&mail.html).bind(mail.calendar.as_deref()).bind(now)
        .execute(pool).await.map(|_| ()))
}

#[derive(Debug, Clone, FromRow)]
pub struct QueuedMail {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub calendar: Option<String>,
    pub attempts: i64,
}

impl QueuedMail {
    pub fn to_mail(&self) -> Mail {
        Mail {
            to: self.to_addr.clone(),
            subject: self.subject.clone(),
            text: self.body_text.clone(),
            html: self.body_html.clone(),
            calendar: self.calendar.clone(),
        }
    }
}

/// Claims up to `limit` due messages for `owner` until `now + lease_secs`. A message is due when
/// unsent, not given up on, its next attempt has come, and no other worker holds a live lease on
/// it. The claim is one conditional UPDATE, so two workers never claim the same row.
pub async fn claim(
    db: &Db,
    owner: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<QueuedMail>, sqlx::Error> {
    let due = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $3
               AND (lease_until IS NULL OR lease_until <= $3)";
    let sql = format!(
        "UPDATE mail_queue SET lease_owner = $1, lease_until = $2
         WHERE id IN (SELECT id FROM mail_queue WHERE {due} ORDER BY id LIMIT $4) AND {due}
         RETURNING id, to_addr, subject, body_text, body_html, calendar, CAST(attempts AS BIGINT) AS attempts"
    );
    let mut rows = on_db!(db, pool => sqlx::query_as::<_, QueuedMail>(sqlx::AssertSqlSafe(&*sql))
        .bind(owner).bind(now + lease_secs).bind(now).bind(limit)
        .fetch_all(pool).await)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Extends `owner`'s lease on message `id` if it still holds a live one; whether it did.
pub async fn renew(
    db: &Db,
    id: i64,
    owner: &str,
    now: i64,
    lease_secs: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE mail_queue SET lease_until = $1
               WHERE id = $2 AND lease_owner = $3 AND lease_until > $4 AND sent_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now + lease_secs).bind(id).bind(owner).bind(now)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Records a successful send (only by the lease holder).
pub async fn mark_sent(db: &Db, id: i64, owner: &str, now: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE mail_queue SET sent_at = $1, lease_owner = NULL, lease_until = NULL
               WHERE id = $2 AND lease_owner = $3";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(id).bind(owner).execute(pool).await.map(|_| ()))
}

/// Records a failed attempt: retry at `retry_at`, or give up (`retry_at = None`).
pub async fn mark_failed(
    db: &Db,
    id: i64,
    owner: &str,
    now: i64,
    retry_at: Option<i64>,
    error: &str,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE mail_queue SET attempts = attempts + 1, last_error = $1, lease_owner = NULL, lease_until = NULL,
                 next_attempt_at = COALESCE($2, next_attempt_at),
                 failed_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END
               WHERE id = $4 AND lease_owner = $5";
    on_db!(db, pool => sqlx::query(sql).bind(error).bind(retry_at).bind(now).bind(id).bind(owner)
        .execute(pool).await.map(|_| ()))
}

/// How many messages are in each state, and attempts so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStats {
    /// Not sent and not given up (whether or not a worker holds it now).
    pub waiting: i64,
    /// Of the waiting, held by a worker at the moment.
    pub leased: i64,
    pub sent: i64,
    pub given_up: i64,
    /// Failed attempts over all messages.
    pub failed_attempts: i64,
}

pub async fn stats(db: &Db) -> Result<QueueStats, sqlx::Error> {
    let sql = "SELECT
                 COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
                 COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL AND lease_owner IS NOT NULL THEN 1 ELSE 0 END), 0),
                 COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                 COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                 COALESCE(SUM(attempts), 0)
               FROM mail_queue";
    let (waiting, leased, sent, given_up, failed_attempts) = on_db!(db, pool =>
        sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(sql).fetch_one(pool).await)?;
    Ok(QueueStats {
        waiting,
        leased,
        sent,
        given_up,
        failed_attempts,
    })
}
