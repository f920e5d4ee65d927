//! Atom feeds: the board's published challenges (filtered like the board) and each challenge's
//! published questions and answers. Feeds show what visitors see, whoever asks.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kehto_shared::Lang;
use kehto_shared::challenge::{BoardQuery, BoardSort};

use crate::atom::{Entry, Feed, render, tag_authority};
use crate::db;
use crate::error::{AppResult, Path, Query};
use crate::routes::challenge_view::{opt_time, to_time};
use crate::routes::challenges::{board_page, visible};
use crate::state::AppState;

/// Entries in the challenges feed.
pub const FEED_ENTRIES: u32 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/challenges.atom", get(challenges_feed))
        .route("/challenges/{id}/questions.atom", get(questions_feed))
}

fn atom(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response()
}

fn feed_lang(q: &BoardQuery) -> Lang {
    q.lang.unwrap_or(Lang::Fi)
}

/// `GET /api/v1/feeds/challenges.atom`: the newest public challenges matching the board's query
/// parameters (`q`, `region`, `theme`, `model`, `status`, `trl`, `lang`, …).
#[utoipa::path(get, path = "/api/v1/feeds/challenges.atom", tag = "challenges", params(BoardQuery),
    responses((status = 200, content_type = "application/atom+xml", body = String), (status = 422)))]
pub async fn challenges_feed(
    State(state): State<AppState>,
    Query(mut q): Query<BoardQuery>,
) -> AppResult<Response> {
    q.include_drafts = None;
    q.page = Some(1);
    q.per_page = Some(FEED_ENTRIES);
    if q.sort.is_none() && q.q.is_none() {
        q.sort = Some(BoardSort::Newest);
    }
    let page = board_page(&state, None, &q).await?;
    let host = tag_authority(&state.settings.base_url);
    let lang = feed_lang(&q);
    let title = match lang {
        Lang::Fi => "Kehto – haasteet",
        Lang::Sv => "Kehto – utmaningar",
        Lang::En => "Kehto – challenges",
    };
    let query_string = serde_urlencoded_query(&q);
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    let updated_at = db::challenges::updated_at_of(&state.db, &ids).await?;
    let entries: Vec<Entry> = page
        .items
        .iter()
        .map(|c| {
            let updated = updated_at
                .get(&c.id)
                .copied()
                .map(to_time)
                .or(c.published_at)
                .unwrap_or(state.clock.now());
            let mut categories: Vec<String> =
                c.themes.iter().map(|t| t.label(lang).to_owned()).collect();
            categories.push(c.status.code().to_owned());
            Entry {
                id: format!("tag:{host},2026:challenge:{}", c.id),
                title: c.title.clone(),
                link: state.settings.link(&format!("/challenges/{}", c.id)),
                updated,
                published: c.published_at,
                summary: c.summary.clone(),
                content: None,
                authors: c.regions.iter().map(|r| r.name(lang).to_owned()).collect(),
                categories,
            }
        })
        .collect();
    let feed = Feed {
        id: format!("tag:{host},2026:challenges{}", query_string),
        title: title.to_owned(),
        self_link: state
            .settings
            .link(&format!("/api/v1/feeds/challenges.atom{query_string}")),
        alternate: state.settings.link(&format!("/{query_string}")),
        lang: lang.code(),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(state.clock.now()),
        entries,
    };
    Ok(atom(render(&feed)))
}

/// The board filters of `q` as a query string (`?a=b&…`), for the feed's links and id.
fn serde_urlencoded_query(q: &BoardQuery) -> String {
    let mut pairs: Vec<(&str, String)> = vec![];
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    if let Some(v) = q.q.as_deref().filter(|v| !v.is_empty()) {
        pairs.push(("q", enc(v)));
    }
    if let Some(v) = q.region.as_deref().filter(|v| !v.is_empty()) {
        pairs.push(("region", enc(v)));
    }
    if let Some(v) = q.status {
        pairs.push(("status", v.code().to_owned()));
    }
    if let Some(v) = q.theme {
        pairs.push(("theme", v.code().to_owned()));
    }
    if let Some(v) = q.model {
        pairs.push(("model", v.code().to_owned()));
    }
    if let Some(v) = q.trl {
        pairs.push(("trl", v.to_string()));
    }
    if let Some(v) = q.lang {
        pairs.push(("lang", v.code().to_owned()));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("?{}", joined.join("&"))
}

/// `GET /api/v1/challenges/{id}/questions.atom`: the challenge's published questions and
/// answers, newest answer first — never the asker.
#[utoipa::path(get, path = "/api/v1/challenges/{id}/questions.atom", tag = "dialogue",
    responses((status = 200, content_type = "application/atom+xml", body = String), (status = 404)))]
pub async fn questions_feed(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let rec = visible(&state, id, None).await?;
    let host = tag_authority(&state.settings.base_url);
    let lang = Lang::from_code(&rec.row.content_lang).unwrap_or(Lang::Fi);
    let mut answered: Vec<_> = db::questions::for_challenge(&state.db, id)
        .await?
        .into_iter()
        .filter(|q| q.answer.is_some() && q.answered_at.is_some())
        .collect();
    answered.sort_by(|a, b| b.answered_at.cmp(&a.answered_at).then(b.id.cmp(&a.id)));
    let link = state.settings.link(&format!("/challenges/{id}#questions"));
    let entries: Vec<Entry> = answered
        .into_iter()
        .map(|q| {
            let question = q.public_question.clone().unwrap_or(q.text.clone());
            Entry {
                id: format!("tag:{host},2026:challenge:{id}:question:{}", q.id),
                title: question.clone(),
                link: link.clone(),
                updated: to_time(q.answered_at.unwrap_or(q.asked_at)),
                published: opt_time(q.answered_at),
                summary: question,
                content: q.answer.clone(),
                authors: vec![],
                categories: vec![],
            }
        })
        .collect();
    let title = match lang {
        Lang::Fi => format!("Kysymykset ja vastaukset – {}", rec.row.title),
        Lang::Sv => format!("Frågor och svar – {}", rec.row.title),
        Lang::En => format!("Questions and answers – {}", rec.row.title),
    };
    let feed = Feed {
        id: format!("tag:{host},2026:challenge:{id}:questions"),
        title,
        self_link: state
            .settings
            .link(&format!("/api/v1/challenges/{id}/questions.atom")),
        alternate: link,
        lang: lang.code(),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(|| to_time(rec.row.published_at.unwrap_or(rec.row.updated_at))),
        entries,
    };
    Ok(atom(render(&feed)))
}
