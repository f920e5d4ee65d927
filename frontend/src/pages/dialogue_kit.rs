//! Pieces shared by the info sessions ([`super::challenge_events`]) and the one-to-one meetings
//! ([`super::challenge_meetings`]) on a challenge page: the section's status line, running an
//! action, the organisation a company member acts for, a time span in Helsinki time, and the small
//! per-item text forms (cancel reason, material, summary).
//!
//! Everything here is deliberately non-generic (actions are boxed futures, labels are `fn`
//! pointers), so that the two sections share one copy of the code in the wasm.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use kehto_shared::org::{OrgKind, OrgRef};
use kehto_shared::{ApiError, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::form::{ErrorSummary, FieldMessage, FormErrors, Notice, Problem, Shown};
use crate::focus;
use crate::i18n::{Texts, endonym, tr, use_i18n};
use crate::session::use_session;
use crate::time;

/// A request whose answer is only "done" or an error.
pub type Action = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// The outcome line of a section: a polite notice after success, an alert after failure. The
/// wrapper `#<id>` receives focus after every action.
#[derive(Clone, Copy)]
pub struct Status {
    id: &'static str,
    notice: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
    /// Loads the section again after a change.
    reload: Callback<()>,
}

impl Status {
    pub fn new(id: &'static str, reload: Callback<()>) -> Self {
        Status {
            id,
            notice: RwSignal::new(None),
            failure: RwSignal::new(None),
            reload,
        }
    }

    pub fn view(self) -> impl IntoView {
        view! {
            <div id=self.id tabindex="-1" class="dialogue-status">
                <Notice message=self.notice />
                {move || self.failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
        }
    }

    /// Runs `action`; on success says `ok`, loads the section again and focuses the status. A
    /// failure goes beside the form's fields when there is a form, else into the status line.
    pub fn run(
        self,
        action: Action,
        ok: fn(&Texts) -> &'static str,
        errors: Option<FormErrors>,
        busy: RwSignal<bool>,
    ) {
        let i18n = use_i18n();
        busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let result = action.await;
            busy.set(false);
            match result {
                Ok(()) => {
                    if let Some(e) = errors {
                        e.clear();
                    }
                    self.notice.set(Some(ok(i18n.t_untracked()).to_owned()));
                    self.reload.run(());
                    focus::focus_id(self.id);
                }
                Err(e) => match errors {
                    Some(errors) if !e.error.fields.is_empty() => errors.show_api(&e),
                    _ => {
                        self.notice.set(None);
                        self.failure.set(Some(e.error.message));
                        focus::focus_id(self.id);
                    }
                },
            }
        });
    }
}

/// Whether members of this organisation take part in the dialogue (companies and research).
pub fn takes_part(org: &OrgRef) -> bool {
    matches!(org.kind, OrgKind::Company | OrgKind::Research)
}

/// The organisation a company member registers or books for: a `<select>` only when they belong
/// to several.
#[derive(Clone, Copy)]
pub struct OrgChoice {
    chosen: RwSignal<String>,
}

/// The signed-in user's companies and research organisations (tracked).
fn my_orgs() -> Vec<OrgRef> {
    use_session().me.with(|m| {
        m.iter()
            .flat_map(|m| m.memberships.iter())
            .filter(|x| takes_part(&x.org))
            .map(|x| x.org.clone())
            .collect()
    })
}

impl OrgChoice {
    pub fn new() -> Self {
        OrgChoice {
            chosen: RwSignal::new(String::new()),
        }
    }

    /// The chosen organisation, sent only when there is a choice to make.
    pub fn org_id(self) -> Option<i64> {
        let orgs = untrack(my_orgs);
        (orgs.len() > 1).then(|| {
            self.chosen
                .get_untracked()
                .parse()
                .ok()
                .or_else(|| orgs.first().map(|o| o.id))
        })?
    }

    /// The `<select>` (`select#<id>`), when the user has several organisations.
    pub fn view(self, id: &'static str) -> impl IntoView {
        let i18n = use_i18n();
        move || {
            let orgs = my_orgs();
            (orgs.len() > 1).then(|| {
                let lang = i18n.lang();
                let current = self.chosen.get_untracked();
                view! {
                    <div class="field org-choice">
                        <label for=id>{tr(|t| t.acting_for)}</label>
                        <select id=id on:change=move |ev| self.chosen.set(event_target_value(&ev))>
                            {orgs
                                .into_iter()
                                .map(|o| {
                                    let v = o.id.to_string();
                                    let selected = v == current;
                                    view! { <option value=v selected=selected>{o.name(lang).to_owned()}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
            })
        }
    }
}

/// A span of time in Helsinki time, e.g. "2.3.2026 klo 10.00–11.30 (Helsingin aikaa)".
pub fn span(start: DateTime<Utc>, end: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <time datetime=start.to_rfc3339()>{move || time::format_span(start, end, i18n.lang(), i18n.t())}</time>
    }
}

/// The languages an event or a meeting may be held in, each in its own name.
pub fn lang_options() -> Signal<Vec<(String, String)>> {
    Signal::derive(|| {
        Lang::ALL
            .into_iter()
            .map(|l| (l.code().to_owned(), endonym(l).to_owned()))
            .collect()
    })
}

/// The start and end typed into two `datetime-local` inputs (Helsinki time), or the problems.
pub fn read_span(
    starts: &str,
    ends: &str,
    bad: &mut Vec<Shown>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let mut one = |value: &str, field: &str| {
        let parsed = time::parse_local_input(value);
        if parsed.is_none() {
            bad.push(Shown {
                field: field.into(),
                problem: if value.trim().is_empty() {
                    Problem::Code(kehto_shared::error::FieldCode::Required, None)
                } else {
                    Problem::Text(|t: &Texts| t.error_datetime)
                },
            });
        }
        parsed
    };
    let s = one(starts, "starts_at");
    let e = one(ends, "ends_at");
    s.zip(e)
}

/// Text made safe to place in HTML (element content or a quoted attribute).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A span of time as HTML: `<time>` with the Helsinki wording.
pub fn span_html(start: DateTime<Utc>, end: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    format!(
        r#"<time datetime="{}">{}</time>"#,
        start.to_rfc3339(),
        esc(&time::format_span(start, end, lang, t))
    )
}

/// The lists of events, slots and one's own dialogue are written as HTML text rather than as
/// views: it is far less code in the wasm. Their buttons are handled by one click listener on
/// the list, which finds the button's hook attribute (`data-register="7"`): the index of the
/// first of `attrs` the clicked button has, and the id it names.
pub fn clicked(ev: &leptos::ev::MouseEvent, attrs: &[&str]) -> Option<(usize, i64)> {
    use wasm_bindgen::JsCast;
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest("button").ok()??;
    attrs.iter().enumerate().find_map(|(i, a)| {
        let id = button.get_attribute(a)?.parse().ok()?;
        Some((i, id))
    })
}

/// One interface string, picked from the current language's texts.
type Word = fn(&Texts) -> &'static str;

/// Which per-item text form: each has its own hook attribute on the textarea and the button.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ItemText {
    CancelReason,
    Material,
    Summary,
}

/// A small form under an event or a slot: one textarea and a button, errors beside the field.
/// `send` gets the item's id and the text; ids are `<prefix><field>` (e.g. `event-7-reason`).
#[component]
pub fn ItemTextForm(
    kind: ItemText,
    item: i64,
    prefix: String,
    #[prop(into)] initial: String,
    status: Status,
    send: fn(i64, String) -> Action,
) -> impl IntoView {
    let i18n = use_i18n();
    let (field, label, hint, button, ok): (&'static str, Word, Word, Word, Word) = match kind {
        ItemText::CancelReason => (
            "reason",
            |t| t.event_cancel_reason,
            |t| t.event_cancel_hint,
            |t| t.event_cancel,
            |t| t.event_cancelled_notice,
        ),
        ItemText::Material => (
            "material",
            |t| t.event_material_label,
            |t| t.markdown_hint,
            |t| t.publish_material,
            |t| t.material_published,
        ),
        ItemText::Summary => (
            "summary",
            |t| t.summary_label,
            |t| t.markdown_hint,
            |t| t.publish_summary,
            |t| t.summary_published,
        ),
    };
    let text = RwSignal::new(initial);
    let errors = FormErrors::new("errors", |f| f.to_owned()).with_prefix(prefix.clone());
    let busy = RwSignal::new(false);
    let id = format!("{prefix}{field}");
    let has_error = Signal::derive(move || errors.has(field));
    let hint_id = format!("{id}-hint");
    let described = {
        let id = id.clone();
        move || crate::components::form::described_by(&id, true, has_error.get())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = text.get_untracked().trim().to_owned();
        if value.is_empty() {
            return errors.show_shown(vec![Shown {
                field: field.into(),
                problem: Problem::Code(kehto_shared::error::FieldCode::Required, None),
            }]);
        }
        status.run(send(item, value), ok, Some(errors), busy);
    };
    let data = move |k: ItemText| (kind == k).then_some(item);
    view! {
        <form class="item-form" novalidate on:submit=submit>
            <ErrorSummary errors=errors level=5 />
            <div class="field" class:field-invalid=move || has_error.get()>
                <label for=id.clone()>{move || label(i18n.t())}</label>
                <p class="hint" id=hint_id>{move || hint(i18n.t())}</p>
                <FieldMessage id=id.clone() field=field errors=errors />
                <textarea
                    id=id
                    name=field
                    rows="4"
                    data-cancel-reason=data(ItemText::CancelReason)
                    data-material=data(ItemText::Material)
                    data-summary=data(ItemText::Summary)
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    aria-invalid=move || has_error.get().then_some("true")
                    aria-describedby=described
                ></textarea>
            </div>
            <button
                type="submit"
                class=if kind == ItemText::CancelReason { "button-danger small" } else { "button small" }
                data-cancel-event=data(ItemText::CancelReason)
                data-publish-material=data(ItemText::Material)
                data-publish-summary=data(ItemText::Summary)
                disabled=move || busy.get()
            >
                {move || button(i18n.t())}
            </button>
        </form>
    }
}
