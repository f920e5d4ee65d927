//! `/organisation`: the signed-in user's organisations with their details and members, member
//! management for owners, and the form to register a company or research organisation.

use kehto_shared::account::MembershipView;
use leptos::prelude::*;

use super::org_create::CreateOrgForm;
use super::org_members::OrgSection;
use crate::components::widgets::{Loading, SignInRequired};
use crate::focus;
use crate::i18n::tr;
use crate::session::use_session;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.organisation_title.to_owned());
    let signed_in = Memo::new(move |_| session.signed_in());
    let memberships = Memo::new(move |_| {
        session.me.with(|m| {
            m.as_ref()
                .map(|m| m.memberships.clone())
                .unwrap_or_default()
        })
    });
    let who = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().map(|m| (m.user.id, m.user.is_admin)))
    });
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.organisation_title /> }.into_any();
        }
        view! {
            <h1>{tr(|t| t.organisation_title)}</h1>
            {move || {
                let list: Vec<MembershipView> = memberships.get();
                let (my_id, admin) = who.get().unwrap_or((0, false));
                if list.is_empty() {
                    view! { <p class="lead">{tr(|t| t.no_memberships)}</p> }.into_any()
                } else {
                    list.into_iter()
                        .map(|m| view! { <OrgSection membership=m my_id=my_id admin=admin /> })
                        .collect_view()
                        .into_any()
                }
            }}
            <CreateOrgForm />
        }
        .into_any()
    }
}
