//! One organisation on the "my organisation" page: details, members, and for owners the tools to
//! add members, change their roles and remove them. Anyone may leave an organisation.

use kehto_shared::account::MembershipView;
use kehto_shared::org::{AddMemberRequest, ChangeRoleRequest, MemberView, OrgKind, OrgView, Role};
use kehto_shared::validate::Checker;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::invitations::Invitations;
use crate::api;
use crate::components::form::Notice;
use crate::components::widgets::{ErrorBox, Loading};
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

fn role_options(kind: OrgKind, lang: kehto_shared::Lang) -> Vec<(String, String)> {
    Role::ALL
        .into_iter()
        .filter(|r| r.fits(kind))
        .map(|r| (r.code().to_owned(), r.label(lang).to_owned()))
        .collect()
}

/// What the section's buttons report back.
#[derive(Clone, Copy)]
struct Feedback {
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl Feedback {
    fn done(&self, message: String) {
        self.error.set(None);
        self.notice.set(Some(message));
    }
    fn failed(&self, message: String) {
        self.notice.set(None);
        self.error.set(Some(message));
    }
}

#[component]
pub fn OrgSection(membership: MembershipView, my_id: i64, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let org = membership.org.clone();
    let org_id = org.id;
    let kind = org.kind;
    let manage = admin || membership.role == Role::CompanyOwner;
    let details = api::load(move || Some(format!("/organisations/{org_id}")));
    let members = api::load(move || Some(format!("/organisations/{org_id}/members")));
    let feedback = Feedback {
        notice: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    let title_id = format!("org-{org_id}-title");
    let labelled_by = title_id.clone();
    let org_name = org.clone();
    view! {
        <section class="org" aria-labelledby=labelled_by>
            <h2 id=title_id>{move || org_name.name(i18n.lang()).to_owned()}</h2>
            <dl class="facts">
                <div>
                    <dt>{tr(|t| t.org_kind)}</dt>
                    <dd>{move || kind.label(i18n.lang())}</dd>
                </div>
                <div>
                    <dt>{tr(|t| t.your_role)}</dt>
                    <dd>{move || membership.role.label(i18n.lang())}</dd>
                </div>
                {move || api::read::<OrgView>(details.get()).and_then(Result::ok).map(|d| view! {
                    {d.business_id.map(|b| view! {
                        <div>
                            <dt>{tr(|t| t.business_id)}</dt>
                            <dd>{b}</dd>
                        </div>
                    })}
                    {d.website.map(|w| view! {
                        <div>
                            <dt>{tr(|t| t.website)}</dt>
                            <dd><a href=w.clone() rel="noopener noreferrer">{w.clone()}</a></dd>
                        </div>
                    })}
                })}
            </dl>
            {(kind != OrgKind::Region).then(|| view! {
                <p class="actions">
                    <a href=format!("/organisations/{org_id}")>{tr(|t| t.profile_view)}</a>
                    <a id=format!("org-{org_id}-edit-profile") href=format!("/organisations/{org_id}/edit")>{tr(|t| t.profile_edit)}</a>
                    <a id=format!("org-{org_id}-recommendations") href=format!("/organisations/{org_id}/recommendations")>{tr(|t| t.mm_rec_title)}</a>
                    <a href="/contact-requests">{tr(|t| t.mm_contacts_title)}</a>
                </p>
            })}
            <h3>{tr(|t| t.members)}</h3>
            <Notice message=feedback.notice />
            {move || feedback.error.get().map(|e| view! { <p class="error-box" role="alert">{e}</p> })}
            {move || match api::read::<Vec<MemberView>>(members.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="member-list">
                        {list
                            .into_iter()
                            .map(|m| view! { <MemberRow org_id=org_id kind=kind member=m manage=manage my_id=my_id members=members feedback=feedback /> })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            {manage.then(|| view! { <AddMember org_id=org_id kind=kind members=members feedback=feedback /> })}
            {(manage && kind != OrgKind::Region).then(|| view! { <Invitations org_id=org_id kind=kind /> })}
        </section>
    }
}

#[component]
fn MemberRow(
    org_id: i64,
    kind: OrgKind,
    member: MemberView,
    manage: bool,
    my_id: i64,
    members: LocalResource<api::Text>,
    feedback: Feedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let uid = member.user_id;
    let role = RwSignal::new(member.role.code().to_owned());
    let select_id = format!("org-{org_id}-role-{uid}");
    let name = StoredValue::new(member.display_name.clone());
    let is_me = uid == my_id;
    let change = move |_| {
        let Some(new_role) = Role::from_code(&role.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            match api::change_role(org_id, uid, &ChangeRoleRequest { role: new_role }).await {
                Ok(_) => {
                    feedback.done(
                        i18n.t_untracked()
                            .role_changed
                            .replace("{name}", &name.get_value()),
                    );
                    members.refetch();
                    session.refresh();
                }
                Err(e) => feedback.failed(e.error.message),
            }
        });
    };
    let remove = move |_| {
        let t = i18n.t_untracked();
        let question = if is_me {
            t.confirm_leave.to_owned()
        } else {
            t.confirm_remove.replace("{name}", &name.get_value())
        };
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        spawn_local(async move {
            match api::remove_member(org_id, uid).await {
                Ok(()) => {
                    feedback.done(
                        i18n.t_untracked()
                            .member_removed
                            .replace("{name}", &name.get_value()),
                    );
                    members.refetch();
                    if is_me {
                        session.refresh();
                    }
                }
                Err(e) => feedback.failed(e.error.message),
            }
        });
    };
    view! {
        <li class="member">
            <div class="member-who">
                <strong>{member.display_name.clone()}</strong>
                <span class="muted">{member.email.clone()}</span>
            </div>
            {if manage {
                view! {
                    <div class="member-tools">
                        <label for=select_id.clone()>
                            {move || i18n.t().role_of.replace("{name}", &name.get_value())}
                        </label>
                        <select id=select_id on:change=move |ev| role.set(event_target_value(&ev))>
                            {move || {
                                let current = role.get();
                                role_options(kind, i18n.lang())
                                    .into_iter()
                                    .map(|(v, l)| {
                                        let selected = v == current;
                                        view! { <option value=v selected=selected>{l}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        <button type="button" class="button-secondary small" on:click=change>
                            {tr(|t| t.change_role)}
                        </button>
                        <button type="button" class="button-danger small" on:click=remove>
                            {move || if is_me { i18n.t().leave_org.to_owned() } else { i18n.t().remove_member_named.replace("{name}", &name.get_value()) }}
                        </button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="member-tools">
                        <span>{move || member.role.label(i18n.lang())}</span>
                        {is_me.then(|| view! {
                            <button type="button" class="button-secondary small" on:click=remove>
                                {tr(|t| t.leave_org)}
                            </button>
                        })}
                    </div>
                }
                .into_any()
            }}
        </li>
    }
}

#[component]
fn AddMember(
    org_id: i64,
    kind: OrgKind,
    members: LocalResource<api::Text>,
    feedback: Feedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let default_role = if kind == OrgKind::Region {
        Role::RegionStaff
    } else {
        Role::CompanyMember
    };
    let role = RwSignal::new(default_role.code().to_owned());
    let email_error = RwSignal::new(None::<String>);
    let email_id = format!("org-{org_id}-member-email");
    let role_id = format!("org-{org_id}-member-role");
    let error_id = format!("{email_id}-error");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        let mut c = Checker::new();
        c.email("email", &address);
        if let Some(e) = c.errors.first() {
            email_error.set(Some(e.code.message(i18n.lang_untracked(), e.limit)));
            return;
        }
        let Some(role) = Role::from_code(&role.get_untracked()) else {
            return;
        };
        email_error.set(None);
        feedback.error.set(None);
        spawn_local(async move {
            match api::add_member(
                org_id,
                &AddMemberRequest {
                    email: address,
                    role,
                },
            )
            .await
            {
                Ok(m) => {
                    email.set(String::new());
                    feedback.done(
                        i18n.t_untracked()
                            .member_added
                            .replace("{name}", &m.display_name),
                    );
                    members.refetch();
                }
                Err(e) => match e.error.fields.iter().find(|f| f.field == "email") {
                    Some(f) => {
                        email_error.set(Some(f.code.message(i18n.lang_untracked(), f.limit)))
                    }
                    None => feedback.failed(e.error.message),
                },
            }
        });
    };
    view! {
        <form class="add-member" novalidate on:submit=submit>
            <h3>{tr(|t| t.add_member)}</h3>
            <p class="hint">{tr(|t| t.add_member_hint)}</p>
            <div class="field-row">
                <div class="field" class:field-invalid=move || email_error.get().is_some()>
                    <label for=email_id.clone()>{tr(|t| t.email)}</label>
                    {
                        let error_id = error_id.clone();
                        move || email_error.get().map(|m| view! {
                            <p class="field-error" id=error_id.clone() role="alert">{m}</p>
                        })
                    }
                    <input
                        id=email_id
                        type="email"
                        autocomplete="off"
                        aria-invalid=move || email_error.get().is_some().then_some("true")
                        aria-describedby=move || email_error.get().is_some().then(|| error_id.clone())
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for=role_id.clone()>{tr(|t| t.role)}</label>
                    <select id=role_id on:change=move |ev| role.set(event_target_value(&ev))>
                        {move || {
                            let current = role.get();
                            role_options(kind, i18n.lang())
                                .into_iter()
                                .map(|(v, l)| {
                                    let selected = v == current;
                                    view! { <option value=v selected=selected>{l}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <button type="submit" class="button">{tr(|t| t.add_member_button)}</button>
        </form>
    }
}
