//! Info sessions on a challenge page: `section#events`. Everyone sees each event's time in
//! Helsinki time, language, place, places left and waiting list (counts, never names), its
//! description, a calendar file and, afterwards, the published material; company members register
//! and cancel; the challenge's coordinators create events, see the participants, cancel with a
//! reason and publish the material once the event is over.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::events::{CancelEventRequest, EventInput, EventMaterialRequest, RegisterRequest};

use crate::dto::{Event, Events, Participant, Place};
use leptos::prelude::*;

use super::dialogue_kit::{
    ItemText, ItemTextForm, OrgChoice, Status, clicked, esc, lang_options, read_span, span_html,
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
pub fn ChallengeEvents(challenge_id: i64) -> impl IntoView {
    let session = use_session();
    let who = Memo::new(move |_| session.me.with(|m| m.as_ref().map(|m| m.user.id)));
    let data = api::load(move || {
        who.track();
        Some(format!("/challenges/{challenge_id}/events"))
    });
    let status = Status::new("events-status", Callback::new(move |()| data.refetch()));
    let org = OrgChoice::new();
    view! {
        <section id="events" class="dialogue-section" aria-labelledby="events-title">
            <h2 id="events-title">{tr(|t| t.events_title)}</h2>
            <p class="hint">
                {tr(|t| t.events_intro)}" "
                <a id="events-feed" href=api::EVENTS_FEED_HREF type="text/calendar">{tr(|t| t.events_feed)}</a>
            </p>
            {status.view()}
            {move || match api::read::<Events>(data.get()) {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(v)) => {
                    let now = v.server_now;
                    let can_register = v.events.iter().any(|e| e.can_register);
                    view! {
                        {v.can_manage.then(|| view! {
                            <a id="challenge-dashboard" class="dashboard-link" href=format!("/challenges/{challenge_id}/dialogue")>
                                {tr(|t| t.dashboard_link)}
                            </a>
                        })}
                        {can_register.then(|| org.view("event-org"))}
                        {if v.events.is_empty() {
                            view! { <p id="events-none" class="muted">{tr(|t| t.events_none)}</p> }.into_any()
                        } else {
                            let tools = v.can_manage.then(|| {
                                let list = v.events.clone();
                                view! {
                                    <h3>{tr(|t| t.event_manage)}</h3>
                                    {list.into_iter().map(|e| view! { <EventTools e=e now=now status=status /> }).collect_view()}
                                }
                            });
                            view! {
                                <EventList events=v.events now=now status=status org=org />
                                {tools}
                            }
                            .into_any()
                        }}
                        {v.can_manage.then(|| view! { <EventForm challenge_id=challenge_id status=status /> })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// "30 places, 12 left · 2 on the waiting list" (or unlimited).
fn places_text(e: &Event, t: &Texts) -> String {
    let n = |v: u32| v.to_string();
    let mut text = match e.capacity {
        Some(c) => t
            .event_places
            .replace("{capacity}", &n(c))
            .replace("{left}", &n(c.saturating_sub(e.registered_count))),
        None => t.event_unlimited.replace("{n}", &n(e.registered_count)),
    };
    if e.waitlist_count > 0 {
        text.push_str(" · ");
        text.push_str(&t.event_waiting.replace("{n}", &n(e.waitlist_count)));
    }
    text
}

/// The viewer's own place, e.g. "On the waiting list, position 2".
pub fn state_text(s: Place, t: &Texts) -> String {
    match s.position {
        None => t.event_registered.to_owned(),
        Some(n) => t.event_waitlisted.replace("{n}", &n.to_string()),
    }
}

/// One event as HTML (see [`super::dialogue_kit::clicked`] for its buttons).
fn event_html(e: &Event, now: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let id = e.id;
    let title = esc(&e.title);
    let cancelled = e.cancelled_at.is_some();
    let mut h = format!(
        r#"<article class="event{}" data-event="{id}" aria-labelledby="event-{id}-title"><h3 id="event-{id}-title">{title}</h3>"#,
        if cancelled { " cancelled" } else { "" }
    );
    if cancelled {
        h += &format!(
            r#"<p class="error-box event-cancelled"><strong>{}</strong> {}</p>"#,
            t.event_cancelled,
            esc(e.cancel_reason.as_deref().unwrap_or_default())
        );
    }
    let mut place = e.address.as_deref().map(esc).unwrap_or_default();
    if e.has_online_link {
        if !place.is_empty() {
            place += " · ";
        }
        place += &match &e.online_url {
            Some(url) => format!(r#"<a href="{}">{}</a>"#, esc(url), t.event_online_join),
            None => t.event_online_later.to_owned(),
        };
    }
    let row = |label: &str, value: &str| format!("<div><dt>{label}</dt><dd>{value}</dd></div>");
    h += r#"<dl class="facts">"#;
    h += &row(t.event_time, &span_html(e.starts_at, e.ends_at, lang, t));
    h += &row(
        t.event_lang,
        &format!(
            r#"<span lang="{}">{}</span>"#,
            e.lang.code(),
            endonym(e.lang)
        ),
    );
    h += &row(t.event_place, &place);
    h += &row(t.event_places_label, &places_text(e, t));
    h += "</dl>";
    h += &format!(r#"<div class="prose">{}</div>"#, e.description_html);
    if let Some(s) = e.my_registration {
        h += &format!(
            r#"<p class="my-state" id="event-{id}-state"><span class="badge q-status answered">{}</span></p>"#,
            state_text(s, t)
        );
    }
    h += r#"<div class="event-actions">"#;
    let button = |class: &str, hook: &str, label: &str| {
        format!(
            r#"<button type="button" class="{class} small" {hook}="{id}" aria-describedby="event-{id}-title">{label}</button>"#
        )
    };
    if e.can_register {
        let full = e.capacity.is_some_and(|c| e.registered_count >= c);
        let label = if full {
            t.event_join_waitlist
        } else {
            t.event_register
        };
        h += &button("button", "data-register", label);
    }
    if e.my_registration.is_some() && !cancelled && e.starts_at > now {
        h += &button("button-secondary", "data-unregister", t.event_unregister);
    }
    h += &format!(
        r#"<a data-ics="{id}" href="{}" download="kehto-event-{id}.ics">{}<span class="visually-hidden">: {title}</span></a></div>"#,
        api::event_ics_href(id),
        t.event_ics
    );
    if let Some(m) = &e.material_html {
        h += &format!(
            r#"<section class="event-material" aria-labelledby="event-{id}-material"><h4 id="event-{id}-material">{}</h4><div class="prose">{m}</div></section>"#,
            t.event_material
        );
    }
    h + "</article>"
}

/// The events as HTML, with one click listener for their buttons.
#[component]
fn EventList(
    events: Vec<Event>,
    now: DateTime<Utc>,
    status: Status,
    org: OrgChoice,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let click = move |ev: leptos::ev::MouseEvent| {
        if busy.get_untracked() {
            return;
        }
        let Some((which, id)) = clicked(&ev, &["data-register", "data-unregister"]) else {
            return;
        };
        let path = format!("/events/{id}/registration");
        if which == 0 {
            let req = RegisterRequest {
                org_id: org.org_id(),
            };
            let action = Box::pin(api::write(Method::Post, path, api::body(&req)));
            status.run(action, |t| t.event_registered_notice, None, busy);
        } else {
            let action = Box::pin(api::write(Method::Delete, path, None));
            status.run(action, |t| t.event_unregistered_notice, None, busy);
        }
    };
    let html = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        events
            .iter()
            .map(|e| event_html(e, now, lang, t))
            .collect::<String>()
    };
    view! { <div class="event-list" aria-busy=move || busy.get().then_some("true") on:click=click inner_html=html></div> }
}

/// A coordinator's tools for one event: participants, material after it, cancelling before.
#[component]
fn EventTools(e: Event, now: DateTime<Utc>, status: Status) -> impl IntoView {
    let id = e.id;
    let cancelled = e.cancelled_at.is_some();
    let over = e.ends_at <= now;
    let material = e.material.clone().unwrap_or_default();
    view! {
        <details class="event-manage" data-manage-event=id>
            <summary>{tr(|t| t.event_manage)}": "{e.title.clone()}</summary>
            <Participants id=id />
            {(over && !cancelled).then(|| view! {
                <ItemTextForm kind=ItemText::Material item=id prefix=format!("event-{id}-") initial=material status=status send=send_material />
            })}
            {(!cancelled && !over).then(|| view! {
                <ItemTextForm kind=ItemText::CancelReason item=id prefix=format!("event-{id}-") initial="" status=status send=send_cancel />
            })}
        </details>
    }
}

fn send_material(id: i64, material: String) -> super::dialogue_kit::Action {
    Box::pin(api::write(
        Method::Put,
        format!("/events/{id}/material"),
        api::body(&EventMaterialRequest { material }),
    ))
}

fn send_cancel(id: i64, reason: String) -> super::dialogue_kit::Action {
    Box::pin(api::write(
        Method::Post,
        format!("/events/{id}/cancel"),
        api::body(&CancelEventRequest { reason }),
    ))
}

/// Who registered, for the challenge's coordinators: `ul[data-participants=<id>]`.
#[component]
fn Participants(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let list = api::load(move || Some(format!("/events/{id}/participants")));
    view! {
        <h4>{tr(|t| t.event_participants)}</h4>
        {move || match api::read::<Vec<Participant>>(list.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(people)) => view! {
                <ul class="participants" data-participants=id>
                    {people.is_empty().then(|| view! { <li class="muted">{tr(|t| t.event_no_participants)}</li> })}
                    {people.into_iter().map(|p| {
                        let state = p.state.position.map(|n| {
                            format!(" · {}", i18n.t_untracked().event_waitlisted.replace("{n}", &n.to_string()))
                        });
                        view! {
                            <li>
                                {p.display_name}" ("<a href=format!("mailto:{}", p.email)>{p.email.clone()}</a>") · "
                                {move || p.org.name(i18n.lang()).to_owned()}{state}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

/// The id of the create form's control for an API field.
fn field_id(f: &str) -> String {
    match f {
        "title" => "event-title",
        "description" => "event-description",
        "online_url" => "event-online-url",
        "address" => "event-address",
        "starts_at" => "event-starts",
        "ends_at" => "event-ends",
        "lang" => "event-lang",
        "capacity" => "event-capacity",
        _ => "event-title",
    }
    .to_owned()
}

fn opt(s: String) -> Option<String> {
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

#[component]
fn EventForm(challenge_id: i64, status: Status) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let online_url = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let lang = RwSignal::new(crate::i18n::current_lang().code().to_owned());
    let capacity = RwSignal::new(String::new());
    let errors = FormErrors::new("event-errors", field_id);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut bad = Vec::new();
        let times = read_span(&starts.get_untracked(), &ends.get_untracked(), &mut bad);
        let cap = capacity.get_untracked();
        let cap = cap.trim();
        let capacity_n = if cap.is_empty() {
            None
        } else {
            let n = cap.parse::<u32>().ok();
            if n.is_none() {
                bad.push(Shown {
                    field: "capacity".into(),
                    problem: Problem::Text(|t: &Texts| t.error_whole_number),
                });
            }
            n
        };
        let Some((starts_at, ends_at)) = times.filter(|_| bad.is_empty()) else {
            return errors.show_shown(bad);
        };
        let input = EventInput {
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            online_url: opt(online_url.get_untracked()),
            address: opt(address.get_untracked()),
            starts_at,
            ends_at,
            lang: Lang::from_code(&lang.get_untracked()).unwrap_or(Lang::Fi),
            capacity: capacity_n,
        };
        if let Err(fields) = input.validate(time::now_utc()) {
            return errors.show_fields(fields);
        }
        let action = Box::pin(api::write(
            Method::Post,
            format!("/challenges/{challenge_id}/events"),
            api::body(&input),
        ));
        status.run(action, |t| t.event_created, Some(errors), busy);
        // The form empties itself only once the event exists: the list reloads on success, and
        // on failure everything typed stays.
    };

    view! {
        <section class="dialogue-form" aria-labelledby="event-form-title">
            <h3 id="event-form-title">{tr(|t| t.event_new)}</h3>
            <ErrorSummary errors=errors level=4 />
            <form id="event-form" novalidate on:submit=submit>
                <TextField id="event-title" field="title" label=|t| t.event_title_label value=title errors=errors />
                <TextField id="event-description" field="description" label=|t| t.description hint=|t| t.markdown_hint value=description errors=errors rows=5 optional=true />
                <div class="field-row">
                    <TextField id="event-starts" field="starts_at" label=|t| t.event_starts hint=|t| t.ch_helsinki_hint value=starts errors=errors input_type="datetime-local" />
                    <TextField id="event-ends" field="ends_at" label=|t| t.event_ends hint=|t| t.ch_helsinki_hint value=ends errors=errors input_type="datetime-local" />
                </div>
                <TextField id="event-online-url" field="online_url" label=|t| t.event_online_url hint=|t| t.event_place_hint value=online_url errors=errors input_type="url" optional=true />
                <TextField id="event-address" field="address" label=|t| t.event_address hint=|t| t.event_place_hint value=address errors=errors optional=true autocomplete="street-address" />
                <div class="field-row">
                    <SelectField id="event-lang" field="lang" label=|t| t.event_lang value=lang errors=errors options=lang_options() />
                    <TextField id="event-capacity" field="capacity" label=|t| t.event_capacity hint=|t| t.event_capacity_hint value=capacity errors=errors inputmode="numeric" optional=true />
                </div>
                <SubmitButton id="event-submit" label=|t| t.event_create busy=busy />
            </form>
        </section>
    }
}
