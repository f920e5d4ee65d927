//! E-mail preferences on the notification page (`fieldset#notification-prefs`): one checkbox per
//! kind of notification, saved with `button#prefs-save`. Everything still appears in the app.

use kehto_shared::notifications::{NotificationKind, NotificationPrefs};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::notifications::kind_label;
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice, SubmitButton};
use crate::components::widgets::{ErrorBox, Loading};
use crate::i18n::{tr, use_i18n};

#[component]
pub fn NotificationPrefsForm() -> impl IntoView {
    let prefs = LocalResource::new(api::notification_prefs);
    view! {
        <section class="prefs" aria-labelledby="prefs-title">
            <h2 id="prefs-title">{tr(|t| t.prefs_title)}</h2>
            {move || match prefs.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(p)) => view! { <PrefsForm initial=p /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PrefsForm(initial: NotificationPrefs) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(initial.email);
    let errors = FormErrors::new("prefs-errors", |_| "notification-prefs".to_owned());
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        notice.set(None);
        busy.set(true);
        // Kept in the order of the list, whatever order they were ticked in.
        let email = NotificationKind::ALL
            .into_iter()
            .filter(|k| chosen.with_untracked(|c| c.contains(k)))
            .collect();
        spawn_local(async move {
            let result = api::save_notification_prefs(&NotificationPrefs { email }).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    chosen.set(saved.email);
                    notice.set(Some(i18n.t_untracked().prefs_saved.to_owned()));
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    view! {
        <Notice message=notice />
        <ErrorSummary errors=errors level=3 />
        <form id="prefs-form" novalidate on:submit=submit>
            <fieldset id="notification-prefs" class="field checkbox-group" aria-describedby="notification-prefs-hint">
                <legend>{tr(|t| t.prefs_legend)}</legend>
                <p class="hint" id="notification-prefs-hint">{tr(|t| t.prefs_hint)}</p>
                {NotificationKind::ALL
                    .into_iter()
                    .map(|k| {
                        let input_id = format!("pref-{}", k.code());
                        view! {
                            <div class="checkbox">
                                <input
                                    type="checkbox"
                                    id=input_id.clone()
                                    name="pref"
                                    value=k.code()
                                    prop:checked=move || chosen.with(|c| c.contains(&k))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|x| *x != k);
                                            if on {
                                                c.push(k);
                                            }
                                        });
                                    }
                                />
                                <label for=input_id>{move || kind_label(k, i18n.t())}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <SubmitButton id="prefs-save" label=|t| t.prefs_save busy=busy />
        </form>
    }
}
