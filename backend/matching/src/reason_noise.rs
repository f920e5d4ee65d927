//! Everyday words that may well be shared by a challenge and an offering, and count a little
//! in the score, but explain nothing to a reader ("kautta", "ilman", "cirka", "via"). Reasons
//! leave them out; scoring keeps them (the evaluation figures are measured with them).
//! Compared with a word as written, lower-cased. Sorted, for a binary search.

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "across", "after", "alla", "alle", "annan", "any", "avulla", "before", "bland", "cirka",
    "each", "eri", "esimerkiksi", "ett", "hyvin", "ilman", "jne", "joka", "kahdessa",
    "kautta", "kuten", "lisäksi", "many", "mellan", "monia", "muun", "new", "nykyisin", "också",
    "olika", "osalta", "other", "over", "per", "sekä", "several", "uusi", "uusia", "via",
    "vuodessa", "vuosittain", "välillä", "within", "without", "yli", "år", "året",
];

/// Whether `word` (as written) says nothing in a reason.
pub fn is_noise(word: &str) -> bool {
    WORDS.binary_search(&word.to_lowercase().as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_lower_case() {
        assert!(WORDS.windows(2).all(|w| w[0] < w[1]), "keep WORDS sorted");
        assert!(WORDS.iter().all(|w| w.to_lowercase() == *w));
    }

    #[test]
    fn everyday_words_are_noise_and_content_words_are_not() {
        for w in ["kautta", "Ilman", "vuodessa", "cirka", "via"] {
            assert!(is_noise(w), "{w}");
        }
        for w in ["kotihoito", "etäseuranta", "hemvård", "fhir"] {
            assert!(!is_noise(w), "{w}");
        }
    }
}
