//! The ranking of the round from the recorded consensus (`section#eb-ranking`): positions,
//! totals and which tie rule separated each proposal from the one above
//! (`table#eb-ranking-table`), the proposals excluded for a failed admission requirement with
//! the requirements' names (`ul#eb-excluded`), how many have no consensus yet, and the tie
//! rules in order (`ol#eb-tie-rules`). A switch (`#eb-normalised-toggle`) shows the advisory
//! normalised view (`#eb-normalised`): each proposal's raw and normalised means and totals.

use kehto_shared::Lang;
use kehto_shared::evaluation::{
    CriteriaSet, EvaluationBoard, NormalisedView, Ranking, Separation, TIE_RULES, TIE_RULES_INTRO,
};
use leptos::prelude::*;

use super::BoardCtx;
use super::chart::num;
use super::proposal::proposal_name;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;
use crate::pages::scoring::sheets::{loc, requirement_name};

fn name_of(b: &EvaluationBoard, id: i64, lang: Lang) -> String {
    b.proposals
        .iter()
        .find(|p| p.proposal_id == id)
        .map(|p| proposal_name(p, lang))
        .unwrap_or_else(|| format!("#{id}"))
}

fn separation(s: &Option<Separation>, set: &CriteriaSet, lang: Lang, t: &Texts) -> String {
    match s {
        None => "–".to_owned(),
        Some(Separation::Total) => t.eb_sep_total.to_owned(),
        Some(Separation::Criterion { key }) => {
            let name = set
                .criterion(key)
                .map(|c| loc(&c.name, lang))
                .unwrap_or_else(|| esc(key));
            t.eb_sep_criterion.replace("{name}", &name)
        }
        Some(Separation::ReceivedAt) => t.eb_sep_received.to_owned(),
        Some(Separation::Tied) => t.eb_sep_tied.to_owned(),
    }
}

fn ranking_html(b: &EvaluationBoard, set: &CriteriaSet, lang: Lang, t: &Texts) -> String {
    let r: &Ranking = &b.ranking;
    let mut h = String::new();
    if r.ranked.is_empty() {
        h += &format!(
            r#"<p class="muted" id="eb-ranking-none">{}</p>"#,
            t.eb_ranking_none
        );
    } else {
        h += &format!(
            r#"<div class="table-wrap"><table class="data-table" id="eb-ranking-table"><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            t.eb_ranking_title,
            t.eb_col_position,
            t.eb_col_proposal,
            t.sc_total_label,
            t.eb_col_separated
        );
        for x in &r.ranked {
            h += &format!(
                r##"<tr data-proposal="{}"><td>{}</td><th scope="row"><a href="#eb-p-{0}">{}</a></th><td>{}</td><td>{}</td></tr>"##,
                x.proposal_id,
                x.position,
                esc(&name_of(b, x.proposal_id, lang)),
                x.total.format(lang),
                separation(&x.separated_by, set, lang, t)
            );
        }
        h += "</tbody></table></div>";
    }
    if !r.excluded.is_empty() {
        h += &format!(
            r#"<h3 class="small-heading" id="eb-excluded-title">{}</h3><ul id="eb-excluded" class="plain excluded-list">"#,
            t.eb_excluded_title
        );
        for x in &r.excluded {
            let names = x
                .failed_requirements
                .iter()
                .map(|k| requirement_name(set, k, lang))
                .collect::<Vec<_>>()
                .join(", ");
            h += &format!(
                r#"<li data-proposal="{}"><strong>{}</strong>: {}</li>"#,
                x.proposal_id,
                esc(&name_of(b, x.proposal_id, lang)),
                t.eb_excluded_because.replace("{requirements}", &names)
            );
        }
        h += "</ul>";
    }
    let unranked = b.proposals.iter().filter(|p| p.consensus.is_none()).count();
    if unranked > 0 {
        h += &format!(
            r#"<p class="muted" id="eb-unranked">{}</p>"#,
            t.eb_unranked.replace("{n}", &unranked.to_string())
        );
    }
    h += &format!(
        r#"<h3 class="small-heading" id="eb-tie-rules-title">{}</h3><p>{}</p><ol id="eb-tie-rules">"#,
        t.eb_tie_rules_title,
        TIE_RULES_INTRO.get(lang)
    );
    for rule in TIE_RULES {
        h += &format!("<li>{}</li>", rule.get(lang));
    }
    h + "</ol>"
}

fn normalised_html(
    b: &EvaluationBoard,
    view: &NormalisedView,
    set: &CriteriaSet,
    lang: Lang,
    t: &Texts,
) -> String {
    let mut h = format!(
        r#"<p class="info">{}</p><div class="table-wrap"><table class="data-table" id="eb-normalised-table"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        t.eb_normalised_explain,
        t.eb_normalised_caption,
        t.eb_col_proposal,
        t.eb_col_criterion_means,
        t.eb_col_raw_total,
        t.eb_col_normalised_total
    );
    for p in &view.proposals {
        let means = p
            .criteria
            .iter()
            .map(|m| {
                let name = set
                    .criterion(&m.key)
                    .map(|c| loc(&c.name, lang))
                    .unwrap_or_else(|| esc(&m.key));
                format!(
                    "<li>{}</li>",
                    t.eb_mean_pair
                        .replace("{raw}", &num(m.raw_mean, lang))
                        .replace("{normalised}", &num(m.normalised_mean, lang))
                        .replace("{name}", &name)
                )
            })
            .collect::<String>();
        h += &format!(
            r#"<tr><th scope="row">{}</th><td><ul class="plain">{means}</ul></td><td>{}</td><td>{}</td></tr>"#,
            esc(&name_of(b, p.proposal_id, lang)),
            num(p.raw_total_points, lang),
            num(p.normalised_total_points, lang)
        );
    }
    h + "</tbody></table></div>"
}

#[component]
pub fn RankingSection(ctx: BoardCtx, b: EvaluationBoard, set: CriteriaSet) -> impl IntoView {
    let i18n = use_i18n();
    let has_normalised = b.normalised.is_some();
    let b = StoredValue::new(b);
    let set = StoredValue::new(set);
    let ranking =
        move || b.with_value(|b| set.with_value(|s| ranking_html(b, s, i18n.lang(), i18n.t())));
    let normalised = move || {
        if !ctx.normalised.get() {
            return String::new();
        }
        b.with_value(|b| {
            set.with_value(|s| match &b.normalised {
                Some(v) => normalised_html(b, v, s, i18n.lang(), i18n.t()),
                None => String::new(),
            })
        })
    };
    view! {
        <section id="eb-ranking" class="my-section" aria-labelledby="eb-ranking-title">
            <h2 id="eb-ranking-title">{tr(|t| t.eb_ranking_title)}</h2>
            <p class="hint">{tr(|t| t.eb_ranking_intro)}</p>
            <div inner_html=ranking></div>
            {has_normalised.then(|| view! {
                <div class="checkbox no-print">
                    <input
                        type="checkbox"
                        id="eb-normalised-toggle"
                        aria-controls="eb-normalised"
                        prop:checked=move || ctx.normalised.get()
                        on:change=move |ev| ctx.normalised.set(event_target_checked(&ev))
                    />
                    <label for="eb-normalised-toggle">{tr(|t| t.eb_normalised_toggle)}</label>
                </div>
            })}
            <div id="eb-normalised" inner_html=normalised></div>
        </section>
    }
}
