//! Mail over a real SMTP exchange: lettre delivers to an SMTP server running in the test.

use kehto_backend::mail::Mailer;
use kehto_tests::TestApp;
use kehto_tests::smtp::SmtpSink;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn verification_mail_is_delivered_over_smtp_in_the_users_language() {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{}", sink.port),
        "Kehto <no-reply@kehto.test>",
    )
    .unwrap();
    let app = TestApp::spawn_with_mailer(Some(mailer)).await;
    let res = app
        .post(
            &app.client(),
            "/accounts",
            &json!({"email": "emma@example.com", "password": "a-long-and-quiet-evening", "display_name": "Emma Smith", "lang": "en"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m.mail_from, "<no-reply@kehto.test>");
    assert_eq!(m.rcpt_to, ["<emma@example.com>"]);
    let data = kehto_tests::decode_quoted_printable(&m.data);
    assert!(data.contains("To: emma@example.com"), "{data}");
    assert!(
        data.contains("Subject: Confirm your e-mail address"),
        "{data}"
    );
    assert!(data.contains("Hello Emma Smith,"), "{data}");
    assert!(
        data.contains(&format!("{}/verify-email?token=", app.base)),
        "{data}"
    );
    assert!(data.contains("multipart/alternative"));
}
