//! `/organisations/:id/edit`: a company's or research organisation's members edit its profile
//! (`PUT /organisations/{id}/profile`, saved all or nothing): size class, themes, capabilities,
//! languages, the solution offerings ([`super::profile_offerings`]), the contact person, the
//! website and the public opt-in. The shared rules run before sending; the server's 422 paths
//! (`offerings[2].trl`) land beside the same controls and in the error summary. Nothing typed is
//! lost on an error; after saving, the form shows what the server stored (new offerings' ids).

use kehto_shared::challenge::Theme;
use kehto_shared::error::FieldCode;
use kehto_shared::profile::{Capability, OrgProfileInput, OrgProfileView, SizeClass};
use kehto_shared::{ErrorCode, FieldError, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::profile_offerings::{
    CheckGroup, Offering, Offerings, capability_choices, lang_choices, options, theme_choices,
};
use super::profile_page::ProfileNotFound;
use crate::api;
use crate::components::form::{
    ErrorSummary, FormErrors, Notice, SelectField, SubmitButton, TextField,
};
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// The control of an API field: `contact_email` → `pf-contact-email`,
/// `offerings[2].trl` → `pf-off-2-trl`, `offerings[2].id` → the offering's fieldset.
fn field_id(field: &str) -> String {
    let f = field.replace('_', "-");
    if let Some(rest) = f.strip_prefix("offerings[")
        && let Some((i, tail)) = rest.split_once(']')
    {
        return match tail.strip_prefix('.') {
            Some("id") | None => format!("pf-off-{i}"),
            Some(part) => format!("pf-off-{i}-{part}"),
        };
    }
    format!("pf-{f}")
}

/// `offerings[1].regions_served[3]` names one checkbox of a group: blame the group.
fn group_path(field: &mut String) {
    const GROUP: &str = ".regions_served";
    if let Some(at) = field.find(".regions_served[") {
        field.truncate(at + GROUP.len());
    }
}

fn codes<T: Copy>(list: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    list.iter().map(|x| code(*x).to_owned()).collect()
}

fn parse<T>(codes: RwSignal<Vec<String>>, from: fn(&str) -> Option<T>) -> Vec<T> {
    codes.with_untracked(|c| c.iter().filter_map(|c| from(c)).collect())
}

/// The form's state.
#[derive(Clone, Copy)]
struct Draft {
    size: RwSignal<String>,
    summary: RwSignal<String>,
    description: RwSignal<String>,
    themes: RwSignal<Vec<String>>,
    capabilities: RwSignal<Vec<String>>,
    languages: RwSignal<Vec<String>>,
    offerings: RwSignal<Vec<Offering>>,
    contact_name: RwSignal<String>,
    contact_email: RwSignal<String>,
    contact_phone: RwSignal<String>,
    website: RwSignal<String>,
    public: RwSignal<bool>,
}

impl Draft {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        let v = || RwSignal::new(Vec::new());
        Draft {
            size: s(),
            summary: s(),
            description: s(),
            themes: v(),
            capabilities: v(),
            languages: v(),
            offerings: RwSignal::new(Vec::new()),
            contact_name: s(),
            contact_email: s(),
            contact_phone: s(),
            website: s(),
            public: RwSignal::new(false),
        }
    }

    fn fill(&self, p: &OrgProfileInput) {
        self.size.set(
            p.size_class
                .map(|s| s.code().to_owned())
                .unwrap_or_default(),
        );
        self.summary.set(p.summary.clone());
        self.description.set(p.description.clone());
        self.themes.set(codes(&p.themes, Theme::code));
        self.capabilities
            .set(codes(&p.capabilities, Capability::code));
        self.languages.set(codes(&p.languages, Lang::code));
        self.offerings
            .set(p.offerings.iter().map(|o| Offering::new(Some(o))).collect());
        self.contact_name.set(p.contact_name.clone());
        self.contact_email.set(p.contact_email.clone());
        self.contact_phone
            .set(p.contact_phone.clone().unwrap_or_default());
        self.website.set(p.website.clone().unwrap_or_default());
        self.public.set(p.public);
    }

    fn to_input(self) -> OrgProfileInput {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let optional = |s: RwSignal<String>| Some(text(s)).filter(|s| !s.is_empty());
        OrgProfileInput {
            size_class: SizeClass::from_code(&self.size.get_untracked()),
            summary: text(self.summary),
            description: text(self.description),
            themes: parse(self.themes, Theme::from_code),
            capabilities: parse(self.capabilities, Capability::from_code),
            offerings: self
                .offerings
                .get_untracked()
                .into_iter()
                .map(Offering::to_input)
                .collect(),
            contact_name: text(self.contact_name),
            contact_email: text(self.contact_email),
            contact_phone: optional(self.contact_phone),
            website: optional(self.website),
            languages: parse(self.languages, Lang::from_code),
            public: self.public.get_untracked(),
        }
    }
}

/// The shared rules, with "choose a level" for an offering whose TRL was not chosen.
fn check(input: &OrgProfileInput) -> Result<(), Vec<FieldError>> {
    let mut errors = input.validate().err().unwrap_or_default();
    for (i, o) in input.offerings.iter().enumerate() {
        if o.trl == 0 {
            let field = format!("offerings[{i}].trl");
            for e in errors.iter_mut().filter(|e| e.field == field) {
                e.code = FieldCode::Required;
                e.limit = None;
            }
        }
    }
    errors.iter_mut().for_each(|e| group_path(&mut e.field));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[component]
pub fn ProfileEditorPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    focus::page_title(|t| t.profile_edit.to_owned());
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    // A memo, so that a refreshed session (e.g. after switching language) does not refill the
    // form over what the user typed.
    let signed_in = Memo::new(move |_| session.signed_in());
    let text = api::load(move || Some(api::profiles::profile_path(id.get().unwrap_or(0))));
    let draft = Draft::new();
    move || {
        if !session.loaded.get() {
            return view! { <Loading /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInRequired title=|t| t.profile_edit /> }.into_any();
        }
        match api::read::<OrgProfileView>(text.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::NotFound => {
                view! { <ProfileNotFound /> }.into_any()
            }
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.profile_edit)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
            Some(Ok(p)) if !p.can_edit => view! {
                <h1>{tr(|t| t.profile_edit)}</h1>
                <p>{tr(|t| t.pf_cannot_edit)}</p>
            }
            .into_any(),
            Some(Ok(p)) => {
                draft.fill(&p.to_input());
                view! { <Editor org_id=p.org.id name=p.name draft=draft /> }.into_any()
            }
        }
    }
}

#[component]
fn Editor(org_id: i64, name: String, draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let errors = FormErrors::new("pf-errors", field_id);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let size_options = Signal::derive(move || {
        let lang = i18n.lang();
        options(
            Some(i18n.t().pf_size_unset),
            SizeClass::ALL
                .iter()
                .map(|s| (s.code(), s.label(lang)))
                .collect(),
        )
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let input = draft.to_input();
        if let Err(fields) = check(&input) {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::profiles::save_profile(org_id, &input).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    draft.fill(&saved.to_input());
                    notice.set(Some(i18n.t_untracked().pf_saved.to_owned()));
                }
                Err(mut e) => {
                    e.error
                        .fields
                        .iter_mut()
                        .for_each(|f| group_path(&mut f.field));
                    errors.show_api(&e);
                }
            }
        });
    };
    // A public profile must name its contact: the two fields are required only then.
    let contact = move || {
        let optional = !draft.public.get();
        view! {
            <TextField
                id="pf-contact-name"
                field="contact_name"
                label=|t| t.ch_contact_name
                value=draft.contact_name
                errors=errors
                optional=optional
            />
            <TextField
                id="pf-contact-email"
                field="contact_email"
                label=|t| t.ch_contact_email
                value=draft.contact_email
                errors=errors
                input_type="email"
                optional=optional
            />
        }
    };
    view! {
        <h1>{tr(|t| t.profile_edit)}</h1>
        <p class="lead">
            <strong>{name}</strong>
        </p>
        <p>{tr(|t| t.pf_intro)}</p>
        <p>
            <a href=format!("/organisations/{org_id}")>{tr(|t| t.profile_view)}</a>
        </p>
        <ErrorSummary errors=errors />
        <form id="profile-form" class="editor" novalidate aria-labelledby="pf-form-title" on:submit=submit>
            <h2 id="pf-form-title" class="visually-hidden">{tr(|t| t.profile_edit)}</h2>
            <section class="form-section" aria-labelledby="pf-basics-title">
                <h2 id="pf-basics-title">{tr(|t| t.pf_basics)}</h2>
                <TextField
                    id="pf-summary"
                    field="summary"
                    label=|t| t.pf_summary
                    hint=|t| t.pf_summary_hint
                    value=draft.summary
                    errors=errors
                    rows=2
                    optional=true
                />
                <TextField
                    id="pf-description"
                    field="description"
                    label=|t| t.description
                    hint=|t| t.markdown_hint
                    value=draft.description
                    errors=errors
                    rows=8
                    optional=true
                />
                <SelectField
                    id="pf-size-class"
                    field="size_class"
                    label=|t| t.pf_size
                    hint=|t| t.pf_size_hint
                    value=draft.size
                    errors=errors
                    options=size_options
                />
            </section>
            <section class="form-section" aria-labelledby="pf-expertise-title">
                <h2 id="pf-expertise-title">{tr(|t| t.pf_expertise)}</h2>
                <CheckGroup
                    id="pf-themes"
                    field="themes"
                    legend=|t| t.themes
                    hint=|t| t.pf_themes_hint
                    chosen=draft.themes
                    choices=theme_choices
                    errors=errors
                />
                <CheckGroup
                    id="pf-capabilities"
                    field="capabilities"
                    legend=|t| t.pf_capabilities
                    hint=|t| t.pf_capabilities_hint
                    chosen=draft.capabilities
                    choices=capability_choices
                    errors=errors
                />
                <CheckGroup
                    id="pf-languages"
                    field="languages"
                    legend=|t| t.pf_languages
                    hint=|t| t.pf_languages_hint
                    chosen=draft.languages
                    choices=lang_choices
                    errors=errors
                />
            </section>
            <section class="form-section" aria-labelledby="pf-contact-title">
                <h2 id="pf-contact-title">{tr(|t| t.contact_person)}</h2>
                <p class="hint">{tr(|t| t.pf_contact_hint)}</p>
                {contact}
                <TextField
                    id="pf-contact-phone"
                    field="contact_phone"
                    label=|t| t.pf_contact_phone
                    value=draft.contact_phone
                    errors=errors
                    input_type="tel"
                    optional=true
                />
                <TextField
                    id="pf-website"
                    field="website"
                    label=|t| t.website
                    hint=|t| t.website_hint
                    value=draft.website
                    errors=errors
                    input_type="url"
                    optional=true
                />
            </section>
            <Offerings offerings=draft.offerings errors=errors notice=notice />
            <section class="form-section" aria-labelledby="pf-visibility-title">
                <h2 id="pf-visibility-title">{tr(|t| t.pf_visibility)}</h2>
                <div class="checkbox">
                    <input
                        type="checkbox"
                        id="pf-public"
                        name="public"
                        aria-describedby="pf-public-hint"
                        prop:checked=move || draft.public.get()
                        on:change=move |ev| draft.public.set(event_target_checked(&ev))
                    />
                    <label for="pf-public">{tr(|t| t.pf_public)}</label>
                </div>
                <p class="hint" id="pf-public-hint">{tr(|t| t.pf_public_hint)}</p>
            </section>
            <Notice message=notice />
            <SubmitButton id="profile-save" label=|t| t.pf_save busy=busy />
        </form>
    }
}
