//! Info sessions under equal treatment: capacity and a waiting list that moves in order, late is
//! late, nobody but the coordinators learns who registered, the calendar files are valid
//! iCalendar, and the material is published to everyone afterwards.

use chrono::Duration;
use kehto_backend::mail::Mailer;
use kehto_shared::Lang;
use kehto_shared::events::{EventParticipant, EventView, EventsView, RegistrationState};
use kehto_tests::dialogue::DialogueFixture;
use kehto_tests::smtp::SmtpSink;
use kehto_tests::{TestApp, expect_error, expect_json};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn event_view(app: &TestApp, c: &Client, id: i64) -> EventView {
    app.get_json(c, &format!("/events/{id}")).await
}

async fn registered(res: reqwest::Response) -> EventView {
    expect_json(res, StatusCode::CREATED).await
}

#[tokio::test]
async fn a_full_event_has_a_waiting_list_that_moves_up_in_order_when_a_place_is_cancelled() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), Some(2));
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    assert_eq!(event.capacity, Some(2));
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    let (_, c) = app
        .company_member("c@kolmas.example", "Kolmas Oy", 2000000)
        .await;
    let (_, d) = app
        .company_member("d@neljas.example", "Neljäs Oy", 3000000)
        .await;

    let va = registered(app.register_for(&a, event.id).await).await;
    assert_eq!(va.my_registration, Some(RegistrationState::Registered));
    assert!(va.online_url.is_some(), "a participant gets the link");
    registered(app.register_for(&b, event.id).await).await;
    let vc = registered(app.register_for(&c, event.id).await).await;
    assert_eq!(
        vc.my_registration,
        Some(RegistrationState::Waitlisted { position: 1 })
    );
    assert!(
        vc.online_url.is_none() && vc.has_online_link,
        "no link on the waiting list"
    );
    let vd = registered(app.register_for(&d, event.id).await).await;
    assert_eq!(
        vd.my_registration,
        Some(RegistrationState::Waitlisted { position: 2 })
    );
    assert_eq!((vd.registered_count, vd.waitlist_count), (2, 2));
    // Registering twice is refused.
    expect_error(app.register_for(&a, event.id).await, 409, "conflict").await;

    // A gives up the place: C, first in line, takes it in the same step; D moves to first.
    let res = app
        .delete(&a, &format!("/events/{}/registration", event.id))
        .await;
    let after_a: EventView = expect_json(res, StatusCode::OK).await;
    assert_eq!(after_a.my_registration, None);
    assert_eq!((after_a.registered_count, after_a.waitlist_count), (2, 1));
    let vc = event_view(app, &c, event.id).await;
    assert_eq!(vc.my_registration, Some(RegistrationState::Registered));
    assert!(vc.online_url.is_some());
    assert_eq!(
        event_view(app, &d, event.id).await.my_registration,
        Some(RegistrationState::Waitlisted { position: 1 })
    );
    app.settle_mail().await;
    let mail = app
        .last_mail_to("c@kolmas.example")
        .expect("promotion mail");
    assert!(mail.contains("paikka vapautui"), "{mail}");
    assert!(mail.contains("text/calendar"), "{mail}");
    let mail = app
        .last_mail_to("a@hoivatek.example")
        .expect("cancellation mail");
    assert!(mail.contains("ilmoittautumisesi on peruttu"), "{mail}");

    // The coordinator sees everyone, in order.
    let people: Vec<EventParticipant> = app
        .get_json(
            &f.coordinator,
            &format!("/events/{}/participants", event.id),
        )
        .await;
    let names: Vec<(&str, RegistrationState)> = people
        .iter()
        .map(|p| (p.org.name_fi.as_str(), p.state))
        .collect();
    assert_eq!(
        names,
        [
            ("Kilpailija Oy", RegistrationState::Registered),
            ("Kolmas Oy", RegistrationState::Registered),
            ("Neljäs Oy", RegistrationState::Waitlisted { position: 1 }),
        ]
    );
    let audit = kehto_backend::db::audit::actions_for(&app.db, "event", event.id)
        .await
        .unwrap();
    for action in [
        "event.created",
        "event.registered",
        "event.waitlisted",
        "event.registration_cancelled",
    ] {
        assert!(audit.iter().any(|a| a.0 == action), "{action}: {audit:?}");
    }
}

#[tokio::test]
async fn raising_the_capacity_moves_the_waiting_list_up() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let mut input = app.event_input("Infotilaisuus", Duration::hours(3), Some(1));
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    registered(app.register_for(&a, event.id).await).await;
    registered(app.register_for(&b, event.id).await).await;
    input.capacity = Some(5);
    let v: EventView = expect_json(
        app.put(&f.coordinator, &format!("/events/{}", event.id), &input)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((v.registered_count, v.waitlist_count), (2, 0));
    assert_eq!(
        event_view(app, &b, event.id).await.my_registration,
        Some(RegistrationState::Registered)
    );
}

#[tokio::test]
async fn registration_closes_when_the_event_starts_and_nothing_is_stored() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    for secs in [0, 1] {
        app.clock.set(input.starts_at + Duration::seconds(secs));
        expect_error(
            app.register_for(&a, event.id).await,
            409,
            "registration_closed",
        )
        .await;
    }
    assert_eq!(
        kehto_backend::db::events::registration_count_all(&app.db, event.id)
            .await
            .unwrap(),
        0
    );
    assert!(!event_view(app, &a, event.id).await.can_register);
    app.clock.set(input.starts_at - Duration::seconds(1));
    registered(app.register_for(&a, event.id).await).await;
    // A cancelled event takes nobody.
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    let res = app
        .post(
            &f.coordinator,
            &format!("/events/{}/cancel", event.id),
            &json!({"reason": "Puhuja sairastui."}),
        )
        .await;
    let v: EventView = expect_json(res, StatusCode::OK).await;
    assert!(v.cancelled_at.is_some());
    expect_error(
        app.register_for(&b, event.id).await,
        409,
        "registration_closed",
    )
    .await;
    app.settle_mail().await;
    let mail = app.last_mail_to("a@hoivatek.example").unwrap();
    assert!(mail.contains("Puhuja sairastui."), "{mail}");
    assert!(
        mail.contains("METHOD:CANCEL") || mail.contains("method=CANCEL"),
        "{mail}"
    );
}

#[tokio::test]
async fn nobody_but_the_coordinators_learns_who_registered() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), Some(1));
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, a) = app
        .company_member("myynti@hoivatek.example", "Hoivatek Oy", 112038)
        .await;
    let (_, b) = app
        .company_member("b@kilpailija.example", "Kilpailija Oy", 1572860)
        .await;
    registered(app.register_for(&a, event.id).await).await;
    registered(app.register_for(&b, event.id).await).await;
    for (who, c) in [("company b", &b), ("visitor", &app.client())] {
        for path in [
            format!("/events/{}", event.id),
            format!("/challenges/{}/events", f.challenge_id),
        ] {
            let raw = app.get(c, &path).await.text().await.unwrap();
            assert!(
                !raw.contains("Hoivatek") && !raw.contains("myynti@"),
                "{who} learns who registered: {raw}"
            );
            assert!(
                !raw.contains("salainen"),
                "{who} sees the online link: {raw}"
            );
        }
    }
    let list: EventsView = app
        .get_json(
            &app.client(),
            &format!("/challenges/{}/events", f.challenge_id),
        )
        .await;
    assert_eq!(list.events[0].registered_count, 1);
    assert!(!list.can_manage && !list.events[0].can_register);
    let path = format!("/events/{}/participants", event.id);
    expect_error(app.get(&b, &path).await, 403, "forbidden").await;
    expect_error(app.get(&app.client(), &path).await, 401, "unauthenticated").await;
    let raw = app.get(&f.coordinator, &path).await.text().await.unwrap();
    assert!(raw.contains("Hoivatek Oy") && raw.contains("myynti@hoivatek.example"));
}

#[tokio::test]
async fn visitors_and_region_staff_cannot_register() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    expect_error(
        app.register_for(&app.client(), event.id).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_error(
        app.register_for(&f.coordinator, event.id).await,
        403,
        "forbidden",
    )
    .await;
    // Someone without a company.
    let (_, loner) = app.user_in("yksin@example.com", "Yksin", Lang::Fi).await;
    expect_error(app.register_for(&loner, event.id).await, 403, "forbidden").await;
    assert_eq!(
        kehto_backend::db::events::registration_count_all(&app.db, event.id)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_coordinator_of_another_region_cannot_manage_events() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, oulu) = app
        .coordinator("k@ppshp.example", "pohjois-pohjanmaa")
        .await;
    let id = event.id;
    expect_error(
        app.post(
            &oulu,
            &format!("/challenges/{}/events", f.challenge_id),
            &input,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.put(&oulu, &format!("/events/{id}"), &input).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.post(
            &oulu,
            &format!("/events/{id}/cancel"),
            &json!({"reason": "Ei käy."}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.put(
            &oulu,
            &format!("/events/{id}/material"),
            &json!({"material": "Kalvot"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.get(&oulu, &format!("/events/{id}/participants")).await,
        403,
        "forbidden",
    )
    .await;
    let v = event_view(app, &oulu, id).await;
    assert!(!v.can_manage && v.online_url.is_none());
    assert!(event_view(app, &f.coordinator, id).await.can_manage);
}

#[tokio::test]
async fn bad_event_input_is_refused_with_field_errors() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let mut input = app.event_input("Infotilaisuus", Duration::days(-1), Some(0));
    input.online_url = Some("teams".into());
    let res = app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/events", f.challenge_id),
            &input,
        )
        .await;
    let fields = kehto_tests::validation_fields(res).await;
    for field in ["online_url", "starts_at", "capacity"] {
        assert!(fields.iter().any(|f| f == field), "{field}: {fields:?}");
    }
}

/// Splits iCalendar text into its content lines, checking each ends in CRLF.
fn lines(ics: &str) -> Vec<&str> {
    assert!(ics.ends_with("\r\n"), "{ics}");
    let body = &ics[..ics.len() - 2];
    let lines: Vec<&str> = body.split("\r\n").collect();
    for l in &lines {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare line break in {l:?}"
        );
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }
    lines
}

#[tokio::test]
async fn the_ics_download_is_valid_icalendar_in_utc() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let title = "Markkinavuoropuhelun infotilaisuus: kotihoidon etäseuranta, \
                 älykkäät lääkeannostelijat; ja muut ratkaisut";
    let input = app.event_input(title, Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let res = app
        .get(&app.client(), &format!("/events/{}/event.ics", event.id))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-type").starts_with("text/calendar"));
    assert_eq!(
        header("content-disposition"),
        format!("attachment; filename=\"kehto-event-{}.ics\"", event.id)
    );
    let ics = res.text().await.unwrap();
    let lines = lines(&ics);
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert!(lines.contains(&"METHOD:PUBLISH"));
    let start = input.starts_at.format("%Y%m%dT%H%M%SZ").to_string();
    assert!(
        lines.contains(&format!("DTSTART:{start}").as_str()),
        "{ics}"
    );
    assert!(lines.iter().any(|l| l.starts_with("UID:event-")));
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "the long title is folded"
    );
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!(
            "SUMMARY:{}",
            title.replace(',', "\\,").replace(';', "\\;")
        )),
        "{unfolded}"
    );
    assert!(
        !ics.contains("salainen"),
        "a visitor's file has no online link"
    );
}

#[tokio::test]
async fn the_feed_lists_public_events_only() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let public = app
        .create_event(
            &f.coordinator,
            f.challenge_id,
            &app.event_input("Julkinen tilaisuus", Duration::hours(3), None),
        )
        .await;
    // No sessions on a draft.
    let draft = app
        .create_challenge(&f.coordinator, &app.challenge_input(f.region, "Luonnos"))
        .await;
    expect_error(
        app.post(
            &f.coordinator,
            &format!("/challenges/{}/events", draft.summary.id),
            &app.event_input("Luonnoksen tilaisuus", Duration::hours(4), None),
        )
        .await,
        409,
        "dialogue_closed",
    )
    .await;
    // A cancelled challenge's sessions leave the feed.
    let cancelled = app
        .published_challenge(
            &f.coordinator,
            &app.challenge_input(f.region, "Peruttava haaste"),
        )
        .await;
    let hidden = app
        .create_event(
            &f.coordinator,
            cancelled.summary.id,
            &app.event_input("Salainen luonnostilaisuus", Duration::hours(4), None),
        )
        .await;
    let res = app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/transitions", cancelled.summary.id),
            &serde_json::json!({"to": "cancelled", "reason": "Tarve poistui organisaatiomuutoksessa."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get(&app.client(), "/events.ics").await;
    assert_eq!(res.status(), StatusCode::OK);
    let ics = res.text().await.unwrap();
    lines(&ics);
    assert!(ics.contains(&format!("UID:event-{}@", public.id)), "{ics}");
    assert!(!ics.contains(&format!("UID:event-{}@", hidden.id)), "{ics}");
    assert!(!ics.contains("Salainen luonnostilaisuus") && !ics.contains("salainen"));
    // Ninety days after it ended, the event leaves the feed.
    app.clock.set(public.ends_at + Duration::days(91));
    let ics = app
        .get(&app.client(), "/events.ics")
        .await
        .text()
        .await
        .unwrap();
    assert!(!ics.contains(&format!("UID:event-{}@", public.id)));
}

#[tokio::test]
async fn the_material_is_published_to_everyone_after_the_event() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let path = format!("/events/{}/material", event.id);
    let body = json!({"material": "## Muistio\n\nKysyttiin integraatioista. [Kalvot](https://pirha.example/kalvot.pdf)"});
    expect_error(
        app.put(&f.coordinator, &path, &body).await,
        409,
        "not_yet_held",
    )
    .await;
    app.clock.set(input.ends_at);
    let v: EventView =
        expect_json(app.put(&f.coordinator, &path, &body).await, StatusCode::OK).await;
    assert!(v.material_published_at.is_some());
    let seen = event_view(app, &app.client(), event.id).await;
    assert!(
        seen.material_html
            .as_deref()
            .is_some_and(|h| h.contains("<h2>Muistio</h2>")),
        "{seen:?}"
    );
    let audit = kehto_backend::db::audit::actions_for(&app.db, "event", event.id)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.0 == "event.material_published"));
}

#[tokio::test]
async fn a_registration_confirmation_arrives_over_smtp_in_the_users_language_with_an_invitation() {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Kehto <no-reply@kehto.test>",
    )
    .unwrap();
    let f = DialogueFixture::with_mailer(Some(mailer)).await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), None);
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, c) = app
        .user_in("sara@foretag.example", "Sara Svensson", Lang::Sv)
        .await;
    app.create_company(
        &c,
        "Företaget Ab",
        &kehto_tests::dialogue::business_id(4000000),
    )
    .await;
    let before = sink.messages().len();
    registered(app.register_for(&c, event.id).await).await;
    app.settle_mail().await;
    let messages = sink.messages();
    assert_eq!(messages.len(), before + 1);
    let m = messages.last().unwrap();
    assert_eq!(m.rcpt_to, ["<sara@foretag.example>"]);
    let data = kehto_tests::decode_quoted_printable(&m.data);
    assert!(data.contains("Hej Sara Svensson,"), "{data}");
    assert!(data.contains("din anmälan är bekräftad"), "{data}");
    assert!(data.contains("text/calendar"), "{data}");
    assert!(data.contains("method=REQUEST"), "{data}");
    assert!(data.contains("invite.ics"), "{data}");
}

#[tokio::test]
async fn concurrent_registrations_never_exceed_the_capacity() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let input = app.event_input("Infotilaisuus", Duration::hours(3), Some(2));
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let mut clients = Vec::new();
    for (i, seed) in [112038, 1572860, 2000000, 3000000, 4000000]
        .into_iter()
        .enumerate()
    {
        let (_, c) = app
            .company_member(
                &format!("c{i}@yritys.example"),
                &format!("Yritys {i} Oy"),
                seed,
            )
            .await;
        clients.push(c);
    }
    let (r0, r1, r2, r3, r4) = tokio::join!(
        app.register_for(&clients[0], event.id),
        app.register_for(&clients[1], event.id),
        app.register_for(&clients[2], event.id),
        app.register_for(&clients[3], event.id),
        app.register_for(&clients[4], event.id),
    );
    let mut states = Vec::new();
    for r in [r0, r1, r2, r3, r4] {
        states.push(registered(r).await.my_registration);
    }
    let places = states
        .iter()
        .filter(|s| **s == Some(RegistrationState::Registered))
        .count();
    let mut positions: Vec<u32> = states
        .iter()
        .filter_map(|s| match s {
            Some(RegistrationState::Waitlisted { position }) => Some(*position),
            _ => None,
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(places, 2, "{states:?}");
    assert_eq!(positions, [1, 2, 3], "{states:?}");
}

#[tokio::test]
async fn participants_get_an_updated_invitation_when_the_time_changes() {
    let f = DialogueFixture::new().await;
    let app = &f.app;
    let mut input = app.event_input("Infotilaisuus", Duration::hours(5), Some(1));
    let event = app
        .create_event(&f.coordinator, f.challenge_id, &input)
        .await;
    let (_, a) = app
        .company_member("a@hoivatek.example", "Hoivatek Oy", 1)
        .await;
    let (_, b) = app.company_member("b@toinen.example", "Toinen Oy", 2).await;
    registered(app.register_for(&a, event.id).await).await;
    app.register_for(&b, event.id).await;
    app.settle_mail().await;
    // A new description only: nobody is mailed.
    input.description = "Tarkennettu kuvaus ohjelmasta.".into();
    let before = app.mail_count();
    let res = app
        .put(&f.coordinator, &format!("/events/{}", event.id), &input)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.settle_mail().await;
    assert_eq!(app.mail_count(), before);
    // A new time: the registered participant gets an updated invitation, the waiting one not.
    input.starts_at += Duration::hours(1);
    input.ends_at += Duration::hours(1);
    let res = app
        .put(&f.coordinator, &format!("/events/{}", event.id), &input)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.settle_mail().await;
    assert_eq!(app.mail_count(), before + 1);
    let mail = app.last_mail_to("a@hoivatek.example").unwrap();
    assert!(
        mail.contains("tilaisuuden aika, paikka tai verkkolinkki on muuttunut"),
        "{mail}"
    );
    assert!(
        mail.contains("METHOD:REQUEST") && mail.contains("SEQUENCE:"),
        "{mail}"
    );
}
