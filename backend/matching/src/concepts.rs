//! The hand-made health-care synonym table (`data/concepts.txt`) and phrase matching over
//! analysed text.
//!
//! Each concept lists terms in Finnish, Swedish and English. A term is analysed by its own
//! language's analyser into a sequence of keys (`kotihoito` → `[fi:kotihoit]`, `home care` →
//! `[en:home, en:care]`), so inflected forms in a document meet it. Matching walks a document's
//! keys left to right and takes the longest phrase starting at each word. A one-word Finnish or
//! Swedish term whose stem has at least [`MIN_COMPOUND_STEM`] letters also matches as the first
//! part of a compound (`etäseuranta` in `etäseurantaratkaisun`), and a compound's tail (from
//! kehto-text's head list, e.g. `…hoidon` → `hoito`) is looked up too.
//!
//! The table is data, compiled in with `include_str!` and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

use kehto_shared::Lang;
use kehto_shared::profile::Capability;
use kehto_text::token_keys;

/// A one-word fi/sv term matches the start of a longer word if its stem is at least this long.
pub const MIN_COMPOUND_STEM: usize = 6;

const TABLE: &str = include_str!("../data/concepts.txt");

/// Index of a concept in the table.
pub type ConceptId = u16;

/// The name of the boilerplate line: its terms are dropped rather than replaced.
pub const BOILERPLATE: &str = "-";

/// One concept: its name and its terms per language (for showing reasons).
#[derive(Debug)]
pub struct Concept {
    pub name: String,
    /// The first term of each language, as written in the table: the concept's label.
    pub labels: [String; 3],
}

/// The parsed table.
#[derive(Debug)]
pub struct Concepts {
    pub concepts: Vec<Concept>,
    /// Phrases by their first key: (the remaining keys, concept).
    phrases: HashMap<String, Vec<(Vec<String>, ConceptId)>>,
    /// One-word fi/sv terms that may start a compound: key → concept.
    compound_starts: HashMap<String, ConceptId>,
    /// Per capability (in `Capability::ALL` order), the concepts that signal a need for it.
    capability_concepts: Vec<Vec<ConceptId>>,
}

/// A concept found in a text: which one and how many words it covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub concept: ConceptId,
    /// Words consumed from the position where it started (1 for compound starts and tails).
    pub len: usize,
    /// Whether only a part of the word matched (the rest of the word still counts as a term).
    pub partial: bool,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

impl Concepts {
    /// The shared table.
    pub fn get() -> &'static Concepts {
        static TABLE_ONCE: OnceLock<Concepts> = OnceLock::new();
        TABLE_ONCE.get_or_init(|| Concepts::parse(TABLE))
    }

    /// Parses the table format described in `data/concepts.txt`. Malformed lines are skipped
    /// (the unit tests check that the shipped table has none).
    pub fn parse(text: &str) -> Concepts {
        let mut out = Concepts {
            concepts: Vec::new(),
            phrases: HashMap::new(),
            compound_starts: HashMap::new(),
            capability_concepts: vec![Vec::new(); Capability::ALL.len()],
        };
        let mut capability_lines: Vec<(&str, &str)> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, rest)) = line.split_once(':') else {
                continue;
            };
            if let Some(cap) = name.strip_prefix('@') {
                capability_lines.push((cap.trim(), rest));
                continue;
            }
            let parts: Vec<&str> = rest.split('|').collect();
            if parts.len() != 3 {
                continue;
            }
            let id = out.concepts.len() as ConceptId;
            let mut labels: [String; 3] = Default::default();
            for (lang, part) in Lang::ALL.iter().zip(&parts) {
                let terms: Vec<&str> = part
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect();
                if let Some(first) = terms.first() {
                    labels[lang_index(*lang)] = (*first).to_owned();
                }
                for term in terms {
                    out.add_term(*lang, term, id);
                }
            }
            out.concepts.push(Concept {
                name: name.trim().to_owned(),
                labels,
            });
        }
        for (cap, rest) in capability_lines {
            let Some(i) = Capability::ALL.iter().position(|c| c.code() == cap) else {
                continue;
            };
            for name in rest.split(',').map(str::trim) {
                if let Some(id) = out.id(name) {
                    out.capability_concepts[i].push(id);
                }
            }
        }
        out
    }

    fn add_term(&mut self, lang: Lang, term: &str, id: ConceptId) {
        let keys: Vec<String> = token_keys(lang, term)
            .into_iter()
            .filter_map(|t| t.key)
            .collect();
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        if rest.is_empty() && lang != Lang::En && first.chars().count() >= MIN_COMPOUND_STEM + 3 {
            self.compound_starts.entry(first.clone()).or_insert(id);
        }
        let entry = self.phrases.entry(first.clone()).or_default();
        if !entry.iter().any(|(r, _)| r.as_slice() == rest) {
            entry.push((rest.to_vec(), id));
            // Longest phrases first, so the first that matches is the longest.
            entry.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        }
    }

    /// The id of the boilerplate line, if the table has one.
    pub fn boilerplate(&self) -> Option<ConceptId> {
        self.id(BOILERPLATE)
    }

    /// The concept with this name.
    pub fn id(&self, name: &str) -> Option<ConceptId> {
        self.concepts
            .iter()
            .position(|c| c.name == name)
            .map(|i| i as ConceptId)
    }

    /// The label of a concept in `lang` (falls back to English, then the name).
    pub fn label(&self, id: ConceptId, lang: Lang) -> &str {
        let Some(c) = self.concepts.get(usize::from(id)) else {
            return "";
        };
        let l = &c.labels[lang_index(lang)];
        if !l.is_empty() {
            return l;
        }
        let en = &c.labels[2];
        if en.is_empty() { &c.name } else { en }
    }

    /// The concepts whose mention in a challenge signals a need for `capability`.
    pub fn capability_concepts(&self, capability: Capability) -> &[ConceptId] {
        Capability::ALL
            .iter()
            .position(|c| *c == capability)
            .and_then(|i| self.capability_concepts.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The concept starting at `keys[at]`, if any: the longest phrase, else a compound start
    /// (the longest stem prefix of the word), else a compound tail of the word.
    pub fn match_at(&self, keys: &[&str], tails: &[String], at: usize) -> Option<Hit> {
        let first = *keys.get(at)?;
        if let Some(candidates) = self.phrases.get(first) {
            for (rest, id) in candidates {
                let end = at + 1 + rest.len();
                if end <= keys.len() && keys[at + 1..end].iter().zip(rest).all(|(a, b)| *a == b) {
                    return Some(Hit {
                        concept: *id,
                        len: 1 + rest.len(),
                        partial: false,
                    });
                }
            }
        }
        // Compound start: the longest prefix of the key (at a character boundary) that is a
        // compound-starting term. `fi:` takes three bytes.
        let boundaries: Vec<usize> = first.char_indices().map(|(i, _)| i).collect();
        for &end in boundaries.iter().rev() {
            if end < MIN_COMPOUND_STEM + 3 {
                break;
            }
            if let Some(id) = self.compound_starts.get(&first[..end]) {
                return Some(Hit {
                    concept: *id,
                    len: 1,
                    partial: true,
                });
            }
        }
        for tail in tails {
            if let Some(candidates) = self.phrases.get(tail.as_str())
                && let Some((_, id)) = candidates.iter().find(|(r, _)| r.is_empty())
            {
                return Some(Hit {
                    concept: *id,
                    len: 1,
                    partial: true,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concepts_in(lang: Lang, text: &str) -> Vec<String> {
        let c = Concepts::get();
        let toks: Vec<_> = token_keys(lang, text)
            .into_iter()
            .filter(|t| t.key.is_some())
            .collect();
        let keys: Vec<&str> = toks.iter().filter_map(|t| t.key.as_deref()).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            match c.match_at(&keys, &toks[i].tails, i) {
                Some(h) => {
                    let name = &c.concepts[usize::from(h.concept)].name;
                    if name != BOILERPLATE {
                        out.push(name.clone());
                    }
                    i += h.len;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn the_shipped_table_parses_completely() {
        let c = Concepts::get();
        let lines = TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with('@'))
            .count();
        assert!(c.boilerplate().is_some());
        assert_eq!(
            c.concepts.len(),
            lines,
            "every concept line has three parts"
        );
        for cap in Capability::ALL {
            assert!(!c.capability_concepts(cap).is_empty(), "{cap:?}");
        }
        let mut names: Vec<&str> = c.concepts.iter().map(|x| x.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), c.concepts.len(), "concept names are unique");
    }

    #[test]
    fn home_care_meets_across_languages_and_inflections() {
        assert_eq!(concepts_in(Lang::Fi, "kotihoidon asiakkaat"), ["home_care"]);
        assert_eq!(concepts_in(Lang::Sv, "inom hemvården"), ["home_care"]);
        assert_eq!(concepts_in(Lang::En, "Home care clients"), ["home_care"]);
        assert_eq!(
            concepts_in(Lang::Fi, "etäseurantaratkaisun"),
            ["remote_monitoring"]
        );
        assert_eq!(
            concepts_in(Lang::Sv, "psykisk ohälsa hos vuxna"),
            ["mental_health"]
        );
    }

    #[test]
    fn the_longest_phrase_wins() {
        assert_eq!(
            concepts_in(Lang::En, "clinical decision support"),
            ["decision_support"]
        );
        assert_eq!(
            concepts_in(Lang::Fi, "sijaisperheiden tuki"),
            ["foster_care"]
        );
        assert_eq!(concepts_in(Lang::Fi, "sijaisten välitys"), ["substitute"]);
    }
}
