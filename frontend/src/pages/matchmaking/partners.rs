//! `/challenges/:id/partners?org=`: a company member looks for partners on a challenge. The
//! form (`form#partner-form`) says what the organisation lacks — capabilities from the shared list
//! (`fieldset#partner-lacking`) and, in its own words, `#partner-note` — and marks it as looking
//! (`#partner-save`) or no longer looking (`#partner-stop`). While it looks, complementary
//! organisations are listed with the reasons ([`super::candidates`]). A member of several
//! organisations chooses which one is looking (`nav#partner-orgs`).

use kehto_shared::challenge::ChallengeDetail;
use kehto_shared::error::FieldCode;
use kehto_shared::matchmaking::PartnerSearchInput;
use kehto_shared::org::OrgRef;
use kehto_shared::profile::Capability;
use kehto_shared::{ErrorCode, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::candidates::CandidateList;
use super::wire::Search;
use super::{OrgTabs, Said, acting_orgs, pick};
use crate::api;
use crate::api::matchmaking::{delete_partner_search, partner_search_path, save_partner_search};
use crate::components::form::{ErrorSummary, FormErrors, Problem, Shown, TextField};
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::profile_offerings::{CheckGroup, capability_choices};
use crate::session::use_session;

#[component]
pub fn PartnerSearchPage() -> impl IntoView {
    let session = use_session();
    // Memos: a changed session (e.g. the language saved in the profile) does not rebuild the page.
    let signed_in = Memo::new(move |_| session.signed_in());
    let orgs = Memo::new(move |_| acting_orgs());
    let params = use_params_map();
    let query = use_query_map();
    focus::page_title(|t| t.mm_partners_title.to_owned());
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let wanted = Memo::new(move |_| {
        query
            .with(|q| q.get("org"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    move || {
        let Some(id) = id.get() else {
            return view! { <Loading /> }.into_any();
        };
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.mm_partners_title /> }.into_any();
        }
        let orgs = orgs.get();
        match pick(&orgs, wanted.get()) {
            None => view! {
                <h1>{tr(|t| t.mm_partners_title)}</h1>
                <p id="partner-no-org" class="lead">{tr(|t| t.mm_partners_no_org)}</p>
            }
            .into_any(),
            Some(org) => view! { <PartnerSearch challenge_id=id org=org orgs=orgs /> }.into_any(),
        }
    }
}

#[component]
fn PartnerSearch(challenge_id: i64, org: OrgRef, orgs: Vec<OrgRef>) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org.id;
    let detail = api::load(move || Some(format!("/challenges/{challenge_id}")));
    let title = move || {
        api::read::<ChallengeDetail>(detail.get())
            .and_then(Result::ok)
            .map(|d| d.summary.title)
            .unwrap_or_else(|| i18n.t().challenge.to_owned())
    };
    let search = api::load(move || Some(partner_search_path(challenge_id, org_id)));
    let said = Said::new("partner-status");
    let changed = Callback::new(move |()| search.refetch());
    let form = move || {
        match api::read::<Search>(search.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) if e.error.code == ErrorCode::NotFound => {
            view! { <SearchForm challenge_id=challenge_id org_id=org_id existing=None said=said changed=changed /> }.into_any()
        }
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(s)) => view! {
            <SearchForm challenge_id=challenge_id org_id=org_id existing=Some(s) said=said changed=changed />
            <CandidateList challenge_id=challenge_id org_id=org_id said=said />
        }
        .into_any(),
    }
    };
    let name = org.clone();
    view! {
        <p class="breadcrumb">
            <a href=format!("/challenges/{challenge_id}")>
                <span aria-hidden="true">"← "</span>
                {title}
            </a>
        </p>
        <h1>{tr(|t| t.mm_partners_title)}</h1>
        <p class="lead">{move || i18n.t().mm_partners_intro.replace("{org}", name.name(i18n.lang()))}</p>
        <OrgTabs
            id="partner-orgs"
            orgs=orgs
            current=org_id
            href=Callback::new(move |id| format!("/challenges/{challenge_id}/partners?org={id}"))
        />
        <p class="actions">
            <a id="partner-contact-requests" href="/contact-requests">{tr(|t| t.mm_contacts_title)}</a>
        </p>
        {said.view()}
        {form}
    }
}

/// "Say what you lack" is reported on `lacking`; say it in those words.
fn explain(errors: Vec<FieldError>) -> Vec<Shown> {
    errors
        .into_iter()
        .map(|e| Shown {
            problem: if e.field == "lacking" && e.code == FieldCode::Required {
                Problem::Text(|t: &Texts| t.mm_partner_need_something)
            } else {
                Problem::Code(e.code, e.limit)
            },
            field: e.field,
        })
        .collect()
}

#[component]
fn SearchForm(
    challenge_id: i64,
    org_id: i64,
    existing: Option<Search>,
    said: Said,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let looking = existing.is_some();
    let (lacking, note) = existing
        .map(|s| {
            let codes: Vec<String> = s.lacking.iter().map(|c| c.code().to_owned()).collect();
            (codes, s.note)
        })
        .unwrap_or_default();
    let lacking = RwSignal::new(lacking);
    let note = RwSignal::new(note);
    let errors = FormErrors::new("partner-errors", |f| {
        if f == "note" {
            "partner-note"
        } else {
            "partner-lacking"
        }
        .to_owned()
    });
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PartnerSearchInput {
            org_id,
            lacking: lacking
                .get_untracked()
                .iter()
                .filter_map(|c| Capability::from_code(c))
                .collect(),
            note: note.get_untracked().trim().to_owned(),
        };
        if let Err(fields) = input.validate() {
            return errors.show_shown(explain(fields));
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = save_partner_search(challenge_id, &input).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    said.ok(i18n.t_untracked().mm_partner_saved.to_owned());
                    changed.run(());
                }
                Err(e) if !e.error.fields.is_empty() => errors.show_shown(explain(e.error.fields)),
                Err(e) => said.failed(e.error.message),
            }
        });
    };
    let stop = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = delete_partner_search(challenge_id, org_id).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    said.ok(i18n.t_untracked().mm_partner_stopped.to_owned());
                    changed.run(());
                }
                Err(e) => said.failed(e.error.message),
            }
        });
    };
    view! {
        <section class="match-section" aria-labelledby="partner-form-title">
            <h2 id="partner-form-title">{tr(|t| t.mm_partner_form_title)}</h2>
            <p id="partner-state" class=if looking { "info" } else { "hint" }>
                {tr(if looking { |t: &Texts| t.mm_partner_looking } else { |t: &Texts| t.mm_partner_not_looking })}
            </p>
            <ErrorSummary errors=errors level=3 />
            <form id="partner-form" class="stack" novalidate on:submit=submit>
                <CheckGroup
                    id="partner-lacking"
                    field="lacking"
                    legend=|t| t.mm_partner_lacking
                    hint=|t| t.mm_partner_lacking_hint
                    chosen=lacking
                    choices=capability_choices
                    errors=errors
                />
                <TextField
                    id="partner-note"
                    field="note"
                    label=|t| t.mm_partner_note
                    hint=|t| t.mm_partner_note_hint
                    value=note
                    errors=errors
                    rows=3
                    optional=true
                />
                <div class="form-actions">
                    <button id="partner-save" type="submit" class="button" disabled=move || busy.get()>
                        {tr(if looking { |t: &Texts| t.mm_partner_update } else { |t: &Texts| t.mm_partner_save })}
                    </button>
                    {looking.then(|| view! {
                        <button id="partner-stop" type="button" class="button-secondary" disabled=move || busy.get() on:click=stop>
                            {tr(|t| t.mm_partner_stop)}
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}
