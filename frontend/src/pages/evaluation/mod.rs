//! Evaluation of a challenge's proposals (issue #5), each page loaded on demand:
//!
//! - [`criteria`]: `/challenges/:id/evaluation/criteria`, the coordinators' criteria-set editor
//!   (state in `criteria_draft` and `criteria_text`, controls in `criteria_form`,
//!   `criteria_lists` and `loc_fields`, the read-only set in `criteria_view`);
//! - [`panel`]: `/challenges/:id/evaluation`, the coordinators' evaluation panel — evaluators and
//!   invitations (`evaluators`, `evaluator_staff`), assignments, loads and declarations
//!   (`assignments`, `assign_bulk`);
//! - [`workspace`]: `/evaluations`, the evaluator's challenges and assigned proposals with the
//!   conflict-of-interest declaration (`declaration`).
//!
//! [`ChallengeFrame`] is what the two coordinator pages share: the challenge loaded, the way
//! back to it, and whether the viewer coordinates one of its regions.

mod assign_bulk;
mod assignments;
pub mod criteria;
mod criteria_draft;
mod criteria_form;
mod criteria_lists;
mod criteria_text;
pub mod criteria_view;
mod declaration;
mod evaluator_staff;
mod evaluators;
mod loc_fields;
pub mod panel;
pub mod workspace;

use kehto_shared::ErrorCode;
use kehto_shared::challenge::ChallengeDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr};
use crate::pages::static_pages::NotFoundPage;
use crate::session::use_session;

/// What a coordinator page shows once its challenge is here: the challenge, and whether the
/// signed-in user coordinates one of its owning regions.
pub type Body = fn(ChallengeDetail, bool) -> AnyView;

/// The frame of a page under `/challenges/:id/evaluation`: the link back to the challenge, a
/// sign-in request for visitors, the challenge loaded (its title in the page title), then `body`.
#[component]
pub fn ChallengeFrame(title: fn(&Texts) -> &'static str, body: Body) -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    // Only whether someone is signed in decides the page: a refreshed session (the language
    // saved in the profile) must not rebuild a form being filled in.
    let signed_in = Memo::new(move |_| session.signed_in());
    let data = api::load(move || id.get().map(|id| format!("/challenges/{id}")));
    let name = RwSignal::new(None::<String>);
    focus::page_title(move |t| match name.get() {
        Some(c) => format!("{} – {c}", title(t)),
        None => title(t).to_owned(),
    });
    let back = move || {
        id.get()
            .map(|id| format!("/challenges/{id}"))
            .unwrap_or_else(|| "/".into())
    };
    view! {
        <p class="breadcrumb">
            <a href=back>
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.back_to_challenge)}
            </a>
        </p>
        {move || {
            if !session.loaded.get() {
                return view! { <Loading /> }.into_any();
            }
            if !signed_in.get() {
                return view! { <SignInRequired title=title /> }.into_any();
            }
            match api::read::<ChallengeDetail>(data.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) if e.error.code == ErrorCode::NotFound => {
                    view! { <NotFoundPage /> }.into_any()
                }
                Some(Err(e)) => view! {
                    <h1>{tr(title)}</h1>
                    <ErrorBox error=e />
                }
                .into_any(),
                Some(Ok(d)) => {
                    name.set(Some(d.summary.title.clone()));
                    let coordinates = session.me.with_untracked(|m| {
                        m.as_ref().is_some_and(|m| {
                            m.coordinated_regions()
                                .any(|r| d.summary.regions.iter().any(|x| x.id == r.id))
                        })
                    });
                    body(d, coordinates)
                }
            }
        }}
    }
}

/// The heading of a coordinator page: "<page>" and the challenge it concerns, linked.
pub fn page_heading(title: fn(&Texts) -> &'static str, d: &ChallengeDetail) -> AnyView {
    let href = format!("/challenges/{}", d.summary.id);
    let lang = d.summary.lang.code();
    let name = d.summary.title.clone();
    view! {
        <h1 id="eval-title">{tr(title)}</h1>
        <p class="lead">
            {tr(|t| t.challenge)}": "
            <a href=href lang=lang>{name}</a>
        </p>
    }
    .into_any()
}
