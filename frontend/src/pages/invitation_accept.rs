//! `/invitations/accept?token=…`: the page the invitation e-mail links to. It first asks the
//! server who invites the link's holder where (`POST /invitations/preview`), then lets the
//! invited person, signed in with the invited address, accept (`POST /invitations/accept`).
//! Signed-out visitors get sign-in and sign-up links that come back here. A used, revoked or
//! expired link, a link meant for another address and an existing membership each get their
//! own message.

use kehto_shared::profile::{AcceptedInvitation, InvitationPreview};
use kehto_shared::validate::normalise_email;
use kehto_shared::{ApiError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::widgets::{ErrorBox, Instant, Loading, sign_in_href};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let query = use_query_map();
    focus::page_title(|t| t.inv_accept_title.to_owned());
    let token = query
        .with_untracked(|q| q.get("token"))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    view! {
        <div class="narrow">
            {match token {
                Some(token) => view! { <Invitation token=token /> }.into_any(),
                None => view! {
                    <h1>{tr(|t| t.inv_accept_title)}</h1>
                    <p class="error-box" role="alert">{tr(|t| t.link_incomplete)}</p>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn Invitation(token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let preview = RwSignal::new(None::<Result<InvitationPreview, ApiError>>);
    let accepted = RwSignal::new(None::<AcceptedInvitation>);
    spawn_local(async move {
        let result = api::profiles::preview_invitation(&token.get_value()).await;
        preview.set(Some(result));
    });
    move || {
        if let Some(a) = accepted.get() {
            return view! { <Accepted a=a /> }.into_any();
        }
        match preview.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::TokenInvalid => view! {
                <h1>{tr(|t| t.inv_accept_title)}</h1>
                <p id="invitation-error" class="error-box" role="alert">{tr(|t| t.inv_token_invalid)}</p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.inv_accept_title)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
            Some(Ok(p)) => view! { <Preview p=p token=token accepted=accepted /> }.into_any(),
        }
    }
}

#[component]
fn Preview(
    p: InvitationPreview,
    token: StoredValue<String>,
    accepted: RwSignal<Option<AcceptedInvitation>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let org = StoredValue::new(p.org.clone());
    let role = p.role;
    let inviter = p.invited_by.clone();
    let invited = StoredValue::new(p.email.clone());
    let sentence = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        match &inviter {
            Some(name) => t.inv_invites.replace("{name}", name),
            None => t.inv_invited.to_owned(),
        }
        .replace(
            "{org}",
            org.with_value(|o| o.name(lang).to_owned()).as_str(),
        )
        .replace("{role}", &role.label(lang).to_lowercase())
    };
    let with_email = move |s: &str| s.replace("{email}", &invited.get_value());
    // Who is signed in: `None` for nobody, else whether it is the invited address.
    let me = Memo::new(move |_| {
        session.me.with(|m| {
            m.as_ref()
                .map(|m| normalise_email(&m.user.email))
                .map(|mine| (mine == normalise_email(&invited.get_value()), mine))
        })
    });
    let sign_in = sign_in_href();
    let sign_up = sign_in.replacen("/sign-in", "/sign-up", 1);

    let accept = move |_| {
        failure.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::profiles::accept_invitation(&token.get_value()).await;
            busy.set(false);
            match result {
                Ok(a) => {
                    // The new membership shows in the menu and on "my organisation".
                    session.refresh();
                    accepted.set(Some(a));
                    focus::focus_id("invitation-done-title");
                }
                Err(e) => {
                    let t = i18n.t_untracked();
                    let lang = i18n.lang_untracked();
                    failure.set(Some(match e.error.code {
                        ErrorCode::TokenInvalid => t.inv_token_invalid.to_owned(),
                        ErrorCode::Forbidden => t.inv_forbidden.to_owned(),
                        ErrorCode::AlreadyMember => t.inv_member_already.replace(
                            "{org}",
                            org.with_value(|o| o.name(lang).to_owned()).as_str(),
                        ),
                        _ => e.error.message,
                    }));
                }
            }
        });
    };

    view! {
        <h1>{tr(|t| t.inv_accept_title)}</h1>
        <p id="invitation-summary" class="lead">{sentence}</p>
        <p>{move || with_email(i18n.t().inv_for_address)}</p>
        <p>
            {tr(|t| t.inv_valid_until)}": "
            <Instant at=p.expires_at long=true />
        </p>
        {move || failure.get().map(|m| view! { <p id="invitation-error" class="error-box" role="alert">{m}</p> })}
        {move || {
            if !session.loaded.get() {
                return view! { <Loading /> }.into_any();
            }
            match me.get() {
                None => view! {
                    <p>{move || with_email(i18n.t().inv_sign_in_first)}</p>
                    <p>
                        <a id="invitation-sign-in" class="button" href=sign_in.clone()>{tr(|t| t.sign_in)}</a>
                    </p>
                    <p>{move || with_email(i18n.t().inv_no_account)}</p>
                    <p>
                        <a id="invitation-sign-up" href=sign_up.clone()>{tr(|t| t.sign_up)}</a>
                    </p>
                }
                .into_any(),
                Some((false, mine)) => view! {
                    <p id="invitation-wrong-account" class="info">
                        {move || with_email(i18n.t().inv_wrong_account).replace("{me}", &mine)}
                    </p>
                }
                .into_any(),
                Some((true, _)) => view! {
                    <div class="form-actions">
                        <button id="invitation-accept" type="button" class="button" disabled=move || busy.get() on:click=accept>
                            {tr(|t| t.inv_accept)}
                        </button>
                    </div>
                }
                .into_any(),
            }
        }}
    }
}

#[component]
fn Accepted(a: AcceptedInvitation) -> impl IntoView {
    let i18n = use_i18n();
    let org = a.org;
    let role = a.role;
    let id = org.id;
    view! {
        <div id="invitation-done" class="success-panel">
            <h1 id="invitation-done-title" tabindex="-1">{tr(|t| t.inv_accepted_title)}</h1>
            <p>
                {move || {
                    let lang = i18n.lang();
                    i18n.t()
                        .inv_accepted
                        .replace("{org}", org.name(lang))
                        .replace("{role}", &role.label(lang).to_lowercase())
                }}
            </p>
            <ul class="links">
                <li>
                    <a href="/organisation">{tr(|t| t.nav_organisation)}</a>
                </li>
                <li>
                    <a href=format!("/organisations/{id}/edit")>{tr(|t| t.profile_edit)}</a>
                </li>
            </ul>
        </div>
    }
}
