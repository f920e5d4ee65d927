//! The matchmaking queries as the API answers them — the code path the handlers call after the
//! access check, and the one `kehto bench-matching` times: a scan of the in-memory index on a
//! blocking thread, then the database reads that turn ids into cards.
//!
//! The database has the last word: every organisation in an answer is re-checked to have a
//! public profile and every challenge to be in a listed status, so an index that has not yet
//! caught up with a change made on another instance can show less, never more.

use kehto_matching::{PartnerNeed, Reader};
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeStatus, ChallengeSummary};
use kehto_shared::matchmaking::{
    ContactRequestRef, ContactRequestStatus, DialogueInvitationView, FitLevel, PartnerCandidate,
    RecommendationsView, RecommendedChallenge, SimilarChallenge, SuggestedOrganisation,
};
use kehto_shared::org::OrgKind;
use kehto_shared::profile::{Capability, DirectoryEntry};

use super::facts::record_facts;
use super::index::Indexed;
use super::view::{partner_reasons, reasons};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::orgs::OrgRow;
use crate::db::partners::StoredPartnerSearch;
use crate::error::{AppError, AppResult};
use crate::routes::challenge_view::{stored_status, to_summary, to_time};
use crate::routes::directory::entry;
use crate::state::AppState;

/// Extra matches asked from the index, in case the database filters some out.
const SLACK: usize = 5;

/// Runs `f` over the index on a blocking thread (a scan is milliseconds of CPU work).
pub async fn scan<R: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Indexed) -> R + Send + 'static,
) -> AppResult<R> {
    let index = state.matching.clone();
    tokio::task::spawn_blocking(move || f(&index.read()))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// Board cards of challenges `ids` (in that order) whose stored status `keep` accepts, with
/// texts in `lang` where translated.
async fn summaries(
    state: &AppState,
    ids: &[i64],
    lang: Lang,
    keep: impl Fn(ChallengeStatus, Option<i64>) -> bool,
) -> AppResult<Vec<ChallengeSummary>> {
    let now = state.clock.now();
    let rows = db::board::rows_by_ids(&state.db, ids, Some(lang.code())).await?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| keep(stored_status(&r.status), r.proposals_close_at))
        .collect();
    let kept: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut regions = db::challenges::regions_of(&state.db, &kept).await?;
    let themes = db::challenges::themes_of(&state.db, &kept).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let id = r.id;
            to_summary(
                r,
                regions.remove(&id).unwrap_or_default(),
                themes.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                now,
            )
        })
        .collect())
}

/// Public directory cards of organisations `ids` that still have a public profile.
async fn public_cards(state: &AppState, ids: &[i64]) -> AppResult<Vec<DirectoryEntry>> {
    let orgs = db::orgs::refs_by_ids(&state.db, ids).await?;
    let profiles = db::profiles::load_many(&state.db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let org = orgs.iter().find(|o| o.id == *id)?;
            let p = profiles.get(id).filter(|p| p.row.is_public)?;
            matches!(org.kind(), OrgKind::Company | OrgKind::Research).then(|| entry(org, p))
        })
        .collect())
}

/// Open challenges recommended for `org`, best first (`GET /organisations/{id}/recommendations`).
pub async fn recommendations(
    state: &AppState,
    org: &OrgRow,
    lang: Lang,
    limit: usize,
) -> AppResult<RecommendationsView> {
    let public = db::profiles::is_public(&state.db, org.id).await?;
    if !public {
        return Ok(RecommendationsView {
            org: org.to_ref(),
            profile_public: false,
            items: vec![],
        });
    }
    if state.matching.read().matcher.org_facts(org.id).is_none() {
        // Published on another instance a moment ago: catch up with it now.
        state.matching.refresh_orgs(&state.db, &[org.id]).await?;
    }
    let now = state.now_ts();
    let org_id = org.id;
    let (matches, offering_ids) = scan(state, move |ix| {
        let found = ix.matcher.challenges_for_org(org_id, limit + SLACK, |id| {
            ix.challenges.get(&id).is_some_and(|c| c.open_at(now))
        });
        let ids = ix
            .orgs
            .get(&org_id)
            .map(|o| o.offering_ids.clone())
            .unwrap_or_default();
        (found, ids)
    })
    .await?;
    let ids: Vec<i64> = matches.iter().map(|m| m.id).collect();
    let cards = summaries(state, &ids, lang, |status, close| {
        matches!(
            status,
            ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
        ) && close.is_none_or(|c| c > now)
    })
    .await?;
    let items = matches
        .into_iter()
        .filter_map(|m| {
            let challenge = cards.iter().find(|c| c.id == m.id)?.clone();
            Some(RecommendedChallenge {
                challenge,
                score: m.score,
                fit: FitLevel::of(m.score),
                reasons: reasons(&m.reasons, lang, &offering_ids),
                reason_text: m.reasons.render(lang, Reader::Company),
            })
        })
        .take(limit)
        .collect();
    Ok(RecommendationsView {
        org: org.to_ref(),
        profile_public: true,
        items,
    })
}

/// The dialogue invitations sent for a challenge, newest first.
pub async fn invitations(
    state: &AppState,
    challenge_id: i64,
) -> AppResult<Vec<DialogueInvitationView>> {
    let rows = db::dialogue_invitations::for_challenge(&state.db, challenge_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.org_id).collect();
    let orgs = db::orgs::refs_by_ids(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let org = orgs.iter().find(|o| o.id == r.org_id)?;
            Some(DialogueInvitationView {
                challenge_id: r.challenge_id,
                org: org.to_ref(),
                invited_at: to_time(r.created_at),
                invited_by: r.invited_by_name.unwrap_or_default(),
                message: r.message,
            })
        })
        .collect())
}

/// Public organisations worth inviting to challenge `rec` (indexed, or a draft analysed on the
/// fly), best first, each with the invitation already sent, if any.
pub async fn suggestions(
    state: &AppState,
    rec: &ChallengeRecord,
    lang: Lang,
    limit: usize,
) -> AppResult<Vec<SuggestedOrganisation>> {
    let id = rec.row.id;
    let facts = record_facts(rec);
    let found = scan(state, move |ix| {
        let matches = if ix.matcher.has_challenge(id) {
            ix.matcher.orgs_for_challenge(id, limit + SLACK)
        } else {
            let q = ix.matcher.challenge_query(facts);
            ix.matcher.orgs_for_query(&q, limit + SLACK)
        };
        matches
            .into_iter()
            .map(|m| {
                let offering_ids = ix
                    .orgs
                    .get(&m.id)
                    .map(|o| o.offering_ids.clone())
                    .unwrap_or_default();
                (m, offering_ids)
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let ids: Vec<i64> = found.iter().map(|(m, _)| m.id).collect();
    let cards = public_cards(state, &ids).await?;
    let invited = invitations(state, id).await?;
    Ok(found
        .into_iter()
        .filter_map(|(m, offering_ids)| {
            let organisation = cards.iter().find(|c| c.org.id == m.id)?.clone();
            Some(SuggestedOrganisation {
                invitation: invited.iter().find(|i| i.org.id == m.id).cloned(),
                organisation,
                score: m.score,
                fit: FitLevel::of(m.score),
                reasons: reasons(&m.reasons, lang, &offering_ids),
                reason_text: m.reasons.render(lang, Reader::Coordinator),
            })
        })
        .take(limit)
        .collect())
}

/// Similar challenges of other regions for `rec` (indexed, or a draft), best first.
pub async fn similar(
    state: &AppState,
    rec: &ChallengeRecord,
    lang: Lang,
    limit: usize,
) -> AppResult<Vec<SimilarChallenge>> {
    let id = rec.row.id;
    let facts = record_facts(rec);
    let found = scan(state, move |ix| {
        if ix.matcher.has_challenge(id) {
            ix.matcher.similar_challenges(id, limit + SLACK)
        } else {
            let q = ix.matcher.challenge_query(facts);
            ix.matcher.similar_to_query(&q, limit + SLACK)
        }
    })
    .await?;
    let ids: Vec<i64> = found.iter().map(|m| m.id).collect();
    let cards = summaries(state, &ids, lang, |status, _| {
        status.is_public() && status != ChallengeStatus::Cancelled
    })
    .await?;
    let outcomes = db::challenges::status_reasons(&state.db, &ids).await?;
    Ok(found
        .into_iter()
        .filter_map(|m| {
            let challenge = cards.iter().find(|c| c.id == m.id)?.clone();
            Some(SimilarChallenge {
                outcome: outcomes.get(&m.id).cloned().flatten(),
                decided: challenge.status == ChallengeStatus::Decided,
                challenge,
                score: m.score,
                reasons: reasons(&m.reasons, lang, &[]),
                reason_text: m.reasons.render(lang, Reader::SimilarChallenge),
            })
        })
        .take(limit)
        .collect())
}

/// Organisations complementing `search.row.org_id` on its challenge, best first, each with the
/// contact request already sent to it, if any.
pub async fn partner_candidates(
    state: &AppState,
    search: &StoredPartnerSearch,
    note_lang: Lang,
    lang: Lang,
    limit: usize,
) -> AppResult<Vec<PartnerCandidate>> {
    let challenge_id = search.row.challenge_id;
    let seeker = search.row.org_id;
    // The seeker's own capabilities, from its own profile (public or not).
    let seeker_capabilities = db::profiles::load(&state.db, seeker)
        .await?
        .map(|p| {
            p.capabilities
                .iter()
                .filter_map(|c| Capability::from_code(c))
                .collect()
        })
        .unwrap_or_default();
    let need = PartnerNeed {
        seeker_id: seeker,
        seeker_capabilities,
        lacking: search
            .lacking
            .iter()
            .filter_map(|c| Capability::from_code(c))
            .collect(),
        note: search.row.note.clone(),
        note_lang,
    };
    let found = scan(state, move |ix| {
        ix.matcher
            .partners_for(challenge_id, &need, limit + SLACK)
            .into_iter()
            .map(|m| {
                let offering_ids = ix
                    .orgs
                    .get(&m.id)
                    .map(|o| o.offering_ids.clone())
                    .unwrap_or_default();
                (m, offering_ids)
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let ids: Vec<i64> = found.iter().map(|(m, _)| m.id).collect();
    let cards = public_cards(state, &ids).await?;
    let sent = db::partners::sent_on(&state.db, challenge_id, seeker).await?;
    Ok(found
        .into_iter()
        .filter_map(|(m, offering_ids)| {
            let organisation = cards.iter().find(|c| c.org.id == m.id)?.clone();
            let request = sent
                .iter()
                .find(|(to, _, _)| *to == m.id)
                .map(|(_, id, status)| ContactRequestRef {
                    id: *id,
                    status: ContactRequestStatus::from_code(status)
                        .unwrap_or(ContactRequestStatus::Pending),
                });
            Some(PartnerCandidate {
                organisation,
                score: m.score,
                reasons: partner_reasons(&m.reasons, lang, &offering_ids),
                reason_text: m.reasons.render(lang),
                request,
            })
        })
        .take(limit)
        .collect())
}
