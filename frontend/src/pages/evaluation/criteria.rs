//! `/challenges/:id/evaluation/criteria`: the coordinators' editor of a challenge's evaluation
//! criteria (`GET` / `PUT /challenges/{id}/criteria-set`). Weighted criteria (name and
//! description in fi/sv/en, weight in percent — basis points on the wire — scale and a
//! description per level; add, remove, move) and pass/fail admission requirements; the live sum
//! of the weights (`#ec-total`, `#ec-total-state`); a change reason (`#ec-reason`) on a
//! published challenge, required once proposals are open.
//!
//! The shared rules run before sending; the server's 422 paths land beside the controls and in
//! the focused error summary (`#ec-errors`). A stale `base_version` (409 `conflict`) keeps
//! everything typed and offers (`#ec-conflict`) to take the newer version number and save over
//! it (`#ec-conflict-keep`) or to load the saved set (`#ec-conflict-load`). Once the proposals
//! deadline has passed (`frozen`), or for someone who may not change it, the set is read-only
//! (`#ec-readonly`).

use kehto_shared::challenge::ChallengeDetail;
use kehto_shared::evaluation::{CriteriaSetUpdate, CriteriaSetView};
use kehto_shared::{ApiError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::criteria_draft::CriteriaDraft;
use super::criteria_lists::{CriteriaList, RequirementsList, WeightTotal};
use super::criteria_text::field_id;
use super::criteria_view::criteria_html;
use super::loc_fields::LangChoice;
use super::{ChallengeFrame, page_heading};
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice, SubmitButton, TextField};
use crate::components::widgets::{ErrorBox, Loading};
use crate::focus;
use crate::i18n::{self, tr, use_i18n};

#[component]
pub fn CriteriaPage() -> impl IntoView {
    view! { <ChallengeFrame title=|t| t.ec_title body=|d, coordinates| view! { <Criteria d=d coordinates=coordinates /> }.into_any() /> }
}

#[component]
fn Criteria(d: ChallengeDetail, coordinates: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.summary.id;
    let data = api::load(move || Some(api::evaluation::criteria_set_path(id)));
    let heading = page_heading(|t| t.ec_title, &d);
    view! {
        {heading}
        <p>{tr(|t| t.ec_intro)}</p>
        {coordinates.then(|| view! {
            <p><a id="ec-panel-link" href=format!("/challenges/{id}/evaluation")>{tr(|t| t.ep_title)}</a></p>
        })}
        {move || match api::read::<CriteriaSetView>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(v)) if v.frozen || !coordinates => {
                let note = if v.frozen { i18n.t().ec_frozen } else { i18n.t().ec_read_only };
                let body = match v.criteria_set {
                    Some(set) => view! { <div inner_html=move || criteria_html(&set, i18n.lang(), i18n.t())></div> }.into_any(),
                    None => view! { <p class="muted" id="ec-none">{tr(|t| t.ec_none)}</p> }.into_any(),
                };
                view! {
                    <p class="info" id="ec-readonly">{note}</p>
                    {body}
                }
                .into_any()
            }
            Some(Ok(v)) => view! { <Editor challenge_id=id v=v /> }.into_any(),
        }}
    }
}

/// Loads the criteria set again (after a conflict).
async fn reload(challenge_id: i64) -> Result<CriteriaSetView, ApiError> {
    let text = api::fetch(api::evaluation::criteria_set_path(challenge_id)).await;
    api::read::<CriteriaSetView>(Some(text))
        .unwrap_or_else(|| Err(ApiError::new(ErrorCode::Internal, i18n::current_lang())))
}

#[component]
fn Editor(challenge_id: i64, v: CriteriaSetView) -> impl IntoView {
    let i18n = use_i18n();
    let draft = CriteriaDraft::new();
    draft.fill(v.criteria_set.as_ref(), i18n.lang_untracked());
    let version = RwSignal::new(v.version);
    let reason_required = RwSignal::new(v.reason_required);
    let errors = FormErrors::new("ec-errors", field_id);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let conflict = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let set = match draft.read() {
            Ok(set) => set,
            Err(problems) => return errors.show_shown(problems),
        };
        let reason = draft.reason.get_untracked().trim().to_owned();
        let req = CriteriaSetUpdate {
            criteria_set: set,
            change_reason: Some(reason).filter(|r| !r.is_empty()),
            base_version: Some(version.get_untracked()),
        };
        if let Err(fields) = req.validate(reason_required.get_untracked()) {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::evaluation::save_criteria_set(challenge_id, &req).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    conflict.set(false);
                    version.set(saved.version);
                    reason_required.set(saved.reason_required);
                    draft.reason.set(String::new());
                    notice.set(Some(i18n.t_untracked().ec_saved.to_owned()));
                }
                Err(e) if e.error.code == ErrorCode::Conflict => {
                    conflict.set(true);
                    focus::focus_id("ec-conflict");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    // After a conflict: the newer version number, with what is typed kept (`keep`), or the
    // saved set in place of it.
    let resolve = move |keep: bool| {
        busy.set(true);
        spawn_local(async move {
            let result = reload(challenge_id).await;
            busy.set(false);
            match result {
                Ok(v) => {
                    version.set(v.version);
                    reason_required.set(v.reason_required);
                    if !keep {
                        draft.fill(v.criteria_set.as_ref(), i18n.lang_untracked());
                    }
                    errors.clear();
                    conflict.set(false);
                    let t = i18n.t_untracked();
                    notice.set(Some(
                        if keep {
                            t.ec_conflict_kept
                        } else {
                            t.ec_loaded
                        }
                        .to_owned(),
                    ));
                    focus::focus_id("ec-status");
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    let published = v.version > 0;
    let reason = move || {
        let required = reason_required.get();
        (published || required).then(|| {
            view! {
                <section class="form-section change-reason" aria-labelledby="ec-reason-title">
                    <h2 id="ec-reason-title">{tr(|t| t.ec_reason_title)}</h2>
                    {required.then(|| view! { <p class="info" id="ec-reason-note">{tr(|t| t.ec_reason_note)}</p> })}
                    <TextField
                        id="ec-reason"
                        field="change_reason"
                        label=|t| t.ch_change_reason
                        hint=|t| t.ec_reason_hint
                        value=draft.reason
                        errors=errors
                        rows=3
                        optional=!required
                    />
                </section>
            }
        })
    };

    view! {
        <ErrorSummary errors=errors />
        {move || conflict.get().then(|| view! {
            <div id="ec-conflict" class="error-box" role="alert" tabindex="-1">
                <p><strong>{tr(|t| t.ec_conflict)}</strong></p>
                <p>{tr(|t| t.ec_conflict_help)}</p>
                <div class="actions">
                    <button id="ec-conflict-keep" type="button" class="button" disabled=move || busy.get() on:click=move |_| resolve(true)>
                        {tr(|t| t.ec_conflict_keep)}
                    </button>
                    <button id="ec-conflict-load" type="button" class="button-secondary" disabled=move || busy.get() on:click=move |_| resolve(false)>
                        {tr(|t| t.ec_conflict_load)}
                    </button>
                </div>
            </div>
        })}
        <form id="ec-form" class="editor" novalidate aria-labelledby="eval-title" on:submit=submit>
            <LangChoice draft=draft />
            <CriteriaList draft=draft errors=errors notice=notice />
            <WeightTotal draft=draft errors=errors />
            <RequirementsList draft=draft errors=errors notice=notice />
            {reason}
            <div id="ec-status" tabindex="-1">
                <Notice message=notice />
            </div>
            <SubmitButton id="ec-save" label=|t| t.ec_save busy=busy />
        </form>
    }
}
