//! The Finnish business ID (Y-tunnus / FO-nummer): seven digits, a hyphen and a check digit.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A business ID whose check digit has been verified. Always stored as `1234567-8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct BusinessId(String);

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

impl BusinessId {
    /// Parses `1234567-8`; also accepts the old six-digit form `123456-7` (a leading zero is
    /// implied) and surrounding spaces. The check digit must match.
    pub fn parse(input: &str) -> Option<BusinessId> {
        let s = input.trim();
        let (body, check) = s.split_once('-')?;
        if check.len() != 1 || !(body.len() == 7 || body.len() == 6) {
            return None;
        }
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let check = check.chars().next()?.to_digit(10)?;
        let body = if body.len() == 6 {
            format!("0{body}")
        } else {
            body.to_owned()
        };
        let sum: u32 = body
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let expected = match sum % 11 {
            0 => 0,
            1 => return None,
            r => 11 - r,
        };
        (expected == check).then(|| BusinessId(format!("{body}-{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for BusinessId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        BusinessId::parse(&value).ok_or_else(|| format!("invalid business ID: {value}"))
    }
}

impl From<BusinessId> for String {
    fn from(value: BusinessId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_validate() {
        // Nokia Oyj (0112038-9) and IDs whose check digits were worked out by hand, one of them
        // with remainder 0 (check digit 0).
        for id in ["0112038-9", "1572860-0", "2331972-7", "0201256-6"] {
            assert_eq!(
                BusinessId::parse(id).map(|b| b.to_string()),
                Some(id.to_owned()),
                "{id}"
            );
        }
    }

    #[test]
    fn short_form_gets_leading_zero() {
        assert_eq!(BusinessId::parse("112038-9").unwrap().as_str(), "0112038-9");
    }

    #[test]
    fn wrong_check_digit_or_shape_is_refused() {
        for id in [
            "0112038-8",
            "0112038",
            "01120389",
            "0112O38-9",
            "0112038-99",
            "",
            "-",
            "12345678-9",
        ] {
            assert!(BusinessId::parse(id).is_none(), "{id}");
        }
    }

    #[test]
    fn remainder_one_is_never_valid() {
        // Exhaustively: every 7-digit body whose weighted sum leaves 1 has no valid check digit.
        for n in (0..10_000_000u32).step_by(9973) {
            let body = format!("{n:07}");
            let valid: Vec<_> = (0..10)
                .filter(|c| BusinessId::parse(&format!("{body}-{c}")).is_some())
                .collect();
            assert!(valid.len() <= 1, "{body} has {valid:?}");
        }
    }

    #[test]
    fn serde_refuses_invalid() {
        assert!(serde_json::from_str::<BusinessId>("\"0112038-9\"").is_ok());
        assert!(serde_json::from_str::<BusinessId>("\"0112038-1\"").is_err());
    }
}
