//! Why a match was made: structured facts, and their rendering in Finnish, Swedish or English.
//!
//! The structure is what the API will return (the front end may lay it out as it likes); the
//! rendering is one line such as
//! `Offering “Hoivatek Koti” matches: home care, remote monitoring · themes: Home care ·
//! TRL 8 within 6–8 · available in Finnish · offered in Pirkanmaa`.

use kehto_shared::Lang;
use kehto_shared::challenge::Theme;
use kehto_shared::profile::Capability;
use kehto_shared::regions::region_by_code;
use serde::{Deserialize, Serialize};

use crate::concepts::Concepts;
use crate::signals::{RegionFit, TrlPosition};

/// Who reads the reasons, which decides the opening words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reader {
    /// A company member looking at recommended challenges: "Your offering … matches".
    Company,
    /// A coordinator looking at organisations to invite: "Offering … matches".
    Coordinator,
    /// Anyone looking at similar challenges: "Similar need".
    SimilarChallenge,
}

/// A shared term: a concept of the synonym table, or a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedTerm {
    /// The concept's name in the table, e.g. `home_care`; shown by its label in each language.
    Concept(String),
    /// A word as written in the matched document (e.g. a product or method name).
    Word(String),
}

/// The offering that carried the match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingRef {
    /// Position in the organisation's list of offerings.
    pub index: usize,
    pub name: String,
}

/// TRL of the offering against the challenge's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrlReason {
    pub trl: u8,
    pub min: u8,
    pub max: u8,
    pub position: TrlPosition,
}

/// The language in which the solution serves the challenge's users, or — when `available` is
/// false — the challenge's language that it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageReason {
    pub lang: Lang,
    pub available: bool,
}

/// Everything that speaks for (or against) one match.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reasons {
    pub offering: Option<OfferingRef>,
    pub terms: Vec<MatchedTerm>,
    pub themes: Vec<Theme>,
    pub capabilities: Vec<Capability>,
    pub trl: Option<TrlReason>,
    pub language: Option<LanguageReason>,
    pub region: Option<RegionFit>,
}

fn lang_name(of: Lang, in_lang: Lang) -> &'static str {
    match (in_lang, of) {
        (Lang::Fi, Lang::Fi) => "suomeksi",
        (Lang::Fi, Lang::Sv) => "ruotsiksi",
        (Lang::Fi, Lang::En) => "englanniksi",
        (Lang::Sv, Lang::Fi) => "på finska",
        (Lang::Sv, Lang::Sv) => "på svenska",
        (Lang::Sv, Lang::En) => "på engelska",
        (Lang::En, Lang::Fi) => "in Finnish",
        (Lang::En, Lang::Sv) => "in Swedish",
        (Lang::En, Lang::En) => "in English",
    }
}

fn region_name(code: &str, lang: Lang) -> String {
    match region_by_code(code) {
        Some(r) => match lang {
            Lang::Fi => r.name_fi,
            Lang::Sv => r.name_sv,
            Lang::En => r.name_en,
        }
        .to_owned(),
        None => code.to_owned(),
    }
}

fn pick(lang: Lang, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

impl Reasons {
    /// The reasons as one line in `lang`, worded for `reader`.
    pub fn render(&self, lang: Lang, reader: Reader) -> String {
        let concepts = Concepts::get();
        let mut parts: Vec<String> = Vec::new();
        let opening = match (&self.offering, reader) {
            (_, Reader::SimilarChallenge) => pick(
                lang,
                "Samankaltainen tarve",
                "Liknande behov",
                "Similar need",
            )
            .to_owned(),
            (Some(o), Reader::Company) => match lang {
                Lang::Fi => format!("Tarjoomasi ”{}” vastaa", o.name),
                Lang::Sv => format!("Ert erbjudande ”{}” motsvarar", o.name),
                Lang::En => format!("Your offering “{}” matches", o.name),
            },
            (Some(o), Reader::Coordinator) => match lang {
                Lang::Fi => format!("Tarjooma ”{}” vastaa", o.name),
                Lang::Sv => format!("Erbjudandet ”{}” motsvarar", o.name),
                Lang::En => format!("Offering “{}” matches", o.name),
            },
            (None, Reader::Company) => pick(
                lang,
                "Profiilisi vastaa",
                "Er profil motsvarar",
                "Your profile matches",
            )
            .to_owned(),
            (None, Reader::Coordinator) => pick(
                lang,
                "Profiili vastaa",
                "Profilen motsvarar",
                "Profile matches",
            )
            .to_owned(),
        };
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|t| match t {
                MatchedTerm::Concept(name) => concepts
                    .id(name)
                    .map_or_else(|| name.clone(), |id| concepts.label(id, lang).to_owned()),
                MatchedTerm::Word(w) => w.clone(),
            })
            .collect();
        if !terms.is_empty() {
            parts.push(terms.join(", "));
        }
        if !self.themes.is_empty() {
            let names: Vec<&str> = self.themes.iter().map(|t| t.label(lang)).collect();
            parts.push(format!(
                "{}: {}",
                pick(lang, "teemat", "teman", "themes"),
                names.join(", ")
            ));
        }
        if !self.capabilities.is_empty() {
            let names: Vec<&str> = self.capabilities.iter().map(|c| c.label(lang)).collect();
            parts.push(format!(
                "{}: {}",
                pick(lang, "osaaminen", "kompetens", "capabilities"),
                names.join(", ")
            ));
        }
        if let Some(t) = &self.trl {
            let range = format!("{}–{}", t.min, t.max);
            parts.push(match t.position {
                TrlPosition::Within => format!(
                    "TRL {} {} {range}",
                    t.trl,
                    pick(lang, "välillä", "inom", "within")
                ),
                _ => format!(
                    "TRL {}, {} {range}",
                    t.trl,
                    pick(lang, "haettu", "efterfrågat", "sought")
                ),
            });
        }
        if let Some(l) = &self.language {
            parts.push(if l.available {
                format!(
                    "{} {}",
                    pick(lang, "saatavilla", "finns", "available"),
                    lang_name(l.lang, lang)
                )
            } else {
                format!(
                    "{} {}",
                    pick(lang, "ei saatavilla", "finns inte", "not available"),
                    lang_name(l.lang, lang)
                )
            });
        }
        match &self.region {
            Some(RegionFit::AllFinland) => parts.push(
                pick(
                    lang,
                    "tarjolla koko Suomessa",
                    "erbjuds i hela Finland",
                    "offered in all of Finland",
                )
                .to_owned(),
            ),
            Some(RegionFit::Serves(codes)) => {
                let names: Vec<String> = codes.iter().map(|c| region_name(c, lang)).collect();
                parts.push(format!(
                    "{}: {}",
                    pick(lang, "tarjolla alueella", "erbjuds i", "offered in"),
                    names.join(", ")
                ));
            }
            Some(RegionFit::Elsewhere) => parts.push(
                pick(
                    lang,
                    "ei vielä tarjolla alueella",
                    "erbjuds ännu inte i området",
                    "not yet offered in the region",
                )
                .to_owned(),
            ),
            None => {}
        }
        if parts.is_empty() {
            opening
        } else {
            format!("{opening}: {}", parts.join(" · "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Reasons {
        Reasons {
            offering: Some(OfferingRef {
                index: 0,
                name: "Hoivatek Koti".into(),
            }),
            terms: vec![
                MatchedTerm::Concept("home_care".into()),
                MatchedTerm::Word("fhir".into()),
            ],
            themes: vec![Theme::HomeCare],
            capabilities: vec![],
            trl: Some(TrlReason {
                trl: 7,
                min: 6,
                max: 8,
                position: TrlPosition::Within,
            }),
            language: Some(LanguageReason {
                lang: Lang::Fi,
                available: true,
            }),
            region: Some(RegionFit::Serves(vec!["pirkanmaa".into()])),
        }
    }

    #[test]
    fn renders_in_each_language() {
        let r = sample();
        let en = r.render(Lang::En, Reader::Coordinator);
        assert!(
            en.starts_with("Offering “Hoivatek Koti” matches: home care, fhir"),
            "{en}"
        );
        assert!(
            en.contains("TRL 7 within 6–8") && en.contains("available in Finnish"),
            "{en}"
        );
        let fi = r.render(Lang::Fi, Reader::Company);
        assert!(
            fi.starts_with("Tarjoomasi ”Hoivatek Koti” vastaa: kotihoito")
                && fi.contains("TRL 7 välillä 6–8")
                && fi.contains("suomeksi"),
            "{fi}"
        );
        let sv = r.render(Lang::Sv, Reader::Coordinator);
        assert!(
            sv.contains("hemvård") && sv.contains("TRL 7 inom 6–8") && sv.contains("Birkalands"),
            "{sv}"
        );
    }

    #[test]
    fn the_reader_decides_the_opening() {
        let mut r = sample();
        assert!(
            r.render(Lang::En, Reader::Company)
                .starts_with("Your offering “Hoivatek Koti” matches")
        );
        assert!(
            r.render(Lang::Sv, Reader::SimilarChallenge)
                .starts_with("Liknande behov: hemvård")
        );
        r.offering = None;
        assert!(
            r.render(Lang::Fi, Reader::Coordinator)
                .starts_with("Profiili vastaa: kotihoito")
        );
    }

    #[test]
    fn shortfalls_are_said_too() {
        let mut r = sample();
        r.trl = Some(TrlReason {
            trl: 4,
            min: 6,
            max: 8,
            position: TrlPosition::Below,
        });
        r.language = Some(LanguageReason {
            lang: Lang::Sv,
            available: false,
        });
        r.region = Some(RegionFit::Elsewhere);
        let en = r.render(Lang::En, Reader::Coordinator);
        assert!(en.contains("TRL 4, sought 6–8"), "{en}");
        assert!(en.contains("not available in Swedish"), "{en}");
        assert!(en.contains("not yet offered in the region"), "{en}");
    }
}
