//! The consortium (`section#pe-partners`): the partner organisations with their answers
//! (`ul#pe-partner-list`, `li#pe-partner-<org id>`), and for the lead organisation the removal
//! (`#pe-partner-<org id>-remove`) and the invitation: a search of the public organisation
//! directory (`#pe-partner-q`, `#pe-partner-search`), a choice among the results
//! (`fieldset#pe-partner-results`) and `#pe-partner-invite`.

use kehto_shared::ErrorCode;
use kehto_shared::error::FieldCode;
use kehto_shared::org::OrgRef;
use kehto_shared::proposals::PartnerState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

use super::dialogue_kit::Status;
use super::proposal_draft::Meta;
use crate::api;
use crate::components::form::{ErrorSummary, FieldMessage, FormErrors, Problem, Shown, TextField};
use crate::components::widgets::Instant;
use crate::i18n::{Texts, tr, use_i18n};

/// A line of `GET /directory`: only the organisation is needed here.
#[derive(Clone, Deserialize)]
struct Found {
    org: OrgRef,
}

#[derive(Deserialize)]
struct FoundPage {
    items: Vec<Found>,
}

fn state_label(s: PartnerState, t: &Texts) -> &'static str {
    match s {
        PartnerState::Invited => t.pe_partner_invited,
        PartnerState::Accepted => t.pe_partner_accepted,
        PartnerState::Declined => t.pe_partner_declined,
    }
}

fn field_id(f: &str) -> String {
    if f == "q" {
        "pe-partner-q"
    } else {
        "pe-partner-results"
    }
    .to_owned()
}

#[component]
pub fn Partners(meta: Meta, lead: OrgRef) -> impl IntoView {
    let i18n = use_i18n();
    let status = Status::new("pe-partner-status", Callback::new(move |()| meta.refresh()));
    let busy = RwSignal::new(false);
    let list = move || {
        let partners = meta.partners.get();
        if partners.is_empty() {
            return view! { <p class="muted" id="pe-partners-none">{tr(|t| t.pe_partners_none)}</p> }.into_any();
        }
        let manage = meta.can_manage_partners.get();
        let items = partners
            .into_iter()
            .map(|p| {
                let org_id = p.org.id;
                let org = p.org;
                let name = move || org.name(i18n.lang()).to_owned();
                let when = p.responded_at.unwrap_or(p.invited_at);
                let remove = manage.then(|| {
                    let action = move |_| {
                        let a = Box::pin(api::proposals::remove_partner(meta.id, org_id));
                        status.run(a, |t| t.pe_partner_removed_notice, None, busy);
                    };
                    view! {
                        <button id=format!("pe-partner-{org_id}-remove") type="button" class="button-secondary small" disabled=move || busy.get() on:click=action>
                            {tr(|t| t.pe_remove)}<span class="visually-hidden">": "{name.clone()}</span>
                        </button>
                    }
                });
                view! {
                    <li class="item" id=format!("pe-partner-{org_id}")>
                        <div class="item-main">
                            <strong>{name}</strong>
                            <p class="q-meta">
                                <span class="badge q-status" class:answered=p.state == PartnerState::Accepted>
                                    {move || state_label(p.state, i18n.t())}
                                </span>
                                " "<Instant at=when />
                            </p>
                        </div>
                        {remove}
                    </li>
                }
            })
            .collect_view();
        view! { <ul id="pe-partner-list" class="item-list">{items}</ul> }.into_any()
    };
    view! {
        <section id="pe-partners" class="my-section" aria-labelledby="pe-partners-title">
            <h2 id="pe-partners-title">{tr(|t| t.pe_partners_title)}</h2>
            {move || meta.can_manage_partners.get().then(|| view! { <p class="hint">{tr(|t| t.pe_partners_intro)}</p> })}
            {status.view()}
            {list}
            {move || meta.can_manage_partners.get().then(|| view! { <Invite meta=meta lead=lead.id status=status /> })}
        </section>
    }
}

/// The lead's search and invitation.
#[component]
fn Invite(meta: Meta, lead: i64, status: Status) -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<OrgRef>>);
    let chosen = RwSignal::new(None::<i64>);
    let errors = FormErrors::new("pe-partner-errors", field_id);
    let busy = RwSignal::new(false);
    let search = move || {
        let text = q.get_untracked().trim().to_owned();
        if text.is_empty() {
            return errors.show_shown(vec![Shown {
                field: "q".into(),
                problem: Problem::Code(FieldCode::Required, None),
            }]);
        }
        errors.clear();
        chosen.set(None);
        // A business ID finds any company or research organisation, public profile or not.
        let by_id = kehto_shared::business_id::BusinessId::parse(&text);
        let encoded = String::from(js_sys::encode_uri_component(&text));
        let path = match by_id {
            Some(_) => format!("/organisations/lookup?business_id={encoded}"),
            None => format!("/directory?per_page=10&q={encoded}"),
        };
        spawn_local(async move {
            let text = api::fetch(path).await;
            let orgs = if by_id.is_some() {
                match api::read::<OrgRef>(Some(text)) {
                    Some(Ok(org)) => Ok(vec![org]),
                    Some(Err(e)) if e.error.code == ErrorCode::NotFound => Ok(vec![]),
                    Some(Err(e)) => Err(e),
                    None => return,
                }
            } else {
                match api::read::<FoundPage>(Some(text)) {
                    Some(Ok(page)) => Ok(page.items.into_iter().map(|f| f.org).collect()),
                    Some(Err(e)) => Err(e),
                    None => return,
                }
            };
            match orgs {
                Ok(list) => found.set(Some(list.into_iter().filter(|o| o.id != lead).collect())),
                Err(e) => errors.show_api(&e),
            }
        });
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Enter in the search field searches (typing there clears the earlier results).
        if found.with_untracked(Option::is_none) {
            return search();
        }
        let Some(org_id) = chosen.get_untracked() else {
            return errors.show_shown(vec![Shown {
                field: "org_id".into(),
                problem: Problem::Text(|t: &Texts| t.pe_partner_choose_first),
            }]);
        };
        let action = Box::pin(api::proposals::invite_partner(meta.id, org_id));
        status.run(action, |t| t.pe_partner_invited_notice, Some(errors), busy);
        found.set(None);
    };
    let results = move || {
        found.get().map(|orgs| {
            if orgs.is_empty() {
                return view! { <p id="pe-partner-none" class="muted">{tr(|t| t.pe_partner_no_results)}</p> }.into_any();
            }
            let has_error = Signal::derive(move || errors.has("org_id"));
            view! {
                <fieldset id="pe-partner-results" class="field" class:field-invalid=move || has_error.get()>
                    <legend>{tr(|t| t.pe_partner_results)}</legend>
                    <FieldMessage id="pe-partner-results" field="org_id" errors=errors />
                    {orgs.into_iter().map(|o| {
                        let id = format!("pe-partner-org-{}", o.id);
                        let org_id = o.id;
                        view! {
                            <div class="radio">
                                <input type="radio" id=id.clone() name="pe-partner-org" value=org_id
                                    on:change=move |_| chosen.set(Some(org_id)) />
                                <label for=id>{move || o.name(i18n.lang()).to_owned()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button id="pe-partner-invite" type="submit" class="button" disabled=move || busy.get()>
                    {tr(|t| t.pe_partner_invite)}
                </button>
            }
            .into_any()
        })
    };
    view! {
        <form class="dialogue-form" novalidate aria-labelledby="pe-partner-invite-title" on:submit=invite>
            <h3 id="pe-partner-invite-title">{tr(|t| t.pe_partner_invite)}</h3>
            <ErrorSummary errors=errors level=4 />
            <div class="inline-form measured" on:input=move |_| found.set(None)>
                <TextField id="pe-partner-q" field="q" label=|t| t.pe_partner_search hint=|t| t.pe_partner_search_hint value=q errors=errors />
                <button id="pe-partner-search" type="button" class="button-secondary" on:click=move |_| search()>
                    {tr(|t| t.search_button)}
                </button>
            </div>
            {results}
        </form>
    }
}
