//! Queries for a challenge that is not in the index — a draft a coordinator is writing: the
//! organisations worth inviting and the similar challenges of other regions, exactly as for an
//! indexed challenge, without changing the index.
//!
//! The draft's text is weighed with the current corpus statistics. Words the corpus has never
//! seen cannot match any indexed document, so they are left out of the vector (its norm then
//! covers only known terms, which lifts its cosines slightly compared with indexing it).

use crate::corpus::Sparse;
use crate::engine::{Match, Matcher, Prepared, PreparedChallenge};
use crate::facts::ChallengeFacts;
use crate::terms::TermBag;

/// A challenge analysed for queries but not added to the index (see the module documentation).
#[derive(Debug, Clone)]
pub struct ChallengeQuery(PreparedChallenge);

impl ChallengeQuery {
    pub fn facts(&self) -> &ChallengeFacts {
        &self.0.facts
    }
}

impl Matcher {
    /// Prepares `facts` for [`Matcher::orgs_for_query`] and [`Matcher::similar_to_query`].
    pub fn challenge_query(&self, facts: ChallengeFacts) -> ChallengeQuery {
        let (bag, needs) = self.challenge_bag(&facts);
        let text = self.lookup_bag(bag);
        ChallengeQuery(PreparedChallenge {
            facts,
            text,
            distinct: Vec::new(),
            needs,
        })
    }

    /// A bag's known terms, weighed with the current statistics.
    pub(crate) fn lookup_bag(&self, bag: TermBag) -> Prepared {
        let mut counts: Sparse = Vec::with_capacity(bag.counts.len());
        let mut surfaces = std::collections::HashMap::new();
        for (term, c) in bag.counts {
            if let Some(id) = self.corpus.lookup(&term) {
                if let Some(s) = bag.surfaces.get(&term) {
                    surfaces.insert(id, s.clone());
                }
                counts.push((id, c));
            }
        }
        counts.sort_unstable_by_key(|(t, _)| *t);
        let vector = self.corpus.weigh(&counts);
        Prepared {
            counts,
            vector,
            surfaces,
        }
    }

    /// Organisations worth inviting to the (unindexed) challenge, best first.
    pub fn orgs_for_query(&self, q: &ChallengeQuery, limit: usize) -> Vec<Match> {
        self.orgs_for_prepared(&q.0, limit)
    }

    /// Challenges of other regions similar to the (unindexed) challenge, best first.
    pub fn similar_to_query(&self, q: &ChallengeQuery, limit: usize) -> Vec<Match> {
        self.similar_to_prepared(&q.0, limit)
    }
}
