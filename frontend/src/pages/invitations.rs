//! Invitations on the "my organisation" page, for a company's or research organisation's owners
//! (and administrators): invite an e-mail address with a role, see the open invitations and
//! revoke them. The invited person accepts on [`super::invitation_accept`]. Ids are
//! `org-<id>-invite-…`, since the page shows every organisation the user belongs to.

use kehto_shared::ErrorCode;
use kehto_shared::org::{OrgKind, Role};
use kehto_shared::profile::{InvitationRequest, InvitationStatus, InvitationView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{
    ErrorSummary, FormErrors, Notice, Problem, SelectField, Shown, TextField,
};
use crate::components::widgets::{ErrorBox, Instant, Loading};
use crate::focus;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn Invitations(org_id: i64, kind: OrgKind) -> impl IntoView {
    let i18n = use_i18n();
    let list = api::load(move || Some(api::profiles::invitations_path(org_id)));
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::CompanyMember.code().to_owned());
    let prefix = format!("org-{org_id}-");
    let errors =
        FormErrors::new("invite-errors", |f| format!("invite-{f}")).with_prefix(prefix.clone());
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let status_id = format!("{prefix}invite-status");
    let role_options = Signal::derive(move || {
        let lang = i18n.lang();
        Role::ALL
            .iter()
            .filter(|r| r.fits(kind))
            .map(|r| (r.code().to_owned(), r.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        failure.set(None);
        let req = InvitationRequest {
            email: email.get_untracked().trim().to_owned(),
            role: Role::from_code(&role.get_untracked()).unwrap_or(Role::CompanyMember),
        };
        if let Err(fields) = req.validate(kind) {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::profiles::invite(org_id, &req).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    email.set(String::new());
                    let t = i18n.t_untracked();
                    notice.set(Some(t.inv_sent.replace("{email}", &req.email)));
                    list.refetch();
                }
                // Shown at the address it concerns.
                Err(e) if e.error.code == ErrorCode::AlreadyMember => {
                    errors.show_shown(vec![Shown {
                        field: "email".into(),
                        problem: Problem::Text(|t| t.inv_already_member),
                    }])
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };

    let revoke = {
        let status_id = status_id.clone();
        Callback::new(move |(id, address): (i64, String)| {
            let status_id = status_id.clone();
            spawn_local(async move {
                let result = api::profiles::revoke_invitation(org_id, id).await;
                let t = i18n.t_untracked();
                match result {
                    Ok(()) => {
                        failure.set(None);
                        notice.set(Some(t.inv_revoked.replace("{email}", &address)));
                    }
                    Err(e) => {
                        notice.set(None);
                        failure.set(Some(if e.error.code == ErrorCode::InvitationAccepted {
                            t.inv_already_accepted.to_owned()
                        } else {
                            e.error.message
                        }));
                    }
                }
                list.refetch();
                // The button is gone with its row: keep the keyboard user's place.
                focus::focus_id(&status_id);
            });
        })
    };

    let title_id = format!("{prefix}invitations-title");
    let labelled_by = title_id.clone();
    let open_id = format!("{prefix}invitations-open");
    view! {
        <section class="add-member" aria-labelledby=labelled_by>
            <h3 id=title_id>{tr(|t| t.inv_title)}</h3>
            <p class="hint">{tr(|t| t.inv_hint)}</p>
            <div id=status_id tabindex="-1">
                <Notice message=notice />
                {move || failure.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            </div>
            <ErrorSummary errors=errors level=4 />
            <form id=format!("{prefix}invite-form") class="invite-form" novalidate on:submit=submit>
                <div class="field-row">
                    <TextField
                        id=format!("{prefix}invite-email")
                        field="email"
                        label=|t| t.email
                        value=email
                        errors=errors
                        input_type="email"
                        autocomplete="off"
                    />
                    <SelectField
                        id=format!("{prefix}invite-role")
                        field="role"
                        label=|t| t.role
                        value=role
                        errors=errors
                        options=role_options
                    />
                </div>
                <button id=format!("{prefix}invite-send") type="submit" class="button" disabled=move || busy.get()>
                    {tr(|t| t.inv_send)}
                </button>
            </form>
            <h4 id=open_id.clone()>{tr(|t| t.inv_open)}</h4>
            {move || match api::read::<Vec<InvitationView>>(list.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(all)) => {
                    let open: Vec<InvitationView> = all
                        .into_iter()
                        .filter(|i| i.status == InvitationStatus::Pending)
                        .collect();
                    if open.is_empty() {
                        return view! { <p class="muted">{tr(|t| t.inv_none)}</p> }.into_any();
                    }
                    view! {
                        <ul class="member-list" id=format!("org-{org_id}-invitations") aria-labelledby=open_id.clone()>
                            {open.into_iter().map(|inv| view! { <InvitationRow inv=inv revoke=revoke /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn InvitationRow(inv: InvitationView, revoke: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let id = inv.id;
    let address = inv.email.clone();
    let role = inv.role;
    view! {
        <li class="member" data-invitation=id>
            <div class="member-who">
                <strong>{inv.email.clone()}</strong>
                <span class="muted">
                    {move || role.label(i18n.lang())}
                    {inv.invited_by.map(|name| view! { " · "{tr(|t| t.inv_invited_by)}": "{name} })}
                    " · "{tr(|t| t.inv_valid_until)}": "
                    <Instant at=inv.expires_at />
                </span>
            </div>
            <div class="member-tools">
                <button
                    type="button"
                    class="button-secondary small"
                    on:click=move |_| revoke.run((id, address.clone()))
                >
                    {tr(|t| t.inv_revoke)}
                    <span class="visually-hidden">" "{inv.email}</span>
                </button>
            </div>
        </li>
    }
}
