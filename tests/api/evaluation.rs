//! Evaluation, first part: the criteria set (validation, versions, reasons, the freeze at the
//! deadline), evaluators (invitations by e-mail and bad tokens, region staff added directly),
//! assignment (all to all, manual, balanced) and conflict-of-interest declarations, and the
//! access table around the proposals deadline (−1 s, 0, +1 s).

use chrono::{DateTime, Duration, Utc};
use kehto_shared::evaluation::{
    AcceptedEvaluatorInvitation, AssignmentsView, CriteriaSetView, DeclarationKind,
    DeclarationView, EvaluatorSource, EvaluatorView, EvaluatorsView, MyEvaluation,
};
use kehto_shared::profile::InvitationStatus;
use kehto_shared::proposals::{ProposalContent, ProposalView, Receipt, Section};
use kehto_tests::{TestApp, expect_error, expect_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn level(score: u8) -> Value {
    json!({"score": score, "description": {"fi": format!("Taso {score}"), "sv": "", "en": ""}})
}

/// A criteria set of quality and price, both on 0–5, with CE marking required (valid when the
/// weights add up to 10 000 bp).
pub(crate) fn criteria_set(quality_bp: u32, price_bp: u32) -> Value {
    let criterion = |key: &str, weight: u32| {
        json!({
            "key": key,
            "name": {"fi": format!("Peruste {key}"), "sv": "", "en": ""},
            "description": {"fi": "Mitä arvioidaan.", "sv": "", "en": ""},
            "weight_bp": weight,
            "scale": {"min": 0, "max": 5, "levels": (0..=5).map(level).collect::<Vec<_>>()},
        })
    };
    json!({
        "criteria": [criterion("quality", quality_bp), criterion("price", price_bp)],
        "requirements": [{"key": "ce", "name": {"fi": "CE-merkintä", "sv": "", "en": "CE marking"}}],
    })
}

fn section(text: &str) -> Section {
    Section {
        text: text.into(),
        ..Section::default()
    }
}

fn complete(criteria: &[String]) -> ProposalContent {
    ProposalContent {
        title: "Etäseuranta kotihoitoon".into(),
        summary: section("Kotihoidon asiakkaiden vointi seurataan mittalaitteilla kotona."),
        solution: section("Ratkaisu kerää mittaukset ja näyttää poikkeamat hoitajalle."),
        criteria: criteria
            .iter()
            .map(|c| kehto_shared::proposals::CriterionAnswer {
                criterion: c.clone(),
                answer: section("Vastaus kriteeriin perusteluineen."),
            })
            .collect(),
        trl: Some(7),
        trl_evidence: section("Pilotoitu kahdessa kunnassa 2025."),
        price: section("Kuukausihinta asiakasta kohden."),
        price_total_eur: Some(120_000),
        team: section("Kolme kehittäjää ja kliininen asiantuntija."),
    }
}

pub(crate) struct Fixture {
    pub(crate) app: TestApp,
    pub(crate) challenge_id: i64,
    pub(crate) deadline: DateTime<Utc>,
    pub(crate) coordinator: Client,
}

/// A challenge taking proposals (deadline five hours ahead) owned by Pirkanmaa, and a
/// coordinator of Lappi.
pub(crate) async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.questions_close_at = Some(app.now() + Duration::hours(2));
    input.proposals_close_at = Some(app.now() + Duration::hours(5));
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
    Fixture {
        app,
        challenge_id,
        deadline,
        coordinator,
    }
}

impl Fixture {
    /// A company (owned by a new user `email`) with a submitted proposal; (proposal, client).
    pub(crate) async fn submitted(&self, email: &str, name: &str, seed: u32) -> (i64, Client) {
        let app = &self.app;
        let (_, c) = app.user(email).await;
        app.create_company(&c, name, &kehto_tests::dialogue::business_id(seed))
            .await;
        let started: ProposalView = expect_json(
            app.post(
                &c,
                &format!("/challenges/{}/proposals", self.challenge_id),
                &json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let id = started.id;
        let res = app
            .put(
                &c,
                &format!("/proposals/{id}/draft"),
                &json!({"content": complete(&started.criteria), "base_revision": started.revision}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let _: Receipt = expect_json(
            app.post(&c, &format!("/proposals/{id}/submit"), &json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        (id, c)
    }

    /// A member of Pirkanmaa's staff made an evaluator of the challenge; (user id, client).
    pub(crate) async fn staff_evaluator(&self, email: &str) -> (i64, Client) {
        let app = &self.app;
        let (id, c) = app.user(email).await;
        app.grant_region_role(id, "pirkanmaa", "region_staff").await;
        let _: EvaluatorView = expect_json(
            app.post(
                &self.coordinator,
                &format!("/challenges/{}/evaluators", self.challenge_id),
                &json!({"user_id": id}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        (id, c)
    }

    pub(crate) async fn assign(&self, proposal: i64, user: i64) {
        let res = self
            .app
            .put(
                &self.coordinator,
                &format!("/proposals/{proposal}/evaluators/{user}"),
                &json!({}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::NO_CONTENT,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }

    pub(crate) async fn declare(
        &self,
        c: &Client,
        proposal: i64,
        conflict: bool,
    ) -> reqwest::Response {
        let body = if conflict {
            json!({"declaration": "conflict", "reason": "Olin yhtiön hallituksessa vuoteen 2025."})
        } else {
            json!({"declaration": "none"})
        };
        self.app
            .put(
                c,
                &format!("/proposals/{proposal}/conflict-declaration"),
                &body,
            )
            .await
    }

    async fn assignments(&self) -> AssignmentsView {
        self.app
            .get_json(
                &self.coordinator,
                &format!("/challenges/{}/assignments", self.challenge_id),
            )
            .await
    }
}

#[tokio::test]
async fn the_criteria_set_is_validated_versioned_and_frozen_at_the_deadline() {
    let app = TestApp::spawn().await;
    let (region, coordinator) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let (_, other_coordinator) = app.coordinator("k@lappi.example", "lappi").await;
    let (_, company) = app.user("owner@hoivatek.example").await;
    app.create_company(&company, "Hoivatek Oy", "0112038-9")
        .await;
    let mut input = app.challenge_input(region, "Kotihoidon etäseuranta");
    input.questions_close_at = Some(app.now() + Duration::hours(2));
    input.proposals_close_at = Some(app.now() + Duration::hours(5));
    let deadline = input.proposals_close_at.unwrap();
    let id = app.create_challenge(&coordinator, &input).await.summary.id;
    let path = format!("/challenges/{id}/criteria-set");

    // A draft's set is the owning coordinators' business only.
    expect_error(app.get(&app.client(), &path).await, 404, "not_found").await;
    let empty: CriteriaSetView = app.get_json(&coordinator, &path).await;
    assert_eq!(empty.criteria_set, None);
    assert!(!empty.frozen && !empty.reason_required);

    // Weights must add up to exactly 100 %; errors carry their paths.
    let res = app
        .put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(5999, 4000)}),
        )
        .await;
    let body = expect_error(res, 422, "validation_failed").await;
    let field = &body["error"]["fields"][0];
    assert_eq!(field["field"], "criteria_set.criteria");
    assert_eq!(field["code"], "weights_sum");
    assert_eq!(field["limit"], 9999);
    let mut gap = criteria_set(6000, 4000);
    gap["criteria"][1]["scale"]["levels"]
        .as_array_mut()
        .unwrap()
        .remove(3);
    let body = expect_error(
        app.put(&coordinator, &path, &json!({"criteria_set": gap}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["error"]["fields"][0]["field"],
        "criteria_set.criteria[1].scale.levels"
    );

    // On a draft: saved, no version.
    let saved: CriteriaSetView = expect_json(
        app.put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(6000, 4000)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved.criteria_set.as_ref().unwrap().criteria.len(), 2);
    assert_eq!(saved.version, 0);

    // Published: the set is public, and version 1 holds it.
    let res = app.transition(&coordinator, id, "published").await;
    assert_eq!(res.status(), StatusCode::OK);
    let public: CriteriaSetView = app.get_json(&app.client(), &path).await;
    assert_eq!(public.criteria_set, saved.criteria_set);
    assert_eq!(public.version, 1);
    let v1 = kehto_backend::db::challenges::version(&app.db, id, 1)
        .await
        .unwrap()
        .unwrap();
    let v1: Value = serde_json::from_str(&v1.content).unwrap();
    assert_eq!(v1["criteria_set"]["criteria"][0]["weight_bp"], 6000);

    // Only the owning region's coordinators change it.
    for c in [&other_coordinator, &company] {
        expect_error(
            app.put(c, &path, &json!({"criteria_set": criteria_set(5000, 5000)}))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_error(
        app.put(
            &app.client(),
            &path,
            &json!({"criteria_set": criteria_set(5000, 5000)}),
        )
        .await,
        401,
        "unauthenticated",
    )
    .await;

    // Published, not yet open: every change is a version; no reason needed yet.
    let changed: CriteriaSetView = expect_json(
        app.put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(5000, 5000), "base_version": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed.version, 2);
    let versions: Vec<Value> = app
        .get_json(&app.client(), &format!("/challenges/{id}/versions"))
        .await;
    assert_eq!(versions[0]["number"], 2);
    assert_eq!(versions[0]["changed"], json!(["evaluation_criteria"]));
    // The same set again writes nothing; a stale editor is refused.
    let same = changed.criteria_set.clone().unwrap();
    let again: CriteriaSetView = expect_json(
        app.put(&coordinator, &path, &json!({"criteria_set": same}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.version, 2);
    expect_error(
        app.put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(6000, 4000), "base_version": 1}),
        )
        .await,
        409,
        "conflict",
    )
    .await;

    // Proposals open: a change needs a reason, and the reason is in the change log.
    let res = app.transition(&coordinator, id, "proposals_open").await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: CriteriaSetView = app.get_json(&app.client(), &path).await;
    assert!(view.reason_required && !view.frozen);
    let body = expect_error(
        app.put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(6000, 4000)}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["error"]["fields"][0]["field"], "change_reason");
    assert_eq!(body["error"]["fields"][0]["code"], "reason_required");
    app.clock.set(deadline - Duration::seconds(1));
    let reasoned: CriteriaSetView = expect_json(
        app.put(
            &coordinator,
            &path,
            &json!({"criteria_set": criteria_set(6000, 4000), "change_reason": "Hinnan paino laskettu markkinavuoropuhelun perusteella."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reasoned.version, 3);
    let versions: Vec<Value> = app
        .get_json(&app.client(), &format!("/challenges/{id}/versions"))
        .await;
    assert_eq!(
        versions[0]["reason"],
        "Hinnan paino laskettu markkinavuoropuhelun perusteella."
    );

    // From the deadline second on the set is frozen: scores refer to its keys.
    for offset in [0, 1] {
        app.clock.set(deadline + Duration::seconds(offset));
        expect_error(
            app.put(
                &coordinator,
                &path,
                &json!({"criteria_set": criteria_set(5000, 5000), "change_reason": "Myöhässä."}),
            )
            .await,
            409,
            "criteria_frozen",
        )
        .await;
        let view: CriteriaSetView = app.get_json(&app.client(), &path).await;
        assert!(view.frozen);
        assert_eq!(view.version, 3);
    }
}

#[tokio::test]
async fn evaluators_are_invited_by_mail_and_bad_tokens_change_nothing() {
    let f = fixture().await;
    let app = &f.app;
    let id = f.challenge_id;
    let coordinator = &f.coordinator;
    let invite = |email: &str| {
        let email = email.to_owned();
        async move {
            app.post(
                coordinator,
                &format!("/challenges/{id}/evaluator-invitations"),
                &json!({"email": email}),
            )
            .await
        }
    };

    // Companies and other regions do not invite.
    let (_, company) = app.user("owner@hoivatek.example").await;
    let other = app.signed_in("k@lappi.example").await;
    for c in [&company, &other] {
        let res = app
            .post(
                c,
                &format!("/challenges/{id}/evaluator-invitations"),
                &json!({"email": "x@example.fi"}),
            )
            .await;
        expect_error(res, 403, "forbidden").await;
    }
    expect_error(invite("ei-osoite").await, 422, "validation_failed").await;

    // No account: the mail is in the challenge's language (Finnish).
    let first: Value =
        expect_json(invite("Asiantuntija@Example.fi").await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let mail = app.last_mail_to("asiantuntija@example.fi").unwrap();
    assert!(mail.contains("Kutsu arvioijaksi"), "{mail}");
    assert!(mail.contains("Kotihoidon etäseuranta"), "{mail}");
    let token = app.token_from_mail("asiantuntija@example.fi", "accept?token=");

    // An account in Swedish: the mail is in Swedish.
    let sv_id = app
        .register_verified("bedomare@example.se", "Bedömare")
        .await;
    kehto_backend::db::users::update_profile(&app.db, sv_id, "Bedömare", "sv")
        .await
        .unwrap();
    let _: Value = expect_json(invite("bedomare@example.se").await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let mail = app.last_mail_to("bedomare@example.se").unwrap();
    assert!(mail.contains("bjuder in dig att bedöma"), "{mail}");

    // Bad tokens: unknown, someone else's, then the right person twice.
    let (_, expert) = app.user("asiantuntija@example.fi").await;
    let accept = |c: &Client, token: &str| {
        let (c, token) = (c.clone(), token.to_owned());
        async move {
            app.post(
                &c,
                "/evaluator-invitations/accept",
                &json!({"token": token}),
            )
            .await
        }
    };
    expect_error(accept(&expert, "tuntematon").await, 400, "token_invalid").await;
    expect_error(accept(&company, &token).await, 403, "forbidden").await;
    expect_error(
        app.post(
            &app.client(),
            "/evaluator-invitations/accept",
            &json!({"token": token}),
        )
        .await,
        401,
        "unauthenticated",
    )
    .await;
    let accepted: AcceptedEvaluatorInvitation =
        expect_json(accept(&expert, &token).await, StatusCode::OK).await;
    assert_eq!(accepted.challenge_id, id);
    expect_error(accept(&expert, &token).await, 400, "token_invalid").await;
    // An evaluator already: no second invitation.
    expect_error(
        invite("asiantuntija@example.fi").await,
        409,
        "already_evaluator",
    )
    .await;
    // An accepted invitation cannot be revoked: the evaluator is removed instead.
    expect_error(
        app.delete(
            coordinator,
            &format!("/challenges/{id}/evaluator-invitations/{}", first["id"]),
        )
        .await,
        409,
        "invitation_accepted",
    )
    .await;

    // Revoked and expired links do not work.
    let (_, late) = app.user("myohassa@example.fi").await;
    let revoked: Value =
        expect_json(invite("myohassa@example.fi").await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let revoked_token = app.token_from_mail("myohassa@example.fi", "accept?token=");
    let res = app
        .delete(
            &f.coordinator,
            &format!("/challenges/{id}/evaluator-invitations/{}", revoked["id"]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(accept(&late, &revoked_token).await, 400, "token_invalid").await;
    let _: Value = expect_json(invite("myohassa@example.fi").await, StatusCode::CREATED).await;
    app.settle_mail().await;
    let expiring = app.token_from_mail("myohassa@example.fi", "accept?token=");

    // Region staff are added directly; others cannot be.
    let (staff_id, _) = app.user("hoitaja@pirha.example").await;
    app.grant_region_role(staff_id, "pirkanmaa", "region_staff")
        .await;
    let (lappi_staff, _) = app.user("hoitaja@lapha.example").await;
    app.grant_region_role(lappi_staff, "lappi", "region_staff")
        .await;
    let add = |user_id: i64| async move {
        app.post(
            coordinator,
            &format!("/challenges/{id}/evaluators"),
            &json!({"user_id": user_id}),
        )
        .await
    };
    let added: EvaluatorView = expect_json(add(staff_id).await, StatusCode::CREATED).await;
    assert_eq!(added.source, EvaluatorSource::Staff);
    let _: EvaluatorView = expect_json(add(staff_id).await, StatusCode::OK).await;
    for user in [lappi_staff, sv_id, 999_999] {
        let body = expect_error(add(user).await, 422, "validation_failed").await;
        assert_eq!(body["error"]["fields"][0]["field"], "user_id");
    }

    let listed: EvaluatorsView = app
        .get_json(&f.coordinator, &format!("/challenges/{id}/evaluators"))
        .await;
    let sources: Vec<(String, EvaluatorSource)> = listed
        .evaluators
        .iter()
        .map(|e| (e.email.clone(), e.source))
        .collect();
    assert_eq!(
        sources,
        [
            (
                "asiantuntija@example.fi".to_owned(),
                EvaluatorSource::Invited
            ),
            ("hoitaja@pirha.example".to_owned(), EvaluatorSource::Staff)
        ]
    );
    let statuses: Vec<InvitationStatus> = listed.invitations.iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [
            InvitationStatus::Pending,
            InvitationStatus::Revoked,
            InvitationStatus::Pending,
            InvitationStatus::Accepted
        ]
    );
    expect_error(
        app.get(&other, &format!("/challenges/{id}/evaluators"))
            .await,
        403,
        "forbidden",
    )
    .await;

    // Removing ends the role.
    let path = format!("/challenges/{id}/evaluators/{staff_id}");
    assert_eq!(
        app.delete(&f.coordinator, &path).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(app.delete(&f.coordinator, &path).await, 404, "not_found").await;

    // Seven days on the link has expired (sign in afresh: the sessions have ended too).
    app.clock.advance(Duration::days(7));
    let late = app.signed_in("myohassa@example.fi").await;
    expect_error(accept(&late, &expiring).await, 400, "token_invalid").await;
    let coordinator = app.signed_in("k@pirha.example").await;
    let listed: EvaluatorsView = app
        .get_json(&coordinator, &format!("/challenges/{id}/evaluators"))
        .await;
    let statuses: Vec<InvitationStatus> = listed.invitations.iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [
            InvitationStatus::Expired,
            InvitationStatus::Revoked,
            InvitationStatus::Expired,
            InvitationStatus::Accepted
        ]
    );
}

#[tokio::test]
async fn assignment_all_to_all_manual_and_balanced() {
    let f = fixture().await;
    let app = &f.app;
    let id = f.challenge_id;
    let mut proposals = vec![];
    for seed in 0..5u32 {
        let (p, _) = f
            .submitted(
                &format!("yritys{seed}@example.fi"),
                &format!("Yritys {seed} Oy"),
                100 + 10 * seed,
            )
            .await;
        proposals.push(p);
    }
    // A withdrawn proposal is not assignable.
    let (withdrawn, wc) = f.submitted("peru@example.fi", "Perujat Oy", 500).await;
    let res = app
        .post(&wc, &format!("/proposals/{withdrawn}/withdraw"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let mut evaluators = vec![];
    for n in 0..3 {
        evaluators.push(
            f.staff_evaluator(&format!("arvioija{n}@pirha.example"))
                .await
                .0,
        );
    }
    let bulk = format!("/challenges/{id}/assignments");

    // Before the deadline nothing is assigned, nor listed.
    app.clock.set(f.deadline - Duration::seconds(1));
    expect_error(
        app.post(&f.coordinator, &bulk, &json!({"mode": "all_to_all"}))
            .await,
        409,
        "evaluation_not_started",
    )
    .await;
    let sealed = f.assignments().await;
    assert!(sealed.sealed && sealed.proposals.is_empty());

    app.clock.set(f.deadline);
    let body = expect_error(
        app.post(&f.coordinator, &bulk, &json!({"mode": "balanced"}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["error"]["fields"][0]["field"], "per_proposal");

    // Balanced, two per proposal: 10 assignments over three evaluators, loads 4/3/3.
    let view: AssignmentsView = expect_json(
        app.post(
            &f.coordinator,
            &bulk,
            &json!({"mode": "balanced", "per_proposal": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let listed: Vec<i64> = view.proposals.iter().map(|p| p.proposal_id).collect();
    assert_eq!(listed, proposals, "only submitted proposals");
    assert!(view.proposals.iter().all(|p| p.evaluators.len() == 2));
    let mut loads: Vec<u32> = view.loads.iter().map(|l| l.assigned).collect();
    loads.sort_unstable();
    assert_eq!(loads, [3, 3, 4]);
    assert!(view.short.is_empty());
    // Re-running changes nothing.
    let again: AssignmentsView = expect_json(
        app.post(
            &f.coordinator,
            &bulk,
            &json!({"mode": "balanced", "per_proposal": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again.proposals, view.proposals);
    // Four per proposal with three evaluators: every proposal falls short, at three.
    let short: AssignmentsView = expect_json(
        app.post(
            &f.coordinator,
            &bulk,
            &json!({"mode": "balanced", "per_proposal": 4}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(short.short.len(), 5);
    assert!(short.short.iter().all(|s| s.evaluators == 3));

    // Manual: remove and add back; only evaluators, only submitted proposals.
    let (p0, e0) = (proposals[0], evaluators[0]);
    let one = format!("/proposals/{p0}/evaluators/{e0}");
    assert_eq!(
        app.delete(&f.coordinator, &one).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(app.delete(&f.coordinator, &one).await, 404, "not_found").await;
    let view = f.assignments().await;
    assert_eq!(view.proposals[0].evaluators.len(), 2);
    f.assign(p0, e0).await;
    f.assign(p0, e0).await;
    let (outsider, _) = app.user("ulkopuolinen@example.fi").await;
    let body = expect_error(
        app.put(
            &f.coordinator,
            &format!("/proposals/{p0}/evaluators/{outsider}"),
            &json!({}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["error"]["fields"][0]["field"], "user_id");
    expect_error(
        app.put(
            &f.coordinator,
            &format!("/proposals/{withdrawn}/evaluators/{e0}"),
            &json!({}),
        )
        .await,
        409,
        "conflict",
    )
    .await;

    // All to all: everyone on everything.
    let all: AssignmentsView = expect_json(
        app.post(&f.coordinator, &bulk, &json!({"mode": "all_to_all"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(all.loads.iter().all(|l| l.assigned == 5));
    // Another region's coordinator sees none of it.
    let other = app.signed_in("k@lappi.example").await;
    expect_error(app.get(&other, &bulk).await, 403, "forbidden").await;
    // The listing names the proposers: logged as a read.
    let log = kehto_backend::db::proposals::access_log(&app.db, p0)
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|(_, role, action, outcome, _)| role == "coordinator"
                && action == "list"
                && outcome == "allowed")
    );
}

#[tokio::test]
async fn conflicts_are_declared_seen_by_coordinators_and_reassigned() {
    let f = fixture().await;
    let app = &f.app;
    let (p, _) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (conflicted, cc) = f.staff_evaluator("esteellinen@pirha.example").await;
    let (clear, ok) = f.staff_evaluator("puhdas@pirha.example").await;
    let (spare, _) = f.staff_evaluator("vara@pirha.example").await;

    // Before the deadline an evaluator sees the challenge but no proposals.
    let mine: Vec<MyEvaluation> = app.get_json(&cc, "/me/evaluations").await;
    assert_eq!(mine.len(), 1);
    assert!(mine[0].sealed && mine[0].assignments.is_empty());

    app.clock.set(f.deadline + Duration::seconds(1));
    f.assign(p, conflicted).await;
    f.assign(p, clear).await;
    // What the evaluator sees before opening: who proposes, nothing of the content.
    let res = app.get(&cc, "/me/evaluations").await;
    let text = res.text().await.unwrap();
    assert!(!text.contains("Etäseuranta kotihoitoon"), "{text}");
    let mine: Vec<MyEvaluation> = serde_json::from_str(&text).unwrap();
    let a = &mine[0].assignments[0];
    assert_eq!(a.lead.name_fi, "Hoivatek Oy");
    assert!(a.declaration.is_none() && !a.can_open);

    // A conflict needs a reason.
    let res = app
        .put(
            &cc,
            &format!("/proposals/{p}/conflict-declaration"),
            &json!({"declaration": "conflict"}),
        )
        .await;
    let body = expect_error(res, 422, "validation_failed").await;
    assert_eq!(body["error"]["fields"][0]["field"], "reason");
    let declared: DeclarationView =
        expect_json(f.declare(&cc, p, true).await, StatusCode::CREATED).await;
    assert_eq!(declared.declaration, DeclarationKind::Conflict);
    // Final: no second declaration, and the proposal never opens.
    expect_error(f.declare(&cc, p, false).await, 409, "conflict").await;
    expect_error(
        app.get(&cc, &format!("/proposals/{p}")).await,
        403,
        "forbidden",
    )
    .await;
    let _: DeclarationView = expect_json(f.declare(&ok, p, false).await, StatusCode::CREATED).await;
    let opened: ProposalView = expect_json(
        app.get(&ok, &format!("/proposals/{p}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(opened.receipts.len(), 1, "the version that counts");
    assert!(!opened.mine && !opened.can_edit);
    let mine: Vec<MyEvaluation> = app.get_json(&ok, "/me/evaluations").await;
    assert!(mine[0].assignments[0].can_open);

    // The coordinator sees every declaration, with the reason, and reassigns.
    let view = f.assignments().await;
    let panel = &view.proposals[0].evaluators;
    let c = panel.iter().find(|e| e.user_id == conflicted).unwrap();
    let decl = c.declaration.as_ref().unwrap();
    assert_eq!(decl.declaration, DeclarationKind::Conflict);
    assert!(decl.reason.as_deref().unwrap().contains("hallituksessa"));
    let res = app
        .delete(
            &f.coordinator,
            &format!("/proposals/{p}/evaluators/{conflicted}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.put(
            &f.coordinator,
            &format!("/proposals/{p}/evaluators/{conflicted}"),
            &json!({}),
        )
        .await,
        409,
        "conflict_of_interest",
    )
    .await;
    f.assign(p, spare).await;
    // Bulk modes never bring the conflicted evaluator back.
    for body in [
        json!({"mode": "all_to_all"}),
        json!({"mode": "balanced", "per_proposal": 3}),
    ] {
        let view: AssignmentsView = expect_json(
            app.post(
                &f.coordinator,
                &format!("/challenges/{}/assignments", f.challenge_id),
                &body,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let panel = &view.proposals[0].evaluators;
        let c = panel.iter().find(|e| e.user_id == conflicted).unwrap();
        assert!(!c.assigned, "kept on record, not assigned");
        assert_eq!(panel.iter().filter(|e| e.assigned).count(), 2);
    }
    expect_error(
        app.get(&cc, &format!("/proposals/{p}")).await,
        403,
        "forbidden",
    )
    .await;
    // Every read and refusal is in the access log, with the evaluator's role.
    let log = kehto_backend::db::proposals::access_log(&app.db, p)
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|(u, role, action, outcome, _)| *u == Some(clear)
                && role == "evaluator"
                && action == "read"
                && outcome == "allowed")
    );
    assert!(
        log.iter()
            .any(|(u, role, action, outcome, _)| *u == Some(conflicted)
                && role == "evaluator"
                && action == "read"
                && outcome == "refused")
    );
}

const ACTORS: [&str; 9] = [
    "assigned evaluator, undeclared",
    "assigned evaluator, declared none",
    "conflicted evaluator",
    "unassigned evaluator",
    "coordinator",
    "other coordinator",
    "lead company",
    "other company",
    "visitor",
];

/// The expected (status, error code) of `actor` × `action` at `offset` seconds from the deadline.
fn expected(actor: &str, action: &str, offset: i64) -> (u16, Option<&'static str>) {
    let before = offset < 0;
    let not_started = (409, Some("evaluation_not_started"));
    match (actor, action) {
        ("visitor", _) => (401, Some("unauthenticated")),
        ("other coordinator" | "other company" | "unassigned evaluator", _) => {
            (404, Some("not_found"))
        }
        ("lead company", "read") => (200, None),
        ("lead company", _) => (403, Some("forbidden")),
        ("coordinator", "read") if before => (403, Some("forbidden")),
        ("coordinator", "read") => (200, None),
        ("coordinator", "declare") => (404, Some("not_found")),
        ("coordinator", _) if before => not_started,
        ("coordinator", _) => (204, None),
        ("assigned evaluator, declared none", "read") if !before => (200, None),
        (_, "read" | "assign") => (403, Some("forbidden")),
        (_, "declare") if before => not_started,
        ("assigned evaluator, undeclared", "declare") => (201, None),
        (_, "declare") => (409, Some("conflict")),
        _ => unreachable!("{actor} × {action}"),
    }
}

#[tokio::test]
async fn the_evaluation_access_table_around_the_deadline() {
    let f = fixture().await;
    let app = &f.app;
    let (p, lead) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (_, other_company) = f
        .submitted("other@kilpailija.example", "Kilpailija Oy", 7)
        .await;
    // One undeclared evaluator per moment, so that each declares for the first time.
    let mut undeclared = vec![];
    for offset in [-1, 0, 1] {
        undeclared.push(
            f.staff_evaluator(&format!("arvioija{}@pirha.example", offset + 1))
                .await,
        );
    }
    let (cleared, cleared_c) = f.staff_evaluator("puhdas@pirha.example").await;
    let (conflicted, conflicted_c) = f.staff_evaluator("esteellinen@pirha.example").await;
    let (_, unassigned_c) = f.staff_evaluator("vapaa@pirha.example").await;
    let (spare, _) = f.staff_evaluator("vara@pirha.example").await;
    let coordinator = f.coordinator.clone();
    let other_coordinator = app.signed_in("k@lappi.example").await;

    // Assignments and the two declarations are made at the deadline.
    app.clock.set(f.deadline);
    for (u, _) in &undeclared {
        f.assign(p, *u).await;
    }
    f.assign(p, cleared).await;
    f.assign(p, conflicted).await;
    assert_eq!(
        f.declare(&cleared_c, p, false).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        f.declare(&conflicted_c, p, true).await.status(),
        StatusCode::CREATED
    );

    for (i, offset) in [-1i64, 0, 1].into_iter().enumerate() {
        app.clock.set(f.deadline + Duration::seconds(offset));
        for actor in ACTORS {
            let c = match actor {
                "assigned evaluator, undeclared" => undeclared[i].1.clone(),
                "assigned evaluator, declared none" => cleared_c.clone(),
                "conflicted evaluator" => conflicted_c.clone(),
                "unassigned evaluator" => unassigned_c.clone(),
                "coordinator" => coordinator.clone(),
                "other coordinator" => other_coordinator.clone(),
                "lead company" => lead.clone(),
                "other company" => other_company.clone(),
                _ => app.client(),
            };
            for action in ["read", "declare", "assign"] {
                let res = match action {
                    "read" => app.get(&c, &format!("/proposals/{p}")).await,
                    "declare" => f.declare(&c, p, false).await,
                    _ => {
                        app.put(
                            &c,
                            &format!("/proposals/{p}/evaluators/{spare}"),
                            &json!({}),
                        )
                        .await
                    }
                };
                let (want, code) = expected(actor, action, offset);
                let got = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                assert_eq!(
                    got, want,
                    "{actor} × {action} at deadline {offset:+} s: {body}"
                );
                if let Some(code) = code {
                    assert!(
                        body.contains(&format!("\"code\":\"{code}\"")),
                        "{actor} × {action} at {offset:+} s: {body}"
                    );
                }
                if action == "read" && want == 200 && actor != "lead company" {
                    let v: ProposalView = serde_json::from_str(&body).unwrap();
                    assert_eq!(v.receipts.len(), 1, "the version that counts only");
                }
            }
        }
    }
    // Every attempt on the proposal is logged, refused ones included.
    let log = kehto_backend::db::proposals::access_log(&app.db, p)
        .await
        .unwrap();
    for (role, action, outcome) in [
        ("evaluator", "read", "allowed"),
        ("evaluator", "read", "refused"),
        ("evaluator", "declare", "allowed"),
        ("other", "read", "refused"),
        ("coordinator", "assign", "allowed"),
        ("lead", "assign", "refused"),
    ] {
        assert!(
            log.iter()
                .any(|(_, r, a, o, _)| r == role && a == action && o == outcome),
            "{role} {action} {outcome}: {log:?}"
        );
    }
}
