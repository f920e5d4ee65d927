//! A small iCalendar (RFC 5545) writer for event downloads, the public feed and the invitations
//! attached to confirmation mails (iTIP methods, RFC 5546).
//!
//! Output uses CRLF line endings, folds content lines at 75 octets without splitting a UTF-8
//! character, escapes TEXT values (`\\ ; , newline`) and writes every time in UTC
//! (`20260302T080000Z`), so no VTIMEZONE is needed.

use chrono::{DateTime, Utc};

/// The iTIP method of a calendar object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A download or feed: no reply expected.
    Publish,
    /// An invitation (registration or booking confirmed).
    Request,
    /// The recipient's place is gone (cancelled registration, booking or event).
    Cancel,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// A person as `ORGANIZER` or `ATTENDEE`.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// One `VEVENT`.
#[derive(Debug, Clone)]
pub struct VEvent {
    /// Stable across updates: `event-{id}@{host}` or `meeting-{id}@{host}`.
    pub uid: String,
    pub sequence: i64,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub cancelled: bool,
    pub organizer: Option<Person>,
    pub attendee: Option<Person>,
}

/// A whole `VCALENDAR` object.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub method: Method,
    /// `X-WR-CALNAME`, shown by clients subscribing to a feed.
    pub name: Option<String>,
    pub events: Vec<VEvent>,
}

impl Calendar {
    /// The calendar as RFC 5545 text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut line = |s: &str| push_line(&mut out, s);
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line("PRODID:-//Kehto//Market dialogue//FI");
        line("CALSCALE:GREGORIAN");
        line(&format!("METHOD:{}", self.method.as_str()));
        if let Some(name) = &self.name {
            line(&format!("X-WR-CALNAME:{}", escape_text(name)));
        }
        for e in &self.events {
            let cancelled = e.cancelled || self.method == Method::Cancel;
            line("BEGIN:VEVENT");
            line(&format!("UID:{}", escape_text(&e.uid)));
            line(&format!("SEQUENCE:{}", e.sequence));
            line(&format!("DTSTAMP:{}", utc(e.stamp)));
            line(&format!("DTSTART:{}", utc(e.start)));
            line(&format!("DTEND:{}", utc(e.end)));
            line(&format!("SUMMARY:{}", escape_text(&e.summary)));
            if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
                line(&format!("DESCRIPTION:{}", escape_text(d)));
            }
            if let Some(l) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
                line(&format!("LOCATION:{}", escape_text(l)));
            }
            if let Some(u) = e.url.as_deref().filter(|u| !u.trim().is_empty()) {
                // URI values are not TEXT: no escaping, but never a line break.
                line(&format!("URL:{}", u.replace(['\r', '\n'], "")));
            }
            if let Some(p) = &e.organizer {
                line(&format!(
                    "ORGANIZER;CN={}:mailto:{}",
                    param(&p.name),
                    p.email
                ));
            }
            if let Some(p) = &e.attendee {
                let partstat = if cancelled { "DECLINED" } else { "ACCEPTED" };
                line(&format!(
                    "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat}:mailto:{}",
                    param(&p.name),
                    p.email
                ));
            }
            line(&format!(
                "STATUS:{}",
                if cancelled { "CANCELLED" } else { "CONFIRMED" }
            ));
            line("TRANSP:OPAQUE");
            line("END:VEVENT");
        }
        line("END:VCALENDAR");
        out
    }
}

/// `20260302T080000Z`
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (`CN=`): quoted, without the characters a quoted value cannot hold.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// Appends one content line, folded at 75 octets on character boundaries (RFC 5545 §3.1):
/// continuation lines begin with a space, which counts towards their 75.
fn push_line(out: &mut String, line: &str) {
    let mut limit = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).unwrap()
    }

    fn sample(summary: &str) -> Calendar {
        Calendar {
            method: Method::Request,
            name: None,
            events: vec![VEvent {
                uid: "event-7@kehto.example.fi".into(),
                sequence: 2,
                stamp: at(6),
                start: at(8),
                end: at(10),
                summary: summary.into(),
                description: Some("Rivi 1\nRivi 2; ja, kenoviiva \\".into()),
                location: Some("Hatanpään valtatie 24, Tampere".into()),
                url: None,
                cancelled: false,
                organizer: Some(Person {
                    name: "Anna \"A\" Virtanen".into(),
                    email: "anna@pirha.example".into(),
                }),
                attendee: None,
            }],
        }
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        let ics = sample("Info").render();
        assert!(ics.contains("DESCRIPTION:Rivi 1\\nRivi 2\\; ja\\, kenoviiva \\\\\r\n"));
        assert!(ics.contains("LOCATION:Hatanpään valtatie 24\\, Tampere\r\n"));
        assert!(ics.contains("ORGANIZER;CN=\"Anna A Virtanen\":mailto:anna@pirha.example\r\n"));
    }

    #[test]
    fn lines_end_in_crlf_and_times_are_utc() {
        let ics = sample("Info").render();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.contains("\r\nDTSTART:20260302T080000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20260302T100000Z\r\n"));
        assert!(ics.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(ics.contains("\r\nUID:event-7@kehto.example.fi\r\nSEQUENCE:2\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let title = "Äänekosken ja Jyväskylän kotihoidon etäseurannan markkinavuoropuhelu – \
                     infotilaisuus yrityksille ja tutkimusorganisaatioille ääkkösineen";
        let ics = sample(title).render();
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        // Unfolding (remove CRLF + one space) restores the value exactly.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{title}\r\n")));
        assert!(ics.contains("\r\n "), "a continuation line");
    }

    #[test]
    fn cancel_marks_the_event_cancelled() {
        let mut c = sample("Info");
        c.method = Method::Cancel;
        c.events[0].attendee = Some(Person {
            name: "Emma".into(),
            email: "emma@example.com".into(),
        });
        let ics = c.render();
        assert!(ics.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(ics.contains("PARTSTAT=DECLINED"));
    }
}
