//! The proposal editor's state: every part of [`ProposalContent`] as signals holding what the user
//! typed, turned into the DTO only when saving, so nothing typed is lost when a save fails; the
//! ids of the controls for API field names; and the proposal's other parts (status, partners,
//! attachments, receipts, permissions) as the page last loaded them ([`Meta`]).

use kehto_shared::proposals::{
    AttachmentView, CriterionAnswer, PartnerView, ProposalContent, ProposalStatus, ProposalView,
    Receipt, Section,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Problem, Shown};
use crate::i18n::Texts;

/// One text part of a proposal with its confidentiality marking.
#[derive(Clone, Copy)]
pub struct SectionDraft {
    pub text: RwSignal<String>,
    pub confidential: RwSignal<bool>,
    pub reason: RwSignal<String>,
}

impl SectionDraft {
    fn new() -> Self {
        SectionDraft {
            text: RwSignal::new(String::new()),
            confidential: RwSignal::new(false),
            reason: RwSignal::new(String::new()),
        }
    }

    fn fill(&self, s: &Section) {
        self.text.set(s.text.clone());
        self.confidential.set(s.confidential);
        self.reason
            .set(s.confidential_reason.clone().unwrap_or_default());
    }

    fn to_section(self) -> Section {
        let reason = self.reason.get_untracked().trim().to_owned();
        Section {
            text: self.text.get_untracked(),
            confidential: self.confidential.get_untracked(),
            confidential_reason: (!reason.is_empty()).then_some(reason),
        }
    }
}

/// The answer to one evaluation criterion; `current` is false for an answer kept from a
/// criterion the challenge no longer has.
#[derive(Clone)]
pub struct CriterionDraft {
    pub name: String,
    pub current: bool,
    pub section: SectionDraft,
}

#[derive(Clone, Copy)]
pub struct ProposalDraft {
    pub title: RwSignal<String>,
    pub summary: SectionDraft,
    pub solution: SectionDraft,
    pub criteria: RwSignal<Vec<CriterionDraft>>,
    /// "" or "1"…"9".
    pub trl: RwSignal<String>,
    pub trl_evidence: SectionDraft,
    pub price: SectionDraft,
    /// Whole euros as typed.
    pub price_total: RwSignal<String>,
    pub team: SectionDraft,
    /// The challenge's criteria, in order.
    pub names: StoredValue<Vec<String>>,
    /// The page's reactive owner: a newer version may bring other criteria, and their signals
    /// are created under it rather than under an event handler's short-lived owner.
    owner: StoredValue<Option<Owner>>,
}

impl ProposalDraft {
    pub fn new() -> Self {
        ProposalDraft {
            title: RwSignal::new(String::new()),
            summary: SectionDraft::new(),
            solution: SectionDraft::new(),
            criteria: RwSignal::new(Vec::new()),
            trl: RwSignal::new(String::new()),
            trl_evidence: SectionDraft::new(),
            price: SectionDraft::new(),
            price_total: RwSignal::new(String::new()),
            team: SectionDraft::new(),
            names: StoredValue::new(Vec::new()),
            owner: StoredValue::new(Owner::current()),
        }
    }

    /// Loads saved content; the answers follow `criteria` (the challenge's, in its order).
    pub fn fill(&self, content: &ProposalContent, criteria: &[String]) {
        let mut c = content.clone();
        c.align_criteria(criteria);
        self.title.set(c.title);
        self.summary.fill(&c.summary);
        self.solution.fill(&c.solution);
        self.trl
            .set(c.trl.map(|n| n.to_string()).unwrap_or_default());
        self.trl_evidence.fill(&c.trl_evidence);
        self.price.fill(&c.price);
        self.price_total
            .set(c.price_total_eur.map(|n| n.to_string()).unwrap_or_default());
        self.team.fill(&c.team);
        self.names.set_value(criteria.to_vec());
        let make = || {
            c.criteria
                .iter()
                .map(|a| {
                    let section = SectionDraft::new();
                    section.fill(&a.answer);
                    CriterionDraft {
                        name: a.criterion.clone(),
                        current: criteria.contains(&a.criterion),
                        section,
                    }
                })
                .collect::<Vec<_>>()
        };
        let list = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.criteria.set(list);
    }

    /// The DTO, or the fields whose text cannot be read (the total price).
    pub fn to_content(self) -> Result<ProposalContent, Vec<Shown>> {
        let total = self.price_total.get_untracked();
        let digits: String = total
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '€')
            .collect();
        let price_total_eur = if digits.is_empty() {
            None
        } else {
            match digits.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Err(vec![Shown {
                        field: "price_total_eur".into(),
                        problem: Problem::Text(|t: &Texts| t.error_whole_euros),
                    }]);
                }
            }
        };
        Ok(ProposalContent {
            title: self.title.get_untracked().trim().to_owned(),
            summary: self.summary.to_section(),
            solution: self.solution.to_section(),
            criteria: self.criteria.with_untracked(|list| {
                list.iter()
                    .map(|c| CriterionAnswer {
                        criterion: c.name.clone(),
                        answer: c.section.to_section(),
                    })
                    .collect()
            }),
            trl: self.trl.get_untracked().parse().ok(),
            trl_evidence: self.trl_evidence.to_section(),
            price: self.price.to_section(),
            price_total_eur,
            team: self.team.to_section(),
        })
    }
}

/// The id of the control for an API field name: `summary.text` → `pe-summary-text`,
/// `criteria[2].confidential_reason` → `pe-crit-2-reason`; a section's fieldset is `pe-summary`.
pub fn field_id(field: &str) -> String {
    let fixed = match field {
        "title" => "pe-title",
        "trl" => "pe-trl",
        "price_total_eur" => "pe-price-total",
        "criteria" => "pe-criteria",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_owned();
    }
    let (base, part) = field.rsplit_once('.').unwrap_or((field, "text"));
    let part = match part {
        "confidential_reason" => "reason",
        "confidential" => "confidential",
        _ => "text",
    };
    match base
        .strip_prefix("criteria[")
        .and_then(|r| r.strip_suffix(']'))
    {
        Some(i) => format!("pe-crit-{i}-{part}"),
        None => format!("pe-{}-{part}", base.replace('_', "-")),
    }
}

/// What the page knows of the proposal besides its text; loaded again after changes made
/// elsewhere on the page (partners, withdrawal) without touching the text being edited.
#[derive(Clone, Copy)]
pub struct Meta {
    pub id: i64,
    pub status: RwSignal<ProposalStatus>,
    pub partners: RwSignal<Vec<PartnerView>>,
    pub attachments: RwSignal<Vec<AttachmentView>>,
    pub receipts: RwSignal<Vec<Receipt>>,
    pub can_edit: RwSignal<bool>,
    pub can_submit: RwSignal<bool>,
    pub can_withdraw: RwSignal<bool>,
    pub can_manage_partners: RwSignal<bool>,
}

impl Meta {
    pub fn new(v: &ProposalView) -> Self {
        Meta {
            id: v.id,
            status: RwSignal::new(v.status),
            partners: RwSignal::new(v.partners.clone()),
            attachments: RwSignal::new(v.attachments.clone()),
            receipts: RwSignal::new(v.receipts.clone()),
            can_edit: RwSignal::new(v.can_edit),
            can_submit: RwSignal::new(v.can_submit),
            can_withdraw: RwSignal::new(v.can_withdraw),
            can_manage_partners: RwSignal::new(v.can_manage_partners),
        }
    }

    pub fn update(&self, v: ProposalView) {
        self.status.set(v.status);
        self.partners.set(v.partners);
        self.attachments.set(v.attachments);
        self.receipts.set(v.receipts);
        self.can_edit.set(v.can_edit);
        self.can_submit.set(v.can_submit);
        self.can_withdraw.set(v.can_withdraw);
        self.can_manage_partners.set(v.can_manage_partners);
    }

    /// Nothing may change any more (the deadline came while the page was open).
    pub fn lock(&self) {
        self.can_edit.set(false);
        self.can_submit.set(false);
        self.can_withdraw.set(false);
        self.can_manage_partners.set(false);
    }

    /// Loads the proposal again and keeps everything but the text.
    pub fn refresh(self) {
        spawn_local(async move {
            if let Some(Ok(v)) = fetch_view(self.id).await {
                self.update(v);
            }
        });
    }
}

/// `GET /proposals/{id}` as a [`ProposalView`].
pub async fn fetch_view(id: i64) -> Option<Result<ProposalView, kehto_shared::ApiError>> {
    api::read::<ProposalView>(Some(api::fetch(api::proposals::proposal_path(id)).await))
}
