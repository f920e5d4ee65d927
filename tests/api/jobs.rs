//! Background jobs with an injected clock: deadline reminders 7 days and 1 day before proposals
//! close, exactly once even with two instances on one database, delivered over real SMTP; queued
//! e-mail retried after a failure.

use chrono::Duration;
use kehto_backend::jobs;
use kehto_backend::mail::Mailer;
use kehto_shared::notifications::{NotificationKind, NotificationsView};
use kehto_tests::TestApp;
use kehto_tests::smtp::SmtpSink;
use reqwest::StatusCode;
use serde_json::json;

/// The deadline reminders `email` has in the notification centre (signing in afresh: the
/// clock moves days at a time, past the session's lifetime).
async fn reminders(app: &TestApp, email: &str) -> Vec<String> {
    let c = app.signed_in(email).await;
    let n: NotificationsView = app.get_json(&c, "/me/notifications").await;
    n.items
        .iter()
        .filter(|i| i.kind == NotificationKind::DeadlineApproaching)
        .map(|i| i.detail.clone())
        .collect()
}

/// Waits until instance `state` (or a background send) has sent everything queued.
async fn settle(app: &TestApp, state: &kehto_backend::AppState) {
    for _ in 0..250 {
        jobs::drain_mail(state).await.unwrap();
        if kehto_backend::db::mail_queue::stats(&app.db)
            .await
            .unwrap()
            .waiting
            == 0
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("mail queue did not empty");
}

fn smtp_mailer(sink: &SmtpSink) -> Mailer {
    Mailer::smtp(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Kehto <no-reply@kehto.test>",
    )
    .unwrap()
}

#[tokio::test]
async fn reminders_come_seven_days_and_one_day_before_the_deadline_once_each() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    let deadline = input.proposals_close_at.unwrap();
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let (_, follower) = app.user("seuraaja@example.com").await;
    app.put(&follower, &format!("/challenges/{id}/follow"), &json!({}))
        .await;

    // 30 days, then 8 days before: nothing is due.
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
    app.clock.set(deadline - Duration::days(8));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
    // Inside the last week: the 7-day reminder, once however often the job runs.
    app.clock
        .set(deadline - Duration::days(7) + Duration::minutes(1));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 1);
    app.clock.advance(Duration::hours(5));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
    assert_eq!(reminders(&app, "seuraaja@example.com").await, ["7"]);
    // The last day: the 1-day reminder.
    app.clock.set(deadline - Duration::hours(20));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 1);
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
    assert_eq!(reminders(&app, "seuraaja@example.com").await, ["1", "7"]);
    app.settle_mail().await;
    let mail = app.last_mail_to("seuraaja@example.com").unwrap();
    assert!(
        mail.contains("ehdotusten määräaika päättyy 1 päivän kuluttua"),
        "{mail}"
    );

    // An extended deadline gets reminders of its own.
    input.proposals_close_at = Some(deadline + Duration::days(10));
    input.change_reason = Some("Lisäaikaa kysymysten vuoksi.".into());
    let coordinator = app.signed_in("k@pirha.example").await;
    let res = app
        .put(&coordinator, &format!("/challenges/{id}"), &input)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
    app.clock.set(deadline + Duration::days(4));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 1);
    assert_eq!(
        reminders(&app, "seuraaja@example.com").await,
        ["6", "1", "7"]
    );
    // After the deadline nothing more.
    app.clock.set(deadline + Duration::days(11));
    assert_eq!(jobs::run_once(&app.state).await.unwrap().reminders_sent, 0);
}

#[tokio::test]
async fn two_instances_send_each_reminder_exactly_once_over_smtp() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let deadline_in = |days| app.now() + Duration::days(days);
    let mut ids = vec![];
    for (n, days) in [(1, 20), (2, 25), (3, 30)] {
        let mut input = app.challenge_input(region, &format!("Haaste numero {n}"));
        input.proposals_close_at = Some(deadline_in(days));
        input.decision_target_at = Some(deadline_in(days + 30));
        ids.push(
            app.published_challenge(&coordinator, &input)
                .await
                .summary
                .id,
        );
    }
    // Followers in three languages follow every challenge.
    let emails = ["fi@example.com", "sv@example.com", "en@example.com"];
    for (email, lang) in [
        ("fi@example.com", "fi"),
        ("sv@example.com", "sv"),
        ("en@example.com", "en"),
    ] {
        let c = app.client();
        app.sign_up(&c, email, "Seuraaja", lang).await;
        let token = app.token_from_mail(email, "/verify-email?token=");
        app.post(&c, "/accounts/verify-email", &json!({"token": token}))
            .await;
        let c = app.signed_in(email).await;
        for id in &ids {
            app.put(&c, &format!("/challenges/{id}/follow"), &json!({}))
                .await;
        }
    }

    let sink = SmtpSink::start().await;
    let a = app.other_instance_state(smtp_mailer(&sink), &app.base);
    let b = app.other_instance_state(smtp_mailer(&sink), &app.base);
    // Day by day through the next four weeks, both instances run their jobs at the same moments.
    // (Each day's mail is out before the clock moves on: a manual clock jumping a day would
    // otherwise expire the lease of a message that is being sent at that very moment.)
    for _ in 0..28 {
        app.clock.advance(Duration::days(1));
        for _ in 0..3 {
            let (ra, rb) = tokio::join!(jobs::run_once(&a), jobs::run_once(&b));
            ra.unwrap();
            rb.unwrap();
        }
        settle(&app, &a).await;
    }
    // Challenges 1 and 2 closed within four weeks (7-day and 1-day reminders each); challenge 3
    // only reached its 7-day reminder: 5 reminders × 3 followers.
    let messages = sink.messages();
    assert_eq!(
        messages.len(),
        15,
        "{:#?}",
        messages.iter().map(|m| &m.rcpt_to).collect::<Vec<_>>()
    );
    let mut seen = std::collections::HashSet::new();
    for m in &messages {
        let data = kehto_tests::decode_quoted_printable(&m.data);
        let key = (
            m.rcpt_to.clone(),
            // The sentence naming the challenge and the days left.
            data.lines()
                .find(|l| l.contains("Haaste numero") && !l.starts_with("Subject:"))
                .map(str::to_owned),
        );
        assert!(seen.insert(key.clone()), "sent twice: {key:?}");
    }
    for email in emails {
        assert_eq!(reminders(&app, email).await.len(), 5);
    }
    let sv: Vec<String> = messages
        .iter()
        .filter(|m| m.rcpt_to == ["<sv@example.com>"])
        .map(|m| kehto_tests::decode_quoted_printable(&m.data))
        .collect();
    assert_eq!(sv.len(), 5);
    assert!(sv.iter().all(|d| d.contains("To: sv@example.com")));
    assert!(
        sv.iter()
            .any(|d| d
                .contains("Tiden för förslag i utmaningen ”Haaste numero 1” går ut om 7 dagar.")),
        "{sv:#?}"
    );
    assert!(
        sv.iter().all(
            |d| d.contains("Content-Type: text/html") && d.contains("Content-Type: text/plain")
        )
    );
    let en: Vec<String> = messages
        .iter()
        .filter(|m| m.rcpt_to == ["<en@example.com>"])
        .map(|m| kehto_tests::decode_quoted_printable(&m.data))
        .collect();
    assert!(
        en.iter()
            .any(|d| d.contains("Proposals for the challenge “Haaste numero 2” close in 1 day.")),
        "{en:#?}"
    );
}

#[tokio::test]
async fn a_failed_send_is_retried_later_and_then_delivered_once() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Kotihoidon etäseuranta");
    let deadline = input.proposals_close_at.unwrap();
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let (_, follower) = app.user("seuraaja@example.com").await;
    app.put(&follower, &format!("/challenges/{id}/follow"), &json!({}))
        .await;

    // An instance whose SMTP server is down: nothing listens on the port.
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let down = app.other_instance_state(
        Mailer::smtp(
            &format!("smtp://127.0.0.1:{closed_port}"),
            "Kehto <no-reply@kehto.test>",
        )
        .unwrap(),
        &app.base,
    );
    app.clock.set(deadline - Duration::days(3));
    let r = jobs::run_once(&down).await.unwrap();
    assert_eq!((r.reminders_sent, r.mails_sent), (1, 0));
    // The attempt may have been the reminder's own background send: wait until it has failed.
    let mut stats = kehto_backend::db::mail_queue::stats(&app.db).await.unwrap();
    for _ in 0..250 {
        if stats.failed_attempts == 1 && stats.leased == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        stats = kehto_backend::db::mail_queue::stats(&app.db).await.unwrap();
    }
    assert_eq!(
        (
            stats.waiting,
            stats.leased,
            stats.sent,
            stats.failed_attempts
        ),
        (1, 0, 0, 1)
    );

    let sink = SmtpSink::start().await;
    let up = app.other_instance_state(smtp_mailer(&sink), &app.base);
    // Not yet: the retry waits a minute.
    assert_eq!(jobs::run_once(&up).await.unwrap().mails_sent, 0);
    assert!(sink.messages().is_empty());
    app.clock.advance(Duration::seconds(61));
    assert_eq!(jobs::run_once(&up).await.unwrap().mails_sent, 1);
    assert_eq!(jobs::run_once(&up).await.unwrap().mails_sent, 0);
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(sink.messages()[0].rcpt_to, ["<seuraaja@example.com>"]);
    let stats = kehto_backend::db::mail_queue::stats(&app.db).await.unwrap();
    assert_eq!((stats.waiting, stats.sent, stats.given_up), (0, 1, 0));
}
