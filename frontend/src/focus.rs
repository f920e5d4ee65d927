//! Page titles and keyboard focus. After a client-side navigation the page's `<h1>` receives
//! focus, so that screen-reader users hear where they arrived (the pattern of GOV.UK and
//! Suomi.fi); a page whose heading arrives with its data is waited for briefly, and focus is left
//! alone if the user has moved it meanwhile.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::i18n::{Texts, use_i18n};

/// Keeps `document.title` as "<page> – Kehto", following the language.
pub fn page_title(f: impl Fn(&'static Texts) -> String + Send + Sync + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let page = f(i18n.t());
        let title = if page.is_empty() {
            "Kehto".to_owned()
        } else {
            format!("{page} – Kehto")
        };
        document().set_title(&title);
    });
}

/// Moves focus to the page heading whenever the path changes (not on the first load).
pub fn watch_navigation() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            let origin = document().active_element();
            focus_heading(0, origin);
        }
        path
    });
}

const DELAYS_MS: [u64; 7] = [0, 50, 150, 400, 1000, 2000, 4000];

fn focus_heading(attempt: usize, origin: Option<Element>) {
    let Some(delay) = DELAYS_MS.get(attempt) else {
        return;
    };
    set_timeout(
        move || {
            let doc = document();
            let untouched = match doc.active_element() {
                None => true,
                Some(a) => {
                    a.tag_name() == "BODY"
                        || origin.as_ref().is_some_and(|o| *o == a)
                        || !a.is_connected()
                }
            };
            if !untouched {
                return;
            }
            match doc.query_selector("main h1").ok().flatten() {
                Some(h) => focus_element(&h),
                None => focus_heading(attempt + 1, origin),
            }
        },
        Duration::from_millis(*delay),
    );
}

fn focus_element(el: &Element) {
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Focuses the element with this id once the current render has finished.
pub fn focus_id(id: &str) {
    let id = id.to_owned();
    set_timeout(
        move || {
            if let Some(el) = document().get_element_by_id(&id) {
                focus_element(&el);
            }
        },
        Duration::from_millis(0),
    );
}

/// Focuses a form control: the element itself, or the first input of a fieldset.
pub fn focus_field(id: &str) {
    let Some(el) = document().get_element_by_id(id) else {
        return;
    };
    let target = if el.tag_name() == "FIELDSET" {
        el.query_selector("input, select, textarea").ok().flatten()
    } else {
        Some(el)
    };
    if let Some(t) = target {
        if let Some(h) = t.dyn_ref::<HtmlElement>() {
            let _ = h.focus();
        }
        t.scroll_into_view();
    }
}

/// The visible text naming a form control: its `<label>`, or a fieldset's `<legend>`; prefixed by
/// the legend of an enclosing `fieldset[data-context]` (e.g. which translation).
pub fn label_text(id: &str) -> Option<String> {
    let doc = document();
    let el = doc.get_element_by_id(id)?;
    let own = if el.tag_name() == "FIELDSET" {
        el.query_selector("legend").ok().flatten()?.text_content()
    } else {
        doc.query_selector(&format!("label[for=\"{id}\"]"))
            .ok()
            .flatten()?
            .text_content()
    }?;
    let own = own.trim().to_owned();
    let context = el
        .parent_element()
        .and_then(|p| p.closest("fieldset[data-context]").ok().flatten())
        .and_then(|f| f.query_selector("legend").ok().flatten())
        .and_then(|l| l.text_content());
    Some(match context {
        Some(c) => format!("{} – {own}", c.trim()),
        None => own,
    })
}
