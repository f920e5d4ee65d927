//! Scoresheets read-only, as HTML text (far less wasm than views): a table of the criteria with
//! the score on its scale, the level's description and the justification, then a table of the
//! admission checks. Used for an evaluator's own submitted sheet and the other evaluators'
//! sheets, for the sheets and consensus on the coordinator's board, and in a company's feedback.
//! Also the reopenings of a sheet and the criteria set with its scales.

use chrono::{DateTime, Utc};
use kehto_shared::Lang;
use kehto_shared::evaluation::{
    CriteriaSet, LocalizedText, Reopening, Scoresheet, Total, percent_from_bp,
};

use crate::i18n::Texts;
use crate::pages::dialogue_kit::esc;
use crate::time;

/// `text` for a reader of `lang`, escaped, in a `<span>` marked with the language it is in.
pub fn loc(text: &LocalizedText, lang: Lang) -> String {
    let (shown, code) = super::draft::written(text, lang);
    format!(r#"<span lang="{code}">{}</span>"#, esc(&shown))
}

/// An instant in Helsinki time as HTML.
pub fn when(at: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    format!(
        r#"<time datetime="{}">{}</time>"#,
        at.to_rfc3339(),
        esc(&time::format_helsinki(at, lang, false, t))
    )
}

/// "54,75 / 100", or "–" when there is no total.
pub fn total_text(total: Option<Total>, lang: Lang, t: &Texts) -> String {
    match total {
        Some(x) => t.sc_total_value.replace("{total}", &x.format(lang)),
        None => "–".to_owned(),
    }
}

/// "Laatu (40 %)": the criterion's name and weight, escaped.
fn criterion_name(set: &CriteriaSet, key: &str, lang: Lang, t: &Texts) -> String {
    match set.criterion(key) {
        Some(c) => t
            .sc_criterion_legend
            .replace("{weight}", &percent_from_bp(i64::from(c.weight_bp), lang))
            .replace("{name}", &loc(&c.name, lang)),
        None => esc(key),
    }
}

/// A requirement's name by key (the key itself if the set no longer has it), escaped.
pub fn requirement_name(set: &CriteriaSet, key: &str, lang: Lang) -> String {
    set.requirement(key)
        .map(|r| loc(&r.name, lang))
        .unwrap_or_else(|| esc(key))
}

/// One sheet as two tables. `caption` names the sheet (visually hidden when empty: the
/// surrounding heading says it); `justification` is the column's heading (justification or
/// rationale).
pub fn sheet_html(
    sheet: &Scoresheet,
    set: &CriteriaSet,
    caption: &str,
    justification: &str,
    lang: Lang,
    t: &Texts,
) -> String {
    let sheet = sheet.aligned(set);
    let mut h = format!(
        r#"<div class="table-wrap"><table class="data-table sheet-table"><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        esc(caption),
        t.sc_col_criterion,
        t.sc_col_score,
        esc(justification)
    );
    for (s, c) in sheet.scores.iter().zip(&set.criteria) {
        let score = match s.score {
            Some(v) => {
                let level = c
                    .scale
                    .level(v)
                    .map(|l| {
                        format!(
                            r#"<br><span class="muted">{}</span>"#,
                            loc(&l.description, lang)
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "<strong>{}</strong>{level}",
                    t.sc_score_on_scale
                        .replace("{score}", &v.to_string())
                        .replace("{min}", &c.scale.min.to_string())
                        .replace("{max}", &c.scale.max.to_string())
                )
            }
            None => t.sc_not_scored.to_owned(),
        };
        h += &format!(
            r#"<tr><th scope="row">{}</th><td>{score}</td><td class="pre-line">{}</td></tr>"#,
            criterion_name(set, &s.key, lang, t),
            esc(&s.justification)
        );
    }
    h += "</tbody></table></div>";
    if !sheet.checks.is_empty() {
        h += &format!(
            r#"<div class="table-wrap"><table class="data-table checks-table"><caption class="visually-hidden">{} – {}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            esc(caption),
            t.sc_requirements_title,
            t.sc_col_requirement,
            t.sc_col_result,
            t.sc_col_note
        );
        for x in &sheet.checks {
            let result = match x.passed {
                Some(true) => format!(r#"<span class="check-pass">✓ {}</span>"#, t.sc_check_passed),
                Some(false) => {
                    format!(r#"<span class="check-fail">✗ {}</span>"#, t.sc_check_failed)
                }
                None => t.sc_check_undecided.to_owned(),
            };
            h += &format!(
                r#"<tr><th scope="row">{}</th><td>{result}</td><td class="pre-line">{}</td></tr>"#,
                requirement_name(set, &x.key, lang),
                esc(&x.note)
            );
        }
        h += "</tbody></table></div>";
    }
    h
}

/// The reopenings of a sheet, newest first (`ul#<id>`), or nothing.
pub fn reopenings_html(list: &[Reopening], id: &str, lang: Lang, t: &Texts) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut h = format!(r#"<ul id="{id}" class="item-list reopenings">"#);
    for r in list {
        h += &format!(
            r#"<li class="item"><div class="item-main"><p class="q-meta">{}</p><p class="pre-line">{}</p></div></li>"#,
            t.sc_reopened_by
                .replace("{time}", &when(r.reopened_at, lang, t))
                .replace("{name}", &esc(&r.reopened_by)),
            esc(&r.reason)
        );
    }
    h + "</ul>"
}

/// The criteria with their weights and scales, and the admission requirements, as a
/// definition list inside a disclosure (`details#<id>`).
pub fn criteria_html(set: &CriteriaSet, id: &str, lang: Lang, t: &Texts) -> String {
    let mut h = format!(
        r#"<details id="{id}" class="criteria-details"><summary>{}</summary><dl class="criteria-list">"#,
        t.sc_criteria_summary
    );
    for c in &set.criteria {
        h += &format!(
            r#"<dt>{}</dt><dd><p class="pre-line">{}</p><ul class="scale-list">"#,
            criterion_name(set, &c.key, lang, t),
            loc(&c.description, lang)
        );
        for l in &c.scale.levels {
            h += &format!(
                "<li><strong>{}</strong> {}</li>",
                l.score,
                loc(&l.description, lang)
            );
        }
        h += "</ul></dd>";
    }
    for r in &set.requirements {
        h += &format!(
            r#"<dt>{}: {}</dt><dd class="pre-line">{}</dd>"#,
            t.sc_requirement_word,
            loc(&r.name, lang),
            loc(&r.description, lang)
        );
    }
    h + "</dl></details>"
}
