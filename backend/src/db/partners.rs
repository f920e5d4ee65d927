//! Partner searches (an organisation looking for partners on a challenge, and what it lacks)
//! and contact requests between organisations, with their e-mails queued in the same
//! transaction as the change.

use sqlx::{AssertSqlSafe, FromRow};

use crate::mail::Mail;
use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct PartnerSearchRow {
    pub challenge_id: i64,
    pub org_id: i64,
    pub note: String,
    pub updated_at: i64,
}

/// A partner search with the capability codes it lacks.
#[derive(Debug, Clone)]
pub struct StoredPartnerSearch {
    pub row: PartnerSearchRow,
    pub lacking: Vec<String>,
}

pub async fn find_search(
    db: &Db,
    challenge_id: i64,
    org_id: i64,
) -> Result<Option<StoredPartnerSearch>, sqlx::Error> {
    let sql = "SELECT challenge_id, org_id, note, updated_at FROM partner_searches
               WHERE challenge_id = $1 AND org_id = $2";
    let row = on_db!(db, pool => sqlx::query_as::<_, PartnerSearchRow>(sql).bind(challenge_id).bind(org_id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let lsql = "SELECT capability FROM partner_search_lacks WHERE challenge_id = $1 AND org_id = $2
                ORDER BY capability";
    let lacking = on_db!(db, pool => sqlx::query_scalar::<_, String>(lsql).bind(challenge_id).bind(org_id).fetch_all(pool).await)?;
    Ok(Some(StoredPartnerSearch { row, lacking }))
}

/// Creates or replaces an organisation's partner search on a challenge.
pub async fn save_search(
    db: &Db,
    challenge_id: i64,
    org_id: i64,
    lacking: &[&str],
    note: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let upsert = "INSERT INTO partner_searches (challenge_id, org_id, note, updated_by, created_at, updated_at)
                  VALUES ($1, $2, $3, $4, $5, $5)
                  ON CONFLICT (challenge_id, org_id) DO UPDATE SET note = excluded.note,
                      updated_by = excluded.updated_by, updated_at = excluded.updated_at";
    in_tx!(db, tx => {
        sqlx::query(upsert).bind(challenge_id).bind(org_id).bind(note).bind(user_id).bind(now)
            .execute(&mut *tx).await?;
        sqlx::query("DELETE FROM partner_search_lacks WHERE challenge_id = $1 AND org_id = $2")
            .bind(challenge_id).bind(org_id).execute(&mut *tx).await?;
        for c in lacking {
            sqlx::query("INSERT INTO partner_search_lacks (challenge_id, org_id, capability) VALUES ($1, $2, $3)")
                .bind(challenge_id).bind(org_id).bind(*c).execute(&mut *tx).await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// Ends a partner search; whether there was one.
pub async fn delete_search(db: &Db, challenge_id: i64, org_id: i64) -> Result<bool, sqlx::Error> {
    in_tx!(db, tx => {
        sqlx::query("DELETE FROM partner_search_lacks WHERE challenge_id = $1 AND org_id = $2")
            .bind(challenge_id).bind(org_id).execute(&mut *tx).await?;
        let n = sqlx::query("DELETE FROM partner_searches WHERE challenge_id = $1 AND org_id = $2")
            .bind(challenge_id).bind(org_id).execute(&mut *tx).await?.rows_affected();
        Ok::<bool, sqlx::Error>(n == 1)
    })
}

#[derive(Debug, Clone, FromRow)]
pub struct ContactRequestRow {
    pub id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub from_org: i64,
    pub to_org: i64,
    pub requested_by: Option<i64>,
    pub requested_by_name: Option<String>,
    pub message: String,
    pub status: String,
    pub created_at: i64,
    pub answered_by: Option<i64>,
    pub answered_at: Option<i64>,
}

const REQUEST_SELECT: &str =
    "SELECT r.id, r.challenge_id, c.title AS challenge_title, r.from_org, r.to_org,
        r.requested_by, u.display_name AS requested_by_name, r.message, r.status, r.created_at,
        r.answered_by, r.answered_at
    FROM contact_requests r JOIN challenges c ON c.id = r.challenge_id
    LEFT JOIN users u ON u.id = r.requested_by";

pub async fn find_request(db: &Db, id: i64) -> Result<Option<ContactRequestRow>, sqlx::Error> {
    let sql = format!("{REQUEST_SELECT} WHERE r.id = $1");
    on_db!(db, pool => sqlx::query_as::<_, ContactRequestRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

/// The newest 200 requests sent to (`incoming`) or by an organisation.
pub async fn requests_of(
    db: &Db,
    org_id: i64,
    incoming: bool,
) -> Result<Vec<ContactRequestRow>, sqlx::Error> {
    let column = if incoming { "r.to_org" } else { "r.from_org" };
    let sql = format!("{REQUEST_SELECT} WHERE {column} = $1 ORDER BY r.id DESC LIMIT 200");
    on_db!(db, pool => sqlx::query_as::<_, ContactRequestRow>(AssertSqlSafe(&*sql)).bind(org_id).fetch_all(pool).await)
}

/// `(to_org, id, status)` of the requests an organisation sent about a challenge.
pub async fn sent_on(
    db: &Db,
    challenge_id: i64,
    from_org: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let sql =
        "SELECT to_org, id, status FROM contact_requests WHERE challenge_id = $1 AND from_org = $2";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64, String)>(sql).bind(challenge_id).bind(from_org).fetch_all(pool).await)
}

pub struct NewContactRequest<'a> {
    pub challenge_id: i64,
    pub from_org: i64,
    pub to_org: i64,
    pub requested_by: i64,
    pub message: &'a str,
    pub now: i64,
}

/// What became of a new contact request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Created(i64),
    /// The same organisations already have a request about this challenge.
    Duplicate,
    /// The sender has `max_pending` unanswered requests on this challenge.
    LimitReached,
}

/// Stores a contact request and queues `mails` (to the asked organisation) with it.
pub async fn insert_request(
    db: &Db,
    n: &NewContactRequest<'_>,
    max_pending: i64,
    mails: &[Mail],
) -> Result<Sent, sqlx::Error> {
    let count = "SELECT COUNT(*) FROM contact_requests WHERE challenge_id = $1 AND from_org = $2 AND status = 'pending'";
    let insert = "INSERT INTO contact_requests (challenge_id, from_org, to_org, requested_by, message, status, created_at)
                  VALUES ($1, $2, $3, $4, $5, 'pending', $6)
                  ON CONFLICT (challenge_id, from_org, to_org) DO NOTHING RETURNING id";
    in_tx!(db, tx => {
        // Serialise the sender's requests on this challenge (row lock on PostgreSQL, the write
        // lock on SQLite) so the limit holds under concurrent requests.
        sqlx::query("UPDATE organisations SET id = id WHERE id = $1").bind(n.from_org).execute(&mut *tx).await?;
        let pending: i64 = sqlx::query_scalar(count).bind(n.challenge_id).bind(n.from_org).fetch_one(&mut *tx).await?;
        if pending >= max_pending {
            return Ok(Sent::LimitReached);
        }
        let id: Option<i64> = sqlx::query_scalar(insert)
            .bind(n.challenge_id).bind(n.from_org).bind(n.to_org).bind(n.requested_by).bind(n.message).bind(n.now)
            .fetch_optional(&mut *tx).await?;
        let Some(id) = id else {
            return Ok(Sent::Duplicate);
        };
        for m in mails {
            sqlx::query(super::mail_queue::ENQUEUE_SQL)
                .bind(&m.to).bind(&m.subject).bind(&m.text).bind(&m.html).bind(m.calendar.as_deref()).bind(n.now)
                .execute(&mut *tx).await?;
        }
        Ok::<Sent, sqlx::Error>(Sent::Created(id))
    })
}

/// Accepts or declines a pending request, queuing `mails` with it; `false` (nothing written)
/// when it was already answered.
pub async fn answer_request(
    db: &Db,
    id: i64,
    accept: bool,
    user_id: i64,
    now: i64,
    mails: &[Mail],
) -> Result<bool, sqlx::Error> {
    let status = if accept { "accepted" } else { "declined" };
    let sql = "UPDATE contact_requests SET status = $1, answered_by = $2, answered_at = $3
               WHERE id = $4 AND status = 'pending'";
    in_tx!(db, tx => {
        let n = sqlx::query(sql).bind(status).bind(user_id).bind(now).bind(id).execute(&mut *tx).await?.rows_affected();
        if n != 1 {
            return Ok(false);
        }
        for m in mails {
            sqlx::query(super::mail_queue::ENQUEUE_SQL)
                .bind(&m.to).bind(&m.subject).bind(&m.text).bind(&m.html).bind(m.calendar.as_deref()).bind(now)
                .execute(&mut *tx).await?;
        }
        Ok::<bool, sqlx::Error>(true)
    })
}
