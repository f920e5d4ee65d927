//! `/proposals/:id/feedback`: what a participating organisation sees once a round's decisions
//! are published (`GET /proposals/{id}/feedback` → `ProposalFeedback`; 404 before, which the
//! page words as "no decision published yet", `#fb-none`).
//!
//! Per published round (`section#fb-round-<n>`): the decision with its reasons, the position
//! among the ranked proposals (or the failed admission requirements), the consensus scores with
//! their rationale, and each evaluator's scores and justifications, the evaluators numbered,
//! not named. The criteria with their weights and scales are in a disclosure
//! (`details#fb-criteria`). Written as HTML text: nothing on it reacts but the language.

use kehto_shared::evaluation::{DecisionOutcome, ProposalFeedback, RoundFeedback};
use kehto_shared::{ErrorCode, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::dialogue_kit::esc;
use super::scoring::sheets::{criteria_html, requirement_name, sheet_html, total_text, when};
use crate::api;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// A decision as a badge: its class and words.
pub fn outcome_badge(o: DecisionOutcome, t: &Texts) -> String {
    let (class, label) = match o {
        DecisionOutcome::Selected => ("status-proposals_open", t.eb_outcome_selected),
        DecisionOutcome::NotSelected => ("status-closed", t.eb_outcome_not_selected),
        DecisionOutcome::NextRound => ("status-published", t.eb_outcome_next_round),
    };
    format!(r#"<span class="badge {class}">{label}</span>"#)
}

fn round_html(f: &ProposalFeedback, r: &RoundFeedback, lang: Lang, t: &Texts) -> String {
    let n = r.round;
    let set = &f.criteria_set;
    let position = match (r.position, &r.consensus) {
        (Some(p), _) => t
            .fb_position
            .replace("{position}", &p.to_string())
            .replace("{ranked}", &r.ranked.to_string()),
        (None, Some(c)) if !c.sheet.failed_requirements().is_empty() => {
            let names = c
                .sheet
                .failed_requirements()
                .iter()
                .map(|k| requirement_name(set, k, lang))
                .collect::<Vec<_>>()
                .join(", ");
            t.fb_excluded.replace("{requirements}", &names)
        }
        _ => t.fb_not_ranked.to_owned(),
    };
    let mut h = format!(
        r#"<section id="fb-round-{n}" class="my-section feedback-round" aria-labelledby="fb-round-{n}-title"><h2 id="fb-round-{n}-title">{}</h2><p class="q-meta">{}</p><h3>{}</h3><p id="fb-round-{n}-outcome">{}</p><p class="pre-line" id="fb-round-{n}-reasons">{}</p><p id="fb-round-{n}-position">{position}</p>"#,
        t.eb_round_n.replace("{n}", &n.to_string()),
        t.fb_published_at
            .replace("{time}", &when(r.published_at, lang, t)),
        t.fb_decision_title,
        outcome_badge(r.outcome, t),
        esc(&r.reasons)
    );
    h += &format!(r#"<h3>{}</h3>"#, t.eb_consensus_title);
    match &r.consensus {
        Some(c) => {
            h += &format!(
                r#"<p id="fb-round-{n}-total"><span class="label">{}:</span> {}</p>{}"#,
                t.sc_total_label,
                total_text(Some(c.total), lang, t),
                sheet_html(&c.sheet, set, t.eb_consensus_title, t.sc_rationale, lang, t)
            );
        }
        None => h += &format!(r#"<p class="muted">{}</p>"#, t.eb_no_consensus),
    }
    h += &format!(
        r#"<h3>{}</h3><p class="hint">{}</p>"#,
        t.fb_evaluations_title, t.fb_evaluations_intro
    );
    if r.evaluations.is_empty() {
        h += &format!(r#"<p class="muted">{}</p>"#, t.fb_no_evaluations);
    }
    for e in &r.evaluations {
        let who = t
            .fb_evaluator_n
            .replace("{n}", &e.evaluator_number.to_string());
        h += &format!(
            r#"<h4 id="fb-round-{n}-evaluator-{}">{}</h4><p><span class="label">{}:</span> {}</p>{}"#,
            e.evaluator_number,
            esc(&who),
            t.sc_total_label,
            total_text(e.total, lang, t),
            sheet_html(&e.sheet, set, &who, t.sc_col_justification, lang, t)
        );
    }
    h + "</section>"
}

fn page_html(f: &ProposalFeedback, lang: Lang, t: &Texts) -> String {
    let title = if f.title.trim().is_empty() {
        esc(&f.challenge_title)
    } else {
        esc(&f.title)
    };
    let mut h = format!(
        r#"<h1 id="fb-heading">{}</h1><dl class="facts" id="fb-facts"><div class="wide"><dt>{}</dt><dd><a href="/challenges/{}">{}</a></dd></div><div class="wide"><dt>{}</dt><dd><a href="/proposals/{}">{title}</a></dd></div></dl><p class="lead">{}</p>"#,
        t.fb_heading.replace("{title}", &title),
        t.challenge,
        f.challenge_id,
        esc(&f.challenge_title),
        t.fb_proposal,
        f.proposal_id,
        t.fb_intro
    );
    h += &criteria_html(&f.criteria_set, "fb-criteria", lang, t);
    if f.rounds.is_empty() {
        h += &format!(r#"<p id="fb-none" class="info">{}</p>"#, t.fb_none);
    }
    for r in &f.rounds {
        h += &round_html(f, r, lang, t);
    }
    h
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    focus::page_title(|t| t.fb_page_title.to_owned());
    let data = api::load(move || id.get().map(api::scoring::feedback_path));
    view! {
        <p class="breadcrumb">
            <a href="/my/proposals">
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.fb_back)}
            </a>
        </p>
        {move || match api::read::<Option<ProposalFeedback>>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Ok(Some(f))) => view! { <div inner_html=move || page_html(&f, i18n.lang(), i18n.t())></div> }.into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::Unauthenticated => {
                view! { <SignInRequired title=|t| t.fb_page_title /> }.into_any()
            }
            Some(Ok(None)) => view! {
                <h1>{tr(|t| t.fb_page_title)}</h1>
                <p id="fb-none" class="info">{tr(|t| t.fb_none)}</p>
            }
            .into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::NotFound => view! {
                <h1>{tr(|t| t.fb_page_title)}</h1>
                <p id="fb-none" class="info">{tr(|t| t.fb_none)}</p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.fb_page_title)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
        }}
    }
}
