//! Every user-visible string of the interface, in Finnish, Swedish and English.
//!
//! [`Texts`] has one `&'static str` field per string. Finnish ([`fi::FI`]) is compiled in, so a
//! missing string is a compile error, and it is what the app shows before anything else loads.
//! Swedish and English live in `frontend/i18n/sv.json` and `en.json` (checked against [`Texts`]
//! by `build.rs`, so a missing translation fails the build too); trunk copies them to `/i18n/`
//! and the app loads one when that language is first needed, which keeps them out of the wasm
//! that every first visit downloads. Strings with a `{placeholder}` are filled in with
//! `str::replace` by the caller. Labels of statuses, themes, models, roles and organisation
//! kinds, and all error messages, come from `kehto-shared` instead.
//!
//! The current language lives in a signal provided as context ([`I18n`]); it starts from the
//! choice stored in `localStorage` (`kehto.lang`), else the browser's language if it is one of
//! ours, else Finnish, and keeps `<html lang>` in step. A language whose strings cannot be loaded
//! is not switched to.

mod fi;
mod texts;

use std::cell::Cell;
use std::fmt;

use kehto_shared::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

pub use texts::Texts;

const STORAGE_KEY: &str = "kehto.lang";

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Fi) };
    /// Swedish and English, once loaded.
    static LOADED: Cell<[Option<&'static Texts>; 2]> = const { Cell::new([None, None]) };
}

/// The interface language right now, without tracking (for the API client).
pub fn current_lang() -> Lang {
    CURRENT.with(Cell::get)
}

fn slot(lang: Lang) -> Option<usize> {
    match lang {
        Lang::Fi => None,
        Lang::Sv => Some(0),
        Lang::En => Some(1),
    }
}

fn loaded(lang: Lang) -> Option<&'static Texts> {
    match slot(lang) {
        None => Some(&fi::FI),
        Some(i) => LOADED.with(Cell::get)[i],
    }
}

/// The strings of one language (Finnish until that language's strings have loaded, which
/// happens before the app switches to it).
pub fn texts(lang: Lang) -> &'static Texts {
    loaded(lang).unwrap_or(&fi::FI)
}

/// The values of the JSON object of `i18n/<lang>.json`, in the file's order (the order of the
/// fields of [`Texts`], as `build.rs` checks).
struct Strings(Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(StringsVisitor)
    }
}

struct StringsVisitor;

impl<'de> Visitor<'de> for StringsVisitor {
    type Value = Strings;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strings, A::Error> {
        let mut out = Vec::with_capacity(texts::COUNT);
        while let Some((IgnoredAny, value)) = map.next_entry::<IgnoredAny, String>()? {
            out.push(value);
        }
        Ok(Strings(out))
    }
}

async fn fetch_texts(lang: Lang) -> Option<&'static Texts> {
    let url = format!("/i18n/{}.json", lang.code());
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let Strings(list) = serde_json::from_str(&response.text().await.ok()?).ok()?;
    // Loaded once per language and kept for the life of the page.
    let list: Vec<&'static str> = list
        .into_iter()
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect();
    let strings: [&'static str; texts::COUNT] = list.try_into().ok()?;
    Some(Box::leak(Box::new(Texts::from_array(&strings))))
}

/// Makes sure `lang`'s strings are here; `false` when they could not be loaded.
async fn ensure(lang: Lang) -> bool {
    if loaded(lang).is_some() {
        return true;
    }
    let Some(i) = slot(lang) else {
        return true;
    };
    match fetch_texts(lang).await {
        Some(t) => {
            LOADED.with(|l| {
                let mut all = l.get();
                all[i] = Some(t);
                l.set(all);
            });
            true
        }
        None => false,
    }
}

/// Before the app mounts: picks the starting language and loads its strings, so that the
/// first view is already in that language (Finnish if they cannot be loaded).
pub async fn prepare() {
    let lang = initial_lang();
    if ensure(lang).await {
        CURRENT.with(|c| c.set(lang));
    }
}

/// A language's name in that language, as shown in the language switch.
pub fn endonym(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "Suomi",
        Lang::Sv => "Svenska",
        Lang::En => "English",
    }
}

/// The current interface language, as a context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Picks the starting language and provides the context.
    pub fn provide() -> Self {
        let this = I18n {
            lang: RwSignal::new(current_lang()),
        };
        apply(this.lang.get_untracked());
        provide_context(this);
        this
    }

    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, without tracking.
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// The current language's strings, without tracking (for event handlers and async tasks).
    pub fn t_untracked(&self) -> &'static Texts {
        texts(self.lang.get_untracked())
    }

    /// The current language's strings (tracked).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// Switches the interface language (once its strings are here) and remembers the choice in
    /// this browser.
    pub fn set(&self, lang: Lang) {
        if loaded(lang).is_some() {
            self.switch(lang);
        } else {
            let this = *self;
            spawn_local(async move {
                if ensure(lang).await {
                    this.switch(lang);
                }
            });
        }
    }

    fn switch(&self, lang: Lang) {
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        apply(lang);
        self.lang.set(lang);
    }
}

/// One interface string that follows the language, for a view: `{tr(|t| t.save)}`. Every string
/// shown this way shares one closure type, so their rendering code is compiled once (a separate
/// `move || i18n.t().save` per string would each add their own to the wasm).
pub fn tr(
    f: fn(&Texts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || f(i18n.t())
}

/// The language context; a Finnish one if none was provided.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::Fi),
    })
}

fn apply(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
}

fn initial_lang() -> Lang {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    stored.or_else(browser_lang).unwrap_or(Lang::Fi)
}

fn browser_lang() -> Option<Lang> {
    let navigator = window().navigator();
    let preferred = navigator.languages();
    preferred
        .iter()
        .filter_map(|v| v.as_string())
        .chain(navigator.language())
        .find_map(|code| Lang::from_code(&code))
}
