//! The evaluation set (`eval/*.json`) and the figures: precision@5 and nDCG@10 per direction.
//!
//! - `challenges.json`: 30 challenges (fi/sv/en) with their matchable facts, each under a key.
//! - `organisations.json`: 101 public profiles with offerings (the demo's one private profile is left out).
//! - `judgments.json`: `challenge_organisation` — graded relevance 0..2 of an organisation for
//!   a challenge, each with a one-line reason; unjudged pairs count as 0. The same judgments
//!   serve both directions: for company → challenges the queries are the organisations with at
//!   least one relevant challenge. `similar_challenges` — graded pairs (symmetric); only pairs
//!   of challenges without a common owning region are queries.
//!
//! precision@5: share of the first five results with grade ≥ 1 (a query with fewer than five
//! relevant items cannot reach 1; the attainable maximum is printed beside it). nDCG@10: DCG
//! with gain `2^grade − 1` and discount `log2(rank + 1)`, divided by the ideal DCG.

use std::collections::HashMap;
use std::path::Path;

use kehto_shared::Lang;
use kehto_shared::challenge::{CooperationModel, Theme};
use kehto_shared::profile::Capability;
use serde::Deserialize;

use crate::engine::{Config, Matcher};
use crate::facts::{ChallengeFacts, LangText, OfferingFacts, OrgFacts, OrgKindFact};

#[derive(Debug, Deserialize)]
struct ChallengeRow {
    key: String,
    content_lang: Lang,
    regions: Vec<String>,
    themes: Vec<Theme>,
    trl_min: u8,
    trl_max: u8,
    model: CooperationModel,
    title: String,
    summary: String,
    description: String,
}

#[derive(Debug, Deserialize)]
struct OrgRow {
    key: String,
    name: String,
    kind: String,
    #[serde(default)]
    languages: Vec<Lang>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    themes: Vec<Theme>,
    #[serde(default)]
    capabilities: Vec<Capability>,
    #[serde(default)]
    offerings: Vec<OfferingFacts>,
}

/// One hand judgment of an organisation for a challenge.
#[derive(Debug, Clone, Deserialize)]
pub struct Judgment {
    pub challenge: String,
    pub organisation: String,
    pub grade: u8,
    pub reason: String,
}

/// One hand judgment of two challenges' similarity.
#[derive(Debug, Clone, Deserialize)]
pub struct SimilarJudgment {
    pub a: String,
    pub b: String,
    pub grade: u8,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
struct JudgmentFile {
    challenge_organisation: Vec<Judgment>,
    similar_challenges: Vec<SimilarJudgment>,
}

/// The evaluation set, with ids assigned by position (challenges from 1, organisations from
/// 1001).
#[derive(Debug, Clone)]
pub struct EvalSet {
    pub challenges: Vec<(String, ChallengeFacts)>,
    pub orgs: Vec<(String, OrgFacts)>,
    pub judgments: Vec<Judgment>,
    pub similar: Vec<SimilarJudgment>,
}

/// The directory of the evaluation set in the source tree.
pub fn default_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/eval"))
}

fn read<T: for<'de> Deserialize<'de>>(dir: &Path, name: &str) -> Result<T, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl EvalSet {
    /// Reads and checks the set: every judged key must exist.
    pub fn load(dir: &Path) -> Result<EvalSet, String> {
        let challenges: Vec<ChallengeRow> = read(dir, "challenges.json")?;
        let orgs: Vec<OrgRow> = read(dir, "organisations.json")?;
        let judged: JudgmentFile = read(dir, "judgments.json")?;
        let challenges: Vec<(String, ChallengeFacts)> = challenges
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let facts = ChallengeFacts {
                    id: i as i64 + 1,
                    content_lang: r.content_lang,
                    texts: vec![LangText {
                        lang: r.content_lang,
                        title: r.title,
                        summary: r.summary,
                        description: r.description,
                    }],
                    regions: r.regions,
                    themes: r.themes,
                    trl_min: r.trl_min,
                    trl_max: r.trl_max,
                    model: r.model,
                };
                (r.key, facts)
            })
            .collect();
        let orgs: Vec<(String, OrgFacts)> = orgs
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let facts = OrgFacts {
                    id: i as i64 + 1001,
                    name: r.name,
                    kind: if r.kind == "research" {
                        OrgKindFact::Research
                    } else {
                        OrgKindFact::Company
                    },
                    languages: r.languages,
                    summary: r.summary,
                    description: r.description,
                    themes: r.themes,
                    capabilities: r.capabilities,
                    offerings: r.offerings,
                };
                (r.key, facts)
            })
            .collect();
        let set = EvalSet {
            challenges,
            orgs,
            judgments: judged.challenge_organisation,
            similar: judged.similar_challenges,
        };
        for j in &set.judgments {
            if set.challenge_id(&j.challenge).is_none() || set.org_id(&j.organisation).is_none() {
                return Err(format!(
                    "judgment of unknown keys: {} / {}",
                    j.challenge, j.organisation
                ));
            }
            if j.grade > 2 || j.reason.trim().is_empty() {
                return Err(format!(
                    "judgment {} / {} needs a grade 0..2 and a reason",
                    j.challenge, j.organisation
                ));
            }
        }
        for j in &set.similar {
            if set.challenge_id(&j.a).is_none() || set.challenge_id(&j.b).is_none() {
                return Err(format!("similarity of unknown keys: {} / {}", j.a, j.b));
            }
        }
        Ok(set)
    }

    pub fn challenge_id(&self, key: &str) -> Option<i64> {
        self.challenges
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, f)| f.id)
    }

    pub fn org_id(&self, key: &str) -> Option<i64> {
        self.orgs.iter().find(|(k, _)| k == key).map(|(_, f)| f.id)
    }

    /// A matcher holding the whole set under `config`.
    pub fn matcher(&self, config: Config) -> Matcher {
        let mut m = Matcher::new(config);
        for (_, c) in &self.challenges {
            m.upsert_challenge(c.clone());
        }
        for (_, o) in &self.orgs {
            m.upsert_org(o.clone());
        }
        m.reweigh();
        m
    }
}

/// precision@k: share of the first `k` results (missing results count as misses) with grade ≥ 1.
pub fn precision_at(grades: &[u8], k: usize) -> f64 {
    grades.iter().take(k).filter(|g| **g >= 1).count() as f64 / k as f64
}

fn dcg(grades: &[u8], k: usize) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| (2f64.powi(i32::from(*g)) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

/// nDCG@k of a ranking's grades against all the query's judged grades.
pub fn ndcg_at(grades: &[u8], all_judged: &[u8], k: usize) -> f64 {
    let mut ideal = all_judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal, k);
    if best == 0.0 {
        0.0
    } else {
        dcg(grades, k) / best
    }
}

/// Mean figures of one direction.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DirectionFigures {
    pub queries: usize,
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
    /// The best precision@5 any ranking could reach (queries with fewer than 5 relevant items).
    pub attainable_precision_at_5: f64,
}

/// The figures of all three directions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub company_to_challenge: DirectionFigures,
    pub challenge_to_org: DirectionFigures,
    pub similar_challenges: DirectionFigures,
}

/// Per-query result, for inspecting what went wrong.
#[derive(Debug, Clone)]
pub struct QueryResult {
    pub query: String,
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
    /// The first ten results as `(key, grade)`.
    pub top: Vec<(String, u8)>,
}

struct Accumulator {
    results: Vec<QueryResult>,
    attainable: f64,
}

impl Accumulator {
    fn push(&mut self, query: &str, ranked: Vec<(String, u8)>, judged: &[u8]) {
        let grades: Vec<u8> = ranked.iter().map(|(_, g)| *g).collect();
        let relevant = judged.iter().filter(|g| **g >= 1).count();
        self.attainable += relevant.min(5) as f64 / 5.0;
        self.results.push(QueryResult {
            query: query.to_owned(),
            precision_at_5: precision_at(&grades, 5),
            ndcg_at_10: ndcg_at(&grades, judged, 10),
            top: ranked,
        });
    }

    fn figures(&self) -> DirectionFigures {
        let n = self.results.len().max(1) as f64;
        DirectionFigures {
            queries: self.results.len(),
            precision_at_5: self.results.iter().map(|r| r.precision_at_5).sum::<f64>() / n,
            ndcg_at_10: self.results.iter().map(|r| r.ndcg_at_10).sum::<f64>() / n,
            attainable_precision_at_5: self.attainable / n,
        }
    }
}

/// Runs every query of the set under `config`.
pub fn evaluate(set: &EvalSet, config: Config) -> (Figures, [Vec<QueryResult>; 3]) {
    evaluate_on(set, config, &|_| true)
}

/// Runs the queries restricted to the challenges whose key `part` accepts (a split for a
/// held-out check): company queries rank only those challenges and are judged on them, and
/// only those challenges are coordinator and similarity queries. The matcher still holds the
/// whole set.
pub fn evaluate_on(
    set: &EvalSet,
    config: Config,
    part: &dyn Fn(&str) -> bool,
) -> (Figures, [Vec<QueryResult>; 3]) {
    let m = set.matcher(config);
    let mut grade: HashMap<(&str, &str), u8> = HashMap::new();
    for j in &set.judgments {
        grade.insert((j.challenge.as_str(), j.organisation.as_str()), j.grade);
    }
    let ckey: HashMap<i64, &str> = set
        .challenges
        .iter()
        .map(|(k, f)| (f.id, k.as_str()))
        .collect();
    let okey: HashMap<i64, &str> = set.orgs.iter().map(|(k, f)| (f.id, k.as_str())).collect();

    let mut company = Accumulator {
        results: Vec::new(),
        attainable: 0.0,
    };
    for (key, org) in &set.orgs {
        let judged: Vec<u8> = set
            .judgments
            .iter()
            .filter(|j| j.organisation == *key && part(&j.challenge))
            .map(|j| j.grade)
            .collect();
        if !judged.iter().any(|g| *g >= 1) {
            continue;
        }
        let ranked: Vec<(String, u8)> = m
            .challenges_for_org(org.id, 10, |id| ckey.get(&id).is_some_and(|k| part(k)))
            .into_iter()
            .map(|x| {
                let c = ckey[&x.id];
                (
                    c.to_owned(),
                    grade.get(&(c, key.as_str())).copied().unwrap_or(0),
                )
            })
            .collect();
        company.push(key, ranked, &judged);
    }

    let mut coordinator = Accumulator {
        results: Vec::new(),
        attainable: 0.0,
    };
    for (key, c) in set.challenges.iter().filter(|(k, _)| part(k)) {
        let judged: Vec<u8> = set
            .judgments
            .iter()
            .filter(|j| j.challenge == *key)
            .map(|j| j.grade)
            .collect();
        let ranked: Vec<(String, u8)> = m
            .orgs_for_challenge(c.id, 10)
            .into_iter()
            .map(|x| {
                let o = okey[&x.id];
                (
                    o.to_owned(),
                    grade.get(&(key.as_str(), o)).copied().unwrap_or(0),
                )
            })
            .collect();
        coordinator.push(key, ranked, &judged);
    }

    let mut similar = Accumulator {
        results: Vec::new(),
        attainable: 0.0,
    };
    let regions: HashMap<&str, &Vec<String>> = set
        .challenges
        .iter()
        .map(|(k, f)| (k.as_str(), &f.regions))
        .collect();
    let other_region = |a: &str, b: &str| !regions[a].iter().any(|r| regions[b].contains(r));
    for (key, c) in set.challenges.iter().filter(|(k, _)| part(k)) {
        let mut sgrade: HashMap<&str, u8> = HashMap::new();
        for j in &set.similar {
            if j.a == *key && other_region(&j.a, &j.b) {
                sgrade.insert(j.b.as_str(), j.grade);
            } else if j.b == *key && other_region(&j.a, &j.b) {
                sgrade.insert(j.a.as_str(), j.grade);
            }
        }
        let judged: Vec<u8> = sgrade.values().copied().collect();
        if !judged.iter().any(|g| *g >= 1) {
            continue;
        }
        let ranked: Vec<(String, u8)> = m
            .similar_challenges(c.id, 10)
            .into_iter()
            .map(|x| {
                let o = ckey[&x.id];
                (o.to_owned(), sgrade.get(o).copied().unwrap_or(0))
            })
            .collect();
        similar.push(key, ranked, &judged);
    }

    let figures = Figures {
        company_to_challenge: company.figures(),
        challenge_to_org: coordinator.figures(),
        similar_challenges: similar.figures(),
    };
    (
        figures,
        [company.results, coordinator.results, similar.results],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_on_small_cases() {
        assert_eq!(precision_at(&[2, 0, 1, 0, 0], 5), 0.4);
        assert_eq!(precision_at(&[1], 5), 0.2);
        assert!((ndcg_at(&[2, 1], &[1, 2], 10) - 1.0).abs() < 1e-9);
        let swapped = ndcg_at(&[1, 2], &[1, 2], 10);
        assert!(swapped < 1.0 && swapped > 0.7);
        assert_eq!(ndcg_at(&[0, 0], &[0], 10), 0.0);
    }
}
