//! One proposal of the board as HTML text (far less wasm than views; reworded when the language
//! changes): who is behind it and how many evaluations are in, the evaluations table with the
//! submitted sheets in a disclosure, the statistics table with the distribution chart, and the
//! recorded consensus and decision.

use kehto_shared::Lang;
use kehto_shared::evaluation::{BoardProposal, CriteriaSet, EvaluationStatus};

use super::chart::{Strip, distribution_svg, num};
use super::forms::outcome_label;
use crate::i18n::Texts;
use crate::pages::dialogue_kit::esc;
use crate::pages::scoring::sheets::{loc, sheet_html, total_text, when};

/// The evaluations table and, in a disclosure, the submitted sheets.
pub fn evaluations_html(p: &BoardProposal, set: &CriteriaSet, lang: Lang, t: &Texts) -> String {
    let pid = p.proposal_id;
    let mut h = format!(
        r#"<div class="table-wrap"><table class="data-table" id="eb-p-{pid}-evaluations"><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        t.eb_evaluations_title, t.eb_col_evaluator, t.status, t.sc_total_label
    );
    let mut sheets = String::new();
    for e in &p.evaluations {
        let state = match (&e.submitted, e.status) {
            (Some(s), _) => format!(
                r#"<span class="badge status-proposals_open">✓ {}</span> <span class="q-meta">{}</span>"#,
                t.sc_status_submitted,
                when(s.submitted_at, lang, t)
            ),
            (None, Some(EvaluationStatus::Draft)) => {
                format!(
                    r#"<span class="badge status-draft">{}</span>"#,
                    t.sc_status_draft
                )
            }
            _ => format!(
                r#"<span class="badge status-closed">{}</span>"#,
                t.eb_not_started
            ),
        };
        let total = e
            .submitted
            .as_ref()
            .map(|s| total_text(s.total, lang, t))
            .unwrap_or_else(|| "–".into());
        h += &format!(
            r#"<tr><th scope="row">{}</th><td>{state}</td><td>{total}</td></tr>"#,
            esc(&e.display_name)
        );
        if let Some(s) = &e.submitted {
            sheets += &format!(
                r#"<h5>{}</h5>{}"#,
                esc(&e.display_name),
                sheet_html(
                    &s.sheet,
                    set,
                    &e.display_name,
                    t.sc_col_justification,
                    lang,
                    t
                )
            );
        }
    }
    h += "</tbody></table></div>";
    if !sheets.is_empty() {
        h += &format!(
            r#"<details class="sheets-details"><summary>{}</summary>{sheets}</details>"#,
            t.eb_show_sheets
        );
    }
    h
}

/// The statistics table and the distribution chart.
pub fn statistics_html(p: &BoardProposal, set: &CriteriaSet, lang: Lang, t: &Texts) -> String {
    let pid = p.proposal_id;
    if p.statistics.is_empty() {
        return format!(
            r#"<p class="muted" id="eb-p-{pid}-no-stats">{}</p>"#,
            t.eb_no_statistics
        );
    }
    let strips: Vec<Strip<'_>> = p
        .statistics
        .iter()
        .map(|s| Strip {
            stats: s,
            scores: p
                .evaluations
                .iter()
                .filter_map(|e| e.submitted.as_ref()?.sheet.score(&s.key))
                .collect(),
        })
        .collect();
    let mut h = distribution_svg(&format!("eb-p-{pid}-chart"), set, &strips, lang, t);
    h += &format!(
        r#"<div class="table-wrap"><table class="data-table stats-table" id="eb-p-{pid}-stats"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        t.eb_stats_caption,
        t.sc_col_criterion,
        t.eb_col_n,
        t.eb_col_mean,
        t.eb_col_min,
        t.eb_col_max,
        t.eb_col_spread,
        t.eb_col_sd,
        t.eb_col_agreement
    );
    for s in &p.statistics {
        let name = set
            .criterion(&s.key)
            .map(|c| loc(&c.name, lang))
            .unwrap_or_else(|| esc(&s.key));
        let flag = if s.disagreement {
            format!(
                r#"<strong class="disagreement"><span aria-hidden="true">⚠ </span>{}</strong>"#,
                t.eb_disagreement
            )
        } else {
            t.eb_agreement_ok.to_owned()
        };
        h += &format!(
            r#"<tr class="{}"><th scope="row">{name}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{flag}</td></tr>"#,
            if s.disagreement { "row-alert" } else { "" },
            s.n,
            num(s.mean, lang),
            s.min,
            s.max,
            s.spread,
            num(s.std_dev, lang)
        );
    }
    h + "</tbody></table></div>"
}

/// A hint per criterion for the consensus form: "Evaluators: mean 3,67, range 2–5".
pub fn panel_hints(
    p: &BoardProposal,
    set: &CriteriaSet,
    lang: Lang,
    t: &Texts,
) -> Vec<Option<String>> {
    set.criteria
        .iter()
        .map(|c| {
            let s = p.statistics.iter().find(|s| s.key == c.key)?;
            let mut h = t
                .eb_panel_hint
                .replace("{mean}", &num(s.mean, lang))
                .replace("{low}", &s.min.to_string())
                .replace("{high}", &s.max.to_string());
            if s.disagreement {
                h = format!("⚠ {h} – {}", t.eb_disagreement);
            }
            Some(h)
        })
        .collect()
}

/// Who is behind the proposal, when it came, and how many evaluations are in.
pub fn head_html(p: &BoardProposal, lang: Lang, t: &Texts) -> String {
    let pid = p.proposal_id;
    let submitted = p
        .evaluations
        .iter()
        .filter(|e| e.submitted.is_some())
        .count();
    let partners = if p.partners.is_empty() {
        t.sc_no_partners.to_owned()
    } else {
        p.partners
            .iter()
            .map(|o| o.name(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"<p class="q-meta">{}: <strong>{}</strong> · {}: {} · {}</p><p id="eb-p-{pid}-progress">{}{}</p>"#,
        t.pe_lead_org,
        esc(p.lead.name(lang)),
        t.sc_partners,
        esc(&partners),
        t.eb_received
            .replace("{time}", &when(p.received_at, lang, t)),
        t.eb_submitted_of
            .replace("{submitted}", &submitted.to_string())
            .replace("{assigned}", &p.evaluations.len().to_string()),
        if p.complete {
            format!(
                r#" <span class="badge status-proposals_open">✓ {}</span>"#,
                t.eb_complete
            )
        } else {
            String::new()
        }
    )
}

/// The recorded consensus, or "none yet" when the round is closed without one.
pub fn consensus_html(
    p: &BoardProposal,
    set: &CriteriaSet,
    open: bool,
    lang: Lang,
    t: &Texts,
) -> String {
    let pid = p.proposal_id;
    match &p.consensus {
        Some(c) => format!(
            r#"<p class="q-meta" id="eb-p-{pid}-consensus-recorded">{} · {}: <strong>{}</strong></p>{}"#,
            t.eb_recorded_by
                .replace("{time}", &when(c.recorded_at, lang, t))
                .replace("{name}", &esc(&c.recorded_by)),
            t.sc_total_label,
            total_text(Some(c.total), lang, t),
            sheet_html(&c.sheet, set, t.eb_consensus_title, t.sc_rationale, lang, t)
        ),
        None if open => String::new(),
        None => format!(r#"<p class="muted">{}</p>"#, t.eb_no_consensus),
    }
}

/// The recorded decision with its reasons, or "none yet".
pub fn decision_html(p: &BoardProposal, lang: Lang, t: &Texts) -> String {
    let pid = p.proposal_id;
    match &p.decision {
        Some(d) => format!(
            r#"<p id="eb-p-{pid}-decision-recorded"><strong>{}</strong> <span class="q-meta">{}</span></p><p class="pre-line">{}</p>"#,
            outcome_label(d.outcome, t),
            t.eb_recorded_by
                .replace("{time}", &when(d.decided_at, lang, t))
                .replace("{name}", &esc(&d.decided_by)),
            esc(&d.reasons)
        ),
        None => format!(r#"<p class="muted">{}</p>"#, t.eb_no_decision),
    }
}
