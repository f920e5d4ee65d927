//! `/recommendations` and `/organisations/:id/recommendations`: the open challenges that fit a
//! company's (or research organisation's) public profile best, ranked (`ol#rec-list`), each with
//! its fit in words, status, regions, deadline, the reasons and a link to look for partners on
//! it; then the organisation's recommendation alerts ([`super::alerts`]). A member of several
//! organisations chooses among them (`nav#rec-orgs`); `/recommendations` shows the first.
//! While the profile is not public there is nothing to recommend, and the page says how to
//! change that (`#rec-not-public`).

use kehto_shared::Lang;
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::alerts::RecommendationAlerts;
use super::wire::{Recommendations, Recommended};
use super::{OrgTabs, acting_orgs, challenge_html, pick};
use crate::api;
use crate::api::matchmaking::recommendations_path;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;
use crate::session::use_session;

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let session = use_session();
    // Memos: a changed session (e.g. the language saved in the profile) does not rebuild the page.
    let signed_in = Memo::new(move |_| session.signed_in());
    let orgs = Memo::new(move |_| acting_orgs());
    let params = use_params_map();
    focus::page_title(|t| t.mm_rec_title.to_owned());
    let wanted = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.mm_rec_title /> }.into_any();
        }
        let orgs = orgs.get();
        match pick(&orgs, wanted.get()) {
            None => view! {
                <h1>{tr(|t| t.mm_rec_title)}</h1>
                <p id="rec-no-org" class="lead">{tr(|t| t.mm_rec_no_org)}</p>
                <p><a href="/organisation">{tr(|t| t.nav_organisation)}</a></p>
            }
            .into_any(),
            Some(org) => view! { <RecommendationsFor org=org orgs=orgs /> }.into_any(),
        }
    }
}

fn list_html(items: &[Recommended], org_id: i64, lang: Lang, t: &Texts) -> String {
    items
        .iter()
        .map(|r| {
            let c = &r.challenge;
            let partners = format!(
                r#"<p class="match-links"><a href="/challenges/{}/partners?org={org_id}" data-partners="{}">{}<span class="visually-hidden">: {}</span></a></p>"#,
                c.id,
                c.id,
                t.mm_find_partners,
                esc(&c.title)
            );
            challenge_html(c, 3, Some(r.fit), &r.reason_text, &partners, lang, t)
        })
        .collect()
}

#[component]
fn RecommendationsFor(org: OrgRef, orgs: Vec<OrgRef>) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org.id;
    // The reasons come worded in the interface language: a new language loads them again.
    let data = api::load(move || {
        i18n.lang();
        Some(recommendations_path(org_id))
    });
    let edit_href = format!("/organisations/{org_id}/edit");
    let name = org.clone();
    let list = move || {
        match api::read::<Recommendations>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(r)) if !r.profile_public => view! {
            <p id="rec-not-public" class="info">
                {tr(|t| t.mm_rec_not_public)}" "
                <a href=format!("/organisations/{org_id}/edit")>{tr(|t| t.profile_edit)}</a>
            </p>
        }
        .into_any(),
        Some(Ok(r)) if r.items.is_empty() => {
            view! { <p id="rec-empty" class="muted">{tr(|t| t.mm_rec_empty)}</p> }.into_any()
        }
        Some(Ok(r)) => view! {
            <ol id="rec-list" class="match-list" inner_html=move || list_html(&r.items, org_id, i18n.lang(), i18n.t())></ol>
        }
        .into_any(),
    }
    };
    view! {
        <h1>{tr(|t| t.mm_rec_title)}</h1>
        <p class="lead">{move || i18n.t().mm_rec_intro.replace("{org}", name.name(i18n.lang()))}</p>
        <OrgTabs id="rec-orgs" orgs=orgs current=org_id href=Callback::new(|id| format!("/organisations/{id}/recommendations")) />
        <p class="actions">
            <a id="rec-contact-requests" href="/contact-requests">{tr(|t| t.mm_contacts_title)}</a>
            <a href=edit_href>{tr(|t| t.profile_edit)}</a>
        </p>
        <section class="match-section" aria-labelledby="rec-list-title">
            <h2 id="rec-list-title">{tr(|t| t.mm_rec_list_title)}</h2>
            <p class="hint">{tr(|t| t.mm_rec_list_hint)}</p>
            {list}
        </section>
        <RecommendationAlerts org=org />
    }
}
