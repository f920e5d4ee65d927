//! One-time e-mail tokens (verification, password reset), stored as SHA-256 hashes.

use crate::on_db;

use super::Db;

pub const PURPOSE_VERIFY_EMAIL: &str = "verify_email";
pub const PURPOSE_RESET_PASSWORD: &str = "reset_password";

pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    purpose: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(user_id).bind(purpose).bind(now).bind(expires_at).execute(pool).await.map(|_| ()))
}

/// Marks a valid, unused, unexpired token of `purpose` as used and returns its user, atomically:
/// a token works once even when two requests race.
pub async fn consume(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "UPDATE email_tokens SET used_at = $1
               WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
               RETURNING user_id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(now).bind(token_hash).bind(purpose).fetch_optional(pool).await)
}

/// Invalidates a user's outstanding tokens of one purpose (a newer one supersedes them).
pub async fn revoke_for_user(
    db: &Db,
    user_id: i64,
    purpose: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(user_id).bind(purpose).execute(pool).await.map(|_| ()))
}

/// The user of a valid, unused, unexpired token, without using it up.
pub async fn peek(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT user_id FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(token_hash).bind(purpose).bind(now).fetch_optional(pool).await)
}

/// How many tokens of `purpose` were issued to a user since `since` (to cap e-mail sending).
pub async fn count_recent(
    db: &Db,
    user_id: i64,
    purpose: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM email_tokens WHERE user_id = $1 AND purpose = $2 AND created_at >= $3";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(user_id).bind(purpose).bind(since).fetch_one(pool).await)
}
