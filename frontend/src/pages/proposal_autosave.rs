//! Autosaving the proposal draft: `PUT /proposals/{id}/draft` with the revision the page last
//! loaded or saved, about two seconds after the last keystroke, at once when a field loses focus,
//! and when leaving the page. The state is shown in a polite live region (`#pe-autosave`):
//! "Saving…", "Saved 16.05", "Not saved: <reason>".
//!
//! A 409 `conflict` means someone saved meanwhile elsewhere: nothing is overwritten, the text on
//! the page stays, autosaving stops and the user chooses (`#pe-conflict`): load the newer version,
//! or save theirs over it. A 409 `proposals_closed` locks the form.

use chrono::{DateTime, Utc};
use js_sys::Promise;
use kehto_shared::proposals::{DraftSaved, SaveDraftRequest};
use kehto_shared::{ApiError, ErrorCode, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

use super::proposal_draft::{Meta, ProposalDraft, fetch_view, field_id};
use crate::api;
use crate::components::form::Problem;
use crate::focus;
use crate::i18n::Texts;
use crate::i18n::{tr, use_i18n};
use crate::time;

/// How long after the last keystroke the draft is saved.
const DELAY: Duration = Duration::from_millis(1800);
/// How long after a failed save (network, server) it is tried again.
const RETRY: Duration = Duration::from_secs(15);

#[derive(Clone, PartialEq)]
pub enum SaveState {
    /// As loaded: when the draft was last saved.
    Loaded(DateTime<Utc>),
    Saving,
    Saved(DateTime<Utc>),
    /// Why the last attempt failed, and the control it concerns.
    Failed(String, Option<String>),
    /// Someone saved meanwhile elsewhere: autosaving waits for the user's choice.
    Conflict,
    /// The deadline came: nothing can be saved any more.
    Closed,
}

#[derive(Clone, Copy)]
pub struct Autosave {
    pub id: i64,
    pub draft: ProposalDraft,
    pub state: RwSignal<SaveState>,
    revision: StoredValue<i64>,
    /// Edits not yet sent.
    dirty: StoredValue<bool>,
    in_flight: StoredValue<bool>,
    /// Raised by every edit and save, so that only the last keystroke's timer saves.
    generation: StoredValue<u32>,
}

/// A short wait (for a save under way to finish).
async fn pause(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// "Summary – Reason for confidentiality: required", naming the control as its label does.
fn describe(field: &str, message: String) -> (String, Option<String>) {
    let id = field_id(field);
    match focus::label_text(&id) {
        Some(label) => (format!("{label}: {message}"), Some(id)),
        None => (message, None),
    }
}

fn first_problem(errors: &[FieldError]) -> (String, Option<String>) {
    let lang = crate::i18n::current_lang();
    match errors.first() {
        Some(e) => describe(&e.field, e.code.message(lang, e.limit)),
        None => (ErrorCode::ValidationFailed.message(lang).to_owned(), None),
    }
}

impl Autosave {
    pub fn new(id: i64, draft: ProposalDraft, revision: i64, saved_at: DateTime<Utc>) -> Self {
        Autosave {
            id,
            draft,
            state: RwSignal::new(SaveState::Loaded(saved_at)),
            revision: StoredValue::new(revision),
            dirty: StoredValue::new(false),
            in_flight: StoredValue::new(false),
            generation: StoredValue::new(0),
        }
    }

    fn blocked(self) -> bool {
        self.state
            .try_with_untracked(|s| matches!(s, SaveState::Conflict | SaveState::Closed))
            .unwrap_or(true)
    }

    /// Whether something typed is not yet saved (or being saved).
    pub fn unsaved(self) -> bool {
        self.dirty.try_get_value().unwrap_or(false)
            || self.in_flight.try_get_value().unwrap_or(false)
    }

    /// Something was typed: saves after [`DELAY`] unless more is typed.
    pub fn edited(self) {
        self.dirty.set_value(true);
        self.schedule(DELAY);
    }

    /// Saves after `delay`, unless something is typed or saved before.
    fn schedule(self, delay: Duration) {
        let Some(g) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(g) {
                    self.flush();
                }
            },
            delay,
        );
    }

    /// Saves now if anything is unsaved (and no save is under way: that one saves again after).
    pub fn flush(self) {
        if self.blocked()
            || !self.dirty.try_get_value().unwrap_or(false)
            || self.in_flight.try_get_value().unwrap_or(true)
        {
            return;
        }
        self.generation.update_value(|g| *g += 1);
        let content = match self.draft.to_content() {
            Ok(c) => c,
            Err(shown) => {
                let t = crate::i18n::texts(crate::i18n::current_lang());
                let (text, target) = match shown.first().map(|s| &s.problem) {
                    Some(Problem::Text(f)) => describe(&shown[0].field, f(t).to_owned()),
                    _ => (String::new(), None),
                };
                return self.state.set(SaveState::Failed(text, target));
            }
        };
        if let Err(errors) = content.validate_draft() {
            let (text, target) = first_problem(&errors);
            return self.state.set(SaveState::Failed(text, target));
        }
        self.dirty.set_value(false);
        self.in_flight.set_value(true);
        self.state.set(SaveState::Saving);
        let req = SaveDraftRequest {
            content,
            base_revision: self.revision.get_value(),
        };
        spawn_local(async move {
            let result = api::proposals::save_draft(self.id, &req).await;
            self.finish(result);
        });
    }

    fn finish(self, result: Result<DraftSaved, ApiError>) {
        // The page may be gone: then there is nothing to show.
        if self.in_flight.try_set_value(false).is_some() {
            return;
        }
        match result {
            Ok(saved) => {
                self.revision.set_value(saved.revision);
                self.state.set(SaveState::Saved(saved.saved_at));
                // Typed while saving: save that too.
                self.flush();
            }
            Err(e) => {
                self.dirty.set_value(true);
                self.state.set(match e.error.code {
                    ErrorCode::Conflict => SaveState::Conflict,
                    ErrorCode::ProposalsClosed => SaveState::Closed,
                    ErrorCode::Internal => {
                        // The network or the server failed: try again a little later.
                        self.schedule(RETRY);
                        SaveState::Failed(e.error.message, None)
                    }
                    _ if !e.error.fields.is_empty() => {
                        let (text, target) = first_problem(&e.error.fields);
                        SaveState::Failed(text, target)
                    }
                    _ => SaveState::Failed(e.error.message, None),
                });
            }
        }
    }

    /// Saves whatever is unsaved and waits for it; whether the server now has the text on the
    /// page (if not, [`Self::state`] says why).
    pub async fn settle(self) -> bool {
        loop {
            while self.in_flight.try_get_value().unwrap_or(false) {
                pause(100).await;
            }
            if !self.dirty.try_get_value().unwrap_or(false) {
                return true;
            }
            self.flush();
            if !self.in_flight.try_get_value().unwrap_or(false) {
                return false;
            }
        }
    }

    /// After a conflict: loads the newer version in place of the text on the page, or
    /// (`keep_mine`) takes its revision and saves the page's text over it.
    fn resolve(self, meta: Meta, keep_mine: bool) {
        spawn_local(async move {
            let v = match fetch_view(self.id).await {
                Some(Ok(v)) => v,
                Some(Err(e)) => {
                    return self.state.set(SaveState::Failed(e.error.message, None));
                }
                None => return,
            };
            self.revision.set_value(v.revision);
            if keep_mine {
                self.dirty.set_value(true);
                self.state.set(SaveState::Loaded(v.saved_at));
                self.flush();
            } else {
                self.draft.fill(&v.content, &v.criteria);
                self.dirty.set_value(false);
                self.state.set(SaveState::Loaded(v.saved_at));
                focus::focus_id("pe-autosave");
            }
            meta.update(v);
        });
    }

    /// The autosave line (`#pe-autosave`, polite) and, after a conflict, the choice
    /// (`#pe-conflict`, with `#pe-conflict-load` and `#pe-conflict-keep`).
    pub fn view(self, meta: Meta) -> impl IntoView {
        let i18n = use_i18n();
        let line = move || {
            let t = i18n.t();
            let lang = i18n.lang();
            match self.state.get() {
                SaveState::Loaded(at) => t
                    .pe_last_saved
                    .replace("{time}", &time::format_helsinki(at, lang, false, t))
                    .into_any(),
                SaveState::Saving => t.pe_saving.into_any(),
                SaveState::Saved(at) => t
                    .pe_saved_at
                    .replace("{time}", &time::format_clock(at, lang))
                    .into_any(),
                SaveState::Failed(text, target) => not_saved_line(t, text, target),
                SaveState::Conflict => {
                    view! { <span class="not-saved">{t.pe_conflict}</span> }.into_any()
                }
                SaveState::Closed => {
                    view! { <span class="not-saved">{t.pe_closed_now}</span> }.into_any()
                }
            }
        };
        let conflict = move || {
            (self.state.get() == SaveState::Conflict).then(|| {
                view! {
                    <div id="pe-conflict" class="version-banner">
                        <p>{tr(|t| t.pe_conflict_help)}</p>
                        <div class="actions">
                            <button id="pe-conflict-load" type="button" class="button-secondary" on:click=move |_| self.resolve(meta, false)>
                                {tr(|t| t.pe_conflict_load)}
                            </button>
                            <button id="pe-conflict-keep" type="button" class="button-secondary" on:click=move |_| self.resolve(meta, true)>
                                {tr(|t| t.pe_conflict_keep)}
                            </button>
                        </div>
                    </div>
                }
            })
        };
        view! {
            <div class="autosave">
                <p id="pe-autosave" class="autosave-status" role="status" aria-live="polite" tabindex="-1">{line}</p>
                <button id="pe-save-now" type="button" class="button-secondary small" on:click=move |_| self.flush()>
                    {tr(|t| t.pe_save_now)}
                </button>
            </div>
            {conflict}
        }
    }
}

/// "Not saved: <reason>", the reason a link to the field it concerns when there is one. Shared
/// by every autosaving form (the proposal editor, the scoring page).
pub fn not_saved_line(t: &'static Texts, text: String, target: Option<String>) -> AnyView {
    let (before, after) = t.pe_not_saved.split_once("{reason}").unwrap_or(("", ""));
    let reason = match target {
        Some(id) => {
            let href = format!("#{id}");
            view! {
                <a href=href on:click=move |ev| {
                    ev.prevent_default();
                    focus::focus_field(&id);
                }>{text}</a>
            }
            .into_any()
        }
        None => text.into_any(),
    };
    view! { <span class="not-saved">{before}{reason}{after}</span> }.into_any()
}
