//! Short stop-word lists: the function words that would otherwise match nearly every document.
//!
//! Deliberately short — only words with no search value at all. Content words that happen to be
//! frequent in this domain (`hoito`, `vård`, `care`) are kept: they are what people search for.
//! The lists are sorted so that lookup is a binary search.

use kehto_shared::Lang;

#[rustfmt::skip]
const FI: &[&str] = &[
    "ei", "eikä", "eli", "ennen", "esim", "että", "he", "heidän", "hän", "ja", "jo", "joka",
    "jokin", "jolla", "jonka", "jos", "jossa", "josta", "jota", "jotka", "kanssa", "koska", "kuin",
    "kun", "me", "meidän", "mikä", "minä", "mitä", "mm", "mukaan", "mutta", "myös", "ne", "niiden",
    "niin", "noin", "nyt", "ole", "olemme", "olet", "oli", "olla", "on", "ovat", "se", "sekä", "sen",
    "siinä", "siis", "siitä", "sinä", "sitä", "tai", "te", "tms", "tuo", "tämä", "tämän",
    "tässä", "tästä", "tätä", "vaan", "vai", "vain", "vielä", "yms",
];

#[rustfmt::skip]
const SV: &[&str] = &[
    "alla", "att", "av", "de", "dem", "den", "denna", "dess", "det", "detta", "dig", "din", "du",
    "där", "efter", "eller", "en", "er", "ett", "från", "för", "genom", "han", "har", "hon", "hos",
    "hur", "inom", "inte", "jag", "kan", "man", "med", "men", "mot", "nu", "när", "och", "om",
    "oss", "på", "samt", "sig", "sin", "sina", "sitt", "ska", "skall", "som", "så", "till", "under",
    "upp", "ut", "utan", "vad", "var", "vi", "vid", "vilka", "vilken", "vilket", "än", "är", "även",
];

#[rustfmt::skip]
const EN: &[&str] = &[
    "about", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could",
    "do", "does", "for", "from", "had", "has", "have", "how", "if", "in", "into", "is", "it", "its",
    "may", "more", "not", "of", "on", "or", "our", "should", "so", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// Fragments of URLs and e-mail addresses, noise in every language.
const COMMON: &[&str] = &["com", "http", "https", "org", "www"];

fn list(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fi => FI,
        Lang::Sv => SV,
        Lang::En => EN,
    }
}

/// No stop word is longer than this (in bytes), which settles most tokens without a search.
const MAX_STOP_WORD_BYTES: usize = 8;

/// Whether `word` (lowercase) is a stop word of `lang`.
pub(crate) fn is_stop_word(lang: Lang, word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_BYTES
        && (list(lang).binary_search(&word).is_ok() || COMMON.binary_search(&word).is_ok())
}

/// Whether `word` is a stop word in any of the three languages (for queries, whose language is
/// unknown: a term that some language's index never stores could never match there).
pub(crate) fn is_stop_word_anywhere(word: &str) -> bool {
    Lang::ALL.iter().any(|l| is_stop_word(*l, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lowercase_and_unique() {
        for l in [FI, SV, EN, COMMON] {
            assert!(
                l.windows(2).all(|w| w[0] < w[1]),
                "not sorted/unique: {:?}",
                l.windows(2).find(|w| w[0] >= w[1])
            );
            assert!(
                l.iter()
                    .all(|w| w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()))
            );
            assert!(
                l.iter().all(|w| w.len() <= MAX_STOP_WORD_BYTES),
                "raise MAX_STOP_WORD_BYTES"
            );
        }
    }

    #[test]
    fn finds_words() {
        assert!(is_stop_word(Lang::Fi, "ja"));
        assert!(is_stop_word(Lang::Sv, "och"));
        assert!(is_stop_word(Lang::En, "the"));
        assert!(is_stop_word(Lang::En, "https"));
        assert!(!is_stop_word(Lang::Fi, "the"));
        assert!(!is_stop_word(Lang::Fi, "hoito"));
        assert!(is_stop_word_anywhere("och"));
        assert!(!is_stop_word_anywhere("vård"));
    }
}
