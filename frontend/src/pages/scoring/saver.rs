//! Saving an evaluator's draft: `PUT /proposals/{id}/scoresheet` about two seconds after the
//! last change, at once when a field loses focus, with the "save draft" button, and when leaving
//! the page — the proposal editor's pattern ([`crate::pages::proposal_autosave`]), without its
//! revisions: a sheet has one author. The state is a polite live region (`#sc-autosave`). A 409
//! `scores_locked` or `round_published` locks the form (the sheet was submitted or reopened
//! elsewhere, or the round closed).

use std::time::Duration;

use kehto_shared::evaluation::{MyScoring, Scoresheet};
use kehto_shared::{ApiError, ErrorCode, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::draft::SheetDraft;
use crate::api;
use crate::components::form::FormErrors;
use crate::focus;
use crate::i18n::{current_lang, tr, use_i18n};
use crate::pages::proposal_autosave::{SaveState, not_saved_line};
use crate::time;

/// How long after the last change the draft is saved.
const DELAY: Duration = Duration::from_millis(1800);
/// How long after a failed save (network, server) it is tried again.
const RETRY: Duration = Duration::from_secs(15);

#[derive(Clone, Copy)]
pub struct SheetSaver {
    proposal_id: i64,
    draft: SheetDraft,
    errors: FormErrors,
    pub state: RwSignal<SaveState>,
    dirty: StoredValue<bool>,
    in_flight: StoredValue<bool>,
    /// Raised by every change and save, so that only the last change's timer saves.
    generation: StoredValue<u32>,
    /// Nothing was ever saved (the server's blank sheet): "last saved" would not be true.
    fresh: bool,
}

/// A short wait (for a save under way to finish).
async fn pause(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

impl SheetSaver {
    pub fn new(proposal_id: i64, draft: SheetDraft, errors: FormErrors, v: &MyScoring) -> Self {
        let set = &v.criteria_set;
        let fresh = v.mine.sheet.aligned(set) == Scoresheet::blank(set);
        SheetSaver {
            proposal_id,
            draft,
            errors,
            state: RwSignal::new(SaveState::Loaded(v.mine.saved_at)),
            dirty: StoredValue::new(false),
            in_flight: StoredValue::new(false),
            generation: StoredValue::new(0),
            fresh,
        }
    }

    fn blocked(self) -> bool {
        self.state
            .try_with_untracked(|s| matches!(s, SaveState::Closed))
            .unwrap_or(true)
    }

    pub fn locked(self) -> bool {
        self.state.with(|s| *s == SaveState::Closed)
    }

    /// Whether a change is not yet saved (or being saved).
    pub fn unsaved(self) -> bool {
        self.dirty.try_get_value().unwrap_or(false)
            || self.in_flight.try_get_value().unwrap_or(false)
    }

    /// Something changed: saves after [`DELAY`] unless more changes.
    pub fn edited(self) {
        if self.blocked() {
            return;
        }
        self.dirty.set_value(true);
        self.schedule(DELAY);
    }

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

    /// "Quality – Justification: too long", naming the control as its label does.
    fn describe(self, errors: &[FieldError]) -> SaveState {
        let lang = current_lang();
        let Some(e) = errors.first() else {
            return SaveState::Failed(ErrorCode::ValidationFailed.message(lang).to_owned(), None);
        };
        let field = e.field.strip_prefix("sheet.").unwrap_or(&e.field);
        let id = self.errors.id_for(field);
        let message = e.code.message(lang, e.limit);
        match focus::label_text(&id) {
            Some(label) => SaveState::Failed(format!("{label}: {message}"), Some(id)),
            None => SaveState::Failed(message, None),
        }
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
        let sheet = self.draft.to_sheet();
        if let Err(errors) = self.draft.set.with_value(|set| sheet.validate_draft(set)) {
            return self.state.set(self.describe(&errors));
        }
        self.dirty.set_value(false);
        self.in_flight.set_value(true);
        self.state.set(SaveState::Saving);
        spawn_local(async move {
            let result = api::scoring::save_scoresheet(self.proposal_id, sheet).await;
            self.finish(result);
        });
    }

    fn finish(self, result: Result<MyScoring, ApiError>) {
        // The page may be gone: then there is nothing to show.
        if self.in_flight.try_set_value(false).is_some() {
            return;
        }
        match result {
            Ok(v) if !v.editable => self.state.set(SaveState::Closed),
            Ok(v) => {
                self.state.set(SaveState::Saved(v.mine.saved_at));
                self.flush();
            }
            Err(e) => {
                self.dirty.set_value(true);
                self.state.set(match e.error.code {
                    ErrorCode::ScoresLocked | ErrorCode::RoundPublished => SaveState::Closed,
                    ErrorCode::Internal => {
                        self.schedule(RETRY);
                        SaveState::Failed(e.error.message, None)
                    }
                    _ if !e.error.fields.is_empty() => self.describe(&e.error.fields),
                    _ => SaveState::Failed(e.error.message, None),
                });
            }
        }
    }

    /// Before submitting (the submission carries the sheet itself): waits for a save under way
    /// and stops the pending one.
    pub async fn hold(self) {
        while self.in_flight.try_get_value().unwrap_or(false) {
            pause(100).await;
        }
        self.generation.update_value(|g| *g += 1);
        self.dirty.set_value(false);
    }

    /// The submission failed: what is typed is saved as a draft again.
    pub fn resume(self) {
        self.edited();
    }

    /// The sheet can no longer change.
    pub fn lock(self) {
        self.state.set(SaveState::Closed);
    }

    /// Saves what is unsaved when the page is left, and asks the browser to warn before a
    /// reload or closing the tab loses it.
    pub fn guard_leaving(self) {
        let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if self.unsaved() && !self.blocked() {
                self.flush();
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        on_cleanup(move || {
            handle.remove();
            self.flush();
        });
    }

    /// The save line (`#sc-autosave`, polite) and the "save draft" button (`#sc-save`).
    pub fn view(self) -> impl IntoView {
        let i18n = use_i18n();
        let line = move || {
            let t = i18n.t();
            let lang = i18n.lang();
            match self.state.get() {
                SaveState::Loaded(_) if self.fresh => t.sc_not_saved_yet.into_any(),
                SaveState::Loaded(at) => t
                    .sc_last_saved
                    .replace("{time}", &time::format_helsinki(at, lang, false, t))
                    .into_any(),
                SaveState::Saving => t.pe_saving.into_any(),
                SaveState::Saved(at) => t
                    .pe_saved_at
                    .replace("{time}", &time::format_clock(at, lang))
                    .into_any(),
                SaveState::Failed(text, target) => not_saved_line(t, text, target),
                SaveState::Conflict | SaveState::Closed => {
                    view! { <span class="not-saved">{t.sc_locked_now}</span> }.into_any()
                }
            }
        };
        view! {
            <div class="autosave">
                <p id="sc-autosave" class="autosave-status" role="status" aria-live="polite" tabindex="-1">{line}</p>
                <button
                    id="sc-save"
                    type="button"
                    class="button-secondary small"
                    disabled=move || self.locked()
                    on:click=move |_| {
                        // Saved again even when nothing changed: the line then confirms it.
                        self.dirty.set_value(true);
                        self.flush();
                    }
                >
                    {tr(|t| t.sc_save_draft)}
                </button>
            </div>
        }
    }
}
