//! Finnish-specific repairs around the Snowball stemmer, and the consonant-gradation fold.
//!
//! The Snowball Finnish stemmer removes case endings but leaves the stem in whichever
//! consonant grade the ending demanded: `kotihoito` → `kotihoito` but `kotihoidon` → `kotihoido`;
//! `kenkä` → `kenk` but `kengän` → `keng`. The fold maps both grades onto one spelling so they
//! meet as equal keys. It is applied to the stem, identically at indexing and at query time, so
//! it only has to be *consistent*, not linguistically exact; the keys are never shown to anyone.
//!
//! The fold, in order:
//! 1. `d` → `t` (hoito/hoidon, lähde/lähteen, tervey-den/-ttä); `v` → `p` after a vowel
//!    (apu/avun, lupa/luvan, tapa/tavan).
//! 2. `ng` → `nk` (kenkä/kengän, Helsinki/Helsingin).
//! 3. A doubled consonant becomes single (tt/t, kk/k, pp/p, and the weak grades nn, ll, rr, mm),
//!    and the strong clusters take the same shape: `nt` → `n`, `lt` → `l`, `rt` → `r`, `mp` → `m`
//!    (kunto/kunnon, ilta/illan, lämpö/lämmön). Snowball itself already undoubles at the end of a
//!    stem, which is why the single consonant is the meeting point.
//! 4. One ending of the stem: `-uks`/`-yks` → drop `ks` (kuntoutus/kuntoutuksen); vowel + `s` →
//!    drop `s`, and vowel + `ut`/`yt` → drop `t` (terveys/terveyden/terveyttä,
//!    turvallisuus/turvallisuuden); otherwise a final vowel is dropped (kotihoito/kotihoitoa,
//!    nuoret → nuore/nuorten → nuor…). Nothing is shortened below three letters.
//!
//! Two repairs of the stemmer's input and output:
//! - `-inen` words inflect on `-ise-` (ihminen/ihmisen, digitaalinen/digitaalisen); Snowball
//!   stems the nominative differently (`ihmin` vs `ihmis`), so `-inen` is rewritten `-isen` first.
//! - Snowball strips `-si` and `-ni` as the possessive suffixes "your" and "my", which turns
//!   `lapsi` into `lap` (letting `lapsi` meet `Lappi`), `kumppani` into `kump` and `insuliini`
//!   into `insul`. After a consonant `-si` cannot be a possessive (possessive suffixes follow a
//!   vowel), so there only the `-i` is dropped: `lapsi` → `laps`, like `lapsen`. A word ending in
//!   `-ni` is stemmed as its genitive (`kumppani` as `kumppanin`): in the formal text of
//!   challenges nouns like `kumppani`, `insuliini` are common and "my …" is not.

use std::borrow::Cow;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'å')
}

fn is_consonant(c: char) -> bool {
    c.is_alphabetic() && !is_vowel(c)
}

/// Shortest stem (in characters) that the ending rules may leave.
const MIN_STEM_CHARS: usize = 3;

/// Rewrites the word before stemming: `-inen` → `-isen`, and `-ni` → `-nin` (see the module docs).
pub(crate) fn before_stem(word: &str) -> Cow<'_, str> {
    if let Some(base) = word.strip_suffix("inen")
        && base.chars().count() >= 2
    {
        return Cow::Owned(format!("{base}isen"));
    }
    if word.ends_with("ni") && word.chars().count() >= 5 {
        return Cow::Owned(format!("{word}n"));
    }
    Cow::Borrowed(word)
}

/// Repairs the stem Snowball produced for `word`: a consonant + `-si` was not a possessive.
pub(crate) fn after_stem<'a>(word: &str, stem: Cow<'a, str>) -> Cow<'a, str> {
    if let Some(base) = word.strip_suffix("si")
        && base.chars().next_back().is_some_and(is_consonant)
        && stem.as_ref() == base
    {
        let mut s = base.to_owned();
        s.push('s');
        return Cow::Owned(s);
    }
    stem
}

/// The consonant-gradation fold of a Finnish stem (see the module documentation).
#[cfg(test)]
pub(crate) fn fold_finnish(stem: &str) -> String {
    let mut out = String::new();
    fold_finnish_into(stem, &mut out);
    out
}

/// Appends the fold of `stem` to `out` (which may already hold a prefix such as the key's tag).
pub(crate) fn fold_finnish_into(stem: &str, out: &mut String) {
    let start = out.len();
    let mut prev: Option<char> = None;
    for c in stem.chars() {
        let c = match c {
            'd' => 't',
            'v' if prev.is_some_and(is_vowel) => 'p',
            other => other,
        };
        let pushed = match (prev, c) {
            (None, c) => Some(c),
            (Some('n'), 'g') => Some('k'),
            (Some(p), c) if p == c && is_consonant(c) => None,
            (Some('n' | 'l' | 'r'), 't') | (Some('m'), 'p') => None,
            (Some(_), c) => Some(c),
        };
        if let Some(c) = pushed {
            out.push(c);
            prev = Some(c);
        }
    }
    strip_ending(out, start);
}

/// Applies the ending rules to `s[start..]`.
fn strip_ending(s: &mut String, start: usize) {
    // The last three characters with their byte offsets, last first.
    let mut tail = [(0usize, ' '); 3];
    let mut n = 0usize;
    for (i, c) in s[start..].char_indices().rev().take(3) {
        tail[n] = (start + i, c);
        n += 1;
    }
    let total = s[start..].chars().count();
    let keep = |dropped: usize| total - dropped >= MIN_STEM_CHARS;
    let ch = |k: usize| if k < n { tail[k].1 } else { ' ' };
    let ks = n == 3 && matches!(ch(2), 'u' | 'y') && ch(1) == 'k' && ch(0) == 's' && keep(2);
    let vowel_s = n >= 2 && ch(0) == 's' && is_vowel(ch(1));
    let vowel_ut = n == 3 && ch(0) == 't' && matches!(ch(1), 'u' | 'y') && is_vowel(ch(2));
    let cut = if ks {
        Some(tail[1].0)
    } else if (vowel_s || vowel_ut || (n >= 1 && is_vowel(ch(0)))) && keep(1) {
        Some(tail[0].0)
    } else {
        None
    };
    if let Some(at) = cut {
        s.truncate(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_meet() {
        let pairs = [
            ("kotihoito", "kotihoido"),
            ("kenk", "keng"),
            ("apu", "avu"),
            ("lupa", "luva"),
            ("lämpö", "lämö"),
            ("kunto", "kuno"),
            ("mielenterveys", "mielenterveyd"),
            ("mielenterveys", "mielenterveyt"),
            ("turvallisuus", "turvallisuud"),
            ("kuntoutus", "kuntoutuks"),
            ("päivystys", "päivystyks"),
            ("ammat", "ammattilais"),
        ];
        for (strong, weak) in pairs {
            let (a, b) = (fold_finnish(strong), fold_finnish(weak));
            assert!(b.starts_with(&a) || a == b, "{strong} → {a}, {weak} → {b}");
        }
    }

    #[test]
    fn examples() {
        assert_eq!(fold_finnish("kotihoido"), "kotihoit");
        assert_eq!(fold_finnish("hoitaj"), "hoitaj");
        assert_eq!(fold_finnish("koti"), "kot");
        assert_eq!(fold_finnish("apu"), "apu", "never below three letters");
        assert_eq!(fold_finnish("lamp"), "lam");
    }

    #[test]
    fn repairs_around_the_stemmer() {
        assert_eq!(before_stem("ihminen"), "ihmisen");
        assert_eq!(before_stem("digitaalinen"), "digitaalisen");
        assert_eq!(before_stem("inen"), "inen");
        assert_eq!(before_stem("hoito"), "hoito");
        assert_eq!(before_stem("kumppani"), "kumppanin");
        assert_eq!(before_stem("poni"), "poni");
        assert_eq!(after_stem("lapsi", Cow::Borrowed("lap")), "laps");
        assert_eq!(
            after_stem("talosi", Cow::Borrowed("talo")),
            "talo",
            "a real possessive stays"
        );
        assert_eq!(after_stem("vuosi", Cow::Borrowed("vuosi")), "vuosi");
    }
}
