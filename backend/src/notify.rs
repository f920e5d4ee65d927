//! Deciding who hears about what: followers of a challenge, askers of a question, owners of
//! matching saved searches. Each notification becomes a row in the recipients' notification
//! centre and, for those who want it, an e-mail in their language — queued in the same
//! transaction and sent by the background worker ([`crate::jobs`]).

use kehto_shared::Lang;
use kehto_shared::matchmaking::FitLevel;
use kehto_shared::notifications::{AlertFrequency, NotificationKind, SavedSearchKind};
use kehto_shared::org::Role;

use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::follows::SavedSearchRow;
use crate::db::notifications::{Delivery, Recipient};
use crate::mail::Mail;
use crate::mail::notification_templates::{NotificationMail, notification};
use crate::state::AppState;

/// A notification about one challenge, before it is addressed.
pub struct Notice<'a> {
    pub kind: NotificationKind,
    pub challenge_id: i64,
    pub challenge_title: &'a str,
    pub detail: &'a str,
}

/// The front-end page of a proposal's published feedback (the evaluation notice's link).
pub fn feedback_path(proposal_id: &str) -> String {
    format!("/proposals/{proposal_id}/feedback")
}

/// The front-end page of an evaluator's scoresheet for a proposal.
pub fn scoring_path(proposal_id: &str) -> String {
    format!("/evaluations/proposals/{proposal_id}")
}

fn mail_for(state: &AppState, n: &Notice<'_>, r: &Recipient) -> Mail {
    let path = match n.kind {
        NotificationKind::EvaluationPublished => feedback_path(n.detail),
        NotificationKind::ScoresReopened => scoring_path(n.detail),
        _ => format!("/challenges/{}", n.challenge_id),
    };
    let challenge_link = state.settings.link(&path);
    let prefs_link = state.settings.link("/notifications");
    notification(&NotificationMail {
        lang: Lang::from_code(&r.lang).unwrap_or(Lang::Fi),
        to: &r.email,
        name: &r.display_name,
        kind: n.kind,
        challenge_title: n.challenge_title,
        detail: n.detail,
        challenge_link: &challenge_link,
        prefs_link: &prefs_link,
    })
}

/// Delivers `n` to the users `user_ids` (unverified ones are skipped). With `reminder`, nothing
/// happens if that reminder was already sent — the check and the delivery commit together, so
/// several instances running the same job deliver it exactly once. Returns whether it was
/// delivered.
pub async fn deliver(
    state: &AppState,
    n: &Notice<'_>,
    user_ids: &[i64],
    reminder: Option<(&str, i64)>,
) -> Result<bool, sqlx::Error> {
    let recipients = db::notifications::recipients(&state.db, user_ids).await?;
    let mails: Vec<Mail> = recipients
        .iter()
        .filter(|r| r.wants_email(n.kind.code()))
        .map(|r| mail_for(state, n, r))
        .collect();
    let ids: Vec<i64> = recipients.iter().map(|r| r.user_id).collect();
    let delivered = db::notifications::deliver(
        &state.db,
        &Delivery {
            kind: n.kind.code(),
            challenge_id: n.challenge_id,
            detail: n.detail,
            now: state.now_ts(),
            reminder,
        },
        &ids,
        &mails,
    )
    .await?;
    if delivered && !mails.is_empty() {
        crate::jobs::kick_mail(state);
    }
    Ok(delivered)
}

/// Tells a challenge's followers (plus `also`, e.g. the asker of a question) that `n` happened.
/// `except` (the acting user) is not told about their own action. The change that happened is
/// already committed: a failure here is logged, not the caller's failure.
pub async fn followers(state: &AppState, n: &Notice<'_>, also: &[i64], except: Option<i64>) {
    if let Err(e) = try_followers(state, n, also, except).await {
        tracing::error!(error = ?e, challenge = n.challenge_id, kind = n.kind.code(), "notifying followers failed");
    }
}

async fn try_followers(
    state: &AppState,
    n: &Notice<'_>,
    also: &[i64],
    except: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut ids = db::follows::follower_ids(&state.db, n.challenge_id).await?;
    ids.extend_from_slice(also);
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|id| Some(*id) != except);
    if ids.is_empty() {
        return Ok(());
    }
    deliver(state, n, &ids, None).await.map(|_| ())
}

/// Tells the members (owners and members) of the organisations `org_ids` — a proposal's lead
/// and accepted partners — that `n` happened. Failures are logged: what happened stands.
pub async fn organisations(state: &AppState, n: &Notice<'_>, org_ids: &[i64]) {
    if let Err(e) = try_organisations(state, n, org_ids).await {
        tracing::error!(error = ?e, challenge = n.challenge_id, kind = n.kind.code(), "notifying organisations failed");
    }
}

async fn try_organisations(
    state: &AppState,
    n: &Notice<'_>,
    org_ids: &[i64],
) -> Result<(), sqlx::Error> {
    let mut ids = vec![];
    for org in org_ids {
        for m in db::orgs::members(&state.db, *org).await? {
            if matches!(m.role.as_str(), "company_owner" | "company_member") {
                ids.push(m.user_id);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    deliver(state, n, &ids, None).await.map(|_| ())
}

/// Tells one user that `n` happened (failures logged).
pub async fn user(state: &AppState, n: &Notice<'_>, user_id: i64) {
    if let Err(e) = deliver(state, n, &[user_id], None).await {
        tracing::error!(error = ?e, challenge = n.challenge_id, kind = n.kind.code(), "notifying a user failed");
    }
}

/// On a challenge's first publication: tells the owners of saved searches with immediate alerts
/// that match it — board searches by their filters and words, recommendation searches by the
/// organisation's matchmaking score (from the index, updated by the publishing request). A user
/// with several matching searches hears once, named after the first. Failures are logged (the
/// publication stands).
pub async fn matching_searches(state: &AppState, rec: &ChallengeRecord) {
    if let Err(e) = try_matching_searches(state, rec).await {
        tracing::error!(error = ?e, challenge = rec.row.id, "notifying saved searches failed");
    }
}

/// A challenge's search keys, for matching saved searches' words.
pub fn challenge_search_keys(rec: &ChallengeRecord) -> Vec<(String, i32)> {
    let region_names: Vec<String> = rec
        .regions
        .iter()
        .flat_map(|r| [r.name_fi.clone(), r.name_sv.clone(), r.name_en.clone()])
        .collect();
    crate::search::challenge_keys(&crate::routes::challenge_view::to_input(rec), &region_names)
}

/// Whether saved search `s`, whose region, theme and model filters challenge `challenge_id`
/// already satisfies, accepts it: its words match `keys`; for a recommendation search, its
/// owner still acts for the organisation and the challenge scores at `min_fit` or better for
/// the organisation's public profile. Returns the score of a recommendation match.
pub async fn search_accepts(
    state: &AppState,
    s: &SavedSearchRow,
    challenge_id: i64,
    keys: &[(String, i32)],
) -> Result<Option<f32>, sqlx::Error> {
    if let Some(q) = s.q.as_deref()
        && !crate::search::text_matches(keys, q)
    {
        return Ok(None);
    }
    if SavedSearchKind::from_code(&s.kind) != Some(SavedSearchKind::Recommendations) {
        return Ok(Some(0.0));
    }
    let Some(org_id) = s.org_id else {
        return Ok(None);
    };
    let role = db::orgs::member_role(&state.db, org_id, s.user_id).await?;
    if !role.is_some_and(|r| r == Role::CompanyMember.code() || r == Role::CompanyOwner.code()) {
        return Ok(None);
    }
    let min = s
        .min_fit
        .as_deref()
        .and_then(FitLevel::from_code)
        .unwrap_or(FitLevel::Good)
        .min_score();
    let score = state
        .matching
        .read()
        .matcher
        .pair(challenge_id, org_id)
        .map(|m| m.score);
    Ok(score.filter(|s| *s > 0.0 && *s >= min))
}

async fn try_matching_searches(state: &AppState, rec: &ChallengeRecord) -> Result<(), sqlx::Error> {
    let region_codes: Vec<String> = rec
        .regions
        .iter()
        .filter_map(|r| r.region_code.clone())
        .collect();
    let candidates = db::follows::searches_matching(
        &state.db,
        AlertFrequency::Immediate.code(),
        &region_codes,
        &rec.themes,
        &rec.row.model,
    )
    .await?;
    if candidates.is_empty() {
        return Ok(());
    }
    let keys = challenge_search_keys(rec);
    let mut told: Vec<i64> = vec![];
    for s in candidates {
        if told.contains(&s.user_id) {
            continue;
        }
        if search_accepts(state, &s, rec.row.id, &keys)
            .await?
            .is_none()
        {
            continue;
        }
        told.push(s.user_id);
        let n = Notice {
            kind: NotificationKind::MatchingChallenge,
            challenge_id: rec.row.id,
            challenge_title: &rec.row.title,
            detail: &s.name,
        };
        deliver(state, &n, &[s.user_id], None).await?;
    }
    Ok(())
}
