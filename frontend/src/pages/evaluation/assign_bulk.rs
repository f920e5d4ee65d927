//! Assigning in bulk on the coordinators' panel ([`super::assignments`]): `form#ep-bulk` — every
//! evaluator to every proposal (`#ep-mode-all`), or a balanced share (`#ep-mode-balanced`) with
//! `input#ep-per-proposal` evaluators each (1–20), `button#ep-bulk-run`; existing assignments
//! stay and declared conflicts are skipped (the server's rules). The outcome is said in
//! `#ep-bulk-status`; proposals that got fewer evaluators than asked for are listed in
//! `#ep-short`, each linking to its place in the list below.

use kehto_shared::evaluation::{AssignMode, AssignRequest, ProposalAssignments, Shortfall};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice, TextField};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// Assigning every proposal at once.
#[component]
pub fn BulkAssign(
    challenge_id: i64,
    short: RwSignal<Vec<Shortfall>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let balanced = RwSignal::new(false);
    let k = RwSignal::new("2".to_owned());
    let errors = FormErrors::new("ep-bulk-errors", |_| "ep-per-proposal".into());
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let req = if balanced.get_untracked() {
            AssignRequest {
                mode: AssignMode::Balanced,
                per_proposal: k.get_untracked().trim().parse().ok(),
            }
        } else {
            AssignRequest {
                mode: AssignMode::AllToAll,
                per_proposal: None,
            }
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::evaluation::assign(challenge_id, &req).await;
            busy.set(false);
            match result {
                Ok(v) => {
                    let t = i18n.t_untracked();
                    notice.set(Some(if v.short.is_empty() {
                        t.ep_assigned.to_owned()
                    } else {
                        t.ep_assigned_short
                            .replace("{n}", &v.short.len().to_string())
                    }));
                    short.set(v.short);
                    on_done.run(());
                    focus::focus_id("ep-bulk-status");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    let radio = move |id: &'static str, value: bool, label: fn(&Texts) -> &'static str| {
        view! {
            <div class="radio">
                <input type="radio" id=id name="ep-mode" prop:checked=move || balanced.get() == value on:change=move |_| balanced.set(value) />
                <label for=id>{tr(label)}</label>
            </div>
        }
    };
    view! {
        <h3 id="ep-bulk-title">{tr(|t| t.ep_bulk_title)}</h3>
        <div id="ep-bulk-status" tabindex="-1">
            <Notice message=notice />
        </div>
        <ErrorSummary errors=errors level=4 />
        <form id="ep-bulk" novalidate aria-labelledby="ep-bulk-title" on:submit=submit>
            <fieldset class="field" aria-describedby="ep-bulk-hint">
                <legend>{tr(|t| t.ep_mode)}</legend>
                <p class="hint" id="ep-bulk-hint">{tr(|t| t.ep_bulk_hint)}</p>
                {radio("ep-mode-all", false, |t| t.ep_mode_all)}
                {radio("ep-mode-balanced", true, |t| t.ep_mode_balanced)}
            </fieldset>
            <div class="conditional" hidden=move || !balanced.get()>
                <TextField id="ep-per-proposal" field="per_proposal" label=|t| t.ep_per_proposal hint=|t| t.ep_per_proposal_hint value=k errors=errors inputmode="numeric" autocomplete="off" class="short-field" />
            </div>
            <div class="form-actions">
                <button id="ep-bulk-run" type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.ep_bulk_run)}</button>
            </div>
        </form>
    }
}

/// The proposals the last balanced assignment could not give the number asked for.
#[component]
pub fn ShortList(
    short: RwSignal<Vec<Shortfall>>,
    proposals: Vec<ProposalAssignments>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = short.get();
        (!list.is_empty()).then(|| {
            let lang = i18n.lang();
            let t = i18n.t();
            let items = list
                .iter()
                .map(|s| {
                    let lead = proposals
                        .iter()
                        .find(|p| p.proposal_id == s.proposal_id)
                        .map(|p| p.lead.name(lang).to_owned())
                        .unwrap_or_default();
                    let text = t.ep_short_item.replace("{n}", &s.evaluators.to_string());
                    view! { <li><a href=format!("#ep-proposal-{}", s.proposal_id)>{lead}</a>": "{text}</li> }
                })
                .collect_view();
            view! {
                <div id="ep-short" class="error-box">
                    <h3 id="ep-short-title">{t.ep_short_title}</h3>
                    <ul aria-labelledby="ep-short-title">{items}</ul>
                </div>
            }
        })
    }
}
