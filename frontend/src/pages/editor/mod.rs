//! `/challenges/new` and `/challenges/:id/edit`: the coordinator's challenge editor. Saves a
//! draft (POST / PUT), publishes (save, then POST a transition to `published`), validates with the
//! shared rules before sending, and shows the server's field errors beside the right controls.

mod description;
mod draft;
mod form;
mod terms;
mod translations;

use std::time::Duration;

use kehto_shared::Lang;
use kehto_shared::challenge::{
    ChallengeDetail, ChallengeStatus, TransitionRequest, check_change_reason,
};
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use draft::{Draft, field_id};
pub use draft::{challenge_field_label, changed_list, field_label};
use form::ChallengeForm;
use terms::ChangeReason;
pub use terms::notice_register_label;

use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice};
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::pages::matchmaking::similar::SimilarChallenges;
use crate::pages::static_pages::NotFoundPage;
use crate::session::use_session;
use crate::time;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Loading,
    SignedOut,
    Denied,
    Allowed,
}

#[component]
pub fn NewChallengePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    focus::page_title(|t| t.new_challenge_title.to_owned());
    let access = Memo::new(move |_| {
        if !session.loaded.get() {
            return Access::Loading;
        }
        session.me.with(|me| match me {
            None => Access::SignedOut,
            Some(me) if me.is_coordinator() || me.user.is_admin => Access::Allowed,
            Some(_) => Access::Denied,
        })
    });
    let draft = Draft::new(i18n.lang_untracked());
    let preselected = StoredValue::new(false);
    move || match access.get() {
        Access::Loading => view! { <Loading /> }.into_any(),
        Access::SignedOut => {
            view! { <SignInRequired title=|t| t.new_challenge_title /> }.into_any()
        }
        Access::Denied => view! {
            <h1>{tr(|t| t.new_challenge_title)}</h1>
            <p>{tr(|t| t.coordinators_only)}</p>
        }
        .into_any(),
        Access::Allowed => {
            if !preselected.get_value() {
                preselected.set_value(true);
                let mine: Vec<i64> = session.me.with_untracked(|m| {
                    m.as_ref()
                        .map(|m| m.coordinated_regions().map(|r| r.id).collect())
                        .unwrap_or_default()
                });
                draft.region_ids.set(mine);
            }
            view! { <Editor draft=draft saved=None /> }.into_any()
        }
    }
}

#[component]
pub fn EditChallengePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    move || match id.get() {
        Some(id) => view! { <EditLoader id=id /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn EditLoader(id: i64) -> impl IntoView {
    let session = use_session();
    focus::page_title(|t| t.edit_challenge_title.to_owned());
    // The editor needs the texts in their original language, not a translation: when the first
    // answer is a translation, the original is asked for by its language.
    let original = RwSignal::new(None::<Lang>);
    let text = api::load(move || {
        Some(match original.get() {
            Some(lang) => format!("/challenges/{id}?lang={}", lang.code()),
            None => format!("/challenges/{id}"),
        })
    });
    let draft = Draft::new(Lang::Fi);
    move || match api::read::<ChallengeDetail>(text.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(d)) if d.summary.lang != d.content_lang && original.get_untracked().is_none() => {
            original.set(Some(d.content_lang));
            view! { <Loading /> }.into_any()
        }
        Some(Err(e)) => view! {
            <h1>{tr(|t| t.edit_challenge_title)}</h1>
            <ErrorBox error=e />
        }
        .into_any(),
        Some(Ok(_)) if !session.signed_in() => {
            view! { <SignInRequired title=|t| t.edit_challenge_title /> }.into_any()
        }
        Some(Ok(d)) if !d.can_edit => view! {
            <h1>{tr(|t| t.edit_challenge_title)}</h1>
            <p>{tr(|t| t.cannot_edit)}</p>
        }
        .into_any(),
        Some(Ok(d)) => {
            draft.fill(&d);
            view! { <Editor draft=draft saved=Some((id, d.summary.status)) /> }.into_any()
        }
    }
}

/// The form with its buttons; `saved` is the challenge's id and status once it exists.
#[component]
fn Editor(draft: Draft, saved: Option<(i64, ChallengeStatus)>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let errors = FormErrors::new("editor-errors", field_id);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let saved_id = RwSignal::new(saved.map(|(id, _)| id));
    // Saves so far: the similar challenges of other regions are asked again after each.
    let saves = RwSignal::new(0u32);
    let is_draft = saved.is_none_or(|(_, s)| s == ChallengeStatus::Draft);
    if let Some(message) = session.take_flash() {
        // Set after mounting, so that the live region announces it.
        set_timeout(
            move || notice.set(Some(message)),
            Duration::from_millis(300),
        );
    }

    let all_regions = api::load(|| Some("/regions".to_owned()));
    let initially_chosen = draft.region_ids.get_untracked();
    let regions = Signal::derive(move || {
        let (mine, admin): (Vec<OrgRef>, bool) = session.me.with(|m| match m {
            Some(m) => (m.coordinated_regions().cloned().collect(), m.user.is_admin),
            None => (Vec::new(), false),
        });
        let all = api::read::<Vec<OrgRef>>(all_regions.get())
            .and_then(Result::ok)
            .unwrap_or_default();
        if all.is_empty() {
            return mine;
        }
        all.into_iter()
            .filter(|r| {
                admin || initially_chosen.contains(&r.id) || mine.iter().any(|m| m.id == r.id)
            })
            .collect()
    });

    let save = move |publish: bool| {
        let input = match draft.to_input() {
            Ok(input) => input,
            Err(shown) => return errors.show_shown(shown),
        };
        let check = if publish {
            input.validate_for_publish(time::now_utc())
        } else {
            input.validate_draft()
        };
        // A published challenge's deadlines and criteria change only with a stated reason.
        let check = check.and_then(|()| {
            check_change_reason(
                &draft.reason_fields_untracked(),
                input.change_reason.as_deref(),
            )
        });
        if let Err(fields) = check {
            return errors.show_fields(fields);
        }
        errors.clear();
        notice.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let existing = saved_id.get_untracked();
            let result = match existing {
                // A published challenge's form names the version it was loaded from, so that
                // the server refuses to overwrite a newer change (409 `conflict`).
                Some(id) => {
                    let base = (!is_draft).then(|| draft.version.get_untracked());
                    api::update_challenge(id, base, &input).await
                }
                None => api::create_challenge(&input).await,
            };
            let id = match result {
                Ok(d) => {
                    draft.mark_saved(d.version);
                    saves.update(|n| *n += 1);
                    d.summary.id
                }
                Err(e) => {
                    busy.set(false);
                    return errors.show_api(&e);
                }
            };
            saved_id.set(Some(id));
            let t = i18n.t_untracked();
            if publish {
                let req = TransitionRequest {
                    to: ChallengeStatus::Published,
                    reason: None,
                };
                match api::transition(id, &req).await {
                    Ok(_) => {
                        session.flash.set(Some(t.published_notice.to_owned()));
                        navigate(&format!("/challenges/{id}"), NavigateOptions::default());
                    }
                    Err(e) => {
                        busy.set(false);
                        errors.show_api(&e);
                    }
                }
            } else if existing.is_none() {
                session.flash.set(Some(t.draft_saved.to_owned()));
                navigate(
                    &format!("/challenges/{id}/edit"),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            } else {
                busy.set(false);
                notice.set(Some(
                    if is_draft {
                        t.draft_saved
                    } else {
                        t.changes_saved
                    }
                    .to_owned(),
                ));
            }
        });
    };
    let save_draft = save.clone();

    view! {
        <h1>{move || if saved.is_some() { i18n.t().edit_challenge_title } else { i18n.t().new_challenge_title }}</h1>
        <p class="lead">{tr(|t| t.editor_intro)}</p>
        <Notice message=notice />
        <ErrorSummary errors=errors />
        <form
            class="editor"
            novalidate
            aria-labelledby="editor-heading"
            on:submit=move |ev| {
                ev.prevent_default();
                save_draft(false);
            }
        >
            <h2 id="editor-heading" class="visually-hidden">{tr(|t| t.editor_form)}</h2>
            <ChallengeForm draft=draft errors=errors regions=regions />
            <ChangeReason draft=draft errors=errors />
            <div class="form-actions">
                <button id="ch-save" type="submit" class=if is_draft { "button-secondary" } else { "button" } disabled=move || busy.get()>
                    {move || if is_draft { i18n.t().save_draft } else { i18n.t().save_changes }}
                </button>
                {is_draft.then(|| view! {
                    <button id="ch-publish" type="button" class="button" disabled=move || busy.get() on:click=move |_| save(true)>
                        {move || ChallengeStatus::Published.action_label(i18n.lang())}
                    </button>
                })}
                {move || {
                    let href = saved_id.get().map(|id| format!("/challenges/{id}")).unwrap_or_else(|| "/".to_owned());
                    view! { <a class="cancel-link" href=href>{tr(|t| t.back_without_saving)}</a> }
                }}
            </div>
        </form>
        {move || saved_id.get().filter(|_| session.is_coordinator()).map(|id| view! { <SimilarChallenges challenge_id=id limit=5 refresh=saves /> })}
    }
}
