//! Parts of the profile editor ([`super::profile_editor`]): the repeatable list of solution
//! offerings (add, remove, each a fieldset whose controls are named `offerings[i].…` for the
//! server's error paths) and the checkbox groups used for themes, capabilities, languages and
//! regions. Choices are kept as code strings, so one non-generic group serves every vocabulary.

use kehto_shared::Lang;
use kehto_shared::challenge::Theme;
use kehto_shared::profile::{Capability, MedicalDeviceClass, OFFERINGS_MAX, SolutionOffering};
use kehto_shared::regions::REGIONS;
use leptos::prelude::*;

use super::profile_page::region_label;
use crate::components::form::{FieldMessage, FormErrors, SelectField, TextField, described_by};
use crate::focus;
use crate::i18n::{Texts, endonym, tr, use_i18n};

/// The `(code, label)` choices of a checkbox group in a language.
pub type Choices = fn(Lang) -> Vec<(&'static str, &'static str)>;

pub fn theme_choices(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Theme::ALL
        .iter()
        .map(|t| (t.code(), t.label(lang)))
        .collect()
}

pub fn capability_choices(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Capability::ALL
        .iter()
        .map(|c| (c.code(), c.label(lang)))
        .collect()
}

pub fn lang_choices(_: Lang) -> Vec<(&'static str, &'static str)> {
    Lang::ALL.iter().map(|l| (l.code(), endonym(*l))).collect()
}

pub fn region_choices(lang: Lang) -> Vec<(&'static str, &'static str)> {
    REGIONS
        .iter()
        .map(|r| (r.code, region_label(r, lang)))
        .collect()
}

/// The labelled `(value, label)` options of a `<select>`, from a list of choices.
pub fn options(
    first: Option<&'static str>,
    choices: Vec<(&'static str, &'static str)>,
) -> Vec<(String, String)> {
    first
        .map(|l| (String::new(), l.to_owned()))
        .into_iter()
        .chain(
            choices
                .into_iter()
                .map(|(v, l)| (v.to_owned(), l.to_owned())),
        )
        .collect()
}

/// A fieldset of checkboxes over `choices`, bound to the chosen codes.
#[component]
pub fn CheckGroup(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    legend: fn(&Texts) -> &'static str,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    chosen: RwSignal<Vec<String>>,
    choices: Choices,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = {
        let field = field.clone();
        Signal::derive(move || errors.has(&field))
    };
    let describedby = {
        let id = id.clone();
        move || described_by(&id, hint.is_some(), has_error.get())
    };
    let hint_id = format!("{id}-hint");
    let group = id.clone();
    let message_id = id.clone();
    view! {
        <fieldset id=id.clone() class="field" class:field-invalid=move || has_error.get() aria-describedby=describedby>
            <legend>{move || legend(i18n.t())}</legend>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h(i18n.t())}</p> })}
            <FieldMessage id=message_id field=field errors=errors />
            <div class="checkbox-grid">
                {move || {
                    choices(i18n.lang())
                        .into_iter()
                        .map(|(code, label)| {
                            let input_id = format!("{group}-{code}");
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        value=code
                                        prop:checked=move || chosen.with(|c| c.iter().any(|x| x == code))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|x| x != code);
                                                if on {
                                                    c.push(code.to_owned());
                                                }
                                            });
                                        }
                                    />
                                    <label for=input_id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
    }
}

/// One offering while it is edited.
#[derive(Clone, Copy)]
pub struct Offering {
    /// The server's id; `None` for one added in this form.
    id: Option<i64>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    /// `1`…`9`, or empty until chosen.
    trl: RwSignal<String>,
    class: RwSignal<String>,
    ce_marked: RwSignal<bool>,
    references: RwSignal<String>,
    languages: RwSignal<Vec<String>>,
    regions: RwSignal<Vec<String>>,
}

impl Offering {
    pub fn new(o: Option<&SolutionOffering>) -> Self {
        let text =
            |f: fn(&SolutionOffering) -> &str| RwSignal::new(o.map(f).unwrap_or("").to_owned());
        Offering {
            id: o.and_then(|o| o.id),
            name: text(|o| &o.name),
            description: text(|o| &o.description),
            trl: RwSignal::new(o.map(|o| o.trl.to_string()).unwrap_or_default()),
            class: RwSignal::new(
                o.map_or(MedicalDeviceClass::NotMedicalDevice, |o| {
                    o.medical_device_class
                })
                .code()
                .to_owned(),
            ),
            ce_marked: RwSignal::new(o.is_some_and(|o| o.ce_marked)),
            references: text(|o| &o.references),
            languages: RwSignal::new(
                o.map(|o| o.languages.iter().map(|l| l.code().to_owned()).collect())
                    .unwrap_or_default(),
            ),
            regions: RwSignal::new(o.map(|o| o.regions_served.clone()).unwrap_or_default()),
        }
    }

    /// As sent; an unchosen TRL is 0, which the shared rules refuse.
    pub fn to_input(self) -> SolutionOffering {
        SolutionOffering {
            id: self.id,
            name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            trl: self.trl.get_untracked().parse().unwrap_or(0),
            medical_device_class: MedicalDeviceClass::from_code(&self.class.get_untracked())
                .unwrap_or(MedicalDeviceClass::NotMedicalDevice),
            ce_marked: self.ce_marked.get_untracked(),
            references: self.references.get_untracked(),
            languages: self
                .languages
                .get_untracked()
                .iter()
                .filter_map(|c| Lang::from_code(c))
                .collect(),
            regions_served: self.regions.get_untracked(),
        }
    }
}

/// The offerings section: one fieldset per offering, and the button to add one.
#[component]
pub fn Offerings(
    offerings: RwSignal<Vec<Offering>>,
    errors: FormErrors,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let remove = Callback::new(move |i: usize| {
        offerings.update(|l| {
            if i < l.len() {
                l.remove(i);
            }
        });
        // The error paths name offerings by their place, which has just changed.
        errors.clear();
        notice.set(Some(i18n.t_untracked().pf_offering_removed.to_owned()));
        focus::focus_id("pf-add-offering");
    });
    let add = move |_| {
        let n = offerings.with_untracked(Vec::len);
        if n < OFFERINGS_MAX {
            offerings.update(|l| l.push(Offering::new(None)));
            focus::focus_id(&format!("pf-off-{n}-name"));
        }
    };
    view! {
        <section class="form-section" aria-labelledby="pf-offerings-title">
            <h2 id="pf-offerings-title">{tr(|t| t.pf_offerings)}</h2>
            <p class="hint">{tr(|t| t.pf_offerings_hint)}</p>
            <FieldMessage id="pf-offerings" field="offerings" errors=errors />
            <div id="pf-offerings">
                {move || {
                    offerings
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, o)| view! { <OfferingFields i=i o=o errors=errors on_remove=remove /> })
                        .collect_view()
                }}
            </div>
            {move || {
                if offerings.with(Vec::len) < OFFERINGS_MAX {
                    view! {
                        <button id="pf-add-offering" type="button" class="button-secondary" on:click=add>
                            {tr(|t| t.pf_add_offering)}
                        </button>
                    }
                    .into_any()
                } else {
                    view! { <p class="hint">{tr(|t| t.pf_offerings_full)}</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn OfferingFields(
    i: usize,
    o: Offering,
    errors: FormErrors,
    on_remove: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = (i + 1).to_string();
    let number = n.clone();
    let p = format!("pf-off-{i}");
    let f = format!("offerings[{i}]");
    let trl_options = Signal::derive(move || {
        let mut list = options(Some(i18n.t().pf_choose), Vec::new());
        list.extend((1..=9).map(|n| (n.to_string(), n.to_string())));
        list
    });
    let class_options = Signal::derive(move || {
        let lang = i18n.lang();
        options(
            None,
            MedicalDeviceClass::ALL
                .iter()
                .map(|c| (c.code(), c.label(lang)))
                .collect(),
        )
    });
    let ce_id = format!("{p}-ce-marked");
    view! {
        <fieldset class="translation" id=p.clone() data-context="offering">
            <legend>{move || i18n.t().pf_offering_n.replace("{n}", &n)}</legend>
            <TextField id=format!("{p}-name") field=format!("{f}.name") label=|t| t.pf_off_name value=o.name errors=errors />
            <TextField
                id=format!("{p}-description")
                field=format!("{f}.description")
                label=|t| t.description
                hint=|t| t.markdown_hint
                value=o.description
                errors=errors
                rows=5
                optional=true
            />
            <SelectField
                id=format!("{p}-trl")
                field=format!("{f}.trl")
                label=|t| t.trl_long
                hint=|t| t.pf_off_trl_hint
                value=o.trl
                errors=errors
                options=trl_options
            />
            <SelectField
                id=format!("{p}-medical-device-class")
                field=format!("{f}.medical_device_class")
                label=|t| t.pf_mdc
                hint=|t| t.pf_mdc_hint
                value=o.class
                errors=errors
                options=class_options
            />
            <div class="checkbox field">
                <input
                    type="checkbox"
                    id=ce_id.clone()
                    prop:checked=move || o.ce_marked.get()
                    on:change=move |ev| o.ce_marked.set(event_target_checked(&ev))
                />
                <label for=ce_id>{tr(|t| t.pf_off_ce)}</label>
            </div>
            <TextField
                id=format!("{p}-references")
                field=format!("{f}.references")
                label=|t| t.pf_references
                hint=|t| t.pf_off_references_hint
                value=o.references
                errors=errors
                rows=3
                optional=true
            />
            <CheckGroup
                id=format!("{p}-languages")
                field=format!("{f}.languages")
                legend=|t| t.pf_off_languages
                chosen=o.languages
                choices=lang_choices
                errors=errors
            />
            <CheckGroup
                id=format!("{p}-regions-served")
                field=format!("{f}.regions_served")
                legend=|t| t.pf_off_regions
                hint=|t| t.pf_off_regions_hint
                chosen=o.regions
                choices=region_choices
                errors=errors
            />
            <button type="button" class="button-secondary small" on:click=move |_| on_remove.run(i)>
                {move || i18n.t().pf_remove_offering.replace("{n}", &number)}
            </button>
        </fieldset>
    }
}
