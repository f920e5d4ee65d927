//! `/evaluations`: the evaluator's workspace (`GET /me/evaluations`). One `section` per challenge
//! the caller evaluates (`section[data-challenge=<id>]`): before the proposals deadline only that
//! the proposals are sealed until then (`#ew-c-<id>-sealed`); after it, how many declarations
//! are made (`#ew-c-<id>-progress`) and each assigned proposal (`li[data-proposal=<id>]`) with its
//! lead organisation and accepted partners — never its content — and the conflict-of-interest
//! declaration ([`super::declaration`]) that must come before the proposal can be opened.
//! Nobody evaluating anything is told how one becomes an evaluator (`#ew-none`).

use kehto_shared::evaluation::{MyAssignment, MyEvaluation};
use leptos::prelude::*;

use super::declaration::Declaration;
use crate::api;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;
use crate::time;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.ew_title.to_owned());
    let signed_in = Memo::new(move |_| session.signed_in());
    let data = api::load(move || {
        signed_in
            .get()
            .then(|| api::evaluation::MY_EVALUATIONS.to_owned())
    });
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.ew_title /> }.into_any();
        }
        let body = match api::read::<Option<Vec<MyEvaluation>>>(data.get()) {
            None | Some(Ok(None)) => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(Some(list))) if list.is_empty() => {
                view! { <p class="info" id="ew-none">{tr(|t| t.ew_none)}</p> }.into_any()
            }
            Some(Ok(Some(list))) => list
                .into_iter()
                .map(|e| view! { <ChallengeBlock e=e /> })
                .collect_view()
                .into_any(),
        };
        view! {
            <h1>{tr(|t| t.ew_title)}</h1>
            <p class="lead">{tr(|t| t.ew_intro)}</p>
            {body}
        }
        .into_any()
    }
}

#[component]
fn ChallengeBlock(e: MyEvaluation) -> impl IntoView {
    let i18n = use_i18n();
    let id = e.challenge_id;
    let p = format!("ew-c-{id}");
    let title_id = format!("{p}-title");
    let deadline = move || {
        let t = i18n.t();
        e.proposals_close_at
            .map(|at| time::format_helsinki(at, i18n.lang(), true, t))
            .unwrap_or_else(|| t.not_set.to_owned())
    };
    let body = if e.sealed {
        view! {
            <p class="info" id=format!("{p}-sealed")>
                {move || i18n.t().ew_sealed.replace("{deadline}", &deadline())}
            </p>
        }
        .into_any()
    } else if e.assignments.is_empty() {
        view! { <p class="muted" id=format!("{p}-none")>{tr(|t| t.ew_no_assignments)}</p> }
            .into_any()
    } else {
        let rows: Vec<(MyAssignment, RwSignal<_>, RwSignal<bool>)> = e
            .assignments
            .into_iter()
            .map(|a| {
                let declared = RwSignal::new(a.declaration.clone());
                let can_open = RwSignal::new(a.can_open);
                (a, declared, can_open)
            })
            .collect();
        let signals: Vec<RwSignal<_>> = rows.iter().map(|(_, d, _)| *d).collect();
        let total = signals.len().to_string();
        let progress = move || {
            let done = signals.iter().filter(|d| d.with(Option::is_some)).count();
            i18n.t()
                .ew_progress
                .replace("{done}", &done.to_string())
                .replace("{total}", &total)
        };
        let items = rows
            .into_iter()
            .map(|(a, declared, can_open)| view! { <AssignmentRow a=a declared=declared can_open=can_open /> })
            .collect_view();
        let list_label = title_id.clone();
        view! {
            <p class="q-meta" id=format!("{p}-progress")>{progress}</p>
            <ul class="item-list" aria-labelledby=list_label>{items}</ul>
        }
        .into_any()
    };
    view! {
        <section class="my-section evaluation" data-challenge=id aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>
                <a href=format!("/challenges/{id}")>{e.challenge_title}</a>
            </h2>
            <p class="q-meta">{tr(|t| t.proposals_deadline)}": "{deadline}</p>
            {body}
        </section>
    }
}

#[component]
fn AssignmentRow(
    a: MyAssignment,
    declared: RwSignal<Option<kehto_shared::evaluation::DeclarationView>>,
    can_open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pid = a.proposal_id;
    let lead = a.lead.clone();
    let heading = move || lead.name(i18n.lang()).to_owned();
    let partners = a.partners.clone();
    let partners_text = move || {
        let lang = i18n.lang();
        if partners.is_empty() {
            i18n.t().mp_no_partners.to_owned()
        } else {
            partners
                .iter()
                .map(|o| o.name(lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let lead_name = a.lead.name(i18n.lang_untracked()).to_owned();
    view! {
        <li class="item" data-proposal=pid>
            <div class="item-main">
                <h3 class="small-heading">{heading.clone()}</h3>
                <dl class="facts">
                    <div>
                        <dt>{tr(|t| t.pe_lead_org)}</dt>
                        <dd>{heading}</dd>
                    </div>
                    <div>
                        <dt>{tr(|t| t.mp_partners)}</dt>
                        <dd>{partners_text}</dd>
                    </div>
                </dl>
                <Declaration pid=pid lead=lead_name declared=declared can_open=can_open />
            </div>
        </li>
    }
}
