//! The front end's own reading of the market dialogue's answers (`EventsView`, `MeetingsView`,
//! `MyDialogue`, `DialogueDashboard` in `kehto-shared`): the same JSON, with only the fields the
//! pages show. Serde's code for reading a type is a large part of the wasm, and the shared types'
//! internally tagged `RegistrationState` pulls in serde's buffering machinery; these plain
//! structs avoid both. Unknown fields are ignored, so the server may add more.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::dialogue::{AskedQuestion, PublishedQuestion};
use kehto_shared::org::OrgRef;
use serde::Deserialize;

/// `RegistrationState`: `{"state": "registered"}` or `{"state": "waitlisted", "position": n}`.
#[derive(Clone, Copy, Deserialize)]
pub struct Place {
    /// Set on the waiting list (1 is next in line); `None` for a place at the event.
    #[serde(default)]
    pub position: Option<u32>,
}

/// `EventView`.
#[derive(Clone, Deserialize)]
pub struct Event {
    pub id: i64,
    pub title: String,
    pub description_html: String,
    pub online_url: Option<String>,
    pub has_online_link: bool,
    pub address: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub lang: Lang,
    pub capacity: Option<u32>,
    pub registered_count: u32,
    pub waitlist_count: u32,
    pub my_registration: Option<Place>,
    pub material: Option<String>,
    pub material_html: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub can_register: bool,
}

/// `EventsView`.
#[derive(Clone, Deserialize)]
pub struct Events {
    pub events: Vec<Event>,
    pub can_manage: bool,
    pub server_now: DateTime<Utc>,
}

/// `EventParticipant`.
#[derive(Clone, Deserialize)]
pub struct Participant {
    pub display_name: String,
    pub email: String,
    pub org: OrgRef,
    pub state: Place,
}

/// `MeetingSlotView`.
#[derive(Clone, Deserialize)]
pub struct Slot {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub lang: Lang,
    pub booked: bool,
    pub booked_by_mine: bool,
    pub booked_org: Option<OrgRef>,
    pub can_book: bool,
    pub can_cancel: bool,
    pub summary: Option<String>,
    pub summary_html: Option<String>,
}

/// `MeetingsView`.
#[derive(Clone, Deserialize)]
pub struct Meetings {
    pub slots: Vec<Slot>,
    pub per_org_limit: u8,
    pub my_booked_count: u32,
    pub can_book: bool,
    pub can_manage: bool,
    pub server_now: DateTime<Utc>,
}

/// `MyQuestion`.
#[derive(Clone, Deserialize)]
pub struct MyQuestion {
    pub asked: AskedQuestion,
    pub published: Option<PublishedQuestion>,
}

/// `MyChallengeDialogue`.
#[derive(Clone, Deserialize)]
pub struct MyChallenge {
    pub challenge_id: i64,
    pub challenge_title: String,
    pub questions: Vec<MyQuestion>,
    pub registrations: Vec<Event>,
    pub bookings: Vec<Slot>,
}

/// `MyDialogue`.
#[derive(Clone, Deserialize)]
pub struct MyDialogue {
    pub challenges: Vec<MyChallenge>,
}

/// `DialogueDashboard`.
#[derive(Clone, Deserialize)]
pub struct Dashboard {
    pub challenge_id: i64,
    pub challenge_title: String,
    pub status: ChallengeStatus,
    pub unanswered: Vec<AskedQuestion>,
    pub answered_count: u32,
    pub events: Vec<Event>,
    pub meetings: Meetings,
    pub followers: u32,
    pub version: u32,
    pub server_now: DateTime<Utc>,
}
