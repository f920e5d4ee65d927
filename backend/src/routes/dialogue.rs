//! What info sessions (`events.rs`) and one-to-one meetings (`meetings.rs`) share: which
//! organisations a user may act for, whether a challenge is open for the dialogue, calendar
//! objects for a challenge's events, and the one place confirmation mails are sent from.

use chrono::{DateTime, Utc};
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::error::FieldCode;
use kehto_shared::org::{OrgKind, Role};
use kehto_shared::{ErrorCode, Lang};

use crate::auth::policy::{Action, Actor, allows};
use crate::db::challenges::ChallengeRecord;
use crate::error::{AppError, AppResult};
use crate::ics::{Calendar, Method, Person, VEvent};
use crate::mail::Mail;
use crate::mail::dialogue_templates::{self, Notice, Occasion};
use crate::routes::challenge_view::{effective_status, region_ids};
use crate::state::AppState;

/// Companies and research organisations the actor is a member or owner of.
pub fn company_orgs(actor: Option<&Actor>) -> Vec<i64> {
    actor
        .map(|a| {
            a.memberships
                .iter()
                .filter(|(_, kind, role)| {
                    matches!(kind, OrgKind::Company | OrgKind::Research)
                        && matches!(role, Role::CompanyMember | Role::CompanyOwner)
                })
                .map(|(id, _, _)| *id)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `viewer` coordinates the challenge's dialogue (an owning region's coordinator).
pub fn can_manage(viewer: Option<&Actor>, rec: &ChallengeRecord) -> bool {
    allows(
        viewer,
        Action::ManageDialogue {
            regions: &region_ids(rec),
        },
    )
}

/// Refuses with 403 unless `viewer` coordinates the challenge's dialogue.
pub fn require_manage(viewer: &Actor, rec: &ChallengeRecord) -> AppResult<()> {
    if can_manage(Some(viewer), rec) {
        Ok(())
    } else {
        Err(ErrorCode::Forbidden.into())
    }
}

/// The challenge `id` for a coordinator adding an info session or meeting slot: visible,
/// managed by `actor`, and its dialogue still on (public, before the deadline; 409
/// `dialogue_closed` otherwise).
pub async fn open_for_new_dialogue(
    state: &AppState,
    id: i64,
    actor: &Actor,
) -> AppResult<ChallengeRecord> {
    let rec = crate::routes::challenges::visible(state, id, Some(actor)).await?;
    require_manage(actor, &rec)?;
    if !challenge_open(&rec, state.clock.now()) {
        return Err(ErrorCode::DialogueClosed.into());
    }
    Ok(rec)
}

/// The organisation a request acts for: the one named (if the user belongs to it), or the
/// user's only one.
pub fn choose_org(requested: Option<i64>, orgs: &[i64]) -> AppResult<i64> {
    match (requested, orgs) {
        (Some(org), _) if orgs.contains(&org) => Ok(org),
        (Some(_), _) => Err(AppError::field("org_id", FieldCode::InvalidChoice)),
        (None, [only]) => Ok(*only),
        (None, _) => Err(AppError::field("org_id", FieldCode::Required)),
    }
}

/// Whether the challenge takes registrations and bookings at `now`: public and not closed.
pub fn challenge_open(rec: &ChallengeRecord, now: DateTime<Utc>) -> bool {
    matches!(
        effective_status(rec, now),
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    )
}

pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Fi)
}

/// The host part of the public base URL, for calendar UIDs (`event-7@kehto.example.fi`).
pub fn calendar_host(state: &AppState) -> String {
    let origin = state.settings.origin();
    let host = origin.split("://").nth(1).unwrap_or(origin);
    host.split(':').next().unwrap_or(host).to_owned()
}

/// The challenge's page in the front end.
pub fn challenge_link(state: &AppState, challenge_id: i64) -> String {
    state.settings.link(&format!("/challenges/{challenge_id}"))
}

/// The challenge's contact person, as the organiser of its events and meetings.
pub fn organizer(rec: &ChallengeRecord) -> Person {
    Person {
        name: rec.row.contact_name.clone(),
        email: rec.row.contact_email.clone(),
    }
}

/// One recipient of a confirmation.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

/// A confirmation mail with its invitation (REQUEST) or cancellation (CANCEL): `event` is the
/// calendar entry without attendee, `place` what the mail may say about where.
pub fn confirmation(
    to: &Recipient,
    notice: Notice<'_>,
    rec: &ChallengeRecord,
    link: &str,
    event: VEvent,
    place: Option<&str>,
) -> Mail {
    // A place on the waiting list is not an appointment: no calendar entry yet.
    let method = match notice {
        Notice::Registered | Notice::Promoted | Notice::EventChanged | Notice::MeetingBooked => {
            Some(Method::Request)
        }
        Notice::Waitlisted { .. } => None,
        Notice::RegistrationCancelled
        | Notice::EventCancelled { .. }
        | Notice::BookingCancelled
        | Notice::MeetingWithdrawn => Some(Method::Cancel),
    };
    let mut event = event;
    event.attendee = Some(Person {
        name: to.name.clone(),
        email: to.email.clone(),
    });
    let occasion = Occasion {
        title: &event.summary,
        challenge_title: &rec.row.title,
        starts_at: event.start,
        ends_at: event.end,
        place,
        link,
    };
    let calendar = method.map(|method| {
        Calendar {
            method,
            name: None,
            events: vec![event.clone()],
        }
        .render()
    });
    dialogue_templates::confirmation(to.lang, (&to.email, &to.name), notice, &occasion, calendar)
}

/// Queues a confirmation for the background sender (retried if the mail server is down) and
/// starts sending at once. A failure to queue is logged, never the caller's failure: the
/// registration or booking stands.
pub async fn send_confirmation(state: &AppState, mail: Mail) {
    match crate::db::mail_queue::enqueue(&state.db, &mail, state.now_ts()).await {
        Ok(()) => crate::jobs::kick_mail(state),
        Err(e) => {
            tracing::warn!(error = ?e, subject = %mail.subject, "dialogue confirmation mail not queued")
        }
    }
}
