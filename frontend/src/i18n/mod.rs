//! Every user-visible string of the interface, in Finnish, Swedish and English.
//!
//! [`Texts`] has one `&'static str` field per string and [`fi::FI`], [`sv::SV`] and [`en::EN`]
//! fill it in, so a missing translation is a compile error. Strings with a `{placeholder}` are
//! filled in with `str::replace` by the caller. Labels of statuses, themes, models, roles and
//! organisation kinds, and all error messages, come from `kehto-shared` instead.
//!
//! The current language lives in a signal provided as context ([`I18n`]); it starts from the
//! choice stored in `localStorage` (`kehto.lang`), else the browser's language if it is one of
//! ours, else Finnish, and keeps `<html lang>` in step.

mod en;
mod fi;
mod sv;
mod texts;

use std::cell::Cell;

use kehto_shared::Lang;
use leptos::prelude::*;

pub use texts::Texts;

const STORAGE_KEY: &str = "kehto.lang";

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Fi) };
}

/// The interface language right now, without tracking (for the API client).
pub fn current_lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// The strings of one language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fi => &fi::FI,
        Lang::Sv => &sv::SV,
        Lang::En => &en::EN,
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
            lang: RwSignal::new(initial_lang()),
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

    /// Switches the interface language and remembers the choice in this browser.
    pub fn set(&self, lang: Lang) {
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
