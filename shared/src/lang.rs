//! The three interface languages and how a request's preferred one is chosen.

use serde::{Deserialize, Serialize};

/// An interface (and content) language. Finnish and Swedish are Finland's national languages;
/// English serves international companies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    /// The ISO 639-1 code used in URLs, `lang` attributes and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Parses an ISO code such as `fi`, `sv-FI` or `en-GB`; unknown codes give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an HTTP `Accept-Language` header, honouring
    /// q-values; Finnish when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::from_code(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Fi)
    }
}

/// A text in each of the three languages, for reference data and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tri {
    pub fi: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Tri {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fi => self.fi,
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(
            Lang::from_accept_language("en;q=0.5, sv-FI;q=0.9"),
            Lang::Sv
        );
        assert_eq!(Lang::from_accept_language("de-DE, en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::Fi);
        assert_eq!(Lang::from_accept_language(""), Lang::Fi);
    }

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("xx"), None);
    }
}
