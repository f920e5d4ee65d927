//! A short text written by a coordinator in Finnish, Swedish and/or English (a criterion's
//! name, a scale level's description), and how it is checked and shown.
//!
//! Unlike [`crate::lang::Tri`] (static catalogue strings, all three always present) this is
//! user content: at least one language is required, the others are optional, and a reader whose
//! language is missing sees the first one written, in the order fi, sv, en.

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::validate::Checker;

/// A text in up to three languages; empty (or blank) means "not written in that language".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    #[serde(default)]
    pub fi: String,
    #[serde(default)]
    pub sv: String,
    #[serde(default)]
    pub en: String,
}

impl LocalizedText {
    /// A text written in Finnish only.
    pub fn fi(text: impl Into<String>) -> Self {
        LocalizedText {
            fi: text.into(),
            ..Self::default()
        }
    }

    /// The text in one language as written (possibly empty).
    pub fn in_lang(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// The text for a reader of `lang`: that language if written, otherwise the first written
    /// of fi, sv, en; empty only if nothing is written.
    /// The text shown to a reader of `lang` and the language it is written in: their own if
    /// written, else the first written in fi, sv, en order; `None` when nothing is written.
    pub fn shown(&self, lang: Lang) -> Option<(&str, Lang)> {
        std::iter::once(lang)
            .chain(Lang::ALL)
            .map(|l| (self.in_lang(l).trim(), l))
            .find(|(t, _)| !t.is_empty())
    }

    /// The text of [`LocalizedText::shown`], or "" when nothing is written.
    pub fn get(&self, lang: Lang) -> &str {
        self.shown(lang).map_or("", |(text, _)| text)
    }

    /// Nothing written in any language.
    pub fn is_blank(&self) -> bool {
        Lang::ALL
            .into_iter()
            .all(|l| self.in_lang(l).trim().is_empty())
    }

    /// Checks the text at `field`: each language at most `max` characters (errors on
    /// `field.fi` etc.) and, if `required`, written in at least one language (`required` on
    /// `field` itself).
    pub fn check(&self, c: &mut Checker, field: &str, required: bool, max: usize) {
        if required && self.is_blank() {
            c.push(FieldError::new(field, FieldCode::Required));
        }
        for lang in Lang::ALL {
            c.optional_text(
                &format!("{field}.{}", lang.code()),
                Some(self.in_lang(lang)),
                max,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_first_written_language() {
        let t = LocalizedText {
            fi: " ".into(),
            sv: "Pris".into(),
            en: "Price".into(),
        };
        assert_eq!(t.get(Lang::En), "Price");
        assert_eq!(t.get(Lang::Fi), "Pris");
        assert_eq!(LocalizedText::fi("Hinta").get(Lang::Sv), "Hinta");
        // …and says which language it is, for the page's `lang` attribute.
        assert_eq!(t.shown(Lang::Fi), Some(("Pris", Lang::Sv)));
        assert_eq!(t.shown(Lang::En), Some(("Price", Lang::En)));
        assert_eq!(LocalizedText::default().shown(Lang::Fi), None);
        assert_eq!(LocalizedText::default().get(Lang::Fi), "");
    }

    #[test]
    fn one_language_is_required_and_each_is_limited() {
        let mut c = Checker::new();
        LocalizedText::default().check(&mut c, "criteria[0].name", true, 5);
        LocalizedText::default().check(&mut c, "requirements[0].description", false, 5);
        LocalizedText {
            fi: "ok".into(),
            sv: String::new(),
            en: "too long".into(),
        }
        .check(&mut c, "criteria[1].name", true, 5);
        let got: Vec<_> = c
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            got,
            [
                ("criteria[0].name", FieldCode::Required),
                ("criteria[1].name.en", FieldCode::TooLong),
            ]
        );
    }

    #[test]
    fn missing_languages_may_be_left_out_of_the_json() {
        let t: LocalizedText = serde_json::from_str(r#"{"sv":"Pris"}"#).unwrap();
        assert_eq!(t.get(Lang::Fi), "Pris");
    }
}
