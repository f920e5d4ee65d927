//! The public board's query: filters, free-text terms, ordering and paging, identical on SQLite
//! and PostgreSQL.
//!
//! Ordering is done in *segments* (for the default order: open challenges first, then the rest),
//! each a plain `ORDER BY` over indexed columns, and only ids are sorted; the 20 rows of a page
//! are fetched afterwards. Sorting whole rows (descriptions included) of every challenge on each
//! request was the difference between tens and thousands of requests per second.

use kehto_shared::challenge::{BoardSort, ChallengeStatus};
use sqlx::{AssertSqlSafe, FromRow};

use crate::{bind_all, on_db};

use super::{Binds, Db};

/// One query term of a search: matches a key equal to any alternative, or (with upper bounds)
/// starting with it.
#[derive(Debug, Clone)]
pub struct SearchTerm {
    pub alternatives: Vec<String>,
    /// For each alternative, the smallest string above every string with that prefix.
    pub upper_bounds: Option<Vec<String>>,
}

/// The board's query, resolved to database terms.
#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub now: i64,
    /// Drafts owned by these regions are visible too (the caller may read them).
    pub draft_regions: Vec<i64>,
    pub region_id: Option<i64>,
    pub status: Option<ChallengeStatus>,
    pub theme: Option<String>,
    pub model: Option<String>,
    pub trl: Option<i32>,
    pub closes_after: Option<i64>,
    pub closes_before: Option<i64>,
    pub terms: Vec<SearchTerm>,
    pub sort: BoardSort,
    pub lang: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A board card as selected: texts already in the requested language where a translation
/// exists.
#[derive(Debug, Clone, FromRow)]
pub struct BoardRow {
    pub id: i64,
    pub status: String,
    pub shown_lang: String,
    pub title: String,
    pub summary: String,
    pub model: String,
    pub trl_min: i32,
    pub trl_max: i32,
    pub questions_close_at: Option<i64>,
    pub proposals_close_at: Option<i64>,
    pub published_at: Option<i64>,
}

/// A part of the result with its own condition and order; segments follow each other.
struct Segment {
    condition: String,
    order: String,
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// One page of the board and the total number of matches.
pub async fn list_board(db: &Db, f: &BoardFilter) -> Result<(Vec<BoardRow>, i64), sqlx::Error> {
    let mut b = Binds::default();
    let now = b.int(f.now);
    let mut wh: Vec<String> = Vec::new();
    if f.draft_regions.is_empty() {
        wh.push("c.status <> 'draft'".into());
    } else {
        wh.push(format!(
            "(c.status <> 'draft' OR c.id IN (SELECT challenge_id FROM challenge_regions WHERE org_id IN ({})))",
            id_list(&f.draft_regions)
        ));
    }
    let open = format!(
        "c.status IN ('published', 'proposals_open') AND (c.proposals_close_at IS NULL OR c.proposals_close_at > {now})"
    );
    if let Some(s) = f.status {
        wh.push(match s {
            ChallengeStatus::Published | ChallengeStatus::ProposalsOpen => format!(
                "c.status = {} AND (c.proposals_close_at IS NULL OR c.proposals_close_at > {now})",
                b.text(s.code())
            ),
            ChallengeStatus::Closed => format!(
                "(c.status = 'closed' OR (c.status IN ('published', 'proposals_open') AND c.proposals_close_at <= {now}))"
            ),
            other => format!("c.status = {}", b.text(other.code())),
        });
    }
    if let Some(r) = f.region_id {
        wh.push(format!(
            "c.id IN (SELECT challenge_id FROM challenge_regions WHERE org_id = {})",
            b.int(r)
        ));
    }
    if let Some(t) = &f.theme {
        wh.push(format!(
            "c.id IN (SELECT challenge_id FROM challenge_themes WHERE theme = {})",
            b.text(t.clone())
        ));
    }
    if let Some(m) = &f.model {
        wh.push(format!("c.model = {}", b.text(m.clone())));
    }
    if let Some(t) = f.trl {
        let p = b.int(i64::from(t));
        wh.push(format!("c.trl_min <= {p} AND c.trl_max >= {p}"));
    }
    if let Some(a) = f.closes_after {
        wh.push(format!("c.proposals_close_at >= {}", b.int(a)));
    }
    if let Some(z) = f.closes_before {
        wh.push(format!("c.proposals_close_at <= {}", b.int(z)));
    }
    // Each search term joins the challenges it matches with its best field weight: one range
    // scan of the key index per term, and the joins are the AND.
    let mut from = String::from("challenges c");
    let mut score_parts = Vec::new();
    for (n, term) in f.terms.iter().enumerate() {
        let cond = term_condition(term, &mut b, "key");
        from.push_str(&format!(
            " JOIN (SELECT challenge_id, MAX(weight) AS w FROM challenge_search_keys WHERE {cond} GROUP BY challenge_id) t{n} \
             ON t{n}.challenge_id = c.id"
        ));
        score_parts.push(format!("t{n}.w"));
    }
    let base = wh.join(" AND ");
    let lang = b.text(f.lang.clone().unwrap_or_default());
    // NULLS LAST is SQLite's default for DESC and must be said for PostgreSQL; written out, both
    // engines walk the same index (challenges_newest) without sorting.
    let newest = "c.published_at DESC NULLS LAST, c.id DESC";
    let seg = |condition: &str, order: &str| Segment {
        condition: condition.to_owned(),
        order: order.to_owned(),
    };
    let segments = match f.sort {
        BoardSort::Relevance if !score_parts.is_empty() => {
            vec![seg(
                "1 = 1",
                &format!("({}) DESC, {newest}", score_parts.join(" + ")),
            )]
        }
        BoardSort::Relevance => vec![seg(&open, newest), seg(&format!("NOT ({open})"), newest)],
        BoardSort::Newest => vec![seg("1 = 1", newest)],
        BoardSort::Deadline => vec![
            seg(
                &format!("c.proposals_close_at > {now}"),
                "c.proposals_close_at ASC, c.id ASC",
            ),
            seg(
                &format!("c.proposals_close_at <= {now}"),
                "c.proposals_close_at DESC, c.id DESC",
            ),
            seg("c.proposals_close_at IS NULL", "c.id DESC"),
        ],
        BoardSort::Title => vec![seg("1 = 1", "LOWER(COALESCE(tr.title, c.title)), c.id")],
    };
    let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {base}");
    let total = on_db!(db, pool => bind_all!(sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*count_sql)), b).fetch_one(pool).await)?;

    // Walk the segments to the requested window.
    let mut ids: Vec<i64> = Vec::new();
    let mut skip = f.offset;
    let mut remaining_total = total;
    for (n, s) in segments.iter().enumerate() {
        if ids.len() as i64 >= f.limit || remaining_total <= 0 {
            break;
        }
        let size = if n + 1 == segments.len() {
            remaining_total
        } else {
            let sql = format!(
                "SELECT COUNT(*) FROM {from} WHERE {base} AND ({})",
                s.condition
            );
            on_db!(db, pool => bind_all!(sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*sql)), b).fetch_one(pool).await)?
        };
        remaining_total -= size;
        if skip >= size {
            skip -= size;
            continue;
        }
        let take = f.limit - ids.len() as i64;
        let join = if s.order.contains("tr.") {
            format!(
                "LEFT JOIN challenge_translations tr ON tr.challenge_id = c.id AND tr.lang = {lang}"
            )
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT c.id FROM {from} {join} WHERE {base} AND ({}) ORDER BY {} LIMIT {take} OFFSET {skip}",
            s.condition, s.order
        );
        let page = on_db!(db, pool => bind_all!(sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*sql)), b).fetch_all(pool).await)?;
        ids.extend(page);
        skip = 0;
    }
    if ids.is_empty() {
        return Ok((vec![], total));
    }
    let rows = rows_by_ids(db, &ids, f.lang.as_deref()).await?;
    Ok((rows, total))
}

/// Board cards of the challenges `ids`, in that order, with texts in `lang` where a
/// translation exists (whatever their status: the caller filters).
pub async fn rows_by_ids(
    db: &Db,
    ids: &[i64],
    lang: Option<&str>,
) -> Result<Vec<BoardRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows_sql = format!(
        "SELECT c.id, c.status, COALESCE(tr.lang, c.content_lang) AS shown_lang,
                COALESCE(tr.title, c.title) AS title, COALESCE(tr.summary, c.summary) AS summary,
                c.model, c.trl_min, c.trl_max, c.questions_close_at, c.proposals_close_at, c.published_at
         FROM challenges c
         LEFT JOIN challenge_translations tr ON tr.challenge_id = c.id AND tr.lang = $1
         WHERE c.id IN ({})",
        id_list(ids)
    );
    let lang_value = lang.unwrap_or_default().to_owned();
    let mut rows = on_db!(db, pool => sqlx::query_as::<_, BoardRow>(AssertSqlSafe(&*rows_sql)).bind(&lang_value).fetch_all(pool).await)?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(rows)
}

/// `col = a OR (col >= b AND col < b_up) …` for one search term.
pub(super) fn term_condition(term: &SearchTerm, b: &mut Binds, col: &str) -> String {
    let mut ors = Vec::new();
    for (i, alt) in term.alternatives.iter().enumerate() {
        let p = b.text(alt.clone());
        match term.upper_bounds.as_ref().and_then(|u| u.get(i)) {
            Some(up) => ors.push(format!("({col} >= {p} AND {col} < {})", b.text(up.clone()))),
            None => ors.push(format!("{col} = {p}")),
        }
    }
    if ors.is_empty() {
        "1 = 0".to_owned()
    } else {
        ors.join(" OR ")
    }
}
