//! `/forgot-password` asks for a reset link; `/reset-password?token=…` sets a new password.

use kehto_shared::account::PasswordResetConfirm;
use kehto_shared::validate::Checker;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Problem, Shown, SubmitButton, TextField};
use crate::focus;
use crate::i18n::tr;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    focus::page_title(|t| t.forgot_title.to_owned());
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new("forgot-errors", |f| format!("forgot-{f}"));
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        let mut c = Checker::new();
        c.email("email", &address);
        if let Err(fields) = c.finish() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::request_password_reset(&address).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    sent.set(true);
                    focus::focus_id("forgot-done-title");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    move || {
        if sent.get() {
            view! {
                <div class="narrow success-panel">
                    <h1 id="forgot-done-title" tabindex="-1">{tr(|t| t.check_email_title)}</h1>
                    <p>{tr(|t| t.reset_link_sent)}</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="narrow">
                    <h1>{tr(|t| t.forgot_title)}</h1>
                    <p class="lead">{tr(|t| t.forgot_intro)}</p>
                    <ErrorSummary errors=errors />
                    <form class="stack" novalidate on:submit=submit>
                        <TextField
                            id="forgot-email"
                            field="email"
                            label=|t| t.email
                            value=email
                            errors=errors
                            input_type="email"
                            autocomplete="email"
                        />
                        <SubmitButton id="forgot-submit" label=|t| t.send_reset_link busy=busy />
                    </form>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    focus::page_title(|t| t.reset_title.to_owned());
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let has_token = !token.trim().is_empty();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("reset-errors", |f| match f {
        "password" => "reset-password".into(),
        "password_confirm" => "reset-confirm".into(),
        other => other.into(),
    });
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let token = StoredValue::new(token);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = PasswordResetConfirm {
            token: token.get_value(),
            password: password.get_untracked(),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        if req.password != confirm.get_untracked() {
            return errors.show_shown(vec![Shown {
                field: "password_confirm".into(),
                problem: Problem::Text(|t| t.passwords_differ),
            }]);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::confirm_password_reset(&req).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    done.set(true);
                    focus::focus_id("reset-done-title");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    move || {
        if done.get() {
            view! {
                <div class="narrow success-panel">
                    <h1 id="reset-done-title" tabindex="-1">{tr(|t| t.password_changed_title)}</h1>
                    <p>{tr(|t| t.password_changed_text)}</p>
                    <p>
                        <a class="button" href="/sign-in">{tr(|t| t.go_to_sign_in)}</a>
                    </p>
                </div>
            }
            .into_any()
        } else if !has_token {
            view! {
                <div class="narrow">
                    <h1>{tr(|t| t.reset_title)}</h1>
                    <p class="error-box">{tr(|t| t.link_incomplete)}</p>
                    <p>
                        <a href="/forgot-password">{tr(|t| t.send_reset_link)}</a>
                    </p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="narrow">
                    <h1>{tr(|t| t.reset_title)}</h1>
                    <ErrorSummary errors=errors />
                    <form class="stack" novalidate on:submit=submit>
                        <TextField
                            id="reset-password"
                            field="password"
                            label=|t| t.new_password
                            hint=|t| t.password_rule
                            value=password
                            errors=errors
                            input_type="password"
                            autocomplete="new-password"
                        />
                        <TextField
                            id="reset-confirm"
                            field="password_confirm"
                            label=|t| t.confirm_password
                            value=confirm
                            errors=errors
                            input_type="password"
                            autocomplete="new-password"
                        />
                        <SubmitButton id="reset-submit" label=|t| t.set_password busy=busy />
                    </form>
                </div>
            }
            .into_any()
        }
    }
}
