//! Who follows which challenge, and the board searches users saved to hear about new challenges.

use sqlx::FromRow;

use crate::on_db;

use super::Db;

/// Starts following; following twice is fine.
pub async fn follow(db: &Db, user_id: i64, challenge_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO follows (user_id, challenge_id, created_at) VALUES ($1, $2, $3)
               ON CONFLICT (user_id, challenge_id) DO NOTHING";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(challenge_id).bind(now).execute(pool).await.map(|_| ()))
}

pub async fn unfollow(db: &Db, user_id: i64, challenge_id: i64) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM follows WHERE user_id = $1 AND challenge_id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(challenge_id).execute(pool).await.map(|_| ()))
}

pub async fn is_following(db: &Db, user_id: i64, challenge_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM follows WHERE user_id = $1 AND challenge_id = $2";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(user_id).bind(challenge_id).fetch_one(pool).await.map(|n| n > 0))
}

pub async fn count_followers(db: &Db, challenge_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM follows WHERE challenge_id = $1";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(challenge_id).fetch_one(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct FollowedRow {
    pub challenge_id: i64,
    pub title: String,
    pub status: String,
    pub proposals_close_at: Option<i64>,
    pub followed_at: i64,
}

/// The challenges a user follows, soonest deadline first.
pub async fn followed_by(db: &Db, user_id: i64) -> Result<Vec<FollowedRow>, sqlx::Error> {
    let sql = "SELECT c.id AS challenge_id, c.title, c.status, c.proposals_close_at, f.created_at AS followed_at
               FROM follows f JOIN challenges c ON c.id = f.challenge_id
               WHERE f.user_id = $1
               ORDER BY c.proposals_close_at IS NULL, c.proposals_close_at, c.id";
    on_db!(db, pool => sqlx::query_as::<_, FollowedRow>(sql).bind(user_id).fetch_all(pool).await)
}

/// Ids of a challenge's followers.
pub async fn follower_ids(db: &Db, challenge_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT user_id FROM follows WHERE challenge_id = $1 ORDER BY user_id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(challenge_id).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct SavedSearchRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub region_code: Option<String>,
    pub theme: Option<String>,
    pub model: Option<String>,
    pub q: Option<String>,
    pub created_at: i64,
    /// `board` or `recommendations`.
    pub kind: String,
    pub org_id: Option<i64>,
    pub min_fit: Option<String>,
    /// `immediate` or `weekly`.
    pub frequency: String,
    /// The end of the last weekly digest's window.
    pub digest_until: Option<i64>,
}

const SEARCH_COLUMNS: &str = "id, user_id, name, region_code, theme, model, q, created_at, kind, org_id, min_fit, frequency, digest_until";

pub struct NewSavedSearch<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub region_code: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub model: Option<&'a str>,
    pub q: Option<&'a str>,
    pub kind: &'a str,
    pub org_id: Option<i64>,
    pub min_fit: Option<&'a str>,
    pub frequency: &'a str,
    pub now: i64,
}

/// Saves a search unless the user already has `max` of them; `None` when at the limit.
pub async fn insert_search(
    db: &Db,
    s: &NewSavedSearch<'_>,
    max: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO saved_searches (user_id, name, region_code, theme, model, q, created_at,
                   kind, org_id, min_fit, frequency, digest_until)
               SELECT $1, $2, $3, $4, $5, $6, $7, $9, $10, $11, $12, $7
               WHERE (SELECT COUNT(*) FROM saved_searches WHERE user_id = $1) < $8
               RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(s.user_id).bind(s.name).bind(s.region_code).bind(s.theme).bind(s.model).bind(s.q).bind(s.now).bind(max)
        .bind(s.kind).bind(s.org_id).bind(s.min_fit).bind(s.frequency)
        .fetch_optional(pool).await)
}

pub async fn searches_of(db: &Db, user_id: i64) -> Result<Vec<SavedSearchRow>, sqlx::Error> {
    let sql = format!("SELECT {SEARCH_COLUMNS} FROM saved_searches WHERE user_id = $1 ORDER BY id");
    on_db!(db, pool => sqlx::query_as::<_, SavedSearchRow>(sqlx::AssertSqlSafe(&*sql)).bind(user_id).fetch_all(pool).await)
}

/// Deletes one of the user's searches; whether it existed.
pub async fn delete_search(db: &Db, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM saved_searches WHERE id = $1 AND user_id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(id).bind(user_id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Saved searches alerted at `frequency` whose region, theme and model filters a challenge
/// satisfies, of both kinds (their free-text words, and for recommendation searches the score,
/// are checked by the caller).
pub async fn searches_matching(
    db: &Db,
    frequency: &str,
    region_codes: &[String],
    themes: &[String],
    model: &str,
) -> Result<Vec<SavedSearchRow>, sqlx::Error> {
    let mut binds = super::Binds::default();
    let list = |binds: &mut super::Binds, values: &[String]| {
        if values.is_empty() {
            "NULL".to_owned()
        } else {
            values
                .iter()
                .map(|v| binds.text(v.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let regions = list(&mut binds, region_codes);
    let themes = list(&mut binds, themes);
    let model = binds.text(model);
    let frequency = binds.text(frequency);
    let sql = format!(
        "SELECT {SEARCH_COLUMNS} FROM saved_searches
         WHERE frequency = {frequency}
           AND (region_code IS NULL OR region_code IN ({regions}))
           AND (theme IS NULL OR theme IN ({themes}))
           AND (model IS NULL OR model = {model})
         ORDER BY user_id, id"
    );
    on_db!(db, pool => crate::bind_all!(sqlx::query_as::<_, SavedSearchRow>(sqlx::AssertSqlSafe(&*sql)), binds).fetch_all(pool).await)
}

/// Saved searches with weekly alerts whose last digest window ended at or before `before`.
pub async fn weekly_due(db: &Db, before: i64) -> Result<Vec<SavedSearchRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SEARCH_COLUMNS} FROM saved_searches
         WHERE frequency = 'weekly' AND COALESCE(digest_until, created_at) <= $1 ORDER BY id"
    );
    on_db!(db, pool => sqlx::query_as::<_, SavedSearchRow>(sqlx::AssertSqlSafe(&*sql)).bind(before).fetch_all(pool).await)
}

/// Challenges first published in `[from, to)` that are still public and not cancelled.
pub async fn first_published_between(db: &Db, from: i64, to: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT id FROM challenges WHERE published_at >= $1 AND published_at < $2
               AND status NOT IN ('draft', 'cancelled') ORDER BY published_at, id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(from).bind(to).fetch_all(pool).await)
}

/// One weekly digest: the window it closes and what it delivers.
pub struct Digest<'a> {
    pub search_id: i64,
    /// The window's start as read (`digest_until`); the digest lands only if still so.
    pub from: Option<i64>,
    pub until: i64,
    pub user_id: i64,
    /// Notification kind and detail (the search's name) for each challenge.
    pub kind: &'a str,
    pub detail: &'a str,
    pub challenge_ids: &'a [i64],
    pub mail: Option<&'a crate::mail::Mail>,
}

/// Closes a search's digest window and delivers its notifications and e-mail, in one
/// transaction; `false` (nothing written) when another run closed the window first.
pub async fn deliver_digest(db: &Db, d: &Digest<'_>) -> Result<bool, sqlx::Error> {
    let close = "UPDATE saved_searches SET digest_until = $1
                 WHERE id = $2 AND COALESCE(digest_until, -1) = COALESCE($3, -1)";
    crate::in_tx!(db, tx => {
        let n = sqlx::query(close).bind(d.until).bind(d.search_id).bind(d.from)
            .execute(&mut *tx).await?.rows_affected();
        if n != 1 {
            return Ok(false);
        }
        for c in d.challenge_ids {
            sqlx::query("INSERT INTO notifications (user_id, kind, challenge_id, detail, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(d.user_id).bind(d.kind).bind(*c).bind(d.detail).bind(d.until)
                .execute(&mut *tx).await?;
        }
        if let Some(m) = d.mail {
            sqlx::query(super::mail_queue::ENQUEUE_SQL)
                .bind(&m.to).bind(&m.subject).bind(&m.text).bind(&m.html).bind(m.calendar.as_deref()).bind(d.until)
                .execute(&mut *tx).await?;
        }
        Ok::<bool, sqlx::Error>(true)
    })
}
