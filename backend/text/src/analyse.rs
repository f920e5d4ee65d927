//! Turning one lowercase token into a search key, per language, and finding compound heads.
//!
//! A key is `<lang>:<stem>`, e.g. `fi:kotihoit`, `sv:hemvård`, `en:monitor`. The language tag
//! keeps the three analysers apart: a query is analysed by all three and each alternative can
//! only meet keys that the same analyser produced, so a Swedish stem never prefix-matches an
//! unrelated Finnish one.
//!
//! Compound words: Finnish and Swedish write compounds as one word (`kotihoito`, `hemvård`). When
//! a word contains a known *head* word (a short list of the domain's common last parts: `hoito`,
//! `seuranta`, `terveys`, `vård`, …) after at least three letters, the tail from that point is
//! analysed too and stored as an extra key, so that `hoito` finds `kotihoidon` and `vård` finds
//! `hemvården`. Queries are never split: `kotihoito` must not find every `hoito`.

use std::sync::OnceLock;

use kehto_shared::Lang;
use rust_stemmers::{Algorithm, Stemmer};

use crate::fold;

/// Finnish compound heads, as the letters every inflected form begins with.
#[rustfmt::skip]
const FI_HEADS: &[&str] = &[
    "apuväline", "asiakas", "asiakkai", "hoi", "hyvinvoin", "kumppan", "kunto", "kysely", "laite", "laitte",
    "lääke", "mittau", "ohjau", "ohjel", "palvel", "perhe", "potila", "päivysty", "ratkaisu",
    "seula", "seura", "sovellu", "teknologi", "tervey", "tuki", "turvallisuu", "valvon", "video",
];

/// Swedish compound heads.
#[rustfmt::skip]
const SV_HEADS: &[&str] = &[
    "boende", "hälsa", "hälso", "lösning", "omsorg", "stöd", "teknik", "tjänst", "vård",
];

/// A compound head must be preceded by at least this many letters…
const MIN_MODIFIER_CHARS: usize = 3;
/// …and the tail from the head on must be at least this long.
const MIN_TAIL_CHARS: usize = 4;
/// At most this many tails per word (long compounds could otherwise produce many).
const MAX_TAILS: usize = 3;

/// The stemmers and the compound-head tables, built once.
pub(crate) struct Analyser {
    fi: Stemmer,
    sv: Stemmer,
    en: Stemmer,
    /// Heads grouped by their first byte, so a word is scanned without trying every head.
    fi_heads: [Vec<&'static str>; 256],
    sv_heads: [Vec<&'static str>; 256],
}

fn by_first_byte(heads: &[&'static str]) -> [Vec<&'static str>; 256] {
    let mut table: [Vec<&'static str>; 256] = std::array::from_fn(|_| Vec::new());
    for h in heads {
        if let Some(b) = h.bytes().next() {
            table[usize::from(b)].push(h);
        }
    }
    table
}

impl Analyser {
    /// The shared instance.
    pub(crate) fn get() -> &'static Analyser {
        static ANALYSER: OnceLock<Analyser> = OnceLock::new();
        ANALYSER.get_or_init(|| Analyser {
            fi: Stemmer::create(Algorithm::Finnish),
            sv: Stemmer::create(Algorithm::Swedish),
            en: Stemmer::create(Algorithm::English),
            fi_heads: by_first_byte(FI_HEADS),
            sv_heads: by_first_byte(SV_HEADS),
        })
    }

    /// The untagged stem of one lowercase token under `lang`'s analyser.
    pub(crate) fn stem(&self, lang: Lang, word: &str) -> String {
        let mut out = String::with_capacity(word.len());
        self.stem_into(lang, word, &mut out);
        out
    }

    /// The key (`<lang>:<stem>`) of one lowercase token.
    pub(crate) fn key(&self, lang: Lang, word: &str) -> String {
        let mut out = String::with_capacity(word.len() + 3);
        out.push_str(lang.code());
        out.push(':');
        self.stem_into(lang, word, &mut out);
        out
    }

    /// Appends the stem of `word` to `out`.
    fn stem_into(&self, lang: Lang, word: &str, out: &mut String) {
        let start = out.len();
        match lang {
            Lang::Fi => {
                let input = fold::before_stem(word);
                let stem = self.fi.stem(&input);
                let stem = fold::after_stem(word, stem);
                fold::fold_finnish_into(&stem, out);
            }
            Lang::Sv => out.push_str(&self.sv.stem(word)),
            Lang::En => out.push_str(&self.en.stem(word)),
        }
        if out.len() == start {
            out.push_str(word);
        }
    }

    /// Calls `f` with the key of each compound tail found in `word` (see the module docs).
    pub(crate) fn for_each_compound_tail(&self, lang: Lang, word: &str, mut f: impl FnMut(String)) {
        let heads = match lang {
            Lang::Fi => &self.fi_heads,
            Lang::Sv => &self.sv_heads,
            Lang::En => return,
        };
        let mut found = 0;
        // Walk character boundaries, counting the letters before each.
        for (chars_before, (i, _)) in word.char_indices().enumerate() {
            if chars_before < MIN_MODIFIER_CHARS {
                continue;
            }
            let tail = &word[i..];
            let Some(first) = tail.bytes().next() else {
                break;
            };
            if heads[usize::from(first)]
                .iter()
                .any(|h| tail.starts_with(h))
                && tail.chars().count() >= MIN_TAIL_CHARS
            {
                f(self.key(lang, tail));
                found += 1;
                if found == MAX_TAILS {
                    break;
                }
            }
        }
    }
}

/// `<lang>:<stem>`.
pub(crate) fn tag(lang: Lang, stem: &str) -> String {
    let mut key = String::with_capacity(stem.len() + 3);
    key.push_str(lang.code());
    key.push(':');
    key.push_str(stem);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tails(lang: Lang, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        Analyser::get().for_each_compound_tail(lang, word, |k| out.push(k));
        out
    }

    #[test]
    fn heads_are_sorted_and_lowercase() {
        for l in [FI_HEADS, SV_HEADS] {
            assert!(l.windows(2).all(|w| w[0] < w[1]));
            assert!(l.iter().all(|w| w.chars().all(char::is_lowercase)));
        }
    }

    #[test]
    fn finds_compound_tails() {
        assert_eq!(tails(Lang::Fi, "kotihoidon"), ["fi:hoit"]);
        assert_eq!(tails(Lang::Fi, "etäseurannan"), ["fi:seuran"]);
        assert_eq!(tails(Lang::Fi, "omaishoitajille"), ["fi:hoitaj"]);
        assert_eq!(tails(Lang::Fi, "innovaatiokumppanuus"), ["fi:kumanuu"]);
        assert_eq!(tails(Lang::Sv, "hemvården"), ["sv:vård"]);
        assert!(
            tails(Lang::Fi, "hoito").is_empty(),
            "a head alone is not a compound"
        );
        assert!(tails(Lang::En, "homecare").is_empty());
    }
}
