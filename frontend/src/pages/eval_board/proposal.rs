//! One proposal on the board (`section#eb-p-<id>`): who is behind it, each assigned evaluation's
//! state (`table#eb-p-<id>-evaluations`, with the submitted sheets in a disclosure and a way to
//! reopen one), the statistics per criterion with large disagreements flagged in words and with
//! ⚠ (`table#eb-p-<id>-stats`), the distribution chart (`svg#eb-p-<id>-chart`), then the
//! consensus and the decision: forms while the round is open and every evaluation is in, the
//! recorded ones read-only.

use kehto_shared::Lang;
use kehto_shared::evaluation::{BoardProposal, CriteriaSet};
use leptos::prelude::*;

use super::BoardCtx;
use super::forms::{ConsensusForm, DecisionForm, ProposalForms};
use super::proposal_html::{
    consensus_html, decision_html, evaluations_html, head_html, panel_hints, statistics_html,
};
use super::reopen::ReopenForm;
use crate::i18n::{Texts, tr, use_i18n};

/// The proposal's title, or its lead's name when it has none.
pub fn proposal_name(p: &BoardProposal, lang: Lang) -> String {
    if p.title.trim().is_empty() {
        p.lead.name(lang).to_owned()
    } else {
        p.title.clone()
    }
}

#[component]
pub fn ProposalPanel(
    ctx: BoardCtx,
    p: BoardProposal,
    set: CriteriaSet,
    forms: ProposalForms,
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let pid = p.proposal_id;
    let lang = i18n.lang_untracked();
    let reopen = open.then(|| {
        p.evaluations
            .iter()
            .filter(|e| e.submitted.is_some())
            .map(|e| view! { <ReopenForm ctx=ctx pid=pid user_id=e.evaluator_id name=e.display_name.clone() /> })
            .collect_view()
    });
    let has_consensus = p.consensus.is_some();
    let consensus_form = match (open, p.complete) {
        (false, _) => None,
        (true, false) => {
            Some(view! { <p class="info">{tr(|t| t.eb_consensus_wait)}</p> }.into_any())
        }
        (true, true) => {
            let panel = panel_hints(&p, &set, lang, i18n.t_untracked());
            let form = view! { <ConsensusForm ctx=ctx pid=pid forms=forms panel=panel /> };
            Some(if has_consensus {
                // Open again after the board reloads, so that its status line can take focus.
                let open = forms.c_status.notice.get_untracked().is_some()
                    || forms.c_status.failure.get_untracked().is_some();
                view! {
                    <details class="change-form" open=open>
                        <summary>{tr(|t| t.eb_consensus_change)}</summary>
                        {form}
                    </details>
                }
                .into_any()
            } else {
                form.into_any()
            })
        }
    };
    let decision_form = match (open, p.complete) {
        (false, _) => None,
        (true, false) => {
            Some(view! { <p class="info">{tr(|t| t.eb_decision_wait)}</p> }.into_any())
        }
        (true, true) => Some(view! { <DecisionForm ctx=ctx pid=pid forms=forms /> }.into_any()),
    };
    let title = move |p: &BoardProposal| proposal_name(p, i18n.lang());
    let p = StoredValue::new(p);
    let set = StoredValue::new(set);
    // Each part is HTML text worded again when the language changes.
    let html = move |f: fn(&BoardProposal, &CriteriaSet, bool, Lang, &Texts) -> String| {
        move || p.with_value(|p| set.with_value(|s| f(p, s, open, i18n.lang(), i18n.t())))
    };
    view! {
        <section class="board-proposal" id=format!("eb-p-{pid}") aria-labelledby=format!("eb-p-{pid}-title")>
            <h3 id=format!("eb-p-{pid}-title")>{move || p.with_value(title)}</h3>
            <div inner_html=html(|p, _, _, l, t| head_html(p, l, t))></div>
            <h4>{tr(|t| t.eb_evaluations_title)}</h4>
            <div inner_html=html(|p, s, _, l, t| evaluations_html(p, s, l, t))></div>
            {reopen}
            <h4>{tr(|t| t.eb_statistics_title)}</h4>
            <div inner_html=html(|p, s, _, l, t| statistics_html(p, s, l, t))></div>
            <h4 id=format!("eb-p-{pid}-consensus-title")>{tr(|t| t.eb_consensus_title)}</h4>
            <div inner_html=html(consensus_html)></div>
            {consensus_form}
            <h4 id=format!("eb-p-{pid}-decision-title")>{tr(|t| t.eb_decision_title)}</h4>
            <div inner_html=html(|p, _, _, l, t| decision_html(p, l, t))></div>
            {decision_form}
        </section>
    }
}
