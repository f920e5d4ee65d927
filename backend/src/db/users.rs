//! Users and their memberships as stored; login failures for throttling.

use kehto_shared::org::{OrgKind, Role};
use sqlx::{AssertSqlSafe, FromRow};

use crate::on_db;

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub lang: String,
    pub email_verified_at: Option<i64>,
    pub is_admin: bool,
    pub created_at: i64,
}

/// One membership joined with its organisation.
#[derive(Debug, Clone, FromRow)]
pub struct MembershipRow {
    pub org_id: i64,
    pub kind: String,
    pub region_code: Option<String>,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub role: String,
}

impl MembershipRow {
    pub fn kind(&self) -> OrgKind {
        OrgKind::from_code(&self.kind).unwrap_or(OrgKind::Company)
    }
    pub fn role(&self) -> Option<Role> {
        Role::from_code(&self.role)
    }
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub lang: &'a str,
    pub verified_at: Option<i64>,
    pub is_admin: bool,
    pub now: i64,
}

const USER_COLUMNS: &str =
    "id, email, password_hash, display_name, lang, email_verified_at, is_admin, created_at";

/// Inserts a user; `Ok(None)` when the e-mail address is already taken.
pub async fn insert_user(db: &Db, u: &NewUser<'_>) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, is_admin, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(u.email).bind(u.password_hash).bind(u.display_name).bind(u.lang)
        .bind(u.verified_at).bind(u.is_admin).bind(u.now)
        .fetch_optional(pool).await)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    on_db!(db, pool => sqlx::query_as::<_, UserRow>(AssertSqlSafe(&*sql)).bind(email).fetch_optional(pool).await)
}

pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, UserRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

pub async fn memberships(db: &Db, user_id: i64) -> Result<Vec<MembershipRow>, sqlx::Error> {
    let sql = "SELECT m.org_id, o.kind, o.region_code, o.name_fi, o.name_sv, o.name_en, m.role
               FROM memberships m JOIN organisations o ON o.id = m.org_id
               WHERE m.user_id = $1 ORDER BY o.name_fi";
    on_db!(db, pool => sqlx::query_as::<_, MembershipRow>(sql).bind(user_id).fetch_all(pool).await)
}

pub async fn mark_verified(db: &Db, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(user_id).execute(pool).await.map(|_| ()))
}

pub async fn set_password(db: &Db, user_id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(password_hash).bind(user_id).execute(pool).await.map(|_| ()))
}

pub async fn update_profile(
    db: &Db,
    user_id: i64,
    display_name: &str,
    lang: &str,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE users SET display_name = $1, lang = $2 WHERE id = $3";
    on_db!(db, pool => sqlx::query(sql).bind(display_name).bind(lang).bind(user_id).execute(pool).await.map(|_| ()))
}

pub async fn set_admin(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE users SET is_admin = TRUE WHERE id = $1";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).execute(pool).await.map(|_| ()))
}

pub async fn count_users(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await)
}

/// Records a sign-in attempt for throttling (cleared when the sign-in succeeds); returns its id.
pub async fn record_login_failure(
    db: &Db,
    email: &str,
    ip: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(email).bind(ip).bind(now).fetch_one(pool).await)
}

/// Removes one recorded attempt (one that was refused without checking the password).
pub async fn forget_login_attempt(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(pool).await.map(|_| ()))
}

/// Failed sign-ins since `since`: (for this account, from this address).
pub async fn recent_login_failures(
    db: &Db,
    email: &str,
    ip: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let sql = "SELECT
                 (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2),
                 (SELECT COUNT(*) FROM login_failures WHERE ip = $3 AND at >= $2)";
    on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sql).bind(email).bind(since).bind(ip).fetch_one(pool).await)
}

/// Forgets an account's failures after a successful sign-in; also prunes old rows.
pub async fn clear_login_failures(
    db: &Db,
    email: &str,
    older_than: i64,
) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM login_failures WHERE email = $1 OR at < $2";
    on_db!(db, pool => sqlx::query(sql).bind(email).bind(older_than).execute(pool).await.map(|_| ()))
}
