//! Proposals: what a company (with its consortium partners) submits to a challenge, and the
//! receipt that proves what was submitted and when.
//!
//! A proposal is a trade secret until the proposals deadline: before it only the proposing
//! organisation and accepted partners can read it; the region sees only how many have been
//! submitted. Every submitted version gets a receipt with the server's time of receipt and a
//! SHA-256 digest over the content and the attachments, which can be verified later.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::org::OrgRef;
use crate::validate::Checker;

pub const SUMMARY_MAX: usize = 3000;
pub const SECTION_MAX: usize = 30_000;
pub const REASON_MAX: usize = 500;
pub const CRITERIA_MAX: usize = 30;
/// Largest attachment.
pub const ATTACHMENT_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Most attachments on one proposal, and their largest total size.
pub const ATTACHMENTS_MAX: usize = 20;
pub const ATTACHMENTS_TOTAL_MAX_BYTES: u64 = 100 * 1024 * 1024;
pub const FILE_NAME_MAX: usize = 150;

/// A text part of a proposal, which the company may mark as a trade secret with a reason (the
/// region must then withhold it from document requests under the Publicity Act).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub confidential_reason: Option<String>,
}

impl Section {
    fn check(&self, c: &mut Checker, field: &str, min: usize, max: usize) {
        if min > 0 {
            c.text(&format!("{field}.text"), &self.text, min, max);
        } else {
            c.optional_text(&format!("{field}.text"), Some(&self.text), max);
        }
        check_confidential(
            c,
            field,
            self.confidential,
            self.confidential_reason.as_deref(),
        );
    }
}

fn check_confidential(c: &mut Checker, field: &str, confidential: bool, reason: Option<&str>) {
    let reason_field = format!("{field}.confidential_reason");
    if confidential {
        c.text(&reason_field, reason.unwrap_or(""), 5, REASON_MAX);
    } else {
        c.optional_text(&reason_field, reason, REASON_MAX);
    }
}

/// The answer to one of the challenge's evaluation criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionAnswer {
    /// The criterion as the challenge names it.
    pub criterion: String,
    #[serde(flatten)]
    pub answer: Section,
}

/// Everything a proposal says. A draft may be incomplete; submission needs
/// [`ProposalContent::validate_for_submit`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalContent {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: Section,
    /// The solution and how it meets the need (Markdown).
    #[serde(default)]
    pub solution: Section,
    #[serde(default)]
    pub criteria: Vec<CriterionAnswer>,
    #[serde(default)]
    pub trl: Option<u8>,
    /// How the readiness level is shown: pilots, references, certificates.
    #[serde(default)]
    pub trl_evidence: Section,
    /// The price and cost model (one-off, per user, per month…).
    #[serde(default)]
    pub price: Section,
    #[serde(default)]
    pub price_total_eur: Option<i64>,
    /// Who does the work, from which organisation.
    #[serde(default)]
    pub team: Section,
}

impl ProposalContent {
    /// Rules every saved draft obeys: lengths and shapes, nothing required.
    pub fn validate_draft(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        self.check(&mut c, false);
        c.finish()
    }

    /// Rules for submission: everything an evaluator needs is there, and every criterion of
    /// the challenge (`criteria`, as [`criteria_from_text`] reads them) has an answer.
    pub fn validate_for_submit(&self, criteria: &[String]) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        self.check(&mut c, true);
        // Answers present are checked above; a criterion with no answer at all is missing.
        let mut missing = self.criteria.len();
        for name in criteria {
            if !self.criteria.iter().any(|a| &a.criterion == name) {
                c.push(FieldError::new(
                    format!("criteria[{missing}].text"),
                    FieldCode::Required,
                ));
                missing += 1;
            }
        }
        c.finish()
    }

    fn check(&self, c: &mut Checker, submit: bool) {
        let min = |n: usize| if submit { n } else { 0 };
        if submit {
            c.text("title", &self.title, 5, 200);
        } else {
            c.optional_text("title", Some(&self.title), 200);
        }
        self.summary.check(c, "summary", min(20), SUMMARY_MAX);
        self.solution.check(c, "solution", min(50), SECTION_MAX);
        if self.criteria.len() > CRITERIA_MAX {
            c.push(FieldError::with_limit(
                "criteria",
                FieldCode::TooLarge,
                CRITERIA_MAX as i64,
            ));
        }
        for (i, a) in self.criteria.iter().enumerate() {
            c.text(&format!("criteria[{i}].criterion"), &a.criterion, 1, 300);
            a.answer
                .check(c, &format!("criteria[{i}]"), min(1), SECTION_MAX);
        }
        match self.trl {
            Some(t) => c.int_range("trl", i64::from(t), 1, 9),
            None if submit => c.push(FieldError::new("trl", FieldCode::Required)),
            None => {}
        }
        self.trl_evidence
            .check(c, "trl_evidence", min(10), SECTION_MAX);
        self.price.check(c, "price", min(10), SECTION_MAX);
        if let Some(p) = self.price_total_eur {
            c.int_range("price_total_eur", p, 0, 1_000_000_000);
        }
        self.team.check(c, "team", min(10), SECTION_MAX);
    }

    /// Makes sure there is one answer for each criterion, in the challenge's order; answers to
    /// criteria that no longer exist are kept at the end so nothing typed is lost.
    pub fn align_criteria(&mut self, criteria: &[String]) {
        let mut aligned: Vec<CriterionAnswer> = criteria
            .iter()
            .map(|name| {
                self.criteria
                    .iter()
                    .find(|a| &a.criterion == name)
                    .cloned()
                    .unwrap_or(CriterionAnswer {
                        criterion: name.clone(),
                        answer: Section::default(),
                    })
            })
            .collect();
        aligned.extend(
            self.criteria
                .iter()
                .filter(|a| !criteria.contains(&a.criterion) && !a.answer.text.trim().is_empty())
                .cloned(),
        );
        self.criteria = aligned;
    }
}

/// The criteria a challenge's free-text evaluation criteria name: its top-level list items (or
/// level-2/3 headings), each up to its first dash, colon or full stop, without Markdown
/// emphasis. (Structured, weighted criteria come with the evaluation work.)
pub fn criteria_from_text(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for line in markdown.lines() {
        let l = line.trim_end();
        if l.starts_with(' ') || l.starts_with('\t') {
            continue;
        }
        let item = if let Some(rest) = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")) {
            Some(rest)
        } else if let Some(rest) = l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")) {
            Some(rest)
        } else {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            (digits > 0)
                .then(|| &l[digits..])
                .and_then(|r| r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")))
        };
        let Some(item) = item else { continue };
        let plain: String = item.replace("**", "").replace("__", "").replace('*', "");
        let cut = [" – ", " — ", " - ", ": "]
            .iter()
            .filter_map(|sep| plain.find(sep))
            .min()
            .unwrap_or(plain.len());
        let name = plain[..cut].trim().trim_end_matches('.').trim().to_owned();
        if !name.is_empty() && name.chars().count() <= 300 && !out.contains(&name) {
            out.push(name);
        }
        if out.len() == CRITERIA_MAX {
            break;
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    Draft,
    /// At least one version submitted and not withdrawn: the latest submitted version counts.
    Submitted,
    /// Submitted, then withdrawn before the deadline.
    Withdrawn,
}

impl ProposalStatus {
    pub fn code(self) -> &'static str {
        match self {
            ProposalStatus::Draft => "draft",
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            ProposalStatus::Draft,
            ProposalStatus::Submitted,
            ProposalStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// A consortium partner's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerState {
    Invited,
    Accepted,
    Declined,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerView {
    pub org: OrgRef,
    pub state: PartnerState,
    pub invited_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
}

/// The lead organisation invites another organisation on the platform as a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitePartnerRequest {
    pub org_id: i64,
}

/// An invited partner answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerAnswerRequest {
    pub accept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: i64,
    /// A safe display name derived from the uploaded name (never used as a path).
    pub file_name: String,
    /// The type recognised from the content.
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    pub confidential: bool,
    pub confidential_reason: Option<String>,
}

/// Marks an attachment confidential (or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentMarking {
    pub confidential: bool,
    #[serde(default)]
    pub confidential_reason: Option<String>,
}

impl AttachmentMarking {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        check_confidential(
            &mut c,
            "attachment",
            self.confidential,
            self.confidential_reason.as_deref(),
        );
        c.finish()
    }
}

/// One attachment as a receipt lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptAttachment {
    pub file_name: String,
    pub size_bytes: u64,
    pub sha256: String,
}

/// Proof of one submitted version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: i64,
    pub proposal_id: i64,
    pub challenge_id: i64,
    /// 1 for the first submission, one more for each resubmission.
    pub version: u32,
    /// The server's time of receipt.
    pub received_at: DateTime<Utc>,
    /// The same instant in Helsinki time, e.g. `2026-11-22 18:05:03 +02:00`.
    pub received_at_helsinki: String,
    /// SHA-256 (hex) over the submitted content and every attachment's bytes.
    pub digest: String,
    pub attachments: Vec<ReceiptAttachment>,
    /// Set when this version was withdrawn, or replaced by a newer submission.
    pub superseded_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// The outcome of checking a receipt against what is stored now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptVerification {
    pub receipt_id: i64,
    pub valid: bool,
    pub digest: String,
    pub recomputed: String,
}

/// A saved draft: what the editor sends on autosave, with the revision it started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDraftRequest {
    pub content: ProposalContent,
    /// The draft revision the editor last loaded or saved; a newer one on the server means
    /// someone else saved meanwhile (409 `conflict`, nothing overwritten).
    pub base_revision: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSaved {
    pub revision: i64,
    pub saved_at: DateTime<Utc>,
}

/// Starts a proposal on a challenge for one of the user's organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartProposalRequest {
    #[serde(default)]
    pub org_id: Option<i64>,
}

/// A proposal as its own organisations see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalView {
    pub id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub lead: OrgRef,
    pub partners: Vec<PartnerView>,
    pub status: ProposalStatus,
    pub content: ProposalContent,
    /// The challenge's criteria, in order, that the answers follow.
    pub criteria: Vec<String>,
    pub attachments: Vec<AttachmentView>,
    pub revision: i64,
    pub saved_at: DateTime<Utc>,
    /// Every receipt, newest first; the first one not superseded or withdrawn counts.
    pub receipts: Vec<Receipt>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    pub server_now: DateTime<Utc>,
    /// Whether the viewer may change the draft, submit, withdraw now.
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_withdraw: bool,
    /// Whether the viewer may invite partners (lead organisation only).
    pub can_manage_partners: bool,
    /// The viewer's organisation leads the proposal or is an accepted partner (it sees the
    /// draft); false for coordinators, who see the submitted version that counts.
    pub mine: bool,
}

/// A line of "my proposals" (or of the coordinators' list after the deadline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalSummary {
    pub id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub title: String,
    pub lead: OrgRef,
    pub partners: Vec<OrgRef>,
    pub status: ProposalStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The receipt that counts (the latest submission not withdrawn), if any.
    pub receipt_id: Option<i64>,
    /// That receipt's SHA-256 digest (hex).
    pub digest: Option<String>,
    /// When the draft was last saved.
    pub saved_at: DateTime<Utc>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    /// In "my proposals": true when the viewer's organisations take part only as (invited or
    /// accepted) partners, not as the lead. Always false in the coordinators' list.
    pub mine_as_partner: bool,
    /// In "my proposals", for a partner-only proposal: the viewer's organisation that was
    /// invited, and where its invitation stands (it answers as that organisation).
    pub my_partner_org: Option<OrgRef>,
    pub my_partner_state: Option<PartnerState>,
}

/// What the region sees of a challenge's proposals: before the deadline only the count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeProposals {
    pub submitted_count: u32,
    /// True until the deadline: only the count is given. From the deadline on it is false and
    /// `proposals` lists the submitted ones.
    pub sealed: bool,
    pub proposals: Vec<ProposalSummary>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    pub server_now: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_are_read_from_lists_and_headings() {
        let text = "1. **Vaikuttavuus (40 %)** – miten ratkaisu vähentää työtä.\n   jatkuu\n2. **Käytettävyys (25 %)** – testit.\n\n- Hinta: kokonaiskustannus\n## Tietoturva\nHyväksymisehto: tiedot EU:ssa.";
        assert_eq!(
            criteria_from_text(text),
            [
                "Vaikuttavuus (40 %)",
                "Käytettävyys (25 %)",
                "Hinta",
                "Tietoturva"
            ]
        );
        assert!(criteria_from_text("Vapaata tekstiä ilman listaa.").is_empty());
    }

    #[test]
    fn a_draft_may_be_empty_but_a_submission_may_not() {
        let empty = ProposalContent::default();
        assert!(empty.validate_draft().is_ok());
        let errors = empty
            .validate_for_submit(&["Vaikuttavuus".into()])
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "title",
            "summary.text",
            "solution.text",
            "trl",
            "price.text",
            "team.text",
            "criteria[0].text",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn confidential_parts_need_a_reason() {
        let mut c = ProposalContent::default();
        c.price.confidential = true;
        let errors = c.validate_draft().unwrap_err();
        assert_eq!(errors[0].field, "price.confidential_reason");
        c.price.confidential_reason = Some("Hinnoittelumalli on liikesalaisuus.".into());
        assert!(c.validate_draft().is_ok());
    }

    #[test]
    fn aligning_keeps_answers_and_follows_the_challenges_order() {
        let mut c = ProposalContent {
            criteria: vec![
                CriterionAnswer {
                    criterion: "Hinta".into(),
                    answer: Section {
                        text: "Edullinen".into(),
                        ..Section::default()
                    },
                },
                CriterionAnswer {
                    criterion: "Poistunut".into(),
                    answer: Section {
                        text: "Vanha vastaus".into(),
                        ..Section::default()
                    },
                },
            ],
            ..ProposalContent::default()
        };
        c.align_criteria(&["Vaikuttavuus".into(), "Hinta".into()]);
        let names: Vec<&str> = c.criteria.iter().map(|a| a.criterion.as_str()).collect();
        assert_eq!(names, ["Vaikuttavuus", "Hinta", "Poistunut"]);
        assert_eq!(c.criteria[1].answer.text, "Edullinen");
    }
}
