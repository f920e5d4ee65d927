//! Market dialogue, info sessions: coordinators hold events on a challenge (online or at an
//! address), companies register — onto a waiting list when the event is full — and afterwards
//! the material and minutes are published to everyone (equal treatment).
//!
//! Who registered is known only to the challenge's coordinators; others see counts. The online
//! link is given to registered participants and coordinators only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::org::OrgRef;
use crate::validate::Checker;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const URL_MAX: usize = 500;
pub const ADDRESS_MAX: usize = 300;
pub const MATERIAL_MAX: usize = 20_000;
pub const REASON_MAX: usize = 1000;
pub const CAPACITY_MAX: u32 = 10_000;
/// The longest an event may last.
pub const EVENT_MAX_HOURS: i64 = 12;

/// An info session as the coordinator creates or edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInput {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// The online meeting link (`https://…`); at least one of this and `address`.
    #[serde(default)]
    pub online_url: Option<String>,
    /// Where it is held in person.
    #[serde(default)]
    pub address: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The language the event is held in.
    pub lang: Lang,
    /// Places; `None` is unlimited.
    #[serde(default)]
    pub capacity: Option<u32>,
}

fn blank(v: Option<&str>) -> bool {
    v.is_none_or(|v| v.trim().is_empty())
}

impl EventInput {
    /// Checks a new event: it must start after `now`.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
        self.check(Some(now))
    }

    /// Checks an edit: a start that was already stored may lie in the past (the coordinator
    /// corrects a typo during the event), a moved start must lie ahead of `now`.
    pub fn validate_update(
        &self,
        now: DateTime<Utc>,
        stored_start: DateTime<Utc>,
    ) -> Result<(), Vec<FieldError>> {
        self.check((self.starts_at != stored_start).then_some(now))
    }

    fn check(&self, now: Option<DateTime<Utc>>) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("title", &self.title, 3, TITLE_MAX);
        c.text("description", &self.description, 0, DESCRIPTION_MAX);
        c.optional_url("online_url", self.online_url.as_deref(), URL_MAX);
        c.optional_text("address", self.address.as_deref(), ADDRESS_MAX);
        if blank(self.online_url.as_deref()) && blank(self.address.as_deref()) {
            c.push(FieldError::new("online_url", FieldCode::Required));
            c.push(FieldError::new("address", FieldCode::Required));
        }
        c.time_span(
            ("starts_at", self.starts_at),
            ("ends_at", self.ends_at),
            now,
            EVENT_MAX_HOURS,
        );
        if let Some(cap) = self.capacity {
            c.int_range("capacity", i64::from(cap), 1, i64::from(CAPACITY_MAX));
        }
        c.finish()
    }
}

/// The viewer's own place at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum RegistrationState {
    Registered,
    /// On the waiting list; `position` 1 is next in line.
    Waitlisted {
        position: u32,
    },
}

/// An info session as a given viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventView {
    pub id: i64,
    pub challenge_id: i64,
    pub title: String,
    pub description: String,
    /// `description` rendered and sanitised.
    pub description_html: String,
    /// Only for registered participants and the challenge's coordinators.
    pub online_url: Option<String>,
    /// Whether the event has an online link (shown to participants once registered).
    pub has_online_link: bool,
    pub address: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub lang: Lang,
    pub capacity: Option<u32>,
    pub registered_count: u32,
    pub waitlist_count: u32,
    /// The viewer's own registration, if any.
    pub my_registration: Option<RegistrationState>,
    /// Material and minutes (markdown), public once published after the event.
    pub material: Option<String>,
    pub material_html: Option<String>,
    pub material_published_at: Option<DateTime<Utc>>,
    /// Set when the coordinator cancelled the event.
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// Whether the viewer may edit, cancel, see participants and publish material.
    pub can_manage: bool,
    /// Whether the viewer may register now.
    pub can_register: bool,
}

/// The events of a challenge, soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsView {
    pub events: Vec<EventView>,
    /// Whether the viewer may create events on this challenge.
    pub can_manage: bool,
    pub server_now: DateTime<Utc>,
}

/// Registers the caller, for one of their organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// The organisation registering, when the user belongs to several companies.
    #[serde(default)]
    pub org_id: Option<i64>,
}

/// The coordinator cancels an event; participants are told why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelEventRequest {
    pub reason: String,
}

impl CancelEventRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("reason", &self.reason, 3, REASON_MAX);
        c.finish()
    }
}

/// The coordinator publishes (or corrects) the event's material and minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventMaterialRequest {
    /// Markdown: links to slides, the recording, minutes of what was said.
    pub material: String,
}

impl EventMaterialRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("material", &self.material, 2, MATERIAL_MAX);
        c.finish()
    }
}

/// A participant, as the challenge's coordinators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventParticipant {
    pub display_name: String,
    pub email: String,
    pub org: OrgRef,
    pub state: RegistrationState,
    pub registered_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
    }

    fn sample() -> EventInput {
        EventInput {
            title: "Markkinavuoropuhelun infotilaisuus".into(),
            description: "Esittelemme haasteen.".into(),
            online_url: Some("https://teams.example.com/l/meetup".into()),
            address: None,
            starts_at: now() + Duration::days(7),
            ends_at: now() + Duration::days(7) + Duration::hours(2),
            lang: Lang::Fi,
            capacity: Some(30),
        }
    }

    fn codes(r: Result<(), Vec<FieldError>>) -> Vec<(String, FieldCode)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    #[test]
    fn a_sample_event_is_valid() {
        assert!(sample().validate(now()).is_ok());
    }

    #[test]
    fn a_place_is_required_and_links_must_be_web_addresses() {
        let mut e = sample();
        e.online_url = Some("  ".into());
        let f = codes(e.validate(now()));
        assert!(f.contains(&("online_url".into(), FieldCode::Required)));
        assert!(f.contains(&("address".into(), FieldCode::Required)));
        e.online_url = Some("javascript:alert(1)".into());
        assert_eq!(
            codes(e.validate(now())),
            [("online_url".into(), FieldCode::InvalidUrl)]
        );
        e.online_url = None;
        e.address = Some("Hatanpään valtatie 24, Tampere".into());
        assert!(e.validate(now()).is_ok());
    }

    #[test]
    fn times_capacity_and_duration() {
        let mut e = sample();
        e.starts_at = now();
        e.ends_at = now() + Duration::hours(1);
        assert_eq!(
            codes(e.validate(now())),
            [("starts_at".into(), FieldCode::DateOrder)]
        );
        // An edit that keeps the stored start may stand in the past.
        assert!(e.validate_update(now(), now()).is_ok());
        let mut e = sample();
        e.ends_at = e.starts_at;
        assert_eq!(
            codes(e.validate(now())),
            [("ends_at".into(), FieldCode::DateOrder)]
        );
        e.ends_at = e.starts_at + Duration::hours(13);
        assert_eq!(
            codes(e.validate(now())),
            [("ends_at".into(), FieldCode::DurationTooLong)]
        );
        let mut e = sample();
        e.capacity = Some(0);
        assert_eq!(
            codes(e.validate(now())),
            [("capacity".into(), FieldCode::TooSmall)]
        );
        e.capacity = None;
        assert!(e.validate(now()).is_ok());
    }

    #[test]
    fn registration_state_wire_shape() {
        let v = serde_json::to_value(RegistrationState::Waitlisted { position: 2 }).unwrap();
        assert_eq!(v, serde_json::json!({"state": "waitlisted", "position": 2}));
        let v = serde_json::to_value(RegistrationState::Registered).unwrap();
        assert_eq!(v, serde_json::json!({"state": "registered"}));
    }
}
