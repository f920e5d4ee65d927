//! Bridges the text analyser (`kehto-text`) and the store: which texts of a challenge are
//! indexed with what weight, and how a board query becomes database search terms.

use std::collections::HashMap;

use kehto_shared::Lang;
use kehto_shared::challenge::ChallengeInput;

use crate::db::board::SearchTerm;

const TITLE: u8 = 3;
const SUMMARY: u8 = 2;
const BODY: u8 = 1;

/// Search keys of a challenge: its texts in their own language, every translation in its
/// language, and the theme labels in all three languages (so `kotihoito` finds a challenge
/// tagged "home care" even when its text says something else).
pub fn challenge_keys(input: &ChallengeInput, region_names: &[String]) -> Vec<(String, i32)> {
    let mut best: HashMap<String, u8> = HashMap::new();
    let mut add = |keys: Vec<(String, u8)>| {
        for (k, w) in keys {
            let e = best.entry(k).or_insert(0);
            *e = (*e).max(w);
        }
    };
    add(kehto_text::index_keys(
        input.content_lang,
        &[
            (&input.title, TITLE),
            (&input.summary, SUMMARY),
            (&input.description, BODY),
        ],
    ));
    for t in &input.translations {
        add(kehto_text::index_keys(
            t.lang,
            &[
                (&t.title, TITLE),
                (&t.summary, SUMMARY),
                (&t.description, BODY),
            ],
        ));
    }
    for lang in Lang::ALL {
        let labels: Vec<&str> = input.themes.iter().map(|t| t.label(lang)).collect();
        let joined = labels.join(". ");
        let regions = region_names.join(". ");
        add(kehto_text::index_keys(
            lang,
            &[(&joined, BODY), (&regions, BODY)],
        ));
    }
    let mut keys: Vec<(String, i32)> = best.into_iter().map(|(k, w)| (k, i32::from(w))).collect();
    keys.sort();
    keys
}

/// The board's free-text query as database terms (all must match).
pub fn board_terms(q: &str) -> Vec<SearchTerm> {
    kehto_text::query_keys(q)
        .into_iter()
        .take(8)
        .map(|t| SearchTerm {
            upper_bounds: t.prefix.then(|| {
                t.alternatives
                    .iter()
                    .map(|a| kehto_text::prefix_upper_bound(a))
                    .collect()
            }),
            alternatives: t.alternatives,
        })
        .filter(|t| !t.alternatives.is_empty())
        .collect()
}

/// Whether a challenge with search `keys` matches the free-text query `q` the way the board
/// would: every query term by one of its alternatives, exactly or (for prefix terms) as a prefix.
pub fn text_matches(keys: &[(String, i32)], q: &str) -> bool {
    let terms = board_terms(q);
    // Words that leave no search terms (only stop words or punctuation) match nothing.
    !terms.is_empty()
        && terms.iter().all(|term| {
            term.alternatives.iter().any(|alt| {
                keys.iter().any(|(k, _)| {
                    k == alt || (term.upper_bounds.is_some() && k.starts_with(alt.as_str()))
                })
            })
        })
}

/// The texts of an organisation profile to index, borrowed from the name and the input.
pub struct ProfileTexts<'a> {
    pub name: &'a str,
    pub input: &'a kehto_shared::profile::OrgProfileInput,
}

/// Search keys of an organisation profile for the directory. The texts carry no language tag,
/// so they are analysed in each of the profile's languages (Finnish when none is given); theme
/// and capability labels are indexed in all three languages, like a challenge's themes.
pub fn profile_keys(p: &ProfileTexts<'_>) -> Vec<(String, i32)> {
    let input = p.input;
    let langs: Vec<Lang> = if input.languages.is_empty() {
        vec![Lang::Fi]
    } else {
        input.languages.clone()
    };
    let mut keys: Vec<(String, u8)> = Vec::new();
    for lang in &langs {
        let mut fields: Vec<(&str, u8)> = vec![
            (p.name, TITLE),
            (&input.summary, SUMMARY),
            (&input.description, BODY),
        ];
        for o in &input.offerings {
            fields.push((&o.name, SUMMARY));
            fields.push((&o.description, BODY));
        }
        kehto_text::merge_keys(&mut keys, kehto_text::index_keys(*lang, &fields));
    }
    for lang in Lang::ALL {
        let themes: Vec<&str> = input.themes.iter().map(|t| t.label(lang)).collect();
        let capabilities: Vec<&str> = input.capabilities.iter().map(|c| c.label(lang)).collect();
        let (themes, capabilities) = (themes.join(". "), capabilities.join(". "));
        kehto_text::merge_keys(
            &mut keys,
            kehto_text::index_keys(lang, &[(&themes, BODY), (&capabilities, BODY)]),
        );
    }
    keys.into_iter().map(|(k, w)| (k, i32::from(w))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehto_shared::profile::OrgProfileInput;

    #[test]
    fn profile_text_is_found_by_an_inflected_or_shorter_word() {
        let input = OrgProfileInput {
            description: "Kehitämme etäseurantaratkaisuja kotihoidon asiakkaille.".into(),
            ..Default::default()
        };
        let keys = profile_keys(&ProfileTexts {
            name: "Hoivatek Oy",
            input: &input,
        });
        for q in ["etäseuranta", "kotihoito", "hoivatek"] {
            assert!(text_matches(&keys, q), "{q}: {keys:?}");
        }
        assert!(!text_matches(&keys, "robotiikka"));
    }
}
