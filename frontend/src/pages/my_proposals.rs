//! `/my/proposals`: every proposal led or partnered by the signed-in user's organisations
//! (`GET /me/proposals`). Invitations to be a partner come first (`section#my-invitations`,
//! accepted or declined with `button[data-accept]` / `button[data-decline]`), then the proposals
//! (`ul#my-proposals-list`, or `#my-proposals-empty` with a pointer to the board), each with its
//! challenge, organisations, role, status, the proposals deadline with time left, and links to the
//! proposal and its latest receipt, and, for a submitted proposal once the deadline has passed,
//! to its feedback (`a[data-feedback]`, `/proposals/:id/feedback`, which says when no decision is
//! published yet). After answering an invitation the polite status
//! `#my-proposals-status` receives focus.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::org::OrgRef;
use kehto_shared::proposals::ProposalStatus;
use leptos::prelude::*;
use serde::Deserialize;

use super::dialogue_kit::{Action, Status, clicked, esc, takes_part};
use crate::api;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::session::use_session;
use crate::time;

/// `ProposalSummary` (`kehto-shared`), the fields shown.
#[derive(Clone, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub title: String,
    pub lead: OrgRef,
    /// Accepted partners only.
    pub partners: Vec<OrgRef>,
    pub status: ProposalStatus,
    /// When the version that counts was received.
    pub submitted_at: Option<DateTime<Utc>>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    /// The viewer's organisations take part only as (accepted or invited) partners.
    pub mine_as_partner: bool,
    pub saved_at: Option<DateTime<Utc>>,
    pub receipt_id: Option<i64>,
    pub digest: Option<String>,
    /// For a partner-only proposal: the viewer's organisation that was invited.
    #[serde(default)]
    pub my_partner_org: Option<OrgRef>,
}

/// How the viewer's organisations take part in a proposal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Lead,
    Partner,
    /// Invited as a partner, not answered yet (declined invitations are not listed).
    Invited,
}

impl Summary {
    /// The viewer's part, given the ids of their companies and research organisations.
    pub fn part(&self, mine: &[i64]) -> Part {
        if !self.mine_as_partner {
            Part::Lead
        } else if self.partners.iter().any(|p| mine.contains(&p.id)) {
            Part::Partner
        } else {
            Part::Invited
        }
    }

    /// Whether the proposals deadline is still ahead (the server decides in the end).
    pub fn open(&self, now: DateTime<Utc>) -> bool {
        self.proposals_close_at.is_some_and(|at| at > now)
    }

    pub fn title_text<'a>(&'a self, t: &'a Texts) -> &'a str {
        if self.title.trim().is_empty() {
            t.mp_untitled
        } else {
            &self.title
        }
    }

    /// The accepted partners' names, or "none".
    pub fn partners_text(&self, lang: Lang, t: &Texts) -> String {
        if self.partners.is_empty() {
            return t.mp_no_partners.to_owned();
        }
        self.partners
            .iter()
            .map(|p| esc(p.name(lang)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The ids of the signed-in user's companies and research organisations (tracked).
pub fn my_org_ids() -> Vec<i64> {
    use_session().me.with(|m| {
        m.iter()
            .flat_map(|m| m.memberships.iter())
            .filter(|x| takes_part(&x.org))
            .map(|x| x.org.id)
            .collect()
    })
}

/// A proposal's status as a badge.
pub fn status_html(s: ProposalStatus, t: &Texts) -> String {
    let (class, label) = match s {
        ProposalStatus::Draft => ("status-draft", t.mp_status_draft),
        ProposalStatus::Submitted => ("status-proposals_open", t.mp_status_submitted),
        ProposalStatus::Withdrawn => ("status-cancelled", t.mp_status_withdrawn),
    };
    format!(r#"<span class="badge {class}">{label}</span>"#)
}

/// An instant in Helsinki time as HTML.
pub fn instant_html(at: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    format!(
        r#"<time datetime="{}">{}</time>"#,
        at.to_rfc3339(),
        esc(&time::format_helsinki(at, lang, false, t))
    )
}

/// The proposals deadline with the time left (as the `Deadline` widget shows it).
fn deadline_html(at: Option<DateTime<Utc>>, now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let Some(at) = at else {
        return t.not_set.to_owned();
    };
    let left = time::remaining(at, now, lang, t).unwrap_or_else(|| t.deadline_passed.to_owned());
    format!(
        r#"{} <span class="remaining">({})</span>"#,
        instant_html(at, lang, t),
        esc(&left)
    )
}

#[component]
pub fn MyProposalsPage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.my_proposals_title.to_owned());
    let user_id = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        match user_id.get() {
            None => view! { <SignInRequired title=|t| t.my_proposals_title /> }.into_any(),
            Some(_) => view! { <MyProposals /> }.into_any(),
        }
    }
}

#[component]
fn MyProposals() -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(|| Some(api::proposals::MY_PROPOSALS.to_owned()));
    let status = Status::new(
        "my-proposals-status",
        Callback::new(move |()| data.refetch()),
    );
    let busy = RwSignal::new(false);
    let click = move |ev: leptos::ev::MouseEvent| {
        if busy.get_untracked() {
            return;
        }
        let Some((which, id)) = clicked(&ev, &["data-accept", "data-decline"]) else {
            return;
        };
        let accept = which == 0;
        if !accept
            && !window()
                .confirm_with_message(i18n.t_untracked().mp_confirm_decline)
                .unwrap_or(false)
        {
            return;
        }
        let list = api::read::<Vec<Summary>>(data.get_untracked()).and_then(Result::ok);
        let Some(s) = list.and_then(|l| l.into_iter().find(|s| s.id == id)) else {
            return;
        };
        let Some(org) = s.my_partner_org else {
            return;
        };
        let action: Action = Box::pin(api::proposals::answer_partner(id, org.id, accept));
        let ok: fn(&Texts) -> &'static str = if accept {
            |t| t.mp_accepted
        } else {
            |t| t.mp_declined
        };
        status.run(action, ok, None, busy);
    };
    view! {
        <h1>{tr(|t| t.my_proposals_title)}</h1>
        <p class="lead">{tr(|t| t.my_proposals_intro)}</p>
        {status.view()}
        {move || match api::read::<Vec<Summary>>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(list)) => {
                let mine = untrack(my_org_ids);
                let now = time::now_utc();
                view! {
                    <div
                        aria-busy=move || busy.get().then_some("true")
                        on:click=click
                        inner_html=move || page_html(&list, &mine, now, i18n.lang(), i18n.t())
                    ></div>
                }
                .into_any()
            }
        }}
    }
}

fn page_html(list: &[Summary], mine: &[i64], now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let (invited, rest): (Vec<&Summary>, Vec<&Summary>) =
        list.iter().partition(|s| s.part(mine) == Part::Invited);
    let mut h = String::new();
    if !invited.is_empty() {
        h += &format!(
            r#"<section id="my-invitations" class="my-section" aria-labelledby="my-invitations-title"><h2 id="my-invitations-title">{}</h2><p class="hint">{}</p><ul id="my-invitations-list" class="item-list">"#,
            t.mp_invitations_title, t.mp_invitation_hint
        );
        for s in invited {
            h += &invitation_html(s, now, lang, t);
        }
        h += "</ul></section>";
    }
    h += &format!(
        r#"<section id="my-proposals" class="my-section" aria-labelledby="my-proposals-title"><h2 id="my-proposals-title">{}</h2>"#,
        t.my_proposals_list
    );
    if rest.is_empty() {
        h += &format!(
            r#"<p id="my-proposals-empty" class="empty-state">{} <a href="/">{}</a></p>"#,
            t.my_proposals_empty, t.go_to_board
        );
    } else {
        h += r#"<ul id="my-proposals-list" class="item-list">"#;
        for s in rest {
            h += &proposal_html(s, mine, now, lang, t);
        }
        h += "</ul>";
    }
    h + "</section>"
}

fn invitation_html(s: &Summary, now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let id = s.id;
    let answer = if s.open(now) {
        format!(
            r#"<div class="event-actions"><button type="button" class="small" data-accept="{id}" aria-describedby="invitation-{id}-title">{}</button><button type="button" class="button-secondary small" data-decline="{id}" aria-describedby="invitation-{id}-title">{}</button></div>"#,
            t.mp_accept, t.mp_decline
        )
    } else {
        format!(r#"<p class="q-meta">{}</p>"#, t.mp_invitation_closed)
    };
    format!(
        r#"<li class="item" data-invitation="{id}"><div class="item-main"><h3 class="small-heading" id="invitation-{id}-title"><a href="/challenges/{}">{}</a></h3><p class="q-meta">{}: <strong>{}</strong></p><p class="q-meta">{}: {}</p>{answer}</div></li>"#,
        s.challenge_id,
        esc(&s.challenge_title),
        t.mp_invited_by,
        esc(s.lead.name(lang)),
        t.proposals_deadline,
        deadline_html(s.proposals_close_at, now, lang, t)
    )
}

fn proposal_html(s: &Summary, mine: &[i64], now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let id = s.id;
    let role = match s.part(mine) {
        Part::Lead => t.mp_role_lead,
        _ => t.mp_role_partner,
    };
    let row = |label: &str, value: String| format!("<div><dt>{label}</dt><dd>{value}</dd></div>");
    let mut facts = row(t.mp_lead_org, esc(s.lead.name(lang)));
    facts += &row(t.mp_partners, s.partners_text(lang, t));
    facts += &row(t.mp_role, role.to_owned());
    facts += &row(
        t.proposals_deadline,
        deadline_html(s.proposals_close_at, now, lang, t),
    );
    if let Some(at) = s.saved_at {
        facts += &row(t.mp_saved_at, instant_html(at, lang, t));
    }
    facts += &row(
        t.mp_received_at,
        s.submitted_at
            .map(|at| instant_html(at, lang, t))
            .unwrap_or_else(|| t.mp_not_submitted.to_owned()),
    );
    let title = esc(&s.challenge_title);
    let receipt = s
        .receipt_id
        .map(|r| {
            format!(
                r#"<a href="/proposals/{id}/receipts/{r}" data-receipt="{r}">{}<span class="visually-hidden">: {title}</span></a>"#,
                t.mp_receipt
            )
        })
        .unwrap_or_default();
    // Whether a decision is published is not in the summary: the feedback page says so.
    let feedback = if s.status == ProposalStatus::Submitted && !s.open(now) {
        format!(
            r#"<a href="/proposals/{id}/feedback" data-feedback="{id}">{}<span class="visually-hidden">: {title}</span></a>"#,
            t.fb_link
        )
    } else {
        String::new()
    };
    format!(
        r#"<li class="item" data-proposal="{id}"><div class="item-main"><h3 class="small-heading"><a href="/challenges/{}">{title}</a></h3><p><strong>{}</strong> {}</p><dl class="facts">{facts}</dl><p class="event-actions"><a href="/proposals/{id}" data-open-proposal="{id}">{}<span class="visually-hidden">: {title}</span></a>{receipt}{feedback}</p></div></li>"#,
        s.challenge_id,
        esc(s.title_text(t)),
        status_html(s.status, t),
        t.mp_open
    )
}
