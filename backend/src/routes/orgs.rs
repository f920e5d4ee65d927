//! Organisations and their members; the reference list of regions.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use kehto_shared::error::FieldCode;
use kehto_shared::org::{
    AddMemberRequest, ChangeRoleRequest, CreateOrgRequest, MemberView, OrgKind, OrgRef, OrgView,
    Role,
};
use kehto_shared::validate::normalise_email;
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::orgs::{MemberRow, NewOrg, OrgRow};
use crate::error::{AppError, AppResult, Json, Path};
use crate::routes::accounts::audit;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/regions", get(list_regions))
        .route("/organisations", post(create_organisation))
        .route("/organisations/{id}", get(get_organisation))
        .route("/organisations/lookup", get(lookup_organisation))
        .route(
            "/organisations/{id}/members",
            get(list_members).post(add_member),
        )
        .route(
            "/organisations/{id}/members/{user_id}",
            put(change_member_role).delete(remove_member),
        )
}

/// `?business_id=` of [`lookup_organisation`].
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct LookupQuery {
    pub business_id: String,
}

/// A company or research organisation by its business ID (public in the Finnish trade
/// register), so that a proposal's lead can invite a partner without a public profile.
#[utoipa::path(get, path = "/api/v1/organisations/lookup", tag = "organisations", params(LookupQuery),
    responses((status = 200, body = OrgRef), (status = 401, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn lookup_organisation(
    State(state): State<AppState>,
    _user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<LookupQuery>,
) -> AppResult<Json<OrgRef>> {
    let id = kehto_shared::business_id::BusinessId::parse(&q.business_id)
        .ok_or_else(|| AppError::field("business_id", FieldCode::InvalidBusinessId))?;
    let org = db::orgs::find_by_business_id(&state.db, id.as_str())
        .await?
        .filter(|o| matches!(o.kind(), OrgKind::Company | OrgKind::Research))
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(org.to_ref()))
}

#[utoipa::path(get, path = "/api/v1/regions", tag = "organisations", responses((status = 200, body = Vec<OrgRef>)))]
pub async fn list_regions(State(state): State<AppState>) -> AppResult<Json<Vec<OrgRef>>> {
    let rows = db::orgs::list_regions(&state.db).await?;
    Ok(Json(rows.iter().map(OrgRow::to_ref).collect()))
}

#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations", request_body = CreateOrgRequest,
    responses((status = 201, body = OrgView), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(req): Json<CreateOrgRequest>,
) -> AppResult<(StatusCode, Json<OrgView>)> {
    if !allows(Some(&user.actor), Action::CreateOrganisation) {
        return Err(ErrorCode::Forbidden.into());
    }
    let business_id = req.validate()?;
    let website = req
        .website
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty());
    let new = NewOrg {
        kind: req.kind,
        name: req.name.trim(),
        business_id: business_id.as_str(),
        website,
        now: state.now_ts(),
    };
    let id = db::orgs::create_with_owner(&state.db, &new, user.user.id, Role::CompanyOwner.code())
        .await?
        .ok_or(ErrorCode::BusinessIdTaken)?;
    audit(
        &state,
        Some(user.user.id),
        "organisation.created",
        "organisation",
        Some(id),
        business_id.to_string(),
        &ip,
    )
    .await?;
    let org = db::orgs::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((StatusCode::CREATED, Json(org.to_view())))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    responses((status = 200, body = OrgView), (status = 404, body = ApiError)))]
pub async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<OrgView>> {
    let org = db::orgs::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(org.to_view()))
}

fn member_view(m: MemberRow) -> Option<MemberView> {
    Some(MemberView {
        user_id: m.user_id,
        display_name: m.display_name,
        email: m.email,
        role: Role::from_code(&m.role)?,
    })
}

/// Companies and research organisations must always keep an owner; regions have none.
fn owner_guard(org: &OrgRow) -> Option<&'static str> {
    (org.kind() != kehto_shared::org::OrgKind::Region).then_some(Role::CompanyOwner.code())
}

async fn org_or_404(state: &AppState, id: i64) -> AppResult<OrgRow> {
    Ok(db::orgs::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?)
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/members", tag = "organisations",
    responses((status = 200, body = Vec<MemberView>), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<MemberView>>> {
    org_or_404(&state, id).await?;
    if !allows(Some(&user.actor), Action::ViewMembers { org_id: id }) {
        return Err(ErrorCode::Forbidden.into());
    }
    let members = db::orgs::members(&state.db, id).await?;
    Ok(Json(members.into_iter().filter_map(member_view).collect()))
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/members", tag = "organisations", request_body = AddMemberRequest,
    responses((status = 201, body = MemberView), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AddMemberRequest>,
) -> AppResult<(StatusCode, Json<MemberView>)> {
    let org = org_or_404(&state, id).await?;
    if !allows(
        Some(&user.actor),
        Action::ManageMembers {
            org_id: id,
            kind: org.kind(),
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let mut c = kehto_shared::validate::Checker::new();
    c.email("email", &req.email);
    if !req.role.fits(org.kind()) {
        c.push(kehto_shared::FieldError::new(
            "role",
            FieldCode::InvalidChoice,
        ));
    }
    c.finish()?;
    let member = db::users::find_by_email(&state.db, &normalise_email(&req.email))
        .await?
        .ok_or_else(|| AppError::field("email", FieldCode::NoSuchAccount))?;
    // An address nobody has proven to own cannot be given a role (no pre-registered hijacks).
    if member.email_verified_at.is_none() {
        return Err(AppError::field("email", FieldCode::NoSuchAccount));
    }
    if !db::orgs::add_member(&state.db, id, member.id, req.role.code(), state.now_ts()).await? {
        return Err(ErrorCode::AlreadyMember.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "membership.added",
        "organisation",
        Some(id),
        format!("user={} role={}", member.id, req.role.code()),
        &ip,
    )
    .await?;
    let view = MemberView {
        user_id: member.id,
        display_name: member.display_name,
        email: member.email,
        role: req.role,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations", request_body = ChangeRoleRequest,
    responses((status = 200, body = MemberView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn change_member_role(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, member_id)): Path<(i64, i64)>,
    Json(req): Json<ChangeRoleRequest>,
) -> AppResult<Json<MemberView>> {
    let org = org_or_404(&state, id).await?;
    if !allows(
        Some(&user.actor),
        Action::ManageMembers {
            org_id: id,
            kind: org.kind(),
        },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    if !req.role.fits(org.kind()) {
        return Err(AppError::field("role", FieldCode::InvalidChoice));
    }
    db::orgs::member_role(&state.db, id, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    if !db::orgs::change_role(&state.db, id, member_id, req.role.code(), owner_guard(&org)).await? {
        return Err(ErrorCode::Conflict.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "membership.role_changed",
        "organisation",
        Some(id),
        format!("user={member_id} role={}", req.role.code()),
        &ip,
    )
    .await?;
    let member = db::users::find_by_id(&state.db, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(MemberView {
        user_id: member.id,
        display_name: member.display_name,
        email: member.email,
        role: req.role,
    }))
}

#[utoipa::path(delete, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "organisations",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, member_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let org = org_or_404(&state, id).await?;
    let action = if member_id == user.user.id {
        Action::LeaveOrganisation { org_id: id }
    } else {
        Action::ManageMembers {
            org_id: id,
            kind: org.kind(),
        }
    };
    if !allows(Some(&user.actor), action) {
        return Err(ErrorCode::Forbidden.into());
    }
    db::orgs::member_role(&state.db, id, member_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    if !db::orgs::remove_member(&state.db, id, member_id, owner_guard(&org)).await? {
        return Err(ErrorCode::Conflict.into());
    }
    audit(
        &state,
        Some(user.user.id),
        "membership.removed",
        "organisation",
        Some(id),
        format!("user={member_id}"),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
