//! The outcome line of one of the board's forms (and of the page: `#eb-status`): a polite
//! notice after success, an alert after failure; a success loads the board again and then
//! focuses the line, which survives the reload because it is kept with the form's state.

use std::future::Future;
use std::pin::Pin;

use kehto_shared::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::BoardCtx;
use crate::components::form::{FormErrors, Notice};
use crate::i18n::{Texts, current_lang, texts};

/// A write whose answer is only "done" or an error.
pub type Action = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// A form's outcome line.
#[derive(Clone, Copy)]
pub struct Outcome {
    pub notice: RwSignal<Option<String>>,
    pub failure: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

impl Outcome {
    pub fn new() -> Self {
        Outcome {
            notice: RwSignal::new(None),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    pub fn view(self, id: String) -> impl IntoView {
        view! {
            <div id=id tabindex="-1" class="form-status">
                <Notice message=self.notice />
                {move || self.failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
        }
    }

    /// Runs a write; on success says `ok`, loads the board again and focuses `status_id`.
    pub fn run(
        self,
        ctx: BoardCtx,
        action: Action,
        ok: fn(&Texts) -> &'static str,
        errors: Option<FormErrors>,
        status_id: String,
    ) {
        self.busy.set(true);
        self.failure.set(None);
        self.notice.set(None);
        spawn_local(async move {
            let result = action.await;
            self.busy.set(false);
            match result {
                Ok(()) => {
                    if let Some(e) = errors {
                        e.clear();
                    }
                    self.notice.set(Some(ok(texts(current_lang())).to_owned()));
                    ctx.reload(Some(status_id));
                }
                Err(e) => match errors {
                    Some(errors) if !e.error.fields.is_empty() => errors.show_api(&e),
                    _ => {
                        self.failure.set(Some(e.error.message));
                        crate::focus::focus_id(&status_id);
                    }
                },
            }
        });
    }
}
