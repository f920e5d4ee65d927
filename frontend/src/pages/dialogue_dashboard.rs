//! `/challenges/:id/dialogue`: the coordinators' overview of one challenge's market dialogue —
//! counts at the top (`#dashboard-summary`), a link to the organisations worth inviting
//! (`a#dashboard-matchmaking`), the unanswered questions with the asking
//! organisation and their age (linking to the answer queue on the challenge page), the info
//! sessions with registrations and waiting lists, the meeting slots with who booked them, and the
//! submitted proposals (`section#submissions`: the count until the deadline).

use crate::dto::Dashboard;
use kehto_shared::Lang;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::challenge_submissions::ChallengeSubmissions;
use super::dialogue_kit::{esc, span_html};
use crate::api;
use crate::components::widgets::{ErrorBox, Loading};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};
use crate::time;

#[component]
pub fn DialogueDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let data = api::load(move || {
        let id = id.get().unwrap_or_default();
        Some(format!("/challenges/{id}/dialogue"))
    });
    focus::page_title(|t| t.dashboard_title.to_owned());
    view! {
        <p class="breadcrumb">
            <a href=move || id.get().map(|id| format!("/challenges/{id}")).unwrap_or_else(|| "/".into())>
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.back_to_challenge)}
            </a>
        </p>
        {move || match api::read::<Dashboard>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Ok(d)) => view! { <div inner_html=move || dashboard_html(&d, i18n.lang(), i18n.t())></div> <ChallengeSubmissions challenge_id=id.get_untracked().unwrap_or_default() /> }.into_any(),
            Some(Err(e)) => view! {
                <h1 id="dashboard-title">{tr(|t| t.dashboard_title)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
        }}
    }
}

/// The whole overview as HTML text (far less wasm than views; nothing on it reacts but the
/// language).
fn dashboard_html(d: &Dashboard, lang: Lang, t: &Texts) -> String {
    let id = d.challenge_id;
    let now = d.server_now;
    let registered: u32 = d.events.iter().map(|e| e.registered_count).sum();
    let waiting: u32 = d.events.iter().map(|e| e.waitlist_count).sum();
    let slots = &d.meetings.slots;
    let booked = slots.iter().filter(|s| s.booked).count();
    let mut h = format!(
        r#"<h1 id="dashboard-title">{}: <a href="/challenges/{id}">{}</a></h1><p><span class="badge status-{}">{}</span></p><dl id="dashboard-summary" class="facts dashboard-summary">"#,
        t.dashboard_title,
        esc(&d.challenge_title),
        d.status.code(),
        d.status.label(lang)
    );
    for (label, n) in [
        (t.dash_unanswered, d.unanswered.len()),
        (t.dash_answered, d.answered_count as usize),
        (t.events_title, d.events.len()),
        (t.dash_registered, registered as usize),
        (t.dash_waiting, waiting as usize),
        (t.dash_slots_booked, booked),
        (t.dash_slots, slots.len()),
        (t.dash_followers, d.followers as usize),
        (t.current_version, d.version as usize),
    ] {
        h += &format!(r#"<div><dt>{label}</dt><dd class="count-value">{n}</dd></div>"#);
    }
    h += "</dl>";
    h += &format!(
        r#"<p><a id="dashboard-matchmaking" href="/challenges/{id}/matchmaking">{}</a></p>"#,
        t.mm_sugg_title
    );
    let section = |h: &mut String, key: &str, title: &str, items: Vec<String>, empty: &str| {
        *h += &format!(
            r#"<section id="dashboard-{key}" class="my-section" aria-labelledby="dashboard-{key}-title"><h2 id="dashboard-{key}-title">{title}</h2>"#
        );
        if items.is_empty() {
            *h += &format!(r#"<p class="muted">{empty}</p>"#);
        } else {
            *h += r#"<ul class="item-list">"#;
            for i in items {
                *h += &i;
            }
            *h += "</ul>";
        }
    };
    let questions = d
        .unanswered
        .iter()
        .map(|q| {
            let org = q
                .org
                .as_ref()
                .map(|o| format!("<strong>{}</strong> · ", esc(o.name(lang))))
                .unwrap_or_default();
            format!(
                r#"<li class="item" data-question="{}"><div class="item-main"><p class="q-text">{}</p><p class="q-meta">{org}<time datetime="{}">{}</time></p></div></li>"#,
                q.id,
                esc(&q.text),
                q.asked_at.to_rfc3339(),
                t.asked_ago.replace("{ago}", &time::ago(q.asked_at, now, lang))
            )
        })
        .collect();
    section(
        &mut h,
        "questions",
        t.dash_unanswered,
        questions,
        t.queue_empty,
    );
    if !d.unanswered.is_empty() {
        h += &format!(
            r##"<p><a id="dashboard-answer-link" href="/challenges/{id}#questions-queue">{}</a></p>"##,
            t.dash_answer_link
        );
    }
    h += "</section>";
    let events = d
        .events
        .iter()
        .map(|e| {
            let cap = e.capacity.map(|c| format!(" / {c}")).unwrap_or_default();
            let cancelled = if e.cancelled_at.is_some() {
                format!(r#" <span class="badge status-cancelled">{}</span>"#, t.event_cancelled)
            } else {
                String::new()
            };
            format!(
                r#"<li class="item" data-event="{}"><div class="item-main"><strong>{}</strong>{cancelled}<p class="q-meta">{}</p><p class="q-meta">{}: {}{cap} · {}: {}</p></div></li>"#,
                e.id,
                esc(&e.title),
                span_html(e.starts_at, e.ends_at, lang, t),
                t.dash_registered,
                e.registered_count,
                t.dash_waiting,
                e.waitlist_count
            )
        })
        .collect();
    section(&mut h, "events", t.events_title, events, t.events_none);
    h += "</section>";
    let meetings = slots
        .iter()
        .map(|s| {
            let who = match &s.booked_org {
                Some(o) => format!("<strong>{}</strong>", esc(o.name(lang))),
                None => t.slot_free.to_owned(),
            };
            format!(
                r#"<li class="item" data-slot="{}"><div class="item-main">{} · {who}</div></li>"#,
                s.id,
                span_html(s.starts_at, s.ends_at, lang, t)
            )
        })
        .collect();
    section(
        &mut h,
        "meetings",
        t.meetings_title,
        meetings,
        t.meetings_none,
    );
    h += &format!(
        r#"<p class="hint">{}</p></section>"#,
        t.meetings_limit
            .replace("{n}", &d.meetings.per_org_limit.to_string())
    );
    h
}
