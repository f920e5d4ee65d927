//! What the matchmaking index reads: the matchable part of challenges (texts, regions, themes,
//! TRL range, model) and of public organisation profiles (texts, themes, capabilities,
//! offerings with their languages and regions) — never a profile's contact fields — and which
//! of them changed since a moment, so that each instance can catch up with the others.

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, FromRow};

use crate::on_db;

use super::Db;

/// Which rows to load.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// Everything the index holds: challenges that are public and not cancelled; public
    /// profiles of companies and research organisations.
    Indexable,
    /// These ids, whatever their state (the caller decides what to do with each).
    Ids(&'a [i64]),
}

fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".to_owned();
    }
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// `(owner id, value)` rows grouped by owner, in the order selected.
async fn grouped(db: &Db, sql: &str) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql)).fetch_all(pool).await)?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, v) in rows {
        map.entry(id).or_default().push(v);
    }
    Ok(map)
}

#[derive(Debug, Clone, FromRow)]
pub struct ChallengeFactsRow {
    pub id: i64,
    pub status: String,
    pub content_lang: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub trl_min: i32,
    pub trl_max: i32,
    pub model: String,
    pub proposals_close_at: Option<i64>,
    pub updated_at: i64,
}

/// A challenge's matchable facts as stored.
#[derive(Debug, Clone)]
pub struct StoredChallengeFacts {
    pub row: ChallengeFactsRow,
    /// `(lang, title, summary, description)` of each translation.
    pub translations: Vec<(String, String, String, String)>,
    /// `(region organisation id, region code)` of each owning region.
    pub regions: Vec<(i64, String)>,
    pub themes: Vec<String>,
}

/// The challenges `which` selects, with their translations, regions and themes.
pub async fn challenges(
    db: &Db,
    which: Which<'_>,
) -> Result<Vec<StoredChallengeFacts>, sqlx::Error> {
    let cond = match which {
        Which::Indexable => "c.status NOT IN ('draft', 'cancelled')".to_owned(),
        Which::Ids(ids) => format!("c.id IN ({})", id_list(ids)),
    };
    let sub = format!("SELECT c.id FROM challenges c WHERE {cond}");
    let sql = format!(
        "SELECT c.id, c.status, c.content_lang, c.title, c.summary, c.description, c.trl_min, c.trl_max,
                c.model, c.proposals_close_at, c.updated_at
         FROM challenges c WHERE {cond} ORDER BY c.id"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, ChallengeFactsRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let mut translations: HashMap<i64, Vec<(String, String, String, String)>> = HashMap::new();
    let tsql = format!(
        "SELECT challenge_id, lang, title, summary, description FROM challenge_translations
         WHERE challenge_id IN ({sub}) ORDER BY challenge_id, lang"
    );
    let trows = on_db!(db, pool => sqlx::query_as::<_, (i64, String, String, String, String)>(AssertSqlSafe(&*tsql)).fetch_all(pool).await)?;
    for (id, lang, title, summary, description) in trows {
        translations
            .entry(id)
            .or_default()
            .push((lang, title, summary, description));
    }
    let mut regions: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let rsql = format!(
        "SELECT cr.challenge_id, o.id, COALESCE(o.region_code, '') FROM challenge_regions cr
         JOIN organisations o ON o.id = cr.org_id
         WHERE cr.challenge_id IN ({sub}) ORDER BY cr.challenge_id, o.id"
    );
    let rrows = on_db!(db, pool => sqlx::query_as::<_, (i64, i64, String)>(AssertSqlSafe(&*rsql)).fetch_all(pool).await)?;
    for (id, org, code) in rrows {
        regions.entry(id).or_default().push((org, code));
    }
    let mut themes: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!(
            "SELECT challenge_id, theme FROM challenge_themes WHERE challenge_id IN ({sub}) ORDER BY challenge_id, theme"
        ),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.id;
            StoredChallengeFacts {
                row,
                translations: translations.remove(&id).unwrap_or_default(),
                regions: regions.remove(&id).unwrap_or_default(),
                themes: themes.remove(&id).unwrap_or_default(),
            }
        })
        .collect())
}

/// Ids of the challenges changed at or after `since` (any status).
pub async fn challenges_changed_since(db: &Db, since: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT id FROM challenges WHERE updated_at >= $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(since).fetch_all(pool).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct OrgFactsRow {
    pub org_id: i64,
    pub kind: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub is_public: bool,
    pub updated_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct OfferingFactsRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub description: String,
    pub trl: i32,
    pub medical_device_class: String,
}

/// An offering with its languages and regions (codes).
#[derive(Debug, Clone)]
pub struct StoredOfferingFacts {
    pub row: OfferingFactsRow,
    pub languages: Vec<String>,
    pub regions: Vec<String>,
}

/// A profile's matchable facts as stored (no contact fields are read).
#[derive(Debug, Clone)]
pub struct StoredOrgFacts {
    pub row: OrgFactsRow,
    pub themes: Vec<String>,
    pub capabilities: Vec<String>,
    pub languages: Vec<String>,
    /// In the organisation's order.
    pub offerings: Vec<StoredOfferingFacts>,
}

/// The profiles `which` selects (organisations without a saved profile have none).
pub async fn orgs(db: &Db, which: Which<'_>) -> Result<Vec<StoredOrgFacts>, sqlx::Error> {
    let cond = match which {
        Which::Indexable => "p.is_public = TRUE AND o.kind IN ('company', 'research')".to_owned(),
        Which::Ids(ids) => format!("p.org_id IN ({})", id_list(ids)),
    };
    let from = "org_profiles p JOIN organisations o ON o.id = p.org_id";
    let sub = format!("SELECT p.org_id FROM {from} WHERE {cond}");
    let sql = format!(
        "SELECT p.org_id, o.kind, o.name_fi AS name, p.summary, p.description, p.is_public, p.updated_at
         FROM {from} WHERE {cond} ORDER BY p.org_id"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, OrgFactsRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let mut themes: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!("SELECT org_id, theme FROM org_profile_themes WHERE org_id IN ({sub}) ORDER BY org_id, theme"),
    )
    .await?;
    let mut capabilities: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!("SELECT org_id, capability FROM org_capabilities WHERE org_id IN ({sub}) ORDER BY org_id, capability"),
    )
    .await?;
    let mut languages: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!("SELECT org_id, lang FROM org_profile_languages WHERE org_id IN ({sub}) ORDER BY org_id, lang"),
    )
    .await?;
    let osql = format!(
        "SELECT id, org_id, name, description, trl, medical_device_class FROM org_offerings
         WHERE org_id IN ({sub}) ORDER BY org_id, position, id"
    );
    let orows = on_db!(db, pool => sqlx::query_as::<_, OfferingFactsRow>(AssertSqlSafe(&*osql)).fetch_all(pool).await)?;
    let of_orgs = format!("SELECT id FROM org_offerings WHERE org_id IN ({sub})");
    let mut olangs: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!("SELECT offering_id, lang FROM org_offering_languages WHERE offering_id IN ({of_orgs}) ORDER BY offering_id, lang"),
    )
    .await?;
    let mut oregions: HashMap<i64, Vec<String>> = grouped(
        db,
        &format!("SELECT offering_id, region_code FROM org_offering_regions WHERE offering_id IN ({of_orgs}) ORDER BY offering_id, region_code"),
    )
    .await?;
    let mut offerings: HashMap<i64, Vec<StoredOfferingFacts>> = HashMap::new();
    for row in orows {
        let id = row.id;
        offerings
            .entry(row.org_id)
            .or_default()
            .push(StoredOfferingFacts {
                row,
                languages: olangs.remove(&id).unwrap_or_default(),
                regions: oregions.remove(&id).unwrap_or_default(),
            });
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.org_id;
            StoredOrgFacts {
                row,
                themes: themes.remove(&id).unwrap_or_default(),
                capabilities: capabilities.remove(&id).unwrap_or_default(),
                languages: languages.remove(&id).unwrap_or_default(),
                offerings: offerings.remove(&id).unwrap_or_default(),
            }
        })
        .collect())
}

/// Ids of the organisations whose profile changed at or after `since` (public or not).
pub async fn orgs_changed_since(db: &Db, since: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT org_id FROM org_profiles WHERE updated_at >= $1 ORDER BY org_id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(since).fetch_all(pool).await)
}
