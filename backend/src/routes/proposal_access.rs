//! Loading a proposal for a request: who the viewer is to it, whether the deadline seals it,
//! the access decision — logged whatever it is — and the views each viewer gets.

use chrono::{DateTime, Utc};
use kehto_shared::ErrorCode;
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::proposals::{
    AttachmentView, PartnerState, PartnerView, ProposalContent, ProposalStatus, ProposalView,
    Receipt, ReceiptAttachment, criteria_from_text,
};

use crate::auth::policy::{Action, Actor, ProposalFacts, Seat, allows};
use crate::db;
use crate::db::challenges::ChallengeRecord;
use crate::db::proposals::{Access, AttachmentRow, PartnerRow, ProposalRow, ReceiptRow};
use crate::error::{AppError, AppResult};
use crate::receipts::ManifestEntry;
use crate::routes::challenge_view::{effective_status, opt_time, region_ids, to_time};
use crate::state::AppState;

/// A proposal with its challenge and partners, as loaded for one request.
pub struct Loaded {
    pub row: ProposalRow,
    pub rec: ChallengeRecord,
    pub partners: Vec<PartnerRow>,
    pub accepted: Vec<i64>,
    pub regions: Vec<i64>,
    /// Evaluators assigned to the proposal or who declared about it.
    pub panel: Vec<Seat>,
    pub now: DateTime<Utc>,
}

impl Loaded {
    pub fn facts(&self) -> ProposalFacts<'_> {
        ProposalFacts {
            lead_org: self.row.lead_org,
            partners: &self.accepted,
            regions: &self.regions,
            panel: &self.panel,
        }
    }

    /// Before the proposals deadline (or with no deadline set): the proposal is sealed.
    pub fn sealed(&self) -> bool {
        opt_time(self.rec.row.proposals_close_at).is_none_or(|close| self.now < close)
    }

    /// Drafting is possible: the challenge is public and before its deadline.
    pub fn drafting_open(&self) -> bool {
        matches!(
            effective_status(&self.rec, self.now),
            ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
        )
    }

    /// Submitting is possible: proposals are open and the deadline has not come.
    pub fn submitting_open(&self) -> bool {
        effective_status(&self.rec, self.now) == ChallengeStatus::ProposalsOpen
    }

    pub fn status(&self) -> ProposalStatus {
        ProposalStatus::from_code(&self.row.status).unwrap_or(ProposalStatus::Draft)
    }

    pub fn criteria(&self) -> Vec<String> {
        criteria_from_text(&self.rec.row.evaluation_criteria)
    }
}

/// Loads a proposal; an unknown id is 404 for everyone.
pub async fn load(state: &AppState, id: i64) -> AppResult<Loaded> {
    let row = db::proposals::find(&state.db, id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let rec = db::challenges::find(&state.db, row.challenge_id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let partners = db::proposals::partners(&state.db, id).await?;
    let accepted = partners
        .iter()
        .filter(|p| p.state == "accepted")
        .map(|p| p.org_id)
        .collect();
    let regions = region_ids(&rec);
    let panel = db::evaluation::panel_of(&state.db, id)
        .await?
        .into_iter()
        .map(|(user_id, assigned, conflict)| Seat {
            user_id,
            assigned,
            conflict,
        })
        .collect();
    Ok(Loaded {
        row,
        rec,
        partners,
        accepted,
        regions,
        panel,
        now: state.clock.now(),
    })
}

/// Decides `action` for `actor`, writes the decision to the access log, and refuses with 404
/// for those who may not even know the proposal exists (visitors, other companies, other
/// regions, administrators, unassigned evaluators) and 403 for its own organisations and its
/// evaluators when the moment is wrong (or, for a conflicted evaluator, ever).
pub async fn decide(
    state: &AppState,
    l: &Loaded,
    actor: Option<&Actor>,
    ip: &str,
    what: (&str, Option<i64>),
    action: Action<'_>,
) -> AppResult<()> {
    let allowed = allows(actor, action);
    let role = l.facts().relation(actor);
    db::proposals::log_access(
        &state.db,
        &Access {
            at: state.now_ts(),
            user_id: actor.map(|a| a.user_id),
            role,
            proposal_id: l.row.id,
            attachment_id: what.1,
            action: what.0,
            outcome: if allowed { "allowed" } else { "refused" },
            ip,
        },
    )
    .await?;
    match (allowed, role) {
        (true, _) => Ok(()),
        (false, "lead" | "partner" | "evaluator") => Err(ErrorCode::Forbidden.into()),
        // The region knows the proposal; what it may not do is someone else's step.
        (false, "coordinator")
            if matches!(
                what.0,
                "read" | "download" | "scoresheet" | "score" | "score_submit" | "feedback"
            ) =>
        {
            Err(ErrorCode::Forbidden.into())
        }
        _ => Err(ErrorCode::NotFound.into()),
    }
}

/// Like [`decide`] for changes that depend on the deadline: the proposal's own organisations
/// are told plainly that proposals are closed (409 `proposals_closed`) when `open` is false.
pub async fn decide_change(
    state: &AppState,
    l: &Loaded,
    actor: Option<&Actor>,
    ip: &str,
    what: (&str, Option<i64>),
    action: Action<'_>,
    open: bool,
) -> AppResult<()> {
    let own = matches!(l.facts().relation(actor), "lead" | "partner");
    match decide(state, l, actor, ip, what, action).await {
        Err(_) if own && !open => Err(ErrorCode::ProposalsClosed.into()),
        other => other,
    }
}

/// Like [`decide`] for the evaluation's steps that start at the proposals deadline: `action`
/// gives the action for a given `sealed`; whoever would be allowed after the deadline is told
/// 409 `evaluation_not_started` before it.
pub async fn decide_evaluation<'a>(
    state: &AppState,
    l: &'a Loaded,
    actor: Option<&Actor>,
    ip: &str,
    what: (&str, Option<i64>),
    action: impl Fn(bool) -> Action<'a>,
) -> AppResult<()> {
    let sealed = l.sealed();
    match decide(state, l, actor, ip, what, action(sealed)).await {
        Err(_) if sealed && allows(actor, action(false)) => {
            Err(ErrorCode::EvaluationNotStarted.into())
        }
        other => other,
    }
}

/// Refuses unless `actor` may change the draft now: the lead or an accepted partner, while the
/// challenge is public and before the deadline.
pub async fn may_edit(
    state: &AppState,
    l: &Loaded,
    actor: Option<&Actor>,
    ip: &str,
    what: (&str, Option<i64>),
) -> AppResult<()> {
    let open = l.drafting_open();
    let action = Action::EditProposal { p: l.facts(), open };
    decide_change(state, l, actor, ip, what, action, open).await
}

/// Refuses unless `actor` acts for the lead organisation and `open` holds (proposals open for
/// submitting and withdrawing; the drafting window for choosing partners).
pub async fn may_lead(
    state: &AppState,
    l: &Loaded,
    actor: Option<&Actor>,
    ip: &str,
    what: (&str, Option<i64>),
    open: bool,
) -> AppResult<()> {
    let action = Action::SubmitProposal { p: l.facts(), open };
    decide_change(state, l, actor, ip, what, action, open).await
}

/// Whether a version is submitted and counts (not superseded, not withdrawn).
pub fn current_receipt(receipts: &[ReceiptRow]) -> Option<&ReceiptRow> {
    receipts
        .iter()
        .find(|r| r.superseded_at.is_none() && r.withdrawn_at.is_none())
}

pub fn manifest(r: &ReceiptRow) -> AppResult<Vec<ManifestEntry>> {
    serde_json::from_str(&r.attachments).map_err(|e| AppError::Internal(e.into()))
}

pub fn receipt_view(r: &ReceiptRow, challenge_id: i64) -> AppResult<Receipt> {
    let received = to_time(r.received_at);
    Ok(Receipt {
        id: r.id,
        proposal_id: r.proposal_id,
        challenge_id,
        version: u32::try_from(r.version).unwrap_or(0),
        received_at: received,
        received_at_helsinki: kehto_shared::helsinki::format(received),
        digest: r.digest.clone(),
        attachments: manifest(r)?
            .into_iter()
            .map(|m| ReceiptAttachment {
                file_name: m.file_name,
                size_bytes: m.size_bytes,
                sha256: m.sha256,
            })
            .collect(),
        superseded_at: opt_time(r.superseded_at),
        withdrawn_at: opt_time(r.withdrawn_at),
    })
}

pub fn attachment_view(a: &AttachmentRow) -> AttachmentView {
    AttachmentView {
        id: a.id,
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
        sha256: a.sha256.clone(),
        uploaded_at: to_time(a.uploaded_at),
        confidential: a.confidential,
        confidential_reason: a.confidential_reason.clone(),
    }
}

pub(crate) fn partner_state(code: &str) -> PartnerState {
    match code {
        "accepted" => PartnerState::Accepted,
        "declined" => PartnerState::Declined,
        _ => PartnerState::Invited,
    }
}

/// The proposal as `actor` may see it: its own organisations get the draft, its attachments
/// and every receipt; the region's coordinators (after the deadline) the submitted version only.
pub async fn view(state: &AppState, l: &Loaded, actor: Option<&Actor>) -> AppResult<ProposalView> {
    let facts = l.facts();
    let own = matches!(facts.relation(actor), "lead" | "partner");
    let receipts = db::proposals::receipts(&state.db, l.row.id).await?;
    let mut org_ids: Vec<i64> = l.partners.iter().map(|p| p.org_id).collect();
    org_ids.push(l.row.lead_org);
    let orgs = db::orgs::refs_by_ids(&state.db, &org_ids).await?;
    let org_ref = |id: i64| {
        orgs.iter()
            .find(|o| o.id == id)
            .map(|o| o.to_ref())
            .ok_or(AppError::Code(ErrorCode::Internal))
    };
    let criteria = l.criteria();
    let (content, attachments, shown_receipts, revision, saved_at) = if own {
        let mut content: ProposalContent =
            serde_json::from_str(&l.row.content).map_err(|e| AppError::Internal(e.into()))?;
        content.align_criteria(&criteria);
        let attachments = db::proposals::attachments(&state.db, l.row.id)
            .await?
            .iter()
            .map(attachment_view)
            .collect();
        let shown: Vec<&ReceiptRow> = receipts.iter().collect();
        (content, attachments, shown, l.row.revision, l.row.saved_at)
    } else {
        let current = current_receipt(&receipts).ok_or(ErrorCode::NotFound)?;
        let content: ProposalContent =
            serde_json::from_str(&current.content).map_err(|e| AppError::Internal(e.into()))?;
        let mut attachments = vec![];
        for m in manifest(current)? {
            if let Some(a) = db::proposals::attachment(&state.db, l.row.id, m.attachment_id).await?
            {
                attachments.push(attachment_view(&a));
            }
        }
        (content, attachments, vec![current], 0, current.received_at)
    };
    let partners = l
        .partners
        .iter()
        .filter(|p| own || p.state == "accepted")
        .map(|p| {
            Ok(PartnerView {
                org: org_ref(p.org_id)?,
                state: partner_state(&p.state),
                invited_at: to_time(p.invited_at),
                responded_at: opt_time(p.responded_at),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let edit = allows(
        actor,
        Action::EditProposal {
            p: facts,
            open: l.drafting_open(),
        },
    );
    let submit = allows(
        actor,
        Action::SubmitProposal {
            p: facts,
            open: l.submitting_open(),
        },
    );
    // Partners can be invited and removed while drafting is open (also before proposals open).
    let manage_partners = allows(
        actor,
        Action::SubmitProposal {
            p: facts,
            open: l.drafting_open(),
        },
    );
    Ok(ProposalView {
        id: l.row.id,
        challenge_id: l.rec.row.id,
        challenge_title: l.rec.row.title.clone(),
        lead: org_ref(l.row.lead_org)?,
        partners,
        status: l.status(),
        content,
        criteria,
        attachments,
        revision,
        saved_at: to_time(saved_at),
        receipts: shown_receipts
            .into_iter()
            .map(|r| receipt_view(r, l.rec.row.id))
            .collect::<AppResult<Vec<_>>>()?,
        proposals_close_at: opt_time(l.rec.row.proposals_close_at),
        server_now: l.now,
        can_edit: edit,
        can_submit: submit,
        can_withdraw: submit && current_receipt(&receipts).is_some(),
        can_manage_partners: manage_partners,
        mine: own,
    })
}
