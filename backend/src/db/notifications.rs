//! Notifications as stored, users' e-mail preferences, and delivering a notification to its
//! recipients — rows for the notification centre and queued e-mails, written in one transaction.

use sqlx::FromRow;

use crate::mail::Mail;
use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub detail: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// The newest `limit` notifications of a user, with their challenge's title.
pub async fn for_user(
    db: &Db,
    user_id: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let sql = "SELECT n.id, n.kind, n.challenge_id, c.title AS challenge_title, n.detail, n.created_at, n.read_at
               FROM notifications n JOIN challenges c ON c.id = n.challenge_id
               WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2";
    on_db!(db, pool => sqlx::query_as::<_, NotificationRow>(sql).bind(user_id).bind(limit).fetch_all(pool).await)
}

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(user_id).fetch_one(pool).await)
}

/// Marks the user's notifications read: those in `ids`, or all when `ids` is `None`.
pub async fn mark_read(
    db: &Db,
    user_id: i64,
    ids: Option<&[i64]>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut binds = super::Binds::default();
    let now_p = binds.int(now);
    let user_p = binds.int(user_id);
    let only = match ids {
        None => String::new(),
        Some([]) => return Ok(()),
        Some(ids) => format!(
            " AND id IN ({})",
            ids.iter()
                .map(|id| binds.int(*id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let sql = format!(
        "UPDATE notifications SET read_at = {now_p} WHERE user_id = {user_p} AND read_at IS NULL{only}"
    );
    on_db!(db, pool => crate::bind_all!(sqlx::query(sqlx::AssertSqlSafe(&*sql)), binds).execute(pool).await.map(|_| ()))
}

/// The kinds a user wants by e-mail (comma-separated codes); `None` means the default, all.
pub async fn email_prefs(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT email_kinds FROM notification_prefs WHERE user_id = $1";
    on_db!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(user_id).fetch_optional(pool).await)
}

pub async fn set_email_prefs(db: &Db, user_id: i64, kinds: &str) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO notification_prefs (user_id, email_kinds) VALUES ($1, $2)
               ON CONFLICT (user_id) DO UPDATE SET email_kinds = excluded.email_kinds";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(kinds).execute(pool).await.map(|_| ()))
}

/// A user a notification may go to, with what is needed to decide on and word the e-mail.
#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub lang: String,
    /// `None`: the default preferences (every kind by e-mail).
    pub email_kinds: Option<String>,
}

impl Recipient {
    /// Whether this recipient wants notifications of `kind` by e-mail.
    pub fn wants_email(&self, kind: &str) -> bool {
        self.email_kinds
            .as_deref()
            .is_none_or(|kinds| kinds.split(',').any(|k| k == kind))
    }
}

/// Verified users among `ids`, for delivering a notification.
pub async fn recipients(db: &Db, ids: &[i64]) -> Result<Vec<Recipient>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT u.id AS user_id, u.email, u.display_name, u.lang, p.email_kinds
         FROM users u LEFT JOIN notification_prefs p ON p.user_id = u.id
         WHERE u.id IN ({list}) AND u.email_verified_at IS NOT NULL ORDER BY u.id"
    );
    on_db!(db, pool => sqlx::query_as::<_, Recipient>(sqlx::AssertSqlSafe(&*sql)).fetch_all(pool).await)
}

/// One notification to deliver: a row per recipient, and the e-mails of those who want one.
pub struct Delivery<'a> {
    pub kind: &'a str,
    pub challenge_id: i64,
    pub detail: &'a str,
    pub now: i64,
    /// For scheduled reminders: (reminder kind, deadline). The delivery happens only if this
    /// reminder was not sent before; the mark and the notifications commit together.
    pub reminder: Option<(&'a str, i64)>,
}

/// Writes the notification for each of `recipients` and queues `mails` (already worded in each
/// recipient's language), all in one transaction. Returns `false` — and writes nothing — when the
/// delivery is a reminder that was already sent.
pub async fn deliver(
    db: &Db,
    d: &Delivery<'_>,
    recipient_ids: &[i64],
    mails: &[Mail],
) -> Result<bool, sqlx::Error> {
    in_tx!(db, tx => {
        if let Some((kind, deadline)) = d.reminder {
            let marked = sqlx::query(
                "INSERT INTO reminders_sent (challenge_id, kind, deadline, sent_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (challenge_id, kind, deadline) DO NOTHING",
            )
            .bind(d.challenge_id).bind(kind).bind(deadline).bind(d.now)
            .execute(&mut *tx).await?.rows_affected();
            if marked == 0 {
                return Ok(false);
            }
        }
        for user_id in recipient_ids {
            sqlx::query("INSERT INTO notifications (user_id, kind, challenge_id, detail, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(*user_id).bind(d.kind).bind(d.challenge_id).bind(d.detail).bind(d.now)
                .execute(&mut *tx).await?;
        }
        for m in mails {
            sqlx::query(super::mail_queue::ENQUEUE_SQL)
                .bind(&m.to).bind(&m.subject).bind(&m.text).bind(&m.html).bind(m.calendar.as_deref()).bind(d.now)
                .execute(&mut *tx).await?;
        }
        Ok::<bool, sqlx::Error>(true)
    })
}
