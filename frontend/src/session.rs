//! Who is signed in: loaded once from `GET /session` at start, updated by sign-in, sign-out and
//! profile changes, and provided to every page as a context.

use kehto_shared::Lang;
use kehto_shared::account::{Me, UpdateProfileRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user, if any.
    pub me: RwSignal<Option<Me>>,
    /// Whether the first `GET /session` has answered (pages wait for it before asking to sign in).
    pub loaded: RwSignal<bool>,
    /// A message for the next page to show (e.g. "Draft saved" after moving to the edit URL).
    pub flash: RwSignal<Option<String>>,
    /// The signed-in user's unread notifications, once known (shown in the header).
    pub unread: RwSignal<Option<u32>>,
}

impl Session {
    /// Provides the context and asks the server who we are.
    pub fn provide() -> Self {
        let this = Session {
            me: RwSignal::new(None),
            loaded: RwSignal::new(false),
            flash: RwSignal::new(None),
            unread: RwSignal::new(None),
        };
        provide_context(this);
        this.refresh();
        this
    }

    /// Reloads the caller (e.g. after joining or creating an organisation).
    pub fn refresh(&self) {
        let this = *self;
        spawn_local(async move {
            if let Ok(me) = api::session().await {
                this.me.set(me);
            }
            // Only the first answer changes this: pages re-render when it is set.
            if !this.loaded.get_untracked() {
                this.loaded.set(true);
            }
        });
    }

    /// Asks the server how many notifications are unread (after navigating, not on a timer).
    pub fn refresh_unread(&self) {
        let unread = self.unread;
        spawn_local(async move {
            if let Ok(view) = api::notifications().await {
                unread.set(Some(view.unread));
            }
        });
    }

    pub fn signed_in(&self) -> bool {
        self.me.with(Option::is_some)
    }

    pub fn is_coordinator(&self) -> bool {
        self.me.with(|m| m.as_ref().is_some_and(Me::is_coordinator))
    }

    pub fn display_name(&self) -> Option<String> {
        self.me
            .with(|m| m.as_ref().map(|m| m.user.display_name.clone()))
    }

    /// Takes the message left by the previous page, if any.
    pub fn take_flash(&self) -> Option<String> {
        let mut taken = None;
        self.flash.update(|f| taken = f.take());
        taken
    }

    /// Saves a new interface language in the profile, when someone is signed in.
    pub fn save_lang(&self, lang: Lang) {
        let Some(display_name) = self
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.user.display_name.clone()))
        else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            if let Ok(me) = api::update_me(&UpdateProfileRequest { display_name, lang }).await {
                this.me.set(Some(me));
            }
        });
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        me: RwSignal::new(None),
        loaded: RwSignal::new(true),
        flash: RwSignal::new(None),
        unread: RwSignal::new(None),
    })
}
