//! The evaluation's record: the CSV and XLSX exports open (the CSV parsed by hand, the XLSX
//! with calamine) and every total in them equals `weighted_total` of the scores beside it; the
//! printable report is a standalone document in the asked language with all user text escaped;
//! only the region's coordinators get any of it, and every download is audited.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Duration;
use kehto_shared::Lang;
use kehto_shared::evaluation::{
    CriteriaSet, CriterionScore, Scoresheet, TIE_RULES, weighted_total,
};
use kehto_tests::expect_error;
use reqwest::StatusCode;
use serde_json::json;

use crate::evaluation::{Fixture, criteria_set, fixture};
use crate::scoring::{define_criteria, record, sheet, submit};

/// Two proposals scored by two evaluators, with consensus and decisions recorded.
async fn scored() -> (Fixture, Vec<i64>) {
    let f = fixture().await;
    let app = &f.app;
    define_criteria(&f).await;
    let (p1, _) = f.submitted("lead@hoivatek.example", "Hoivatek Oy", 1).await;
    let (p2, _) = f
        .submitted("other@kilpailija.example", "Kilpailija Oy", 7)
        .await;
    let (_, c1) = f.staff_evaluator("arvioija1@pirha.example").await;
    let (_, c2) = f.staff_evaluator("arvioija2@pirha.example").await;
    app.clock.set(f.deadline + Duration::seconds(1));
    let res = app
        .post(
            &f.coordinator,
            &format!("/challenges/{}/assignments", f.challenge_id),
            &json!({"mode": "all_to_all"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (c, scores) in [(&c1, [(5, 4), (2, 1)]), (&c2, [(1, 3), (3, 2)])] {
        for (p, (q, pr)) in [p1, p2].into_iter().zip(scores) {
            assert_eq!(f.declare(c, p, false).await.status(), StatusCode::CREATED);
            submit(
                &f,
                c,
                p,
                &sheet(q, pr, true, "<script>alert('x')</script> & perustelu"),
            )
            .await;
        }
    }
    for (p, q, pr) in [(p1, 3, 4), (p2, 2, 2)] {
        let res = record(&f, "consensus", p, &sheet(q, pr, true, "paneeli")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let res = record(
            &f,
            "decision",
            p,
            &json!({"outcome": if p == p1 { "selected" } else { "not_selected" }, "reasons": "Perustelut."}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    (f, vec![p1, p2])
}

fn the_set() -> CriteriaSet {
    serde_json::from_value(criteria_set(6000, 4000)).unwrap()
}

/// The weighted total of a row's two criterion scores, in hundredths of a point.
fn expected_hundredths(quality: u8, price: u8) -> u32 {
    let sheet = Scoresheet {
        scores: vec![
            CriterionScore {
                key: "quality".into(),
                score: Some(quality),
                justification: String::new(),
            },
            CriterionScore {
                key: "price".into(),
                score: Some(price),
                justification: String::new(),
            },
        ],
        checks: vec![],
    };
    weighted_total(&the_set(), &sheet).hundredths()
}

#[tokio::test]
async fn the_exports_open_and_their_totals_are_the_weighted_totals() {
    let (f, proposals) = scored().await;
    let app = &f.app;
    let base = format!("/challenges/{}/evaluation", f.challenge_id);

    // CSV: BOM, `;`, CRLF, decimal comma; the header names criteria with their weights.
    let res = app.get(&f.coordinator, &format!("{base}/export.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"kehto-evaluation-")
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<Vec<&str>> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').collect())
        .collect();
    let header = &lines[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let (quality, price, total, rank, row_kind, round) = (
        col("Peruste quality (60 %)"),
        col("Peruste price (40 %)"),
        col("Kokonaispisteet"),
        col("Sija"),
        col("Rivi"),
        col("Kierros"),
    );
    assert!(header.contains(&"CE-merkintä"));
    // Two evaluator rows and a consensus row per proposal.
    assert_eq!(lines.len(), 1 + 2 * 3);
    let mut checked = 0;
    for row in &lines[1..] {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert_eq!(row[round], "1");
        let q: u8 = row[quality].parse().unwrap();
        let p: u8 = row[price].parse().unwrap();
        let h = expected_hundredths(q, p);
        assert_eq!(row[total], format!("{},{:02}", h / 100, h % 100), "{row:?}");
        checked += 1;
    }
    assert_eq!(checked, 6);
    let consensus: Vec<&Vec<&str>> = lines[1..]
        .iter()
        .filter(|r| r[row_kind] == "Konsensus")
        .collect();
    assert_eq!(consensus.len(), 2);
    assert_eq!(consensus[0][total], "68,00");
    assert_eq!(consensus[0][rank], "1");
    // English: decimal point.
    let en = app
        .get(&f.coordinator, &format!("{base}/export.csv?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("Consensus") && en.contains(";68.00;"), "{en}");

    // XLSX: numbers are numbers; the totals equal weighted_total with two decimals.
    let res = app
        .get(&f.coordinator, &format!("{base}/export.xlsx"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Arviointi").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    };
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let at = |name: &str| header.iter().position(|h| h.starts_with(name)).unwrap();
    let (quality, price, total, proposal) = (
        at("Peruste quality"),
        at("Peruste price"),
        at("Kokonaispisteet"),
        at("Ehdotus"),
    );
    assert_eq!(rows.len(), 1 + 6);
    for row in &rows[1..] {
        let number = |d: &Data| match d {
            Data::Float(x) => *x,
            #[allow(clippy::cast_precision_loss)]
            Data::Int(n) => *n as f64,
            other => panic!("a number, not {other:?}"),
        };
        let (q, p, t) = (
            number(&row[quality]),
            number(&row[price]),
            number(&row[total]),
        );
        let h = expected_hundredths(q as u8, p as u8);
        assert_eq!((t * 100.0).round() as u32, h, "{row:?}");
        assert!(proposals.contains(&(number(&row[proposal]) as i64)));
    }

    // Only the region's coordinators export; every download is audited.
    let other = app.signed_in("k@lappi.example").await;
    let (_, company) = app.user("someone@yritys.example").await;
    for c in [&other, &company] {
        for what in ["export.csv", "export.xlsx", "report"] {
            expect_error(
                app.get(c, &format!("{base}/{what}")).await,
                403,
                "forbidden",
            )
            .await;
        }
    }
    let audit = kehto_backend::db::audit::actions_for(&app.db, "challenge", f.challenge_id)
        .await
        .unwrap();
    let exports: Vec<&String> = audit
        .iter()
        .filter(|(a, _, _)| a == "evaluation.exported")
        .map(|(_, _, d)| d)
        .collect();
    assert_eq!(exports.len(), 3);
    assert!(exports[2].starts_with("format=xlsx"));
}

#[tokio::test]
async fn the_report_is_a_printable_escaped_document_in_three_languages() {
    let (f, _) = scored().await;
    let app = &f.app;
    let path = format!("/challenges/{}/evaluation/report", f.challenge_id);
    for (lang, heading) in [
        (Lang::Fi, "Arviointiraportti"),
        (Lang::Sv, "Bedömningsrapport"),
        (Lang::En, "Evaluation report"),
    ] {
        let res = app
            .get(&f.coordinator, &format!("{path}?lang={}", lang.code()))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        let html = res.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
        assert!(html.contains(heading), "{heading}");
        assert!(html.contains("@page"), "print CSS");
        // The tie rules in the reader's language, and the ranking they produced.
        assert!(html.contains(TIE_RULES[2].get(lang)));
        // User text is escaped: nothing the evaluators wrote becomes markup.
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; perustelu"));
        assert!(html.contains("Hoivatek Oy") && html.contains("Kilpailija Oy"));
    }
    let audit = kehto_backend::db::audit::actions_for(&app.db, "challenge", f.challenge_id)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|(a, _, _)| a == "evaluation.report_viewed")
            .count(),
        3
    );
}
