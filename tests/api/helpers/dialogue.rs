//! Typed helpers for the market-dialogue tests (info sessions, one-to-one meetings): a published
//! challenge with its coordinator, company members who speak a given language, events and meeting
//! slots timed relative to the app's clock.

use chrono::Duration;
use kehto_backend::mail::Mailer;
use kehto_shared::Lang;
use kehto_shared::events::{EventInput, EventView};
use kehto_shared::meetings::{MeetingSlotInput, MeetingSlotView};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::{TestApp, expect_json};

/// A valid Finnish business ID (Y-tunnus) near `seed` (7 digits), with its check digit.
pub fn business_id(seed: u32) -> String {
    const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
    (seed..)
        .find_map(|n| {
            let digits = format!("{:07}", n % 10_000_000);
            let sum: u32 = digits
                .chars()
                .zip(WEIGHTS)
                .map(|(d, w)| d.to_digit(10).unwrap_or(0) * w)
                .sum();
            match sum % 11 {
                0 => Some(format!("{digits}-0")),
                1 => None,
                r => Some(format!("{digits}-{}", 11 - r)),
            }
        })
        .unwrap_or_default()
}

/// A published Pirkanmaa challenge and its coordinator.
pub struct DialogueFixture {
    pub app: TestApp,
    pub coordinator: Client,
    pub region: i64,
    pub challenge_id: i64,
}

impl DialogueFixture {
    pub async fn new() -> DialogueFixture {
        Self::with_mailer(None).await
    }

    pub async fn with_mailer(mailer: Option<Mailer>) -> DialogueFixture {
        let app = TestApp::spawn_with_mailer(mailer).await;
        // Verified directly, not by the mailed link: the mailer may be an SMTP sink.
        let (user, coordinator) = app
            .user_in("k@pirha.example", "Koordinaattori", Lang::Fi)
            .await;
        let region = app
            .grant_region_role(user, "pirkanmaa", "coordinator")
            .await;
        let input = app.challenge_input(region, "Kotihoidon etäseuranta");
        let challenge_id = app
            .published_challenge(&coordinator, &input)
            .await
            .summary
            .id;
        DialogueFixture {
            app,
            coordinator,
            region,
            challenge_id,
        }
    }
}

impl TestApp {
    /// A verified, signed-in user whose language is `lang` (verified directly in the database,
    /// so this works whichever mailer the app uses); returns (user id, client).
    pub async fn user_in(&self, email: &str, name: &str, lang: Lang) -> (i64, Client) {
        let c = self.client_in(lang);
        let user: Value = expect_json(
            self.sign_up(&c, email, name, lang.code()).await,
            StatusCode::CREATED,
        )
        .await;
        let id = user["id"].as_i64().expect("user id");
        kehto_backend::db::users::mark_verified(&self.db, id, 0)
            .await
            .expect("verify");
        let res = self.sign_in(&c, email, crate::PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
        (id, c)
    }

    /// A new user who owns a new company `name`; returns (organisation id, client).
    pub async fn company_member(&self, email: &str, name: &str, seed: u32) -> (i64, Client) {
        let (_, c) = self.user_in(email, "Yrityksen Edustaja", Lang::Fi).await;
        let org = self.create_company(&c, name, &business_id(seed)).await;
        (org, c)
    }

    /// An online info session starting `starts_in` from now, lasting two hours.
    pub fn event_input(
        &self,
        title: &str,
        starts_in: Duration,
        capacity: Option<u32>,
    ) -> EventInput {
        let start = self.now() + starts_in;
        EventInput {
            title: title.to_owned(),
            description: "Esittelemme haasteen ja vastaamme kysymyksiin.".into(),
            online_url: Some("https://teams.example.com/l/meetup-join/salainen".into()),
            address: Some("Hatanpään valtatie 24, Tampere".into()),
            starts_at: start,
            ends_at: start + Duration::hours(2),
            lang: Lang::Fi,
            capacity,
        }
    }

    /// Creates an event on challenge `challenge_id` as `c`; panics unless it succeeds.
    pub async fn create_event(
        &self,
        c: &Client,
        challenge_id: i64,
        input: &EventInput,
    ) -> EventView {
        expect_json(
            self.post(c, &format!("/challenges/{challenge_id}/events"), input)
                .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// `POST /events/{id}/registration` as `c`.
    pub async fn register_for(&self, c: &Client, event_id: i64) -> reqwest::Response {
        self.post(c, &format!("/events/{event_id}/registration"), &json!({}))
            .await
    }

    /// Opens a 45-minute meeting slot starting `starts_in` from now; panics unless it succeeds.
    pub async fn create_slot(
        &self,
        c: &Client,
        challenge_id: i64,
        starts_in: Duration,
    ) -> MeetingSlotView {
        let start = self.now() + starts_in;
        let input = MeetingSlotInput {
            starts_at: start,
            ends_at: start + Duration::minutes(45),
            location: "https://teams.example.com/l/tapaaminen-salainen".into(),
            lang: Lang::Fi,
        };
        expect_json(
            self.post(c, &format!("/challenges/{challenge_id}/meetings"), &input)
                .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// `POST /meetings/{id}/booking` as `c`.
    pub async fn book(&self, c: &Client, slot_id: i64) -> reqwest::Response {
        self.post(c, &format!("/meetings/{slot_id}/booking"), &json!({}))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_ids_have_valid_check_digits() {
        assert_eq!(business_id(112038), "0112038-9");
        assert_eq!(business_id(1572860), "1572860-0");
    }
}
