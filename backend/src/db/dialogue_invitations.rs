//! Invitations to a challenge's market dialogue that coordinators send to suggested
//! organisations: one per challenge and organisation, recorded with its e-mail in one
//! transaction.

use sqlx::FromRow;

use crate::mail::Mail;
use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct DialogueInvitationRow {
    pub challenge_id: i64,
    pub org_id: i64,
    /// The inviting coordinator's name (`None` if the account was removed).
    pub invited_by_name: Option<String>,
    pub message: String,
    pub created_at: i64,
}

/// The invitations sent for a challenge, newest first.
pub async fn for_challenge(
    db: &Db,
    challenge_id: i64,
) -> Result<Vec<DialogueInvitationRow>, sqlx::Error> {
    let sql = "SELECT d.challenge_id, d.org_id, u.display_name AS invited_by_name, d.message, d.created_at
               FROM dialogue_invitations d LEFT JOIN users u ON u.id = d.invited_by
               WHERE d.challenge_id = $1 ORDER BY d.created_at DESC, d.org_id";
    on_db!(db, pool => sqlx::query_as::<_, DialogueInvitationRow>(sql).bind(challenge_id).fetch_all(pool).await)
}

pub struct NewDialogueInvitation<'a> {
    pub challenge_id: i64,
    pub org_id: i64,
    pub invited_by: i64,
    pub message: &'a str,
    pub sent_to: &'a str,
    pub now: i64,
}

/// Records the invitation and queues its e-mail together; `false` (and nothing written) when
/// the organisation was already invited to this challenge.
pub async fn insert_with_mail(
    db: &Db,
    n: &NewDialogueInvitation<'_>,
    mail: &Mail,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO dialogue_invitations (challenge_id, org_id, invited_by, message, sent_to, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (challenge_id, org_id) DO NOTHING";
    in_tx!(db, tx => {
        let inserted = sqlx::query(sql)
            .bind(n.challenge_id).bind(n.org_id).bind(n.invited_by).bind(n.message).bind(n.sent_to).bind(n.now)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if inserted {
            sqlx::query(super::mail_queue::ENQUEUE_SQL)
                .bind(&mail.to).bind(&mail.subject).bind(&mail.text).bind(&mail.html).bind(mail.calendar.as_deref()).bind(n.now)
                .execute(&mut *tx).await?;
        }
        Ok::<bool, sqlx::Error>(inserted)
    })
}
