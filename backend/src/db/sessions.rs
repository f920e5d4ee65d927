//! Sessions as stored: only a SHA-256 of the cookie's token is kept, so a leaked database does
//! not hand out live sessions.

use sqlx::FromRow;

use crate::on_db;

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(user_id).bind(now).bind(expires_at).execute(pool).await.map(|_| ()))
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let sql = "SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1";
    on_db!(db, pool => sqlx::query_as::<_, SessionRow>(sql).bind(token_hash).fetch_optional(pool).await)
}

pub async fn touch(
    db: &Db,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(expires_at).bind(token_hash).execute(pool).await.map(|_| ()))
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await.map(|_| ()))
}

/// Ends every session of a user (after a password reset), or all but one.
pub async fn delete_for_user(
    db: &Db,
    user_id: i64,
    except: Option<&str>,
) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(except.unwrap_or("")).execute(pool).await.map(|_| ()))
}

pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(pool).await.map(|r| r.rows_affected()))
}
