//! The directory of organisations whose profile is public: filters, free-text terms over the
//! profile's search keys, relevance then name, paging. The same statements on both engines.

use sqlx::AssertSqlSafe;

use crate::{bind_all, on_db};

use super::board::{SearchTerm, term_condition};
use super::{Binds, Db};

/// The directory's query, resolved to database terms (vocabulary codes as stored).
#[derive(Debug, Clone, Default)]
pub struct DirectoryFilter {
    pub terms: Vec<SearchTerm>,
    pub theme: Option<String>,
    pub capability: Option<String>,
    /// A region code: some offering is served there or in all of Finland.
    pub region: Option<String>,
    pub size_class: Option<String>,
    /// Some offering is available in this language.
    pub offering_lang: Option<String>,
    pub kind: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The organisation ids of one page, best first, and the number of matches.
pub async fn search(db: &Db, f: &DirectoryFilter) -> Result<(Vec<i64>, i64), sqlx::Error> {
    let mut b = Binds::default();
    let mut wh = vec!["p.is_public = TRUE".to_owned()];
    if let Some(t) = &f.theme {
        wh.push(format!(
            "o.id IN (SELECT org_id FROM org_profile_themes WHERE theme = {})",
            b.text(t.clone())
        ));
    }
    if let Some(c) = &f.capability {
        wh.push(format!(
            "o.id IN (SELECT org_id FROM org_capabilities WHERE capability = {})",
            b.text(c.clone())
        ));
    }
    if let Some(r) = &f.region {
        wh.push(format!(
            "o.id IN (SELECT org_id FROM org_offerings WHERE serves_all_finland = TRUE
                      OR id IN (SELECT offering_id FROM org_offering_regions WHERE region_code = {}))",
            b.text(r.clone())
        ));
    }
    if let Some(s) = &f.size_class {
        wh.push(format!("p.size_class = {}", b.text(s.clone())));
    }
    if let Some(l) = &f.offering_lang {
        wh.push(format!(
            "o.id IN (SELECT org_id FROM org_offerings WHERE id IN
                      (SELECT offering_id FROM org_offering_languages WHERE lang = {}))",
            b.text(l.clone())
        ));
    }
    if let Some(k) = &f.kind {
        wh.push(format!("o.kind = {}", b.text(k.clone())));
    }
    // As on the board: one join per term with the organisation's best weight for it.
    let mut from = String::from("organisations o JOIN org_profiles p ON p.org_id = o.id");
    let mut score = Vec::new();
    for (n, term) in f.terms.iter().enumerate() {
        let cond = term_condition(term, &mut b, "key");
        from.push_str(&format!(
            " JOIN (SELECT org_id, MAX(weight) AS w FROM org_search_keys WHERE {cond} GROUP BY org_id) t{n} \
             ON t{n}.org_id = o.id"
        ));
        score.push(format!("t{n}.w"));
    }
    let base = wh.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {base}");
    let total = on_db!(db, pool => bind_all!(sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*count_sql)), b).fetch_one(pool).await)?;
    let by_name = "LOWER(o.name_fi), o.id";
    let order = if score.is_empty() {
        by_name.to_owned()
    } else {
        format!("({}) DESC, {by_name}", score.join(" + "))
    };
    let sql = format!(
        "SELECT o.id FROM {from} WHERE {base} ORDER BY {order} LIMIT {} OFFSET {}",
        f.limit, f.offset
    );
    let ids = on_db!(db, pool => bind_all!(sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*sql)), b).fetch_all(pool).await)?;
    Ok((ids, total))
}
