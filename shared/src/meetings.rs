//! Market dialogue, one-to-one meetings: the coordinator opens meeting slots on a challenge and
//! sets how many each organisation may book (the same number for all: equal terms); afterwards a
//! summary of what was discussed is published to everyone.
//!
//! Everyone sees whether a slot is taken; only the challenge's coordinators see by whom. The
//! meeting place or link is shown to the booking organisation and the coordinators.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::lang::Lang;
use crate::org::OrgRef;
use crate::validate::Checker;

pub const LOCATION_MAX: usize = 500;
pub const SUMMARY_MAX: usize = 10_000;
pub const PER_ORG_LIMIT_MAX: u8 = 10;
/// The per-organisation limit until the coordinator sets one.
pub const DEFAULT_PER_ORG_LIMIT: u8 = 1;
/// The longest a meeting may last.
pub const MEETING_MAX_HOURS: i64 = 4;

/// How many meetings each organisation may book on a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSettings {
    pub per_org_limit: u8,
}

impl MeetingSettings {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.int_range(
            "per_org_limit",
            i64::from(self.per_org_limit),
            1,
            i64::from(PER_ORG_LIMIT_MAX),
        );
        c.finish()
    }
}

/// A meeting slot as the coordinator opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSlotInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// A meeting link or a place.
    pub location: String,
    /// The language the meeting is held in.
    pub lang: Lang,
}

impl MeetingSlotInput {
    /// The slot must start after `now`.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("location", &self.location, 2, LOCATION_MAX);
        c.time_span(
            ("starts_at", self.starts_at),
            ("ends_at", self.ends_at),
            Some(now),
            MEETING_MAX_HOURS,
        );
        c.finish()
    }
}

/// A slot as a given viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSlotView {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Only for the booking organisation and the challenge's coordinators.
    pub location: Option<String>,
    pub lang: Lang,
    /// Whether someone has booked the slot (everyone sees this, nobody else sees who).
    pub booked: bool,
    /// Whether one of the viewer's organisations booked it.
    pub booked_by_mine: bool,
    /// The booking organisation: for the challenge's coordinators only.
    pub booked_org: Option<OrgRef>,
    /// Whether the viewer may book this slot now.
    pub can_book: bool,
    /// Whether the viewer may cancel this booking now.
    pub can_cancel: bool,
    /// What was discussed (markdown), public once published after the meeting.
    pub summary: Option<String>,
    pub summary_html: Option<String>,
    pub summary_published_at: Option<DateTime<Utc>>,
}

/// The meeting slots of a challenge, soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingsView {
    pub slots: Vec<MeetingSlotView>,
    pub per_org_limit: u8,
    /// Bookings held by the viewer's organisations on this challenge.
    pub my_booked_count: u32,
    /// Whether the viewer may book some slot now (open challenge, limit not reached).
    pub can_book: bool,
    /// Whether the viewer may open slots, set the limit and publish summaries.
    pub can_manage: bool,
    pub server_now: DateTime<Utc>,
}

/// Books a slot for one of the caller's organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookSlotRequest {
    /// The organisation booking, when the user belongs to several companies.
    #[serde(default)]
    pub org_id: Option<i64>,
}

/// The coordinator publishes (or corrects) what was discussed in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSummaryRequest {
    /// Markdown.
    pub summary: String,
}

impl MeetingSummaryRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("summary", &self.summary, 2, SUMMARY_MAX);
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldCode;
    use chrono::{Duration, TimeZone};

    #[test]
    fn limits_and_slots() {
        assert!(MeetingSettings { per_org_limit: 3 }.validate().is_ok());
        for bad in [0, 11] {
            let e = MeetingSettings { per_org_limit: bad }
                .validate()
                .unwrap_err();
            assert_eq!(e[0].field, "per_org_limit");
        }
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        let mut s = MeetingSlotInput {
            starts_at: now + Duration::days(1),
            ends_at: now + Duration::days(1) + Duration::minutes(45),
            location: "https://teams.example.com/x".into(),
            lang: Lang::Sv,
        };
        assert!(s.validate(now).is_ok());
        s.ends_at = s.starts_at + Duration::hours(5);
        assert_eq!(
            s.validate(now).unwrap_err()[0].code,
            FieldCode::DurationTooLong
        );
        s.starts_at = now - Duration::hours(1);
        assert_eq!(s.validate(now).unwrap_err()[0].field, "starts_at");
    }
}
