//! A proposal's attachments (uploaded as the raw request body, type checked from the content,
//! stored under a random key, served only as downloads) and its consortium partners.

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use kehto_shared::error::FieldCode;
use kehto_shared::org::OrgKind;
use kehto_shared::proposals::{
    ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX, ATTACHMENTS_TOTAL_MAX_BYTES, AttachmentMarking,
    AttachmentView, FILE_NAME_MAX, InvitePartnerRequest, PartnerAnswerRequest,
};
use kehto_shared::{ApiError, ErrorCode};
use serde::Deserialize;

use crate::auth::policy::Action;
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::proposals::NewAttachment;
use crate::error::{AppError, AppResult, Json, Path};
use crate::receipts::sha256_hex;
use crate::routes::proposal_access::{
    attachment_view, current_receipt, decide, load, manifest, may_edit, may_lead,
};
use crate::state::AppState;
use crate::uploads::{attachment_disposition, recognise, safe_file_name};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{id}/attachments", post(upload_attachment))
        .route(
            "/proposals/{id}/attachments/{attachment_id}",
            get(download_attachment)
                .put(mark_attachment)
                .delete(remove_attachment),
        )
        .route("/proposals/{id}/partners", post(invite_partner))
        .route(
            "/proposals/{id}/partners/{org_id}",
            put(answer_partner).delete(remove_partner),
        )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// The file's name on the uploader's computer (shown, never used as a path).
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/attachments", tag = "proposals", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file's bytes"),
    responses((status = 201, body = AttachmentView), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 413, body = ApiError), (status = 415, body = ApiError)))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<(StatusCode, Json<AttachmentView>)> {
    let l = load(&state, id).await?;
    may_edit(&state, &l, Some(&user.actor), &ip, ("upload", None)).await?;
    let limit = usize::try_from(ATTACHMENT_MAX_BYTES).unwrap_or(usize::MAX);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > ATTACHMENT_MAX_BYTES) {
        return Err(ErrorCode::PayloadTooLarge.into());
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| AppError::Code(ErrorCode::PayloadTooLarge))?;
    if bytes.is_empty() {
        return Err(AppError::field("file", FieldCode::Required));
    }
    let kind = recognise(&bytes).ok_or(ErrorCode::UnsupportedMediaType)?;
    let file_name = safe_file_name(&q.name, kind, FILE_NAME_MAX);
    let key = crate::storage::new_key();
    state
        .storage
        .put(&key, &bytes)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let sha256 = sha256_hex(&bytes);
    let new = NewAttachment {
        proposal_id: id,
        storage_key: &key,
        file_name: &file_name,
        content_type: kind.content_type(),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: &sha256,
        user_id: user.user.id,
        now: state.now_ts(),
    };
    let attachment_id = db::proposals::add_attachment(
        &state.db,
        &new,
        ATTACHMENTS_MAX as i64,
        i64::try_from(ATTACHMENTS_TOTAL_MAX_BYTES).unwrap_or(i64::MAX),
    )
    .await?
    .ok_or(ErrorCode::LimitReached)?;
    let row = db::proposals::attachment(&state.db, id, attachment_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((StatusCode::CREATED, Json(attachment_view(&row))))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/attachments/{attachment_id}", tag = "proposals",
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let l = load(&state, id).await?;
    let receipts = db::proposals::receipts(&state.db, id).await?;
    let current = current_receipt(&receipts);
    decide(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("download", Some(attachment_id)),
        Action::ReadProposal {
            p: l.facts(),
            sealed: l.sealed(),
            submitted: current.is_some(),
        },
    )
    .await?;
    let own = matches!(l.facts().relation(Some(&user.actor)), "lead" | "partner");
    let row = db::proposals::attachment(&state.db, id, attachment_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    // The region downloads only what the version that counts lists.
    if !own {
        let listed = match current {
            Some(r) => manifest(r)?
                .iter()
                .any(|m| m.attachment_id == attachment_id),
            None => false,
        };
        if !listed {
            return Err(ErrorCode::NotFound.into());
        }
    }
    let bytes = state
        .storage
        .get(&row.storage_key)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    let value = |s: &str| HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static(""));
    h.insert(header::CONTENT_TYPE, value(&row.content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        value(&attachment_disposition(&row.file_name)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    Ok(response)
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/attachments/{attachment_id}", tag = "proposals", request_body = AttachmentMarking,
    responses((status = 200, body = AttachmentView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn mark_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, attachment_id)): Path<(i64, i64)>,
    Json(req): Json<AttachmentMarking>,
) -> AppResult<Json<AttachmentView>> {
    let l = load(&state, id).await?;
    may_edit(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("edit", Some(attachment_id)),
    )
    .await?;
    req.validate()?;
    let reason = req
        .confidential_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty() && req.confidential);
    if !db::proposals::mark_attachment(&state.db, id, attachment_id, req.confidential, reason)
        .await?
    {
        return Err(ErrorCode::NotFound.into());
    }
    let row = db::proposals::attachment(&state.db, id, attachment_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(attachment_view(&row)))
}

#[utoipa::path(delete, path = "/api/v1/proposals/{id}/attachments/{attachment_id}", tag = "proposals",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    may_edit(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("edit", Some(attachment_id)),
    )
    .await?;
    if !db::proposals::remove_attachment(&state.db, id, attachment_id, state.now_ts()).await? {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/partners", tag = "proposals", request_body = InvitePartnerRequest,
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn invite_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<InvitePartnerRequest>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    let open = l.drafting_open();
    may_lead(&state, &l, Some(&user.actor), &ip, ("partners", None), open).await?;
    let org = db::orgs::find(&state.db, req.org_id)
        .await?
        .filter(|o| matches!(o.kind(), OrgKind::Company | OrgKind::Research))
        .filter(|o| o.id != l.row.lead_org)
        .ok_or_else(|| AppError::field("org_id", FieldCode::InvalidChoice))?;
    if !db::proposals::invite_partner(&state.db, id, org.id, user.user.id, state.now_ts()).await? {
        return Err(ErrorCode::Conflict.into());
    }
    crate::routes::accounts::audit(
        &state,
        Some(user.user.id),
        "proposal.partner_invited",
        "proposal",
        Some(id),
        format!("org={}", org.id),
        &ip,
    )
    .await?;
    mail_invited_partner(&state, &l, org.id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Tells the invited organisation's members, each in their language. Failures are logged: the
/// invitation stands and shows in their "my proposals".
async fn mail_invited_partner(
    state: &AppState,
    l: &crate::routes::proposal_access::Loaded,
    org_id: i64,
) {
    let result: AppResult<()> = async {
        let members = db::orgs::members(&state.db, org_id).await?;
        let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        let lead = db::orgs::find(&state.db, l.row.lead_org)
            .await?
            .ok_or(ErrorCode::Internal)?;
        // The invited organisation cannot open the proposal before it accepts: "my proposals"
        // is where it answers.
        let link = state.settings.link("/my/proposals#my-invitations");
        for r in db::notifications::recipients(&state.db, &ids).await? {
            let lang = kehto_shared::Lang::from_code(&r.lang).unwrap_or(kehto_shared::Lang::Fi);
            let mail = crate::mail::proposal_templates::partner_invitation(
                lang,
                (&r.email, &r.display_name),
                lead.to_ref().name(lang),
                &l.rec.row.title,
                &link,
            );
            db::mail_queue::enqueue(&state.db, &mail, state.now_ts()).await?;
        }
        crate::jobs::kick_mail(state);
        Ok(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = ?e, "partner invitation mail not queued");
    }
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/partners/{org_id}", tag = "proposals", request_body = PartnerAnswerRequest,
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn answer_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, org_id)): Path<(i64, i64)>,
    Json(req): Json<PartnerAnswerRequest>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    let invited = l.partners.iter().any(|p| p.org_id == org_id);
    // Only a member of the invited organisation answers; to anyone else the invitation does
    // not exist.
    if !invited || user.actor.role_in(org_id).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    if !l.drafting_open() {
        return Err(ErrorCode::ProposalsClosed.into());
    }
    if !db::proposals::answer_partner(&state.db, id, org_id, req.accept, state.now_ts()).await? {
        return Err(ErrorCode::Conflict.into());
    }
    crate::routes::accounts::audit(
        &state,
        Some(user.user.id),
        if req.accept {
            "proposal.partner_accepted"
        } else {
            "proposal.partner_declined"
        },
        "proposal",
        Some(id),
        format!("org={org_id}"),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/proposals/{id}/partners/{org_id}", tag = "proposals",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, org_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    let open = l.drafting_open();
    may_lead(&state, &l, Some(&user.actor), &ip, ("partners", None), open).await?;
    if !db::proposals::remove_partner(&state.db, id, org_id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}
