//! Market dialogue in the demo data: info sessions (with registrations and, for past ones,
//! published minutes) and one-to-one meeting slots (some booked, some summarised) on a
//! challenge, at times relative to when the demo is loaded.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Timelike, Utc};
use kehto_shared::Lang;
use serde::Deserialize;

use crate::db::{self, Db};

/// A challenge's market dialogue as described in `demo.json`.
#[derive(Debug, Default, Deserialize)]
pub struct DemoDialogue {
    #[serde(default)]
    pub meeting_limit: Option<i64>,
    #[serde(default)]
    pub events: Vec<DemoEvent>,
    #[serde(default)]
    pub meeting_slots: Vec<DemoSlot>,
}

#[derive(Debug, Deserialize)]
pub struct DemoEvent {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub online_url: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// Days from the load date (negative: already held), at `start_hour_utc`.
    pub starts_in_days: i64,
    pub start_hour_utc: u32,
    pub duration_minutes: i64,
    pub lang: Lang,
    #[serde(default)]
    pub capacity: Option<i64>,
    /// E-mail addresses of demo users who registered, in order.
    #[serde(default)]
    pub registrants: Vec<String>,
    /// Minutes published after a past event.
    #[serde(default)]
    pub material: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoSlot {
    pub starts_in_days: i64,
    pub start_hour_utc: u32,
    pub duration_minutes: i64,
    pub location: String,
    pub lang: Lang,
    /// E-mail of the demo user whose (first) company booked it.
    #[serde(default)]
    pub booked_by: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Who is who in the loaded demo data.
pub struct DemoPeople<'a> {
    /// e-mail → (user id, first company or research organisation)
    pub users: &'a HashMap<String, (i64, Option<i64>)>,
    pub coordinator: i64,
}

fn at(now: DateTime<Utc>, days: i64, hour: u32) -> i64 {
    let day = now + Duration::days(days);
    day.with_hour(hour)
        .and_then(|t| t.with_minute(0))
        .and_then(|t| t.with_second(0))
        .unwrap_or(day)
        .timestamp()
}

fn person(people: &DemoPeople<'_>, email: &str) -> anyhow::Result<(i64, i64)> {
    match people.users.get(email) {
        Some((user, Some(org))) => Ok((*user, *org)),
        _ => anyhow::bail!("demo dialogue: {email} is not a company member"),
    }
}

/// Loads `d` onto challenge `challenge_id`.
pub async fn load(
    db: &Db,
    challenge_id: i64,
    d: &DemoDialogue,
    people: &DemoPeople<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let ts = now.timestamp();
    if let Some(limit) = d.meeting_limit {
        db::meetings::set_limit(db, challenge_id, limit, ts).await?;
    }
    for e in &d.events {
        let starts_at = at(now, e.starts_in_days, e.start_hour_utc);
        let write = db::events::EventWrite {
            title: &e.title,
            description: &e.description,
            description_html: crate::markdown::render(&e.description),
            online_url: e.online_url.as_deref(),
            address: e.address.as_deref(),
            starts_at,
            ends_at: starts_at + e.duration_minutes * 60,
            lang: e.lang.code(),
            capacity: e.capacity,
        };
        let created = starts_at.min(ts) - 14 * 86_400;
        let id = db::events::insert(db, challenge_id, &write, people.coordinator, created).await?;
        for (n, email) in e.registrants.iter().enumerate() {
            let (user, org) = person(people, email)?;
            db::events::register(db, id, user, org, created + 3600 * (n as i64 + 1)).await?;
        }
        if let Some(material) = &e.material {
            let html = crate::markdown::render(material);
            db::events::publish_material(db, id, material, &html, write.ends_at + 86_400).await?;
        }
    }
    for s in &d.meeting_slots {
        let starts_at = at(now, s.starts_in_days, s.start_hour_utc);
        let ends_at = starts_at + s.duration_minutes * 60;
        let created = starts_at.min(ts) - 10 * 86_400;
        let id = db::meetings::insert(
            db,
            challenge_id,
            (starts_at, ends_at),
            &s.location,
            s.lang.code(),
            people.coordinator,
            created,
        )
        .await?;
        if let Some(email) = &s.booked_by {
            let (user, org) = person(people, email)?;
            let limit = d.meeting_limit.unwrap_or(1);
            db::meetings::book(db, challenge_id, id, (org, user), limit, created + 3600).await?;
        }
        if let Some(summary) = &s.summary {
            let html = crate::markdown::render(summary);
            db::meetings::publish_summary(db, id, summary, &html, ends_at + 86_400).await?;
        }
    }
    Ok(())
}
