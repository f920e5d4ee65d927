//! Organisation profiles: reading one (members see everything, others a public profile without
//! its private fields) and saving it (members, owners and administrators).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use kehto_shared::challenge::Theme;
use kehto_shared::error::FieldCode;
use kehto_shared::org::OrgKind;
use kehto_shared::profile::{
    Capability, MedicalDeviceClass, OfferingView, OrgProfileInput, OrgProfileView, SizeClass,
    SolutionOffering,
};
use kehto_shared::{ApiError, ErrorCode, Lang};

use crate::auth::policy::{Action, Actor, allows};
use crate::auth::session::{ClientIp, CurrentUser, MaybeUser};
use crate::db;
use crate::db::orgs::OrgRow;
use crate::db::profiles::{ProfileWrite, StoredOffering, StoredProfile};
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::accounts::audit;
use crate::routes::challenge_view::to_time;
use crate::search::{ProfileTexts, profile_keys};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organisations/{id}/profile",
        get(get_profile).put(update_profile),
    )
}

/// A company or research organisation (regions have no profile), or 404.
pub(crate) async fn profiled_org(state: &AppState, id: i64) -> AppResult<OrgRow> {
    let org = db::orgs::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    if org.kind() == OrgKind::Region {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(org)
}

fn codes<T>(codes: &[String], parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    codes.iter().filter_map(|c| parse(c)).collect()
}

pub(crate) fn langs(codes: &[String]) -> Vec<Lang> {
    codes.iter().filter_map(|c| Lang::from_code(c)).collect()
}

pub(crate) fn offering_view(o: &StoredOffering) -> OfferingView {
    OfferingView {
        offering: SolutionOffering {
            id: Some(o.row.id),
            name: o.row.name.clone(),
            description: o.row.description.clone(),
            trl: u8::try_from(o.row.trl).unwrap_or(1),
            medical_device_class: MedicalDeviceClass::from_code(&o.row.medical_device_class)
                .unwrap_or(MedicalDeviceClass::NotMedicalDevice),
            ce_marked: o.row.ce_marked,
            references: o.row.reference_text.clone(),
            languages: langs(&o.languages),
            regions_served: o.regions.clone(),
        },
        description_html: o.row.description_html.clone(),
    }
}

/// A stored profile as the editor would send it back (benchmarks edit profiles this way).
pub(crate) fn stored_input(org: &OrgRow, stored: &StoredProfile) -> OrgProfileInput {
    let p = &stored.row;
    OrgProfileInput {
        size_class: p.size_class.as_deref().and_then(SizeClass::from_code),
        summary: p.summary.clone(),
        description: p.description.clone(),
        themes: codes(&stored.themes, Theme::from_code),
        capabilities: codes(&stored.capabilities, Capability::from_code),
        offerings: stored
            .offerings
            .iter()
            .map(|o| offering_view(o).offering)
            .collect(),
        contact_name: p.contact_name.clone(),
        contact_email: p.contact_email.clone(),
        contact_phone: p.contact_phone.clone(),
        website: org.website.clone(),
        languages: langs(&stored.languages),
        public: p.is_public,
    }
}

/// The profile as `viewer` may see it; `stored` is `None` for a profile never saved (shown to
/// members as empty).
fn profile_view(
    org: &OrgRow,
    stored: Option<&StoredProfile>,
    viewer: Option<&Actor>,
) -> OrgProfileView {
    let sees_contact = allows(viewer, Action::ViewProfileContact { org_id: org.id });
    let private = |v: Option<String>| v.filter(|_| sees_contact);
    let p = stored.map(|s| &s.row);
    OrgProfileView {
        org: org.to_ref(),
        name: org.name_fi.clone(),
        business_id: org.business_id.clone(),
        website: org.website.clone(),
        size_class: p.and_then(|p| p.size_class.as_deref().and_then(SizeClass::from_code)),
        summary: p.map(|p| p.summary.clone()).unwrap_or_default(),
        description: p.map(|p| p.description.clone()).unwrap_or_default(),
        description_html: p.map(|p| p.description_html.clone()).unwrap_or_default(),
        themes: stored
            .map(|s| codes(&s.themes, Theme::from_code))
            .unwrap_or_default(),
        capabilities: stored
            .map(|s| codes(&s.capabilities, Capability::from_code))
            .unwrap_or_default(),
        offerings: stored
            .map(|s| s.offerings.iter().map(offering_view).collect())
            .unwrap_or_default(),
        contact_name: p.map(|p| p.contact_name.clone()).unwrap_or_default(),
        contact_email: private(p.map(|p| p.contact_email.clone())),
        contact_phone: private(p.and_then(|p| p.contact_phone.clone())),
        languages: stored.map(|s| langs(&s.languages)).unwrap_or_default(),
        public: p.is_some_and(|p| p.is_public),
        updated_at: p.map(|p| to_time(p.updated_at)),
        can_edit: allows(
            viewer,
            Action::EditOrgProfile {
                org_id: org.id,
                kind: org.kind(),
            },
        ),
        can_manage_members: allows(
            viewer,
            Action::ManageMembers {
                org_id: org.id,
                kind: org.kind(),
            },
        ),
    }
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/profile", tag = "organisations",
    responses((status = 200, body = OrgProfileView), (status = 404, body = ApiError)))]
pub async fn get_profile(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Json<OrgProfileView>> {
    let org = profiled_org(&state, id).await?;
    let stored = db::profiles::load(&state.db, id).await?;
    let public = stored.as_ref().is_some_and(|s| s.row.is_public);
    // A profile that is not public does not exist for outsiders.
    if !allows(
        viewer.actor(),
        Action::ViewOrgProfile { org_id: id, public },
    ) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(Json(profile_view(&org, stored.as_ref(), viewer.actor())))
}

/// Trims every text, drops empty optional ones and lower-cases the contact address.
fn normalised(mut p: OrgProfileInput) -> OrgProfileInput {
    let trim = |s: &mut String| *s = s.trim().to_owned();
    let trim_opt = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    trim(&mut p.summary);
    trim(&mut p.description);
    trim(&mut p.contact_name);
    p.contact_email = kehto_shared::validate::normalise_email(&p.contact_email);
    p.contact_phone = trim_opt(p.contact_phone);
    p.website = trim_opt(p.website);
    for o in &mut p.offerings {
        trim(&mut o.name);
        trim(&mut o.description);
        trim(&mut o.references);
    }
    p
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}/profile", tag = "organisations", request_body = OrgProfileInput,
    responses((status = 200, body = OrgProfileView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<OrgProfileInput>,
) -> AppResult<Json<OrgProfileView>> {
    let org = profiled_org(&state, id).await?;
    let action = Action::EditOrgProfile {
        org_id: id,
        kind: org.kind(),
    };
    if !allows(Some(&user.actor), action) {
        return Err(ErrorCode::Forbidden.into());
    }
    let input = normalised(input);
    input.validate()?;
    let write = ProfileWrite {
        org_id: id,
        input: &input,
        description_html: crate::markdown::render(&input.description),
        offering_html: input
            .offerings
            .iter()
            .map(|o| crate::markdown::render(&o.description))
            .collect(),
        keys: profile_keys(&ProfileTexts {
            name: &org.name_fi,
            input: &input,
        }),
        user_id: Some(user.user.id),
        now: state.now_ts(),
    };
    if let Some(i) = db::profiles::save(&state.db, &write).await? {
        return Err(AppError::field(
            &format!("offerings[{i}].id"),
            FieldCode::InvalidChoice,
        ));
    }
    crate::matchmaking::profile_changed(&state, id).await;
    audit(
        &state,
        Some(user.user.id),
        "profile.updated",
        "organisation",
        Some(id),
        format!(
            "public={} offerings={}",
            input.public,
            input.offerings.len()
        ),
        &ip,
    )
    .await?;
    let org = profiled_org(&state, id).await?;
    let stored = db::profiles::load(&state.db, id).await?;
    Ok(Json(profile_view(&org, stored.as_ref(), Some(&user.actor))))
}
