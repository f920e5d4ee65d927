//! `/challenges/:id/evaluation`: the coordinators' evaluation panel of one challenge. From top
//! to bottom: the link to the criteria editor (`a#ep-criteria-link`), the evaluators with the
//! region's staff to add and the e-mail invitations ([`super::evaluators`], `section#ep-evaluators`),
//! then the assignments ([`super::assignments`], `section#ep-assignments`: sealed until the
//! proposals deadline). Every part stands in its own `<section>` under an `<h2>`, so later
//! stages of the evaluation (scores, consensus, decisions) follow below as further sections.
//!
//! Someone signed in who does not coordinate an owning region is told so
//! (`#ep-not-coordinator`); the server refuses them anyway.

use kehto_shared::challenge::ChallengeDetail;
use leptos::prelude::*;

use super::assignments::Assignments;
use super::evaluators::Evaluators;
use super::{ChallengeFrame, page_heading};
use crate::i18n::tr;

#[component]
pub fn PanelPage() -> impl IntoView {
    view! { <ChallengeFrame title=|t| t.ep_title body=|d, coordinates| view! { <Panel d=d coordinates=coordinates /> }.into_any() /> }
}

#[component]
fn Panel(d: ChallengeDetail, coordinates: bool) -> impl IntoView {
    let id = d.summary.id;
    let heading = page_heading(|t| t.ep_title, &d);
    if !coordinates {
        return view! {
            {heading}
            <p class="info" id="ep-not-coordinator">{tr(|t| t.ep_not_coordinator)}</p>
        }
        .into_any();
    }
    // Raised after every change to the evaluators, so the assignments (their choices and loads)
    // are loaded again.
    let changed = RwSignal::new(0u32);
    let regions: Vec<i64> = d.summary.regions.iter().map(|r| r.id).collect();
    view! {
        {heading}
        <p>{tr(|t| t.ep_intro)}</p>
        <p>
            <a id="ep-criteria-link" href=format!("/challenges/{id}/evaluation/criteria")>{tr(|t| t.ec_title)}</a>
            " · "
            <a id="ep-board-link" href=format!("/challenges/{id}/evaluation/board")>{tr(|t| t.eb_page_title)}</a>
        </p>
        <Evaluators challenge_id=id regions=regions changed=changed />
        <Assignments challenge_id=id close_at=d.summary.proposals_close_at changed=changed />
    }
    .into_any()
}
