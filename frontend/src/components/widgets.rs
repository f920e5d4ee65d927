//! Small display pieces: status badges, deadlines with time left, loading and error states, and
//! the "please sign in" page.

use chrono::{DateTime, Utc};
use kehto_shared::ApiError;
use kehto_shared::challenge::ChallengeStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{Texts, tr, use_i18n};
use crate::time;

/// A challenge's status as a coloured badge (the colour is decoration; the text says it all).
#[component]
pub fn StatusBadge(status: ChallengeStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("badge status-{}", status.code())>{move || status.label(i18n.lang())}</span> }
}

/// A deadline in Helsinki time, with the time left counted from the server's `now` (shown only
/// while the challenge is still `open`).
#[component]
pub fn Deadline(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    #[prop(optional)] long: bool,
    #[prop(default = true)] open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let iso = at.to_rfc3339();
    view! {
        <time datetime=iso>{move || time::format_helsinki(at, i18n.lang(), long, i18n.t())}</time>
        {move || {
            if !open {
                return None;
            }
            let t = i18n.t();
            let text = time::remaining(at, now, i18n.lang(), t).unwrap_or_else(|| t.deadline_passed.to_owned());
            Some(view! { " " <span class="remaining">"("{text}")"</span> })
        }}
    }
}

/// A plain instant in Helsinki time.
#[component]
pub fn Instant(at: DateTime<Utc>, #[prop(optional)] long: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! { <time datetime=at.to_rfc3339()>{move || time::format_helsinki(at, i18n.lang(), long, i18n.t())}</time> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }
}

/// A failed load, announced.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <p>{error.error.message}</p>
        </div>
    }
}

/// The URL to sign in and come back to the current page.
pub fn sign_in_href() -> String {
    let loc = use_location();
    // The router's `search` comes without its `?`.
    let search = loc.search.get_untracked();
    let here = if search.is_empty() || search.starts_with('?') {
        format!("{}{search}", loc.pathname.get_untracked())
    } else {
        format!("{}?{search}", loc.pathname.get_untracked())
    };
    format!(
        "/sign-in?next={}",
        String::from(js_sys::encode_uri_component(&here))
    )
}

/// What a page that needs a signed-in user shows to others.
#[component]
pub fn SignInRequired(title: fn(&Texts) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = sign_in_href();
    view! {
        <h1>{move || title(i18n.t())}</h1>
        <p>{tr(|t| t.sign_in_required)}</p>
        <p>
            <a class="button" href=href>{tr(|t| t.sign_in)}</a>
        </p>
    }
}

/// "← Previous · Page 2 of 5 · Next →" under a paged list; `prev`/`next` are the links, if any.
#[component]
pub fn Pagination(
    id: &'static str,
    current: u32,
    pages: u32,
    prev: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav id=id class="pagination" aria-label=tr(|t| t.pagination)>
            {prev.map(|href| view! {
                <a rel="prev" href=href>
                    <span aria-hidden="true">"← "</span>
                    {tr(|t| t.previous_page)}
                </a>
            })}
            <span class="page-of">
                {move || i18n.t().page_of.replace("{page}", &current.to_string()).replace("{pages}", &pages.to_string())}
            </span>
            {next.map(|href| view! {
                <a rel="next" href=href>
                    {tr(|t| t.next_page)}
                    <span aria-hidden="true">" →"</span>
                </a>
            })}
        </nav>
    }
}
