//! What the coordinators of a challenge's owning region see of its proposals
//! (`GET /challenges/{id}/proposals`): `section#submissions`. Until the proposals deadline
//! (Helsinki time) only the count (`#submissions-count`) with a note that proposals are sealed
//! (`#submissions-sealed`); from the deadline on, the list `ul#submissions-list` (organisation,
//! partners, time of receipt, digest prefix) with links to each proposal. Everyone else is
//! refused by the server (403/404), and then nothing is shown.

use chrono::{DateTime, Utc};
use kehto_shared::{ErrorCode, Lang};
use leptos::prelude::*;
use serde::Deserialize;

use super::dialogue_kit::esc;
use super::my_proposals::{Summary, instant_html};
use crate::api;
use crate::components::widgets::ErrorBox;
use crate::i18n::{Texts, use_i18n};
use crate::time;

/// `ChallengeProposals`, the fields shown.
#[derive(Clone, Deserialize)]
struct Submissions {
    submitted_count: u32,
    /// Before the deadline: `proposals` is empty.
    sealed: bool,
    proposals: Vec<Summary>,
    proposals_close_at: Option<DateTime<Utc>>,
}

#[component]
pub fn ChallengeSubmissions(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || Some(api::proposals::challenge_proposals_path(challenge_id)));
    move || match api::read::<Submissions>(data.get()) {
        Some(Ok(v)) => {
            view! { <div inner_html=move || submissions_html(&v, i18n.lang(), i18n.t())></div> }
                .into_any()
        }
        Some(Err(e))
            if !matches!(
                e.error.code,
                ErrorCode::Forbidden | ErrorCode::NotFound | ErrorCode::Unauthenticated
            ) =>
        {
            view! { <ErrorBox error=e /> }.into_any()
        }
        _ => ().into_any(),
    }
}

fn submissions_html(v: &Submissions, lang: Lang, t: &Texts) -> String {
    let mut h = format!(
        r#"<section id="submissions" class="dialogue-section" aria-labelledby="submissions-title"><h2 id="submissions-title">{}</h2><p id="submissions-count" class="count-value">{}</p>"#,
        t.subm_title,
        t.subm_count.replace("{n}", &v.submitted_count.to_string())
    );
    if v.sealed {
        let deadline = v
            .proposals_close_at
            .map(|at| time::format_helsinki(at, lang, true, t))
            .unwrap_or_else(|| t.not_set.to_owned());
        h += &format!(
            r#"<p id="submissions-sealed" class="info">{}</p>"#,
            esc(&t.subm_sealed.replace("{deadline}", &deadline))
        );
        return h + "</section>";
    }
    h += &format!(r#"<p class="hint">{}</p>"#, t.subm_open_note);
    if v.proposals.is_empty() {
        h += &format!(
            r#"<p id="submissions-none" class="muted">{}</p>"#,
            t.subm_none
        );
        return h + "</section>";
    }
    h += r#"<ul id="submissions-list" class="item-list">"#;
    for s in &v.proposals {
        let id = s.id;
        let lead = esc(s.lead.name(lang));
        let received = s
            .submitted_at
            .map(|at| {
                format!(
                    r#"<p class="q-meta">{}: {}</p>"#,
                    t.subm_received,
                    instant_html(at, lang, t)
                )
            })
            .unwrap_or_default();
        let digest = s
            .digest
            .as_deref()
            .map(|d| {
                let prefix: String = d.chars().take(16).collect();
                format!(
                    r#"<p class="q-meta">{}: <code>{}…</code></p>"#,
                    t.subm_digest,
                    esc(&prefix)
                )
            })
            .unwrap_or_default();
        h += &format!(
            r#"<li class="item" data-proposal="{id}"><div class="item-main"><h3 class="small-heading">{lead}</h3><p class="q-text">{}</p><p class="q-meta">{}: {}</p>{received}{digest}<p><a href="/proposals/{id}">{}<span class="visually-hidden">: {lead}</span></a></p></div></li>"#,
            esc(s.title_text(t)),
            t.mp_partners,
            s.partners_text(lang, t),
            t.mp_open
        );
    }
    h + "</ul></section>"
}
