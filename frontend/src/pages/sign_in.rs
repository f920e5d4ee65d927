//! `/sign-in`: e-mail and password. `?next=/path` returns there afterwards.

use kehto_shared::FieldError;
use kehto_shared::account::LoginRequest;
use kehto_shared::error::FieldCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, SubmitButton, TextField};
use crate::focus;
use crate::i18n::tr;
use crate::session::use_session;

/// A safe place to return to: a path on this site only.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
        .unwrap_or_else(|| "/".to_owned())
}

const NEXT_KEY: &str = "kehto.next";

/// Keeps where a new user was going (e.g. an invitation) across signing up and confirming the
/// e-mail address, which may happen in another tab: the confirmation page sends them on.
pub fn remember_next(next: &str) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = if next == "/" {
            storage.remove_item(NEXT_KEY)
        } else {
            storage.set_item(NEXT_KEY, next)
        };
    }
}

/// The sign-in link that returns to what [`remember_next`] kept (plain `/sign-in` if nothing).
pub fn sign_in_href_remembered() -> String {
    let next = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(NEXT_KEY).ok().flatten());
    let next = safe_next(next);
    if next == "/" {
        "/sign-in".to_owned()
    } else {
        format!(
            "/sign-in?next={}",
            String::from(js_sys::encode_uri_component(&next))
        )
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    focus::page_title(|t| t.sign_in_title.to_owned());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("signin-errors", |f| format!("signin-{f}"));
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let mut missing = Vec::new();
        if req.email.is_empty() {
            missing.push(FieldError::new("email", FieldCode::Required));
        }
        if req.password.is_empty() {
            missing.push(FieldError::new("password", FieldCode::Required));
        }
        if !missing.is_empty() {
            return errors.show_fields(missing);
        }
        errors.clear();
        busy.set(true);
        let navigate = navigate.clone();
        let next = safe_next(query.with_untracked(|q| q.get("next")));
        spawn_local(async move {
            match api::sign_in(&req).await {
                Ok(me) => {
                    session.me.set(Some(me));
                    if !session.loaded.get_untracked() {
                        session.loaded.set(true);
                    }
                    // Where a sign-up was heading has been reached (or given up on).
                    remember_next("/");
                    navigate(&next, NavigateOptions::default());
                }
                Err(e) => {
                    busy.set(false);
                    errors.show_api(&e);
                }
            }
        });
    };

    view! {
        <div class="narrow">
            <h1>{tr(|t| t.sign_in_title)}</h1>
            <ErrorSummary errors=errors />
            <form class="stack" novalidate on:submit=submit>
                <TextField
                    id="signin-email"
                    field="email"
                    label=|t| t.email
                    value=email
                    errors=errors
                    input_type="email"
                    autocomplete="email"
                />
                <TextField
                    id="signin-password"
                    field="password"
                    label=|t| t.password
                    value=password
                    errors=errors
                    input_type="password"
                    autocomplete="current-password"
                />
                <SubmitButton id="signin-submit" label=|t| t.sign_in busy=busy />
            </form>
            <ul class="links">
                <li>
                    <a href="/forgot-password">{tr(|t| t.forgot_password_link)}</a>
                </li>
                <li>
                    <a href="/sign-up">{tr(|t| t.no_account_sign_up)}</a>
                </li>
            </ul>
        </div>
    }
}
