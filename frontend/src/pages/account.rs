//! `/account`: the signed-in user's display name and preferred language (`PUT /me`), and the way
//! to the evaluations an invited evaluator takes part in (`a#account-evaluations`).

use kehto_shared::Lang;
use kehto_shared::account::{Me, UpdateProfileRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice, ProfileFields, SubmitButton};
use crate::components::widgets::{Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.account_title.to_owned());
    // Only whether someone is signed in decides the page; profile updates must not reset the form.
    let user_id = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        match user_id.get() {
            None => view! { <SignInRequired title=|t| t.account_title /> }.into_any(),
            Some(_) => match session.me.get_untracked() {
                Some(me) => view! { <AccountForm me=me /> }.into_any(),
                None => ().into_any(),
            },
        }
    }
}

#[component]
fn AccountForm(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let display_name = RwSignal::new(me.user.display_name.clone());
    let lang = RwSignal::new(me.user.lang.code().to_owned());
    let errors = FormErrors::new("account-errors", |f| format!("account-{f}"));
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = UpdateProfileRequest {
            display_name: display_name.get_untracked().trim().to_owned(),
            lang: Lang::from_code(&lang.get_untracked()).unwrap_or(Lang::Fi),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::update_me(&req).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    let chosen = me.user.lang;
                    session.me.set(Some(me));
                    i18n.set(chosen);
                    notice.set(Some(i18n.t_untracked().profile_saved.to_owned()));
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    view! {
        <div class="narrow">
            <h1>{tr(|t| t.account_title)}</h1>
            <Notice message=notice />
            <ErrorSummary errors=errors />
            <dl class="facts vertical">
                <div>
                    <dt>{tr(|t| t.email)}</dt>
                    <dd>{me.user.email.clone()}</dd>
                </div>
            </dl>
            <form class="stack" novalidate on:submit=submit>
                <ProfileFields name_id="account-display_name" lang_id="account-lang" display_name=display_name lang=lang errors=errors />
                <SubmitButton id="account-save" label=|t| t.save busy=busy />
            </form>
            <h2>{tr(|t| t.nav_evaluations)}</h2>
            <p>
                {tr(|t| t.ew_account_hint)}" "
                <a id="account-evaluations" href="/evaluations">{tr(|t| t.nav_evaluations)}</a>
            </p>
        </div>
    }
}
