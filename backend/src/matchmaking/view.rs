//! The engine's reasons as the wire contract's `MatchReasons`, worded in the caller's language,
//! and which language that is.

use axum::http::{HeaderMap, header};
use kehto_matching::concepts::Concepts;
use kehto_matching::reasons::LanguageReason;
use kehto_matching::signals::{RegionFit as EngineRegionFit, TrlPosition as EngineTrl};
use kehto_matching::{MatchedTerm as EngineTerm, PartnerReasons as EnginePartnerReasons, Reasons};
use kehto_shared::Lang;
use kehto_shared::matchmaking::{
    LanguageFit, MatchReasons, MatchedOffering, MatchedTerm, PartnerReasons, RegionFit,
    RegionFitKind, TrlFit, TrlPosition,
};

use crate::db::users::UserRow;

/// The language to word matches in: the request's `Accept-Language` when it names one of ours,
/// else the user's preference, else Finnish.
pub fn reply_lang(headers: &HeaderMap, user: Option<&UserRow>) -> Lang {
    let from_header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            v.split(',')
                .any(|part| Lang::from_code(part.split(';').next().unwrap_or("")).is_some())
        })
        .map(Lang::from_accept_language);
    from_header
        .or_else(|| user.and_then(|u| Lang::from_code(&u.lang)))
        .unwrap_or(Lang::Fi)
}

fn term(t: &EngineTerm, lang: Lang) -> MatchedTerm {
    match t {
        EngineTerm::Concept(name) => {
            let concepts = Concepts::get();
            MatchedTerm {
                concept: Some(name.clone()),
                label: concepts
                    .id(name)
                    .map_or_else(|| name.clone(), |id| concepts.label(id, lang).to_owned()),
            }
        }
        EngineTerm::Word(w) => MatchedTerm {
            concept: None,
            label: w.clone(),
        },
    }
}

/// The offering at `index` of an organisation whose offerings (in the engine's order) have the
/// ids `offering_ids`.
fn offering(index: usize, name: &str, offering_ids: &[i64]) -> MatchedOffering {
    MatchedOffering {
        id: offering_ids.get(index).copied(),
        name: name.to_owned(),
    }
}

/// The structured reasons of a match; `offering_ids` are the matched organisation's offering
/// ids in order (empty when the match is between challenges).
pub fn reasons(r: &Reasons, lang: Lang, offering_ids: &[i64]) -> MatchReasons {
    MatchReasons {
        offering: r
            .offering
            .as_ref()
            .map(|o| offering(o.index, &o.name, offering_ids)),
        terms: r.terms.iter().map(|t| term(t, lang)).collect(),
        themes: r.themes.clone(),
        capabilities: r.capabilities.clone(),
        trl: r.trl.map(|t| TrlFit {
            trl: t.trl,
            min: t.min,
            max: t.max,
            position: match t.position {
                EngineTrl::Within => TrlPosition::Within,
                EngineTrl::Below => TrlPosition::Below,
                EngineTrl::Above => TrlPosition::Above,
            },
        }),
        language: r
            .language
            .map(|LanguageReason { lang, available }| LanguageFit { lang, available }),
        region: r.region.as_ref().map(|f| match f {
            EngineRegionFit::AllFinland => RegionFit {
                kind: RegionFitKind::AllFinland,
                regions: vec![],
            },
            EngineRegionFit::Serves(codes) => RegionFit {
                kind: RegionFitKind::Serves,
                regions: codes.clone(),
            },
            EngineRegionFit::Elsewhere => RegionFit {
                kind: RegionFitKind::Elsewhere,
                regions: vec![],
            },
        }),
    }
}

/// The structured reasons of a partner candidate.
pub fn partner_reasons(
    r: &EnginePartnerReasons,
    lang: Lang,
    offering_ids: &[i64],
) -> PartnerReasons {
    PartnerReasons {
        covers: r.covers.clone(),
        offering: r
            .offering
            .as_ref()
            .map(|o| offering(o.index, &o.name, offering_ids)),
        terms: r.terms.iter().map(|t| term(t, lang)).collect(),
        themes: r.themes.clone(),
        competitor: r.competitor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_header_wins_then_the_preference() {
        let mut h = HeaderMap::new();
        assert_eq!(reply_lang(&h, None), Lang::Fi);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("de-DE"));
        assert_eq!(reply_lang(&h, None), Lang::Fi, "no language of ours");
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("sv-FI, en;q=0.5"),
        );
        assert_eq!(reply_lang(&h, None), Lang::Sv);
    }

    #[test]
    fn concepts_are_labelled_in_the_language() {
        let r = Reasons {
            terms: vec![
                EngineTerm::Concept("home_care".into()),
                EngineTerm::Word("fhir".into()),
            ],
            region: Some(EngineRegionFit::Serves(vec!["pirkanmaa".into()])),
            ..Reasons::default()
        };
        let sv = reasons(&r, Lang::Sv, &[]);
        assert_eq!(sv.terms[0].label, "hemvård");
        assert_eq!(sv.terms[0].concept.as_deref(), Some("home_care"));
        assert_eq!(sv.terms[1].label, "fhir");
        assert_eq!(
            sv.region.map(|f| (f.kind, f.regions)),
            Some((RegionFitKind::Serves, vec!["pirkanmaa".to_owned()]))
        );
    }
}
