//! The conflict-of-interest declaration an evaluator makes before opening an assigned proposal
//! (`PUT /proposals/{id}/conflict-declaration`), on the workspace ([`super::workspace`]). Ids are
//! `ew-<proposal id>-…`: the form `form#ew-<id>-form` with the radios `#ew-<id>-none` /
//! `#ew-<id>-conflict` (`fieldset#ew-<id>-declaration`), the reason `textarea#ew-<id>-reason`
//! (required for a conflict, shown only then) and `button#ew-<id>-submit`; errors in
//! `#ew-<id>-errors`. The declaration is final, and the form says so before it is sent; after it,
//! `#ew-<id>-result` shows what was declared and, with no conflict, the link to open the proposal
//! (`a#ew-<id>-open`).

use kehto_shared::FieldError;
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::{DeclarationKind, DeclarationRequest, DeclarationView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{
    ErrorSummary, FieldMessage, FormErrors, Notice, TextField, described_by,
};
use crate::components::widgets::Instant;
use crate::focus;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn Declaration(
    pid: i64,
    lead: String,
    declared: RwSignal<Option<DeclarationView>>,
    can_open: RwSignal<bool>,
) -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    let lead = StoredValue::new(lead);
    view! {
        <Notice message=notice />
        {move || match declared.get() {
            Some(d) => view! { <Declared pid=pid lead=lead.get_value() d=d can_open=can_open.get() /> }.into_any(),
            None => view! { <DeclarationForm pid=pid declared=declared can_open=can_open notice=notice /> }.into_any(),
        }}
    }
}

#[component]
fn Declared(pid: i64, lead: String, d: DeclarationView, can_open: bool) -> impl IntoView {
    let conflict = d.declaration == DeclarationKind::Conflict;
    let text = if conflict {
        tr(|t| t.ew_declared_conflict)
    } else {
        tr(|t| t.ew_declared_none)
    };
    view! {
        <div id=format!("ew-{pid}-result") class="declared" tabindex="-1">
            <p>
                <span class=if conflict { "badge q-status" } else { "badge q-status answered" }>{text}</span>
                " "<Instant at=d.declared_at />
            </p>
            {d.reason.filter(|_| conflict).map(|r| view! { <p class="pre-line">{tr(|t| t.ep_decl_reason)}": "{r}</p> })}
            {if can_open {
                view! {
                    <p>
                        <a id=format!("ew-{pid}-open") class="button" href=format!("/proposals/{pid}")>
                            {tr(|t| t.mp_open)}<span class="visually-hidden">": "{lead.clone()}</span>
                        </a>
                        " "
                        <a id=format!("ew-{pid}-score") class="button-secondary" href=format!("/evaluations/proposals/{pid}")>
                            {tr(|t| t.ew_score)}<span class="visually-hidden">": "{lead}</span>
                        </a>
                    </p>
                }
                .into_any()
            } else {
                view! { <p class="muted">{tr(|t| t.ew_no_access)}</p> }.into_any()
            }}
        </div>
    }
}

#[component]
fn DeclarationForm(
    pid: i64,
    declared: RwSignal<Option<DeclarationView>>,
    can_open: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // `Some(true)`: a conflict.
    let choice = RwSignal::new(None::<bool>);
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new("errors", |f| {
        if f == "reason" {
            "reason"
        } else {
            "declaration"
        }
        .into()
    })
    .with_prefix(format!("ew-{pid}-"));
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(conflict) = choice.get_untracked() else {
            return errors.show_fields(vec![FieldError::new("declaration", FieldCode::Required)]);
        };
        let req = DeclarationRequest {
            declaration: if conflict {
                DeclarationKind::Conflict
            } else {
                DeclarationKind::None
            },
            reason: conflict.then(|| reason.get_untracked().trim().to_owned()),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::evaluation::declare(pid, &req).await;
            busy.set(false);
            match result {
                Ok(d) => {
                    can_open.set(d.declaration == DeclarationKind::None);
                    declared.set(Some(d));
                    notice.set(Some(i18n.t_untracked().ew_saved.to_owned()));
                    focus::focus_id(&format!("ew-{pid}-result"));
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    let p = format!("ew-{pid}-");
    let group = format!("{p}declaration");
    let has_error = Signal::derive(move || errors.has("declaration"));
    let described = {
        let group = group.clone();
        move || described_by(&group, true, has_error.get())
    };
    let radio = {
        let p = p.clone();
        move |value: bool, label: fn(&crate::i18n::Texts) -> &'static str| {
            let id = format!("{p}{}", if value { "conflict" } else { "none" });
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=id.clone()
                        name=format!("{p}kind")
                        prop:checked=move || choice.get() == Some(value)
                        on:change=move |_| choice.set(Some(value))
                    />
                    <label for=id>{tr(label)}</label>
                </div>
            }
        }
    };
    view! {
        <ErrorSummary errors=errors level=4 />
        <form id=format!("{p}form") class="declaration-form" novalidate on:submit=submit>
            <fieldset id=group.clone() class="field" class:field-invalid=move || has_error.get() aria-describedby=described>
                <legend>{tr(|t| t.ew_declare_title)}</legend>
                <p class="hint" id=format!("{group}-hint")>{tr(|t| t.ew_declare_hint)}</p>
                <FieldMessage id=group.clone() field="declaration" errors=errors />
                {radio(false, |t| t.ew_no_conflict)}
                {radio(true, |t| t.ew_conflict)}
            </fieldset>
            <div class="conditional" hidden=move || choice.get() != Some(true)>
                <TextField id=format!("{p}reason") field="reason" label=|t| t.ew_reason hint=|t| t.ew_reason_hint value=reason errors=errors rows=3 />
            </div>
            <div class="form-actions">
                <button id=format!("{p}submit") type="submit" class="button" disabled=move || busy.get()>
                    {tr(|t| t.ew_submit)}
                </button>
            </div>
        </form>
    }
}
