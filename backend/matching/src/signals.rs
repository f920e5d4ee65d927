//! The structured signals of a match, each a pure function with a value in `0.0..=1.0`.
//!
//! Relevance signals (added up, see `engine`): theme overlap and capability fit. Feasibility
//! signals (multiplied, so that a perfect topic match in the wrong language still ranks below
//! a good one in the right language, but is not hidden): TRL, language, region and cooperation
//! model. The factors for a miss are deliberately well above zero: the facts are self-declared and
//! a company can translate, expand or mature its product.

use kehto_shared::Lang;
use kehto_shared::challenge::{CooperationModel, Theme};
use kehto_shared::profile::Capability;
use serde::{Deserialize, Serialize};

use crate::facts::OrgKindFact;

/// Broad themes that many challenges carry; a shared broad theme says less than a specific one.
const BROAD_THEMES: [Theme; 2] = [Theme::DigitalServices, Theme::Prevention];
/// Weight of a broad theme relative to a specific one.
const BROAD_THEME_WEIGHT: f32 = 0.4;

fn theme_weight(t: Theme) -> f32 {
    if BROAD_THEMES.contains(&t) {
        BROAD_THEME_WEIGHT
    } else {
        1.0
    }
}

/// The challenge's themes that the organisation also declares, and the weighted share of the
/// challenge's themes they make up.
pub fn theme_overlap(challenge: &[Theme], org: &[Theme]) -> (f32, Vec<Theme>) {
    let shared: Vec<Theme> = challenge
        .iter()
        .copied()
        .filter(|t| org.contains(t))
        .collect();
    (theme_overlap_value(challenge, org), shared)
}

/// The value of [`theme_overlap`] alone, without allocating.
pub fn theme_overlap_value(challenge: &[Theme], org: &[Theme]) -> f32 {
    let total: f32 = challenge.iter().copied().map(theme_weight).sum();
    if total == 0.0 {
        return 0.0;
    }
    let got: f32 = challenge
        .iter()
        .copied()
        .filter(|t| org.contains(t))
        .map(theme_weight)
        .sum();
    got / total
}

/// Theme similarity of two challenges: weighted Jaccard.
pub fn theme_jaccard(a: &[Theme], b: &[Theme]) -> f32 {
    let inter: f32 = a
        .iter()
        .copied()
        .filter(|t| b.contains(t))
        .map(theme_weight)
        .sum();
    let union: f32 = a.iter().copied().map(theme_weight).sum::<f32>()
        + b.iter()
            .copied()
            .filter(|t| !a.contains(t))
            .map(theme_weight)
            .sum::<f32>();
    if union == 0.0 { 0.0 } else { inter / union }
}

/// The organisation's capabilities that the challenge's text calls for; two or more make a
/// full score.
pub fn capability_fit(needed: &[Capability], org: &[Capability]) -> (f32, Vec<Capability>) {
    let shared: Vec<Capability> = org.iter().copied().filter(|c| needed.contains(c)).collect();
    (capability_fit_value(needed, org), shared)
}

/// The value of [`capability_fit`] alone, without allocating.
pub fn capability_fit_value(needed: &[Capability], org: &[Capability]) -> f32 {
    let shared = org.iter().filter(|c| needed.contains(c)).count();
    (shared as f32 / 2.0).min(1.0)
}

/// Where an offering's TRL lies relative to the challenge's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrlPosition {
    Within,
    Below,
    Above,
}

/// TRL fit: 1 within the range; below it 0.6 for one level, 0.3 for two, 0.1 beyond; above it
/// 0.8 for one level and 0.6 beyond (a mature product can still be piloted, an immature one
/// cannot be procured).
pub fn trl_fit(trl: u8, min: u8, max: u8) -> (f32, TrlPosition) {
    if trl < min {
        let gap = min - trl;
        let f = match gap {
            1 => 0.6,
            2 => 0.3,
            _ => 0.1,
        };
        (f, TrlPosition::Below)
    } else if trl > max {
        let f = if trl - max == 1 { 0.8 } else { 0.6 };
        (f, TrlPosition::Above)
    } else {
        (1.0, TrlPosition::Within)
    }
}

/// The languages in which a solution serves a challenge's users: its content language; an
/// English-language challenge of a Finnish region is also served in Finnish.
pub fn accepted_languages(content_lang: Lang) -> &'static [Lang] {
    match content_lang {
        Lang::Fi => &[Lang::Fi],
        Lang::Sv => &[Lang::Sv],
        Lang::En => &[Lang::En, Lang::Fi],
    }
}

/// The accepted language (see [`accepted_languages`]) in which a solution is available, if
/// any. A solution that lists no languages is taken to be available in its organisation's
/// languages (the caller passes those); nothing listed at all counts as the content language.
/// The factor for a miss is `Config::language_miss`.
pub fn language_fit(content_lang: Lang, available: &[Lang]) -> Option<Lang> {
    if available.is_empty() {
        return Some(content_lang);
    }
    accepted_languages(content_lang)
        .iter()
        .copied()
        .find(|l| available.contains(l))
}

/// How an offering's service area relates to the challenge's owning regions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "regions")]
pub enum RegionFit {
    /// The offering lists no regions: all of Finland.
    AllFinland,
    /// The owning regions the offering is offered in.
    Serves(Vec<String>),
    /// Offered only elsewhere (so far).
    Elsewhere,
}

/// How the service area relates to the owning regions (the factor for `Elsewhere` is
/// `Config::region_miss`).
pub fn region_fit(challenge_regions: &[String], served: &[String]) -> RegionFit {
    if served.is_empty() {
        return RegionFit::AllFinland;
    }
    let shared: Vec<String> = challenge_regions
        .iter()
        .filter(|r| served.contains(r))
        .cloned()
        .collect();
    if shared.is_empty() {
        RegionFit::Elsewhere
    } else {
        RegionFit::Serves(shared)
    }
}

/// Whether [`region_fit`] is `Elsewhere`, without allocating.
pub fn served_only_elsewhere(challenge_regions: &[String], served: &[String]) -> bool {
    !served.is_empty() && !challenge_regions.iter().any(|r| served.contains(r))
}

/// Cooperation-model fit: a pilot or an innovation partnership needs something that can be
/// used with real clients (TRL 6 or more, else 0.7); pre-commercial procurement buys research
/// and development (a research organisation or a solution up to TRL 7 fits, a finished product
/// 0.8); market dialogues, competitions and other models suit anyone.
pub fn model_fit(model: CooperationModel, trl: Option<u8>, kind: OrgKindFact) -> f32 {
    match (model, trl) {
        (CooperationModel::Pilot | CooperationModel::InnovationPartnership, Some(t)) if t < 6 => {
            0.7
        }
        (CooperationModel::PreCommercialProcurement, Some(t))
            if t > 7 && kind != OrgKindFact::Research =>
        {
            0.8
        }
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_weigh_specific_over_broad() {
        let c = [Theme::HomeCare, Theme::DigitalServices];
        let (a, shared) = theme_overlap(&c, &[Theme::HomeCare]);
        assert_eq!(shared, [Theme::HomeCare]);
        let (b, _) = theme_overlap(&c, &[Theme::DigitalServices]);
        assert!(a > 0.7 && b < 0.3, "{a} {b}");
        assert_eq!(theme_overlap(&[], &[Theme::HomeCare]).0, 0.0);
        assert!((theme_jaccard(&c, &c) - 1.0).abs() < 1e-6);
        assert_eq!(theme_jaccard(&[Theme::HomeCare], &[Theme::Workforce]), 0.0);
    }

    #[test]
    fn capabilities_saturate_at_two() {
        use Capability::*;
        let needed = [MobileApps, AiAnalytics, Robotics];
        assert_eq!(capability_fit(&needed, &[MobileApps]).0, 0.5);
        assert_eq!(
            capability_fit(&needed, &[MobileApps, Robotics, AiAnalytics]).0,
            1.0
        );
        assert_eq!(capability_fit(&needed, &[Logistics]).0, 0.0);
    }

    #[test]
    fn trl_within_below_above() {
        assert_eq!(trl_fit(7, 6, 8), (1.0, TrlPosition::Within));
        assert_eq!(trl_fit(5, 6, 8), (0.6, TrlPosition::Below));
        assert_eq!(trl_fit(3, 6, 8), (0.1, TrlPosition::Below));
        assert_eq!(trl_fit(9, 6, 8), (0.8, TrlPosition::Above));
        assert!(trl_fit(4, 6, 8).0 < trl_fit(9, 6, 8).0);
    }

    #[test]
    fn language_region_and_model() {
        assert_eq!(
            language_fit(Lang::Sv, &[Lang::Sv, Lang::Fi]),
            Some(Lang::Sv)
        );
        assert_eq!(language_fit(Lang::Sv, &[Lang::Fi]), None);
        assert_eq!(
            language_fit(Lang::En, &[Lang::Fi]),
            Some(Lang::Fi),
            "Finnish serves an English challenge"
        );
        let regions = ["pirkanmaa".to_owned()];
        assert_eq!(region_fit(&regions, &[]), RegionFit::AllFinland);
        assert_eq!(
            region_fit(&regions, &["pirkanmaa".into(), "lappi".into()]),
            RegionFit::Serves(vec!["pirkanmaa".into()])
        );
        assert_eq!(
            region_fit(&regions, &["lappi".into()]),
            RegionFit::Elsewhere
        );
        for served in [
            vec![],
            vec!["pirkanmaa".to_owned()],
            vec!["lappi".to_owned()],
        ] {
            assert_eq!(
                served_only_elsewhere(&regions, &served),
                region_fit(&regions, &served) == RegionFit::Elsewhere
            );
        }
        assert_eq!(
            model_fit(CooperationModel::Pilot, Some(4), OrgKindFact::Company),
            0.7
        );
        assert_eq!(
            model_fit(
                CooperationModel::PreCommercialProcurement,
                Some(9),
                OrgKindFact::Research
            ),
            1.0
        );
    }
}
