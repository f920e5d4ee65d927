//! Registering a company or research organisation (`POST /organisations`); the business ID is
//! checked in the browser with the shared check-digit rule before anything is sent.

use kehto_shared::org::{CreateOrgRequest, OrgKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{
    ErrorSummary, FieldMessage, FormErrors, Notice, SubmitButton, TextField, described_by,
};
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn CreateOrgForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let kind = RwSignal::new(OrgKind::Company);
    let name = RwSignal::new(String::new());
    let business_id = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let errors = FormErrors::new("org-new-errors", |f| format!("org-new-{f}"));
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let site = website.get_untracked().trim().to_owned();
        let req = CreateOrgRequest {
            kind: kind.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            business_id: business_id.get_untracked().trim().to_owned(),
            website: (!site.is_empty()).then_some(site),
        };
        let req = match req.validate() {
            // Send the business ID in its normal form (a leading zero added, spaces trimmed).
            Ok(id) => CreateOrgRequest {
                business_id: id.to_string(),
                ..req
            },
            Err(fields) => return errors.show_fields(fields),
        };
        errors.clear();
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::create_organisation(&req).await;
            busy.set(false);
            match result {
                Ok(org) => {
                    notice.set(Some(
                        i18n.t_untracked()
                            .org_created
                            .replace("{name}", org.org.name(i18n.lang_untracked())),
                    ));
                    name.set(String::new());
                    business_id.set(String::new());
                    website.set(String::new());
                    session.refresh();
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    let radio = move |value: OrgKind, id: &'static str| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="kind"
                    value=value.code()
                    prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value)
                />
                <label for=id>{move || value.label(i18n.lang())}</label>
            </div>
        }
    };
    view! {
        <section class="form-section create-org" aria-labelledby="org-new-title">
            <h2 id="org-new-title">{tr(|t| t.create_org_title)}</h2>
            <p>{tr(|t| t.create_org_intro)}</p>
            <Notice message=notice />
            <ErrorSummary errors=errors />
            <form class="stack" novalidate on:submit=submit>
                <fieldset
                    id="org-new-kind"
                    class="field"
                    class:field-invalid=move || errors.has("kind")
                    aria-describedby=move || described_by("org-new-kind", false, errors.has("kind"))
                >
                    <legend>{tr(|t| t.org_kind)}</legend>
                    <FieldMessage id="org-new-kind" field="kind" errors=errors />
                    {radio(OrgKind::Company, "org-new-kind-company")}
                    {radio(OrgKind::Research, "org-new-kind-research")}
                </fieldset>
                <TextField id="org-new-name" field="name" label=|t| t.org_name value=name errors=errors autocomplete="organization" />
                <TextField
                    id="org-new-business_id"
                    field="business_id"
                    label=|t| t.business_id
                    hint=|t| t.business_id_hint
                    value=business_id
                    errors=errors
                />
                <TextField
                    id="org-new-website"
                    field="website"
                    label=|t| t.website
                    hint=|t| t.website_hint
                    value=website
                    errors=errors
                    input_type="url"
                    autocomplete="url"
                    optional=true
                />
                <SubmitButton id="org-new-submit" label=|t| t.create_org_button busy=busy />
            </form>
        </section>
    }
}
