//! Which of fi/sv/en a short text is written in, by counting common function words.
//!
//! A profile lists the languages the organisation works in, not the language of each text, and
//! stemming a Swedish sentence with the Finnish stemmer gives useless terms. Function words are
//! a reliable signal even in one-line summaries; on a tie the caller's hint (the first declared
//! language) wins.

use kehto_shared::Lang;

const FI: &[&str] = &[
    "ja", "on", "ei", "sekä", "tai", "joka", "jotka", "että", "ovat", "kanssa", "myös", "kun",
    "mutta", "jossa", "joiden", "sen", "tämä", "niin", "kuin", "mukaan", "avulla", "varten",
];
const SV: &[&str] = &[
    "och", "för", "som", "med", "att", "är", "på", "av", "till", "det", "en", "ett", "inom", "den",
    "har", "från", "eller", "vid", "om", "efter", "samt", "inte",
];
const EN: &[&str] = &[
    "the", "and", "for", "with", "of", "to", "is", "that", "in", "on", "a", "by", "are", "from",
    "or", "at", "as", "an", "their", "which", "who", "this",
];

/// The language `text` is most likely in; `hint` when nothing decides.
pub fn guess_lang(text: &str, hint: Lang) -> Lang {
    let mut counts = [0u32; 3];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        for (i, list) in [FI, SV, EN].iter().enumerate() {
            if list.contains(&w.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    let hint_index = Lang::ALL.iter().position(|l| *l == hint).unwrap_or(0);
    if best == 0 || counts[hint_index] == best {
        return hint;
    }
    let i = counts.iter().position(|c| *c == best).unwrap_or(hint_index);
    Lang::ALL[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_each_language_and_falls_back_to_the_hint() {
        assert_eq!(
            guess_lang(
                "Etäseurantaa ja turvallisuutta kotihoidon asiakkaille",
                Lang::En
            ),
            Lang::Fi
        );
        assert_eq!(
            guess_lang("Stöd för närståendevårdare på svenska och finska", Lang::Fi),
            Lang::Sv
        );
        assert_eq!(
            guess_lang("Remote monitoring of the home care clients", Lang::Fi),
            Lang::En
        );
        assert_eq!(guess_lang("Hoivatek Koti", Lang::Sv), Lang::Sv);
    }
}
