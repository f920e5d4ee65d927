//! Text into weighted terms: kehto-text's stems, with health-care concepts in place of the
//! words that name them.
//!
//! A term is either a language-tagged stem (`fi:kotihoit`, from kehto-text) or a concept
//! (`~home_care`, from the synonym table). With synonyms on, a phrase that names a concept
//! becomes the concept term (a compound whose first part or tail names a concept gives the
//! concept *and* its own stem). The count of a term is the sum of the weights of the fields it
//! occurs in, one per occurrence.

use std::collections::HashMap;

use kehto_shared::Lang;
use kehto_text::token_keys;

use crate::concepts::{ConceptId, Concepts};

/// The prefix that marks a concept term.
pub const CONCEPT_PREFIX: char = '~';

/// Terms of one document with their counts, and a surface form of each stem for reasons.
#[derive(Debug, Clone, Default)]
pub struct TermBag {
    pub counts: HashMap<String, f32>,
    /// The first word seen for each stem term (concepts are labelled from the table).
    pub surfaces: HashMap<String, String>,
}

/// The term of a concept.
pub fn concept_term(id: ConceptId) -> String {
    format!(
        "{CONCEPT_PREFIX}{}",
        Concepts::get().concepts[usize::from(id)].name
    )
}

/// The concept a term stands for, if it is a concept term.
pub fn term_concept(term: &str) -> Option<ConceptId> {
    let name = term.strip_prefix(CONCEPT_PREFIX)?;
    Concepts::get().id(name)
}

impl TermBag {
    /// Adds the terms of `text`, written in `lang`, each occurrence counting `weight`.
    /// With `boilerplate`, the words of the table's boilerplate line are dropped.
    pub fn add(&mut self, lang: Lang, text: &str, weight: f32, synonyms: bool, boilerplate: bool) {
        let tokens: Vec<_> = token_keys(lang, text)
            .into_iter()
            .filter(|t| t.key.is_some())
            .collect();
        let keys: Vec<&str> = tokens.iter().filter_map(|t| t.key.as_deref()).collect();
        let concepts = Concepts::get();
        let drop = concepts.boilerplate();
        let mut i = 0;
        while i < keys.len() {
            let hit = if synonyms || boilerplate {
                concepts.match_at(&keys, &tokens[i].tails, i)
            } else {
                None
            };
            if let Some(hit) = hit
                && Some(hit.concept) == drop
            {
                if boilerplate && !hit.partial {
                    i += hit.len;
                    continue;
                }
            } else if let Some(hit) = hit.filter(|_| synonyms) {
                *self.counts.entry(concept_term(hit.concept)).or_default() += weight;
                if hit.partial {
                    self.add_stem(keys[i], &tokens[i].word, weight);
                }
                i += hit.len;
                continue;
            }
            self.add_stem(keys[i], &tokens[i].word, weight);
            i += 1;
        }
    }

    fn add_stem(&mut self, key: &str, word: &str, weight: f32) {
        *self.counts.entry(key.to_owned()).or_default() += weight;
        if !self.surfaces.contains_key(key) {
            self.surfaces.insert(key.to_owned(), word.to_owned());
        }
    }

    /// The concepts present, for capability needs.
    pub fn concepts(&self) -> Vec<ConceptId> {
        let mut out: Vec<ConceptId> = self.counts.keys().filter_map(|t| term_concept(t)).collect();
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_turn_words_into_shared_concepts() {
        let mut fi = TermBag::default();
        fi.add(
            Lang::Fi,
            "Kotihoidon asiakkaiden etäseuranta",
            2.0,
            true,
            true,
        );
        let mut sv = TermBag::default();
        sv.add(
            Lang::Sv,
            "Distansuppföljning av klienter inom hemvården",
            1.0,
            true,
            true,
        );
        for c in ["~home_care", "~remote_monitoring"] {
            assert!(
                fi.counts.contains_key(c) && sv.counts.contains_key(c),
                "{c}"
            );
        }
        assert_eq!(fi.counts["~home_care"], 2.0);
        assert!(
            !fi.counts.keys().any(|k| k.starts_with("fi:asiak")),
            "boilerplate is dropped"
        );
        let mut plain = TermBag::default();
        plain.add(
            Lang::Fi,
            "Kotihoidon asiakkaiden etäseuranta",
            1.0,
            false,
            false,
        );
        assert!(plain.counts.keys().all(|k| k.starts_with("fi:")));
        assert_eq!(plain.surfaces["fi:kotihoit"], "kotihoidon");
    }
}
