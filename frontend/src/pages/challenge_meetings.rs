//! One-to-one dialogue meetings on a challenge page: `section#meetings`. Everyone sees the slots
//! in Helsinki time and whether each is free or booked (never by whom), the per-organisation
//! limit and the published summaries; company members book and cancel, and see the place of
//! their own meetings; the challenge's coordinators set the limit, open and remove slots, see who
//! booked, and publish a summary once a meeting is over.

use kehto_shared::Lang;
use kehto_shared::meetings::{
    BookSlotRequest, MeetingSettings, MeetingSlotInput, MeetingSummaryRequest,
};

use crate::dto::{Meetings, Slot};
use leptos::prelude::*;

use super::dialogue_kit::{
    Action, ItemText, ItemTextForm, OrgChoice, Status, clicked, esc, lang_options, read_span, span,
    span_html,
};
use crate::api::{self, Method};
use crate::components::form::{
    ErrorSummary, FormErrors, Problem, SelectField, Shown, SubmitButton, TextField,
};
use crate::components::widgets::{ErrorBox, Loading};
use crate::i18n::{Texts, endonym, tr, use_i18n};
use crate::session::use_session;
use crate::time;

#[component]
pub fn ChallengeMeetings(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let who = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    let data = api::load(move || {
        who.track();
        Some(format!("/challenges/{challenge_id}/meetings"))
    });
    let status = Status::new("meetings-status", Callback::new(move |()| data.refetch()));
    let org = OrgChoice::new();
    view! {
        <section id="meetings" class="dialogue-section" aria-labelledby="meetings-title">
            <h2 id="meetings-title">{tr(|t| t.meetings_title)}</h2>
            <p class="hint">{tr(|t| t.meetings_intro)}</p>
            {status.view()}
            {move || match api::read::<Meetings>(data.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(v)) => {
                    let now = v.server_now;
                    let limit = v.per_org_limit;
                    let mine = v.my_booked_count;
                    let takes_part = v.can_book || mine > 0;
                    view! {
                        <p id="meeting-terms" class="info">
                            {move || {
                                let t = i18n.t();
                                let mut s = t.meetings_limit.replace("{n}", &limit.to_string());
                                if takes_part {
                                    s.push(' ');
                                    s.push_str(&t.meetings_mine.replace("{n}", &mine.to_string()));
                                }
                                s
                            }}
                        </p>
                        {v.can_book.then(|| org.view("slot-org"))}
                        {if v.slots.is_empty() {
                            view! { <p id="meetings-none" class="muted">{tr(|t| t.meetings_none)}</p> }.into_any()
                        } else {
                            // Summaries are written once a booked meeting is over.
                            let ended: Vec<_> = v
                                .slots
                                .iter()
                                .filter(|s| v.can_manage && s.booked && s.ends_at <= now)
                                .map(|s| (s.id, s.starts_at, s.ends_at, s.summary.clone().unwrap_or_default()))
                                .collect();
                            view! {
                                <SlotList slots=v.slots manage=v.can_manage status=status org=org />
                                {ended.into_iter().map(|(id, a, b, summary)| view! {
                                    <div class="slot-manage" data-manage-slot=id>
                                        <h3 class="small-heading">{tr(|t| t.slot_summary)}": "{span(a, b)}</h3>
                                        <ItemTextForm kind=ItemText::Summary item=id prefix=format!("slot-{id}-") initial=summary status=status send=send_summary />
                                    </div>
                                }).collect_view()}
                            }
                            .into_any()
                        }}
                        {v.can_manage.then(|| view! {
                            <LimitForm challenge_id=challenge_id limit=limit status=status />
                            <SlotForm challenge_id=challenge_id status=status />
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// One slot as HTML (see [`super::dialogue_kit::clicked`] for its buttons).
fn slot_html(s: &Slot, manage: bool, lang: Lang, t: &Texts) -> String {
    let id = s.id;
    let state = if s.booked_by_mine {
        t.slot_booked_mine
    } else if s.booked {
        t.slot_booked
    } else {
        t.slot_free
    };
    let mut h = format!(
        r#"<li class="slot" data-slot="{id}"><p class="slot-head"><strong id="slot-{id}-time">{}</strong> · <span lang="{}">{}</span> · <span class="badge slot-state{}">{state}</span></p>"#,
        span_html(s.starts_at, s.ends_at, lang, t),
        s.lang.code(),
        endonym(s.lang),
        if s.booked { " booked" } else { "" }
    );
    if let Some(o) = &s.booked_org {
        h += &format!(
            r#"<p class="q-meta">{}: <strong>{}</strong></p>"#,
            t.slot_booked_by,
            esc(o.name(lang))
        );
    }
    if let Some(l) = &s.location {
        h += &format!(
            r#"<p class="q-meta">{}: <span class="slot-location">{}</span></p>"#,
            t.slot_location,
            esc(l)
        );
    }
    let button = |class: &str, hook: &str, label: &str| {
        format!(
            r#"<button type="button" class="{class} small" {hook}="{id}" aria-describedby="slot-{id}-time">{label}</button>"#
        )
    };
    h += r#"<div class="event-actions">"#;
    if s.can_book {
        h += &button("button", "data-book", t.slot_book);
    }
    if s.can_cancel {
        h += &button("button-secondary", "data-unbook", t.slot_unbook);
    }
    if manage && s.summary_html.is_none() {
        h += &button("button-danger", "data-remove-slot", t.slot_remove);
    }
    h += "</div>";
    if let Some(html) = &s.summary_html {
        h += &format!(
            r#"<div class="slot-summary"><h3 class="small-heading">{}</h3><div class="prose">{html}</div></div>"#,
            t.slot_summary
        );
    }
    h + "</li>"
}

/// The slots as HTML, with one click listener for their buttons.
#[component]
fn SlotList(slots: Vec<Slot>, manage: bool, status: Status, org: OrgChoice) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let click = move |ev: leptos::ev::MouseEvent| {
        if busy.get_untracked() {
            return;
        }
        let Some((which, id)) = clicked(&ev, &["data-book", "data-unbook", "data-remove-slot"])
        else {
            return;
        };
        let (action, ok): (Action, fn(&Texts) -> &'static str) = match which {
            0 => {
                let req = BookSlotRequest {
                    org_id: org.org_id(),
                };
                let path = format!("/meetings/{id}/booking");
                (
                    Box::pin(api::write(Method::Post, path, api::body(&req))),
                    |t| t.slot_booked_notice,
                )
            }
            1 => {
                let path = format!("/meetings/{id}/booking");
                (Box::pin(api::write(Method::Delete, path, None)), |t| {
                    t.slot_unbooked_notice
                })
            }
            _ => {
                let path = format!("/meetings/{id}");
                (Box::pin(api::write(Method::Delete, path, None)), |t| {
                    t.slot_removed_notice
                })
            }
        };
        status.run(action, ok, None, busy);
    };
    let html = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        slots
            .iter()
            .map(|s| slot_html(s, manage, lang, t))
            .collect::<String>()
    };
    view! { <ul id="meeting-slots" class="slot-list" aria-busy=move || busy.get().then_some("true") on:click=click inner_html=html></ul> }
}

fn send_summary(id: i64, summary: String) -> Action {
    Box::pin(api::write(
        Method::Put,
        format!("/meetings/{id}/summary"),
        api::body(&MeetingSummaryRequest { summary }),
    ))
}

#[component]
fn LimitForm(challenge_id: i64, limit: u8, status: Status) -> impl IntoView {
    let value = RwSignal::new(limit.to_string());
    let errors = FormErrors::new("meeting-limit-errors", |_| "meeting-limit".to_owned());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(per_org_limit) = value.get_untracked().trim().parse::<u8>().ok() else {
            return errors.show_shown(vec![Shown {
                field: "per_org_limit".into(),
                problem: Problem::Text(|t: &Texts| t.error_whole_number),
            }]);
        };
        let settings = MeetingSettings { per_org_limit };
        if let Err(fields) = settings.validate() {
            return errors.show_fields(fields);
        }
        let action = Box::pin(api::write(
            Method::Put,
            format!("/challenges/{challenge_id}/meeting-settings"),
            api::body(&settings),
        ));
        status.run(action, |t| t.meetings_limit_saved, Some(errors), busy);
    };
    view! {
        <section class="dialogue-form" aria-labelledby="meeting-limit-title">
            <h3 id="meeting-limit-title">{tr(|t| t.meetings_limit_title)}</h3>
            <ErrorSummary errors=errors level=4 />
            <form class="inline-form" novalidate on:submit=submit>
                <TextField id="meeting-limit" field="per_org_limit" label=|t| t.meetings_limit_label hint=|t| t.meetings_limit_hint value=value errors=errors input_type="number" inputmode="numeric" />
                <button id="meeting-limit-save" type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.save)}</button>
            </form>
        </section>
    }
}

#[component]
fn SlotForm(challenge_id: i64, status: Status) -> impl IntoView {
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let lang = RwSignal::new(crate::i18n::current_lang().code().to_owned());
    let errors = FormErrors::new("slot-errors", |f| {
        match f {
            "starts_at" => "slot-starts",
            "ends_at" => "slot-ends",
            "lang" => "slot-lang",
            _ => "slot-location",
        }
        .to_owned()
    });
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut bad = Vec::new();
        let times = read_span(&starts.get_untracked(), &ends.get_untracked(), &mut bad);
        let Some((starts_at, ends_at)) = times else {
            return errors.show_shown(bad);
        };
        let input = MeetingSlotInput {
            starts_at,
            ends_at,
            location: location.get_untracked().trim().to_owned(),
            lang: Lang::from_code(&lang.get_untracked()).unwrap_or(Lang::Fi),
        };
        if let Err(fields) = input.validate(time::now_utc()) {
            return errors.show_fields(fields);
        }
        let action = Box::pin(api::write(
            Method::Post,
            format!("/challenges/{challenge_id}/meetings"),
            api::body(&input),
        ));
        status.run(action, |t| t.slot_created, Some(errors), busy);
    };
    view! {
        <section class="dialogue-form" aria-labelledby="slot-form-title">
            <h3 id="slot-form-title">{tr(|t| t.slot_new)}</h3>
            <ErrorSummary errors=errors level=4 />
            <form id="slot-form" novalidate on:submit=submit>
                <div class="field-row">
                    <TextField id="slot-starts" field="starts_at" label=|t| t.event_starts hint=|t| t.ch_helsinki_hint value=starts errors=errors input_type="datetime-local" />
                    <TextField id="slot-ends" field="ends_at" label=|t| t.event_ends hint=|t| t.ch_helsinki_hint value=ends errors=errors input_type="datetime-local" />
                </div>
                <TextField id="slot-location" field="location" label=|t| t.slot_location hint=|t| t.slot_location_hint value=location errors=errors />
                <SelectField id="slot-lang" field="lang" label=|t| t.event_lang value=lang errors=errors options=lang_options() />
                <SubmitButton id="slot-submit" label=|t| t.slot_create busy=busy />
            </form>
        </section>
    }
}
