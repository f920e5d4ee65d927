//! Sealed proposals: the access table around the deadline (−1 s, 0, +1 s) for every kind of
//! viewer and action, receipts that verify (and stop verifying when an attachment is tampered
//! with), and bad input that changes nothing.

use chrono::{DateTime, Duration, Utc};
use kehto_shared::proposals::{
    AttachmentView, ChallengeProposals, DraftSaved, PartnerState, ProposalContent, ProposalSummary,
    ProposalView, Receipt, ReceiptVerification, Section,
};
use kehto_tests::{TestApp, expect_error, expect_json, validation_fields};
use reqwest::{Client, StatusCode};
use serde_json::json;

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

struct Rush {
    app: TestApp,
    challenge_id: i64,
    proposal_id: i64,
    attachment_id: i64,
    deadline: DateTime<Utc>,
}

fn section(text: &str) -> Section {
    Section {
        text: text.into(),
        ..Section::default()
    }
}

/// A complete proposal for criteria `criteria`.
fn complete(criteria: &[String]) -> ProposalContent {
    ProposalContent {
        title: "Etäseuranta kotihoitoon".into(),
        summary: section("Kotihoidon asiakkaiden vointi seurataan mittalaitteilla kotona."),
        solution: section(
            "Ratkaisu kerää verenpaineen, painon ja happisaturaation mittaukset ja näyttää poikkeamat hoitajalle yhdessä näkymässä.",
        ),
        criteria: criteria
            .iter()
            .map(|c| kehto_shared::proposals::CriterionAnswer {
                criterion: c.clone(),
                answer: section("Vastaus kriteeriin perusteluineen."),
            })
            .collect(),
        trl: Some(7),
        trl_evidence: section("Pilotoitu kahdessa kunnassa 2025."),
        price: Section {
            text: "Kuukausihinta asiakasta kohden.".into(),
            confidential: true,
            confidential_reason: Some("Hinnoittelumalli on liikesalaisuus.".into()),
        },
        price_total_eur: Some(120_000),
        team: section("Kolme kehittäjää ja kliininen asiantuntija."),
    }
}

async fn as_user(app: &TestApp, email: &str) -> Client {
    app.signed_in(email).await
}

/// A challenge taking proposals (deadline five hours ahead), a lead company with an accepted
/// partner, and a submitted proposal with one PDF.
async fn rush() -> Rush {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.questions_close_at = Some(app.now() + Duration::hours(2));
    input.proposals_close_at = Some(app.now() + Duration::hours(5));
    input.decision_target_at = Some(app.now() + Duration::days(30));
    let deadline = input.proposals_close_at.unwrap();
    let challenge_id = app
        .published_challenge(&coordinator, &input)
        .await
        .summary
        .id;
    let res = app
        .transition(&coordinator, challenge_id, "proposals_open")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.coordinator("k@lappi.example", "lappi").await;
    let (_, lead) = app.user("lead@hoivatek.example").await;
    app.create_company(&lead, "Hoivatek Oy", "0112038-9").await;
    let (_, partner) = app.user("partner@datasilta.example").await;
    let partner_org = app
        .create_company(&partner, "Datasilta Oy", "1572860-0")
        .await;
    let (_, other) = app.user("other@kilpailija.example").await;
    app.create_company(
        &other,
        "Kilpailija Oy",
        &kehto_tests::dialogue::business_id(7),
    )
    .await;
    let admin = app
        .register_verified("admin@kehto.example", "Ylläpitäjä")
        .await;
    kehto_backend::db::users::set_admin(&app.db, admin)
        .await
        .unwrap();

    let started: ProposalView = expect_json(
        app.post(
            &lead,
            &format!("/challenges/{challenge_id}/proposals"),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = started.id;
    assert_eq!(
        started.criteria.len(),
        3,
        "the criteria follow the challenge: {:?}",
        started.criteria
    );
    let res = app
        .post(
            &lead,
            &format!("/proposals/{id}/partners"),
            &json!({"org_id": partner_org}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    app.settle_mail().await;
    // The lead found the partner by its business ID (it has no public profile).
    let found: kehto_shared::org::OrgRef = app
        .get_json(&lead, "/organisations/lookup?business_id=1572860-0")
        .await;
    assert_eq!(found.id, partner_org);
    assert!(started.mine && started.can_manage_partners);
    let invite = app.last_mail_to("partner@datasilta.example").unwrap();
    assert!(
        invite.contains("Hoivatek Oy kutsuu organisaatiotasi kumppaniksi"),
        "{invite}"
    );
    assert!(invite.contains("/my/proposals#my-invitations"), "{invite}");
    // The invited organisation finds the invitation in its "my proposals", with the
    // organisation it answers as.
    let mine: Vec<ProposalSummary> =
        expect_json(app.get(&partner, "/me/proposals").await, StatusCode::OK).await;
    let line = mine
        .iter()
        .find(|p| p.id == id)
        .expect("the invitation is listed");
    assert!(line.mine_as_partner);
    assert_eq!(
        line.my_partner_org.as_ref().map(|o| o.id),
        Some(partner_org)
    );
    assert_eq!(line.my_partner_state, Some(PartnerState::Invited));
    assert_eq!(line.receipt_id, None);
    let res = app
        .put(
            &partner,
            &format!("/proposals/{id}/partners/{partner_org}"),
            &json!({"accept": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let saved: DraftSaved = expect_json(
        app.put(
            &partner,
            &format!("/proposals/{id}/draft"),
            &json!({"content": complete(&started.criteria), "base_revision": started.revision}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved.revision, started.revision + 1);
    let attachment: AttachmentView = expect_json(
        lead.post(app.url(&format!("/proposals/{id}/attachments?name=Tarjous.pdf")))
            .body(PDF.to_vec())
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let receipt: Receipt = expect_json(
        app.post(&lead, &format!("/proposals/{id}/submit"), &json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(receipt.version, 1);
    let mine: Vec<ProposalSummary> =
        expect_json(app.get(&lead, "/me/proposals").await, StatusCode::OK).await;
    let line = mine
        .iter()
        .find(|p| p.id == id)
        .expect("the lead's proposal is listed");
    assert_eq!(line.receipt_id, Some(receipt.id));
    assert_eq!(line.digest.as_deref(), Some(receipt.digest.as_str()));
    assert!(!line.mine_as_partner && line.my_partner_org.is_none());
    Rush {
        app,
        challenge_id,
        proposal_id: id,
        attachment_id: attachment.id,
        deadline,
    }
}

const ACTORS: [(&str, Option<&str>); 7] = [
    ("lead", Some("lead@hoivatek.example")),
    ("partner", Some("partner@datasilta.example")),
    ("other company", Some("other@kilpailija.example")),
    ("coordinator", Some("k@pirha.example")),
    ("other coordinator", Some("k@lappi.example")),
    ("admin", Some("admin@kehto.example")),
    ("visitor", None),
];

/// The expected status of (actor, action) at −1 s (`before`) or at/after the deadline.
fn expected(actor: &str, action: &str, before: bool) -> u16 {
    match (actor, action, before) {
        ("visitor", _, _) => 401,
        ("other company" | "other coordinator" | "admin", _, _) => 404,
        ("lead" | "partner", "read" | "download", _) => 200,
        ("lead" | "partner", "edit", true) => 200,
        ("lead", "submit", true) => 201,
        ("lead", "withdraw", true) => 204,
        ("partner", "submit" | "withdraw", true) => 403,
        ("lead" | "partner", _, false) => 409,
        ("coordinator", "read" | "download", true) => 403,
        ("coordinator", "read" | "download", false) => 200,
        ("coordinator", _, _) => 404,
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn the_access_table_around_the_deadline() {
    let r = rush().await;
    let app = &r.app;
    let id = r.proposal_id;
    let criteria = kehto_shared::proposals::criteria_from_text(
        &app.challenge(r.challenge_id).await.evaluation_criteria,
    );
    for (offset, before) in [(-1, true), (0, false), (1, false)] {
        app.clock.set(r.deadline + Duration::seconds(offset));
        for (actor, email) in ACTORS {
            let c = match email {
                Some(e) => as_user(app, e).await,
                None => app.client(),
            };
            // withdraw before submit, so that a submitted version stands for the region.
            for action in ["read", "download", "edit", "withdraw", "submit"] {
                let revision = kehto_backend::db::proposals::find(&app.db, id)
                    .await
                    .unwrap()
                    .unwrap()
                    .revision;
                let res = match action {
                    "read" => app.get(&c, &format!("/proposals/{id}")).await,
                    "download" => {
                        app.get(
                            &c,
                            &format!("/proposals/{id}/attachments/{}", r.attachment_id),
                        )
                        .await
                    }
                    "edit" => {
                        let mut content = complete(&criteria);
                        content.summary.text = format!("Päivitetty tiivistelmä: {actor} {offset}.");
                        app.put(
                            &c,
                            &format!("/proposals/{id}/draft"),
                            &json!({"content": content, "base_revision": revision}),
                        )
                        .await
                    }
                    "withdraw" => {
                        app.post(&c, &format!("/proposals/{id}/withdraw"), &json!({}))
                            .await
                    }
                    _ => {
                        app.post(&c, &format!("/proposals/{id}/submit"), &json!({}))
                            .await
                    }
                };
                let want = expected(actor, action, before);
                let got = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                assert_eq!(
                    got, want,
                    "{actor} × {action} at deadline {offset:+} s: {body}"
                );
                if want == 409 {
                    assert!(body.contains("\"proposals_closed\""), "{body}");
                }
                if actor == "coordinator" && action == "read" && want == 200 {
                    let v: ProposalView = serde_json::from_str(&body).unwrap();
                    assert_eq!(
                        v.receipts.len(),
                        1,
                        "the region sees the version that counts only"
                    );
                    assert!(!v.can_edit);
                }
            }
        }
    }
    // Refused attempts are logged as well as reads, with who and in which role.
    let attachment_id = r.attachment_id;
    let log = kehto_backend::db::proposals::access_log(&app.db, id)
        .await
        .unwrap();
    for role in ["other", "coordinator", "admin"] {
        assert!(
            log.iter()
                .any(|(_, r, _, outcome, _)| r == role && outcome == "refused"),
            "{role} refused: {log:?}"
        );
    }
    assert!(
        log.iter()
            .any(|(_, role, a, outcome, att)| role == "coordinator"
                && a == "download"
                && outcome == "allowed"
                && *att == Some(attachment_id))
    );
    // Before the deadline the region saw only the count; after it, the list.
    app.clock.set(r.deadline - Duration::seconds(1));
    let coordinator = as_user(app, "k@pirha.example").await;
    // (the clock went back: the lead's last submission at −1 s stands)
    let before: ChallengeProposals = app
        .get_json(
            &coordinator,
            &format!("/challenges/{}/proposals", r.challenge_id),
        )
        .await;
    assert_eq!(
        (
            before.submitted_count,
            before.sealed,
            before.proposals.len()
        ),
        (1, true, 0)
    );
    app.clock.set(r.deadline);
    let after: ChallengeProposals = app
        .get_json(
            &coordinator,
            &format!("/challenges/{}/proposals", r.challenge_id),
        )
        .await;
    assert_eq!(
        (after.submitted_count, after.sealed, after.proposals.len()),
        (1, false, 1)
    );
    assert_eq!(after.proposals[0].lead.name_fi, "Hoivatek Oy");
}

#[tokio::test]
async fn a_receipt_verifies_and_a_tampered_attachment_does_not() {
    let r = rush().await;
    let app = &r.app;
    let id = r.proposal_id;
    let lead = as_user(app, "lead@hoivatek.example").await;
    let view: ProposalView = app.get_json(&lead, &format!("/proposals/{id}")).await;
    let receipt = &view.receipts[0];
    assert_eq!(receipt.attachments.len(), 1);
    assert!(
        receipt.received_at_helsinki.ends_with("+02:00"),
        "{}",
        receipt.received_at_helsinki
    );
    // Recomputed here from what is stored: the same digest.
    let row = kehto_backend::db::proposals::receipt(&app.db, receipt.id)
        .await
        .unwrap()
        .unwrap();
    let manifest: Vec<kehto_backend::receipts::ManifestEntry> =
        serde_json::from_str(&row.attachments).unwrap();
    let stored = std::fs::read(app.blob_path(&manifest[0].storage_key)).unwrap();
    assert_eq!(stored, PDF);
    let mut recomputed_manifest = manifest.clone();
    recomputed_manifest[0].sha256 = kehto_backend::receipts::sha256_hex(&stored);
    assert_eq!(
        kehto_backend::receipts::digest(id, row.received_at, &row.content, &recomputed_manifest),
        receipt.digest
    );
    let ok: ReceiptVerification = app
        .get_json(
            &lead,
            &format!("/proposals/{id}/receipts/{}/verify", receipt.id),
        )
        .await;
    assert!(ok.valid && ok.recomputed == receipt.digest);
    // The receipt came by e-mail with the same digest.
    app.settle_mail().await;
    let mail = app.last_mail_to("lead@hoivatek.example").unwrap();
    assert!(mail.contains(&receipt.digest), "{mail}");
    assert!(mail.contains(&receipt.received_at_helsinki));

    let mut tampered = stored.clone();
    tampered[10] ^= 0x01;
    std::fs::write(app.blob_path(&manifest[0].storage_key), &tampered).unwrap();
    let bad: ReceiptVerification = app
        .get_json(
            &lead,
            &format!("/proposals/{id}/receipts/{}/verify", receipt.id),
        )
        .await;
    assert!(!bad.valid);
    assert_ne!(bad.recomputed, receipt.digest);
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_saved_changes() {
    let r = rush().await;
    let app = &r.app;
    let id = r.proposal_id;
    let lead = as_user(app, "lead@hoivatek.example").await;
    let before: ProposalView = app.get_json(&lead, &format!("/proposals/{id}")).await;
    let upload = |name: &str, bytes: Vec<u8>| {
        lead.post(app.url(&format!("/proposals/{id}/attachments?name={name}")))
            .body(bytes)
            .send()
    };
    // Too large: 413.
    let mut big = PDF.to_vec();
    big.resize(
        usize::try_from(kehto_shared::proposals::ATTACHMENT_MAX_BYTES).unwrap() + 1,
        b' ',
    );
    expect_error(
        upload("iso.pdf", big).await.unwrap(),
        413,
        "payload_too_large",
    )
    .await;
    // Not a document, whatever the name says: 415.
    expect_error(
        upload("tarjous.pdf", b"MZ\x90\x00 this is a program".to_vec())
            .await
            .unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    expect_error(
        upload("sivu.pdf", b"<html><script>alert(1)</script>".to_vec())
            .await
            .unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    // A path in the name is reduced to a harmless name; the bytes live under a random key.
    let a: AttachmentView = expect_json(
        upload("..%2F..%2Fetc%2Fpasswd.pdf", PDF.to_vec())
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a.file_name, "passwd.pdf");
    let stored = kehto_backend::db::proposals::attachment(&app.db, id, a.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored
            .storage_key
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    );
    // A draft with an over-long field: 422 with its path, the saved draft untouched.
    let mut long = before.content.clone();
    long.summary.text = "x".repeat(kehto_shared::proposals::SUMMARY_MAX + 1);
    let fields = validation_fields(
        app.put(
            &lead,
            &format!("/proposals/{id}/draft"),
            &json!({"content": long, "base_revision": before.revision}),
        )
        .await,
    )
    .await;
    assert_eq!(fields, ["summary.text"]);
    // A stale editor cannot overwrite a newer save.
    expect_error(
        app.put(
            &lead,
            &format!("/proposals/{id}/draft"),
            &json!({"content": before.content, "base_revision": before.revision - 1}),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    // Submitting with required parts empty: field errors, and the submitted version stands.
    let mut empty = before.content.clone();
    empty.solution.text.clear();
    empty.team.text.clear();
    let saved: DraftSaved = expect_json(
        app.put(
            &lead,
            &format!("/proposals/{id}/draft"),
            &json!({"content": empty, "base_revision": before.revision}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let fields = validation_fields(
        app.post(&lead, &format!("/proposals/{id}/submit"), &json!({}))
            .await,
    )
    .await;
    assert!(
        fields.contains(&"solution.text".to_owned()) && fields.contains(&"team.text".to_owned()),
        "{fields:?}"
    );
    let after: ProposalView = app.get_json(&lead, &format!("/proposals/{id}")).await;
    assert_eq!(after.revision, saved.revision);
    assert_eq!(after.receipts, before.receipts);
    assert_eq!(after.attachments.len(), 2);
    assert_eq!(after.content.summary, before.content.summary);

    // A draft with every long section at its limit in a three-byte script is well over the
    // API's usual body limit, and still saves.
    let mut longest = after.content.clone();
    let full = "€".repeat(kehto_shared::proposals::SECTION_MAX);
    for s in [
        &mut longest.solution,
        &mut longest.trl_evidence,
        &mut longest.price,
        &mut longest.team,
    ] {
        s.text = full.clone();
    }
    for c in &mut longest.criteria {
        c.answer.text = full.clone();
    }
    let body = json!({"content": longest, "base_revision": after.revision});
    assert!(body.to_string().len() > kehto_backend::MAX_BODY_BYTES);
    let saved: DraftSaved = expect_json(
        app.put(&lead, &format!("/proposals/{id}/draft"), &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved.revision, after.revision + 1);

    // Finding a partner by business ID: bad input, unknown, and not for visitors.
    let lookup = |q: &str| format!("/organisations/lookup?business_id={q}");
    let fields = validation_fields(app.get(&lead, &lookup("1234567-0")).await).await;
    assert_eq!(fields, ["business_id"]);
    expect_error(
        app.get(&lead, &lookup(&kehto_tests::dialogue::business_id(93)))
            .await,
        404,
        "not_found",
    )
    .await;
    let visitor = app.client();
    expect_error(
        app.get(&visitor, &lookup("1572860-0")).await,
        401,
        "unauthenticated",
    )
    .await;
}
