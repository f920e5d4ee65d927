//! One-to-one meetings on equal terms: every organisation may book the same number of slots,
//! even when its requests race; one slot goes to one organisation; nobody but the coordinators
//! learns who booked; summaries are published to all.

use chrono::Duration;
use kehto_backend::mail::Mailer;
use kehto_shared::Lang;
use kehto_shared::meetings::{MeetingSlotView, MeetingsView};
use kehto_tests::dialogue::{DialogueFixture, business_id};
use kehto_tests::smtp::SmtpSink;
use kehto_tests::{expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

async fn set_limit(f: &DialogueFixture, limit: u8) {
    let res = f
        .app
        .put(
            &f.coordinator,
            &format!("/challenges/{}/meeting-settings", f.challenge_id),
            &json!({"per_org_limit": limit}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

async fn slots(f: &DialogueFixture, n: i64) -> Vec<MeetingSlotView> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(
            f.app
                .create_slot(&f.coordinator, f.challenge_id, Duration::hours(2 + i))
                .await,
        );
    }
    out
}

#[tokio::test]
async fn each_organisation_books_at_most_the_limit() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    set_limit(&f, 2).await;
    let s = slots(&f, 3).await;
    let (org, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    for slot in &s[..2] {
        let v: MeetingSlotView =
            expect_json(app.book(&a, slot.id).await, StatusCode::CREATED).await;
        assert!(v.booked && v.booked_by_mine && v.location.is_some() && v.can_cancel);
    }
    expect_error(app.book(&a, s[2].id).await, 409, "meeting_limit_reached").await;
    let view: MeetingsView = app
        .get_json(&a, &format!("/challenges/{}/meetings", f.challenge_id))
        .await;
    assert_eq!(
        (view.per_org_limit, view.my_booked_count, view.can_book),
        (2, 2, false)
    );
    // Cancelling one frees a booking.
    let v: MeetingSlotView = expect_json(
        app.delete(&a, &format!("/meetings/{}/booking", s[0].id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!v.booked && v.location.is_none());
    expect_json::<MeetingSlotView>(app.book(&a, s[2].id).await, StatusCode::CREATED).await;
    assert_eq!(
        kehto_backend::db::meetings::booked_by_org(&app.db, f.challenge_id, org)
            .await
            .unwrap(),
        2
    );
    // Lowering the limit below what is held allows no new booking, whatever numbers are free.
    set_limit(&f, 1).await;
    let res = app
        .delete(&a, &format!("/meetings/{}/booking", s[1].id))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    expect_error(app.book(&a, s[0].id).await, 409, "meeting_limit_reached").await;
    // Booking after the slot has begun is refused.
    app.clock.set(s[0].starts_at);
    expect_error(app.book(&a, s[0].id).await, 409, "registration_closed").await;
}

#[tokio::test]
async fn concurrent_bookings_by_one_organisation_never_exceed_the_limit() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    set_limit(&f, 2).await;
    let s = slots(&f, 6).await;
    let (org, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    // A colleague in the same company books at the same time from another browser.
    let colleague = app.user_in("b@hoivatek.example", "Kollega", Lang::Fi).await;
    let res = app
        .post(
            &a,
            &format!("/organisations/{org}/members"),
            &json!({"email": "b@hoivatek.example", "role": "company_member"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let b = colleague.1;
    let (r0, r1, r2, r3, r4, r5) = tokio::join!(
        app.book(&a, s[0].id),
        app.book(&b, s[1].id),
        app.book(&a, s[2].id),
        app.book(&b, s[3].id),
        app.book(&a, s[4].id),
        app.book(&b, s[5].id),
    );
    let statuses: Vec<u16> = [r0, r1, r2, r3, r4, r5]
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let won = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((won, refused), (2, 4), "{statuses:?}");
    assert_eq!(
        kehto_backend::db::meetings::booked_by_org(&app.db, f.challenge_id, org)
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn two_organisations_racing_for_one_slot_exactly_one_wins() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    set_limit(&f, 5).await;
    let s = slots(&f, 5).await;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    for slot in &s {
        let (ra, rb) = tokio::join!(app.book(&a, slot.id), app.book(&b, slot.id));
        let mut codes = [ra.status().as_u16(), rb.status().as_u16()];
        codes.sort_unstable();
        assert_eq!(codes, [201, 409], "slot {}", slot.id);
        let loser = if ra.status() == StatusCode::CREATED {
            rb
        } else {
            ra
        };
        expect_error(loser, 409, "slot_taken").await;
    }
    let view: MeetingsView = app
        .get_json(
            &f.coordinator,
            &format!("/challenges/{}/meetings", f.challenge_id),
        )
        .await;
    assert!(
        view.slots
            .iter()
            .all(|s| s.booked && s.booked_org.is_some())
    );
}

#[tokio::test]
async fn nobody_but_the_coordinators_learns_who_booked() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let s = slots(&f, 2).await;
    let (_, a) = app
        .company_member("myynti@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    expect_json::<MeetingSlotView>(app.book(&a, s[0].id).await, StatusCode::CREATED).await;
    let path = format!("/challenges/{}/meetings", f.challenge_id);
    for (who, c) in [("company b", &b), ("visitor", &app.client())] {
        let raw = app.get(c, &path).await.text().await.unwrap();
        assert!(
            !raw.contains("Hoivatek") && !raw.contains("myynti@") && !raw.contains("salainen"),
            "{who} learns too much: {raw}"
        );
        let v: MeetingsView = serde_json::from_str(&raw).unwrap();
        assert!(v.slots[0].booked && !v.slots[0].booked_by_mine && !v.slots[0].can_book);
        assert!(v.slots[0].booked_org.is_none() && v.slots[0].location.is_none());
    }
    // B cannot cancel A's booking; to B it does not exist.
    expect_error(
        app.delete(&b, &format!("/meetings/{}/booking", s[0].id))
            .await,
        404,
        "not_found",
    )
    .await;
    let v: MeetingsView = app.get_json(&f.coordinator, &path).await;
    assert_eq!(
        v.slots[0].booked_org.as_ref().map(|o| o.name_fi.as_str()),
        Some("Hoivatek Oy")
    );
    assert!(v.can_manage && v.slots[1].location.is_some());
    // A visitor cannot book.
    expect_error(
        app.book(&app.client(), s[1].id).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_error(app.book(&f.coordinator, s[1].id).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_coordinator_of_another_region_cannot_manage_meetings() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let s = slots(&f, 1).await;
    let (_, oulu) = app
        .coordinator("k@ppshp.example", "pohjois-pohjanmaa")
        .await;
    let start = app.now() + Duration::days(2);
    let input = json!({"starts_at": start, "ends_at": start + Duration::minutes(30), "location": "Oulu", "lang": "fi"});
    expect_error(
        app.post(
            &oulu,
            &format!("/challenges/{}/meetings", f.challenge_id),
            &input,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.put(
            &oulu,
            &format!("/challenges/{}/meeting-settings", f.challenge_id),
            &json!({"per_org_limit": 10}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.delete(&oulu, &format!("/meetings/{}", s[0].id)).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.put(
            &oulu,
            &format!("/meetings/{}/summary", s[0].id),
            &json!({"summary": "Ei"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_summary_is_published_to_everyone_after_the_meeting() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let s = slots(&f, 1).await;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    expect_json::<MeetingSlotView>(app.book(&a, s[0].id).await, StatusCode::CREATED).await;
    let path = format!("/meetings/{}/summary", s[0].id);
    let body = json!({"summary": "Keskusteltiin **tietosuojasta** ja pilotin kestosta."});
    expect_error(
        app.put(&f.coordinator, &path, &body).await,
        409,
        "not_yet_held",
    )
    .await;
    app.clock.set(s[0].ends_at);
    expect_json::<MeetingSlotView>(app.put(&f.coordinator, &path, &body).await, StatusCode::OK)
        .await;
    let v: MeetingsView = app
        .get_json(
            &app.client(),
            &format!("/challenges/{}/meetings", f.challenge_id),
        )
        .await;
    assert!(
        v.slots[0]
            .summary_html
            .as_deref()
            .is_some_and(|h| h.contains("<strong>tietosuojasta</strong>")),
        "{v:?}"
    );
    // A slot with a published summary stays on the record.
    expect_error(
        app.delete(&f.coordinator, &format!("/meetings/{}", s[0].id))
            .await,
        409,
        "conflict",
    )
    .await;
    let audit = kehto_backend::db::audit::actions_for(&app.db, "meeting", s[0].id)
        .await
        .unwrap();
    for action in [
        "meeting.slot_created",
        "meeting.booked",
        "meeting.summary_published",
    ] {
        assert!(audit.iter().any(|a| a.0 == action), "{action}: {audit:?}");
    }
}

#[tokio::test]
async fn booking_and_cancelling_send_invitations_over_smtp_in_the_users_language() {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Kehto <no-reply@kehto.test>",
    )
    .unwrap();
    let f = DialogueFixture::with_mailer(Some(mailer)).await;
    let app = &f.app;
    let s = slots(&f, 2).await;
    let (_, c) = app
        .user_in("emma@company.example", "Emma Smith", Lang::En)
        .await;
    app.create_company(&c, "Company Ltd", &business_id(5000000))
        .await;
    let before = sink.messages().len();
    expect_json::<MeetingSlotView>(app.book(&c, s[0].id).await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let res = app
        .delete(&c, &format!("/meetings/{}/booking", s[0].id))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.settle_mail().await;
    let messages = sink.messages();
    assert_eq!(messages.len(), before + 2);
    let booked = kehto_tests::decode_quoted_printable(&messages[before].data);
    assert!(booked.contains("Hello Emma Smith,"), "{booked}");
    assert!(booked.contains("the meeting slot is booked"), "{booked}");
    assert!(
        booked.contains("text/calendar; charset=utf-8; method=REQUEST"),
        "{booked}"
    );
    let cancelled = kehto_tests::decode_quoted_printable(&messages[before + 1].data);
    assert!(
        cancelled.contains("the meeting booking has been cancelled"),
        "{cancelled}"
    );
    // (Raw: decoding quoted-printable would read `=CA` in the header as a byte.)
    assert!(
        messages[before + 1].data.contains("method=CANCEL"),
        "{cancelled}"
    );
    assert!(cancelled.contains("\nMETHOD:CANCEL"), "{cancelled}");
    // The coordinator withdraws a booked slot: the booker is told.
    expect_json::<MeetingSlotView>(app.book(&c, s[1].id).await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let res = app
        .delete(&f.coordinator, &format!("/meetings/{}", s[1].id))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    app.settle_mail().await;
    let raw = sink.messages().last().unwrap().data.clone();
    let last = kehto_tests::decode_quoted_printable(&raw);
    assert!(last.contains("withdrawn the slot you booked"), "{last}");
    assert!(raw.contains("method=CANCEL"), "{last}");
}
