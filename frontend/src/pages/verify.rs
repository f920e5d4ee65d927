//! `/verify-email?token=…`: confirms the address as soon as the page opens and says how it went.
//! The sign-in link returns to where the user was going when they signed up (an invitation).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::widgets::Loading;
use crate::focus;
use crate::i18n::tr;
use crate::pages::sign_in::sign_in_href_remembered;
use crate::session::use_session;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    focus::page_title(|t| t.verify_title.to_owned());
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    // Once, as the page opens (a signal set by a task: no resource type of its own in the wasm).
    let outcome = RwSignal::new(None::<Result<(), Option<kehto_shared::ApiError>>>);
    spawn_local(async move {
        let result = if token.trim().is_empty() {
            Err(None)
        } else {
            match api::verify_email(&token).await {
                Ok(()) => {
                    // A signed-in user's `email_verified` has just changed.
                    session.refresh();
                    Ok(())
                }
                Err(e) => Err(Some(e)),
            }
        };
        outcome.set(Some(result));
    });
    view! {
        <div class="narrow">
            <h1>{tr(|t| t.verify_title)}</h1>
            <div id="verify-outcome" role="status" aria-live="polite">
                {move || match outcome.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Ok(())) => {
                        let signed_in = session.signed_in();
                        view! {
                            <p class="success">{tr(|t| t.verify_ok)}</p>
                            {(!signed_in).then(|| view! {
                                <p>
                                    <a class="button" href=sign_in_href_remembered()>{tr(|t| t.go_to_sign_in)}</a>
                                </p>
                            })}
                        }
                        .into_any()
                    }
                    Some(Err(None)) => view! { <p class="error-box">{tr(|t| t.link_incomplete)}</p> }.into_any(),
                    Some(Err(Some(e))) => view! { <p class="error-box">{e.error.message}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}
