//! Text analysis for Kehto's challenge search: Finnish, Swedish and English text into search keys.
//!
//! Pure functions, no I/O. The backend stores what [`index_keys`] returns in a plain table
//! `(doc_id, key, weight)` with an index on `key`, and turns [`query_keys`] into SQL that works
//! the same on SQLite and PostgreSQL:
//!
//! ```sql
//! -- for every QueryTerm (all must match: AND), one EXISTS; its alternatives are ORed:
//! EXISTS (SELECT 1 FROM search_keys s WHERE s.doc_id = c.id AND (
//!     s.key = $alt1 OR s.key = $alt2 …                                -- prefix == false
//!     -- or, when prefix == true, for each alternative:
//!     (s.key >= $alt1 AND s.key < $alt1_upper) OR …                     -- prefix_upper_bound
//! ))
//! ```
//!
//! Prefix ranges compare strings by code point, which is what SQLite's default `BINARY` collation
//! does (UTF-8 byte order equals code-point order). On PostgreSQL declare the column
//! `key TEXT COLLATE "C"` (or compare with `COLLATE "C"`) so that the range means the same there.
//! A relevance score can be the sum over terms of the best matching key's `weight`.
//!
//! # How a key is made
//! 1. Tokens: Unicode-aware runs of letters and digits, in NFC, lowercased.
//! 2. Stop words of the language are dropped (short fi/sv/en lists).
//! 3. The Snowball stemmer of the language (rust-stemmers: Finnish, Swedish, English).
//! 4. Finnish only: repairs around the stemmer and a consonant-gradation fold, so that strong and
//!    weak grades meet (`kotihoito`, `kotihoidon`, `kotihoitoa` → `fi:kotihoit`).
//! 5. The key is the stem tagged with its language: `fi:kotihoit`, `sv:hemvård`, `en:monitor`.
//!
//! Finnish and Swedish compounds ending in a known head word also yield the head's key
//! (`kotihoidon` → also `fi:hoit`), so a search for `hoito` finds home care too.
//!
//! Queries are analysed by all three languages' analysers, because the searcher's language is
//! unknown; each word becomes one [`QueryTerm`] whose alternatives are its three keys.
//!
//! Example stems (see the tests for the full table): `kotihoidossa` → `fi:kotihoit`,
//! `lapsille` → `fi:laps`, `nuorten` → `fi:nuor` (`rt` and `rr` fold to `r`),
//! `mielenterveyden` → `fi:mielenervey`, `närståendevårdarna` → `sv:närståendevård`,
//! `monitored` → `en:monitor`.
//!
//! # Cost
//! The stemmers are built once (a `OnceLock`), and each distinct token of a document is analysed
//! once. A 2,000-word Finnish document with a realistic variety of words takes about 0.6 ms in
//! a release build (`cargo test -p kehto-text --release -- --ignored --nocapture speed`).

mod analyse;
mod fold;
mod stopwords;
mod tokenize;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub use kehto_shared::Lang;

use analyse::{Analyser, tag};
use stopwords::{is_stop_word, is_stop_word_anywhere};
use tokenize::for_each_token;

/// A query keeps at most this many terms; words beyond it are ignored (bounds the SQL).
pub const MAX_QUERY_TERMS: usize = 12;
/// A query word shorter than this (in characters) must match a key exactly.
pub const MIN_PREFIX_WORD_CHARS: usize = 4;
/// …and so must a word any of whose stems is shorter than this: `lappi` (`fi:lap`) must not
/// prefix-match `lapsi` (`fi:laps`).
pub const MIN_PREFIX_STEM_CHARS: usize = 4;

/// One word of a search query. A document matches the term if any alternative equals one of its
/// keys, or — when `prefix` is set — is a prefix of one of its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The word's key under each language's analyser, sorted and deduplicated.
    pub alternatives: Vec<String>,
    /// Whether keys merely starting with an alternative match too.
    pub prefix: bool,
}

impl QueryTerm {
    /// Whether this term matches one stored key: the reference semantics of the SQL above.
    pub fn matches_key(&self, key: &str) -> bool {
        self.alternatives.iter().any(|alt| {
            if self.prefix {
                key.starts_with(alt.as_str())
            } else {
                key == alt
            }
        })
    }
}

/// Whether a document with these keys matches every term (an empty query matches everything).
pub fn matches_document(terms: &[QueryTerm], keys: &[(String, u8)]) -> bool {
    terms
        .iter()
        .all(|t| keys.iter().any(|(k, _)| t.matches_key(k)))
}

/// The search keys of a document written in `lang`: each distinct key once, with the largest
/// weight of the fields it occurs in, sorted by key. `fields` are `(text, weight)`, e.g.
/// `[(title, 3), (summary, 2), (description, 1)]`; Markdown syntax is harmless. A compound's
/// head key gets the field weight minus one (at least 1).
///
/// Index each translation with its own language and combine the results with [`merge_keys`].
pub fn index_keys(lang: Lang, fields: &[(&str, u8)]) -> Vec<(String, u8)> {
    // Each distinct token is analysed once: collect them first with their largest weight (`None`
    // marks a stop word), then stem.
    let mut tokens: HashMap<String, Option<u8>, BuildHasherDefault<Fnv>> = HashMap::default();
    for &(text, weight) in fields {
        for_each_token(text, |token, _| match tokens.get_mut(token) {
            Some(Some(w)) => *w = (*w).max(weight),
            Some(None) => {}
            None => {
                let w = (!is_stop_word(lang, token)).then_some(weight);
                tokens.insert(token.to_owned(), w);
            }
        });
    }
    let analyser = Analyser::get();
    let mut out: Vec<(String, u8)> = Vec::with_capacity(tokens.len() + tokens.len() / 4);
    for (token, weight) in tokens {
        let Some(weight) = weight else { continue };
        out.push((analyser.key(lang, &token), weight));
        let part_weight = weight.saturating_sub(1).max(1);
        analyser.for_each_compound_tail(lang, &token, |k| out.push((k, part_weight)));
    }
    sort_dedup_max(&mut out);
    out
}

/// One word of a text in order, as [`token_keys`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    /// The word as it was written, lowercased (for showing which words matched).
    pub word: String,
    /// The word's key (`fi:kotihoit`), or `None` for a stop word (kept so that phrases do not
    /// match across one: "care of the home" is not "home care").
    pub key: Option<String>,
    /// Keys of the compound tails found in the word (see [`index_keys`]); empty for stop words.
    pub tails: Vec<String>,
}

/// The words of `text`, analysed as `lang`, in the order they occur: the input of phrase
/// matching (matchmaking's synonym table), where [`index_keys`]' sorted set would lose the
/// order. Same tokens, stop words and stems as [`index_keys`].
pub fn token_keys(lang: Lang, text: &str) -> Vec<TokenKey> {
    let analyser = Analyser::get();
    let mut out = Vec::new();
    for_each_token(text, |token, _| {
        if is_stop_word(lang, token) {
            out.push(TokenKey {
                word: token.to_owned(),
                key: None,
                tails: Vec::new(),
            });
            return;
        }
        let mut tails = Vec::new();
        analyser.for_each_compound_tail(lang, token, |k| tails.push(k));
        out.push(TokenKey {
            word: token.to_owned(),
            key: Some(analyser.key(lang, token)),
            tails,
        });
    });
    out
}

/// FNV-1a: a fast hash for the short tokens of one document (the input is not adversarial, and
/// SipHash would cost a noticeable share of the analysis time).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Sorts by key and keeps each key once, with its largest weight.
fn sort_dedup_max(keys: &mut Vec<(String, u8)>) {
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    keys.dedup_by(|later, first| later.0 == first.0);
}

/// Adds `more` to `into`, keeping each key once with its largest weight, sorted by key.
pub fn merge_keys(into: &mut Vec<(String, u8)>, more: impl IntoIterator<Item = (String, u8)>) {
    into.extend(more);
    sort_dedup_max(into);
}

/// The terms of a free-text query, in order, at most [`MAX_QUERY_TERMS`]. Words are analysed by
/// all three languages' analysers. `prefix` is set when the user wrote `word*`, or when the word
/// has at least [`MIN_PREFIX_WORD_CHARS`] characters and each of its stems at least
/// [`MIN_PREFIX_STEM_CHARS`]. Stop words (of any language) are dropped unless starred; an
/// empty result means the query had nothing searchable.
pub fn query_keys(q: &str) -> Vec<QueryTerm> {
    let analyser = Analyser::get();
    let mut terms: Vec<QueryTerm> = Vec::new();
    for_each_token(q, |token, starred| {
        if terms.len() >= MAX_QUERY_TERMS || (!starred && is_stop_word_anywhere(token)) {
            return;
        }
        let stems: Vec<String> = Lang::ALL.iter().map(|l| analyser.stem(*l, token)).collect();
        let long_enough = token.chars().count() >= MIN_PREFIX_WORD_CHARS
            && stems
                .iter()
                .all(|s| s.chars().count() >= MIN_PREFIX_STEM_CHARS);
        let mut alternatives: Vec<String> = Lang::ALL
            .iter()
            .zip(&stems)
            .map(|(l, s)| tag(*l, s))
            .collect();
        alternatives.sort_unstable();
        alternatives.dedup();
        let term = QueryTerm {
            alternatives,
            prefix: starred || long_enough,
        };
        if !terms.contains(&term) {
            terms.push(term);
        }
    });
    terms
}

/// The smallest string greater than every string that starts with `key`: the exclusive upper
/// bound of a prefix range, `key >= $k AND key < prefix_upper_bound($k)`. The last character is
/// replaced by its successor in code-point order (skipping the surrogate gap); a trailing
/// `U+10FFFF`, which has no successor, is dropped first. Keys of this crate always start with a
/// language tag, so the degenerate inputs (empty, or only `U+10FFFF`) never occur; for them the
/// result is `"\u{10FFFF}"`, above every key this crate produces.
pub fn prefix_upper_bound(key: &str) -> String {
    let mut s = key.to_owned();
    while let Some(last) = s.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(n) = next {
            s.push(n);
            return s;
        }
    }
    char::MAX.to_string()
}

#[cfg(test)]
mod tests;
