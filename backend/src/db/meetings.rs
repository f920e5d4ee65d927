//! One-to-one meeting slots of the market dialogue and the per-organisation booking limit.
//!
//! Booking is race-safe on both engines twice over: the booking transaction first bumps the
//! challenge's `meeting_settings.lock_version` (a row lock on PostgreSQL, the write lock on
//! SQLite), so one challenge's bookings run one after another; and each booking carries the
//! organisation's booking number (1..limit) under `UNIQUE (challenge_id, booked_org,
//! booking_no)`, so no interleaving could give an organisation more bookings than numbers. The
//! slot itself is taken with a conditional `UPDATE … WHERE booked_org IS NULL`.

use sqlx::{AssertSqlSafe, FromRow};

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct SlotRow {
    pub id: i64,
    pub challenge_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: String,
    pub lang: String,
    pub booked_org: Option<i64>,
    pub booked_by: Option<i64>,
    pub sequence: i64,
    pub summary: Option<String>,
    pub summary_html: Option<String>,
    pub summary_published_at: Option<i64>,
}

const COLUMNS: &str = "id, challenge_id, starts_at, ends_at, location, lang, booked_org, \
     booked_by, sequence, summary, summary_html, summary_published_at";

/// The challenge's per-organisation limit, if the coordinator has set one.
pub async fn limit(db: &Db, challenge_id: i64) -> Result<Option<i64>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT per_org_limit FROM meeting_settings WHERE challenge_id = $1")
        .bind(challenge_id).fetch_optional(pool).await)
}

pub async fn set_limit(
    db: &Db,
    challenge_id: i64,
    limit: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO meeting_settings (challenge_id, per_org_limit, updated_at) VALUES ($1, $2, $3)
               ON CONFLICT (challenge_id) DO UPDATE SET per_org_limit = excluded.per_org_limit,
                 updated_at = excluded.updated_at, lock_version = meeting_settings.lock_version + 1";
    on_db!(db, pool => sqlx::query(sql).bind(challenge_id).bind(limit).bind(now).execute(pool).await.map(|_| ()))
}

pub async fn insert(
    db: &Db,
    challenge_id: i64,
    (starts_at, ends_at): (i64, i64),
    location: &str,
    lang: &str,
    user_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO meeting_slots (challenge_id, starts_at, ends_at, location, lang, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(challenge_id).bind(starts_at).bind(ends_at).bind(location).bind(lang).bind(user_id).bind(now)
        .fetch_one(pool).await)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<SlotRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM meeting_slots WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, SlotRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

/// A challenge's slots, soonest first.
pub async fn for_challenge(db: &Db, challenge_id: i64) -> Result<Vec<SlotRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM meeting_slots WHERE challenge_id = $1 ORDER BY starts_at, id"
    );
    on_db!(db, pool => sqlx::query_as::<_, SlotRow>(AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

/// What became of a booking attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booked {
    Done,
    /// The organisation already holds `limit` bookings on this challenge.
    LimitReached,
    /// Someone else booked the slot first (or it is gone).
    SlotTaken,
}

/// Books slot `slot_id` of `challenge_id` for `org_id`, if the organisation has a booking
/// number left under `limit` and the slot is free.
pub async fn book(
    db: &Db,
    challenge_id: i64,
    slot_id: i64,
    (org_id, user_id): (i64, i64),
    limit: i64,
    now: i64,
) -> Result<Booked, sqlx::Error> {
    // Creates the settings row if the coordinator never set a limit (then bumps it: the lock).
    let ensure = "INSERT INTO meeting_settings (challenge_id, per_org_limit, updated_at) VALUES ($1, $2, $3)
                  ON CONFLICT (challenge_id) DO UPDATE SET lock_version = meeting_settings.lock_version + 1";
    let used = "SELECT booking_no FROM meeting_slots WHERE challenge_id = $1 AND booked_org = $2";
    let take = "UPDATE meeting_slots SET booked_org = $1, booked_by = $2, booked_at = $3,
                  booking_no = $4, sequence = sequence + 1
                WHERE id = $5 AND challenge_id = $6 AND booked_org IS NULL";
    in_tx!(db, tx => {
        sqlx::query(ensure).bind(challenge_id).bind(limit).bind(now).execute(&mut *tx).await?;
        let numbers: Vec<i64> = sqlx::query_scalar(used).bind(challenge_id).bind(org_id).fetch_all(&mut *tx).await?;
        // Counted, not only numbered: after the limit is lowered an organisation may hold a
        // number above it.
        let free = (1..=limit).find(|n| !numbers.contains(n));
        let Some(free) = free.filter(|_| (numbers.len() as i64) < limit) else {
            return Ok(Booked::LimitReached);
        };
        let taken = sqlx::query(take).bind(org_id).bind(user_id).bind(now).bind(free).bind(slot_id).bind(challenge_id)
            .execute(&mut *tx).await?.rows_affected();
        if taken != 1 {
            return Ok(Booked::SlotTaken);
        }
        Ok::<_, sqlx::Error>(Booked::Done)
    })
}

/// Frees a booked slot (the booker cancels); returns whether it was booked by `org_id`.
pub async fn unbook(db: &Db, slot_id: i64, org_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE meeting_slots SET booked_org = NULL, booked_by = NULL, booked_at = NULL,
                 booking_no = NULL, sequence = sequence + 1
               WHERE id = $1 AND booked_org = $2";
    on_db!(db, pool => sqlx::query(sql).bind(slot_id).bind(org_id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Removes a slot (the coordinator withdraws it).
pub async fn delete(db: &Db, slot_id: i64) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM meeting_slots WHERE id = $1").bind(slot_id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Publishes (or corrects) a meeting's summary; the first publication's time is kept.
pub async fn publish_summary(
    db: &Db,
    slot_id: i64,
    summary: &str,
    html: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE meeting_slots SET summary = $1, summary_html = $2,
                 summary_published_at = COALESCE(summary_published_at, $3)
               WHERE id = $4";
    on_db!(db, pool => sqlx::query(sql).bind(summary).bind(html).bind(now).bind(slot_id).execute(pool).await.map(|_| ()))
}

/// How many slots of a challenge `org_id` holds (tests and audits).
pub async fn booked_by_org(db: &Db, challenge_id: i64, org_id: i64) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM meeting_slots WHERE challenge_id = $1 AND booked_org = $2")
        .bind(challenge_id).bind(org_id).fetch_one(pool).await)
}
