//! `/evaluations/accept?token=…`: the page the evaluator invitation e-mail links to. A signed-in
//! user accepts (`POST /evaluator-invitations/accept`), is told when the evaluation opens to
//! them and is led on to their workspace (`a#ev-accept-go` → `/evaluations`); a signed-out
//! visitor gets sign-in and sign-up links that come back here. The server's message says why a
//! link does not work (used, revoked or expired; meant for another address; the address not yet
//! verified).

use kehto_shared::evaluation::AcceptedEvaluatorInvitation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::widgets::{Loading, sign_in_href};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::sign_in::remember_next;
use crate::session::use_session;

#[component]
pub fn EvaluatorAcceptPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    focus::page_title(|t| t.ev_accept_title.to_owned());
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let token = StoredValue::new(token);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let accepted = RwSignal::new(None::<AcceptedEvaluatorInvitation>);
    let accept = move |_| {
        let Some(token) = token.get_value() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::profiles::accept_evaluator_invitation(&token).await {
                Ok(a) => {
                    accepted.set(Some(a));
                    focus::focus_id("ev-accept-done");
                }
                Err(e) => {
                    failure.set(Some(e.error.message));
                    focus::focus_id("ev-accept-error");
                }
            }
            busy.set(false);
        });
    };
    let body = move || {
        if token.with_value(Option::is_none) {
            return view! { <p class="error-box" role="alert">{tr(|t| t.link_incomplete)}</p> }
                .into_any();
        }
        if let Some(a) = accepted.get() {
            let text = i18n
                .t()
                .ev_accept_done
                .replace("{title}", &a.challenge_title);
            return view! {
                <div id="ev-accept-done" class="success-panel" tabindex="-1">
                    <p>{text}</p>
                    <p class="actions">
                        <a id="ev-accept-go" class="button" href="/evaluations">{tr(|t| t.ev_accept_go)}</a>
                        <a href=format!("/challenges/{}", a.challenge_id)>{tr(|t| t.ev_accept_open_challenge)}</a>
                    </p>
                </div>
            }
            .into_any();
        }
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !session.signed_in() {
            // Signing up goes through an e-mail confirmation, possibly in another tab.
            let here = format!(
                "/evaluations/accept?token={}",
                String::from(js_sys::encode_uri_component(
                    &token.get_value().unwrap_or_default()
                ))
            );
            remember_next(&here);
            let sign_up = format!(
                "/sign-up?next={}",
                String::from(js_sys::encode_uri_component(&here))
            );
            return view! {
                <p>{tr(|t| t.ev_accept_sign_in)}</p>
                <p class="actions">
                    <a id="ev-accept-sign-in" class="button" href=sign_in_href()>{tr(|t| t.sign_in)}</a>
                    <a id="ev-accept-sign-up" href=sign_up>{tr(|t| t.sign_up)}</a>
                </p>
            }
            .into_any();
        }
        view! {
            <p class="actions">
                <button id="ev-accept" type="button" on:click=accept disabled=move || busy.get()>
                    {tr(|t| t.ev_accept_button)}
                </button>
            </p>
        }
        .into_any()
    };
    view! {
        <div class="narrow">
            <h1>{tr(|t| t.ev_accept_title)}</h1>
            <p class="lead">{tr(|t| t.ev_accept_intro)}</p>
            {body}
            <div id="ev-accept-error" tabindex="-1">
                {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
        </div>
    }
}
