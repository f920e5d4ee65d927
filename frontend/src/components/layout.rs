//! The frame around every page: skip link, header with the service name, main navigation and the
//! language switch, and the footer.

use kehto_shared::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::focus;
use crate::i18n::{endonym, use_i18n};
use crate::session::use_session;

/// The first focusable element: jumps over the header to the page content.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main" on:click=move |ev| {
            ev.prevent_default();
            focus::focus_id("main");
        }>{move || i18n.t().skip_to_content}</a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="container header-top">
                <div class="brand">
                    <a class="brand-name" href="/">"Kehto"</a>
                    <p class="tagline">{move || i18n.t().tagline}</p>
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
    let here = move || format!("{}{}", location.pathname.get(), location.search.get());
    view! {
        <nav id="lang-switch" class="lang-switch" aria-label=move || i18n.t().language_switch>
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
    view! {
        <nav id="main-nav" class="main-nav" aria-label=move || i18n.t().main_navigation>
            <ul>
                <li>
                    <a href="/" aria-current=move || current("/")>{move || i18n.t().nav_board}</a>
                </li>
                {move || {
                    session.is_coordinator().then(|| view! {
                        <li>
                            <a href="/challenges/new" aria-current=move || current("/challenges/new")>
                                {move || i18n.t().nav_new_challenge}
                            </a>
                        </li>
                    })
                }}
                {move || {
                    session.signed_in().then(|| view! {
                        <li>
                            <a href="/organisation" aria-current=move || current("/organisation")>
                                {move || i18n.t().nav_organisation}
                            </a>
                        </li>
                    })
                }}
            </ul>
        </nav>
    }
}

/// Sign in / sign up, or the signed-in user's name (a link to the account page) and sign out.
#[component]
fn AccountBox() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Even if the server call fails the user wants out: forget the session locally.
            let _ = api::sign_out().await;
            session.me.set(None);
            navigate("/", NavigateOptions::default());
        });
    };
    view! {
        <div class="account-box">
            {move || match session.display_name() {
                Some(name) => view! {
                    <a class="account-link" href="/account">
                        <span class="visually-hidden">{move || i18n.t().your_account}" "</span>
                        {name}
                    </a>
                    <button id="sign-out" type="button" class="button-secondary small" on:click=sign_out.clone()>
                        {move || i18n.t().sign_out}
                    </button>
                }
                .into_any(),
                None if session.loaded.get() => view! {
                    <a href="/sign-in">{move || i18n.t().sign_in}</a>
                    <a href="/sign-up">{move || i18n.t().sign_up}</a>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-name">{move || i18n.t().footer_tagline}</p>
                <ul class="footer-links">
                    <li>
                        <a href="/accessibility">{move || i18n.t().accessibility_statement}</a>
                    </li>
                </ul>
            </div>
        </footer>
    }
}
