//! Market dialogue under equal treatment: what one company learns, all learn, without revealing
//! who asked; unanswered questions stay between the asker and the coordinators; late is late.

use chrono::Duration;
use kehto_shared::dialogue::{AskedQuestion, PublishedQuestion, QuestionsView};
use kehto_tests::{TestApp, expect_error, expect_json, validation_fields};
use reqwest::{Client, StatusCode};
use serde_json::json;

struct Dialogue {
    app: TestApp,
    coordinator: Client,
    company_a: Client,
    company_b: Client,
    id: i64,
    questions_close: chrono::DateTime<chrono::Utc>,
}

/// A published Pirkanmaa challenge, its coordinator, and members of two companies.
async fn dialogue() -> Dialogue {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let input = app.challenge_input(region, "Kotihoidon etäseuranta");
    let questions_close = input.questions_close_at.unwrap();
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let (_, company_a) = app.user("myynti@hoivatek.example").await;
    app.create_company(&company_a, "Hoivatek Oy", "0112038-9")
        .await;
    let (_, company_b) = app.user("info@kilpailija.example").await;
    app.create_company(&company_b, "Kilpailija Oy", "1572860-0")
        .await;
    Dialogue {
        app,
        coordinator,
        company_a,
        company_b,
        id,
        questions_close,
    }
}

impl Dialogue {
    fn path(&self) -> String {
        format!("/challenges/{}/questions", self.id)
    }

    async fn ask(&self, c: &Client, text: &str) -> reqwest::Response {
        self.app.post(c, &self.path(), &json!({"text": text})).await
    }

    async fn view(&self, c: &Client) -> QuestionsView {
        self.app.get_json(c, &self.path()).await
    }
}

#[tokio::test]
async fn an_answer_is_published_to_everyone_without_the_askers_identity() {
    let d = dialogue().await;
    let app = &d.app;
    let asked: AskedQuestion = expect_json(
        d.ask(
            &d.company_a,
            "Hoivatek Oy kysyy: toimiiko ratkaisu ilman integraatiota?",
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // Unanswered: the asker's organisation and the coordinator see it; B and visitors do not.
    let a_view = d.view(&d.company_a).await;
    assert_eq!(a_view.mine.len(), 1);
    assert!(
        a_view.published.is_empty()
            && a_view.queue.is_empty()
            && a_view.can_ask
            && !a_view.can_answer
    );
    for c in [&d.company_b, &app.client()] {
        let v = d.view(c).await;
        assert!(
            v.published.is_empty() && v.mine.is_empty() && v.queue.is_empty(),
            "{v:?}"
        );
    }
    let queue = d.view(&d.coordinator).await.queue;
    assert_eq!(queue.len(), 1);
    assert_eq!(
        queue[0].org.as_ref().map(|o| o.name_fi.as_str()),
        Some("Hoivatek Oy"),
        "coordinators see who asked"
    );
    // The coordinator answers, removing the company's name from the public wording.
    let answer = json!({"question": "Toimiiko ratkaisu ilman integraatiota?", "answer": "Kyllä: integraatio on toivottava, ei pakollinen."});
    let path = format!("{}/{}/answer", d.path(), asked.id);
    let published: PublishedQuestion = expect_json(
        app.put(&d.coordinator, &path, &answer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published.question, "Toimiiko ratkaisu ilman integraatiota?");
    // Everyone sees the same published pair, and nothing in B's or a visitor's view names A.
    for c in [&d.company_b, &app.client()] {
        let res = app.get(c, &d.path()).await;
        let raw = res.text().await.unwrap();
        assert!(
            !raw.contains("Hoivatek") && !raw.contains("myynti@"),
            "identity leaked: {raw}"
        );
        let v: QuestionsView = serde_json::from_str(&raw).unwrap();
        assert_eq!(v.published, std::slice::from_ref(&published));
    }
    let audit = kehto_backend::db::audit::actions_for(&app.db, "challenge", d.id)
        .await
        .unwrap();
    assert!(
        audit.iter().any(|a| a.0 == "question.asked")
            && audit.iter().any(|a| a.0 == "question.answered")
    );
}

#[tokio::test]
async fn questions_close_at_exactly_the_server_deadline() {
    let d = dialogue().await;
    let app = &d.app;
    app.clock.set(d.questions_close - Duration::seconds(1));
    let c = app.signed_in("myynti@hoivatek.example").await;
    assert_eq!(
        d.ask(&c, "Ehtiikö tämä vielä määräajassa?").await.status(),
        StatusCode::CREATED
    );
    for secs in [0, 1] {
        app.clock.set(d.questions_close + Duration::seconds(secs));
        expect_error(
            d.ask(&c, "Entä tämä, sekunnin myöhässä?").await,
            409,
            "questions_closed",
        )
        .await;
    }
    assert_eq!(
        kehto_backend::db::questions::count_for_challenge(&app.db, d.id)
            .await
            .unwrap(),
        1,
        "nothing stored"
    );
    assert!(!d.view(&c).await.can_ask);
}

#[tokio::test]
async fn only_company_members_ask_and_only_the_owning_coordinators_answer() {
    let d = dialogue().await;
    let app = &d.app;
    expect_error(
        d.ask(&app.client(), "Saako vierailija kysyä?").await,
        401,
        "unauthenticated",
    )
    .await;
    let staff_id = app
        .register_verified("hoitaja@pirha.example", "Hoitaja")
        .await;
    app.grant_region_role(staff_id, "pirkanmaa", "region_staff")
        .await;
    let staff = app.signed_in("hoitaja@pirha.example").await;
    expect_error(
        d.ask(&staff, "Voiko alueen työntekijä kysyä?").await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        d.ask(&d.coordinator, "Voiko koordinaattori kysyä?").await,
        403,
        "forbidden",
    )
    .await;
    let asked: AskedQuestion = expect_json(
        d.ask(&d.company_a, "Mikä on pilotin kesto?").await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{}/{}/answer", d.path(), asked.id);
    let answer = json!({"question": "Mikä on pilotin kesto?", "answer": "Kuusi kuukautta."});
    // Company B cannot answer (or rewrite) A's question; nor can another region's coordinator.
    expect_error(
        app.put(&d.company_b, &path, &answer).await,
        403,
        "forbidden",
    )
    .await;
    let (_, other) = app
        .coordinator("k@pohde.example", "pohjois-pohjanmaa")
        .await;
    expect_error(app.put(&other, &path, &answer).await, 403, "forbidden").await;
    assert!(
        d.view(&other).await.queue.is_empty(),
        "another region's coordinator does not see who asked"
    );
    expect_error(
        app.put(&app.client(), &path, &answer).await,
        401,
        "unauthenticated",
    )
    .await;
    assert!(
        d.view(&app.client()).await.published.is_empty(),
        "nothing was published"
    );
    // There is no way to delete or edit a question as a company.
    let res = app
        .delete(&d.company_b, &format!("{}/{}", d.path(), asked.id))
        .await;
    assert!(
        res.status() == StatusCode::NOT_FOUND || res.status() == StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(d.view(&d.company_a).await.mine.len(), 1);
}

#[tokio::test]
async fn bad_question_input_is_refused_and_nothing_is_stored() {
    let d = dialogue().await;
    let app = &d.app;
    assert_eq!(
        validation_fields(d.ask(&d.company_a, "Lyhyt?").await).await,
        ["text"]
    );
    assert_eq!(
        validation_fields(d.ask(&d.company_a, &"x".repeat(2001)).await).await,
        ["text"]
    );
    let res = app
        .post(
            &d.company_a,
            &d.path(),
            &json!({"text": "Kenen nimissä tämä kysytään?", "org_id": 999}),
        )
        .await;
    assert_eq!(validation_fields(res).await, ["org_id"]);
    let res = app
        .post(
            &d.company_a,
            &d.path(),
            &json!({"question": "väärä kenttä"}),
        )
        .await;
    assert_eq!(validation_fields(res).await, ["text"]);
    assert_eq!(
        kehto_backend::db::questions::count_for_challenge(&app.db, d.id)
            .await
            .unwrap(),
        0
    );
    let asked: AskedQuestion = expect_json(
        d.ask(&d.company_a, "Onko budjetti sitova?").await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("{}/{}/answer", d.path(), asked.id);
    let res = app
        .put(
            &d.coordinator,
            &path,
            &json!({"question": "", "answer": ""}),
        )
        .await;
    assert_eq!(validation_fields(res).await, ["question", "answer"]);
    expect_error(
        app.put(
            &d.coordinator,
            &format!("{}/424242/answer", d.path()),
            &json!({"question": "Onko budjetti sitova?", "answer": "Ei."}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    assert!(d.view(&app.client()).await.published.is_empty());
    expect_error(
        app.get(&app.client(), "/challenges/424242/questions").await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn drafts_take_no_questions_and_reveal_nothing() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let draft = app
        .create_challenge(&coordinator, &app.challenge_input(region, "Luonnoshaaste"))
        .await;
    let (_, company) = app.user("myynti@hoivatek.example").await;
    app.create_company(&company, "Hoivatek Oy", "0112038-9")
        .await;
    let path = format!("/challenges/{}/questions", draft.summary.id);
    expect_error(app.get(&company, &path).await, 404, "not_found").await;
    expect_error(
        app.post(
            &company,
            &path,
            &json!({"text": "Saako luonnoksesta kysyä?"}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}
