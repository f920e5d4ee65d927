//! Background jobs: deadline reminders, weekly digests of saved searches (`digests`) and the
//! e-mail queue, run by every server instance on a timer. Several instances may share one PostgreSQL database:
//!
//! - a scheduled job runs only in the instance holding its lease in `job_leases`;
//! - a reminder is marked in `reminders_sent` in the same transaction that writes its
//!   notifications and queues its e-mails, so even two runs at once deliver it exactly once;
//! - each queued e-mail is claimed with a lease by one conditional UPDATE before it is sent.
//!
//! Everything reads the injectable clock, so tests drive time by hand and call [`run_once`].

use std::time::Duration;

use kehto_shared::notifications::NotificationKind;

use crate::db;
use crate::notify::{Notice, deliver};
use crate::state::AppState;

/// How long an instance may hold the reminder job before another may take over.
const REMINDER_LEASE_SECS: i64 = 300;
/// How long a claimed e-mail stays reserved for the claiming instance.
const MAIL_LEASE_SECS: i64 = 120;
const MAIL_BATCH: i64 = 20;
/// After this many failed attempts an e-mail is given up (and stays in the queue for audit).
const MAIL_MAX_ATTEMPTS: i64 = 6;

/// The reminders before the proposals deadline: (code, days before).
pub const REMINDERS: [(&str, i64); 2] = [("7d", 7), ("1d", 1)];

/// What one run did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub reminders_sent: usize,
    pub digests_sent: usize,
    pub mails_sent: usize,
    pub mails_failed: usize,
}

/// Runs every due job once as instance `state.instance`.
pub async fn run_once(state: &AppState) -> anyhow::Result<RunReport> {
    let reminders_sent = send_reminders(state).await?;
    let digests_sent = crate::digests::send_weekly(state).await?;
    let (mails_sent, mails_failed) = drain_mail(state).await?;
    Ok(RunReport {
        reminders_sent,
        digests_sent,
        mails_sent,
        mails_failed,
    })
}

/// Sends the deadline reminders that are due, if this instance gets the job's lease.
pub async fn send_reminders(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now_ts();
    let owner = &*state.instance;
    if !db::jobs::try_lease(
        &state.db,
        "deadline_reminders",
        owner,
        now,
        REMINDER_LEASE_SECS,
    )
    .await?
    {
        return Ok(0);
    }
    let mut sent = 0;
    // Reminder windows do not overlap: the 7-day reminder covers deadlines between one and
    // seven days away, the 1-day reminder the last day.
    let mut lower = now;
    for (code, days) in REMINDERS.iter().rev() {
        let upper = now + days * 86_400;
        for due in db::jobs::reminders_due(&state.db, code, lower, upper).await? {
            let days_left = (due.proposals_close_at - now + 86_399) / 86_400;
            let followers = db::follows::follower_ids(&state.db, due.challenge_id).await?;
            let detail = days_left.to_string();
            let n = Notice {
                kind: NotificationKind::DeadlineApproaching,
                challenge_id: due.challenge_id,
                challenge_title: &due.title,
                detail: &detail,
            };
            if deliver(state, &n, &followers, Some((code, due.proposals_close_at))).await? {
                sent += 1;
                tracing::info!(
                    challenge = due.challenge_id,
                    reminder = code,
                    "deadline reminder sent"
                );
            }
        }
        lower = upper;
    }
    db::jobs::release(&state.db, "deadline_reminders", owner, state.now_ts()).await?;
    Ok(sent)
}

/// Delay before retry number `attempt` (1-based) of a failed e-mail.
pub fn retry_delay_secs(attempt: i64) -> i64 {
    match attempt {
        1 => 60,
        2 => 5 * 60,
        3 => 30 * 60,
        4 => 2 * 3600,
        _ => 12 * 3600,
    }
}

/// Sends queued e-mails until none is due; returns (sent, failed attempts).
pub async fn drain_mail(state: &AppState) -> anyhow::Result<(usize, usize)> {
    let owner = &*state.instance;
    let (mut sent, mut failed) = (0, 0);
    loop {
        let now = state.now_ts();
        let batch =
            db::mail_queue::claim(&state.db, owner, now, MAIL_LEASE_SECS, MAIL_BATCH).await?;
        if batch.is_empty() {
            return Ok((sent, failed));
        }
        for m in batch {
            // A slow server may have kept us past the lease: only send what is still ours.
            if !db::mail_queue::renew(&state.db, m.id, owner, state.now_ts(), MAIL_LEASE_SECS)
                .await?
            {
                continue;
            }
            match state.mailer.send(&m.to_mail()).await {
                Ok(()) => {
                    db::mail_queue::mark_sent(&state.db, m.id, owner, state.now_ts()).await?;
                    sent += 1;
                }
                Err(e) => {
                    let attempt = m.attempts + 1;
                    let now = state.now_ts();
                    let retry_at =
                        (attempt < MAIL_MAX_ATTEMPTS).then(|| now + retry_delay_secs(attempt));
                    tracing::warn!(mail = m.id, attempt, error = %e, "sending e-mail failed");
                    db::mail_queue::mark_failed(
                        &state.db,
                        m.id,
                        owner,
                        now,
                        retry_at,
                        &e.to_string(),
                    )
                    .await?;
                    failed += 1;
                }
            }
        }
    }
}

/// Starts sending queued e-mail now, in the background, instead of waiting for the next tick.
pub fn kick_mail(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = drain_mail(&state).await {
            tracing::warn!(error = ?e, "sending queued e-mail failed");
        }
    });
}

/// Runs the jobs every `every`, for as long as the server runs.
pub fn spawn(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(r) if r != RunReport::default() => tracing::info!(?r, "background jobs ran"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "background jobs failed"),
            }
        }
    });
}
