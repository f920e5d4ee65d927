//! Info sessions of the market dialogue, their registrations and waiting lists.
//!
//! Every change to an event's roster runs in a transaction whose first statement bumps the
//! event's `roster_version`: on PostgreSQL that row lock, on SQLite the database write lock,
//! makes concurrent registrations to one event run one after another, so the capacity is never
//! exceeded and the waiting list moves in order.

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, FromRow};

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub challenge_id: i64,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub online_url: Option<String>,
    pub address: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub lang: String,
    pub capacity: Option<i64>,
    pub material: Option<String>,
    pub material_html: Option<String>,
    pub material_published_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: Option<String>,
    pub sequence: i64,
}

const COLUMNS: &str = "id, challenge_id, title, description, description_html, online_url, address, \
     starts_at, ends_at, lang, capacity, material, material_html, material_published_at, \
     cancelled_at, cancel_reason, sequence";

/// An event's content as the coordinator wrote it, with derived HTML.
pub struct EventWrite<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub description_html: String,
    pub online_url: Option<&'a str>,
    pub address: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub lang: &'a str,
    pub capacity: Option<i64>,
}

/// An active registration joined with its user (for mails and the coordinators' list).
#[derive(Debug, Clone, FromRow)]
pub struct RegistrationRow {
    pub id: i64,
    pub event_id: i64,
    pub user_id: i64,
    pub org_id: i64,
    pub state: String,
    pub registered_at: i64,
    pub display_name: String,
    pub email: String,
    pub lang: String,
}

const REG_COLUMNS: &str = "r.id, r.event_id, r.user_id, r.org_id, r.state, r.registered_at, \
     u.display_name, u.email, u.lang";

pub async fn insert(
    db: &Db,
    challenge_id: i64,
    w: &EventWrite<'_>,
    user_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO events (challenge_id, title, description, description_html, online_url,
                 address, starts_at, ends_at, lang, capacity, created_by, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(challenge_id).bind(w.title).bind(w.description).bind(&w.description_html)
        .bind(w.online_url).bind(w.address).bind(w.starts_at).bind(w.ends_at).bind(w.lang)
        .bind(w.capacity).bind(user_id).bind(now)
        .fetch_one(pool).await)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM events WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, EventRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

/// A challenge's events, soonest first.
pub async fn for_challenge(db: &Db, challenge_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM events WHERE challenge_id = $1 ORDER BY starts_at, id");
    on_db!(db, pool => sqlx::query_as::<_, EventRow>(AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

/// Events ending at or after `since` on challenges whose stored status is one of `statuses`
/// (the public ones), soonest first: the iCalendar feed.
pub async fn public_since(
    db: &Db,
    since: i64,
    statuses: &[&str],
) -> Result<Vec<EventRow>, sqlx::Error> {
    let mut binds = super::Binds::default();
    let since_p = binds.int(since);
    let list: Vec<String> = statuses.iter().map(|s| binds.text(*s)).collect();
    let cols = COLUMNS
        .split(", ")
        .map(|c| format!("e.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols} FROM events e JOIN challenges c ON c.id = e.challenge_id
         WHERE e.ends_at >= {since_p} AND c.status IN ({}) ORDER BY e.starts_at, e.id LIMIT 2000",
        list.join(", ")
    );
    on_db!(db, pool => crate::bind_all!(sqlx::query_as::<_, EventRow>(AssertSqlSafe(&*sql)), binds).fetch_all(pool).await)
}

/// Replaces an event's content and raises its SEQUENCE. If the capacity grew, the first people
/// on the waiting list move up; they are returned (to be told).
pub async fn update(
    db: &Db,
    id: i64,
    w: &EventWrite<'_>,
    now: i64,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    let sql = "UPDATE events SET title = $1, description = $2, description_html = $3,
                 online_url = $4, address = $5, starts_at = $6, ends_at = $7, lang = $8,
                 capacity = $9, sequence = sequence + 1, roster_version = roster_version + 1,
                 updated_at = $10
               WHERE id = $11";
    in_tx!(db, tx => {
        sqlx::query(sql)
            .bind(w.title).bind(w.description).bind(&w.description_html).bind(w.online_url)
            .bind(w.address).bind(w.starts_at).bind(w.ends_at).bind(w.lang).bind(w.capacity)
            .bind(now).bind(id)
            .execute(&mut *tx).await?;
        let mut promoted = Vec::new();
        loop {
            let (registered,): (i64,) = sqlx::query_as(COUNT_REGISTERED).bind(id).fetch_one(&mut *tx).await?;
            if w.capacity.is_some_and(|cap| registered >= cap) {
                break;
            }
            let next: Option<i64> = sqlx::query_scalar(FIRST_WAITLISTED).bind(id).fetch_optional(&mut *tx).await?;
            let Some(next) = next else { break };
            sqlx::query(PROMOTE).bind(now).bind(next).execute(&mut *tx).await?;
            promoted.push(next);
        }
        let mut rows = Vec::with_capacity(promoted.len());
        for reg in promoted {
            let sql = format!("SELECT {REG_COLUMNS} FROM event_registrations r JOIN users u ON u.id = r.user_id WHERE r.id = $1");
            rows.push(sqlx::query_as::<_, RegistrationRow>(AssertSqlSafe(sql)).bind(reg).fetch_one(&mut *tx).await?);
        }
        Ok::<_, sqlx::Error>(rows)
    })
}

const LOCK_EVENT: &str =
    "UPDATE events SET roster_version = roster_version + 1 WHERE id = $1 AND cancelled_at IS NULL";
const COUNT_REGISTERED: &str = "SELECT COUNT(*) FROM event_registrations
     WHERE event_id = $1 AND state = 'registered' AND cancelled_at IS NULL";
const FIRST_WAITLISTED: &str = "SELECT id FROM event_registrations
     WHERE event_id = $1 AND state = 'waitlisted' AND cancelled_at IS NULL
     ORDER BY registered_at, id LIMIT 1";
const PROMOTE: &str =
    "UPDATE event_registrations SET state = 'registered', promoted_at = $1 WHERE id = $2";

/// What became of a registration attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// A place (`true`) or a place on the waiting list (`false`).
    Done {
        has_place: bool,
    },
    AlreadyRegistered,
    /// The event is cancelled (or gone).
    EventCancelled,
}

/// Registers `user_id` for organisation `org_id`: a place while there is room, otherwise the
/// end of the waiting list.
pub async fn register(
    db: &Db,
    event_id: i64,
    user_id: i64,
    org_id: i64,
    now: i64,
) -> Result<Registered, sqlx::Error> {
    let exists = "SELECT COUNT(*) FROM event_registrations
                  WHERE event_id = $1 AND user_id = $2 AND cancelled_at IS NULL";
    let insert = "INSERT INTO event_registrations (event_id, user_id, org_id, state, registered_at)
                  VALUES ($1, $2, $3, $4, $5)";
    in_tx!(db, tx => {
        let locked = sqlx::query(LOCK_EVENT).bind(event_id).execute(&mut *tx).await?.rows_affected();
        if locked != 1 {
            return Ok(Registered::EventCancelled);
        }
        let (mine,): (i64,) = sqlx::query_as(exists).bind(event_id).bind(user_id).fetch_one(&mut *tx).await?;
        if mine > 0 {
            return Ok(Registered::AlreadyRegistered);
        }
        let (capacity,): (Option<i64>,) = sqlx::query_as("SELECT capacity FROM events WHERE id = $1")
            .bind(event_id).fetch_one(&mut *tx).await?;
        let (registered,): (i64,) = sqlx::query_as(COUNT_REGISTERED).bind(event_id).fetch_one(&mut *tx).await?;
        let has_place = capacity.is_none_or(|cap| registered < cap);
        let state = if has_place { "registered" } else { "waitlisted" };
        sqlx::query(insert).bind(event_id).bind(user_id).bind(org_id).bind(state).bind(now)
            .execute(&mut *tx).await?;
        Ok::<_, sqlx::Error>(Registered::Done { has_place })
    })
}

/// Cancels `user_id`'s registration. If it held a place, the first on the waiting list takes
/// it, in the same transaction; returns (whether there was a registration, the promoted one).
pub async fn cancel_registration(
    db: &Db,
    event_id: i64,
    user_id: i64,
    now: i64,
) -> Result<(bool, Option<RegistrationRow>), sqlx::Error> {
    let find = "SELECT id, state FROM event_registrations
                WHERE event_id = $1 AND user_id = $2 AND cancelled_at IS NULL";
    in_tx!(db, tx => {
        sqlx::query("UPDATE events SET roster_version = roster_version + 1 WHERE id = $1")
            .bind(event_id).execute(&mut *tx).await?;
        let mine: Option<(i64, String)> = sqlx::query_as(find).bind(event_id).bind(user_id).fetch_optional(&mut *tx).await?;
        let Some((reg_id, state)) = mine else {
            return Ok((false, None));
        };
        sqlx::query("UPDATE event_registrations SET cancelled_at = $1 WHERE id = $2")
            .bind(now).bind(reg_id).execute(&mut *tx).await?;
        let (capacity, cancelled): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT capacity, cancelled_at FROM events WHERE id = $1")
                .bind(event_id).fetch_one(&mut *tx).await?;
        let mut promoted = None;
        if state == "registered" && cancelled.is_none() {
            let (registered,): (i64,) = sqlx::query_as(COUNT_REGISTERED).bind(event_id).fetch_one(&mut *tx).await?;
            let next: Option<i64> = sqlx::query_scalar(FIRST_WAITLISTED).bind(event_id).fetch_optional(&mut *tx).await?;
            if let Some(next) = next.filter(|_| capacity.is_none_or(|cap| registered < cap)) {
                sqlx::query(PROMOTE).bind(now).bind(next).execute(&mut *tx).await?;
                let sql = format!("SELECT {REG_COLUMNS} FROM event_registrations r JOIN users u ON u.id = r.user_id WHERE r.id = $1");
                promoted = Some(sqlx::query_as::<_, RegistrationRow>(AssertSqlSafe(sql)).bind(next).fetch_one(&mut *tx).await?);
            }
        }
        Ok::<_, sqlx::Error>((true, promoted))
    })
}

/// Active registrations of an event: places first, then the waiting list, each in order.
pub async fn registrations(db: &Db, event_id: i64) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {REG_COLUMNS} FROM event_registrations r JOIN users u ON u.id = r.user_id
         WHERE r.event_id = $1 AND r.cancelled_at IS NULL
         ORDER BY CASE WHEN r.state = 'registered' THEN 0 ELSE 1 END, r.registered_at, r.id"
    );
    on_db!(db, pool => sqlx::query_as::<_, RegistrationRow>(AssertSqlSafe(&*sql)).bind(event_id).fetch_all(pool).await)
}

/// (registered, waitlisted) per event of a challenge (only events with registrations appear).
pub async fn counts(db: &Db, challenge_id: i64) -> Result<HashMap<i64, (i64, i64)>, sqlx::Error> {
    let sql = "SELECT r.event_id, r.state, COUNT(*) FROM event_registrations r
               JOIN events e ON e.id = r.event_id
               WHERE e.challenge_id = $1 AND r.cancelled_at IS NULL
               GROUP BY r.event_id, r.state";
    let rows: Vec<(i64, String, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(challenge_id).fetch_all(pool).await)?;
    let mut out: HashMap<i64, (i64, i64)> = HashMap::new();
    for (event, state, n) in rows {
        let entry = out.entry(event).or_default();
        if state == "registered" {
            entry.0 = n;
        } else {
            entry.1 = n;
        }
    }
    Ok(out)
}

/// The user's active registrations on a challenge's events: (event id, state, place in the
/// waiting list counting from 1, 0 for a place).
pub async fn mine(
    db: &Db,
    challenge_id: i64,
    user_id: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let sql = "SELECT r.event_id, r.state,
                 CASE WHEN r.state = 'waitlisted' THEN (
                   SELECT COUNT(*) FROM event_registrations w
                   WHERE w.event_id = r.event_id AND w.state = 'waitlisted' AND w.cancelled_at IS NULL
                     AND (w.registered_at < r.registered_at OR (w.registered_at = r.registered_at AND w.id <= r.id))
                 ) ELSE 0 END
               FROM event_registrations r JOIN events e ON e.id = r.event_id
               WHERE e.challenge_id = $1 AND r.user_id = $2 AND r.cancelled_at IS NULL";
    on_db!(db, pool => sqlx::query_as(sql).bind(challenge_id).bind(user_id).fetch_all(pool).await)
}

/// Cancels an event (once); returns whether this call did it.
pub async fn cancel_event(db: &Db, id: i64, reason: &str, now: i64) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE events SET cancelled_at = $1, cancel_reason = $2, sequence = sequence + 1,
                 roster_version = roster_version + 1, updated_at = $1
               WHERE id = $3 AND cancelled_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(reason).bind(id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Publishes (or corrects) the material; the first publication's time is kept.
pub async fn publish_material(
    db: &Db,
    id: i64,
    material: &str,
    html: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE events SET material = $1, material_html = $2,
                 material_published_at = COALESCE(material_published_at, $3), updated_at = $3
               WHERE id = $4";
    on_db!(db, pool => sqlx::query(sql).bind(material).bind(html).bind(now).bind(id).execute(pool).await.map(|_| ()))
}

/// All registration rows of an event, cancelled ones included (tests, audits).
pub async fn registration_count_all(db: &Db, event_id: i64) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM event_registrations WHERE event_id = $1")
        .bind(event_id).fetch_one(pool).await)
}
