//! Recommendation alerts on the recommendations page (`section#rec-alerts`): the user's saved
//! searches of kind `recommendations` for this organisation (`ul#alert-list`, each removable with
//! `button[data-delete-alert]`), and the form that saves a new one (`form#alert-form`: name
//! `#alert-name`, least fit `#alert-min-fit`, how often `fieldset#alert-frequency`, button
//! `#alert-save`). New challenges that fit at least that well are notified — at once or in a
//! weekly digest — in the app and, if the user wishes, by e-mail.

use kehto_shared::matchmaking::FitLevel;
use kehto_shared::notifications::{AlertFrequency, SavedSearch, SavedSearchInput, SavedSearchKind};
use kehto_shared::org::OrgRef;
use kehto_shared::{ApiError, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Said;
use crate::api;
use crate::components::form::{ErrorSummary, FieldMessage, FormErrors, SelectField, TextField};
use crate::components::widgets::{ErrorBox, Loading};
use crate::i18n::{Texts, tr, use_i18n};

/// "Good fit or better · weekly digest".
pub fn alert_text(s: &SavedSearchInput, lang: Lang, t: &Texts) -> String {
    let fit = s.min_fit.unwrap_or(FitLevel::Good).label(lang);
    let when = match s.frequency {
        AlertFrequency::Immediate => t.mm_freq_immediate,
        AlertFrequency::Weekly => t.mm_freq_weekly,
    };
    format!("{} · {when}", t.mm_alert_min_fit.replace("{fit}", fit))
}

fn field_id(field: &str) -> String {
    match field {
        "min_fit" => "alert-min-fit",
        "frequency" => "alert-frequency-immediate",
        _ => "alert-name",
    }
    .to_owned()
}

#[component]
pub fn RecommendationAlerts(org: OrgRef) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = org.id;
    let list = RwSignal::new(None::<Result<Vec<SavedSearch>, ApiError>>);
    spawn_local(async move { list.set(Some(api::saved_searches().await)) });
    let default_name = StoredValue::new(
        i18n.t_untracked()
            .mm_alert_default_name
            .replace("{org}", org.name(i18n.lang_untracked())),
    );
    let name = RwSignal::new(default_name.get_value());
    let min_fit = RwSignal::new(FitLevel::Good.code().to_owned());
    let weekly = RwSignal::new(false);
    let errors = FormErrors::new("alert-errors", field_id);
    let said = Said::new("alert-status");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SavedSearchInput {
            name: name.get_untracked().trim().to_owned(),
            kind: SavedSearchKind::Recommendations,
            org_id: Some(org_id),
            min_fit: FitLevel::from_code(&min_fit.get_untracked()),
            frequency: if weekly.get_untracked() {
                AlertFrequency::Weekly
            } else {
                AlertFrequency::Immediate
            },
            ..SavedSearchInput::default()
        };
        if let Err(fields) = input.validate() {
            return errors.show_fields(fields);
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let result = api::create_saved_search(&input).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    let t = i18n.t_untracked();
                    let m = t.mm_alert_saved.replace("{name}", &saved.input.name);
                    list.update(|l| {
                        if let Some(Ok(l)) = l {
                            l.push(saved);
                        }
                    });
                    name.set(default_name.get_value());
                    said.ok(m);
                }
                Err(e) if !e.error.fields.is_empty() => errors.show_api(&e),
                Err(e) => said.failed(e.error.message),
            }
        });
    };
    let delete = move |id: i64, alert: String| {
        spawn_local(async move {
            match api::delete_saved_search(id).await {
                Ok(()) => {
                    list.update(|l| {
                        if let Some(Ok(l)) = l {
                            l.retain(|s| s.id != id);
                        }
                    });
                    said.ok(i18n.t_untracked().search_deleted.replace("{name}", &alert));
                }
                Err(e) => said.failed(e.error.message),
            }
        });
    };
    let fit_options = Signal::derive(move || {
        let lang = i18n.lang();
        [FitLevel::Fair, FitLevel::Good, FitLevel::Strong]
            .into_iter()
            .map(|f| (f.code().to_owned(), f.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let radio = move |value: bool, id: &'static str, label: fn(&Texts) -> &'static str| {
        view! {
            <div class="radio">
                <input type="radio" id=id name="alert-frequency" prop:checked=move || weekly.get() == value on:change=move |_| weekly.set(value) />
                <label for=id>{tr(label)}</label>
            </div>
        }
    };
    let alerts = move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(all)) => {
            let mine: Vec<SavedSearch> = all
                .into_iter()
                .filter(|s| {
                    s.input.kind == SavedSearchKind::Recommendations
                        && s.input.org_id == Some(org_id)
                })
                .collect();
            if mine.is_empty() {
                return view! { <p id="alert-empty" class="muted">{tr(|t| t.mm_alert_empty)}</p> }
                    .into_any();
            }
            view! {
                <ul id="alert-list" class="item-list">
                    {mine.into_iter().map(|s| {
                        let id = s.id;
                        let label = s.input.name.clone();
                        let input = s.input.clone();
                        view! {
                            <li class="item" data-alert=id>
                                <div class="item-main">
                                    <strong>{s.input.name.clone()}</strong>
                                    <p class="q-meta">{move || alert_text(&input, i18n.lang(), i18n.t())}</p>
                                </div>
                                <button type="button" class="button-secondary small" data-delete-alert=id on:click=move |_| delete(id, label.clone())>
                                    {tr(|t| t.delete_search)}
                                    <span class="visually-hidden">": "{s.input.name.clone()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section id="rec-alerts" class="match-section" aria-labelledby="rec-alerts-title">
            <h2 id="rec-alerts-title">{tr(|t| t.mm_alerts_title)}</h2>
            <p class="hint">{tr(|t| t.mm_alerts_hint)}" "<a href="/notifications#notification-prefs">{tr(|t| t.mm_alerts_prefs_link)}</a></p>
            {said.view()}
            {alerts}
            <form id="alert-form" class="stack" novalidate aria-labelledby="alert-form-title" on:submit=submit>
                <h3 id="alert-form-title">{tr(|t| t.mm_alert_new)}</h3>
                <ErrorSummary errors=errors level=4 />
                <TextField id="alert-name" field="name" label=|t| t.saved_search_name value=name errors=errors autocomplete="off" />
                <SelectField id="alert-min-fit" field="min_fit" label=|t| t.mm_alert_fit_label hint=|t| t.mm_alert_fit_hint value=min_fit errors=errors options=fit_options />
                <fieldset id="alert-frequency" class="field">
                    <legend>{tr(|t| t.mm_alert_frequency)}</legend>
                    <FieldMessage id="alert-frequency" field="frequency" errors=errors />
                    {radio(false, "alert-frequency-immediate", |t| t.mm_freq_immediate)}
                    {radio(true, "alert-frequency-weekly", |t| t.mm_freq_weekly)}
                </fieldset>
                <div class="form-actions">
                    <button id="alert-save" type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.mm_alert_save)}</button>
                </div>
            </form>
        </section>
    }
}
