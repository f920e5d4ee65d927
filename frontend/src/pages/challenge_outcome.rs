//! The public outcome of a challenge's evaluation on its page (`section#challenge-outcome`):
//! the selected proposals with their lead, partners and the decision's reasons, shown only once
//! a round is published (`GET /challenges/{id}/outcome`). Part of the first visit's code, so it
//! is small: its own reading of the answer with only the fields shown, written as HTML text, and
//! asked for only when the challenge's proposals deadline has passed.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use serde::Deserialize;

use super::dialogue_kit::esc;
use crate::api;
use crate::i18n::{Texts, use_i18n};
use crate::time;

/// `SelectedProposal`, the fields shown.
#[derive(Deserialize)]
struct Selected {
    title: String,
    lead: OrgRef,
    partners: Vec<OrgRef>,
    reasons: String,
}

/// `PublicOutcome`, the fields shown.
#[derive(Deserialize)]
struct Outcome {
    published_at: Option<DateTime<Utc>>,
    final_outcome: bool,
    proposals_received: u32,
    selected: Vec<Selected>,
}

fn outcome_html(o: &Outcome, at: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let state = if o.final_outcome {
        t.oc_final
    } else {
        t.oc_interim
    };
    let mut h = format!(
        r#"<h2 id="challenge-outcome-title">{}</h2><p>{} {}</p>"#,
        t.oc_title,
        t.oc_published
            .replace(
                "{time}",
                &format!(
                    r#"<time datetime="{}">{}</time>"#,
                    at.to_rfc3339(),
                    esc(&time::format_helsinki(at, lang, false, t))
                )
            )
            .replace("{n}", &o.proposals_received.to_string()),
        state
    );
    if o.selected.is_empty() {
        // After a shortlist round nobody is selected yet: the state above says so.
        if o.final_outcome {
            h += &format!(
                r#"<p id="challenge-outcome-none">{}</p>"#,
                t.oc_none_selected
            );
        }
        return h;
    }
    h += r#"<ul id="challenge-outcome-list" class="item-list">"#;
    for s in &o.selected {
        let partners = s
            .partners
            .iter()
            .map(|p| esc(p.name(lang)))
            .collect::<Vec<_>>()
            .join(", ");
        let title = if s.title.trim().is_empty() {
            esc(s.lead.name(lang))
        } else {
            esc(&s.title)
        };
        h += &format!(
            r#"<li class="item"><div class="item-main"><h3 class="small-heading">{title}</h3><p class="q-meta">{}: <strong>{}</strong>{}</p><p class="pre-line">{}</p></div></li>"#,
            t.oc_lead,
            esc(s.lead.name(lang)),
            if partners.is_empty() {
                String::new()
            } else {
                format!(" · {}: {partners}", t.oc_partners)
            },
            esc(&s.reasons)
        );
    }
    h + "</ul>"
}

/// Nothing until a round is published.
#[component]
pub fn ChallengeOutcome(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || Some(api::scoring::outcome_path(challenge_id)));
    move || {
        let o = api::read::<Outcome>(data.get())?.ok()?;
        let at = o.published_at?;
        Some(view! {
            <section id="challenge-outcome" class="outcome" aria-labelledby="challenge-outcome-title"
                inner_html=move || outcome_html(&o, at, i18n.lang(), i18n.t())>
            </section>
        })
    }
}
