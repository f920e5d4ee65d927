//! The printable evaluation report of a challenge: one standalone HTML document (no scripts,
//! no external resources; print CSS for A4) with the criteria (weights, scales and what each
//! level means, admission requirements), and for every round the ranking with the tie rules,
//! then per proposal every evaluator's scores and justifications, the panel's statistics with
//! disagreements marked, the consensus with its rationale, and the decision with its reasons.
//! Headings in Finnish, Swedish or English; every piece of user text is HTML-escaped.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::evaluation::{
    CriteriaSet, Scoresheet, Separation, TIE_RULES, TIE_RULES_INTRO, panel_statistics,
    percent_from_bp,
};
use kehto_shared::lang::Tri;

use crate::db::scoring::RoundRow;
use crate::evaluation_table::outcome_label;
use crate::routes::evaluation_state::{Evaluation, ProposalInfo, total_if_scored};

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text with its line breaks kept (justifications and reasons are written in paragraphs).
fn para(s: &str) -> String {
    esc(s.trim()).replace('\n', "<br>")
}

const CSS: &str = "\
@page{size:A4;margin:16mm 14mm}\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:10.5pt;line-height:1.4;color:#111;max-width:60rem;margin:1.5rem auto;padding:0 1rem}\
h1{font-size:18pt;margin:0 0 .3rem}h2{font-size:14pt;margin:1.6rem 0 .5rem;border-bottom:2px solid #003479}\
h3{font-size:12pt;margin:1.2rem 0 .4rem}h4{font-size:10.5pt;margin:.8rem 0 .3rem}\
h2,h3,h4{break-after:avoid}\
table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem}\
th,td{border:1px solid #888;padding:.2rem .35rem;text-align:left;vertical-align:top}\
th{background:#e8edf5}thead{display:table-header-group}tr{break-inside:avoid}\
td.n,th.n{text-align:right;white-space:nowrap}\
.meta{color:#333}.flag{font-weight:bold;color:#8a1c00}.muted{color:#555}\
section.proposal{border-top:1px solid #bbb;margin-top:1rem}\
section.round{break-before:page}section.round:first-of-type{break-before:auto}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}";

struct L {
    title: Tri,
    challenge: Tri,
    generated: Tri,
    deadline: Tri,
    criteria: Tri,
    criterion: Tri,
    weight: Tri,
    scale: Tri,
    levels: Tri,
    requirements: Tri,
    no_criteria: Tri,
    round: Tri,
    open: Tri,
    published: Tri,
    ranking: Tri,
    position: Tri,
    proposal: Tri,
    total: Tri,
    separated: Tri,
    excluded: Tri,
    failed: Tri,
    no_ranking: Tri,
    received: Tri,
    partners: Tri,
    evaluations: Tri,
    evaluator: Tri,
    score: Tri,
    justification: Tri,
    requirement: Tri,
    answer: Tri,
    note: Tri,
    passed: Tri,
    failed_short: Tri,
    not_submitted: Tri,
    statistics: Tri,
    mean: Tri,
    spread: Tri,
    std_dev: Tri,
    disagreement: Tri,
    consensus: Tri,
    rationale: Tri,
    recorded: Tri,
    no_consensus: Tri,
    decision: Tri,
    reasons: Tri,
    decided: Tri,
    no_decision: Tri,
    sealed: Tri,
}

const T: L = L {
    title: Tri {
        fi: "Arviointiraportti",
        sv: "Bedömningsrapport",
        en: "Evaluation report",
    },
    challenge: Tri {
        fi: "Haaste",
        sv: "Utmaning",
        en: "Challenge",
    },
    generated: Tri {
        fi: "Laadittu",
        sv: "Upprättad",
        en: "Produced",
    },
    deadline: Tri {
        fi: "Ehdotusten määräaika",
        sv: "Sista dag för förslag",
        en: "Proposals deadline",
    },
    criteria: Tri {
        fi: "Arviointikriteerit",
        sv: "Bedömningskriterier",
        en: "Evaluation criteria",
    },
    criterion: Tri {
        fi: "Kriteeri",
        sv: "Kriterium",
        en: "Criterion",
    },
    weight: Tri {
        fi: "Paino",
        sv: "Vikt",
        en: "Weight",
    },
    scale: Tri {
        fi: "Asteikko",
        sv: "Skala",
        en: "Scale",
    },
    levels: Tri {
        fi: "Tasot",
        sv: "Nivåer",
        en: "Levels",
    },
    requirements: Tri {
        fi: "Ehdottomat vaatimukset (tarkistetaan ensin)",
        sv: "Obligatoriska krav (kontrolleras först)",
        en: "Admission requirements (checked first)",
    },
    no_criteria: Tri {
        fi: "Arviointikriteereitä ei ole määritelty.",
        sv: "Inga bedömningskriterier har fastställts.",
        en: "No evaluation criteria have been defined.",
    },
    round: Tri {
        fi: "Kierros",
        sv: "Omgång",
        en: "Round",
    },
    open: Tri {
        fi: "avoinna",
        sv: "pågår",
        en: "open",
    },
    published: Tri {
        fi: "julkaistu",
        sv: "publicerad",
        en: "published",
    },
    ranking: Tri {
        fi: "Järjestys",
        sv: "Rangordning",
        en: "Ranking",
    },
    position: Tri {
        fi: "Sija",
        sv: "Placering",
        en: "Position",
    },
    proposal: Tri {
        fi: "Ehdotus",
        sv: "Förslag",
        en: "Proposal",
    },
    total: Tri {
        fi: "Kokonaispisteet",
        sv: "Totalpoäng",
        en: "Total",
    },
    separated: Tri {
        fi: "Ratkaiseva sääntö",
        sv: "Avgörande regel",
        en: "Deciding rule",
    },
    excluded: Tri {
        fi: "Poissuljetut ehdotukset",
        sv: "Uteslutna förslag",
        en: "Excluded proposals",
    },
    failed: Tri {
        fi: "Täyttämättä jääneet vaatimukset",
        sv: "Krav som inte uppfylls",
        en: "Requirements not met",
    },
    no_ranking: Tri {
        fi: "Konsensusta ei ole vielä kirjattu yhdellekään ehdotukselle.",
        sv: "Konsensus har ännu inte registrerats för något förslag.",
        en: "No consensus has been recorded for any proposal yet.",
    },
    received: Tri {
        fi: "Vastaanotettu",
        sv: "Mottaget",
        en: "Received",
    },
    partners: Tri {
        fi: "Kumppanit",
        sv: "Partner",
        en: "Partners",
    },
    evaluations: Tri {
        fi: "Arvioinnit",
        sv: "Bedömningar",
        en: "Evaluations",
    },
    evaluator: Tri {
        fi: "Arvioija",
        sv: "Bedömare",
        en: "Evaluator",
    },
    score: Tri {
        fi: "Pisteet",
        sv: "Poäng",
        en: "Score",
    },
    justification: Tri {
        fi: "Perustelu",
        sv: "Motivering",
        en: "Justification",
    },
    requirement: Tri {
        fi: "Vaatimus",
        sv: "Krav",
        en: "Requirement",
    },
    answer: Tri {
        fi: "Täyttyy",
        sv: "Uppfylls",
        en: "Met",
    },
    note: Tri {
        fi: "Huomio",
        sv: "Anmärkning",
        en: "Note",
    },
    passed: Tri {
        fi: "kyllä",
        sv: "ja",
        en: "yes",
    },
    failed_short: Tri {
        fi: "ei",
        sv: "nej",
        en: "no",
    },
    not_submitted: Tri {
        fi: "Arviointia ei ole jätetty.",
        sv: "Bedömningen har inte lämnats in.",
        en: "The evaluation has not been submitted.",
    },
    statistics: Tri {
        fi: "Arvioijien pisteiden tunnusluvut",
        sv: "Nyckeltal för bedömarnas poäng",
        en: "Statistics of the evaluators' scores",
    },
    mean: Tri {
        fi: "Keskiarvo",
        sv: "Medelvärde",
        en: "Mean",
    },
    spread: Tri {
        fi: "Vaihteluväli",
        sv: "Spridning",
        en: "Spread",
    },
    std_dev: Tri {
        fi: "Keskihajonta",
        sv: "Standardavvikelse",
        en: "Std. deviation",
    },
    disagreement: Tri {
        fi: "Suuri erimielisyys",
        sv: "Stor oenighet",
        en: "Large disagreement",
    },
    consensus: Tri {
        fi: "Konsensus",
        sv: "Konsensus",
        en: "Consensus",
    },
    rationale: Tri {
        fi: "Perustelu",
        sv: "Motivering",
        en: "Rationale",
    },
    recorded: Tri {
        fi: "Kirjannut",
        sv: "Registrerad av",
        en: "Recorded by",
    },
    no_consensus: Tri {
        fi: "Konsensusta ei ole kirjattu.",
        sv: "Ingen konsensus har registrerats.",
        en: "No consensus has been recorded.",
    },
    decision: Tri {
        fi: "Päätös",
        sv: "Beslut",
        en: "Decision",
    },
    reasons: Tri {
        fi: "Perustelut",
        sv: "Motivering",
        en: "Reasons",
    },
    decided: Tri {
        fi: "Päättänyt",
        sv: "Beslutat av",
        en: "Decided by",
    },
    no_decision: Tri {
        fi: "Päätöstä ei ole kirjattu.",
        sv: "Inget beslut har registrerats.",
        en: "No decision has been recorded.",
    },
    sealed: Tri {
        fi: "Ehdotusten määräaika ei ole päättynyt: ehdotuksia ei ole vielä avattu arvioitaviksi.",
        sv: "Tiden för förslag har inte gått ut: inga förslag har ännu öppnats för bedömning.",
        en: "The proposals deadline has not passed: no proposal has been opened for evaluation yet.",
    },
};

fn time(t: DateTime<Utc>) -> String {
    kehto_shared::helsinki::format(t)
}

fn decimal(x: f64, digits: usize, lang: Lang) -> String {
    let s = format!("{x:.digits$}");
    if lang == Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

/// The whole report of `ev` in `lang`, produced at `now`.
pub fn report(ev: &Evaluation, lang: Lang, now: DateTime<Utc>) -> String {
    let mut h = String::new();
    let title = format!("{}: {}", T.title.get(lang), ev.rec.row.title);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body><main>",
        lang.code(),
        esc(&title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"meta\">{} #{} · {}: {}",
        esc(&title),
        T.challenge.get(lang),
        ev.challenge_id(),
        T.generated.get(lang),
        esc(&time(now))
    );
    if let Some(close) = crate::routes::challenge_view::opt_time(ev.rec.row.proposals_close_at) {
        let _ = write!(h, " · {}: {}", T.deadline.get(lang), esc(&time(close)));
    }
    h.push_str("</p>");
    criteria(&mut h, ev.set.as_ref(), lang);
    if ev.sealed {
        let _ = write!(h, "<p>{}</p>", T.sealed.get(lang));
    }
    for r in &ev.rounds {
        round(&mut h, ev, r, lang);
    }
    h.push_str("</main></body></html>\n");
    h
}

fn criteria(h: &mut String, set: Option<&CriteriaSet>, lang: Lang) {
    let _ = write!(h, "<h2>{}</h2>", T.criteria.get(lang));
    let Some(set) = set else {
        let _ = write!(h, "<p>{}</p>", T.no_criteria.get(lang));
        return;
    };
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        T.criterion.get(lang),
        T.weight.get(lang),
        T.scale.get(lang),
        T.levels.get(lang)
    );
    for c in &set.criteria {
        let mut levels: Vec<_> = c.scale.levels.iter().collect();
        levels.sort_by_key(|l| l.score);
        let levels: String = levels
            .iter()
            .map(|l| format!("<li>{} – {}</li>", l.score, esc(l.description.get(lang))))
            .collect();
        let _ = write!(
            h,
            "<tr><td><strong>{}</strong><br>{}</td><td class=\"n\">{} %</td><td>{}–{}</td><td><ul>{levels}</ul></td></tr>",
            esc(c.name.get(lang)),
            para(c.description.get(lang)),
            percent_from_bp(i64::from(c.weight_bp), lang),
            c.scale.min,
            c.scale.max
        );
    }
    h.push_str("</tbody></table>");
    if !set.requirements.is_empty() {
        let _ = write!(h, "<h3>{}</h3><ul>", T.requirements.get(lang));
        for r in &set.requirements {
            let _ = write!(h, "<li><strong>{}</strong>", esc(r.name.get(lang)));
            if !r.description.is_blank() {
                let _ = write!(h, " – {}", para(r.description.get(lang)));
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
}

fn proposal_name(info: Option<&ProposalInfo>, id: i64, lang: Lang) -> String {
    match info {
        Some(i) => format!("#{id} {} – {}", esc(&i.title), esc(i.lead.name(lang))),
        None => format!("#{id}"),
    }
}

fn round(h: &mut String, ev: &Evaluation, r: &RoundRow, lang: Lang) {
    let status = match r.published_at {
        Some(at) => format!(
            "{} {}",
            T.published.get(lang),
            esc(&time(crate::routes::challenge_view::to_time(at)))
        ),
        None => T.open.get(lang).to_owned(),
    };
    let _ = write!(
        h,
        "<section class=\"round\"><h2>{} {} <span class=\"muted\">({status})</span></h2>",
        T.round.get(lang),
        r.number
    );
    // The ranking, with the tie rules it applies.
    let ranking = ev.ranking(r.number);
    let _ = write!(h, "<h3>{}</h3>", T.ranking.get(lang));
    if ranking.ranked.is_empty() && ranking.excluded.is_empty() {
        let _ = write!(h, "<p>{}</p>", T.no_ranking.get(lang));
    }
    if !ranking.ranked.is_empty() {
        let _ = write!(
            h,
            "<table><thead><tr><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            T.position.get(lang),
            T.proposal.get(lang),
            T.total.get(lang),
            T.separated.get(lang)
        );
        for x in &ranking.ranked {
            let rule = x
                .separated_by
                .as_ref()
                .map(|s| {
                    let text = TIE_RULES[s.rule()].get(lang);
                    match s {
                        Separation::Criterion { key } => {
                            let name = ev
                                .set
                                .as_ref()
                                .and_then(|set| set.criterion(key))
                                .map(|c| c.name.get(lang).to_owned())
                                .unwrap_or_else(|| key.clone());
                            format!("{} ({})", text, esc(&name))
                        }
                        _ => text.to_owned(),
                    }
                })
                .unwrap_or_default();
            let _ = write!(
                h,
                "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{rule}</td></tr>",
                x.position,
                proposal_name(ev.proposals.get(&x.proposal_id), x.proposal_id, lang),
                x.total.format(lang)
            );
        }
        h.push_str("</tbody></table>");
    }
    if !ranking.excluded.is_empty() {
        let _ = write!(
            h,
            "<h4>{}</h4><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            T.excluded.get(lang),
            T.proposal.get(lang),
            T.failed.get(lang)
        );
        for x in &ranking.excluded {
            let names: Vec<String> = x
                .failed_requirements
                .iter()
                .map(|k| {
                    esc(ev
                        .set
                        .as_ref()
                        .and_then(|s| s.requirement(k))
                        .map(|r| r.name.get(lang))
                        .unwrap_or(k))
                })
                .collect();
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                proposal_name(ev.proposals.get(&x.proposal_id), x.proposal_id, lang),
                names.join(", ")
            );
        }
        h.push_str("</tbody></table>");
    }
    let _ = write!(h, "<p>{}</p><ol>", TIE_RULES_INTRO.get(lang));
    for rule in TIE_RULES {
        let _ = write!(h, "<li>{}</li>", rule.get(lang));
    }
    h.push_str("</ol>");
    for p in ev.in_round(r.number) {
        proposal(h, ev, r, p, lang);
    }
    h.push_str("</section>");
}

fn sheet_table(h: &mut String, set: &CriteriaSet, sheet: &Scoresheet, lang: Lang, why: Tri) {
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        T.criterion.get(lang),
        T.score.get(lang),
        why.get(lang)
    );
    for c in &set.criteria {
        let row = sheet.scores.iter().find(|s| s.key == c.key);
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(c.name.get(lang)),
            row.and_then(|s| s.score)
                .map(|s| format!("{s} / {}", c.scale.max))
                .unwrap_or_default(),
            row.map(|s| para(&s.justification)).unwrap_or_default()
        );
    }
    h.push_str("</tbody></table>");
    if !set.requirements.is_empty() {
        let _ = write!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            T.requirement.get(lang),
            T.answer.get(lang),
            T.note.get(lang)
        );
        for r in &set.requirements {
            let x = sheet.checks.iter().find(|x| x.key == r.key);
            let answer = match x.and_then(|x| x.passed) {
                Some(true) => T.passed.get(lang),
                Some(false) => T.failed_short.get(lang),
                None => "",
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{answer}</td><td>{}</td></tr>",
                esc(r.name.get(lang)),
                x.map(|x| para(&x.note)).unwrap_or_default()
            );
        }
        h.push_str("</tbody></table>");
    }
    if let Some(total) = total_if_scored(set, sheet) {
        let _ = write!(
            h,
            "<p><strong>{}: {}</strong> / 100</p>",
            T.total.get(lang),
            total.format(lang)
        );
    }
}

fn proposal(h: &mut String, ev: &Evaluation, r: &RoundRow, p: i64, lang: Lang) {
    let info = ev.proposals.get(&p);
    let _ = write!(
        h,
        "<section class=\"proposal\"><h3>{}</h3>",
        proposal_name(info, p, lang)
    );
    if let Some(i) = info {
        let _ = write!(
            h,
            "<p class=\"meta\">{}: {}",
            T.received.get(lang),
            esc(&time(i.received_at))
        );
        if !i.partners.is_empty() {
            let names: Vec<String> = i.partners.iter().map(|o| esc(o.name(lang))).collect();
            let _ = write!(h, " · {}: {}", T.partners.get(lang), names.join(", "));
        }
        h.push_str("</p>");
    }
    let Some(set) = &ev.set else {
        h.push_str("</section>");
        return;
    };
    let _ = write!(h, "<h4>{}</h4>", T.evaluations.get(lang));
    for u in ev.panel(r, p) {
        let _ = write!(
            h,
            "<p><strong>{}: {}</strong></p>",
            T.evaluator.get(lang),
            esc(&ev.name_of(u))
        );
        match ev.sheet(r.number, p, u).filter(|s| s.submitted()) {
            Some(s) => sheet_table(h, set, &s.sheet, lang, T.justification),
            None => {
                let _ = write!(h, "<p class=\"muted\">{}</p>", T.not_submitted.get(lang));
            }
        }
    }
    let counted = ev.counted(r, p);
    if !counted.is_empty() {
        let sheets: Vec<&Scoresheet> = counted.iter().map(|s| &s.sheet).collect();
        let _ = write!(
            h,
            "<h4>{}</h4><table><thead><tr><th>{}</th><th class=\"n\">n</th><th class=\"n\">{}</th>\
             <th class=\"n\">min</th><th class=\"n\">max</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            T.statistics.get(lang),
            T.criterion.get(lang),
            T.mean.get(lang),
            T.spread.get(lang),
            T.std_dev.get(lang),
            T.disagreement.get(lang)
        );
        for s in panel_statistics(set, &sheets) {
            let name = set
                .criterion(&s.key)
                .map(|c| c.name.get(lang))
                .unwrap_or(&s.key);
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(name),
                s.n,
                decimal(s.mean, 2, lang),
                s.min,
                s.max,
                s.spread,
                decimal(s.std_dev, 2, lang),
                if s.disagreement {
                    format!("<span class=\"flag\">{}</span>", T.disagreement.get(lang))
                } else {
                    String::new()
                }
            );
        }
        h.push_str("</tbody></table>");
    }
    let _ = write!(h, "<h4>{}</h4>", T.consensus.get(lang));
    match ev.consensus_of(r.number, p) {
        Some(c) => {
            sheet_table(h, set, &c.sheet, lang, T.rationale);
            let _ = write!(
                h,
                "<p class=\"meta\">{}: {} · {}</p>",
                T.recorded.get(lang),
                esc(c.row.recorded_by_name.as_deref().unwrap_or("")),
                esc(&time(crate::routes::challenge_view::to_time(
                    c.row.recorded_at
                )))
            );
        }
        None => {
            let _ = write!(h, "<p class=\"muted\">{}</p>", T.no_consensus.get(lang));
        }
    }
    let _ = write!(h, "<h4>{}</h4>", T.decision.get(lang));
    match ev.decision_of(r.number, p) {
        Some(d) => {
            let _ = write!(
                h,
                "<p><strong>{}</strong></p><p>{}: {}</p><p class=\"meta\">{}: {} · {}</p>",
                outcome_label(&d.outcome, lang),
                T.reasons.get(lang),
                para(&d.reasons),
                T.decided.get(lang),
                esc(d.decided_by_name.as_deref().unwrap_or("")),
                esc(&time(crate::routes::challenge_view::to_time(d.decided_at)))
            );
        }
        None => {
            let _ = write!(h, "<p class=\"muted\">{}</p>", T.no_decision.get(lang));
        }
    }
    h.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_become_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(para("a<b>\nc"), "a&lt;b&gt;<br>c");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(1.5, 2, Lang::Fi), "1,50");
        assert_eq!(decimal(1.5, 2, Lang::En), "1.50");
    }
}
