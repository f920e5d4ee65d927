//! Durability: the real `kehto` binary is killed with SIGKILL while submissions are in flight;
//! after a restart every submission that received a receipt is there and verifies. Runs on the
//! engine `KEHTO_TEST_DB` names (SQLite and PostgreSQL in CI).

use std::collections::HashSet;

use kehto_backend::demo::demo_file;
use kehto_shared::org::Role;
use kehto_shared::proposals::{
    CriterionAnswer, ProposalContent, ProposalView, Receipt, ReceiptVerification, Section,
};
use kehto_tests::process::{Server, kehto_binary, run_command};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, StatusCode};
use serde_json::json;

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn client() -> Client {
    let mut h = HeaderMap::new();
    h.insert("x-requested-with", HeaderValue::from_static("kehto"));
    Client::builder()
        .cookie_store(true)
        .default_headers(h)
        .build()
        .expect("client")
}

fn text(t: &str) -> Section {
    Section {
        text: t.into(),
        ..Section::default()
    }
}

fn complete(criteria: &[String], n: usize) -> ProposalContent {
    ProposalContent {
        title: format!("Ratkaisuehdotus {n}"),
        summary: text("Ehdotamme kotona asumista tukevaa ratkaisua, joka on pilotoitu."),
        solution: text(
            "Ratkaisu kerää mittaustiedot automaattisesti ja näyttää poikkeamat hoitajalle yhdessä näkymässä ilman kirjaamista.",
        ),
        criteria: criteria
            .iter()
            .map(|c| CriterionAnswer {
                criterion: c.clone(),
                answer: text("Perusteltu vastaus tähän kriteeriin."),
            })
            .collect(),
        trl: Some(7),
        trl_evidence: text("Käytössä kahdessa kunnassa vuodesta 2024."),
        price: text("Kuukausimaksu asiakasta kohden."),
        price_total_eur: Some(90_000),
        team: text("Neljä kehittäjää ja sairaanhoitaja."),
    }
}

struct Prepared {
    client: Client,
    proposal_id: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_receipted_submission_survives_a_sigkill() {
    let bin = tokio::task::spawn_blocking(kehto_binary).await.unwrap();
    let suffix: u64 = rand::random();
    let dir = std::env::temp_dir().join(format!("kehto-durability-{suffix:x}"));
    std::fs::create_dir_all(&dir).unwrap();
    let url = kehto_tests::fresh_database_url(&dir, suffix).await;
    run_command(&bin, &url, &dir, &["seed-demo"]);
    let server = Server::start(&bin, &url, &dir);
    let base = server.base.clone();
    let api = |p: &str| format!("{base}/api/v1{p}");

    // Every demo company owner prepares a complete proposal with a PDF on every challenge
    // that takes proposals.
    let demo = demo_file().unwrap();
    let owners: Vec<&str> = demo
        .users
        .iter()
        .filter(|u| u.memberships.iter().any(|m| m.role == Role::CompanyOwner))
        .map(|u| u.email.as_str())
        .collect();
    let board: serde_json::Value = client()
        .get(api("/challenges?status=proposals_open&per_page=50"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let open: Vec<i64> = board["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(
        open.len() >= 4,
        "demo challenges taking proposals: {open:?}"
    );
    let mut prepared = vec![];
    for email in &owners {
        let c = client();
        let res = c
            .post(api("/session"))
            .json(&json!({"email": email, "password": demo.password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{email}");
        let me: serde_json::Value = res.json().await.unwrap();
        let owned = me["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == "company_owner")
            .and_then(|m| m["org"]["id"].as_i64())
            .unwrap();
        for challenge in &open {
            let res = c
                .post(api(&format!("/challenges/{challenge}/proposals")))
                .json(&json!({"org_id": owned}))
                .send()
                .await
                .unwrap();
            if res.status() == StatusCode::FORBIDDEN {
                continue; // an owner of something that cannot propose
            }
            assert_eq!(res.status(), StatusCode::CREATED, "{email} on {challenge}");
            let v: ProposalView = res.json().await.unwrap();
            let content = complete(&v.criteria, prepared.len());
            let res = c
                .put(api(&format!("/proposals/{}/draft", v.id)))
                .json(&json!({"content": content, "base_revision": v.revision}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let res = c
                .post(api(&format!(
                    "/proposals/{}/attachments?name=liite.pdf",
                    v.id
                )))
                .body(PDF.to_vec())
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            prepared.push(Prepared {
                client: c.clone(),
                proposal_id: v.id,
            });
        }
    }
    let total = prepared.len();
    assert!(total >= 40, "enough submissions to be in flight: {total}");

    // All submit at once; the server is killed once a third of them have their receipt.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, Receipt)>();
    let mut tasks = vec![];
    for p in &prepared {
        let (c, id, tx, url) = (
            p.client.clone(),
            p.proposal_id,
            tx.clone(),
            api(&format!("/proposals/{}/submit", p.proposal_id)),
        );
        tasks.push(tokio::spawn(async move {
            if let Ok(res) = c.post(url).json(&json!({})).send().await
                && res.status() == StatusCode::CREATED
                && let Ok(r) = res.json::<Receipt>().await
            {
                let _ = tx.send((id, r));
            }
        }));
    }
    drop(tx);
    let mut receipts = vec![];
    while receipts.len() < total / 3 {
        receipts.push(rx.recv().await.expect("receipts before the kill"));
    }
    tokio::task::spawn_blocking(move || server.kill_hard())
        .await
        .unwrap();
    for t in tasks {
        let _ = t.await;
    }
    while let Ok(r) = rx.try_recv() {
        receipts.push(r);
    }
    println!(
        "SIGKILL with submissions in flight: {} of {total} got a receipt before the kill",
        receipts.len()
    );
    assert!(
        receipts.len() < total,
        "the kill came after every submission had finished; nothing was in flight"
    );

    // After a restart on the same database and blob storage: every receipt is there and
    // verifies (the sessions survived too: they live in the database).
    let server = Server::start(&bin, &url, &dir);
    let base = server.base.clone();
    let mut seen = HashSet::new();
    for (proposal_id, receipt) in &receipts {
        assert!(seen.insert(receipt.id));
        let p = prepared
            .iter()
            .find(|p| p.proposal_id == *proposal_id)
            .unwrap();
        let res = p
            .client
            .get(format!(
                "{base}/api/v1/proposals/{proposal_id}/receipts/{}/verify",
                receipt.id
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: ReceiptVerification = res.json().await.unwrap();
        assert!(
            v.valid && v.digest == receipt.digest,
            "receipt {} of proposal {proposal_id}: {v:?}",
            receipt.id
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
