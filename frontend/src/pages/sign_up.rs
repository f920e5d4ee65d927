//! `/sign-up`: a new account. Afterwards the user is told to confirm their e-mail address.

use kehto_shared::Lang;
use kehto_shared::account::RegisterRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, ProfileFields, SubmitButton, TextField};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::sign_in::{remember_next, safe_next, sign_in_href_remembered};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    focus::page_title(|t| t.sign_up_title.to_owned());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let lang = RwSignal::new(i18n.lang_untracked().code().to_owned());
    let errors = FormErrors::new("signup-errors", |f| format!("signup-{f}"));
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    // `?next=` (e.g. from an invitation) is kept for after the e-mail confirmation.
    let next = safe_next(use_query_map().with_untracked(|q| q.get("next")));
    remember_next(&next);
    let sign_in_href = sign_in_href_remembered();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked().trim().to_owned(),
            lang: Lang::from_code(&lang.get_untracked()).unwrap_or(Lang::Fi),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::register(&req).await;
            busy.set(false);
            match result {
                Ok(user) => {
                    done.set(Some(user.email));
                    focus::focus_id("signup-done-title");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    move || {
        match done.get() {
        Some(address) => view! {
            <div id="signup-done" class="narrow success-panel">
                <h1 id="signup-done-title" tabindex="-1">{tr(|t| t.check_email_title)}</h1>
                <p>{move || i18n.t().check_email_text.replace("{email}", &address)}</p>
                <p>
                    <a href=sign_in_href.clone()>{tr(|t| t.go_to_sign_in)}</a>
                </p>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="narrow">
                <h1>{tr(|t| t.sign_up_title)}</h1>
                <p class="lead">{tr(|t| t.sign_up_intro)}</p>
                <ErrorSummary errors=errors />
                <form class="stack" novalidate on:submit=submit>
                    <TextField
                        id="signup-email"
                        field="email"
                        label=|t| t.email
                        value=email
                        errors=errors
                        input_type="email"
                        autocomplete="email"
                    />
                    <TextField
                        id="signup-password"
                        field="password"
                        label=|t| t.password
                        hint=|t| t.password_rule
                        value=password
                        errors=errors
                        input_type="password"
                        autocomplete="new-password"
                    />
                    <ProfileFields name_id="signup-display_name" lang_id="signup-lang" display_name=display_name lang=lang errors=errors />
                    <SubmitButton id="signup-submit" label=|t| t.create_account busy=busy />
                </form>
                <p>
                    <a href=sign_in_href.clone()>{tr(|t| t.have_account_sign_in)}</a>
                </p>
            </div>
        }
        .into_any(),
    }
    }
}
