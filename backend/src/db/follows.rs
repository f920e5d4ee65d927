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
}

const SEARCH_COLUMNS: &str = "id, user_id, name, region_code, theme, model, q, created_at";

pub struct NewSavedSearch<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub region_code: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub model: Option<&'a str>,
    pub q: Option<&'a str>,
    pub now: i64,
}

/// Saves a search unless the user already has `max` of them; `None` when at the limit.
pub async fn insert_search(
    db: &Db,
    s: &NewSavedSearch<'_>,
    max: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO saved_searches (user_id, name, region_code, theme, model, q, created_at)
               SELECT $1, $2, $3, $4, $5, $6, $7
               WHERE (SELECT COUNT(*) FROM saved_searches WHERE user_id = $1) < $8
               RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(s.user_id).bind(s.name).bind(s.region_code).bind(s.theme).bind(s.model).bind(s.q).bind(s.now).bind(max)
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

/// Saved searches whose region, theme and model filters a challenge satisfies (their free-text
/// words are checked by the caller against the challenge's search keys).
pub async fn searches_matching(
    db: &Db,
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
    let sql = format!(
        "SELECT {SEARCH_COLUMNS} FROM saved_searches
         WHERE (region_code IS NULL OR region_code IN ({regions}))
           AND (theme IS NULL OR theme IN ({themes}))
           AND (model IS NULL OR model = {model})
         ORDER BY user_id, id"
    );
    on_db!(db, pool => crate::bind_all!(sqlx::query_as::<_, SavedSearchRow>(sqlx::AssertSqlSafe(&*sql)), binds).fetch_all(pool).await)
}
