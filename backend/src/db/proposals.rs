//! Proposals as stored: the draft, consortium partners, attachments' metadata (their bytes live
//! in the blob storage), receipts of submitted versions and the append-only access log.

use sqlx::FromRow;

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub challenge_id: i64,
    pub lead_org: i64,
    pub status: String,
    pub content: String,
    pub revision: i64,
    pub saved_at: i64,
    pub created_at: i64,
}

const COLUMNS: &str = "id, challenge_id, lead_org, status, content, revision, saved_at, created_at";

/// Starts a proposal; `None` if the organisation already has one on the challenge.
pub async fn create(
    db: &Db,
    challenge_id: i64,
    lead_org: i64,
    user_id: i64,
    content: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO proposals (challenge_id, lead_org, created_by, created_at, content, saved_at, saved_by)
               VALUES ($1, $2, $3, $4, $5, $4, $3)
               ON CONFLICT (challenge_id, lead_org) DO NOTHING RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(challenge_id).bind(lead_org).bind(user_id).bind(now).bind(content)
        .fetch_optional(pool).await)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<ProposalRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM proposals WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, ProposalRow>(sqlx::AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

/// The proposal `org_id` leads on a challenge, if any.
pub async fn find_led(
    db: &Db,
    challenge_id: i64,
    org_id: i64,
) -> Result<Option<ProposalRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM proposals WHERE challenge_id = $1 AND lead_org = $2");
    on_db!(db, pool => sqlx::query_as::<_, ProposalRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).bind(org_id).fetch_optional(pool).await)
}

/// Saves a draft if nobody saved since `base_revision`; the new revision, or `None` on a
/// conflict.
pub async fn save_draft(
    db: &Db,
    id: i64,
    content: &str,
    base_revision: i64,
    user_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql =
        "UPDATE proposals SET content = $1, revision = revision + 1, saved_at = $2, saved_by = $3
               WHERE id = $4 AND revision = $5 RETURNING revision";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(content).bind(now).bind(user_id).bind(id).bind(base_revision)
        .fetch_optional(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct PartnerRow {
    pub org_id: i64,
    pub state: String,
    pub invited_at: i64,
    pub responded_at: Option<i64>,
}

pub async fn partners(db: &Db, proposal_id: i64) -> Result<Vec<PartnerRow>, sqlx::Error> {
    let sql = "SELECT org_id, state, invited_at, responded_at FROM proposal_partners
               WHERE proposal_id = $1 ORDER BY invited_at, org_id";
    on_db!(db, pool => sqlx::query_as::<_, PartnerRow>(sql).bind(proposal_id).fetch_all(pool).await)
}

/// Invites an organisation (again, if it declined earlier); whether anything changed.
pub async fn invite_partner(
    db: &Db,
    proposal_id: i64,
    org_id: i64,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO proposal_partners (proposal_id, org_id, state, invited_by, invited_at)
               VALUES ($1, $2, 'invited', $3, $4)
               ON CONFLICT (proposal_id, org_id) DO UPDATE SET state = 'invited', invited_by = excluded.invited_by,
                 invited_at = excluded.invited_at, responded_at = NULL
               WHERE proposal_partners.state = 'declined'";
    on_db!(db, pool => sqlx::query(sql).bind(proposal_id).bind(org_id).bind(user_id).bind(now)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Records an invited partner's answer; whether there was an open invitation.
pub async fn answer_partner(
    db: &Db,
    proposal_id: i64,
    org_id: i64,
    accept: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE proposal_partners SET state = $1, responded_at = $2
               WHERE proposal_id = $3 AND org_id = $4 AND state = 'invited'";
    let state = if accept { "accepted" } else { "declined" };
    on_db!(db, pool => sqlx::query(sql).bind(state).bind(now).bind(proposal_id).bind(org_id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Removes a partner (the lead changes its consortium before the deadline).
pub async fn remove_partner(db: &Db, proposal_id: i64, org_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM proposal_partners WHERE proposal_id = $1 AND org_id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(proposal_id).bind(org_id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub proposal_id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    pub confidential: bool,
    pub confidential_reason: Option<String>,
    pub removed_at: Option<i64>,
}

const ATTACHMENT_COLUMNS: &str = "id, proposal_id, storage_key, file_name, content_type, size_bytes, sha256, \
     uploaded_at, confidential, confidential_reason, removed_at";

/// The attachments currently on the draft, oldest first.
pub async fn attachments(db: &Db, proposal_id: i64) -> Result<Vec<AttachmentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM proposal_attachments
         WHERE proposal_id = $1 AND removed_at IS NULL ORDER BY id"
    );
    on_db!(db, pool => sqlx::query_as::<_, AttachmentRow>(sqlx::AssertSqlSafe(&*sql)).bind(proposal_id).fetch_all(pool).await)
}

/// One attachment of a proposal, removed ones included (a receipt may list it).
pub async fn attachment(
    db: &Db,
    proposal_id: i64,
    id: i64,
) -> Result<Option<AttachmentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM proposal_attachments WHERE id = $1 AND proposal_id = $2"
    );
    on_db!(db, pool => sqlx::query_as::<_, AttachmentRow>(sqlx::AssertSqlSafe(&*sql)).bind(id).bind(proposal_id).fetch_optional(pool).await)
}

/// Attachments by storage key (to verify a receipt's manifest).
pub async fn attachment_by_key(
    db: &Db,
    storage_key: &str,
) -> Result<Option<AttachmentRow>, sqlx::Error> {
    let sql =
        format!("SELECT {ATTACHMENT_COLUMNS} FROM proposal_attachments WHERE storage_key = $1");
    on_db!(db, pool => sqlx::query_as::<_, AttachmentRow>(sqlx::AssertSqlSafe(&*sql)).bind(storage_key).fetch_optional(pool).await)
}

pub struct NewAttachment<'a> {
    pub proposal_id: i64,
    pub storage_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub user_id: i64,
    pub now: i64,
}

/// Records an uploaded attachment unless that would exceed `max_count` attachments or
/// `max_total` bytes on the draft; `None` when over a limit.
pub async fn add_attachment(
    db: &Db,
    a: &NewAttachment<'_>,
    max_count: i64,
    max_total: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO proposal_attachments
                 (proposal_id, storage_key, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
               SELECT $1, $2, $3, $4, $5, $6, $7, $8
               WHERE (SELECT COUNT(*) FROM proposal_attachments WHERE proposal_id = $1 AND removed_at IS NULL) < $9
                 AND (SELECT COALESCE(SUM(size_bytes), 0) FROM proposal_attachments
                      WHERE proposal_id = $1 AND removed_at IS NULL) + $5 <= $10
               RETURNING id";
    in_tx!(db, tx => {
        // Serialise uploads to one proposal, so that two cannot both pass the limits.
        sqlx::query("UPDATE proposals SET revision = revision WHERE id = $1").bind(a.proposal_id).execute(&mut *tx).await?;
        let id: Option<i64> = sqlx::query_scalar(sql)
            .bind(a.proposal_id).bind(a.storage_key).bind(a.file_name).bind(a.content_type)
            .bind(a.size_bytes).bind(a.sha256).bind(a.user_id).bind(a.now).bind(max_count).bind(max_total)
            .fetch_optional(&mut *tx).await?;
        Ok::<Option<i64>, sqlx::Error>(id)
    })
}

pub async fn mark_attachment(
    db: &Db,
    proposal_id: i64,
    id: i64,
    confidential: bool,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE proposal_attachments SET confidential = $1, confidential_reason = $2
               WHERE id = $3 AND proposal_id = $4 AND removed_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(confidential).bind(reason).bind(id).bind(proposal_id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Takes an attachment off the draft (its bytes stay for the receipts that list it).
pub async fn remove_attachment(
    db: &Db,
    proposal_id: i64,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE proposal_attachments SET removed_at = $1
               WHERE id = $2 AND proposal_id = $3 AND removed_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(id).bind(proposal_id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

#[derive(Debug, Clone, FromRow)]
pub struct ReceiptRow {
    pub id: i64,
    pub proposal_id: i64,
    pub version: i64,
    pub received_at: i64,
    pub content: String,
    pub attachments: String,
    pub digest: String,
    pub superseded_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
}

const RECEIPT_COLUMNS: &str = "id, proposal_id, version, received_at, content, attachments, digest, superseded_at, withdrawn_at";

/// What a submission writes.
pub struct NewReceipt<'a> {
    pub proposal_id: i64,
    pub received_at: i64,
    pub user_id: i64,
    pub content: &'a str,
    pub attachments: &'a str,
    pub digest: &'a str,
    /// The draft revision the digest was computed from: the submission only lands if the draft
    /// is still at it.
    pub revision: i64,
}

/// Records a submitted version: the previous current one is superseded, the proposal becomes
/// submitted. Returns the new receipt's (id, version), or `None` if the draft changed meanwhile.
pub async fn submit(db: &Db, r: &NewReceipt<'_>) -> Result<Option<(i64, i64)>, sqlx::Error> {
    in_tx!(db, tx => {
        let updated = sqlx::query("UPDATE proposals SET status = 'submitted' WHERE id = $1 AND revision = $2")
            .bind(r.proposal_id).bind(r.revision).execute(&mut *tx).await?.rows_affected();
        if updated != 1 {
            return Ok(None);
        }
        sqlx::query("UPDATE proposal_receipts SET superseded_at = $1
                     WHERE proposal_id = $2 AND superseded_at IS NULL AND withdrawn_at IS NULL")
            .bind(r.received_at).bind(r.proposal_id).execute(&mut *tx).await?;
        let row: (i64, i64) = sqlx::query_as(
            "INSERT INTO proposal_receipts (proposal_id, version, received_at, submitted_by, content, attachments, digest)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM proposal_receipts WHERE proposal_id = $1
             RETURNING id, version")
            .bind(r.proposal_id).bind(r.received_at).bind(r.user_id).bind(r.content).bind(r.attachments).bind(r.digest)
            .fetch_one(&mut *tx).await?;
        Ok::<Option<(i64, i64)>, sqlx::Error>(Some(row))
    })
}

/// Withdraws the current submission; whether there was one.
pub async fn withdraw(db: &Db, proposal_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    in_tx!(db, tx => {
        let n = sqlx::query("UPDATE proposal_receipts SET withdrawn_at = $1
                             WHERE proposal_id = $2 AND superseded_at IS NULL AND withdrawn_at IS NULL")
            .bind(now).bind(proposal_id).execute(&mut *tx).await?.rows_affected();
        if n == 1 {
            sqlx::query("UPDATE proposals SET status = 'withdrawn' WHERE id = $1")
                .bind(proposal_id).execute(&mut *tx).await?;
        }
        Ok::<bool, sqlx::Error>(n == 1)
    })
}

/// Every receipt of a proposal, newest first.
pub async fn receipts(db: &Db, proposal_id: i64) -> Result<Vec<ReceiptRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {RECEIPT_COLUMNS} FROM proposal_receipts WHERE proposal_id = $1 ORDER BY version DESC"
    );
    on_db!(db, pool => sqlx::query_as::<_, ReceiptRow>(sqlx::AssertSqlSafe(&*sql)).bind(proposal_id).fetch_all(pool).await)
}

pub async fn receipt(db: &Db, id: i64) -> Result<Option<ReceiptRow>, sqlx::Error> {
    let sql = format!("SELECT {RECEIPT_COLUMNS} FROM proposal_receipts WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, ReceiptRow>(sqlx::AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

/// Proposals currently submitted on a challenge (the count is all the region sees before the
/// deadline).
pub async fn submitted_on(db: &Db, challenge_id: i64) -> Result<Vec<ProposalRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM proposals WHERE challenge_id = $1 AND status = 'submitted' ORDER BY id"
    );
    on_db!(db, pool => sqlx::query_as::<_, ProposalRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

/// Proposals `orgs` lead or were invited to as partners, newest first.
pub async fn involving(db: &Db, orgs: &[i64]) -> Result<Vec<ProposalRow>, sqlx::Error> {
    if orgs.is_empty() {
        return Ok(vec![]);
    }
    let list = orgs
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let cols = COLUMNS
        .split(", ")
        .map(|c| format!("p.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols} FROM proposals p
         WHERE p.lead_org IN ({list})
            OR EXISTS (SELECT 1 FROM proposal_partners pp WHERE pp.proposal_id = p.id
                       AND pp.org_id IN ({list}) AND pp.state IN ('invited', 'accepted'))
         ORDER BY p.id DESC"
    );
    on_db!(db, pool => sqlx::query_as::<_, ProposalRow>(sqlx::AssertSqlSafe(&*sql)).fetch_all(pool).await)
}

/// One line of the proposal access log.
pub struct Access<'a> {
    pub at: i64,
    pub user_id: Option<i64>,
    /// How the viewer relates to the proposal: lead, partner, coordinator, admin, other, visitor.
    pub role: &'a str,
    pub proposal_id: i64,
    pub attachment_id: Option<i64>,
    /// read, download, edit, submit, withdraw, …
    pub action: &'a str,
    /// allowed or refused
    pub outcome: &'a str,
    pub ip: &'a str,
}

pub async fn log_access(db: &Db, a: &Access<'_>) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO proposal_access_log (at, user_id, role, proposal_id, attachment_id, action, outcome, ip)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(a.at).bind(a.user_id).bind(a.role).bind(a.proposal_id).bind(a.attachment_id)
        .bind(a.action).bind(a.outcome).bind(a.ip)
        .execute(pool).await.map(|_| ()))
}

/// Logs several accesses in one transaction (a listing of many proposals).
pub async fn log_accesses(db: &Db, all: &[Access<'_>]) -> Result<(), sqlx::Error> {
    if all.is_empty() {
        return Ok(());
    }
    let sql = "INSERT INTO proposal_access_log (at, user_id, role, proposal_id, attachment_id, action, outcome, ip)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    in_tx!(db, tx => {
        for a in all {
            sqlx::query(sql)
                .bind(a.at).bind(a.user_id).bind(a.role).bind(a.proposal_id).bind(a.attachment_id)
                .bind(a.action).bind(a.outcome).bind(a.ip)
                .execute(&mut *tx).await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// The access log of a proposal, oldest first: (user, role, action, outcome, attachment).
pub async fn access_log(
    db: &Db,
    proposal_id: i64,
) -> Result<Vec<(Option<i64>, String, String, String, Option<i64>)>, sqlx::Error> {
    let sql = "SELECT user_id, role, action, outcome, attachment_id FROM proposal_access_log
               WHERE proposal_id = $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_as(sql).bind(proposal_id).fetch_all(pool).await)
}
