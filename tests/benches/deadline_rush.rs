//! A deadline rush: N companies (default 200) each upload a 1 MB attachment and submit their
//! proposal at the same moment. Prints throughput, latency percentiles, and how many
//! submissions were lost (every receipt is verified afterwards; anything but 0 is a defect).
//!
//! `cargo bench -p kehto-tests --bench deadline_rush` (engine from `KEHTO_TEST_DB`, as in the
//! API tests; `cargo xtask bench` runs it on SQLite and PostgreSQL). `RUSH_COMPANIES` sets N.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failed unwrap is a failed run

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use kehto_shared::proposals::{
    CriterionAnswer, ProposalContent, ProposalView, Receipt, ReceiptVerification, Section,
};
use kehto_tests::{PASSWORD, TestApp, engine_name, expect_json};
use reqwest::StatusCode;
use serde_json::json;

fn text(t: &str) -> Section {
    Section {
        text: t.into(),
        ..Section::default()
    }
}

fn content(criteria: &[String]) -> ProposalContent {
    ProposalContent {
        title: "Kiireellinen ehdotus".into(),
        summary: text("Ehdotus, joka jätetään viime hetkellä ennen määräaikaa."),
        solution: text(
            "Ratkaisu kuvataan tässä riittävän pitkästi, jotta lähetys hyväksytään tarkistuksessa.",
        ),
        criteria: criteria
            .iter()
            .map(|c| CriterionAnswer {
                criterion: c.clone(),
                answer: text("Vastaus."),
            })
            .collect(),
        trl: Some(6),
        trl_evidence: text("Pilotoitu yhdessä kunnassa."),
        price: text("Kiinteä hinta pilotille."),
        price_total_eur: Some(50_000),
        team: text("Kaksi kehittäjää ja projektipäällikkö."),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let n: usize = std::env::var("RUSH_COMPANIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(rush(n));
}

async fn rush(n: usize) {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Määräaikaruuhka");
    input.questions_close_at = Some(app.now() + Days::hours(2));
    input.proposals_close_at = Some(app.now() + Days::hours(6));
    let id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let res = app.transition(&coordinator, id, "proposals_open").await;
    assert_eq!(res.status(), StatusCode::OK);

    // N companies, each with an owner, a started proposal and a complete draft (not timed).
    let setup = Instant::now();
    let hash = kehto_backend::auth::password::hash_password(PASSWORD).unwrap();
    let mut companies = Vec::with_capacity(n);
    for k in 0..n {
        let email = format!("rush{k}@yritys.example");
        let user = kehto_backend::db::users::insert_user(
            &app.db,
            &kehto_backend::db::users::NewUser {
                email: &email,
                password_hash: &hash,
                display_name: "Kiireinen Yrittäjä",
                lang: "fi",
                verified_at: Some(0),
                is_admin: false,
                now: 0,
            },
        )
        .await
        .unwrap()
        .unwrap();
        let business_id = kehto_tests::dialogue::business_id(5_000_000 + 10 * k as u32);
        let name = format!("Ruuhka {k} Oy");
        kehto_backend::db::orgs::create_with_owner(
            &app.db,
            &kehto_backend::db::orgs::NewOrg {
                kind: kehto_shared::org::OrgKind::Company,
                name: &name,
                business_id: &business_id,
                website: None,
                now: 0,
            },
            user,
            "company_owner",
        )
        .await
        .unwrap();
        let c = app.signed_in(&email).await;
        let v: ProposalView = expect_json(
            app.post(&c, &format!("/challenges/{id}/proposals"), &json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let res = app
            .put(
                &c,
                &format!("/proposals/{}/draft", v.id),
                &json!({"content": content(&v.criteria), "base_revision": v.revision}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        companies.push((c, v.id));
    }
    let setup = setup.elapsed();

    // One megabyte that is recognisably a PDF.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(1024 * 1024, b'x');

    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for (c, pid) in &companies {
        let (c, pid, pdf) = (c.clone(), *pid, pdf.clone());
        let upload = app.url(&format!("/proposals/{pid}/attachments?name=liite.pdf"));
        let submit = app.url(&format!("/proposals/{pid}/submit"));
        tasks.push(tokio::spawn(async move {
            let t0 = Instant::now();
            let res = c.post(upload).body(pdf).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            let t1 = Instant::now();
            let res = c.post(submit).json(&json!({})).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            let receipt: Receipt = res.json().await.unwrap();
            (pid, receipt, t0.elapsed(), t1.elapsed())
        }));
    }
    let mut results = Vec::with_capacity(n);
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let wall = started.elapsed();

    // Nothing lost: every receipt is stored and verifies against the stored attachment.
    let mut lost = 0;
    for (pid, receipt, _, _) in &results {
        let c = &companies.iter().find(|(_, p)| p == pid).unwrap().0;
        let v: ReceiptVerification = app
            .get_json(
                c,
                &format!("/proposals/{pid}/receipts/{}/verify", receipt.id),
            )
            .await;
        if !v.valid || receipt.attachments.len() != 1 {
            lost += 1;
        }
    }
    let mut whole: Vec<Duration> = results.iter().map(|r| r.2).collect();
    let mut submit: Vec<Duration> = results.iter().map(|r| r.3).collect();
    whole.sort();
    submit.sort();
    println!();
    println!(
        "Deadline rush on {} ({} companies, 1 MB attachment each; setup {:.1} s)",
        engine_name(),
        n,
        setup.as_secs_f64()
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| wall time, all uploads + submissions | {:.2} s |",
        wall.as_secs_f64()
    );
    println!(
        "| throughput | {:.1} submissions/s ({:.1} MB/s uploaded) |",
        n as f64 / wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64()
    );
    println!(
        "| upload + submit p50 / p99 / max | {} / {} / {} |",
        ms(percentile(&whole, 0.5)),
        ms(percentile(&whole, 0.99)),
        ms(*whole.last().unwrap())
    );
    println!(
        "| submit alone p50 / p99 / max | {} / {} / {} |",
        ms(percentile(&submit, 0.5)),
        ms(percentile(&submit, 0.99)),
        ms(*submit.last().unwrap())
    );
    println!(
        "| receipts verified / lost | {} / {lost} |",
        results.len() - lost
    );
    assert_eq!(lost, 0, "submissions lost");
}
