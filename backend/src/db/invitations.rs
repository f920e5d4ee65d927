//! Invitations to join an organisation. Tokens are stored as SHA-256 digests; an invitation
//! works once, until it expires or is revoked.

use sqlx::FromRow;

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub role: String,
    pub invited_by_name: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl InvitationRow {
    /// Whether the link still works at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

const COLUMNS: &str = "i.id, i.org_id, i.email, i.role, u.display_name AS invited_by_name,
    i.created_at, i.expires_at, i.accepted_at, i.revoked_at
    FROM org_invitations i LEFT JOIN users u ON u.id = i.invited_by";

pub struct NewInvitation<'a> {
    pub org_id: i64,
    pub email: &'a str,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub now: i64,
    pub expires_at: i64,
}

/// Issues an invitation, revoking any open one to the same address in the organisation (the
/// newest link is the one that works). `Ok(None)`, with nothing changed, when the organisation
/// already has `max_open` open invitations.
pub async fn insert(
    db: &Db,
    inv: &NewInvitation<'_>,
    max_open: i64,
) -> Result<Option<i64>, sqlx::Error> {
    in_tx!(db, tx => {
        // Serialises invitations of one organisation, so the cap holds under concurrency.
        sqlx::query("UPDATE organisations SET id = id WHERE id = $1").bind(inv.org_id).execute(&mut *tx).await?;
        sqlx::query("UPDATE org_invitations SET revoked_at = $1
                     WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
            .bind(inv.now).bind(inv.org_id).bind(inv.email).execute(&mut *tx).await?;
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM org_invitations
                WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2")
            .bind(inv.org_id).bind(inv.now).fetch_one(&mut *tx).await?;
        if open >= max_open {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO org_invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(inv.org_id).bind(inv.email).bind(inv.role).bind(inv.token_hash).bind(inv.invited_by)
            .bind(inv.now).bind(inv.expires_at)
            .fetch_one(&mut *tx).await?;
        Ok::<Option<i64>, sqlx::Error>(Some(id))
    })
}

/// An organisation's invitations, newest first (at most 200).
pub async fn list(db: &Db, org_id: i64) -> Result<Vec<InvitationRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE i.org_id = $1 ORDER BY i.id DESC LIMIT 200");
    on_db!(db, pool => sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(org_id).fetch_all(pool).await)
}

pub async fn find(db: &Db, org_id: i64, id: i64) -> Result<Option<InvitationRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE i.org_id = $1 AND i.id = $2");
    on_db!(db, pool => sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(org_id).bind(id).fetch_optional(pool).await)
}

pub async fn find_by_token(
    db: &Db,
    token_hash: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE i.token_hash = $1");
    on_db!(db, pool => sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(&*sql)).bind(token_hash).fetch_optional(pool).await)
}

/// Revokes an open invitation; `Ok(false)` if it was no longer open.
pub async fn revoke(db: &Db, org_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE org_invitations SET revoked_at = $1
               WHERE org_id = $2 AND id = $3 AND accepted_at IS NULL AND revoked_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(org_id).bind(id).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// What accepting an invitation came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acceptance {
    /// The user joined organisation `org_id` with `role`.
    Joined { org_id: i64, role: String },
    /// The link was unknown, used, revoked or expired.
    NotOpen,
    /// The user already belongs to the organisation; the invitation stays open.
    AlreadyMember,
}

/// Uses an open invitation and adds the membership, atomically: a token works once even when
/// two requests race.
pub async fn accept(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    now: i64,
) -> Result<Acceptance, sqlx::Error> {
    in_tx!(db, tx => {
        let used: Option<(i64, String)> = sqlx::query_as("UPDATE org_invitations SET accepted_at = $1, accepted_by = $2
                WHERE token_hash = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1
                RETURNING org_id, role")
            .bind(now).bind(user_id).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some((org_id, role)) = used else {
            return Ok(Acceptance::NotOpen);
        };
        let added = sqlx::query("INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (user_id, org_id) DO NOTHING")
            .bind(user_id).bind(org_id).bind(&role).bind(now).execute(&mut *tx).await?;
        if added.rows_affected() == 0 {
            return Ok(Acceptance::AlreadyMember);
        }
        Ok::<Acceptance, sqlx::Error>(Acceptance::Joined { org_id, role })
    })
}
