//! The acceptance table of independent scoring, over HTTP: every actor × {read the proposal,
//! read the others' scores, score, reopen a sheet} at three moments — before the deadline,
//! after it before the evaluator has submitted their own sheet, and after submitting it —
//! with the status and error code asserted in every cell.
//!
//! Actors: an evaluator assigned to the proposal who declared no conflict ("assigned"), one
//! assigned who has not declared ("undeclared"), one of the panel not assigned to it
//! ("unassigned"), one who declared a conflict ("conflicted"); the coordinator of the owning
//! region and of another region; the owner of the proposing company and of another company
//! (with a proposal of its own); a visitor. "Reopen" targets the assigned evaluator's sheet.

use chrono::Duration;
use kehto_shared::evaluation::PeerScoresheet;
use kehto_tests::expect_json;
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::evaluation::fixture;
use crate::scoring::{define_criteria, sheet, submit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    BeforeDeadline,
    BeforeSubmitting,
    AfterSubmitting,
}

const ACTORS: [&str; 9] = [
    "assigned",
    "undeclared",
    "unassigned",
    "conflicted",
    "other coordinator",
    "company owner",
    "other company",
    "visitor",
    // Last: their successful reopening changes the state for nobody after them.
    "coordinator",
];
const ACTIONS: [&str; 4] = ["read", "peers", "score", "reopen"];

type Cell = (u16, Option<&'static str>);

/// The expected answer of `actor` × `action` at `moment`.
fn expected(actor: &str, action: &str, moment: Moment) -> Cell {
    use Moment::*;
    const OK: Cell = (200, None);
    const FORBIDDEN: Cell = (403, Some("forbidden"));
    const NOT_FOUND: Cell = (404, Some("not_found"));
    const NOT_STARTED: Cell = (409, Some("evaluation_not_started"));
    match (actor, action, moment) {
        ("visitor", ..) => (401, Some("unauthenticated")),
        // Those who have no business with the proposal do not learn that it exists.
        ("unassigned" | "other coordinator" | "other company", ..) => NOT_FOUND,
        ("company owner", "read", _) => OK,
        ("company owner", ..) => FORBIDDEN,
        ("conflicted" | "undeclared", ..) => FORBIDDEN,
        ("assigned", "read", BeforeDeadline) => FORBIDDEN,
        ("assigned", "read", _) => OK,
        ("assigned", "peers", AfterSubmitting) => OK,
        ("assigned", "peers", _) => FORBIDDEN,
        ("assigned", "score", BeforeDeadline) => NOT_STARTED,
        ("assigned", "score", BeforeSubmitting) => OK,
        ("assigned", "score", AfterSubmitting) => (409, Some("scores_locked")),
        ("assigned", "reopen", _) => FORBIDDEN,
        ("coordinator", "score", _) => FORBIDDEN,
        ("coordinator", "read", BeforeDeadline) => FORBIDDEN,
        ("coordinator", _, BeforeDeadline) => NOT_STARTED,
        ("coordinator", "read" | "peers", _) => OK,
        // Nothing submitted to reopen yet (the assigned evaluator only has a draft).
        ("coordinator", "reopen", BeforeSubmitting) => (409, Some("conflict")),
        ("coordinator", "reopen", AfterSubmitting) => (204, None),
        _ => unreachable!("{actor} × {action} at {moment:?}"),
    }
}

#[tokio::test]
async fn the_scoring_access_table() {
    let f = fixture().await;
    let app = &f.app;
    define_criteria(&f).await;
    let (p, company) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (_, other_company) = f
        .submitted("other@kilpailija.example", "Kilpailija Oy", 7)
        .await;
    let (assigned, assigned_c) = f.staff_evaluator("arvioija@pirha.example").await;
    let (peer, peer_c) = f.staff_evaluator("toinen@pirha.example").await;
    let (undeclared, undeclared_c) = f.staff_evaluator("kesken@pirha.example").await;
    let (_, unassigned_c) = f.staff_evaluator("vapaa@pirha.example").await;
    let (conflicted, conflicted_c) = f.staff_evaluator("esteellinen@pirha.example").await;
    let other_coordinator = app.signed_in("k@lappi.example").await;

    // The panel is set up at the deadline (assigning and declaring start then).
    app.clock.set(f.deadline);
    for u in [assigned, peer, undeclared, conflicted] {
        f.assign(p, u).await;
    }
    for (c, conflict) in [
        (&assigned_c, false),
        (&peer_c, false),
        (&conflicted_c, true),
    ] {
        assert_eq!(
            f.declare(c, p, conflict).await.status(),
            StatusCode::CREATED
        );
    }

    let client = |actor: &str| -> Client {
        match actor {
            "assigned" => assigned_c.clone(),
            "undeclared" => undeclared_c.clone(),
            "unassigned" => unassigned_c.clone(),
            "conflicted" => conflicted_c.clone(),
            "coordinator" => f.coordinator.clone(),
            "other coordinator" => other_coordinator.clone(),
            "company owner" => company.clone(),
            "other company" => other_company.clone(),
            _ => app.client(),
        }
    };
    let draft =
        json!({"sheet": {"scores": [{"key": "quality", "score": 3, "justification": "Luonnos."}]}});
    let mut cells = 0;
    for moment in [
        Moment::BeforeDeadline,
        Moment::BeforeSubmitting,
        Moment::AfterSubmitting,
    ] {
        match moment {
            Moment::BeforeDeadline => app.clock.set(f.deadline - Duration::seconds(1)),
            Moment::BeforeSubmitting => {
                app.clock.set(f.deadline + Duration::seconds(1));
                // The peer is in first, so that there is something to see.
                submit(&f, &peer_c, p, &sheet(4, 3, true, "vertaisen näkemys")).await;
            }
            Moment::AfterSubmitting => {
                submit(&f, &assigned_c, p, &sheet(2, 3, true, "oma näkemys")).await;
            }
        }
        for action in ACTIONS {
            for actor in ACTORS {
                let c = client(actor);
                let res = match action {
                    "read" => app.get(&c, &format!("/proposals/{p}")).await,
                    "peers" => app.get(&c, &format!("/proposals/{p}/scoresheets")).await,
                    "score" => {
                        app.put(&c, &format!("/proposals/{p}/scoresheet"), &draft)
                            .await
                    }
                    _ => {
                        app.post(
                            &c,
                            &format!("/proposals/{p}/scoresheets/{assigned}/reopen"),
                            &json!({"reason": "Perustelu puuttuu hintakriteeristä."}),
                        )
                        .await
                    }
                };
                let (want, code) = expected(actor, action, moment);
                let got = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                assert_eq!(got, want, "{actor} × {action} at {moment:?}: {body}");
                match code {
                    Some(code) => assert!(
                        body.contains(&format!("\"code\":\"{code}\"")),
                        "{actor} × {action} at {moment:?}: {body}"
                    ),
                    None => assert!(
                        !body.contains("\"error\""),
                        "{actor} × {action} at {moment:?}: {body}"
                    ),
                }
                // What the permitted readers of the others' scores actually get.
                if action == "peers" && want == 200 {
                    let sheets: Vec<PeerScoresheet> = serde_json::from_str(&body).unwrap();
                    let ids: Vec<i64> = sheets.iter().map(|s| s.evaluator_id).collect();
                    let expected_ids = match (actor, moment) {
                        ("assigned", _) => vec![peer],
                        (_, Moment::AfterSubmitting) => vec![assigned, peer],
                        _ => vec![peer],
                    };
                    assert_eq!(ids, expected_ids, "{actor} at {moment:?}");
                }
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 3 * ACTORS.len() * ACTIONS.len());

    // The reopening in the last cell took effect: the evaluator may change their sheet again.
    let res = app
        .put(&assigned_c, &format!("/proposals/{p}/scoresheet"), &draft)
        .await;
    let _: serde_json::Value = expect_json(res, StatusCode::OK).await;
    // Every attempt on the proposal is in its access log, refusals included.
    let log = kehto_backend::db::proposals::access_log(&app.db, p)
        .await
        .unwrap();
    for (role, action, outcome) in [
        ("evaluator", "score", "allowed"),
        ("evaluator", "score", "refused"),
        ("evaluator", "peers", "refused"),
        ("evaluator", "peers", "allowed"),
        ("coordinator", "peers", "allowed"),
        ("coordinator", "reopen", "allowed"),
        ("lead", "reopen", "refused"),
        ("other", "score", "refused"),
    ] {
        assert!(
            log.iter()
                .any(|(_, r, a, o, _)| r == role && a == action && o == outcome),
            "{role} {action} {outcome}"
        );
    }
}
