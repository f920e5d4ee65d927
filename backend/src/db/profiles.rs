//! Organisation profiles and their solution offerings: reading one or many, and saving a whole
//! profile (offerings, vocabularies and search keys included) in one transaction.

use std::collections::HashMap;

use kehto_shared::profile::OrgProfileInput;
use sqlx::{AssertSqlSafe, FromRow};

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct ProfileRow {
    pub org_id: i64,
    pub size_class: Option<String>,
    pub summary: String,
    pub description: String,
    pub description_html: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub is_public: bool,
    pub updated_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct OfferingRow {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub description: String,
    pub description_html: String,
    pub trl: i32,
    pub medical_device_class: String,
    pub ce_marked: bool,
    pub reference_text: String,
}

/// An offering with its languages and regions (codes as stored).
#[derive(Debug, Clone)]
pub struct StoredOffering {
    pub row: OfferingRow,
    pub languages: Vec<String>,
    pub regions: Vec<String>,
}

/// A profile with everything attached to it.
#[derive(Debug, Clone)]
pub struct StoredProfile {
    pub row: ProfileRow,
    pub themes: Vec<String>,
    pub capabilities: Vec<String>,
    pub languages: Vec<String>,
    pub offerings: Vec<StoredOffering>,
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// `(owner id, value)` pairs of one child table, grouped by owner in the order selected.
async fn grouped(db: &Db, sql: &str) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql)).fetch_all(pool).await)?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, v) in rows {
        map.entry(id).or_default().push(v);
    }
    Ok(map)
}

/// The profiles of the organisations `org_ids` that have one, by organisation id.
pub async fn load_many(
    db: &Db,
    org_ids: &[i64],
) -> Result<HashMap<i64, StoredProfile>, sqlx::Error> {
    if org_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = id_list(org_ids);
    let sql = format!(
        "SELECT org_id, size_class, summary, description, description_html, contact_name,
                contact_email, contact_phone, is_public, updated_at
         FROM org_profiles WHERE org_id IN ({ids})"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, ProfileRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let mut themes = grouped(
        db,
        &format!("SELECT org_id, theme FROM org_profile_themes WHERE org_id IN ({ids}) ORDER BY org_id, theme"),
    )
    .await?;
    let mut capabilities = grouped(
        db,
        &format!("SELECT org_id, capability FROM org_capabilities WHERE org_id IN ({ids}) ORDER BY org_id, capability"),
    )
    .await?;
    let mut languages = grouped(
        db,
        &format!("SELECT org_id, lang FROM org_profile_languages WHERE org_id IN ({ids}) ORDER BY org_id, lang"),
    )
    .await?;
    let mut offerings = offerings_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.org_id;
            let p = StoredProfile {
                row,
                themes: themes.remove(&id).unwrap_or_default(),
                capabilities: capabilities.remove(&id).unwrap_or_default(),
                languages: languages.remove(&id).unwrap_or_default(),
                offerings: offerings.remove(&id).unwrap_or_default(),
            };
            (id, p)
        })
        .collect())
}

/// One organisation's profile, if it has been saved.
pub async fn load(db: &Db, org_id: i64) -> Result<Option<StoredProfile>, sqlx::Error> {
    Ok(load_many(db, &[org_id]).await?.remove(&org_id))
}

/// Whether an organisation's profile is saved and public.
pub async fn is_public(db: &Db, org_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM org_profiles WHERE org_id = $1 AND is_public = TRUE";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(org_id).fetch_one(pool).await.map(|n| n > 0))
}

/// Offerings of the organisations in `ids` (a comma-separated id list), in their order.
async fn offerings_of(
    db: &Db,
    ids: &str,
) -> Result<HashMap<i64, Vec<StoredOffering>>, sqlx::Error> {
    let sql = format!(
        "SELECT id, org_id, name, description, description_html, trl, medical_device_class,
                ce_marked, reference_text
         FROM org_offerings WHERE org_id IN ({ids}) ORDER BY org_id, position, id"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, OfferingRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let of_orgs = format!("SELECT id FROM org_offerings WHERE org_id IN ({ids})");
    let mut languages = grouped(
        db,
        &format!("SELECT offering_id, lang FROM org_offering_languages WHERE offering_id IN ({of_orgs}) ORDER BY offering_id, lang"),
    )
    .await?;
    let mut regions = grouped(
        db,
        &format!("SELECT offering_id, region_code FROM org_offering_regions WHERE offering_id IN ({of_orgs}) ORDER BY offering_id, region_code"),
    )
    .await?;
    let mut map: HashMap<i64, Vec<StoredOffering>> = HashMap::new();
    for row in rows {
        let id = row.id;
        map.entry(row.org_id).or_default().push(StoredOffering {
            row,
            languages: languages.remove(&id).unwrap_or_default(),
            regions: regions.remove(&id).unwrap_or_default(),
        });
    }
    Ok(map)
}

/// Ids of an organisation's offerings.
pub async fn offering_ids(db: &Db, org_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT id FROM org_offerings WHERE org_id = $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(org_id).fetch_all(pool).await)
}

/// A whole profile to store; the input is already validated and trimmed.
pub struct ProfileWrite<'a> {
    pub org_id: i64,
    pub input: &'a OrgProfileInput,
    pub description_html: String,
    /// The rendered description of each offering, in the input's order.
    pub offering_html: Vec<String>,
    pub keys: Vec<(String, i32)>,
    pub user_id: Option<i64>,
    pub now: i64,
}

const UPSERT_PROFILE: &str =
    "INSERT INTO org_profiles (org_id, size_class, summary, description, description_html,
        contact_name, contact_email, contact_phone, is_public, updated_at, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (org_id) DO UPDATE SET size_class = excluded.size_class, summary = excluded.summary,
        description = excluded.description, description_html = excluded.description_html,
        contact_name = excluded.contact_name, contact_email = excluded.contact_email,
        contact_phone = excluded.contact_phone, is_public = excluded.is_public,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by";

const UPDATE_OFFERING: &str = "UPDATE org_offerings SET position = $1, name = $2, description = $3,
        description_html = $4, trl = $5, medical_device_class = $6, ce_marked = $7,
        reference_text = $8, serves_all_finland = $9, updated_at = $10
    WHERE id = $11 AND org_id = $12";

const INSERT_OFFERING: &str = "INSERT INTO org_offerings (position, name, description, description_html, trl,
        medical_device_class, ce_marked, reference_text, serves_all_finland, updated_at, org_id, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id";

/// Writes profile `$w` inside transaction `$tx` (see [`save`]); returns `Ok(Some(i))` from the
/// enclosing function, the transaction dropped and so rolled back, when offering `i` carries an
/// id that is not the organisation's.
macro_rules! write_profile {
    ($tx:ident, $w:expr) => {{
        let w: &ProfileWrite<'_> = $w;
        let input = w.input;
        let website = input.website.as_deref().filter(|s| !s.is_empty());
        // The profile row first: a concurrent save of the same profile waits here (row lock on
        // PostgreSQL, the write lock on SQLite) until this one commits.
        sqlx::query(UPSERT_PROFILE)
            .bind(w.org_id).bind(input.size_class.map(|s| s.code())).bind(&input.summary)
            .bind(&input.description).bind(&w.description_html).bind(&input.contact_name)
            .bind(&input.contact_email).bind(input.contact_phone.as_deref()).bind(input.public)
            .bind(w.now).bind(w.user_id)
            .execute(&mut *$tx).await?;
        sqlx::query("UPDATE organisations SET website = $1 WHERE id = $2")
            .bind(website).bind(w.org_id).execute(&mut *$tx).await?;
        for (table, column, values) in [
            ("org_profile_themes", "theme", input.themes.iter().map(|t| t.code()).collect::<Vec<_>>()),
            ("org_capabilities", "capability", input.capabilities.iter().map(|c| c.code()).collect()),
            ("org_profile_languages", "lang", input.languages.iter().map(|l| l.code()).collect()),
        ] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE org_id = $1")))
                .bind(w.org_id).execute(&mut *$tx).await?;
            for v in values {
                sqlx::query(AssertSqlSafe(format!("INSERT INTO {table} (org_id, {column}) VALUES ($1, $2)")))
                    .bind(w.org_id).bind(v).execute(&mut *$tx).await?;
            }
        }
        let existing: Vec<i64> = sqlx::query_scalar("SELECT id FROM org_offerings WHERE org_id = $1")
            .bind(w.org_id).fetch_all(&mut *$tx).await?;
        if let Some(i) = input.offerings.iter().position(|o| o.id.is_some_and(|id| !existing.contains(&id))) {
            return Ok(Some(i));
        }
        let kept: Vec<i64> = input.offerings.iter().filter_map(|o| o.id).collect();
        let gone: Vec<i64> = existing.into_iter().filter(|id| !kept.contains(id)).collect();
        if !gone.is_empty() {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM org_offerings WHERE id IN ({})", id_list(&gone))))
                .execute(&mut *$tx).await?;
        }
        sqlx::query("DELETE FROM org_offering_languages WHERE offering_id IN (SELECT id FROM org_offerings WHERE org_id = $1)")
            .bind(w.org_id).execute(&mut *$tx).await?;
        sqlx::query("DELETE FROM org_offering_regions WHERE offering_id IN (SELECT id FROM org_offerings WHERE org_id = $1)")
            .bind(w.org_id).execute(&mut *$tx).await?;
        for (position, o) in input.offerings.iter().enumerate() {
            let html = w.offering_html.get(position).map(String::as_str).unwrap_or_default();
            let sql = if o.id.is_some() { UPDATE_OFFERING } else { INSERT_OFFERING };
            let q = sqlx::query_scalar::<_, i64>(sql)
                .bind(position as i64).bind(&o.name).bind(&o.description).bind(html)
                .bind(i32::from(o.trl)).bind(o.medical_device_class.code()).bind(o.ce_marked)
                .bind(&o.references).bind(o.regions_served.is_empty()).bind(w.now);
            let id = match o.id {
                Some(id) => {
                    q.bind(id).bind(w.org_id).fetch_optional(&mut *$tx).await?;
                    id
                }
                None => q.bind(w.org_id).fetch_one(&mut *$tx).await?,
            };
            for l in &o.languages {
                sqlx::query("INSERT INTO org_offering_languages (offering_id, lang) VALUES ($1, $2)")
                    .bind(id).bind(l.code()).execute(&mut *$tx).await?;
            }
            for r in &o.regions_served {
                sqlx::query("INSERT INTO org_offering_regions (offering_id, region_code) VALUES ($1, $2)")
                    .bind(id).bind(r).execute(&mut *$tx).await?;
            }
        }
        sqlx::query("DELETE FROM org_search_keys WHERE org_id = $1").bind(w.org_id).execute(&mut *$tx).await?;
        for chunk in w.keys.chunks(200) {
            let mut sql = String::from("INSERT INTO org_search_keys (org_id, key, weight) VALUES ");
            for n in 0..chunk.len() {
                if n > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("($1, ${}, ${})", 2 * n + 2, 2 * n + 3));
            }
            let mut q = sqlx::query(AssertSqlSafe(&*sql)).bind(w.org_id);
            for (key, weight) in chunk {
                q = q.bind(key.as_str()).bind(*weight);
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}

/// Stores a whole profile: replaces its vocabularies, offerings (keeping the ids sent back),
/// their languages and regions, and its search keys; sets the organisation's website. Returns
/// `Some(i)`, with nothing changed, when offering `i` carries an id that is not one of this
/// organisation's offerings.
pub async fn save(db: &Db, w: &ProfileWrite<'_>) -> Result<Option<usize>, sqlx::Error> {
    in_tx!(db, tx => {
        write_profile!(tx, w);
        Ok::<Option<usize>, sqlx::Error>(None)
    })
}

/// Stores many whole profiles in one transaction (seeding, benchmarks), as [`save`] each.
pub async fn save_many(db: &Db, ws: &[ProfileWrite<'_>]) -> Result<Option<usize>, sqlx::Error> {
    in_tx!(db, tx => {
        for w in ws {
            write_profile!(tx, w);
        }
        Ok::<Option<usize>, sqlx::Error>(None)
    })
}
