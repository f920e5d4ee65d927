//! Proposals: starting one, autosaving the draft, submitting (with a receipt), withdrawing,
//! and what the region sees — only the count until the deadline. Attachments and partners are
//! in `proposal_files.rs`; access decisions and views in `proposal_access.rs`.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use kehto_shared::proposals::{
    ChallengeProposals, DraftSaved, ProposalContent, ProposalSummary, ProposalView, Receipt,
    ReceiptVerification, SaveDraftRequest, StartProposalRequest,
};
use kehto_shared::{ApiError, ErrorCode};

use crate::auth::policy::{Action, ProposalFacts, allows};
use crate::auth::session::{ClientIp, CurrentUser};
use crate::db;
use crate::db::proposals::NewReceipt;
use crate::error::{AppError, AppResult, Json, Path};
use crate::receipts::ManifestEntry;
use crate::routes::challenge_view::{opt_time, region_ids, to_time};
use crate::routes::challenges::visible;
use crate::routes::dialogue::{choose_org, company_orgs};
use crate::routes::proposal_access::{
    current_receipt, decide, load, manifest, may_edit, may_lead, partner_state, receipt_view, view,
};
use crate::state::AppState;

/// Largest draft body: every section at its longest, written in any script and escaped as JSON.
pub const DRAFT_MAX_BYTES: usize = 8 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/challenges/{id}/proposals",
            get(challenge_proposals).post(start_proposal),
        )
        .route("/me/proposals", get(my_proposals))
        .route("/proposals/{id}", get(get_proposal))
        .route(
            "/proposals/{id}/draft",
            put(save_draft).layer(DefaultBodyLimit::max(DRAFT_MAX_BYTES)),
        )
        .route("/proposals/{id}/submit", post(submit_proposal))
        .route("/proposals/{id}/withdraw", post(withdraw_proposal))
        .route("/proposals/{id}/receipts/{receipt_id}", get(get_receipt))
        .route(
            "/proposals/{id}/receipts/{receipt_id}/verify",
            get(verify_receipt),
        )
}

#[utoipa::path(post, path = "/api/v1/challenges/{id}/proposals", tag = "proposals", request_body = StartProposalRequest,
    responses((status = 201, body = ProposalView), (status = 200, body = ProposalView, description = "the organisation's existing proposal"),
              (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn start_proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<StartProposalRequest>,
) -> AppResult<(StatusCode, Json<ProposalView>)> {
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let orgs = company_orgs(Some(&user.actor));
    if orgs.is_empty() {
        return Err(ErrorCode::Forbidden.into());
    }
    let org = choose_org(req.org_id, &orgs)?;
    let (status, proposal_id) = match db::proposals::find_led(&state.db, id, org).await? {
        Some(existing) => (StatusCode::OK, existing.id),
        None => {
            let now = state.clock.now();
            let regions = region_ids(&rec);
            let facts = ProposalFacts {
                lead_org: org,
                partners: &[],
                regions: &regions,
                panel: &[],
            };
            let open = matches!(
                crate::routes::challenge_view::effective_status(&rec, now),
                kehto_shared::challenge::ChallengeStatus::Published
                    | kehto_shared::challenge::ChallengeStatus::ProposalsOpen
            );
            if !allows(Some(&user.actor), Action::EditProposal { p: facts, open }) {
                return Err(ErrorCode::ProposalsClosed.into());
            }
            let mut content = ProposalContent::default();
            content.align_criteria(&kehto_shared::proposals::criteria_from_text(
                &rec.row.evaluation_criteria,
            ));
            let json = serde_json::to_string(&content).map_err(|e| AppError::Internal(e.into()))?;
            let created =
                db::proposals::create(&state.db, id, org, user.user.id, &json, now.timestamp())
                    .await?;
            let pid = match created {
                Some(pid) => pid,
                // Another member started it at the same moment.
                None => {
                    db::proposals::find_led(&state.db, id, org)
                        .await?
                        .ok_or(ErrorCode::Internal)?
                        .id
                }
            };
            crate::routes::accounts::audit(
                &state,
                Some(user.user.id),
                "proposal.started",
                "proposal",
                Some(pid),
                format!("challenge={id}"),
                &ip,
            )
            .await?;
            (StatusCode::CREATED, pid)
        }
    };
    let l = load(&state, proposal_id).await?;
    decide(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("read", None),
        Action::ReadProposal {
            p: l.facts(),
            sealed: l.sealed(),
            submitted: false,
        },
    )
    .await?;
    Ok((status, Json(view(&state, &l, Some(&user.actor)).await?)))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "proposals",
    responses((status = 200, body = ProposalView), (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<ProposalView>> {
    let l = load(&state, id).await?;
    let receipts = db::proposals::receipts(&state.db, id).await?;
    decide(
        &state,
        &l,
        Some(&user.actor),
        &ip,
        ("read", None),
        Action::ReadProposal {
            p: l.facts(),
            sealed: l.sealed(),
            submitted: current_receipt(&receipts).is_some(),
        },
    )
    .await?;
    Ok(Json(view(&state, &l, Some(&user.actor)).await?))
}

#[utoipa::path(put, path = "/api/v1/proposals/{id}/draft", tag = "proposals", request_body = SaveDraftRequest,
    responses((status = 200, body = DraftSaved), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn save_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<SaveDraftRequest>,
) -> AppResult<Json<DraftSaved>> {
    let l = load(&state, id).await?;
    may_edit(&state, &l, Some(&user.actor), &ip, ("edit", None)).await?;
    req.content.validate_draft()?;
    let json = serde_json::to_string(&req.content).map_err(|e| AppError::Internal(e.into()))?;
    let now = state.now_ts();
    let revision =
        db::proposals::save_draft(&state.db, id, &json, req.base_revision, user.user.id, now)
            .await?
            .ok_or(ErrorCode::Conflict)?;
    Ok(Json(DraftSaved {
        revision,
        saved_at: to_time(now),
    }))
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/submit", tag = "proposals",
    responses((status = 201, body = Receipt), (status = 403, body = ApiError), (status = 404, body = ApiError),
              (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn submit_proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<(StatusCode, Json<Receipt>)> {
    let l = load(&state, id).await?;
    let open = l.submitting_open();
    may_lead(&state, &l, Some(&user.actor), &ip, ("submit", None), open).await?;
    let mut content: ProposalContent =
        serde_json::from_str(&l.row.content).map_err(|e| AppError::Internal(e.into()))?;
    let criteria = l.criteria();
    content.align_criteria(&criteria);
    content.validate_for_submit(&criteria)?;
    let attachments = db::proposals::attachments(&state.db, id).await?;
    let manifest: Vec<ManifestEntry> = attachments
        .iter()
        .map(|a| ManifestEntry {
            attachment_id: a.id,
            storage_key: a.storage_key.clone(),
            file_name: a.file_name.clone(),
            size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
            sha256: a.sha256.clone(),
        })
        .collect();
    let content_json = serde_json::to_string(&content).map_err(|e| AppError::Internal(e.into()))?;
    let manifest_json =
        serde_json::to_string(&manifest).map_err(|e| AppError::Internal(e.into()))?;
    let received_at = state.now_ts();
    let digest = crate::receipts::digest(id, received_at, &content_json, &manifest);
    let (receipt_id, _) = db::proposals::submit(
        &state.db,
        &NewReceipt {
            proposal_id: id,
            received_at,
            user_id: user.user.id,
            content: &content_json,
            attachments: &manifest_json,
            digest: &digest,
            revision: l.row.revision,
        },
    )
    .await?
    .ok_or(ErrorCode::Conflict)?;
    crate::routes::accounts::audit(
        &state,
        Some(user.user.id),
        "proposal.submitted",
        "proposal",
        Some(id),
        format!("receipt={receipt_id} digest={digest}"),
        &ip,
    )
    .await?;
    let row = db::proposals::receipt(&state.db, receipt_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let receipt = receipt_view(&row, l.rec.row.id)?;
    send_receipt_mail(&state, &user, &l.rec.row.title, &receipt).await;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Mails the receipt to the submitter (through the queue; failure to queue is logged — the
/// submission stands and its receipt is on the page).
async fn send_receipt_mail(state: &AppState, user: &CurrentUser, challenge: &str, r: &Receipt) {
    let link = state
        .settings
        .link(&format!("/proposals/{}/receipts/{}", r.proposal_id, r.id));
    let lang = kehto_shared::Lang::from_code(&user.user.lang).unwrap_or(kehto_shared::Lang::Fi);
    let mail = crate::mail::proposal_templates::receipt(
        lang,
        (&user.user.email, &user.user.display_name),
        challenge,
        r,
        &link,
    );
    match db::mail_queue::enqueue(&state.db, &mail, state.now_ts()).await {
        Ok(()) => crate::jobs::kick_mail(state),
        Err(e) => tracing::warn!(error = ?e, "receipt mail not queued"),
    }
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/withdraw", tag = "proposals",
    responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn withdraw_proposal(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let l = load(&state, id).await?;
    let open = l.submitting_open();
    may_lead(&state, &l, Some(&user.actor), &ip, ("withdraw", None), open).await?;
    if !db::proposals::withdraw(&state.db, id, state.now_ts()).await? {
        return Err(ErrorCode::Conflict.into());
    }
    crate::routes::accounts::audit(
        &state,
        Some(user.user.id),
        "proposal.withdrawn",
        "proposal",
        Some(id),
        String::new(),
        &ip,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Loads a receipt of proposal `id` for a reader allowed to read the proposal.
async fn readable_receipt(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    receipt_id: i64,
    action: &str,
) -> AppResult<(
    crate::routes::proposal_access::Loaded,
    db::proposals::ReceiptRow,
)> {
    let l = load(state, id).await?;
    let receipts = db::proposals::receipts(&state.db, id).await?;
    decide(
        state,
        &l,
        Some(&user.actor),
        ip,
        (action, None),
        Action::ReadProposal {
            p: l.facts(),
            sealed: l.sealed(),
            submitted: current_receipt(&receipts).is_some(),
        },
    )
    .await?;
    let own = matches!(l.facts().relation(Some(&user.actor)), "lead" | "partner");
    let row = receipts
        .into_iter()
        .find(|r| r.id == receipt_id)
        // The region sees only the version that counts.
        .filter(|r| own || (r.superseded_at.is_none() && r.withdrawn_at.is_none()))
        .ok_or(ErrorCode::NotFound)?;
    Ok((l, row))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/receipts/{receipt_id}", tag = "proposals",
    responses((status = 200, body = Receipt), (status = 404, body = ApiError)))]
pub async fn get_receipt(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, receipt_id)): Path<(i64, i64)>,
) -> AppResult<Json<Receipt>> {
    let (l, row) = readable_receipt(&state, &user, &ip, id, receipt_id, "read").await?;
    Ok(Json(receipt_view(&row, l.rec.row.id)?))
}

#[utoipa::path(get, path = "/api/v1/proposals/{id}/receipts/{receipt_id}/verify", tag = "proposals",
    responses((status = 200, body = ReceiptVerification), (status = 404, body = ApiError)))]
pub async fn verify_receipt(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, receipt_id)): Path<(i64, i64)>,
) -> AppResult<Json<ReceiptVerification>> {
    let (_, row) = readable_receipt(&state, &user, &ip, id, receipt_id, "verify").await?;
    // An attachment missing from storage cannot verify: the recomputed digest is then empty.
    let recomputed = crate::receipts::recompute(
        state.storage.as_ref(),
        id,
        row.received_at,
        &row.content,
        &manifest(&row)?,
    )
    .await
    .unwrap_or_default();
    Ok(Json(ReceiptVerification {
        receipt_id,
        valid: recomputed == row.digest,
        digest: row.digest,
        recomputed,
    }))
}

#[utoipa::path(get, path = "/api/v1/me/proposals", tag = "proposals",
    responses((status = 200, body = Vec<ProposalSummary>), (status = 401, body = ApiError)))]
pub async fn my_proposals(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<Vec<ProposalSummary>>> {
    let orgs = company_orgs(Some(&user.actor));
    let rows = db::proposals::involving(&state.db, &orgs).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(summary(&state, &row, Some(&orgs)).await?);
    }
    Ok(Json(out))
}

/// A proposal's line in a list; `viewer_orgs` marks partner-only involvement.
async fn summary(
    state: &AppState,
    row: &db::proposals::ProposalRow,
    viewer_orgs: Option<&[i64]>,
) -> AppResult<ProposalSummary> {
    let rec = db::challenges::find(&state.db, row.challenge_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let partners = db::proposals::partners(&state.db, row.id).await?;
    let accepted: Vec<i64> = partners
        .iter()
        .filter(|p| p.state == "accepted")
        .map(|p| p.org_id)
        .collect();
    let leads_it = viewer_orgs.is_some_and(|o| o.contains(&row.lead_org));
    // For a partner-only viewer: their organisation's invitation (accepted before pending).
    let my_partner = viewer_orgs.filter(|_| !leads_it).and_then(|mine| {
        let of_mine = |state: &str| {
            partners
                .iter()
                .find(|p| p.state == state && mine.contains(&p.org_id))
        };
        of_mine("accepted").or_else(|| of_mine("invited"))
    });
    let mut ids = accepted.clone();
    ids.push(row.lead_org);
    ids.extend(my_partner.map(|p| p.org_id));
    let orgs = db::orgs::refs_by_ids(&state.db, &ids).await?;
    let receipts = db::proposals::receipts(&state.db, row.id).await?;
    let current = current_receipt(&receipts);
    let content: ProposalContent =
        serde_json::from_str(current.map_or(row.content.as_str(), |c| c.content.as_str()))
            .unwrap_or_default();
    Ok(ProposalSummary {
        id: row.id,
        challenge_id: row.challenge_id,
        challenge_title: rec.row.title.clone(),
        title: content.title,
        lead: orgs
            .iter()
            .find(|o| o.id == row.lead_org)
            .map(|o| o.to_ref())
            .ok_or(ErrorCode::Internal)?,
        partners: orgs
            .iter()
            .filter(|o| accepted.contains(&o.id))
            .map(|o| o.to_ref())
            .collect(),
        status: kehto_shared::proposals::ProposalStatus::from_code(&row.status)
            .unwrap_or(kehto_shared::proposals::ProposalStatus::Draft),
        submitted_at: current.map(|c| to_time(c.received_at)),
        receipt_id: current.map(|c| c.id),
        digest: current.map(|c| c.digest.clone()),
        saved_at: to_time(row.saved_at),
        proposals_close_at: opt_time(rec.row.proposals_close_at),
        mine_as_partner: viewer_orgs.is_some() && !leads_it,
        my_partner_org: my_partner
            .and_then(|p| orgs.iter().find(|o| o.id == p.org_id))
            .map(|o| o.to_ref()),
        my_partner_state: my_partner.map(|p| partner_state(&p.state)),
    })
}

#[utoipa::path(get, path = "/api/v1/challenges/{id}/proposals", tag = "proposals",
    responses((status = 200, body = ChallengeProposals), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn challenge_proposals(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Json<ChallengeProposals>> {
    let rec = visible(&state, id, Some(&user.actor)).await?;
    let regions = region_ids(&rec);
    if !allows(
        Some(&user.actor),
        Action::CountProposals { regions: &regions },
    ) {
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now();
    let sealed = opt_time(rec.row.proposals_close_at).is_none_or(|close| now < close);
    let submitted = db::proposals::submitted_on(&state.db, id).await?;
    let mut proposals = vec![];
    if !sealed {
        for row in &submitted {
            // Listing names the proposing organisations: a read, logged as such.
            db::proposals::log_access(
                &state.db,
                &db::proposals::Access {
                    at: now.timestamp(),
                    user_id: Some(user.user.id),
                    role: "coordinator",
                    proposal_id: row.id,
                    attachment_id: None,
                    action: "list",
                    outcome: "allowed",
                    ip: &ip,
                },
            )
            .await?;
            proposals.push(summary(&state, row, None).await?);
        }
    }
    Ok(Json(ChallengeProposals {
        submitted_count: u32::try_from(submitted.len()).unwrap_or(u32::MAX),
        sealed,
        proposals,
        proposals_close_at: opt_time(rec.row.proposals_close_at),
        server_now: now,
    }))
}
