//! The append-only audit log: who did what to which record, and when.

use crate::on_db;

use super::Db;

pub struct AuditEntry<'a> {
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<i64>,
    pub detail: String,
    pub ip: Option<&'a str>,
}

pub async fn append(db: &Db, e: &AuditEntry<'_>) -> Result<(), sqlx::Error> {
    let sql =
        "INSERT INTO audit_log (at, actor_user_id, action, target_type, target_id, detail, ip)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(e.at).bind(e.actor_user_id).bind(e.action).bind(e.target_type).bind(e.target_id)
        .bind(&e.detail).bind(e.ip)
        .execute(pool).await.map(|_| ()))
}

/// Actions recorded for one target, oldest first (for tests and the coming audit views).
pub async fn actions_for(
    db: &Db,
    target_type: &str,
    target_id: i64,
) -> Result<Vec<(String, Option<i64>, String)>, sqlx::Error> {
    let sql = "SELECT action, actor_user_id, detail FROM audit_log WHERE target_type = $1 AND target_id = $2 ORDER BY id";
    on_db!(db, pool => sqlx::query_as::<_, (String, Option<i64>, String)>(sql).bind(target_type).bind(target_id).fetch_all(pool).await)
}
