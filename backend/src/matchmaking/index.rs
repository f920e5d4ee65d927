//! The in-memory matchmaking index of one server instance: a `kehto_matching::Matcher` over
//! every public, not cancelled challenge and every public company or research profile, plus
//! what the queries filter by (a challenge's stored status, deadline and owning regions).
//!
//! - **Built at start-up** from the database ([`MatchIndex::catch_up`] with nothing loaded yet
//!   loads everything); the time is logged.
//! - **Updated in the request** that saves, publishes or hides a challenge or profile
//!   ([`MatchIndex::refresh_challenges`], [`MatchIndex::refresh_orgs`]): the row is re-read
//!   and the document replaced or removed.
//! - **Catches up with other instances** (several may share one PostgreSQL database): every
//!   `--match-refresh` seconds it re-reads the challenges and profiles whose `updated_at` is at
//!   or after the previous catch-up's start minus [`OVERLAP_SECS`] (covering transactions that
//!   committed late and clocks a little apart), applies what differs and re-weighs.
//!
//! A document is never replaced by an older reading of it (its `updated_at` is remembered), so
//! a catch-up that read a row just before a request changed it cannot undo the request's
//! update. Reads take the lock for the scan only; writers hold it for in-memory work only,
//! never across a database call.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};
use std::time::Instant;

use kehto_matching::{Config, Matcher};
use kehto_shared::challenge::ChallengeStatus;

use super::facts::{challenge_facts, indexable_status, org_facts};
use crate::db::Db;
use crate::db::match_facts::{self, StoredChallengeFacts, StoredOrgFacts, Which};

/// How far before the previous catch-up a catch-up looks back.
pub const OVERLAP_SECS: i64 = 300;
/// Rows loaded per query when catching up with many changes.
const CHUNK: usize = 500;

/// What the index remembers about a challenge, for filtering and for ordering updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeMeta {
    /// The stored status (see `effective_open`).
    pub status: ChallengeStatus,
    pub proposals_close_at: Option<i64>,
    /// Owning regions (organisation ids).
    pub region_ids: Vec<i64>,
    pub updated_at: i64,
    /// Whether the challenge is in the matcher (false: removed; kept to order updates).
    pub indexed: bool,
}

impl ChallengeMeta {
    /// Open for proposals and questions at `now`: published or proposals open, deadline ahead.
    pub fn open_at(&self, now: i64) -> bool {
        self.indexed
            && matches!(
                self.status,
                ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
            )
            && self.proposals_close_at.is_none_or(|c| c > now)
    }
}

/// What the index remembers about an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMeta {
    /// Ids of its offerings in the order the matcher numbers them.
    pub offering_ids: Vec<i64>,
    pub updated_at: i64,
    pub indexed: bool,
}

/// The matcher with its metadata; read through [`MatchIndex::read`].
#[derive(Debug)]
pub struct Indexed {
    pub matcher: Matcher,
    pub challenges: HashMap<i64, ChallengeMeta>,
    pub orgs: HashMap<i64, OrgMeta>,
    /// Documents changed since the last re-weighing.
    pending: usize,
}

/// What a catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    pub challenges: usize,
    pub orgs: usize,
    pub reweighed: bool,
    /// Whether this was the first, full load.
    pub full: bool,
    pub millis: u128,
}

/// One instance's matchmaking index (see the module documentation).
#[derive(Debug)]
pub struct MatchIndex {
    inner: RwLock<Indexed>,
    /// Where the next catch-up starts (`None`: nothing loaded yet); also serialises catch-ups.
    next_since: tokio::sync::Mutex<Option<i64>>,
}

impl Default for MatchIndex {
    fn default() -> Self {
        MatchIndex {
            inner: RwLock::new(Indexed {
                matcher: Matcher::new(Config::FINAL),
                challenges: HashMap::new(),
                orgs: HashMap::new(),
                pending: 0,
            }),
            next_since: tokio::sync::Mutex::new(None),
        }
    }
}

impl Indexed {
    fn apply_challenge(&mut self, s: &StoredChallengeFacts) -> bool {
        let id = s.row.id;
        if self
            .challenges
            .get(&id)
            .is_some_and(|m| s.row.updated_at < m.updated_at)
        {
            return false;
        }
        let status = ChallengeStatus::from_code(&s.row.status).unwrap_or(ChallengeStatus::Draft);
        let indexed = indexable_status(status);
        let mut changed = false;
        if indexed {
            let facts = challenge_facts(s);
            if self.matcher.challenge_facts(id) != Some(&facts) {
                self.matcher.upsert_challenge(facts);
                changed = true;
            }
        } else if self.matcher.has_challenge(id) {
            self.matcher.remove_challenge(id);
            changed = true;
        }
        self.challenges.insert(
            id,
            ChallengeMeta {
                status,
                proposals_close_at: s.row.proposals_close_at,
                region_ids: s.regions.iter().map(|(org, _)| *org).collect(),
                updated_at: s.row.updated_at,
                indexed,
            },
        );
        self.pending += usize::from(changed);
        changed
    }

    fn apply_org(&mut self, s: &StoredOrgFacts) -> bool {
        let id = s.row.org_id;
        if self
            .orgs
            .get(&id)
            .is_some_and(|m| s.row.updated_at < m.updated_at)
        {
            return false;
        }
        let facts = org_facts(s);
        let indexed = facts.is_some();
        let mut changed = false;
        match facts {
            Some(f) => {
                if self.matcher.org_facts(id) != Some(&f) {
                    self.matcher.upsert_org(f);
                    changed = true;
                }
            }
            None => {
                if self.matcher.org_facts(id).is_some() {
                    self.matcher.remove_org(id);
                    changed = true;
                }
            }
        }
        self.orgs.insert(
            id,
            OrgMeta {
                offering_ids: s.offerings.iter().map(|o| o.row.id).collect(),
                updated_at: s.row.updated_at,
                indexed,
            },
        );
        self.pending += usize::from(changed);
        changed
    }

    /// A challenge or profile that no longer exists.
    fn forget_challenge(&mut self, id: i64) {
        if self.matcher.has_challenge(id) {
            self.matcher.remove_challenge(id);
            self.pending += 1;
        }
        self.challenges.remove(&id);
    }

    fn forget_org(&mut self, id: i64) {
        if self.matcher.org_facts(id).is_some() {
            self.matcher.remove_org(id);
            self.pending += 1;
        }
        self.orgs.remove(&id);
    }
}

impl MatchIndex {
    /// The index for reading (a scan holds it for milliseconds; run scans on a blocking
    /// thread, see `service`).
    pub fn read(&self) -> RwLockReadGuard<'_, Indexed> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write<R>(&self, f: impl FnOnce(&mut Indexed) -> R) -> R {
        let mut guard = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }

    /// How many challenges and organisations are in the matcher.
    pub fn len(&self) -> (usize, usize) {
        self.read().matcher.len()
    }

    pub fn is_empty(&self) -> bool {
        self.read().matcher.is_empty()
    }

    /// Re-reads challenges `ids` and replaces, adds or removes them; returns how many changed.
    pub async fn refresh_challenges(&self, db: &Db, ids: &[i64]) -> Result<usize, sqlx::Error> {
        let mut changed = 0;
        for chunk in ids.chunks(CHUNK) {
            let loaded = match_facts::challenges(db, Which::Ids(chunk)).await?;
            changed += self.write(|ix| {
                let mut n = 0;
                for id in chunk {
                    match loaded.iter().find(|s| s.row.id == *id) {
                        Some(s) => n += usize::from(ix.apply_challenge(s)),
                        None => ix.forget_challenge(*id),
                    }
                }
                n
            });
        }
        Ok(changed)
    }

    /// Re-reads the profiles of organisations `ids` and replaces, adds or removes them.
    pub async fn refresh_orgs(&self, db: &Db, ids: &[i64]) -> Result<usize, sqlx::Error> {
        let mut changed = 0;
        for chunk in ids.chunks(CHUNK) {
            let loaded = match_facts::orgs(db, Which::Ids(chunk)).await?;
            changed += self.write(|ix| {
                let mut n = 0;
                for id in chunk {
                    match loaded.iter().find(|s| s.row.org_id == *id) {
                        Some(s) => n += usize::from(ix.apply_org(s)),
                        None => ix.forget_org(*id),
                    }
                }
                n
            });
        }
        Ok(changed)
    }

    /// Loads everything the first time, afterwards what changed since the previous catch-up
    /// (see the module documentation); re-weighs when anything changed. `now` is the
    /// instance's clock.
    pub async fn catch_up(&self, db: &Db, now: i64) -> Result<CatchUp, sqlx::Error> {
        let started = Instant::now();
        let mut since = self.next_since.lock().await;
        let mut report = CatchUp::default();
        match *since {
            None => {
                report.full = true;
                let challenges = match_facts::challenges(db, Which::Indexable).await?;
                let orgs = match_facts::orgs(db, Which::Indexable).await?;
                for chunk in challenges.chunks(CHUNK) {
                    report.challenges +=
                        self.write(|ix| chunk.iter().filter(|s| ix.apply_challenge(s)).count());
                }
                for chunk in orgs.chunks(CHUNK) {
                    report.orgs +=
                        self.write(|ix| chunk.iter().filter(|s| ix.apply_org(s)).count());
                }
            }
            Some(from) => {
                let ids = match_facts::challenges_changed_since(db, from).await?;
                report.challenges = self.refresh_challenges(db, &ids).await?;
                let ids = match_facts::orgs_changed_since(db, from).await?;
                report.orgs = self.refresh_orgs(db, &ids).await?;
            }
        }
        report.reweighed = self.reweigh();
        *since = Some(now - OVERLAP_SECS);
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }

    /// Re-weighs every document with the current statistics if anything changed since the last
    /// time (each catch-up does this; ≈ 15 ms at 25,000 documents).
    pub fn reweigh(&self) -> bool {
        self.write(|ix| {
            if ix.pending == 0 {
                return false;
            }
            ix.matcher.reweigh();
            ix.pending = 0;
            true
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_means_public_before_the_deadline() {
        let meta = |status, close: Option<i64>, indexed| ChallengeMeta {
            status,
            proposals_close_at: close,
            region_ids: vec![],
            updated_at: 0,
            indexed,
        };
        assert!(meta(ChallengeStatus::Published, None, true).open_at(10));
        assert!(meta(ChallengeStatus::ProposalsOpen, Some(11), true).open_at(10));
        assert!(!meta(ChallengeStatus::ProposalsOpen, Some(10), true).open_at(10));
        assert!(!meta(ChallengeStatus::Decided, None, true).open_at(10));
        assert!(!meta(ChallengeStatus::Published, None, false).open_at(10));
    }
}
