//! Evaluation in the demo data: a challenge whose proposals deadline has passed, with its
//! weighted criteria set, proposals submitted by demo companies before the deadline (with
//! receipts exactly like real submissions, one with an accepted research partner), and an
//! evaluation panel — a member of the region's staff and an outside expert — assigned to every
//! proposal. Declarations, scores, consensus and decisions are left to whoever tries the demo.

use std::collections::HashMap;

use kehto_shared::evaluation::CriteriaSet;
use kehto_shared::proposals::{ProposalContent, Section};
use serde::Deserialize;

use crate::db::proposals::NewReceipt;
use crate::db::{self, Db};

/// A challenge's evaluation as described in `demo.json`.
#[derive(Debug, Deserialize)]
pub struct DemoEvaluation {
    pub criteria_set: CriteriaSet,
    pub evaluators: Vec<DemoEvaluator>,
    pub proposals: Vec<DemoProposal>,
}

#[derive(Debug, Deserialize)]
pub struct DemoEvaluator {
    pub email: String,
    /// `staff` (added from the region's staff) or `invited` (an outside expert).
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoProposal {
    /// The demo user who submits it; their first company leads the proposal.
    pub submitted_by: String,
    pub received_days_before_deadline: i64,
    pub title: String,
    pub summary: String,
    pub solution: String,
    /// The answer given to every criterion of the challenge.
    pub answer: String,
    pub trl: u8,
    pub trl_evidence: String,
    pub price: String,
    pub price_total_eur: Option<i64>,
    pub team: String,
    /// Keys of demo organisations that accepted to be partners.
    #[serde(default)]
    pub partners: Vec<String>,
}

/// Who is who in the demo data, by e-mail and organisation key.
pub struct DemoDirectory<'a> {
    /// e-mail → (user id, first company or research organisation)
    pub people: &'a HashMap<String, (i64, Option<i64>)>,
    /// e-mail → user id, everyone
    pub users: &'a HashMap<String, i64>,
    /// organisation key or region code → id
    pub orgs: &'a HashMap<String, i64>,
    /// The challenge's coordinator, who assigns.
    pub coordinator: i64,
}

fn section(text: &str) -> Section {
    Section {
        text: text.to_owned(),
        ..Section::default()
    }
}

/// The criteria set as stored (JSON), checked.
pub fn criteria_json(e: &DemoEvaluation) -> anyhow::Result<String> {
    e.criteria_set
        .validate()
        .map_err(|errors| anyhow::anyhow!("demo criteria set is invalid: {errors:?}"))?;
    Ok(serde_json::to_string(&e.criteria_set)?)
}

/// Submits the proposals of challenge `challenge_id` (its criteria as the proposal form lists
/// them: `criteria`; its deadline: `deadline`) and seats the panel at `now`.
pub async fn load(
    db: &Db,
    challenge_id: i64,
    (criteria, deadline, now): (&[String], i64, i64),
    e: &DemoEvaluation,
    who: &DemoDirectory<'_>,
) -> anyhow::Result<()> {
    let mut proposal_ids = vec![];
    for p in &e.proposals {
        let (user, org) = who
            .people
            .get(&p.submitted_by)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("unknown demo proposer {}", p.submitted_by))?;
        let org = org.ok_or_else(|| anyhow::anyhow!("{} has no company", p.submitted_by))?;
        let mut content = ProposalContent {
            title: p.title.clone(),
            summary: section(&p.summary),
            solution: section(&p.solution),
            trl: Some(p.trl),
            trl_evidence: section(&p.trl_evidence),
            price: section(&p.price),
            price_total_eur: p.price_total_eur,
            team: section(&p.team),
            ..ProposalContent::default()
        };
        content.align_criteria(criteria);
        for c in &mut content.criteria {
            c.answer = section(&p.answer);
        }
        content.validate_for_submit(criteria).map_err(|errors| {
            anyhow::anyhow!("demo proposal {:?} is incomplete: {errors:?}", p.title)
        })?;
        let json = serde_json::to_string(&content)?;
        let received_at = deadline - p.received_days_before_deadline * 86_400 - 3 * 3600;
        let id = db::proposals::create(db, challenge_id, org, user, &json, received_at - 86_400)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a second demo proposal by {}", p.submitted_by))?;
        for key in &p.partners {
            let partner = *who
                .orgs
                .get(key)
                .ok_or_else(|| anyhow::anyhow!("unknown demo partner {key}"))?;
            db::proposals::invite_partner(db, id, partner, user, received_at - 86_400).await?;
            db::proposals::answer_partner(db, id, partner, true, received_at - 43_200).await?;
        }
        let digest = crate::receipts::digest(id, received_at, &json, &[]);
        db::proposals::submit(
            db,
            &NewReceipt {
                proposal_id: id,
                received_at,
                user_id: user,
                content: &json,
                attachments: "[]",
                digest: &digest,
                revision: 1,
            },
        )
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo proposal {:?} not submitted", p.title))?;
        proposal_ids.push(id);
    }
    let mut pairs = vec![];
    for ev in &e.evaluators {
        let user = *who
            .users
            .get(&ev.email)
            .ok_or_else(|| anyhow::anyhow!("unknown demo evaluator {}", ev.email))?;
        db::evaluation::add_evaluator(db, challenge_id, user, &ev.source, who.coordinator, now)
            .await?;
        pairs.extend(proposal_ids.iter().map(|p| (*p, user)));
    }
    db::evaluation::assign(db, challenge_id, &pairs, who.coordinator, now).await?;
    Ok(())
}
