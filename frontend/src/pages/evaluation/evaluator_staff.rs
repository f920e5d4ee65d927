//! Adding a member of an owning region's staff as an evaluator directly, without an invitation
//! (`POST /challenges/{id}/evaluators`), on the coordinators' panel ([`super::evaluators`]):
//! `select#ep-staff` and `button#ep-staff-add`, errors in `#ep-staff-errors`. The people offered
//! are the members (`GET /organisations/{region}/members`) of the owning regions the coordinator
//! belongs to — the only ones whose members a coordinator may list — less those who evaluate
//! already.

use kehto_shared::FieldError;
use kehto_shared::error::FieldCode;
use kehto_shared::evaluation::EvaluatorsView;
use kehto_shared::org::{MemberView, OrgKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::api::Text;
use crate::components::form::{ErrorSummary, FormErrors, SelectField};
use crate::components::widgets::Loading;
use crate::i18n::{tr, use_i18n};
use crate::pages::dialogue_kit::Status;
use crate::session::use_session;

/// Adding a member of an owning region's staff directly.
#[component]
pub fn StaffAdd(
    challenge_id: i64,
    regions: Vec<i64>,
    list: LocalResource<Text>,
    status: Status,
) -> impl IntoView {
    let i18n = use_i18n();
    // The owning regions whose members the coordinator may list: their own.
    let mine: Vec<i64> = use_session().me.with_untracked(|m| {
        m.iter()
            .flat_map(|m| &m.memberships)
            .filter(|x| x.org.kind == OrgKind::Region && regions.contains(&x.org.id))
            .map(|x| x.org.id)
            .collect()
    });
    let staff = RwSignal::new(None::<Vec<MemberView>>);
    spawn_local(async move {
        let mut all: Vec<MemberView> = Vec::new();
        for region in mine {
            let text = api::fetch(api::evaluation::members_path(region)).await;
            if let Some(Ok(members)) = api::read::<Vec<MemberView>>(Some(text)) {
                all.extend(members);
            }
        }
        all.sort_by(|a, b| (&a.display_name, a.user_id).cmp(&(&b.display_name, b.user_id)));
        all.dedup_by_key(|m| m.user_id);
        staff.set(Some(all));
    });
    let chosen = RwSignal::new(String::new());
    let errors = FormErrors::new("ep-staff-errors", |_| "ep-staff".into());
    let busy = RwSignal::new(false);
    // Staff who are not evaluators yet.
    let candidates = Signal::derive(move || {
        let taken: Vec<i64> = match api::read::<EvaluatorsView>(list.get()) {
            Some(Ok(v)) => v.evaluators.iter().map(|e| e.user_id).collect(),
            _ => Vec::new(),
        };
        staff.with(|s| {
            s.iter()
                .flatten()
                .filter(|m| !taken.contains(&m.user_id))
                .map(|m| {
                    (
                        m.user_id.to_string(),
                        format!("{} ({})", m.display_name, m.email),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), i18n.t().ep_staff_choose.to_owned())];
        o.extend(candidates.get());
        o
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(user_id) = chosen.get_untracked().parse::<i64>() else {
            return errors.show_fields(vec![FieldError::new("user_id", FieldCode::Required)]);
        };
        errors.clear();
        chosen.set(String::new());
        let action = Box::pin(api::evaluation::add_evaluator(challenge_id, user_id));
        status.run(action, |t| t.ep_staff_added, Some(errors), busy);
    };
    view! {
        <h3 id="ep-staff-title">{tr(|t| t.ep_staff_title)}</h3>
        <p class="hint">{tr(|t| t.ep_staff_hint)}</p>
        {move || match staff.get() {
            None => view! { <Loading /> }.into_any(),
            Some(_) if candidates.with(Vec::is_empty) => {
                view! { <p class="muted" id="ep-staff-none">{tr(|t| t.ep_staff_none)}</p> }.into_any()
            }
            Some(_) => view! {
                <ErrorSummary errors=errors level=4 />
                <form id="ep-staff-form" class="inline-form measured" novalidate aria-labelledby="ep-staff-title" on:submit=submit>
                    <SelectField id="ep-staff" field="user_id" label=|t| t.ep_staff_label value=chosen errors=errors options=options />
                    <button id="ep-staff-add" type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.ep_staff_add)}</button>
                </form>
            }
            .into_any(),
        }}
    }
}
