//! The coordinator's tools on a challenge page: the edit link, the links to the evaluation panel
//! (`a#challenge-evaluation`), the criteria editor (`a#challenge-criteria-edit`) and the
//! organisations worth inviting (`a#challenge-matchmaking`), and one button per status the
//! challenge may move to now. Cancelling asks for a public reason first. Below, the similar
//! challenges of other regions (`section#similar`).

use kehto_shared::challenge::{ChallengeDetail, ChallengeStatus, TransitionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{ErrorSummary, FieldMessage, FormErrors, described_by};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::editor::field_label;
use crate::pages::matchmaking::similar::SimilarChallenges;
use crate::session::use_session;

#[component]
pub fn ChallengeAdmin(d: ChallengeDetail, on_changed: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.summary.id;
    // Matchmaking is for the owning regions' coordinators (not administrators).
    let coordinates = use_session().me.with_untracked(|m| {
        m.as_ref().is_some_and(|m| {
            m.coordinated_regions()
                .any(|r| d.summary.regions.iter().any(|x| x.id == r.id))
        })
    });
    let errors = FormErrors::new("transition-errors", |f| {
        if f == "reason" {
            "cancel-reason".into()
        } else {
            "challenge-edit".into()
        }
    });
    // Publishing refuses an incomplete challenge; list what is missing in words.
    let publish_problems = RwSignal::new(Vec::<(String, String)>::new());
    let reason = RwSignal::new(String::new());
    let cancelling = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let run = move |to: ChallengeStatus| {
        let req = TransitionRequest {
            to,
            reason: to
                .needs_reason()
                .then(|| reason.get_untracked().trim().to_owned()),
        };
        if let Err(fields) = req.validate() {
            errors.show_fields(fields);
            return;
        }
        errors.clear();
        publish_problems.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let result = api::transition(id, &req).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    let lang = i18n.lang_untracked();
                    on_changed.run(
                        i18n.t_untracked()
                            .status_changed
                            .replace("{status}", to.label(lang)),
                    );
                }
                Err(e)
                    if !e.error.fields.is_empty()
                        && e.error.fields.iter().all(|f| f.field != "reason") =>
                {
                    let lang = i18n.lang_untracked();
                    let t = i18n.t_untracked();
                    errors.show_api(&kehto_shared::ApiError::new(e.error.code, lang));
                    publish_problems.set(
                        e.error
                            .fields
                            .iter()
                            .map(|f| (field_label(&f.field, t), f.code.message(lang, f.limit)))
                            .collect(),
                    );
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    let buttons = d
        .next_statuses
        .iter()
        .copied()
        .map(|to| {
            let class = if to == ChallengeStatus::Cancelled { "button-danger" } else { "button" };
            view! {
                <button
                    type="button"
                    class=class
                    data-status=to.code()
                    aria-expanded=move || to.needs_reason().then(|| if cancelling.get() { "true" } else { "false" })
                    aria-controls=to.needs_reason().then_some("cancel-form")
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if to.needs_reason() {
                            cancelling.set(true);
                            focus::focus_id("cancel-reason");
                        } else {
                            run(to);
                        }
                    }
                >
                    {move || to.action_label(i18n.lang())}
                </button>
            }
        })
        .collect_view();

    view! {
        <section class="admin-panel" aria-labelledby="admin-title">
            <h2 id="admin-title">{tr(|t| t.manage_challenge)}</h2>
            <ErrorSummary errors=errors />
            {move || {
                let problems = publish_problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="error-box">
                        <p>{tr(|t| t.publish_incomplete)}</p>
                        <ul>
                            {problems.into_iter().map(|(f, m)| view! { <li>{format!("{f}: {m}")}</li> }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <div class="actions">
                {d.can_edit.then(|| view! {
                    <a id="challenge-edit" class="button-secondary" href=format!("/challenges/{id}/edit")>
                        {tr(|t| t.edit_challenge)}
                    </a>
                })}
                <a id="challenge-evaluation" class="button-secondary" href=format!("/challenges/{id}/evaluation")>
                    {tr(|t| t.ep_title)}
                </a>
                <a id="challenge-criteria-edit" class="button-secondary" href=format!("/challenges/{id}/evaluation/criteria")>
                    {tr(|t| t.ec_title)}
                </a>
                <a id="challenge-evaluation-board" class="button-secondary" href=format!("/challenges/{id}/evaluation/board")>
                    {tr(|t| t.eb_page_title)}
                </a>
                {coordinates.then(|| view! {
                    <a id="challenge-matchmaking" class="button-secondary" href=format!("/challenges/{id}/matchmaking")>
                        {tr(|t| t.mm_sugg_link)}
                    </a>
                })}
                {buttons}
            </div>
            <form
                id="cancel-form"
                class="cancel-form"
                hidden=move || !cancelling.get()
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    run(ChallengeStatus::Cancelled);
                }
            >
                <div class="field" class:field-invalid=move || errors.has("reason")>
                    <label for="cancel-reason">{tr(|t| t.cancel_reason)}</label>
                    <p class="hint" id="cancel-reason-hint">{tr(|t| t.cancel_reason_hint)}</p>
                    <FieldMessage id="cancel-reason" field="reason" errors=errors />
                    <textarea
                        id="cancel-reason"
                        rows="4"
                        aria-required="true"
                        aria-invalid=move || errors.has("reason").then_some("true")
                        aria-describedby=move || described_by("cancel-reason", true, errors.has("reason"))
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="actions">
                    <button id="cancel-confirm" type="submit" class="button-danger" disabled=move || busy.get()>
                        {move || ChallengeStatus::Cancelled.action_label(i18n.lang())}
                    </button>
                    <button type="button" class="button-secondary" on:click=move |_| cancelling.set(false)>
                        {tr(|t| t.keep_challenge)}
                    </button>
                </div>
            </form>
        </section>
        {coordinates.then(|| view! { <SimilarChallenges challenge_id=id limit=5 /> })}
    }
}
