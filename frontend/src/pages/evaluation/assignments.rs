//! Who evaluates which proposal, on the coordinators' panel ([`super::panel`]),
//! `section#ep-assignments`. Until the proposals deadline the proposals are sealed and only that
//! is said (`#ep-sealed`). From the deadline: assigning in bulk (`form#ep-bulk`: every evaluator
//! to every proposal, or a balanced share with `input#ep-per-proposal` evaluators each;
//! `button#ep-bulk-run`), the proposals that got fewer than asked for (`#ep-short`), the load of
//! each evaluator (`table#ep-loads`), and per submitted proposal (`ul#ep-proposals`,
//! `li[data-proposal=<id>]`) its lead and partners, its evaluators with their conflict-of-interest
//! declarations (`li[data-evaluator=<user id>]`, unassigned with
//! `button[data-unassign=<user id>]`), and one more evaluator to assign (`select#ep-p-<id>-add`).

use chrono::{DateTime, Utc};
use kehto_shared::evaluation::{
    AssignedEvaluator, AssignmentsView, DeclarationKind, EvaluatorLoad, ProposalAssignments,
    Shortfall,
};
use kehto_shared::{FieldError, error::FieldCode};
use leptos::prelude::*;

use super::assign_bulk::{BulkAssign, ShortList};
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, SelectField};
use crate::components::widgets::{ErrorBox, Instant, Loading};
use crate::i18n::{tr, use_i18n};
use crate::pages::dialogue_kit::Status;
use crate::time;

#[component]
pub fn Assignments(
    challenge_id: i64,
    close_at: Option<DateTime<Utc>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || {
        changed.track();
        Some(api::evaluation::assignments_path(challenge_id))
    });
    let status = Status::new("ep-assign-status", Callback::new(move |()| data.refetch()));
    let short = RwSignal::new(Vec::<Shortfall>::new());
    let busy = RwSignal::new(false);
    let body = move || match api::read::<AssignmentsView>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(v)) if v.sealed => {
            let text = move || {
                let t = i18n.t();
                let deadline = close_at
                    .map(|at| time::format_helsinki(at, i18n.lang(), true, t))
                    .unwrap_or_else(|| t.not_set.to_owned());
                t.ep_sealed.replace("{deadline}", &deadline)
            };
            view! { <p class="info" id="ep-sealed">{text}</p> }.into_any()
        }
        Some(Ok(v)) => {
            let loads = v.loads.clone();
            view! {
                <ShortList short=short proposals=v.proposals.clone() />
                <Loads loads=v.loads />
                <h3 id="ep-proposals-title">{tr(|t| t.ep_proposals_title)}</h3>
                {if v.proposals.is_empty() {
                    view! { <p class="muted" id="ep-proposals-none">{tr(|t| t.ep_proposals_none)}</p> }.into_any()
                } else {
                    let items = v
                        .proposals
                        .into_iter()
                        .map(|p| view! { <ProposalRow p=p loads=loads.clone() status=status busy=busy /> })
                        .collect_view();
                    view! { <ul id="ep-proposals" class="item-list" aria-labelledby="ep-proposals-title">{items}</ul> }.into_any()
                }}
            }
            .into_any()
        }
    };
    let sealed = move || {
        api::read::<AssignmentsView>(data.get())
            .and_then(Result::ok)
            .is_none_or(|v| v.sealed)
    };
    view! {
        <section id="ep-assignments" class="form-section" aria-labelledby="ep-assignments-title">
            <h2 id="ep-assignments-title">{tr(|t| t.ep_assign_title)}</h2>
            {status.view()}
            <div hidden=sealed>
                <BulkAssign challenge_id=challenge_id short=short on_done=Callback::new(move |()| data.refetch()) />
            </div>
            {body}
        </section>
    }
}

#[component]
fn Loads(loads: Vec<EvaluatorLoad>) -> impl IntoView {
    if loads.is_empty() {
        return view! {
            <h3 id="ep-loads-title">{tr(|t| t.ep_loads_title)}</h3>
            <p class="muted" id="ep-loads-none">{tr(|t| t.ep_evaluators_none)}</p>
        }
        .into_any();
    }
    let rows = loads
        .into_iter()
        .map(|l| view! { <tr data-evaluator=l.user_id><td>{l.display_name}</td><td>{l.assigned}</td></tr> })
        .collect_view();
    view! {
        <h3 id="ep-loads-title">{tr(|t| t.ep_loads_title)}</h3>
        <table id="ep-loads" class="receipt-files" aria-labelledby="ep-loads-title">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.ep_loads_evaluator)}</th>
                    <th scope="col">{tr(|t| t.ep_loads_count)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// An evaluator's declaration on a proposal, in words.
fn declaration_view(e: &AssignedEvaluator) -> AnyView {
    match &e.declaration {
        None => view! { <span class="muted">{tr(|t| t.ep_decl_pending)}</span> }.into_any(),
        Some(d) => {
            let conflict = d.declaration == DeclarationKind::Conflict;
            let reason = d.reason.clone().filter(|_| conflict);
            view! {
                <span class=if conflict { "badge q-status" } else { "badge q-status answered" }>
                    {if conflict { tr(|t| t.ep_decl_conflict) } else { tr(|t| t.ep_decl_none) }}
                </span>
                " "<Instant at=d.declared_at />
                {(!e.assigned).then(|| {
                    let note = if conflict { tr(|t| t.ep_unassigned_after_conflict) } else { tr(|t| t.ep_not_assigned) };
                    view! { " · "{note} }
                })}
                {reason.map(|r| view! { <span class="pre-line declaration-reason">{tr(|t| t.ep_decl_reason)}": "{r}</span> })}
            }
            .into_any()
        }
    }
}

/// One proposal with its evaluators and the way to add one more.
#[component]
fn ProposalRow(
    p: ProposalAssignments,
    loads: Vec<EvaluatorLoad>,
    status: Status,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pid = p.proposal_id;
    let lead = p.lead.clone();
    let lead_name = move || lead.name(i18n.lang()).to_owned();
    let partners = p.partners.clone();
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
    // Evaluators not on it and without a declared conflict.
    let taken = |user_id: i64| {
        p.evaluators.iter().any(|e| {
            e.user_id == user_id
                && (e.assigned
                    || e.declaration
                        .as_ref()
                        .is_some_and(|d| d.declaration == DeclarationKind::Conflict))
        })
    };
    let choices: Vec<(String, String)> = loads
        .iter()
        .filter(|l| !taken(l.user_id))
        .map(|l| (l.user_id.to_string(), l.display_name.clone()))
        .collect();
    let evaluators = p
        .evaluators
        .iter()
        .map(|e| {
            let uid = e.user_id;
            let unassign = e.assigned.then(|| {
                let name = e.display_name.clone();
                let action = move |_| {
                    let a = Box::pin(api::evaluation::set_assigned(pid, uid, false));
                    status.run(a, |t| t.ep_unassigned, None, busy);
                };
                view! {
                    <button type="button" class="button-secondary small" data-unassign=uid disabled=move || busy.get() on:click=action>
                        {tr(|t| t.ep_unassign)}<span class="visually-hidden">": "{name}</span>
                    </button>
                }
            });
            view! {
                <li class="member" data-evaluator=uid>
                    <div class="member-who">
                        <strong>{e.display_name.clone()}</strong>
                        <span>{declaration_view(e)}</span>
                    </div>
                    <div class="member-tools">{unassign}</div>
                </li>
            }
        })
        .collect_view();
    let none = p.evaluators.is_empty();
    let chosen = RwSignal::new(String::new());
    let add_id = format!("ep-p-{pid}-add");
    let errors = FormErrors::new("errors", |_| "add".into()).with_prefix(format!("ep-p-{pid}-"));
    let has_choices = !choices.is_empty();
    let mut options = vec![(String::new(), String::new())];
    options.extend(choices);
    let options = Signal::derive(move || {
        let mut o = options.clone();
        o[0].1 = i18n.t().ep_staff_choose.to_owned();
        o
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(uid) = chosen.get_untracked().parse::<i64>() else {
            return errors.show_fields(vec![FieldError::new("user_id", FieldCode::Required)]);
        };
        let a = Box::pin(api::evaluation::set_assigned(pid, uid, true));
        status.run(a, |t| t.ep_assigned_one, Some(errors), busy);
    };
    let title_id = format!("ep-proposal-{pid}-title");
    view! {
        <li class="item proposal-assignments" id=format!("ep-proposal-{pid}") data-proposal=pid>
            <div class="item-main">
                <h4 id=title_id.clone() class="small-heading">{lead_name.clone()}</h4>
                <p class="q-meta">{tr(|t| t.mp_partners)}": "{partners_text}</p>
                <p>
                    <a href=format!("/proposals/{pid}")>{tr(|t| t.mp_open)}<span class="visually-hidden">": "{lead_name.clone()}</span></a>
                </p>
                {if none {
                    view! { <p class="muted">{tr(|t| t.ep_no_evaluators_on)}</p> }.into_any()
                } else {
                    view! { <ul class="member-list" aria-labelledby=title_id>{evaluators}</ul> }.into_any()
                }}
                {if has_choices {
                    view! {
                        <ErrorSummary errors=errors level=5 />
                        <form class="inline-form measured" novalidate on:submit=add>
                            <SelectField id=add_id field="user_id" label=|t| t.ep_assign_one_label value=chosen errors=errors options=options />
                            <button type="submit" class="button-secondary" data-assign=pid disabled=move || busy.get()>
                                {tr(|t| t.ep_assign_one)}<span class="visually-hidden">": "{lead_name.clone()}</span>
                            </button>
                        </form>
                    }
                    .into_any()
                } else {
                    view! { <p class="muted">{tr(|t| t.ep_assign_one_none)}</p> }.into_any()
                }}
            </div>
        </li>
    }
}
