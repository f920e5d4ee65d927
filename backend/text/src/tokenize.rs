//! Splitting text into lowercase word tokens.
//!
//! A token is a maximal run of alphanumeric characters (Unicode-aware, so `å ä ö` and other
//! letters stay inside words); everything else — spaces, punctuation, hyphens, Markdown syntax —
//! separates tokens. Hyphenated compounds such as `sote-palvelut` therefore give two tokens.
//! Input is brought to Unicode NFC first (cheaply: only when the quick check says it is not
//! already), so that an `ä` typed as `a` + combining diaeresis is the same letter.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Tokens shorter than this (in characters) carry no meaning worth indexing.
pub(crate) const MIN_TOKEN_CHARS: usize = 2;
/// Longer tokens are junk (hashes, base64, run-together URLs) and are skipped.
pub(crate) const MAX_TOKEN_CHARS: usize = 48;

/// `text` in NFC, borrowed when it already is (the common case).
fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        IsNormalized::No | IsNormalized::Maybe => Cow::Owned(text.nfc().collect()),
    }
}

/// Fast path for the Latin-1 letters À–ÿ (which include å ä ö): the lowercase letter, or `None`
/// for anything else (× and ÷ are not letters; other characters take the general path).
fn latin1_letter_lowercase(c: char) -> Option<char> {
    match c {
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(u32::from(c) + 0x20),
        '\u{DF}'..='\u{FF}' if c != '\u{F7}' => Some(c),
        _ => None,
    }
}

/// Calls `f(token, followed_by_star)` for every token of `text`, lowercased. The flag tells
/// whether the character right after the token is `*` (a prefix query such as `koti*`).
/// One buffer is reused for all tokens, so the callback receives a borrowed `&str`.
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(&str, bool)) {
    let text = nfc(text);
    let mut buf = String::with_capacity(32);
    let mut chars = 0usize;
    let mut emit = |buf: &mut String, chars: &mut usize, star: bool| {
        if (MIN_TOKEN_CHARS..=MAX_TOKEN_CHARS).contains(chars) {
            f(buf, star);
        }
        buf.clear();
        *chars = 0;
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            buf.push(c.to_ascii_lowercase());
            chars += 1;
        } else if let Some(l) = latin1_letter_lowercase(c) {
            buf.push(l);
            chars += 1;
        } else if !c.is_ascii() && c.is_alphanumeric() {
            buf.extend(c.to_lowercase());
            chars += 1;
        } else if chars > 0 {
            emit(&mut buf, &mut chars, c == '*');
        }
    }
    if chars > 0 {
        emit(&mut buf, &mut chars, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for_each_token(text, |t, star| out.push((t.to_owned(), star)));
        out
    }

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn splits_on_punctuation_and_keeps_nordic_letters() {
        assert_eq!(
            words("## Kotihoidon ETÄSEURANTA: sote-palvelut, Närståendevård (2025)!"),
            [
                "kotihoidon",
                "etäseuranta",
                "sote",
                "palvelut",
                "närståendevård",
                "2025"
            ]
        );
    }

    #[test]
    fn drops_single_letters_and_overlong_tokens() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(words(&format!("a b cd {long} ef")), ["cd", "ef"]);
    }

    #[test]
    fn latin1_fast_path_agrees_with_unicode() {
        for c in '\u{C0}'..='\u{FF}' {
            let expected = c
                .is_alphanumeric()
                .then(|| c.to_lowercase().collect::<String>());
            assert_eq!(
                latin1_letter_lowercase(c).map(String::from),
                expected,
                "{c}"
            );
        }
    }

    #[test]
    fn normalises_decomposed_letters() {
        // "ä" written as "a" + U+0308 COMBINING DIAERESIS.
        assert_eq!(words("la\u{308}a\u{308}kehoito"), ["lääkehoito"]);
    }

    #[test]
    fn marks_a_trailing_star() {
        assert_eq!(
            tokens("koti* hoito *x mielen*terveys"),
            [
                ("koti".into(), true),
                ("hoito".into(), false),
                ("mielen".into(), true),
                ("terveys".into(), false)
            ]
        );
    }
}
