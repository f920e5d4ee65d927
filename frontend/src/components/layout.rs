//! The frame around every page: skip link, header with the service name, main navigation and the
//! language switch, and the footer.

use kehto_shared::Lang;
use kehto_shared::org::OrgKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::focus;
use crate::i18n::{Texts, endonym, tr, use_i18n};
use crate::session::use_session;

/// The first focusable element: jumps over the header to the page content.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main" on:click=move |ev| {
            ev.prevent_default();
            focus::focus_id("main");
        }>{tr(|t| t.skip_to_content)}</a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container header-top">
                <div class="brand">
                    <a class="brand-name" href="/">"Kehto"</a>
                    <p class="tagline">{tr(|t| t.tagline)}</p>
                </div>
                <LangSwitch />
            </div>
            <div class="nav-bar">
                <div class="container nav-row">
                    <MainNav />
                    <AccountBox />
                </div>
            </div>
        </header>
    }
}

/// Suomi / Svenska / English: each a link in its own language.
#[component]
fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    // The router's `search` comes without its `?`.
    let here = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!(
                "{}?{}",
                location.pathname.get(),
                search.trim_start_matches('?')
            )
        }
    };
    view! {
        <nav id="lang-switch" class="lang-switch" aria-label=tr(|t| t.language_switch)>
            <ul>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <li>
                                <a
                                    href=here
                                    lang=l.code()
                                    hreflang=l.code()
                                    aria-current=move || (i18n.lang() == l).then_some("true")
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        if i18n.lang_untracked() != l {
                                            i18n.set(l);
                                            session.save_lang(l);
                                        }
                                    }
                                >
                                    {endonym(l)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let current = move |path: &'static str| {
        let p = location.pathname.get();
        (p == path).then_some("page")
    };
    // The unread count is asked again on every navigation while someone is signed in (no timer).
    let who = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    Effect::new(move |_| {
        let path = location.pathname.get();
        match who.get() {
            // The notifications page loads them itself and updates the count.
            Some(_) if path != "/notifications" => session.refresh_unread(),
            Some(_) => {}
            None => session.unread.set(None),
        }
    });
    view! {
        <nav id="main-nav" class="main-nav" aria-label=tr(|t| t.main_navigation)>
            <ul>
                <li>
                    <a href="/" aria-current=move || current("/")>{tr(|t| t.nav_board)}</a>
                </li>
                <li>
                    <a id="nav-directory" href="/directory" aria-current=move || current("/directory")>{tr(|t| t.nav_directory)}</a>
                </li>
                {move || {
                    session.is_coordinator().then(|| view! {
                        <li>
                            <a href="/challenges/new" aria-current=move || current("/challenges/new")>
                                {tr(|t| t.nav_new_challenge)}
                            </a>
                        </li>
                    })
                }}
                {move || {
                    session.signed_in().then(|| view! {
                        <li>
                            <a href="/organisation" aria-current=move || current("/organisation")>
                                {tr(|t| t.nav_organisation)}
                            </a>
                        </li>
                        <li>
                            <a id="nav-my-dialogue" href="/my/dialogue" aria-current=move || current("/my/dialogue")>
                                {tr(|t| t.nav_my_dialogue)}
                            </a>
                        </li>
                        {session.me.with(|m| m.iter().flat_map(|m| &m.memberships).any(|x| matches!(x.org.kind, OrgKind::Company | OrgKind::Research))).then(|| view! {
                            <li>
                                <a id="nav-my-proposals" href="/my/proposals" aria-current=move || current("/my/proposals")>{tr(|t| t.nav_my_proposals)}</a>
                            </li>
                            <li>
                                <a id="nav-recommendations" href="/recommendations" aria-current=move || location.pathname.get().ends_with("/recommendations").then_some("page")>{tr(|t| t.mm_nav)}</a>
                            </li>
                        })}
                        // Region staff are the usual evaluators; anyone else invited finds the
                        // page from the account page and the invitation (the session does not
                        // say who evaluates).
                        {session.me.with(|m| m.iter().flat_map(|m| &m.memberships).any(|x| x.org.kind == OrgKind::Region)).then(|| view! {
                            <li>
                                <a id="nav-evaluations" href="/evaluations" aria-current=move || current("/evaluations")>{tr(|t| t.nav_evaluations)}</a>
                            </li>
                        })}
                        <li>
                            <a id="nav-notifications" href="/notifications" aria-current=move || current("/notifications")>
                                {tr(|t| t.nav_notifications)}
                                {move || {
                                    let n = session.unread.get().unwrap_or(0);
                                    (n > 0).then(|| view! {
                                        " "<span class="nav-count" aria-hidden="true">{n}</span>
                                        <span class="visually-hidden">" ("{unread_text(n, i18n.t())}")"</span>
                                    })
                                }}
                            </a>
                        </li>
                    })
                }}
            </ul>
        </nav>
    }
}

/// "3 unread", in words.
pub fn unread_text(n: u32, t: &Texts) -> String {
    if n == 1 {
        t.unread_one.to_owned()
    } else {
        t.unread_many.replace("{n}", &n.to_string())
    }
}

/// Sign in / sign up, or the signed-in user's name (a link to the account page) and sign out.
#[component]
fn AccountBox() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Even if the server call fails the user wants out: forget the session locally.
            let _ = api::sign_out().await;
            session.me.set(None);
            session.unread.set(None);
            navigate("/", NavigateOptions::default());
        });
    };
    view! {
        <div class="account-box">
            {move || match session.display_name() {
                Some(name) => view! {
                    <a class="account-link" href="/account">
                        <span class="visually-hidden">{tr(|t| t.your_account)}" "</span>
                        {name}
                    </a>
                    <button id="sign-out" type="button" class="button-secondary small" on:click=sign_out.clone()>
                        {tr(|t| t.sign_out)}
                    </button>
                }
                .into_any(),
                None if session.loaded.get() => view! {
                    <a href="/sign-in">{tr(|t| t.sign_in)}</a>
                    <a href="/sign-up">{tr(|t| t.sign_up)}</a>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-name">{tr(|t| t.footer_tagline)}</p>
                <ul class="footer-links">
                    <li>
                        <a href="/accessibility">{tr(|t| t.accessibility_statement)}</a>
                    </li>
                </ul>
            </div>
        </footer>
    }
}
