//! The matcher: prepared documents, the score of a pair, and the three directions.
//!
//! Score of a challenge `c` and an offering `o` of organisation `g` (the organisation's score is
//! that of its best offering; an organisation without offerings is one offering made of its
//! profile text):
//!
//! ```text
//! relevance   = text · cos(c, o) + themes · theme_overlap(c, g) + capabilities · capability_fit(c, g)
//! feasibility = trl_fit(o, c) × language_fit(o, c) × region_fit(o, c) × model_fit(o, c)
//! score       = relevance × feasibility
//! ```
//!
//! `cos` is the cosine of TF-IDF vectors of terms (stems and synonym-table concepts, see
//! `terms`), so Finnish, Swedish and English texts meet on shared concepts. The weights and
//! switches are a [`Config`]; [`Config::FINAL`] is what the evaluation set supports and
//! [`Config::BASELINE`] is plain text similarity without synonyms. Similar challenges are
//! scored `cos + themes · theme_jaccard`, among challenges of other regions only.

use std::collections::{BTreeMap, HashMap};

use kehto_shared::Lang;
use kehto_shared::profile::Capability;

use crate::concepts::Concepts;
use crate::corpus::{Corpus, Sparse, dot, top_shared};
use crate::facts::{ChallengeFacts, OrgFacts};
use crate::lang_guess::guess_lang;
use crate::reasons::{LanguageReason, MatchedTerm, OfferingRef, Reasons, TrlReason};
use crate::signals::{
    capability_fit, capability_fit_value, language_fit, model_fit, region_fit,
    served_only_elsewhere, theme_jaccard, theme_overlap, theme_overlap_value, trl_fit,
};
use crate::terms::{TermBag, term_concept};

/// Field weights: how much one occurrence of a term counts, by where it occurs.
pub mod field_weight {
    pub const CHALLENGE_TITLE: f32 = 3.0;
    pub const CHALLENGE_SUMMARY: f32 = 2.0;
    pub const CHALLENGE_DESCRIPTION: f32 = 1.0;
    pub const OFFERING_NAME: f32 = 3.0;
    pub const OFFERING_DESCRIPTION: f32 = 2.0;
    pub const PROFILE_SUMMARY: f32 = 1.5;
    pub const PROFILE_DESCRIPTION: f32 = 1.0;
}

/// A concept counts as a challenge's need (for capability fit) when its count reaches this:
/// once in the title or summary, or twice in the description.
const NEED_MIN_COUNT: f32 = 2.0;
/// At most this many shared terms are named in the reasons…
const REASON_TERMS: usize = 5;
/// …and only those carrying at least this share of the text similarity.
const REASON_TERM_SHARE: f32 = 0.04;

/// Weights and switches of the scoring (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Map words to the synonym table's concepts.
    pub synonyms: bool,
    /// Drop the table's boilerplate words ("wellbeing services county", "we offer", …).
    pub boilerplate: bool,
    /// Add the profile's summary and description to each offering's text.
    pub profile_text: bool,
    pub text: f32,
    pub themes: f32,
    pub capabilities: f32,
    pub trl: bool,
    /// Factor when the solution is not available in the challenge's language (1 = ignore).
    pub language_miss: f32,
    /// Factor when the solution is offered only outside the owning regions (1 = ignore).
    pub region_miss: f32,
    pub model: bool,
    /// Theme weight for similar challenges.
    pub similar_themes: f32,
}

impl Config {
    /// Plain TF-IDF cosine of stemmed text; no synonyms, no structured signals.
    pub const BASELINE: Config = Config {
        synonyms: false,
        boilerplate: false,
        profile_text: true,
        text: 1.0,
        themes: 0.0,
        capabilities: 0.0,
        trl: false,
        language_miss: 1.0,
        region_miss: 1.0,
        model: false,
        similar_themes: 0.0,
    };

    /// The configuration the evaluation set supports (figures in the crate documentation).
    pub const FINAL: Config = Config {
        synonyms: true,
        boilerplate: true,
        profile_text: true,
        text: 1.0,
        themes: 0.1,
        capabilities: 0.1,
        trl: true,
        language_miss: 0.75,
        region_miss: 0.95,
        model: true,
        similar_themes: 0.3,
    };
}

impl Default for Config {
    fn default() -> Self {
        Config::FINAL
    }
}

/// One recommendation: the recommended document's id, its score and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// A challenge id (company → challenges, similar challenges) or an organisation id
    /// (challenge → organisations).
    pub id: i64,
    pub score: f32,
    pub reasons: Reasons,
}

#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) counts: Sparse,
    pub(crate) vector: Sparse,
    pub(crate) surfaces: HashMap<u32, String>,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedChallenge {
    pub(crate) facts: ChallengeFacts,
    pub(crate) text: Prepared,
    pub(crate) distinct: Vec<u32>,
    pub(crate) needs: Vec<Capability>,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedOffering {
    /// `None` for the profile-only stand-in of an organisation without offerings.
    pub(crate) index: Option<usize>,
    pub(crate) text: Prepared,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedOrg {
    pub(crate) facts: OrgFacts,
    pub(crate) offerings: Vec<PreparedOffering>,
    pub(crate) distinct: Vec<u32>,
}

/// Prepared challenges and organisations with their corpus statistics. Cheap to update one
/// document at a time (see `corpus`); queries scan the prepared documents.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub(crate) config: Config,
    pub(crate) corpus: Corpus,
    pub(crate) challenges: BTreeMap<i64, PreparedChallenge>,
    pub(crate) orgs: BTreeMap<i64, PreparedOrg>,
}

pub(crate) fn intern_bag(corpus: &mut Corpus, bag: TermBag) -> Prepared {
    let mut counts: Sparse = Vec::with_capacity(bag.counts.len());
    let mut surfaces = HashMap::new();
    for (term, c) in bag.counts {
        let id = corpus.intern(&term);
        if let Some(s) = bag.surfaces.get(&term) {
            surfaces.insert(id, s.clone());
        }
        counts.push((id, c));
    }
    counts.sort_unstable_by_key(|(t, _)| *t);
    Prepared {
        counts,
        vector: Vec::new(),
        surfaces,
    }
}

fn distinct_of<'a>(texts: impl Iterator<Item = &'a Prepared>) -> Vec<u32> {
    let mut d: Vec<u32> = texts
        .flat_map(|p| p.counts.iter().map(|(t, _)| *t))
        .collect();
    d.sort_unstable();
    d.dedup();
    d
}

impl Matcher {
    pub fn new(config: Config) -> Self {
        Matcher {
            config,
            corpus: Corpus::default(),
            challenges: BTreeMap::new(),
            orgs: BTreeMap::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The terms of a challenge's texts and the capabilities they call for.
    pub(crate) fn challenge_bag(&self, facts: &ChallengeFacts) -> (TermBag, Vec<Capability>) {
        let mut bag = TermBag::default();
        for t in &facts.texts {
            bag.add(
                t.lang,
                &t.title,
                field_weight::CHALLENGE_TITLE,
                self.config.synonyms,
                self.config.boilerplate,
            );
            bag.add(
                t.lang,
                &t.summary,
                field_weight::CHALLENGE_SUMMARY,
                self.config.synonyms,
                self.config.boilerplate,
            );
            bag.add(
                t.lang,
                &t.description,
                field_weight::CHALLENGE_DESCRIPTION,
                self.config.synonyms,
                self.config.boilerplate,
            );
        }
        let concepts = Concepts::get();
        let strong: Vec<_> = bag
            .counts
            .iter()
            .filter(|(_, c)| **c >= NEED_MIN_COUNT)
            .filter_map(|(t, _)| term_concept(t))
            .collect();
        let needs: Vec<Capability> = Capability::ALL
            .into_iter()
            .filter(|cap| {
                concepts
                    .capability_concepts(*cap)
                    .iter()
                    .any(|c| strong.contains(c))
            })
            .collect();
        (bag, needs)
    }

    /// Adds or replaces a challenge (analysis ≈ a millisecond for a long text).
    pub fn upsert_challenge(&mut self, facts: ChallengeFacts) {
        self.remove_challenge(facts.id);
        let (bag, needs) = self.challenge_bag(&facts);
        let mut text = intern_bag(&mut self.corpus, bag);
        let distinct = distinct_of(std::iter::once(&text));
        self.corpus.add_doc(&distinct);
        text.vector = self.corpus.weigh(&text.counts);
        self.challenges.insert(
            facts.id,
            PreparedChallenge {
                facts,
                text,
                distinct,
                needs,
            },
        );
    }

    pub fn remove_challenge(&mut self, id: i64) {
        if let Some(old) = self.challenges.remove(&id) {
            self.corpus.remove_doc(&old.distinct);
        }
    }

    /// Adds or replaces an organisation's public profile.
    pub fn upsert_org(&mut self, facts: OrgFacts) {
        self.remove_org(facts.id);
        let hint = facts.languages.first().copied().unwrap_or(Lang::Fi);
        let syn = self.config.synonyms;
        let bp = self.config.boilerplate;
        let profile_lang = guess_lang(&format!("{} {}", facts.summary, facts.description), hint);
        let add_profile = |bag: &mut TermBag| {
            bag.add(
                profile_lang,
                &facts.summary,
                field_weight::PROFILE_SUMMARY,
                syn,
                bp,
            );
            bag.add(
                profile_lang,
                &facts.description,
                field_weight::PROFILE_DESCRIPTION,
                syn,
                bp,
            );
        };
        let mut offerings = Vec::new();
        for (i, o) in facts.offerings.iter().enumerate() {
            let lang = guess_lang(&format!("{} {}", o.name, o.description), profile_lang);
            let mut bag = TermBag::default();
            bag.add(lang, &o.name, field_weight::OFFERING_NAME, syn, bp);
            bag.add(
                lang,
                &o.description,
                field_weight::OFFERING_DESCRIPTION,
                syn,
                bp,
            );
            if self.config.profile_text {
                add_profile(&mut bag);
            }
            offerings.push(PreparedOffering {
                index: Some(i),
                text: intern_bag(&mut self.corpus, bag),
            });
        }
        if offerings.is_empty() {
            let mut bag = TermBag::default();
            add_profile(&mut bag);
            offerings.push(PreparedOffering {
                index: None,
                text: intern_bag(&mut self.corpus, bag),
            });
        }
        let distinct = distinct_of(offerings.iter().map(|o| &o.text));
        self.corpus.add_doc(&distinct);
        for o in &mut offerings {
            o.text.vector = self.corpus.weigh(&o.text.counts);
        }
        self.orgs.insert(
            facts.id,
            PreparedOrg {
                facts,
                offerings,
                distinct,
            },
        );
    }

    pub fn remove_org(&mut self, id: i64) {
        if let Some(old) = self.orgs.remove(&id) {
            self.corpus.remove_doc(&old.distinct);
        }
    }

    /// Re-weighs every document with the current corpus statistics (after a batch of updates).
    pub fn reweigh(&mut self) {
        for c in self.challenges.values_mut() {
            c.text.vector = self.corpus.weigh(&c.text.counts);
        }
        for g in self.orgs.values_mut() {
            for o in &mut g.offerings {
                o.text.vector = self.corpus.weigh(&o.text.counts);
            }
        }
    }

    /// Challenges for a company, best first, at most `limit`, among those `keep` accepts (e.g.
    /// the open ones). Empty if the organisation is unknown.
    pub fn challenges_for_org(
        &self,
        org_id: i64,
        limit: usize,
        keep: impl Fn(i64) -> bool,
    ) -> Vec<Match> {
        let Some(org) = self.orgs.get(&org_id) else {
            return Vec::new();
        };
        let scored = self
            .challenges
            .values()
            .filter(|c| keep(c.facts.id))
            .map(|c| {
                let (score, at) = self.score_only(c, org);
                (c.facts.id, score, at)
            });
        best_ids(scored, limit)
            .into_iter()
            .filter_map(|(id, score, at)| {
                let c = self.challenges.get(&id)?;
                let mut reasons = self.reasons_for(c, org, at);
                reasons.terms = self.offering_terms(c, org, &reasons);
                Some(Match { id, score, reasons })
            })
            .collect()
    }

    /// Organisations (with their best offering) worth inviting to a challenge, best first.
    pub fn orgs_for_challenge(&self, challenge_id: i64, limit: usize) -> Vec<Match> {
        match self.challenges.get(&challenge_id) {
            Some(c) => self.orgs_for_prepared(c, limit),
            None => Vec::new(),
        }
    }

    pub(crate) fn orgs_for_prepared(&self, c: &PreparedChallenge, limit: usize) -> Vec<Match> {
        let dense = dense_of(&c.text.vector);
        let scored = self.orgs.values().map(|org| {
            let (score, at) = self.score_with(c, org, Some(&dense));
            (org.facts.id, score, at)
        });
        best_ids(scored, limit)
            .into_iter()
            .filter_map(|(id, score, at)| {
                let org = self.orgs.get(&id)?;
                let mut reasons = self.reasons_for(c, org, at);
                reasons.terms = self.offering_terms(c, org, &reasons);
                Some(Match { id, score, reasons })
            })
            .collect()
    }

    /// Challenges of other regions (no owning region in common) with a similar need.
    pub fn similar_challenges(&self, challenge_id: i64, limit: usize) -> Vec<Match> {
        match self.challenges.get(&challenge_id) {
            Some(c) => self.similar_to_prepared(c, limit),
            None => Vec::new(),
        }
    }

    pub(crate) fn similar_to_prepared(&self, c: &PreparedChallenge, limit: usize) -> Vec<Match> {
        let challenge_id = c.facts.id;
        let scored = self
            .challenges
            .values()
            .filter(|o| o.facts.id != challenge_id)
            .filter(|o| !o.facts.regions.iter().any(|r| c.facts.regions.contains(r)))
            .map(|o| {
                let text = dot(&c.text.vector, &o.text.vector);
                let themes = theme_jaccard(&c.facts.themes, &o.facts.themes);
                let score = self.config.text * text + self.config.similar_themes * themes;
                let reasons = Reasons {
                    themes: c
                        .facts
                        .themes
                        .iter()
                        .copied()
                        .filter(|t| o.facts.themes.contains(t))
                        .collect(),
                    ..Reasons::default()
                };
                Match {
                    id: o.facts.id,
                    score,
                    reasons,
                }
            });
        let mut top = best(scored, limit);
        for m in &mut top {
            if let Some(o) = self.challenges.get(&m.id) {
                let text = dot(&c.text.vector, &o.text.vector);
                m.reasons.terms = self.shared_terms(&c.text, &o.text, text);
            }
        }
        top
    }

    /// The score of one challenge for one organisation, with its reasons (for alerts); `None`
    /// when either is not in the index.
    pub fn pair(&self, challenge_id: i64, org_id: i64) -> Option<Match> {
        let c = self.challenges.get(&challenge_id)?;
        let org = self.orgs.get(&org_id)?;
        let (score, mut reasons) = self.score_pair(c, org);
        reasons.terms = self.offering_terms(c, org, &reasons);
        Some(Match {
            id: challenge_id,
            score,
            reasons,
        })
    }

    /// Whether a challenge is in the index.
    pub fn has_challenge(&self, id: i64) -> bool {
        self.challenges.contains_key(&id)
    }

    /// The facts a challenge was indexed with.
    pub fn challenge_facts(&self, id: i64) -> Option<&ChallengeFacts> {
        self.challenges.get(&id).map(|c| &c.facts)
    }

    /// The facts an organisation was indexed with.
    pub fn org_facts(&self, id: i64) -> Option<&OrgFacts> {
        self.orgs.get(&id).map(|o| &o.facts)
    }

    /// How many challenges and organisations the index holds.
    pub fn len(&self) -> (usize, usize) {
        (self.challenges.len(), self.orgs.len())
    }

    /// Whether the index holds nothing.
    pub fn is_empty(&self) -> bool {
        self.challenges.is_empty() && self.orgs.is_empty()
    }

    /// The shared terms of a challenge and the offering named in `reasons` (the profile-only
    /// stand-in when none is named). Computed for the results only, not for every candidate.
    pub(crate) fn offering_terms(
        &self,
        c: &PreparedChallenge,
        org: &PreparedOrg,
        reasons: &Reasons,
    ) -> Vec<MatchedTerm> {
        let index = reasons.offering.as_ref().map(|o| o.index);
        match org.offerings.iter().find(|o| o.index == index) {
            Some(o) => {
                let text = dot(&c.text.vector, &o.text.vector);
                self.shared_terms(&c.text, &o.text, text)
            }
            None => Vec::new(),
        }
    }

    /// The named shared terms of two texts; words shown as written in `a`.
    pub(crate) fn shared_terms(&self, a: &Prepared, b: &Prepared, total: f32) -> Vec<MatchedTerm> {
        if total <= 0.0 {
            return Vec::new();
        }
        top_shared(&a.vector, &b.vector, REASON_TERMS)
            .into_iter()
            .filter(|(_, w)| *w >= REASON_TERM_SHARE * total)
            .map(|(id, _)| {
                let term = self.corpus.term(id);
                match term.strip_prefix(crate::terms::CONCEPT_PREFIX) {
                    Some(name) => MatchedTerm::Concept(name.to_owned()),
                    None => MatchedTerm::Word(
                        a.surfaces
                            .get(&id)
                            .or_else(|| b.surfaces.get(&id))
                            .cloned()
                            .unwrap_or_else(|| term.to_owned()),
                    ),
                }
            })
            .filter(|t| !matches!(t, MatchedTerm::Word(w) if crate::reason_noise::is_noise(w)))
            .collect()
    }

    /// The feasibility factor of one offering (`None`: the profile-only stand-in) for `c`.
    fn feasibility(
        &self,
        c: &PreparedChallenge,
        org: &PreparedOrg,
        offering: Option<&crate::facts::OfferingFacts>,
    ) -> f32 {
        let cfg = &self.config;
        let f = &c.facts;
        let mut feasibility = 1.0;
        let available = offering
            .map(|x| x.languages.as_slice())
            .filter(|l| !l.is_empty())
            .unwrap_or(&org.facts.languages);
        if language_fit(f.content_lang, available).is_none() {
            feasibility *= cfg.language_miss;
        }
        if let Some(x) = offering {
            if cfg.trl {
                feasibility *= trl_fit(x.trl, f.trl_min, f.trl_max).0;
            }
            if served_only_elsewhere(&f.regions, &x.regions_served) {
                feasibility *= cfg.region_miss;
            }
        }
        if cfg.model {
            feasibility *= model_fit(f.model, offering.map(|x| x.trl), org.facts.kind);
        }
        feasibility
    }

    /// The score of a challenge and an organisation — that of its best offering — and the
    /// position of that offering in `org.offerings`. Allocates nothing: this is what a query
    /// computes for every candidate; the reasons are made for the results only.
    pub(crate) fn score_only(&self, c: &PreparedChallenge, org: &PreparedOrg) -> (f32, usize) {
        self.score_with(c, org, None)
    }

    /// `score_only`, with the challenge's vector spread out as `dense` (see `dense_of`) when
    /// one challenge is scored against many organisations: each offering's terms are then looked
    /// up instead of merged with the challenge's much longer vector. The sum is the same, term
    /// for term and in the same order.
    pub(crate) fn score_with(
        &self,
        c: &PreparedChallenge,
        org: &PreparedOrg,
        dense: Option<&[f32]>,
    ) -> (f32, usize) {
        let cfg = &self.config;
        let f = &c.facts;
        let theme = theme_overlap_value(&f.themes, &org.facts.themes);
        let cap = capability_fit_value(&c.needs, &org.facts.capabilities);
        let mut best_score = f32::MIN;
        let mut best_at = 0;
        for (at, o) in org.offerings.iter().enumerate() {
            let offering = o.index.and_then(|i| org.facts.offerings.get(i));
            let text = match dense {
                Some(d) => dot_dense(d, &o.text.vector),
                None => dot(&c.text.vector, &o.text.vector),
            };
            let relevance = cfg.text * text + cfg.themes * theme + cfg.capabilities * cap;
            let score = relevance * self.feasibility(c, org, offering);
            if score > best_score {
                best_score = score;
                best_at = at;
            }
        }
        (best_score.max(0.0), best_at)
    }

    /// The reasons for offering `at` of `org` (as chosen by `score_only`), except the shared
    /// terms (see `offering_terms`).
    pub(crate) fn reasons_for(
        &self,
        c: &PreparedChallenge,
        org: &PreparedOrg,
        at: usize,
    ) -> Reasons {
        let Some(o) = org.offerings.get(at) else {
            return Reasons::default();
        };
        let f = &c.facts;
        let offering = o.index.and_then(|i| org.facts.offerings.get(i));
        let (_, themes) = theme_overlap(&f.themes, &org.facts.themes);
        let (_, capabilities) = capability_fit(&c.needs, &org.facts.capabilities);
        let available = offering
            .map(|x| x.languages.as_slice())
            .filter(|l| !l.is_empty())
            .unwrap_or(&org.facts.languages);
        let served_in = language_fit(f.content_lang, available);
        Reasons {
            offering: offering.zip(o.index).map(|(x, index)| OfferingRef {
                index,
                name: x.name.clone(),
            }),
            themes,
            capabilities,
            language: Some(LanguageReason {
                lang: served_in.unwrap_or(f.content_lang),
                available: served_in.is_some(),
            }),
            trl: offering.map(|x| TrlReason {
                trl: x.trl,
                min: f.trl_min,
                max: f.trl_max,
                position: trl_fit(x.trl, f.trl_min, f.trl_max).1,
            }),
            region: offering.map(|x| region_fit(&f.regions, &x.regions_served)),
            terms: Vec::new(),
        }
    }

    /// The score of a challenge and an organisation (its best offering), with the reasons
    /// except the shared terms (see `offering_terms`).
    pub(crate) fn score_pair(&self, c: &PreparedChallenge, org: &PreparedOrg) -> (f32, Reasons) {
        let (score, at) = self.score_only(c, org);
        (score, self.reasons_for(c, org, at))
    }
}

/// A sparse vector spread out by term id (0 where absent), for [`dot_dense`].
pub(crate) fn dense_of(v: &Sparse) -> Vec<f32> {
    let mut d = vec![0.0; v.last().map_or(0, |(t, _)| *t as usize + 1)];
    for (t, w) in v {
        d[*t as usize] = *w;
    }
    d
}

/// `dot(a, b)` with `a` spread out by [`dense_of`]: the same products, summed in the same order.
pub(crate) fn dot_dense(a: &[f32], b: &Sparse) -> f32 {
    let mut sum = 0.0;
    for (t, w) in b {
        if let Some(x) = a.get(*t as usize)
            && *x != 0.0
        {
            sum += x * w;
        }
    }
    sum
}

/// The `limit` best `(id, score, offering)` with a positive score, best first; ties by id.
pub(crate) fn best_ids(
    scored: impl Iterator<Item = (i64, f32, usize)>,
    limit: usize,
) -> Vec<(i64, f32, usize)> {
    let mut v: Vec<(i64, f32, usize)> = scored.filter(|m| m.1 > 0.0).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// The `limit` best matches with a positive score, best first; ties by id.
pub(crate) fn best(scored: impl Iterator<Item = Match>, limit: usize) -> Vec<Match> {
    let mut v: Vec<Match> = scored.filter(|m| m.score > 0.0).collect();
    v.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    v.truncate(limit);
    v
}
