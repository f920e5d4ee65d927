//! Evaluation, second part: the whole flow on one challenge — two evaluators score (the second
//! sees nothing of the first until submitting), the disagreement is flagged, consensus and
//! decisions are refused while an evaluation is missing, a submitted sheet is locked until the
//! coordinator reopens it, the round is published (every participant notified in their own
//! language), each company reads its own feedback only, and the outcome is public — and a
//! second round opened by `next_round` decisions.

use chrono::Duration;
use kehto_shared::evaluation::{
    BoardProposal, DecisionOutcome, EvaluationBoard, EvaluationStatus, MyEvaluation, MyScoring,
    PeerScoresheet, ProposalFeedback, PublicOutcome, RoundStatus,
};
use kehto_shared::notifications::NotificationsView;
use kehto_tests::{error_fields, expect_error, expect_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::evaluation::{Fixture, criteria_set, fixture};

/// A sheet for the test set (quality and price on 0–5, CE marking required).
pub(crate) fn sheet(quality: u8, price: u8, ce: bool, why: &str) -> Value {
    json!({"sheet": {
        "scores": [
            {"key": "quality", "score": quality, "justification": format!("Laatu: {why}")},
            {"key": "price", "score": price, "justification": format!("Hinta: {why}")},
        ],
        "checks": [{"key": "ce", "passed": ce, "note": if ce { "" } else { "CE-merkintä puuttuu." }}],
    }})
}

/// Defines the criteria set (quality 60 %, price 40 %) while proposals are open.
pub(crate) async fn define_criteria(f: &Fixture) {
    let res = f
        .app
        .put(
            &f.coordinator,
            &format!("/challenges/{}/criteria-set", f.challenge_id),
            &json!({"criteria_set": criteria_set(6000, 4000), "change_reason": "Kriteerit tarkennettu markkinavuoropuhelun jälkeen."}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

pub(crate) async fn submit(f: &Fixture, c: &Client, p: i64, body: &Value) -> MyScoring {
    expect_json(
        f.app
            .post(c, &format!("/proposals/{p}/scoresheet/submit"), body)
            .await,
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn board(f: &Fixture) -> EvaluationBoard {
    f.app
        .get_json(
            &f.coordinator,
            &format!("/challenges/{}/evaluation-board", f.challenge_id),
        )
        .await
}

pub(crate) async fn record(f: &Fixture, what: &str, p: i64, body: &Value) -> reqwest::Response {
    f.app
        .put(&f.coordinator, &format!("/proposals/{p}/{what}"), body)
        .await
}

pub(crate) async fn publish(f: &Fixture) -> reqwest::Response {
    f.app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/evaluation/publish", f.challenge_id),
            &json!({}),
        )
        .await
}

fn decision(outcome: &str, reasons: &str) -> Value {
    json!({"outcome": outcome, "reasons": reasons})
}

async fn notifications(f: &Fixture, c: &Client) -> NotificationsView {
    f.app.get_json(c, "/me/notifications").await
}

#[tokio::test]
async fn scoring_consensus_decisions_publication_and_feedback() {
    let f = fixture().await;
    let app = &f.app;
    define_criteria(&f).await;
    let (p1, lead1) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (p2, lead2) = f
        .submitted("other@kilpailija.example", "Kilpailija Oy", 7)
        .await;
    let (e1, c1) = f.staff_evaluator("arvioija1@pirha.example").await;
    let (e2, c2) = f.staff_evaluator("arvioija2@pirha.example").await;
    // A research group joins Hoivatek's proposal as a partner: it hears of the decision too.
    let (_, partner) = app.user("tutkija@amk.example").await;
    let partner_org = app
        .create_organisation(
            &partner,
            &json!({"kind": "research", "name": "Ammattikorkeakoulun tutkimusryhmä", "business_id": kehto_tests::dialogue::business_id(3000)}),
        )
        .await;
    let res = app
        .post(
            &lead1,
            &format!("/proposals/{p1}/partners"),
            &json!({"org_id": partner_org}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .put(
            &partner,
            &format!("/proposals/{p1}/partners/{partner_org}"),
            &json!({"accept": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // Before the deadline the board is sealed and nobody scores.
    let sealed = board(&f).await;
    assert!(sealed.sealed && sealed.proposals.is_empty() && sealed.rounds.is_empty());
    // (Not yet assigned: the proposal is nothing to them.)
    expect_error(
        app.get(&c1, &format!("/proposals/{p1}/scoresheet")).await,
        404,
        "not_found",
    )
    .await;

    app.clock.set(f.deadline + Duration::seconds(1));
    let res = app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/assignments", f.challenge_id),
            &json!({"mode": "all_to_all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for c in [&c1, &c2] {
        for p in [p1, p2] {
            assert_eq!(f.declare(c, p, false).await.status(), StatusCode::CREATED);
        }
    }

    // A blank aligned draft to start from, and the criteria beside it.
    let blank: MyScoring = app
        .get_json(&c1, &format!("/proposals/{p1}/scoresheet"))
        .await;
    assert_eq!(blank.round, 1);
    assert_eq!(blank.mine.status, EvaluationStatus::Draft);
    assert_eq!(blank.mine.sheet.scores.len(), 2);
    assert_eq!(blank.mine.sheet.checks.len(), 1);
    assert!(blank.editable && blank.others.is_none());
    assert_eq!(blank.assigned, 2);
    assert_eq!(blank.criteria_set.criteria[0].key, "quality");
    assert_eq!(blank.lead.name_fi, "Hoivatek Oy");

    // Drafts obey the scale; submissions need every score and justification.
    let path = format!("/proposals/{p1}/scoresheet");
    let bad = json!({"sheet": {"scores": [{"key": "quality", "score": 9}]}});
    let body = expect_error(app.put(&c1, &path, &bad).await, 422, "validation_failed").await;
    assert_eq!(error_fields(&body), ["sheet.scores[0].score"]);
    let partial =
        json!({"sheet": {"scores": [{"key": "quality", "score": 4, "justification": ""}]}});
    let draft: MyScoring = expect_json(app.put(&c1, &path, &partial).await, StatusCode::OK).await;
    assert_eq!(draft.mine.sheet.score("quality"), Some(4));
    assert_eq!(
        draft.mine.total, None,
        "no total until every criterion is scored"
    );
    let body = expect_error(
        app.post(&c1, &format!("{path}/submit"), &partial).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&body),
        [
            "sheet.scores[0].justification",
            "sheet.scores[1].score",
            "sheet.scores[1].justification",
            "sheet.checks[0].passed",
        ]
    );

    // The first evaluator submits: locked, and nobody else's sheet is in yet.
    let mine = submit(&f, &c1, p1, &sheet(5, 4, true, "erinomainen")).await;
    assert_eq!(mine.mine.status, EvaluationStatus::Submitted);
    assert_eq!(mine.mine.total.unwrap().hundredths(), 9200);
    assert!(!mine.editable);
    assert_eq!(mine.others, Some(vec![]));
    expect_error(
        app.put(&c1, &path, &sheet(1, 1, true, "muutos")).await,
        409,
        "scores_locked",
    )
    .await;
    expect_error(
        app.post(&c1, &format!("{path}/submit"), &sheet(1, 1, true, "muutos"))
            .await,
        409,
        "scores_locked",
    )
    .await;

    // The second sees nothing of the first until submitting their own.
    let hidden = app.get(&c2, &path).await.text().await.unwrap();
    assert!(!hidden.contains("erinomainen"), "{hidden}");
    let hidden: MyScoring = serde_json::from_str(&hidden).unwrap();
    assert!(hidden.others.is_none());
    expect_error(
        app.get(&c2, &format!("/proposals/{p1}/scoresheets")).await,
        403,
        "forbidden",
    )
    .await;
    let second = submit(&f, &c2, p1, &sheet(1, 4, true, "heikko")).await;
    let others = second.others.unwrap();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0].evaluator_id, e1);
    assert!(
        others[0].sheet.scores[0]
            .justification
            .contains("erinomainen")
    );
    let peers: Vec<PeerScoresheet> = app
        .get_json(&c1, &format!("/proposals/{p1}/scoresheets"))
        .await;
    assert_eq!(
        peers.iter().map(|p| p.evaluator_id).collect::<Vec<_>>(),
        [e2]
    );
    let mine: Vec<MyEvaluation> = app.get_json(&c1, "/me/evaluations").await;
    let status = |p: i64| {
        mine[0]
            .assignments
            .iter()
            .find(|a| a.proposal_id == p)
            .unwrap()
            .scoring
    };
    assert_eq!(status(p1), Some(EvaluationStatus::Submitted));
    assert_eq!(status(p2), None);

    // The board: p1 complete with the quality disagreement (5 vs 1) flagged; p2 missing both.
    let b = board(&f).await;
    assert_eq!(b.round, 1);
    assert_eq!(b.rounds.len(), 1);
    assert_eq!(b.rounds[0].status, RoundStatus::Open);
    let bp1 = b.proposals.iter().find(|p| p.proposal_id == p1).unwrap();
    assert!(bp1.complete);
    assert_eq!(bp1.evaluations.len(), 2);
    let quality = bp1.statistics.iter().find(|s| s.key == "quality").unwrap();
    assert!(quality.disagreement && quality.spread == 4);
    let price = bp1.statistics.iter().find(|s| s.key == "price").unwrap();
    assert!(!price.disagreement);
    let bp2 = b.proposals.iter().find(|p| p.proposal_id == p2).unwrap();
    assert!(!bp2.complete && bp2.statistics.is_empty());
    assert_eq!(b.missing_evaluations, 2);
    assert!(!b.can_publish);
    assert!(b.normalised.is_some());
    let progress = b.progress.iter().find(|p| p.user_id == e1).unwrap();
    assert_eq!(
        (progress.assigned, progress.declared, progress.submitted),
        (2, 2, 1)
    );

    // Nothing is decided while an assigned evaluation is missing.
    let consensus2 = sheet(2, 2, false, "puutteellinen");
    for (what, body) in [
        ("consensus", consensus2.clone()),
        (
            "decision",
            decision("not_selected", "Ei täytä vaatimuksia."),
        ),
    ] {
        expect_error(
            record(&f, what, p2, &body).await,
            409,
            "evaluations_missing",
        )
        .await;
    }
    expect_error(publish(&f).await, 409, "evaluations_missing").await;
    // Only the region's coordinators record anything.
    let other = app.signed_in("k@lappi.example").await;
    expect_error(
        app.put(
            &other,
            &format!("/proposals/{p1}/consensus"),
            &sheet(3, 4, true, "x"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.put(
            &c1,
            &format!("/proposals/{p1}/consensus"),
            &sheet(3, 4, true, "x"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    // The coordinator reopens the first sheet with a reason: logged, the evaluator notified.
    let reopen = format!("/proposals/{p1}/scoresheets/{e1}/reopen");
    expect_error(
        app.post(&f.coordinator, &reopen, &json!({"reason": " "}))
            .await,
        422,
        "validation_failed",
    )
    .await;
    let res = app
        .post(
            &f.coordinator,
            &reopen,
            &json!({"reason": "Hinnan perustelu viittaa väärään liitteeseen."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.post(&f.coordinator, &reopen, &json!({"reason": "Uudestaan."}))
            .await,
        409,
        "conflict",
    )
    .await;
    let reopened: MyScoring = app.get_json(&c1, &path).await;
    assert!(reopened.editable);
    assert_eq!(reopened.mine.status, EvaluationStatus::Draft);
    assert!(reopened.others.is_none(), "hidden again until resubmitted");
    assert!(
        reopened.reopenings[0]
            .reason
            .contains("väärään liitteeseen")
    );
    let told = notifications(&f, &c1).await;
    assert!(
        told.items
            .iter()
            .any(|n| n.kind.code() == "scores_reopened" && n.detail == p1.to_string())
    );
    let audit = kehto_backend::db::audit::actions_for(&app.db, "proposal", p1)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|(a, _, d)| a == "evaluation.sheet_reopened" && d.contains("väärään liitteeseen"))
    );
    submit(
        &f,
        &c1,
        p1,
        &sheet(5, 4, true, "erinomainen, liite tarkistettu"),
    )
    .await;
    submit(&f, &c1, p2, &sheet(2, 3, false, "ei CE-merkintää")).await;
    submit(&f, &c2, p2, &sheet(2, 2, false, "CE puuttuu")).await;

    // Consensus obeys the submission rules; an excluded proposal can only be not selected.
    let body = expect_error(
        record(
            &f,
            "consensus",
            p1,
            &json!({"sheet": {"scores": [{"key": "quality", "score": 3}]}}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert!(error_fields(&body).contains(&"sheet.scores[0].justification".to_owned()));
    let c1_view: BoardProposal = expect_json(
        record(
            &f,
            "consensus",
            p1,
            &sheet(3, 4, true, "paneelin yhteinen näkemys"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c1_view.consensus.as_ref().unwrap().total.hundredths(), 6800);
    let _: BoardProposal = expect_json(
        record(&f, "consensus", p2, &consensus2).await,
        StatusCode::OK,
    )
    .await;
    let body = expect_error(
        record(&f, "decision", p2, &decision("selected", "Hyvä.")).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&body), ["outcome"]);
    let decided: BoardProposal = expect_json(
        record(
            &f,
            "decision",
            p1,
            &decision("selected", "Paras kokonaisuus; pilotti alkaa syksyllä."),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(decided.decision.unwrap().outcome, DecisionOutcome::Selected);
    expect_error(publish(&f).await, 409, "decisions_missing").await;
    let _: BoardProposal = expect_json(
        record(
            &f,
            "decision",
            p2,
            &decision(
                "not_selected",
                "CE-merkintä puuttuu, joten ehdotus suljettiin pois.",
            ),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let b = board(&f).await;
    assert!(b.can_publish);
    assert_eq!(b.ranking.ranked.len(), 1);
    assert_eq!(b.ranking.excluded[0].proposal_id, p2);
    assert_eq!(b.ranking.excluded[0].failed_requirements, ["ce"]);

    // Publication: notified in their own languages, nothing changes any more.
    let published: EvaluationBoard = expect_json(publish(&f).await, StatusCode::OK).await;
    assert_eq!(
        published.rounds.len(),
        1,
        "nobody continues: no second round"
    );
    assert_eq!(published.rounds[0].status, RoundStatus::Published);
    assert!(!published.can_publish);
    expect_error(publish(&f).await, 409, "round_published").await;
    expect_error(
        record(&f, "consensus", p1, &sheet(4, 4, true, "myöhässä")).await,
        409,
        "round_published",
    )
    .await;
    expect_error(
        record(&f, "decision", p2, &decision("not_selected", "Toinen.")).await,
        409,
        "round_published",
    )
    .await;
    expect_error(
        app.put(&c1, &path, &sheet(1, 1, true, "x")).await,
        409,
        "round_published",
    )
    .await;
    expect_error(
        app.post(&f.coordinator, &reopen, &json!({"reason": "Vielä."}))
            .await,
        409,
        "round_published",
    )
    .await;
    for (c, p) in [(&lead1, p1), (&partner, p1), (&lead2, p2)] {
        let told = notifications(&f, c).await;
        let mine: Vec<_> = told
            .items
            .iter()
            .filter(|n| n.kind.code() == "evaluation_published")
            .collect();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].detail, p.to_string());
    }
    app.settle_mail().await;
    let mail = app.last_mail_to("lead@hoivatek.example").unwrap();
    assert!(mail.contains("arvioinnin päätökset on julkaistu"), "{mail}");
    assert!(
        mail.contains(&format!("/proposals/{p1}/feedback")),
        "{mail}"
    );
    assert!(
        !mail.contains("Kilpailija") && !mail.contains("paneelin"),
        "{mail}"
    );

    // Feedback: one's own proposal only, evaluators numbered, justifications shown.
    let text = app
        .get(&lead1, &format!("/proposals/{p1}/feedback"))
        .await
        .text()
        .await
        .unwrap();
    for secret in ["Kilpailija", "CE puuttuu", "Testi Käyttäjä", "arvioija1"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let fb: ProposalFeedback = serde_json::from_str(&text).unwrap();
    assert_eq!(fb.rounds.len(), 1);
    let r = &fb.rounds[0];
    assert_eq!(r.outcome, DecisionOutcome::Selected);
    assert!(r.reasons.contains("pilotti"));
    assert_eq!(
        r.evaluations
            .iter()
            .map(|e| e.evaluator_number)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(
        r.evaluations[0].sheet.scores[0]
            .justification
            .contains("liite tarkistettu")
    );
    assert_eq!((r.position, r.ranked), (Some(1), 1));
    assert_eq!(r.consensus.as_ref().unwrap().total.hundredths(), 6800);
    let as_partner: ProposalFeedback = app
        .get_json(&partner, &format!("/proposals/{p1}/feedback"))
        .await;
    assert_eq!(as_partner, fb);
    let fb2: ProposalFeedback = app
        .get_json(&lead2, &format!("/proposals/{p2}/feedback"))
        .await;
    assert_eq!(fb2.rounds[0].outcome, DecisionOutcome::NotSelected);
    assert_eq!(fb2.rounds[0].position, None);
    // Never another company's; not the panel's nor the region's.
    expect_error(
        app.get(&lead2, &format!("/proposals/{p1}/feedback")).await,
        404,
        "not_found",
    )
    .await;
    for c in [&c1, &f.coordinator] {
        expect_error(
            app.get(c, &format!("/proposals/{p1}/feedback")).await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_error(
        app.get(&app.client(), &format!("/proposals/{p1}/feedback"))
            .await,
        401,
        "unauthenticated",
    )
    .await;

    // The public outcome, also on the challenge page.
    let outcome: PublicOutcome = app
        .get_json(
            &app.client(),
            &format!("/challenges/{}/outcome", f.challenge_id),
        )
        .await;
    assert!(outcome.final_outcome);
    assert_eq!(
        (outcome.proposals_received, outcome.rounds_published),
        (2, 1)
    );
    assert_eq!(outcome.selected.len(), 1);
    assert_eq!(outcome.selected[0].lead.name_fi, "Hoivatek Oy");
    let page = app.challenge(f.challenge_id).await;
    assert_eq!(page.outcome, Some(outcome));
    assert_eq!(page.criteria_set.unwrap().criteria.len(), 2);

    // Every view and change is in the audit log.
    let audit = kehto_backend::db::audit::actions_for(&app.db, "challenge", f.challenge_id)
        .await
        .unwrap();
    for action in ["evaluation.board_viewed", "evaluation.round_published"] {
        assert!(audit.iter().any(|(a, _, _)| a == action), "{action}");
    }
    let audit = kehto_backend::db::audit::actions_for(&app.db, "proposal", p1)
        .await
        .unwrap();
    for action in [
        "evaluation.sheet_saved",
        "evaluation.sheet_submitted",
        "evaluation.consensus_recorded",
        "evaluation.decision_recorded",
        "evaluation.feedback_viewed",
    ] {
        assert!(audit.iter().any(|(a, _, _)| a == action), "{action}");
    }
}

#[tokio::test]
async fn a_second_round_takes_exactly_the_proposals_sent_onward() {
    let f = fixture().await;
    let app = &f.app;
    define_criteria(&f).await;
    let mut proposals = vec![];
    for (i, name) in ["Hoivatek Oy", "Kilpailija Oy", "Kolmas Oy"]
        .iter()
        .enumerate()
    {
        let seed = [1, 500, 9000][i];
        proposals.push(
            f.submitted(&format!("lead{i}@yritys.example"), name, seed)
                .await,
        );
    }
    let ids: Vec<i64> = proposals.iter().map(|(p, _)| *p).collect();
    let (_, ev) = f.staff_evaluator("arvioija@pirha.example").await;
    app.clock.set(f.deadline + Duration::seconds(1));
    let res = app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/assignments", f.challenge_id),
            &json!({"mode": "all_to_all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (i, p) in ids.iter().enumerate() {
        assert_eq!(
            f.declare(&ev, *p, false).await.status(),
            StatusCode::CREATED
        );
        let q = [4, 3, 1][i];
        submit(&f, &ev, *p, &sheet(q, 3, true, "ensimmäinen kierros")).await;
        let res = record(&f, "consensus", *p, &sheet(q, 3, true, "yhteinen")).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    for (p, outcome) in ids.iter().zip(["next_round", "next_round", "not_selected"]) {
        let res = record(
            &f,
            "decision",
            *p,
            &decision(outcome, "Kierroksen 1 perustelu."),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let first: EvaluationBoard = expect_json(publish(&f).await, StatusCode::OK).await;
    assert_eq!(first.round, 1);
    assert_eq!(first.rounds.len(), 2);
    assert_eq!(first.rounds[1].status, RoundStatus::Open);
    assert_eq!(first.rounds[1].proposals, 2);
    let outcome: PublicOutcome = app
        .get_json(
            &app.client(),
            &format!("/challenges/{}/outcome", f.challenge_id),
        )
        .await;
    assert!(!outcome.final_outcome && outcome.selected.is_empty());

    // Round 2: the board shows the two; the evaluator scores them afresh on the same criteria.
    let b = board(&f).await;
    assert_eq!(b.round, 2);
    assert_eq!(
        b.proposals
            .iter()
            .map(|p| p.proposal_id)
            .collect::<Vec<_>>(),
        ids[..2]
    );
    assert!(
        b.proposals
            .iter()
            .all(|p| !p.complete && p.consensus.is_none())
    );
    let fresh: MyScoring = app
        .get_json(&ev, &format!("/proposals/{}/scoresheet", ids[0]))
        .await;
    assert_eq!(fresh.round, 2);
    assert!(fresh.editable && fresh.mine.sheet.score("quality").is_none());
    // The proposal left behind stays in its published round.
    let left: MyScoring = app
        .get_json(&ev, &format!("/proposals/{}/scoresheet", ids[2]))
        .await;
    assert_eq!(left.round, 1);
    assert!(!left.editable);
    expect_error(
        app.put(
            &ev,
            &format!("/proposals/{}/scoresheet", ids[2]),
            &sheet(5, 5, true, "x"),
        )
        .await,
        409,
        "round_published",
    )
    .await;
    let old: EvaluationBoard = app
        .get_json(
            &f.coordinator,
            &format!("/challenges/{}/evaluation-board?round=1", f.challenge_id),
        )
        .await;
    assert_eq!(old.proposals.len(), 3);
    assert!(
        old.proposals
            .iter()
            .all(|p| p.complete && p.decision.is_some())
    );
    expect_error(
        app.get(
            &f.coordinator,
            &format!("/challenges/{}/evaluation-board?round=9", f.challenge_id),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    for (i, p) in ids[..2].iter().enumerate() {
        let q = [3, 5][i];
        submit(&f, &ev, *p, &sheet(q, 4, true, "pitch")).await;
        let res = record(&f, "consensus", *p, &sheet(q, 4, true, "pitchin jälkeen")).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = record(
        &f,
        "decision",
        ids[1],
        &decision("selected", "Paras pitch."),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = record(
        &f,
        "decision",
        ids[0],
        &decision("not_selected", "Toiseksi paras."),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: EvaluationBoard = expect_json(publish(&f).await, StatusCode::OK).await;
    assert_eq!(second.rounds.len(), 2);
    assert_eq!(second.ranking.ranked[0].proposal_id, ids[1]);

    let outcome: PublicOutcome = app
        .get_json(
            &app.client(),
            &format!("/challenges/{}/outcome", f.challenge_id),
        )
        .await;
    assert!(outcome.final_outcome);
    assert_eq!(outcome.rounds_published, 2);
    assert_eq!(outcome.proposals_received, 3);
    assert_eq!(outcome.selected.len(), 1);
    assert_eq!(outcome.selected[0].lead.name_fi, "Kilpailija Oy");
    // The finalist's feedback covers both rounds; the one left out, the first only.
    let fb: ProposalFeedback = app
        .get_json(&proposals[1].1, &format!("/proposals/{}/feedback", ids[1]))
        .await;
    assert_eq!(
        fb.rounds.iter().map(|r| r.outcome).collect::<Vec<_>>(),
        [DecisionOutcome::NextRound, DecisionOutcome::Selected]
    );
    let fb: ProposalFeedback = app
        .get_json(&proposals[2].1, &format!("/proposals/{}/feedback", ids[2]))
        .await;
    assert_eq!(fb.rounds.len(), 1);
    assert_eq!(fb.rounds[0].position, Some(3));
    assert_eq!(fb.rounds[0].ranked, 3);
}

#[tokio::test]
async fn the_demo_has_a_challenge_ready_for_evaluation() {
    let app = kehto_tests::TestApp::spawn().await;
    let demo = kehto_backend::demo::demo_file().unwrap();
    kehto_backend::demo::load(&app.db, &demo, app.now())
        .await
        .unwrap();
    let signed_in = |email: &'static str| {
        let app = &app;
        let password = demo.password.clone();
        async move {
            let c = app.client();
            let res = app.sign_in(&c, email, &password).await;
            assert_eq!(res.status(), StatusCode::OK, "{email}");
            c
        }
    };
    let coordinator = signed_in("koordinaattori@pirkanmaa.example").await;
    let mut ready = None;
    for email in [
        "asiantuntija@arviointi.example",
        "arvioija@pirkanmaa.example",
    ] {
        let c = signed_in(email).await;
        let mine: Vec<MyEvaluation> = app.get_json(&c, "/me/evaluations").await;
        let e = mine
            .iter()
            .find(|e| e.challenge_title.starts_with("Kaatumisten ehkäisy"))
            .unwrap_or_else(|| panic!("{email}: {mine:?}"));
        assert!(!e.sealed);
        assert_eq!(e.assignments.len(), 3);
        assert!(
            e.assignments
                .iter()
                .all(|a| a.declaration.is_none() && !a.can_open)
        );
        ready = Some((e.challenge_id, e.assignments[0].proposal_id, c));
    }
    let (challenge, proposal, evaluator) = ready.unwrap();
    let res = app
        .put(
            &evaluator,
            &format!("/proposals/{proposal}/conflict-declaration"),
            &json!({"declaration": "none"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let scoring: MyScoring = app
        .get_json(&evaluator, &format!("/proposals/{proposal}/scoresheet"))
        .await;
    assert_eq!(scoring.criteria_set.criteria.len(), 3);
    assert_eq!(scoring.criteria_set.requirements.len(), 2);
    let b: EvaluationBoard = app
        .get_json(
            &coordinator,
            &format!("/challenges/{challenge}/evaluation-board"),
        )
        .await;
    assert_eq!(b.proposals.len(), 3);
    assert_eq!(b.progress.len(), 2);
    assert_eq!(b.missing_evaluations, 6);
    assert!(b.proposals.iter().any(|p| !p.partners.is_empty()));
    // The proposals' receipts verify like real ones.
    let company = signed_in("minna.laaksonen@hoivatek.example").await;
    let mine: Vec<Value> = app.get_json(&company, "/me/proposals").await;
    let p = mine
        .iter()
        .find(|p| p["challenge_id"] == challenge)
        .unwrap();
    let receipt = p["receipt_id"].as_i64().unwrap();
    let verified: Value = app
        .get_json(
            &company,
            &format!("/proposals/{}/receipts/{receipt}/verify", p["id"]),
        )
        .await;
    assert_eq!(verified["valid"], true, "{verified}");
}

#[tokio::test]
async fn nothing_is_scored_without_a_criteria_set() {
    let f = fixture().await;
    let app = &f.app;
    let (p, _) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (e, c) = f.staff_evaluator("arvioija@pirha.example").await;
    app.clock.set(f.deadline + Duration::seconds(1));
    f.assign(p, e).await;
    assert_eq!(f.declare(&c, p, false).await.status(), StatusCode::CREATED);
    let path = format!("/proposals/{p}/scoresheet");
    expect_error(app.get(&c, &path).await, 409, "criteria_missing").await;
    expect_error(
        app.put(&c, &path, &sheet(3, 3, true, "x")).await,
        409,
        "criteria_missing",
    )
    .await;
    expect_error(
        record(&f, "consensus", p, &sheet(3, 3, true, "x")).await,
        409,
        "criteria_missing",
    )
    .await;
    // The board still lists the round's proposals, without statistics or ranking.
    let b = board(&f).await;
    assert!(b.criteria_set.is_none());
    assert_eq!(b.proposals.len(), 1);
    assert_eq!(b.missing_evaluations, 1);
    assert!(b.ranking.ranked.is_empty());
}
