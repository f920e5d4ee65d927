//! Partner search: organisations that *complement* a company on a challenge — they have what
//! it lacks — ranked above those that *compete* with it by offering the same thing.
//!
//! The company says what it lacks: capabilities from the shared list and a note in its own
//! words. A candidate's score is a pure function of a few signals ([`partner_score`]):
//!
//! ```text
//! need        = 0.75 · covered / lacking + 0.25 · note fit     (note fit alone when no capability is named)
//! context     = 0.8 + 0.2 · min(1, challenge fit / 0.3)         (a candidate that also fits the challenge ranks higher)
//! competition = 0.5 · min(1, offering overlap / 0.5) + 0.5 · capability overlap
//! score       = need · context · (1 − 0.6 · competition)
//! ```
//!
//! *Covered* counts the lacking capabilities the candidate declares; *note fit* is the cosine of
//! the note with the candidate's best offering; *offering overlap* the largest cosine between an
//! offering of the seeker and one of the candidate; *capability overlap* the share of the
//! candidate's capabilities the seeker already has. A candidate that covers nothing and whose
//! offerings do not meet the note is no candidate at all; a competitor is not hidden, it ranks
//! lower (a company may still want a peer for capacity). Only public profiles are candidates;
//! the seeker's own capabilities are passed in by the caller (its own data).

use kehto_shared::Lang;
use kehto_shared::challenge::Theme;
use kehto_shared::profile::Capability;
use serde::{Deserialize, Serialize};

use crate::corpus::dot;
use crate::engine::Matcher;
use crate::lang_guess::guess_lang;
use crate::reasons::{MatchedTerm, OfferingRef};
use crate::terms::TermBag;

/// The weight of competition: a full competitor keeps 40 % of its score.
pub const COMPETITOR_PENALTY: f32 = 0.6;
/// Below this note fit, a candidate that covers no lacking capability is left out.
pub const MIN_NOTE_FIT: f32 = 0.05;
/// From this competition on, the reasons say the candidate offers something similar.
pub const COMPETITOR_MARK: f32 = 0.5;

/// What a company looking for partners on a challenge lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerNeed {
    pub seeker_id: i64,
    /// The seeker's own capabilities (from its profile, public or not: its own data).
    pub seeker_capabilities: Vec<Capability>,
    pub lacking: Vec<Capability>,
    /// What else it lacks, in its own words.
    pub note: String,
    /// The language to assume for the note when it is too short to tell.
    pub note_lang: Lang,
}

/// The signals of one candidate, each described in the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PartnerSignals {
    pub lacking: usize,
    pub covered: usize,
    pub note_fit: f32,
    pub challenge_fit: f32,
    pub offering_overlap: f32,
    pub capability_overlap: f32,
}

/// How much the candidate offers what the seeker offers, `0.0..=1.0`.
pub fn competition(s: &PartnerSignals) -> f32 {
    let offering = (s.offering_overlap / 0.5).clamp(0.0, 1.0);
    (0.5 * offering + 0.5 * s.capability_overlap.clamp(0.0, 1.0)).clamp(0.0, 1.0)
}

/// The candidate's score (see the module documentation); 0 for no candidate.
pub fn partner_score(s: &PartnerSignals) -> f32 {
    let note = s.note_fit.clamp(0.0, 1.0);
    if s.covered == 0 && note < MIN_NOTE_FIT {
        return 0.0;
    }
    let need = if s.lacking > 0 {
        0.75 * (s.covered.min(s.lacking) as f32 / s.lacking as f32) + 0.25 * note
    } else {
        note
    };
    let context = 0.8 + 0.2 * (s.challenge_fit / 0.3).clamp(0.0, 1.0);
    need * context * (1.0 - COMPETITOR_PENALTY * competition(s))
}

/// Why a candidate was proposed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PartnerReasons {
    /// The lacking capabilities the candidate has.
    pub covers: Vec<Capability>,
    /// The candidate's offering that meets the note best, if it meets it at all.
    pub offering: Option<OfferingRef>,
    /// Shared terms of the note and that offering.
    pub terms: Vec<MatchedTerm>,
    /// The challenge's themes the candidate declares.
    pub themes: Vec<Theme>,
    /// The candidate offers much the same as the seeker (it ranks lower for it).
    pub competitor: bool,
}

/// One proposed partner.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerMatch {
    /// The candidate organisation's id.
    pub id: i64,
    pub score: f32,
    pub signals: PartnerSignals,
    pub reasons: PartnerReasons,
}

fn pick(lang: Lang, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

impl PartnerReasons {
    /// The reasons as one line in `lang`, addressed to the seeker.
    pub fn render(&self, lang: Lang) -> String {
        let concepts = crate::concepts::Concepts::get();
        let mut parts: Vec<String> = Vec::new();
        if !self.covers.is_empty() {
            let names: Vec<&str> = self.covers.iter().map(|c| c.label(lang)).collect();
            parts.push(format!(
                "{}: {}",
                pick(
                    lang,
                    "Täydentää osaamistanne",
                    "Kompletterar er kompetens",
                    "Complements what you lack"
                ),
                names.join(", ")
            ));
        }
        if !self.terms.is_empty() {
            let words: Vec<String> = self
                .terms
                .iter()
                .map(|t| match t {
                    MatchedTerm::Concept(name) => concepts
                        .id(name)
                        .map_or_else(|| name.clone(), |id| concepts.label(id, lang).to_owned()),
                    MatchedTerm::Word(w) => w.clone(),
                })
                .collect();
            let offering = self
                .offering
                .as_ref()
                .map(|o| match lang {
                    Lang::Fi => format!(" (tarjooma ”{}”)", o.name),
                    Lang::Sv => format!(" (erbjudandet ”{}”)", o.name),
                    Lang::En => format!(" (offering “{}”)", o.name),
                })
                .unwrap_or_default();
            parts.push(format!(
                "{}: {}{offering}",
                pick(
                    lang,
                    "vastaa kuvaustanne",
                    "motsvarar er beskrivning",
                    "meets your description"
                ),
                words.join(", ")
            ));
        }
        if !self.themes.is_empty() {
            let names: Vec<&str> = self.themes.iter().map(|t| t.label(lang)).collect();
            parts.push(format!(
                "{}: {}",
                pick(lang, "teemat", "teman", "themes"),
                names.join(", ")
            ));
        }
        if self.competitor {
            parts.push(
                pick(
                    lang,
                    "tarjoaa osin samaa kuin te",
                    "erbjuder delvis detsamma som ni",
                    "partly offers the same as you",
                )
                .to_owned(),
            );
        }
        if parts.is_empty() {
            return pick(
                lang,
                "Mahdollinen kumppani",
                "Möjlig partner",
                "Possible partner",
            )
            .to_owned();
        }
        let mut line = parts.join(" · ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + line.get(1..).unwrap_or("");
        }
        line
    }
}

impl Matcher {
    /// Organisations that complement `need.seeker_id` on challenge `challenge_id`, best first
    /// (see the module documentation). The seeker itself is never proposed. Works for a
    /// challenge outside the index too (no challenge fit, no themes then).
    pub fn partners_for(
        &self,
        challenge_id: i64,
        need: &PartnerNeed,
        limit: usize,
    ) -> Vec<PartnerMatch> {
        let challenge = self.challenges.get(&challenge_id);
        let mut bag = TermBag::default();
        let note_lang = guess_lang(&need.note, need.note_lang);
        bag.add(
            note_lang,
            &need.note,
            1.0,
            self.config.synonyms,
            self.config.boilerplate,
        );
        let note = self.lookup_bag(bag);
        let seeker = self.orgs.get(&need.seeker_id);
        let mut found: Vec<(PartnerMatch, Option<usize>)> = self
            .orgs
            .values()
            .filter(|org| org.facts.id != need.seeker_id)
            .filter_map(|org| {
                let covers: Vec<Capability> = need
                    .lacking
                    .iter()
                    .copied()
                    .filter(|l| org.facts.capabilities.contains(l))
                    .collect();
                let (note_fit, best_index) = org
                    .offerings
                    .iter()
                    .map(|o| (dot(&note.vector, &o.text.vector), o.index))
                    .fold((0.0_f32, None), |acc, x| if x.0 > acc.0 { x } else { acc });
                if covers.is_empty() && note_fit < MIN_NOTE_FIT {
                    return None;
                }
                let challenge_fit = challenge.map_or(0.0, |c| self.score_only(c, org).0);
                let offering_overlap = seeker.map_or(0.0, |s| {
                    s.offerings
                        .iter()
                        .flat_map(|a| {
                            org.offerings
                                .iter()
                                .map(move |b| dot(&a.text.vector, &b.text.vector))
                        })
                        .fold(0.0_f32, f32::max)
                });
                let caps = &org.facts.capabilities;
                let capability_overlap = if caps.is_empty() {
                    0.0
                } else {
                    caps.iter()
                        .filter(|c| need.seeker_capabilities.contains(c))
                        .count() as f32
                        / caps.len() as f32
                };
                let signals = PartnerSignals {
                    lacking: need.lacking.len(),
                    covered: covers.len(),
                    note_fit,
                    challenge_fit,
                    offering_overlap,
                    capability_overlap,
                };
                let score = partner_score(&signals);
                if score <= 0.0 {
                    return None;
                }
                let themes = challenge
                    .map(|c| {
                        c.facts
                            .themes
                            .iter()
                            .copied()
                            .filter(|t| org.facts.themes.contains(t))
                            .collect()
                    })
                    .unwrap_or_default();
                let reasons = PartnerReasons {
                    covers,
                    themes,
                    competitor: competition(&signals) >= COMPETITOR_MARK,
                    ..PartnerReasons::default()
                };
                let best = best_index.filter(|_| note_fit >= MIN_NOTE_FIT);
                Some((
                    PartnerMatch {
                        id: org.facts.id,
                        score,
                        signals,
                        reasons,
                    },
                    best,
                ))
            })
            .collect();
        found.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.id.cmp(&b.0.id)));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(mut m, best)| {
                if let (Some(index), Some(org)) = (best, self.orgs.get(&m.id))
                    && let Some(o) = org.offerings.iter().find(|o| o.index == Some(index))
                {
                    let fit = dot(&note.vector, &o.text.vector);
                    m.reasons.terms = self.shared_terms(&note, &o.text, fit);
                    m.reasons.offering = org.facts.offerings.get(index).map(|x| OfferingRef {
                        index,
                        name: x.name.clone(),
                    });
                }
                m
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(lacking: usize, covered: usize) -> PartnerSignals {
        PartnerSignals {
            lacking,
            covered,
            ..PartnerSignals::default()
        }
    }

    #[test]
    fn covering_more_of_what_is_lacking_scores_higher() {
        assert!(partner_score(&s(2, 2)) > partner_score(&s(2, 1)));
        assert!(partner_score(&s(2, 1)) > 0.0);
        assert_eq!(
            partner_score(&s(2, 0)),
            0.0,
            "covers nothing, no note: no candidate"
        );
        // Covering more than asked (a duplicate count) is no more than everything.
        assert_eq!(partner_score(&s(1, 3)), partner_score(&s(1, 1)));
    }

    #[test]
    fn a_competitor_ranks_below_a_complement_but_is_not_hidden() {
        let complement = s(1, 1);
        let competitor = PartnerSignals {
            offering_overlap: 0.6,
            capability_overlap: 1.0,
            ..complement
        };
        let partly = PartnerSignals {
            offering_overlap: 0.2,
            capability_overlap: 0.5,
            ..complement
        };
        let (a, b, c) = (
            partner_score(&complement),
            partner_score(&partly),
            partner_score(&competitor),
        );
        assert!(a > b && b > c && c > 0.0, "{a} {b} {c}");
        assert!((c / a - (1.0 - COMPETITOR_PENALTY)).abs() < 1e-5);
        assert!(competition(&competitor) >= COMPETITOR_MARK);
        assert!(competition(&complement) < COMPETITOR_MARK);
    }

    #[test]
    fn the_note_counts_and_can_stand_alone() {
        let by_note = PartnerSignals {
            note_fit: 0.4,
            ..s(0, 0)
        };
        assert!(partner_score(&by_note) > 0.0);
        let weak = PartnerSignals {
            note_fit: 0.01,
            ..s(0, 0)
        };
        assert_eq!(partner_score(&weak), 0.0);
        let with_note = PartnerSignals {
            note_fit: 0.5,
            ..s(2, 1)
        };
        assert!(partner_score(&with_note) > partner_score(&s(2, 1)));
    }

    #[test]
    fn fitting_the_challenge_breaks_ties() {
        let fits = PartnerSignals {
            challenge_fit: 0.3,
            ..s(1, 1)
        };
        assert!(partner_score(&fits) > partner_score(&s(1, 1)));
        let very = PartnerSignals {
            challenge_fit: 3.0,
            ..s(1, 1)
        };
        assert_eq!(partner_score(&very), partner_score(&fits), "capped");
    }

    #[test]
    fn reasons_render_in_each_language() {
        let r = PartnerReasons {
            covers: vec![Capability::AiAnalytics],
            offering: Some(OfferingRef {
                index: 0,
                name: "Ennuste".into(),
            }),
            terms: vec![MatchedTerm::Concept("home_care".into())],
            themes: vec![Theme::HomeCare],
            competitor: true,
        };
        let en = r.render(Lang::En);
        assert!(en.starts_with("Complements what you lack: "), "{en}");
        assert!(en.contains("home care (offering “Ennuste”)"), "{en}");
        assert!(en.ends_with("partly offers the same as you"), "{en}");
        assert!(r.render(Lang::Fi).starts_with("Täydentää osaamistanne: "));
        assert!(r.render(Lang::Sv).contains("hemvård"));
        let only_note = PartnerReasons {
            covers: vec![],
            ..r
        };
        assert!(
            only_note
                .render(Lang::En)
                .starts_with("Meets your description")
        );
        assert_eq!(PartnerReasons::default().render(Lang::Sv), "Möjlig partner");
    }
}
