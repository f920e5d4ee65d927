//! The proposal part of a challenge page. The coordinators of an owning region see the
//! submissions ([`super::challenge_submissions`]); members of companies and research
//! organisations see `section#proposal-box`: links to their organisations' proposals on this
//! challenge (`#proposal-continue`), a pending partner invitation, and, while proposals are open,
//! `button#proposal-start` ("Prepare a proposal"; `select#proposal-org` when they may choose among
//! several organisations). Starting answers the organisation's proposal, new or existing, and
//! opens it at `/proposals/:id`; and, while proposals are open, `a#partner-search-link` to look
//! for partners. Visitors see a sign-in link while proposals are open.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::dialogue_kit::{esc, takes_part};
use super::my_proposals::{Part, Summary};
use crate::api;
use crate::components::widgets::{ErrorBox, sign_in_href};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::lazy_pages::{OnDemand, OnDemandPart};
use crate::session::use_session;

/// Who the viewer is to this challenge's proposals.
#[derive(Clone, PartialEq)]
enum Viewer {
    Unknown,
    Visitor,
    Coordinator,
    /// The viewer's companies and research organisations (none: nothing to show).
    Member(Vec<OrgRef>),
}

#[component]
pub fn ChallengeProposal(
    challenge_id: i64,
    status: ChallengeStatus,
    close_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    regions: Vec<OrgRef>,
) -> impl IntoView {
    let session = use_session();
    let open = matches!(
        status,
        ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
    ) && close_at.is_some_and(|at| at > now);
    let viewer = Memo::new(move |_| {
        if !session.loaded.get() {
            return Viewer::Unknown;
        }
        session.me.with(|m| match m {
            None => Viewer::Visitor,
            Some(m)
                if m.coordinated_regions()
                    .any(|r| regions.iter().any(|x| x.id == r.id)) =>
            {
                Viewer::Coordinator
            }
            Some(m) => Viewer::Member(
                m.memberships
                    .iter()
                    .filter(|x| takes_part(&x.org))
                    .map(|x| x.org.clone())
                    .collect(),
            ),
        })
    });
    move || match viewer.get() {
        // A draft has no proposals.
        _ if status == ChallengeStatus::Draft => ().into_any(),
        Viewer::Coordinator => {
            view! { <OnDemand part=OnDemandPart::Submissions(challenge_id) /> }.into_any()
        }
        Viewer::Visitor if open => view! {
            <p id="proposal-sign-in" class="info">
                <a href=sign_in_href()>{tr(|t| t.cp_sign_in)}</a>
            </p>
        }
        .into_any(),
        Viewer::Member(orgs) if !orgs.is_empty() => {
            view! { <OnDemand part=OnDemandPart::ProposalBox(challenge_id, orgs, open) /> }
                .into_any()
        }
        _ => ().into_any(),
    }
}

/// The member's links to their proposals here, as HTML (`mine`: their organisations' ids).
fn links_html(list: &[Summary], mine: &[i64], several: bool, lang: Lang, t: &Texts) -> String {
    let mut h = String::new();
    for s in list {
        let id = s.id;
        let lead = esc(s.lead.name(lang));
        h += &match s.part(mine) {
            Part::Lead => {
                let org = if several {
                    format!(" – {lead}")
                } else {
                    String::new()
                };
                format!(
                    r#"<li><a class="button" href="/proposals/{id}" data-proposal="{id}">{}{org}</a></li>"#,
                    t.cp_continue
                )
            }
            Part::Partner => format!(
                r#"<li><a href="/proposals/{id}" data-proposal="{id}">{}</a></li>"#,
                t.cp_partner_of.replace("{lead}", &lead)
            ),
            Part::Invited => format!(
                r##"<li>{} <a href="/my/proposals#my-invitations" data-invitation="{id}">{}</a></li>"##,
                t.cp_invited.replace("{lead}", &lead),
                t.cp_answer_invitation
            ),
        };
    }
    h
}

#[component]
pub fn ProposalBox(challenge_id: i64, orgs: Vec<OrgRef>, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(|| Some(api::proposals::MY_PROPOSALS.to_owned()));
    let chosen = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let go = Callback::new(move |path: String| navigate(&path, NavigateOptions::default()));
    let mine: Vec<i64> = orgs.iter().map(|o| o.id).collect();
    let several = orgs.len() > 1;
    move || {
        let list = match api::read::<Vec<Summary>>(data.get()) {
            None => return ().into_any(),
            Some(Err(e)) => return view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(list)) => list,
        };
        let here: Vec<Summary> = list
            .into_iter()
            .filter(|s| s.challenge_id == challenge_id)
            .collect();
        // Organisations that have no proposal of their own here yet.
        let free: Vec<OrgRef> = orgs
            .iter()
            .filter(|o| !here.iter().any(|s| s.lead.id == o.id))
            .cloned()
            .collect();
        let can_start = open && !free.is_empty();
        if here.is_empty() && !can_start {
            return ().into_any();
        }
        let links = (!here.is_empty()).then(|| {
            let mine = mine.clone();
            let html = move || links_html(&here, &mine, several, i18n.lang(), i18n.t());
            view! { <ul id="proposal-continue" class="links" inner_html=html></ul> }
        });
        let first = free.first().map(|o| o.id);
        let start = move |_: leptos::ev::MouseEvent| {
            let org_id = chosen.get_untracked().parse().ok().or(first);
            busy.set(true);
            failure.set(None);
            spawn_local(async move {
                match api::proposals::start_proposal(challenge_id, org_id).await {
                    Ok(id) => go.run(format!("/proposals/{id}")),
                    Err(e) => {
                        busy.set(false);
                        failure.set(Some(e.error.message));
                        focus::focus_id("proposal-start-status");
                    }
                }
            });
        };
        let lang = i18n.lang_untracked();
        // A choice only among several organisations without a proposal here; with one left
        // of several, say which.
        let chooser = if free.len() > 1 {
            Some(
                view! {
                    <div class="field org-choice">
                        <label for="proposal-org">{tr(|t| t.acting_for)}</label>
                        <select id="proposal-org" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {free
                                .iter()
                                .map(|o| view! { <option value=o.id.to_string()>{o.name(lang).to_owned()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                }
                .into_any(),
            )
        } else {
            free.first().filter(|_| several).map(|o| {
                view! {
                    <p class="hint">{tr(|t| t.acting_for)}": "<strong>{o.name(lang).to_owned()}</strong></p>
                }
                .into_any()
            })
        };
        let starter = can_start.then(|| {
            view! {
                {chooser}
                <p class="actions">
                    <button id="proposal-start" type="button" on:click=start disabled=move || busy.get()>
                        {tr(|t| t.cp_prepare)}
                    </button>
                </p>
            }
        });
        view! {
            <section id="proposal-box" class="dialogue-section" aria-labelledby="proposal-box-title">
                <h2 id="proposal-box-title">{tr(|t| t.cp_title)}</h2>
                <p class="hint">{tr(|t| t.cp_sealed_note)}</p>
                {links}
                {starter}
                {open.then(|| view! {
                    <p class="hint">
                        {tr(|t| t.mm_partners_teaser)}" "
                        <a id="partner-search-link" href=format!("/challenges/{challenge_id}/partners")>{tr(|t| t.mm_find_partners)}</a>
                    </p>
                })}
                <div id="proposal-start-status" tabindex="-1">
                    {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
                </div>
            </section>
        }
        .into_any()
    }
}
