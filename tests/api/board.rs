//! The public challenge board: search that understands inflection, filters, sorting, paging.

use chrono::Duration;
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeSummary, CooperationModel, Theme};
use kehto_shared::page::Page;
use kehto_tests::{TestApp, error_fields, expect_error};
use reqwest::Client;

async fn board(app: &TestApp, query: &str) -> Page<ChallengeSummary> {
    app.get_json(&app.client(), &format!("/challenges?{query}"))
        .await
}

fn titles(p: &Page<ChallengeSummary>) -> Vec<String> {
    p.items.iter().map(|c| c.title.clone()).collect()
}

/// Three published challenges in three languages and regions, and a draft.
async fn seeded() -> (TestApp, Client, i64) {
    let app = TestApp::spawn().await;
    let (pirkanmaa, c) = app.coordinator("k@pirha.example", "pirkanmaa").await;
    let ostro = app
        .grant_region_role(
            kehto_backend::db::users::find_by_email(&app.db, "k@pirha.example")
                .await
                .unwrap()
                .unwrap()
                .id,
            "pohjanmaa",
            "coordinator",
        )
        .await;
    // The grant above needs a fresh session to take effect in the actor.
    let c2 = app.signed_in("k@pirha.example").await;
    let _ = c;
    let mut a = app.challenge_input(pirkanmaa, "Kotihoidon etäseuranta yöaikaan");
    a.summary =
        "Etsimme ratkaisua ikääntyneiden kotihoidon asiakkaiden turvallisuuteen öisin.".into();
    a.trl_min = 7;
    a.trl_max = 9;
    app.published_challenge(&c2, &a).await;
    app.clock.advance(Duration::hours(1));
    let mut b = app.challenge_input(ostro, "Distansuppföljning inom hemvården");
    b.content_lang = Lang::Sv;
    b.summary =
        "Välfärdsområdet söker digitala lösningar för hemvården och närståendevårdare.".into();
    b.description = "## Bakgrund\n\nVi söker en lösning som stöder närståendevårdarna.".into();
    b.themes = vec![Theme::FamilyCaregivers];
    b.model = CooperationModel::Pilot;
    b.trl_min = 4;
    b.trl_max = 6;
    b.proposals_close_at = Some(app.now() + Duration::days(20));
    app.published_challenge(&c2, &b).await;
    app.clock.advance(Duration::hours(1));
    let mut e = app.challenge_input(pirkanmaa, "Mental health screening for young people");
    e.content_lang = Lang::En;
    e.summary =
        "We are looking for a digital screening tool for the mental health of adolescents.".into();
    e.description =
        "## Background\n\nYoung people wait too long for mental health services; screening helps."
            .into();
    e.themes = vec![Theme::MentalHealth, Theme::ChildrenAndYouth];
    e.model = CooperationModel::InnovationCompetition;
    e.proposals_close_at = Some(app.now() + Duration::days(40));
    e.decision_target_at = Some(app.now() + Duration::days(70));
    app.published_challenge(&c2, &e).await;
    let draft = app.challenge_input(pirkanmaa, "Salainen kotihoidon luonnos");
    app.create_challenge(&c2, &draft).await;
    (app, c2, pirkanmaa)
}

#[tokio::test]
async fn search_understands_inflected_finnish_swedish_and_english() {
    let (app, _, _) = seeded().await;
    let cases = [
        ("kotihoito", vec!["Kotihoidon etäseuranta yöaikaan"]),
        ("kotihoidon", vec!["Kotihoidon etäseuranta yöaikaan"]),
        ("KOTIHOITOA", vec!["Kotihoidon etäseuranta yöaikaan"]),
        ("etäseurannan", vec!["Kotihoidon etäseuranta yöaikaan"]),
        // Theme labels are indexed in all three languages, so a Swedish word finds the Finnish
        // home-care challenge too.
        (
            "hemvården",
            vec![
                "Distansuppföljning inom hemvården",
                "Kotihoidon etäseuranta yöaikaan",
            ],
        ),
        (
            "närståendevårdare",
            vec!["Distansuppföljning inom hemvården"],
        ),
        (
            "screening young",
            vec!["Mental health screening for young people"],
        ),
        (
            "adolescent",
            vec!["Mental health screening for young people"],
        ),
        ("kotihoito öisin", vec!["Kotihoidon etäseuranta yöaikaan"]),
        ("kotihoito mental", vec![]),
        (
            "mielenterveys",
            vec!["Mental health screening for young people"],
        ),
        (
            "Birkaland",
            vec![
                "Kotihoidon etäseuranta yöaikaan",
                "Mental health screening for young people",
            ],
        ),
    ];
    for (q, expected) in cases {
        let p = board(&app, &format!("q={}", urlencode(q))).await;
        let mut got = titles(&p);
        got.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "query {q:?}");
        assert_eq!(p.meta.total as usize, want.len());
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn filters_combine_and_drafts_stay_hidden() {
    let (app, coordinator, _) = seeded().await;
    assert_eq!(
        board(&app, "").await.meta.total,
        3,
        "the draft is not public"
    );
    assert_eq!(
        titles(&board(&app, "region=pohjanmaa").await),
        ["Distansuppföljning inom hemvården"]
    );
    assert_eq!(
        titles(&board(&app, "theme=mental_health").await),
        ["Mental health screening for young people"]
    );
    assert_eq!(
        titles(&board(&app, "model=pilot").await),
        ["Distansuppföljning inom hemvården"]
    );
    assert_eq!(
        titles(&board(&app, "trl=5").await),
        ["Distansuppföljning inom hemvården"]
    );
    assert_eq!(board(&app, "trl=7").await.meta.total, 2);
    assert_eq!(
        titles(&board(&app, "trl=9").await),
        ["Kotihoidon etäseuranta yöaikaan"]
    );
    assert_eq!(board(&app, "status=published").await.meta.total, 3);
    assert_eq!(board(&app, "status=proposals_open").await.meta.total, 0);
    let before = (app.now() + Duration::days(25))
        .to_rfc3339()
        .replace('+', "%2B");
    assert_eq!(
        titles(&board(&app, &format!("closes_before={before}")).await),
        ["Distansuppföljning inom hemvården"]
    );
    assert_eq!(
        board(&app, "region=pirkanmaa&theme=home_care&q=kotihoito")
            .await
            .meta
            .total,
        1
    );
    // The coordinator sees their own draft when asking for drafts; visitors never do.
    let p: Page<ChallengeSummary> = app
        .get_json(&coordinator, "/challenges?include_drafts=true")
        .await;
    assert_eq!(p.meta.total, 4);
    assert_eq!(board(&app, "include_drafts=true").await.meta.total, 3);
    // After the deadline a challenge is closed on the board too.
    app.clock.advance(Duration::days(21));
    assert_eq!(
        titles(&board(&app, "status=closed").await),
        ["Distansuppföljning inom hemvården"]
    );
    assert_eq!(board(&app, "status=published").await.meta.total, 2);
}

#[tokio::test]
async fn sorting_paging_and_languages() {
    let (app, _, _) = seeded().await;
    assert_eq!(
        titles(&board(&app, "sort=deadline").await),
        [
            "Distansuppföljning inom hemvården",
            "Kotihoidon etäseuranta yöaikaan",
            "Mental health screening for young people"
        ]
    );
    assert_eq!(
        titles(&board(&app, "sort=newest").await)[0],
        "Mental health screening for young people"
    );
    assert_eq!(
        titles(&board(&app, "sort=title").await),
        [
            "Distansuppföljning inom hemvården",
            "Kotihoidon etäseuranta yöaikaan",
            "Mental health screening for young people"
        ]
    );
    let p1 = board(&app, "per_page=2&page=1&sort=title").await;
    let p2 = board(&app, "per_page=2&page=2&sort=title").await;
    assert_eq!(
        (
            p1.items.len(),
            p2.items.len(),
            p1.meta.total,
            p1.meta.page_count()
        ),
        (2, 1, 3, 2)
    );
    assert_eq!(titles(&p2), ["Mental health screening for young people"]);
    let p3 = board(&app, "per_page=2&page=3").await;
    assert!(p3.items.is_empty());
    let first = &board(&app, "q=kotihoito").await.items[0];
    assert_eq!(first.regions[0].name_sv, "Birkalands välfärdsområde");
    assert_eq!(first.themes, [Theme::HomeCare, Theme::RemoteMonitoring]);
}

#[tokio::test]
async fn bad_board_queries_get_field_errors() {
    let (app, _, _) = seeded().await;
    let cases = [
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("trl=10", "trl"),
        ("region=atlantis", "region"),
        ("status=lost", "status"),
        ("theme=cooking", "theme"),
        ("sort=random", "sort"),
        ("closes_after=yesterday", "closes_after"),
    ];
    for (q, field) in cases {
        let res = app
            .get(&app.client_in(Lang::Sv), &format!("/challenges?{q}"))
            .await;
        let err = expect_error(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&err), [field], "{q}");
        assert_eq!(
            err["error"]["message"],
            "Kontrollera uppgifterna i formuläret."
        );
    }
    let long = "a".repeat(201);
    let res = app
        .get(&app.client(), &format!("/challenges?q={long}"))
        .await;
    expect_error(res, 422, "validation_failed").await;
    // Queries with only punctuation or stop words are harmless.
    for q in ["%25%25%25", "ja", "'%3B DROP TABLE challenges;--"] {
        let res = app.get(&app.client(), &format!("/challenges?q={q}")).await;
        assert_eq!(res.status(), 200, "{q}");
    }
    assert_eq!(board(&app, "").await.meta.total, 3);
}

#[tokio::test]
async fn open_challenges_come_first_and_pages_cross_segments_cleanly() {
    let (app, _, _) = seeded().await;
    // The Swedish challenge closes first (in 20 days); move past it.
    app.clock.advance(Duration::days(21));
    let all = titles(&board(&app, "").await);
    assert_eq!(
        all,
        [
            "Mental health screening for young people",
            "Kotihoidon etäseuranta yöaikaan",
            "Distansuppföljning inom hemvården"
        ],
        "open ones newest first, then the closed one"
    );
    // One per page walks the same order without gaps or repeats, across the open/closed border.
    let mut walked = Vec::new();
    for page in 1..=4 {
        let p = board(&app, &format!("per_page=1&page={page}")).await;
        assert_eq!(p.meta.total, 3);
        walked.extend(titles(&p));
    }
    assert_eq!(walked, all);
    // Deadline order: upcoming soonest first, then the most recently closed.
    assert_eq!(
        titles(&board(&app, "sort=deadline").await),
        [
            "Kotihoidon etäseuranta yöaikaan",
            "Mental health screening for young people",
            "Distansuppföljning inom hemvården"
        ]
    );
    let p2 = board(&app, "sort=deadline&per_page=2&page=2").await;
    assert_eq!(titles(&p2), ["Distansuppföljning inom hemvården"]);
}
