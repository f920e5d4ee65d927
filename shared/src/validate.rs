//! Small validators shared by every form: run in the browser for quick feedback and again on the
//! server, which never trusts the browser.

use chrono::{DateTime, Utc};

use crate::error::{FieldCode, FieldError};

/// Collects field errors while a request is checked.
#[derive(Debug, Default)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    /// A required text whose trimmed length (in characters) lies in `min..=max`.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let len = value.trim().chars().count();
        if len == 0 && min > 0 {
            self.push(FieldError::new(field, FieldCode::Required));
        } else if len < min {
            self.push(FieldError::with_limit(
                field,
                FieldCode::TooShort,
                min as i64,
            ));
        } else if len > max {
            self.push(FieldError::with_limit(
                field,
                FieldCode::TooLong,
                max as i64,
            ));
        }
    }

    /// An optional text: empty is fine, otherwise at most `max` characters.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value
            && v.trim().chars().count() > max
        {
            self.push(FieldError::with_limit(
                field,
                FieldCode::TooLong,
                max as i64,
            ));
        }
    }

    pub fn email(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(FieldError::new(field, FieldCode::Required));
        } else if !is_plausible_email(value) {
            self.push(FieldError::new(field, FieldCode::InvalidEmail));
        }
    }

    /// A required absolute `https://` or `http://` address with a host, no spaces, at most
    /// `max` characters.
    pub fn url(&mut self, field: &str, value: &str, max: usize) {
        let v = value.trim();
        if v.is_empty() {
            self.push(FieldError::new(field, FieldCode::Required));
        } else if v.chars().count() > max {
            self.push(FieldError::with_limit(
                field,
                FieldCode::TooLong,
                max as i64,
            ));
        } else if !is_web_url(v) {
            self.push(FieldError::new(field, FieldCode::InvalidUrl));
        }
    }

    pub fn int_range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min {
            self.push(FieldError::with_limit(field, FieldCode::TooSmall, min));
        } else if value > max {
            self.push(FieldError::with_limit(field, FieldCode::TooLarge, max));
        }
    }

    /// An optional web address: empty is fine, otherwise `http(s)://` with a host, no spaces,
    /// at most `max` characters.
    pub fn optional_url(&mut self, field: &str, value: Option<&str>, max: usize) {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        if v.chars().count() > max {
            self.push(FieldError::with_limit(
                field,
                FieldCode::TooLong,
                max as i64,
            ));
        } else if !is_plausible_url(v) {
            self.push(FieldError::new(field, FieldCode::InvalidUrl));
        }
    }

    /// A time span (an event, a meeting): it starts after `now` (when given), ends after it
    /// starts, and lasts at most `max_hours`.
    pub fn time_span(
        &mut self,
        (start_field, start): (&str, DateTime<Utc>),
        (end_field, end): (&str, DateTime<Utc>),
        now: Option<DateTime<Utc>>,
        max_hours: i64,
    ) {
        // Times are stored in whole seconds: compare them as stored.
        let (start_s, end_s) = (start.timestamp(), end.timestamp());
        if now.is_some_and(|now| start_s <= now.timestamp()) {
            self.push(FieldError::new(start_field, FieldCode::DateOrder));
        }
        if end_s <= start_s {
            self.push(FieldError::new(end_field, FieldCode::DateOrder));
        } else if end - start > chrono::Duration::hours(max_hours) {
            self.push(FieldError::with_limit(
                end_field,
                FieldCode::DurationTooLong,
                max_hours,
            ));
        }
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// An absolute web address: `http(s)://`, a host with a dot (or `localhost`), no whitespace
/// or characters that would break out of an attribute.
pub fn is_web_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host_name = host_name.split(':').next().unwrap_or("");
    !host_name.is_empty()
        && (host_name.contains('.') || host_name == "localhost")
        && !host_name.starts_with('.')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
}

/// A deliberately modest e-mail check: one `@`, a non-empty local part, a dotted domain, no
/// spaces, at most 254 characters. Whether the address works is proven by the verification mail.
pub fn is_plausible_email(value: &str) -> bool {
    let v = value.trim();
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// `http://` or `https://`, a non-empty host, no whitespace or control characters.
pub fn is_plausible_url(value: &str) -> bool {
    let v = value.trim();
    let Some(rest) = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// Lower-cases and trims an e-mail address so that one person gets one account.
pub fn normalise_email(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_plausible_email("anna.virtanen@pshyvinvointialue.fi"));
        assert!(is_plausible_email(" x@y.fi "));
        for bad in [
            "", "a", "a@b", "a@@b.fi", "a b@c.fi", "@b.fi", "a@.fi", "a@b.fi.", "a@b..fi",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_plausible_url("https://teams.example.com/l/meetup?id=1"));
        assert!(is_plausible_url("http://x.fi"));
        for bad in [
            "",
            "teams.example.com",
            "https://",
            "javascript:alert(1)",
            "https://a b.fi",
            "ftp://x.fi",
        ] {
            assert!(!is_plausible_url(bad), "{bad}");
        }
    }

    #[test]
    fn text_lengths_count_characters_not_bytes() {
        let mut c = Checker::new();
        c.text("t", "ääkkö", 5, 5);
        assert!(c.is_ok());
        c.text("t", "   ", 1, 5);
        c.text("t", "ab", 3, 5);
        c.text("t", "abcdef", 1, 5);
        let codes: Vec<_> = c.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [FieldCode::Required, FieldCode::TooShort, FieldCode::TooLong]
        );
    }

    #[test]
    fn web_urls() {
        for good in [
            "https://www.hankintailmoitukset.fi/fi/public/procurement/12345/notice/67890",
            "http://localhost:8080/x",
            "https://ted.europa.eu/en/notice/-/detail/123456-2026",
        ] {
            assert!(is_web_url(good), "{good}");
        }
        for bad in [
            "",
            "www.example.fi",
            "javascript:alert(1)",
            "https://",
            "https://exa mple.fi",
            "https://x.fi/\"onmouseover=",
            "ftp://x.fi",
            "https://.fi",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
