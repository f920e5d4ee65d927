//! Organisations and memberships.

use kehto_shared::org::{OrgKind, OrgRef, OrgView};
use kehto_shared::regions::REGIONS;
use sqlx::{AssertSqlSafe, FromRow};

use crate::{in_tx, on_db};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct OrgRow {
    pub id: i64,
    pub kind: String,
    pub region_code: Option<String>,
    pub business_id: Option<String>,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub website: Option<String>,
}

impl OrgRow {
    pub fn kind(&self) -> OrgKind {
        OrgKind::from_code(&self.kind).unwrap_or(OrgKind::Company)
    }
    pub fn to_ref(&self) -> OrgRef {
        OrgRef {
            id: self.id,
            kind: self.kind(),
            region_code: self.region_code.clone(),
            name_fi: self.name_fi.clone(),
            name_sv: self.name_sv.clone(),
            name_en: self.name_en.clone(),
        }
    }
    pub fn to_view(&self) -> OrgView {
        OrgView {
            org: self.to_ref(),
            business_id: self.business_id.clone(),
            website: self.website.clone(),
        }
    }
}

const ORG_COLUMNS: &str = "id, kind, region_code, business_id, name_fi, name_sv, name_en, website";

/// Inserts or refreshes the reference regions (idempotent; run at every start).
pub async fn ensure_regions(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO organisations (kind, region_code, name_fi, name_sv, name_en, created_at)
               VALUES ('region', $1, $2, $3, $4, $5)
               ON CONFLICT (region_code) DO UPDATE SET name_fi = excluded.name_fi, name_sv = excluded.name_sv, name_en = excluded.name_en";
    in_tx!(db, tx => {
        for r in REGIONS {
            sqlx::query(sql).bind(r.code).bind(r.name_fi).bind(r.name_sv).bind(r.name_en).bind(now)
                .execute(&mut *tx).await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

pub async fn list_regions(db: &Db) -> Result<Vec<OrgRow>, sqlx::Error> {
    let sql =
        format!("SELECT {ORG_COLUMNS} FROM organisations WHERE kind = 'region' ORDER BY name_fi");
    on_db!(db, pool => sqlx::query_as::<_, OrgRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<OrgRow>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, OrgRow>(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)
}

pub async fn find_region_by_code(db: &Db, code: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE region_code = $1");
    on_db!(db, pool => sqlx::query_as::<_, OrgRow>(AssertSqlSafe(&*sql)).bind(code).fetch_optional(pool).await)
}

pub async fn find_by_business_id(
    db: &Db,
    business_id: &str,
) -> Result<Option<OrgRow>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE business_id = $1");
    on_db!(db, pool => sqlx::query_as::<_, OrgRow>(AssertSqlSafe(&*sql)).bind(business_id).fetch_optional(pool).await)
}

pub struct NewOrg<'a> {
    pub kind: OrgKind,
    pub name: &'a str,
    pub business_id: &'a str,
    pub website: Option<&'a str>,
    pub now: i64,
}

/// Creates a company or research organisation with `owner_id` as its owner, in one
/// transaction. `Ok(None)` when the business ID is already registered.
pub async fn create_with_owner(
    db: &Db,
    org: &NewOrg<'_>,
    owner_id: i64,
    owner_role: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let insert = "INSERT INTO organisations (kind, business_id, name_fi, name_sv, name_en, website, created_at)
                  VALUES ($1, $2, $3, $3, $3, $4, $5) ON CONFLICT (business_id) DO NOTHING RETURNING id";
    let member =
        "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)";
    in_tx!(db, tx => {
        let id: Option<i64> = sqlx::query_scalar(insert)
            .bind(org.kind.code()).bind(org.business_id).bind(org.name).bind(org.website).bind(org.now)
            .fetch_optional(&mut *tx).await?;
        if let Some(id) = id {
            sqlx::query(member).bind(owner_id).bind(id).bind(owner_role).bind(org.now).execute(&mut *tx).await?;
        }
        Ok::<Option<i64>, sqlx::Error>(id)
    })
}

/// Inserts an organisation without members (demo seeding); `Ok(None)` if the business ID exists.
pub async fn insert_org(db: &Db, org: &NewOrg<'_>) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO organisations (kind, business_id, name_fi, name_sv, name_en, website, created_at)
               VALUES ($1, $2, $3, $3, $3, $4, $5) ON CONFLICT (business_id) DO NOTHING RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(org.kind.code()).bind(org.business_id).bind(org.name).bind(org.website).bind(org.now)
        .fetch_optional(pool).await)
}

/// Inserts many organisations without members in one transaction (benchmarks); the ids in order,
/// `None` where the business ID already existed.
pub async fn insert_orgs(db: &Db, orgs: &[NewOrg<'_>]) -> Result<Vec<Option<i64>>, sqlx::Error> {
    let sql = "INSERT INTO organisations (kind, business_id, name_fi, name_sv, name_en, website, created_at)
               VALUES ($1, $2, $3, $3, $3, $4, $5) ON CONFLICT (business_id) DO NOTHING RETURNING id";
    in_tx!(db, tx => {
        let mut ids = Vec::with_capacity(orgs.len());
        for org in orgs {
            ids.push(sqlx::query_scalar::<_, i64>(sql)
                .bind(org.kind.code()).bind(org.business_id).bind(org.name).bind(org.website).bind(org.now)
                .fetch_optional(&mut *tx).await?);
        }
        Ok::<Vec<Option<i64>>, sqlx::Error>(ids)
    })
}

#[derive(Debug, Clone, FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: String,
}

pub async fn members(db: &Db, org_id: i64) -> Result<Vec<MemberRow>, sqlx::Error> {
    let sql = "SELECT u.id AS user_id, u.display_name, u.email, m.role
               FROM memberships m JOIN users u ON u.id = m.user_id
               WHERE m.org_id = $1 ORDER BY u.display_name, u.id";
    on_db!(db, pool => sqlx::query_as::<_, MemberRow>(sql).bind(org_id).fetch_all(pool).await)
}

pub async fn member_role(
    db: &Db,
    org_id: i64,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2";
    on_db!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(org_id).bind(user_id).fetch_optional(pool).await)
}

/// Adds a membership; `Ok(false)` if the user already belongs to the organisation.
pub async fn add_member(
    db: &Db,
    org_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, org_id) DO NOTHING";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(org_id).bind(role).bind(now).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Changes a member's role. With `owner_role`, refuses (`Ok(false)`, nothing changed) when that
/// would leave the organisation without an owner.
pub async fn change_role(
    db: &Db,
    org_id: i64,
    user_id: i64,
    role: &str,
    owner_role: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let update = "UPDATE memberships SET role = $1 WHERE org_id = $2 AND user_id = $3";
    in_tx!(db, tx => {
        // Lock the organisation first: concurrent changes to its members wait here, so two
        // owners cannot demote or remove each other at once (PostgreSQL's READ COMMITTED would
        // otherwise let both see the other still in place).
        sqlx::query("UPDATE organisations SET id = id WHERE id = $1").bind(org_id).execute(&mut *tx).await?;
        sqlx::query(update).bind(role).bind(org_id).bind(user_id).execute(&mut *tx).await?;
        if let Some(owner_role) = owner_role {
            let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = $2")
                .bind(org_id).bind(owner_role).fetch_one(&mut *tx).await?;
            if owners == 0 {
                return Ok(false);
            }
        }
        Ok::<bool, sqlx::Error>(true)
    })
}

/// Removes a membership. With `owner_role`, refuses (`Ok(false)`, nothing changed) to remove
/// the last owner: an organisation always keeps someone who can act for it.
pub async fn remove_member(
    db: &Db,
    org_id: i64,
    user_id: i64,
    owner_role: Option<&str>,
) -> Result<bool, sqlx::Error> {
    in_tx!(db, tx => {
        // Lock the organisation first: concurrent changes to its members wait here, so two
        // owners cannot demote or remove each other at once (PostgreSQL's READ COMMITTED would
        // otherwise let both see the other still in place).
        sqlx::query("UPDATE organisations SET id = id WHERE id = $1").bind(org_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
            .bind(org_id).bind(user_id).execute(&mut *tx).await?;
        if let Some(owner_role) = owner_role {
            let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = $2")
                .bind(org_id).bind(owner_role).fetch_one(&mut *tx).await?;
            if owners == 0 {
                return Ok(false);
            }
        }
        Ok::<bool, sqlx::Error>(true)
    })
}

/// Organisations by id, for embedding in other views.
pub async fn refs_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<OrgRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id IN ({list})");
    on_db!(db, pool => sqlx::query_as::<_, OrgRow>(AssertSqlSafe(&*sql)).fetch_all(pool).await)
}

/// Sets a region role directly (operators' `create-admin`/demo seeding; no owner rule).
pub async fn set_membership(
    db: &Db,
    org_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, org_id) DO UPDATE SET role = excluded.role";
    on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(org_id).bind(role).bind(now).execute(pool).await.map(|_| ()))
}
