//! The evaluators of a challenge on the coordinators' panel ([`super::panel`]),
//! `section#ep-evaluators`: who evaluates (`ul#ep-evaluator-list`, `li[data-evaluator=<user id>]`,
//! removed with `button[data-remove-evaluator=<user id>]` after a confirmation), adding a member
//! of an owning region's staff (`select#ep-staff`, `button#ep-staff-add`; the members are listed
//! from `GET /organisations/{region}/members` of the owning regions the coordinator belongs to),
//! inviting anyone by e-mail (`input#ep-invite-email`, `button#ep-invite-send`) and the sent
//! invitations (`ul#ep-invitations`, `li[data-invitation=<id>]`, revoked with
//! `button[data-revoke-invitation=<id>]`). Outcomes go to the polite status `#ep-evaluators-status`.

use kehto_shared::ErrorCode;
use kehto_shared::evaluation::{EvaluatorSource, EvaluatorsView};
use kehto_shared::profile::InvitationStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::evaluator_staff::StaffAdd;
use crate::api;
use crate::api::Text;
use crate::components::form::{ErrorSummary, FormErrors, Notice, Problem, Shown, TextField};
use crate::components::widgets::{ErrorBox, Instant, Loading};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::Status;

fn source_label(s: EvaluatorSource, t: &Texts) -> &'static str {
    match s {
        EvaluatorSource::Staff => t.ep_source_staff,
        EvaluatorSource::Invited => t.ep_source_invited,
    }
}

fn invitation_label(s: InvitationStatus, t: &Texts) -> &'static str {
    match s {
        InvitationStatus::Pending => t.ep_inv_pending,
        InvitationStatus::Accepted => t.ep_inv_accepted,
        InvitationStatus::Revoked => t.ep_inv_revoked,
        InvitationStatus::Expired => t.ep_inv_expired,
    }
}

#[component]
pub fn Evaluators(challenge_id: i64, regions: Vec<i64>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let list = api::load(move || Some(api::evaluation::evaluators_path(challenge_id)));
    let reload = Callback::new(move |()| {
        list.refetch();
        changed.update(|n| *n += 1);
    });
    let status = Status::new("ep-evaluators-status", reload);
    let busy = RwSignal::new(false);
    let remove = move |user_id: i64, name: String| {
        let question = i18n
            .t_untracked()
            .ep_confirm_remove
            .replace("{name}", &name);
        if window().confirm_with_message(&question).unwrap_or(false) {
            let action = Box::pin(api::evaluation::remove_evaluator(challenge_id, user_id));
            status.run(action, |t| t.ep_evaluator_removed, None, busy);
        }
    };
    let evaluators = move || match api::read::<EvaluatorsView>(list.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(v)) if v.evaluators.is_empty() => {
            view! { <p class="muted" id="ep-evaluators-none">{tr(|t| t.ep_evaluators_none)}</p> }
                .into_any()
        }
        Some(Ok(v)) => {
            let rows = v
                .evaluators
                .into_iter()
                .map(|e| {
                    let (uid, name) = (e.user_id, e.display_name.clone());
                    view! {
                        <li class="member" data-evaluator=uid>
                            <div class="member-who">
                                <strong>{e.display_name.clone()}</strong>
                                <span class="muted">
                                    {e.email}" · "{move || source_label(e.source, i18n.t())}" · "
                                    {tr(|t| t.ep_added)}" "<Instant at=e.added_at />
                                </span>
                            </div>
                            <div class="member-tools">
                                <button type="button" class="button-secondary small" data-remove-evaluator=uid disabled=move || busy.get() on:click=move |_| remove(uid, name.clone())>
                                    {tr(|t| t.ep_remove_evaluator)}
                                    <span class="visually-hidden">": "{e.display_name}</span>
                                </button>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul id="ep-evaluator-list" class="member-list" aria-labelledby="ep-evaluators-title">{rows}</ul> }.into_any()
        }
    };
    view! {
        <section id="ep-evaluators" class="form-section" aria-labelledby="ep-evaluators-title">
            <h2 id="ep-evaluators-title">{tr(|t| t.ep_evaluators_title)}</h2>
            {status.view()}
            {evaluators}
            <StaffAdd challenge_id=challenge_id regions=regions list=list status=status />
            <Invite challenge_id=challenge_id list=list />
            <Invitations challenge_id=challenge_id list=list status=status />
        </section>
    }
}

/// Inviting anyone by e-mail.
#[component]
fn Invite(challenge_id: i64, list: LocalResource<Text>) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new("ep-invite-errors", |_| "ep-invite-email".into());
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let req = kehto_shared::evaluation::EvaluatorInvitationRequest {
            email: email.get_untracked().trim().to_owned(),
        };
        if let Err(fields) = req.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::evaluation::invite_evaluator(challenge_id, req.email.clone()).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    email.set(String::new());
                    let t = i18n.t_untracked();
                    notice.set(Some(t.ep_invite_sent.replace("{email}", &req.email)));
                    list.refetch();
                    focus::focus_id("ep-invite-status");
                }
                // Said beside the address it concerns.
                Err(e) if e.error.code == ErrorCode::AlreadyEvaluator => {
                    errors.show_shown(vec![Shown {
                        field: "email".into(),
                        problem: Problem::Server(e.error.message),
                    }])
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    view! {
        <h3 id="ep-invite-title">{tr(|t| t.ep_invite_title)}</h3>
        <p class="hint">{tr(|t| t.ep_invite_hint)}</p>
        <div id="ep-invite-status" tabindex="-1">
            <Notice message=notice />
        </div>
        <ErrorSummary errors=errors level=4 />
        <form id="ep-invite-form" class="inline-form measured" novalidate aria-labelledby="ep-invite-title" on:submit=submit>
            <TextField id="ep-invite-email" field="email" label=|t| t.email value=email errors=errors input_type="email" autocomplete="off" />
            <button id="ep-invite-send" type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.ep_invite_send)}</button>
        </form>
    }
}

/// The invitations sent, newest first; the open ones can be revoked.
#[component]
fn Invitations(challenge_id: i64, list: LocalResource<Text>, status: Status) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let rows = move || match api::read::<EvaluatorsView>(list.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(_)) => ().into_any(),
        Some(Ok(v)) if v.invitations.is_empty() => {
            view! { <p class="muted" id="ep-invitations-none">{tr(|t| t.ep_invitations_none)}</p> }
                .into_any()
        }
        Some(Ok(v)) => {
            let items = v
            .invitations
            .into_iter()
            .map(|inv| {
                let id = inv.id;
                let open = inv.status == InvitationStatus::Pending;
                let state = inv.status;
                let when = match (open, inv.accepted_at) {
                    (true, _) => Some((tr(|t| t.inv_valid_until), inv.expires_at)),
                    (false, Some(at)) => Some((tr(|t| t.ep_accepted_at), at)),
                    (false, None) => None,
                };
                view! {
                    <li class="member" data-invitation=id>
                        <div class="member-who">
                            <strong>{inv.email.clone()}</strong>
                            <span class="muted">
                                <span class="badge">{move || invitation_label(state, i18n.t())}</span>
                                {inv.invited_by.map(|n| view! { " · "{tr(|t| t.inv_invited_by)}": "{n} })}
                                {when.map(|(label, at)| view! { " · "{label}": "<Instant at=at /> })}
                            </span>
                        </div>
                        {open.then(|| {
                            let action = move |_| {
                                let a = Box::pin(api::evaluation::revoke_evaluator_invitation(challenge_id, id));
                                status.run(a, |t| t.ep_invitation_revoked, None, busy);
                            };
                            view! {
                                <div class="member-tools">
                                    <button type="button" class="button-secondary small" data-revoke-invitation=id disabled=move || busy.get() on:click=action>
                                        {tr(|t| t.inv_revoke)}
                                        <span class="visually-hidden">": "{inv.email}</span>
                                    </button>
                                </div>
                            }
                        })}
                    </li>
                }
            })
            .collect_view();
            view! { <ul id="ep-invitations" class="member-list" aria-labelledby="ep-invitations-title">{items}</ul> }.into_any()
        }
    };
    view! {
        <h3 id="ep-invitations-title">{tr(|t| t.ep_invitations_title)}</h3>
        {rows}
    }
}
