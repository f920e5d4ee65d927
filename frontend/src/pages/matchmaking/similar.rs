//! Similar challenges of other regions (`section#similar`), for a challenge's coordinators: on
//! the challenge page (in the coordinator's panel), on its matchmaking page and in the editor
//! while drafting. Each shows its status in words, regions, deadline, the outcome recorded with
//! its last status change (e.g. the decision) and why it is similar — so that regions can join
//! forces or reuse a solution instead of developing the same thing twice.

use kehto_shared::Lang;
use leptos::prelude::*;

use super::challenge_html;
use super::wire::{Similar, SimilarList};
use crate::api;
use crate::api::matchmaking::similar_path;
use crate::components::widgets::{ErrorBox, Loading};
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;

fn list_html(items: &[Similar], lang: Lang, t: &Texts) -> String {
    items
        .iter()
        .map(|s| {
            let outcome = s
                .outcome
                .as_deref()
                .filter(|o| !o.trim().is_empty())
                .map(|o| {
                    format!(
                        r#"<p class="match-outcome"><strong>{}</strong> {}</p>"#,
                        t.mm_outcome,
                        esc(o)
                    )
                })
                .unwrap_or_default();
            challenge_html(&s.challenge, 3, None, &s.reason_text, &outcome, lang, t)
        })
        .collect()
}

/// At most `limit` similar challenges; `refresh` (e.g. the editor's count of saves) loads them
/// again when it changes.
#[component]
pub fn SimilarChallenges(
    challenge_id: i64,
    limit: u32,
    #[prop(optional, into)] refresh: Option<Signal<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = api::load(move || {
        i18n.lang();
        if let Some(r) = refresh {
            r.track();
        }
        Some(similar_path(challenge_id, limit))
    });
    let list = move || {
        match api::read::<SimilarList>(data.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(l)) if l.items.is_empty() => {
            view! { <p id="similar-empty" class="muted">{tr(|t| t.mm_similar_empty)}</p> }
                .into_any()
        }
        Some(Ok(l)) => view! {
            <ul id="similar-list" class="match-list" inner_html=move || list_html(&l.items, i18n.lang(), i18n.t())></ul>
        }
        .into_any(),
    }
    };
    view! {
        <section id="similar" class="match-section" aria-labelledby="similar-title">
            <h2 id="similar-title">{tr(|t| t.mm_similar_title)}</h2>
            <p class="hint">{tr(|t| t.mm_similar_hint)}</p>
            {list}
        </section>
    }
}
