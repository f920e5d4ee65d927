//! Staying informed about one challenge: the follow toggle (`button#challenge-follow`,
//! `aria-pressed`) for signed-in users, a sign-in link for visitors, and the Atom feed of its
//! questions and answers. The outcome of a toggle is announced in a polite live region; focus
//! stays on the button.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::widgets::sign_in_href;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// `following` is `None` for visitors; `feed`: whether the challenge has a public Q&A.
#[component]
pub fn FollowBar(challenge_id: i64, following: Option<bool>, feed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let on = RwSignal::new(following.unwrap_or(false));
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let href = sign_in_href();

    let toggle = move |_| {
        let follow = !on.get_untracked();
        busy.set(true);
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = if follow {
                api::follow(challenge_id).await
            } else {
                api::unfollow(challenge_id).await
            };
            busy.set(false);
            let t = i18n.t_untracked();
            match result {
                Ok(()) => {
                    on.set(follow);
                    status.set(Some(
                        if follow {
                            t.followed_notice
                        } else {
                            t.unfollowed_notice
                        }
                        .to_owned(),
                    ));
                }
                Err(e) => failure.set(Some(e.error.message)),
            }
        });
    };

    let control = move || {
        if !session.loaded.get() {
            return ().into_any();
        }
        if following.is_some() && session.signed_in() {
            view! {
                <button
                    id="challenge-follow"
                    type="button"
                    class="button-secondary follow-button"
                    aria-pressed=move || if on.get() { "true" } else { "false" }
                    aria-describedby="challenge-follow-hint"
                    disabled=move || busy.get()
                    on:click=toggle
                >
                    <span class="follow-mark" aria-hidden="true">{move || if on.get() { "✓ " } else { "+ " }}</span>
                    {move || if on.get() { i18n.t().following } else { i18n.t().follow }}
                </button>
                <span class="hint" id="challenge-follow-hint">{tr(|t| t.follow_hint)}</span>
            }
            .into_any()
        } else if !session.signed_in() {
            view! {
                <a id="challenge-follow-sign-in" href=href.clone()>{tr(|t| t.follow_sign_in)}</a>
            }
            .into_any()
        } else {
            ().into_any()
        }
    };

    view! {
        <div class="follow-bar">
            <div class="follow-row">{control}</div>
            {feed.then(|| view! {
                <p class="feed-link">
                    <a id="challenge-questions-feed" type="application/atom+xml" href=api::questions_feed_href(challenge_id)>
                        {tr(|t| t.questions_feed)}
                    </a>
                </p>
            })}
            <div class="notice-region" role="status" aria-live="polite">
                {move || status.get().map(|m| view! { <p class="notice">{m}</p> })}
            </div>
            {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        </div>
    }
}
