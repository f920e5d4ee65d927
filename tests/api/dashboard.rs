//! "My dialogue" for a company member and the coordinators' dialogue dashboard: each sees what
//! is theirs to see, and nothing of another company's.

use chrono::Duration;
use kehto_shared::dialogue::{DialogueDashboard, MyDialogue};
use kehto_shared::events::RegistrationState;
use kehto_shared::notifications::{NotificationKind, NotificationsView};
use kehto_tests::dialogue::DialogueFixture;
use kehto_tests::{expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_company_member_sees_their_questions_registrations_and_bookings_in_one_place() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let id = f.challenge_id;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 1)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 2)
        .await;
    // A follows the challenge, so A hears about the new event.
    app.put(&a, &format!("/challenges/{id}/follow"), &json!({}))
        .await;
    let event = app
        .create_event(
            &f.coordinator,
            id,
            &app.event_input("Infotilaisuus", Duration::days(3), Some(1)),
        )
        .await;
    let n: NotificationsView = app.get_json(&a, "/me/notifications").await;
    assert_eq!(n.items[0].kind, NotificationKind::EventAdded);
    assert_eq!(n.items[0].detail, "Infotilaisuus");
    let slot = app.create_slot(&f.coordinator, id, Duration::days(5)).await;
    let other_slot = app.create_slot(&f.coordinator, id, Duration::days(6)).await;

    let q: serde_json::Value = expect_json(
        app.post(
            &a,
            &format!("/challenges/{id}/questions"),
            &json!({"text": "Voiko pilotin aloittaa yhdellä tiimillä?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    app.post(
        &b,
        &format!("/challenges/{id}/questions"),
        &json!({"text": "Kilpailijan oma kysymys hinnoittelusta?"}),
    )
    .await;
    assert_eq!(
        app.register_for(&a, event.id).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.register_for(&b, event.id).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(app.book(&a, slot.id).await.status(), StatusCode::CREATED);
    assert_eq!(
        app.book(&b, other_slot.id).await.status(),
        StatusCode::CREATED
    );
    let qid = q["id"].as_i64().unwrap();
    app.put(
        &f.coordinator,
        &format!("/challenges/{id}/questions/{qid}/answer"),
        &json!({"question": "Voiko pilotin aloittaa yhdellä tiimillä?", "answer": "Voi."}),
    )
    .await;

    let mine: MyDialogue = app.get_json(&a, "/me/dialogue").await;
    assert_eq!(mine.challenges.len(), 1);
    let c = &mine.challenges[0];
    assert_eq!(c.challenge_id, id);
    assert_eq!(c.questions.len(), 1);
    assert_eq!(
        c.questions[0].asked.text,
        "Voiko pilotin aloittaa yhdellä tiimillä?"
    );
    assert_eq!(
        c.questions[0].published.as_ref().map(|p| p.answer.as_str()),
        Some("Voi.")
    );
    assert_eq!(c.registrations.len(), 1);
    assert_eq!(
        c.registrations[0].my_registration,
        Some(RegistrationState::Registered)
    );
    assert_eq!(c.bookings.len(), 1);
    assert_eq!(c.bookings[0].id, slot.id);
    let text = serde_json::to_string(&mine).unwrap();
    assert!(!text.contains("Kilpailija"), "nothing of B: {text}");

    let b_view: MyDialogue = app.get_json(&b, "/me/dialogue").await;
    let c = &b_view.challenges[0];
    assert_eq!(
        c.registrations[0].my_registration,
        Some(RegistrationState::Waitlisted { position: 1 })
    );
    assert_eq!(c.bookings[0].id, other_slot.id);
    assert!(!serde_json::to_string(&b_view).unwrap().contains("Hoivatek"));

    let (_, nobody) = app.user("uusi@example.com").await;
    assert!(
        app.get_json::<MyDialogue>(&nobody, "/me/dialogue")
            .await
            .challenges
            .is_empty()
    );
    expect_error(
        app.get(&app.client(), "/me/dialogue").await,
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn the_dashboard_shows_coordinators_the_whole_dialogue_and_nobody_else() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let id = f.challenge_id;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 1)
        .await;
    app.post(
        &a,
        &format!("/challenges/{id}/questions"),
        &json!({"text": "Ensimmäinen kysymys integraatiosta?"}),
    )
    .await;
    app.clock.advance(Duration::hours(2));
    app.post(
        &a,
        &format!("/challenges/{id}/questions"),
        &json!({"text": "Toinen kysymys hinnoittelusta?"}),
    )
    .await;
    let event = app
        .create_event(
            &f.coordinator,
            id,
            &app.event_input("Infotilaisuus", Duration::days(3), None),
        )
        .await;
    app.register_for(&a, event.id).await;
    let slot = app.create_slot(&f.coordinator, id, Duration::days(5)).await;
    app.book(&a, slot.id).await;

    let d: DialogueDashboard = app
        .get_json(&f.coordinator, &format!("/challenges/{id}/dialogue"))
        .await;
    assert_eq!(d.unanswered.len(), 2);
    assert!(
        d.unanswered[0].asked_at < d.unanswered[1].asked_at,
        "oldest first"
    );
    assert_eq!(
        d.unanswered[0].org.as_ref().map(|o| o.name_fi.as_str()),
        Some("Hoivatek Oy")
    );
    assert_eq!(d.answered_count, 0);
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].registered_count, 1);
    assert_eq!(d.meetings.slots.len(), 1);
    assert_eq!(
        d.meetings.slots[0]
            .booked_org
            .as_ref()
            .map(|o| o.name_fi.as_str()),
        Some("Hoivatek Oy")
    );
    assert_eq!(d.followers, 1, "the asker follows");
    assert_eq!(d.version, 1);

    expect_error(
        app.get(&a, &format!("/challenges/{id}/dialogue")).await,
        403,
        "forbidden",
    )
    .await;
    let (_, other) = app.coordinator("k@lappi.example", "lappi").await;
    expect_error(
        app.get(&other, &format!("/challenges/{id}/dialogue")).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.get(&app.client(), &format!("/challenges/{id}/dialogue"))
            .await,
        401,
        "unauthenticated",
    )
    .await;
}
