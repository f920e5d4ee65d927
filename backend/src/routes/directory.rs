//! The public directory of organisations whose profile is public, with search and filters.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use kehto_shared::challenge::Theme;
use kehto_shared::page::{Page, PageMeta};
use kehto_shared::profile::{
    Capability, DirectoryEntry, DirectoryQuery, MedicalDeviceClass, OfferingCard, SizeClass,
};
use kehto_shared::{ApiError, ErrorCode};

use crate::db;
use crate::db::directory::DirectoryFilter;
use crate::db::orgs::OrgRow;
use crate::db::profiles::StoredProfile;
use crate::error::{AppResult, Json, Query};
use crate::routes::profiles::langs;
use crate::search;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/directory", get(list_directory))
}

/// The public card of an organisation: no contact details.
pub(crate) fn entry(org: &OrgRow, p: &StoredProfile) -> DirectoryEntry {
    let mut regions: Vec<String> = p
        .offerings
        .iter()
        .flat_map(|o| o.regions.iter().cloned())
        .collect();
    regions.sort();
    regions.dedup();
    let mut languages: Vec<_> = p
        .offerings
        .iter()
        .flat_map(|o| langs(&o.languages))
        .collect();
    languages.extend(langs(&p.languages));
    languages.sort();
    languages.dedup();
    DirectoryEntry {
        org: org.to_ref(),
        name: org.name_fi.clone(),
        summary: p.row.summary.clone(),
        size_class: p.row.size_class.as_deref().and_then(SizeClass::from_code),
        themes: p
            .themes
            .iter()
            .filter_map(|t| Theme::from_code(t))
            .collect(),
        capabilities: p
            .capabilities
            .iter()
            .filter_map(|c| Capability::from_code(c))
            .collect(),
        offerings: p
            .offerings
            .iter()
            .map(|o| OfferingCard {
                id: o.row.id,
                name: o.row.name.clone(),
                trl: u8::try_from(o.row.trl).unwrap_or(1),
                medical_device_class: MedicalDeviceClass::from_code(&o.row.medical_device_class)
                    .unwrap_or(MedicalDeviceClass::NotMedicalDevice),
            })
            .collect(),
        regions_served: regions,
        serves_all_finland: p.offerings.iter().any(|o| o.regions.is_empty()),
        languages,
    }
}

#[utoipa::path(get, path = "/api/v1/directory", tag = "organisations", params(DirectoryQuery),
    responses((status = 200, body = Page<DirectoryEntry>), (status = 422, body = ApiError)))]
pub async fn list_directory(
    State(state): State<AppState>,
    Query(q): Query<DirectoryQuery>,
) -> AppResult<Json<Page<DirectoryEntry>>> {
    q.validate()?;
    let per_page = q.per_page.unwrap_or(PageMeta::DEFAULT_PER_PAGE);
    let page = q.page.unwrap_or(1);
    let filter = DirectoryFilter {
        terms: q.q.as_deref().map(search::board_terms).unwrap_or_default(),
        theme: q.theme.map(|t| t.code().to_owned()),
        capability: q.capability.map(|c| c.code().to_owned()),
        region: q.region.clone().filter(|r| !r.is_empty()),
        size_class: q.size.map(|s| s.code().to_owned()),
        offering_lang: q.lang.map(|l| l.code().to_owned()),
        kind: q.kind.map(|k| k.code().to_owned()),
        limit: i64::from(per_page),
        offset: i64::from(page - 1) * i64::from(per_page),
    };
    let (ids, total) = db::directory::search(&state.db, &filter).await?;
    let orgs = db::orgs::refs_by_ids(&state.db, &ids).await?;
    let profiles = db::profiles::load_many(&state.db, &ids).await?;
    let items = ids
        .iter()
        .map(|id| {
            let org = orgs
                .iter()
                .find(|o| o.id == *id)
                .ok_or(ErrorCode::Internal)?;
            let p = profiles.get(id).ok_or(ErrorCode::Internal)?;
            Ok(entry(org, p))
        })
        .collect::<Result<Vec<_>, ErrorCode>>()?;
    Ok(Json(Page {
        items,
        meta: PageMeta {
            page,
            per_page,
            total: u64::try_from(total).unwrap_or(0),
        },
    }))
}
