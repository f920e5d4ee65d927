//! Challenges as stored: the main row, owning regions, themes, translations and search keys, and
//! the public board's query.

use std::collections::HashMap;

use kehto_shared::challenge::{ChallengeInput, ChallengeStatus};
use sqlx::{AssertSqlSafe, FromRow};

use crate::{in_tx, on_db};

use super::Db;
use super::orgs::OrgRow;

#[derive(Debug, Clone, FromRow)]
pub struct ChallengeRow {
    pub id: i64,
    pub status: String,
    pub content_lang: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub description_html: String,
    pub trl_min: i32,
    pub trl_max: i32,
    pub model: String,
    pub budget_min_eur: Option<i64>,
    pub budget_max_eur: Option<i64>,
    pub questions_close_at: Option<i64>,
    pub proposals_close_at: Option<i64>,
    pub decision_target_at: Option<i64>,
    pub published_at: Option<i64>,
    pub contact_name: String,
    pub contact_email: String,
    pub status_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub evaluation_criteria: String,
    pub evaluation_criteria_html: String,
    pub notice_register: Option<String>,
    pub notice_id: Option<String>,
    pub notice_url: Option<String>,
    /// The evaluation's `CriteriaSet` as JSON, once defined.
    pub criteria_set: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct TranslationRow {
    pub challenge_id: i64,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub description_html: String,
}

/// A challenge with everything attached to it.
#[derive(Debug, Clone)]
pub struct ChallengeRecord {
    pub row: ChallengeRow,
    pub regions: Vec<OrgRow>,
    pub themes: Vec<String>,
    pub translations: Vec<TranslationRow>,
    /// The latest version number (0 while a draft has never been published).
    pub version: i64,
}

/// A new version of a published challenge, written together with the change itself.
pub struct VersionWrite<'a> {
    /// The whole content as JSON (`ChallengeInput`).
    pub content_json: String,
    /// Codes of the changed parts, comma-separated (empty for version 1).
    pub changed: String,
    pub reason: Option<&'a str>,
    pub user_id: Option<i64>,
}

/// What is written when a challenge is created or edited; the HTML and search keys are derived
/// by the caller from the input.
pub struct ChallengeWrite<'a> {
    pub input: &'a ChallengeInput,
    /// Status and publication time at insert (a draft for everything users create; seeding
    /// and benchmarks insert other phases directly). Ignored by `update`.
    pub initial_status: ChallengeStatus,
    pub initial_published_at: Option<i64>,
    pub description_html: String,
    pub criteria_html: String,
    /// Rendered descriptions of `input.translations`, in the same order.
    pub translation_html: Vec<String>,
    pub keys: Vec<(String, i32)>,
    pub now: i64,
}

const CHALLENGE_COLUMNS: &str = "id, status, content_lang, title, summary, description, description_html, trl_min, trl_max,
    model, budget_min_eur, budget_max_eur, questions_close_at, proposals_close_at, decision_target_at, published_at,
    contact_name, contact_email, status_reason, created_by, created_at, updated_at,
    evaluation_criteria, evaluation_criteria_html, notice_register, notice_id, notice_url, criteria_set";

fn ts(d: Option<chrono::DateTime<chrono::Utc>>) -> Option<i64> {
    d.map(|d| d.timestamp())
}

/// The procurement notice's register, id and link as stored (all three or none).
fn notice(i: &ChallengeInput) -> (Option<&'static str>, Option<&str>, Option<&str>) {
    match &i.procurement_notice {
        Some(n) => (
            Some(n.register.code()),
            Some(n.notice_id.trim()),
            Some(n.url.trim()),
        ),
        None => (None, None, None),
    }
}

/// Writes regions, themes, translations and search keys of challenge `$id` inside `$tx`.
macro_rules! write_children {
    ($tx:ident, $id:expr, $w:expr) => {
        for region in &$w.input.region_ids {
            sqlx::query("INSERT INTO challenge_regions (challenge_id, org_id) VALUES ($1, $2)")
                .bind($id).bind(*region).execute(&mut *$tx).await?;
        }
        for theme in &$w.input.themes {
            sqlx::query("INSERT INTO challenge_themes (challenge_id, theme) VALUES ($1, $2)")
                .bind($id).bind(theme.code()).execute(&mut *$tx).await?;
        }
        for (t, html) in $w.input.translations.iter().zip(&$w.translation_html) {
            sqlx::query("INSERT INTO challenge_translations (challenge_id, lang, title, summary, description, description_html)
                         VALUES ($1, $2, $3, $4, $5, $6)")
                .bind($id).bind(t.lang.code()).bind(t.title.trim()).bind(t.summary.trim()).bind(&t.description).bind(html)
                .execute(&mut *$tx).await?;
        }
        for chunk in $w.keys.chunks(200) {
            let mut sql = String::from("INSERT INTO challenge_search_keys (challenge_id, key, weight) VALUES ");
            for n in 0..chunk.len() {
                if n > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("($1, ${}, ${})", 2 * n + 2, 2 * n + 3));
            }
            let mut q = sqlx::query(AssertSqlSafe(&*sql)).bind($id);
            for (key, weight) in chunk {
                q = q.bind(key.as_str()).bind(*weight);
            }
            q.execute(&mut *$tx).await?;
        }
    };
}

const INSERT_SQL: &str = "INSERT INTO challenges (status, content_lang, title, summary, description, description_html, trl_min, trl_max,
                 model, budget_min_eur, budget_max_eur, questions_close_at, proposals_close_at, decision_target_at,
                 contact_name, contact_email, created_by, created_at, updated_at, published_at,
                 evaluation_criteria, evaluation_criteria_html, notice_register, notice_id, notice_url)
               VALUES ($18, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $19,
                 $20, $21, $22, $23, $24)
               RETURNING id";

/// Inserts a new challenge and returns its id.
pub async fn insert(
    db: &Db,
    w: &ChallengeWrite<'_>,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    Ok(insert_batch(db, std::slice::from_ref(w), created_by)
        .await?
        .first()
        .copied()
        .unwrap_or_default())
}

/// Inserts several challenges in one transaction (seeding, benchmarks); returns their ids in order.
pub async fn insert_batch(
    db: &Db,
    writes: &[ChallengeWrite<'_>],
    created_by: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    in_tx!(db, tx => {
        let mut ids = Vec::with_capacity(writes.len());
        for w in writes {
        let i = w.input;
        let id: i64 = sqlx::query_scalar(INSERT_SQL)
            .bind(i.content_lang.code()).bind(i.title.trim()).bind(i.summary.trim()).bind(&i.description)
            .bind(&w.description_html).bind(i32::from(i.trl_min)).bind(i32::from(i.trl_max)).bind(i.model.code())
            .bind(i.budget_min_eur).bind(i.budget_max_eur).bind(ts(i.questions_close_at)).bind(ts(i.proposals_close_at))
            .bind(ts(i.decision_target_at)).bind(i.contact_name.trim()).bind(i.contact_email.trim())
            .bind(created_by).bind(w.now).bind(w.initial_status.code()).bind(w.initial_published_at)
            .bind(i.evaluation_criteria.trim()).bind(&w.criteria_html)
            .bind(notice(i).0).bind(notice(i).1).bind(notice(i).2)
            .fetch_one(&mut *tx).await?;
        write_children!(tx, id, w);
        ids.push(id);
        }
        Ok::<Vec<i64>, sqlx::Error>(ids)
    })
}

/// Back-dates a challenge's creation and publication (demo and benchmark data only).
pub async fn set_timestamps(
    db: &Db,
    id: i64,
    created_at: i64,
    published_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    let sql =
        "UPDATE challenges SET created_at = $1, updated_at = $1, published_at = $2 WHERE id = $3";
    on_db!(db, pool => sqlx::query(sql).bind(created_at).bind(published_at).bind(id).execute(pool).await.map(|_| ()))
}

/// Inserts the next version of a challenge inside `$tx`; fails (and so rolls the transaction
/// back) if another writer took the same number first.
macro_rules! insert_version {
    ($tx:ident, $id:expr, $v:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO challenge_versions (challenge_id, number, content, changed, reason, created_by, created_at)
             SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6 FROM challenge_versions WHERE challenge_id = $1",
        )
        .bind($id).bind(&$v.content_json).bind(&$v.changed).bind($v.reason).bind($v.user_id).bind($now)
        .execute(&mut *$tx)
        .await?;
    };
}

/// Replaces a challenge's content (not its status), adding `version` to its change log when
/// given (every change of a published challenge). Only succeeds while the stored status is still
/// `expected_status` (so an edit cannot land on a challenge that was just published or
/// cancelled) and, for a versioned change, while its latest version is still `base_version` (two
/// coordinators cannot silently overwrite each other); returns whether it did.
pub async fn update(
    db: &Db,
    id: i64,
    expected_status: &str,
    w: &ChallengeWrite<'_>,
    version: Option<(&VersionWrite<'_>, i64)>,
) -> Result<bool, sqlx::Error> {
    let i = w.input;
    let sql = "UPDATE challenges SET content_lang = $1, title = $2, summary = $3, description = $4, description_html = $5,
                 trl_min = $6, trl_max = $7, model = $8, budget_min_eur = $9, budget_max_eur = $10,
                 questions_close_at = $11, proposals_close_at = $12, decision_target_at = $13,
                 contact_name = $14, contact_email = $15, updated_at = $16,
                 evaluation_criteria = $19, evaluation_criteria_html = $20,
                 notice_register = $21, notice_id = $22, notice_url = $23
               WHERE id = $17 AND status = $18";
    let (register, notice_id, notice_url) = notice(i);
    in_tx!(db, tx => {
        let updated = sqlx::query(sql)
            .bind(i.content_lang.code()).bind(i.title.trim()).bind(i.summary.trim()).bind(&i.description)
            .bind(&w.description_html).bind(i32::from(i.trl_min)).bind(i32::from(i.trl_max)).bind(i.model.code())
            .bind(i.budget_min_eur).bind(i.budget_max_eur).bind(ts(i.questions_close_at)).bind(ts(i.proposals_close_at))
            .bind(ts(i.decision_target_at)).bind(i.contact_name.trim()).bind(i.contact_email.trim())
            .bind(w.now).bind(id).bind(expected_status)
            .bind(i.evaluation_criteria.trim()).bind(&w.criteria_html)
            .bind(register).bind(notice_id).bind(notice_url)
            .execute(&mut *tx).await?
            .rows_affected();
        if updated != 1 {
            return Ok(false);
        }
        if let Some((v, base_version)) = version {
            let latest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) FROM challenge_versions WHERE challenge_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if latest != base_version {
                return Ok(false);
            }
            insert_version!(tx, id, v, w.now);
        }
        for table in ["challenge_regions", "challenge_themes", "challenge_translations", "challenge_search_keys"] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE challenge_id = $1"))).bind(id).execute(&mut *tx).await?;
        }
        write_children!(tx, id, w);
        Ok::<bool, sqlx::Error>(true)
    })
}

/// Stores a challenge's criteria set (JSON), adding `version` to its change log when given
/// (a published challenge). Lands only while the stored status is still `expected_status` and,
/// for a versioned change, the latest version is still the given base; returns whether it did.
pub async fn set_criteria_set(
    db: &Db,
    id: i64,
    expected_status: &str,
    criteria_set: &str,
    version: Option<(&VersionWrite<'_>, i64)>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql =
        "UPDATE challenges SET criteria_set = $1, updated_at = $2 WHERE id = $3 AND status = $4";
    in_tx!(db, tx => {
        let updated = sqlx::query(sql).bind(criteria_set).bind(now).bind(id).bind(expected_status)
            .execute(&mut *tx).await?.rows_affected();
        if updated != 1 {
            return Ok(false);
        }
        if let Some((v, base_version)) = version {
            let latest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) FROM challenge_versions WHERE challenge_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if latest != base_version {
                return Ok(false);
            }
            insert_version!(tx, id, v, now);
        }
        Ok::<bool, sqlx::Error>(true)
    })
}

/// A status change as `set_status` writes it.
pub struct StatusChange<'a> {
    /// The stored status the caller saw; the change only lands if it still is.
    pub from: &'a str,
    pub to: ChallengeStatus,
    pub reason: Option<&'a str>,
    pub now: i64,
    /// Written as version 1 when the challenge has no version yet (its first publication).
    pub first_version: Option<&'a VersionWrite<'a>>,
    /// The content the caller validated is still the content (no save landed in between).
    pub expected_updated_at: Option<i64>,
}

/// Moves a challenge to `c.to`, recording the reason. Publishing stamps `published_at` the first
/// time. Only succeeds if the stored status is still `c.from` (no lost updates between two
/// coordinators); returns whether it did.
pub async fn set_status(db: &Db, id: i64, c: &StatusChange<'_>) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE challenges SET status = $1, status_reason = $2, updated_at = $3,
                 published_at = CASE WHEN $1 = 'published' AND published_at IS NULL THEN $3 ELSE published_at END
               WHERE id = $4 AND status = $5 AND ($6 IS NULL OR updated_at = $6)";
    let (now, first_version) = (c.now, c.first_version);
    in_tx!(db, tx => {
        let changed = sqlx::query(sql).bind(c.to.code()).bind(c.reason).bind(now).bind(id).bind(c.from).bind(c.expected_updated_at)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if changed && let Some(v) = first_version {
            let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM challenge_versions WHERE challenge_id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            if versions == 0 {
                insert_version!(tx, id, v, now);
            }
        }
        Ok::<bool, sqlx::Error>(changed)
    })
}

/// Appends a version outside an edit (demo data published directly).
pub async fn add_version(
    db: &Db,
    id: i64,
    v: &VersionWrite<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    in_tx!(db, tx => {
        insert_version!(tx, id, v, now);
        Ok::<(), sqlx::Error>(())
    })
}

#[derive(Debug, Clone, FromRow)]
pub struct VersionRow {
    pub number: i64,
    pub content: String,
    pub changed: String,
    pub reason: Option<String>,
    pub created_at: i64,
}

/// The change log of a challenge, newest first (`content` left empty: see [`version`]).
pub async fn versions(db: &Db, id: i64) -> Result<Vec<VersionRow>, sqlx::Error> {
    let sql = "SELECT number, '' AS content, changed, reason, created_at FROM challenge_versions
               WHERE challenge_id = $1 ORDER BY number DESC";
    on_db!(db, pool => sqlx::query_as::<_, VersionRow>(sql).bind(id).fetch_all(pool).await)
}

/// One version of a challenge, with its content.
pub async fn version(db: &Db, id: i64, number: i64) -> Result<Option<VersionRow>, sqlx::Error> {
    let sql = "SELECT number, content, changed, reason, created_at FROM challenge_versions
               WHERE challenge_id = $1 AND number = $2";
    on_db!(db, pool => sqlx::query_as::<_, VersionRow>(sql).bind(id).bind(number).fetch_optional(pool).await)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<ChallengeRecord>, sqlx::Error> {
    let sql = format!("SELECT {CHALLENGE_COLUMNS} FROM challenges WHERE id = $1");
    let row = on_db!(db, pool => sqlx::query_as::<_, ChallengeRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let mut regions = regions_of(db, &[id]).await?;
    let mut themes = themes_of(db, &[id]).await?;
    let tsql = "SELECT challenge_id, lang, title, summary, description, description_html
                FROM challenge_translations WHERE challenge_id = $1 ORDER BY lang";
    let translations = on_db!(db, pool => sqlx::query_as::<_, TranslationRow>(tsql).bind(id).fetch_all(pool).await)?;
    let vsql = "SELECT COALESCE(MAX(number), 0) FROM challenge_versions WHERE challenge_id = $1";
    let version =
        on_db!(db, pool => sqlx::query_scalar::<_, i64>(vsql).bind(id).fetch_one(pool).await)?;
    Ok(Some(ChallengeRecord {
        row,
        regions: regions.remove(&id).unwrap_or_default(),
        themes: themes.remove(&id).unwrap_or_default(),
        translations,
        version,
    }))
}

/// Owning regions of each challenge in `ids`.
pub async fn regions_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<OrgRow>>, sqlx::Error> {
    #[derive(FromRow)]
    struct Pair {
        challenge_id: i64,
        #[sqlx(flatten)]
        org: OrgRow,
    }
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = id_list(ids);
    let sql = format!(
        "SELECT cr.challenge_id, o.id, o.kind, o.region_code, o.business_id, o.name_fi, o.name_sv, o.name_en, o.website
         FROM challenge_regions cr JOIN organisations o ON o.id = cr.org_id
         WHERE cr.challenge_id IN ({list}) ORDER BY o.name_fi"
    );
    let rows =
        on_db!(db, pool => sqlx::query_as::<_, Pair>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let mut out: HashMap<i64, Vec<OrgRow>> = HashMap::new();
    for p in rows {
        out.entry(p.challenge_id).or_default().push(p.org);
    }
    Ok(out)
}

/// Theme codes of each challenge in `ids`.
pub async fn themes_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT challenge_id, theme FROM challenge_themes WHERE challenge_id IN ({}) ORDER BY theme",
        id_list(ids)
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, theme) in rows {
        out.entry(id).or_default().push(theme);
    }
    Ok(out)
}

/// When each challenge in `ids` last changed.
pub async fn updated_at_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, updated_at FROM challenges WHERE id IN ({})",
        id_list(ids)
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    Ok(rows.into_iter().collect())
}

/// The reason recorded with each challenge's last status change (its outcome), if any.
pub async fn status_reasons(
    db: &Db,
    ids: &[i64],
) -> Result<HashMap<i64, Option<String>>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, status_reason FROM challenges WHERE id IN ({})",
        id_list(ids)
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, Option<String>)>(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    Ok(rows.into_iter().collect())
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Whether any challenge exists (demo seeding only fills an empty database).
pub async fn count_all(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM challenges").fetch_one(pool).await)
}
