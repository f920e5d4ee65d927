//! The weekly digest of saved searches with weekly alerts: once a week per search, the
//! challenges first published in its window (since its previous digest, or its creation) that
//! it accepts — board searches by their filters and words, recommendation searches by the
//! organisation's matchmaking score, exactly as the immediate alerts in `notify` decide.
//!
//! Each found challenge becomes a notification in the owner's notification centre, and the list
//! one e-mail in the owner's language (if they take `matching_challenge` by e-mail). A week
//! without matches sends nothing and starts the next window. Like the reminders, the job runs
//! in the instance holding its lease, and each digest closes its window with a conditional
//! update in the transaction that delivers it, so it is delivered once however many instances
//! run.

use std::collections::HashMap;

use kehto_matching::Reader;
use kehto_shared::Lang;
use kehto_shared::notifications::{NotificationKind, SavedSearchKind};

use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::follows::{Digest, SavedSearchRow};
use crate::mail::matchmaking_templates::{DigestItem, DigestMail, weekly_digest};
use crate::notify::{challenge_search_keys, search_accepts};
use crate::state::AppState;

pub const WEEK_SECS: i64 = 7 * 86_400;
const LEASE_SECS: i64 = 600;

/// A candidate challenge with what the searches are checked against.
struct Candidate {
    rec: ChallengeRecord,
    region_codes: Vec<String>,
    keys: Vec<(String, i32)>,
}

fn filters_accept(s: &SavedSearchRow, c: &Candidate) -> bool {
    s.region_code
        .as_ref()
        .is_none_or(|r| c.region_codes.contains(r))
        && s.theme.as_ref().is_none_or(|t| c.rec.themes.contains(t))
        && s.model.as_ref().is_none_or(|m| *m == c.rec.row.model)
}

/// Sends the digests that are due, if this instance gets the job's lease; returns how many.
pub async fn send_weekly(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now_ts();
    let owner = &*state.instance;
    if !db::jobs::try_lease(&state.db, "weekly_digests", owner, now, LEASE_SECS).await? {
        return Ok(0);
    }
    let due = db::follows::weekly_due(&state.db, now - WEEK_SECS).await?;
    let mut candidates: HashMap<i64, Option<Candidate>> = HashMap::new();
    let mut sent = 0;
    for s in due {
        let from = s.digest_until.unwrap_or(s.created_at);
        let mut found: Vec<(i64, f32)> = Vec::new();
        for id in db::follows::first_published_between(&state.db, from, now).await? {
            if let std::collections::hash_map::Entry::Vacant(e) = candidates.entry(id) {
                let c = db::challenges::find(&state.db, id)
                    .await?
                    .map(|rec| Candidate {
                        region_codes: rec
                            .regions
                            .iter()
                            .filter_map(|r| r.region_code.clone())
                            .collect(),
                        keys: challenge_search_keys(&rec),
                        rec,
                    });
                e.insert(c);
            }
            let Some(Some(c)) = candidates.get(&id) else {
                continue;
            };
            if !filters_accept(&s, c) {
                continue;
            }
            if let Some(score) = search_accepts(state, &s, id, &c.keys).await? {
                found.push((id, score));
            }
        }
        if SavedSearchKind::from_code(&s.kind) == Some(SavedSearchKind::Recommendations) {
            found.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        if deliver(state, &s, now, &found, &candidates).await? {
            sent += usize::from(!found.is_empty());
        }
    }
    db::jobs::release(&state.db, "weekly_digests", owner, state.now_ts()).await?;
    Ok(sent)
}

async fn deliver(
    state: &AppState,
    s: &SavedSearchRow,
    now: i64,
    found: &[(i64, f32)],
    candidates: &HashMap<i64, Option<Candidate>>,
) -> anyhow::Result<bool> {
    let kind = NotificationKind::MatchingChallenge;
    let recipient = db::notifications::recipients(&state.db, &[s.user_id])
        .await?
        .into_iter()
        .next();
    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
    let mail = match &recipient {
        Some(r) if !found.is_empty() && r.wants_email(kind.code()) => {
            let lang = Lang::from_code(&r.lang).unwrap_or(Lang::Fi);
            let recommended =
                SavedSearchKind::from_code(&s.kind) == Some(SavedSearchKind::Recommendations);
            let rows: Vec<(String, String, String)> = found
                .iter()
                .filter_map(|(id, _)| {
                    let c = candidates.get(id)?.as_ref()?;
                    let title = c
                        .rec
                        .translations
                        .iter()
                        .find(|t| t.lang == lang.code())
                        .map_or(c.rec.row.title.clone(), |t| t.title.clone());
                    let reasons = match (recommended, s.org_id) {
                        (true, Some(org)) => state
                            .matching
                            .read()
                            .matcher
                            .pair(*id, org)
                            .map(|m| m.reasons.render(lang, Reader::Company))
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    Some((
                        title,
                        state.settings.link(&format!("/challenges/{id}")),
                        reasons,
                    ))
                })
                .collect();
            let items: Vec<DigestItem<'_>> = rows
                .iter()
                .map(|(title, link, reasons)| DigestItem {
                    title,
                    link,
                    reasons,
                })
                .collect();
            Some(weekly_digest(&DigestMail {
                lang,
                to: &r.email,
                name: &r.display_name,
                search_name: &s.name,
                items: &items,
                prefs_link: &state.settings.link("/notifications"),
            }))
        }
        _ => None,
    };
    // An unverified owner gets no notifications; the window still moves on.
    let ids: &[i64] = if recipient.is_some() { &ids } else { &[] };
    let delivered = db::follows::deliver_digest(
        &state.db,
        &Digest {
            search_id: s.id,
            from: s.digest_until,
            until: now,
            user_id: s.user_id,
            kind: kind.code(),
            detail: &s.name,
            challenge_ids: ids,
            mail: mail.as_ref(),
        },
    )
    .await?;
    if delivered && mail.is_some() {
        crate::jobs::kick_mail(state);
    }
    Ok(delivered)
}
