//! The board's charts as inline SVG text, each `role="img"` with a `<title>` and a `<desc>`
//! that says in words what it shows; the same numbers are in a table next to it, so nothing
//! depends on seeing the picture or telling colours apart (shapes and patterns differ too).
//!
//! - [`distribution_svg`]: per criterion a strip of its scale with each evaluator's score as a
//!   dot (equal scores stacked), the min–max range as a bar and the mean as a diamond; a
//!   criterion with a large disagreement is marked with ⚠ and a tinted row.
//! - [`progress_svg`]: per evaluator a bar of their assigned proposals split into submitted
//!   (solid), drafts (hatched) and not started (outlined).

use kehto_shared::Lang;
use kehto_shared::evaluation::{CriteriaSet, CriterionStats, EvaluatorProgress};

use crate::i18n::Texts;
use crate::pages::dialogue_kit::esc;

// Coordinates are whole units of the view box: no float formatting, which is large, in the wasm.
const WIDTH: i32 = 640;
const PLOT_X0: i32 = 220;
const PLOT_X1: i32 = 620;

/// A number with two decimals in the reader's language, rounded half away from zero (by
/// integers: float formatting is large in the wasm).
pub fn num(x: f64, lang: Lang) -> String {
    let h = (x * 100.0).round() as i64;
    let sep = if lang == Lang::En { '.' } else { ',' };
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    format!("{sign}{}{sep}{:02}", a / 100, a % 100)
}

/// `s` cut to `max` characters with "…".
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// One criterion's scores on one proposal, for the chart.
pub struct Strip<'a> {
    pub stats: &'a CriterionStats,
    /// The submitted scores, in evaluator order.
    pub scores: Vec<u8>,
}

/// The distribution chart of one proposal (`svg#<id>`), or nothing without statistics.
pub fn distribution_svg(
    id: &str,
    set: &CriteriaSet,
    strips: &[Strip<'_>],
    lang: Lang,
    t: &Texts,
) -> String {
    if strips.is_empty() {
        return String::new();
    }
    let row_h = 56;
    let height = row_h * strips.len() as i32 + 8;
    let mut desc = Vec::new();
    let mut body = String::new();
    for (i, strip) in strips.iter().enumerate() {
        let Some(c) = set.criterion(&strip.stats.key) else {
            continue;
        };
        let (min, max) = (f64::from(c.scale.min), f64::from(c.scale.max));
        let span = (max - min).max(1.0);
        let x = |v: f64| PLOT_X0 + ((v - min) / span * f64::from(PLOT_X1 - PLOT_X0)).round() as i32;
        let y0 = 4 + row_h * i as i32;
        let axis = y0 + 36;
        let s = strip.stats;
        let name = c.name.get(lang);
        if s.disagreement {
            body += &format!(
                r#"<rect class="chart-alert" x="0" y="{y0}" width="{WIDTH}" height="{}" rx="4"/>"#,
                row_h - 4
            );
        }
        let flag = if s.disagreement { "⚠ " } else { "" };
        body += &format!(
            r#"<text class="chart-label" x="8" y="{}">{flag}{}</text>"#,
            axis - 6,
            esc(&short(name, 26))
        );
        // The scale's axis with a tick and a number per level.
        body += &format!(
            r#"<line class="chart-axis" x1="{PLOT_X0}" x2="{PLOT_X1}" y1="{axis}" y2="{axis}"/>"#
        );
        for v in c.scale.min..=c.scale.max {
            let tx = x(f64::from(v));
            body += &format!(
                r#"<line class="chart-tick" x1="{tx}" x2="{tx}" y1="{axis}" y2="{}"/><text class="chart-tick-label" x="{tx}" y="{}">{v}</text>"#,
                axis + 4,
                axis + 15
            );
        }
        // The range, the scores and the mean.
        body += &format!(
            r#"<line class="chart-range" x1="{}" x2="{}" y1="{}" y2="{0}"/>"#,
            x(f64::from(s.min)),
            x(f64::from(s.max)),
            axis - 8
        );
        let mut seen: Vec<(u8, u32)> = Vec::new();
        for &score in &strip.scores {
            let stack = match seen.iter_mut().find(|(v, _)| *v == score) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((score, 0));
                    0
                }
            };
            body += &format!(
                r#"<circle class="chart-dot" cx="{}" cy="{}" r="5"/>"#,
                x(f64::from(score)),
                axis - 8 - 9 * stack as i32
            );
        }
        let (mx, my) = (x(s.mean), axis - 8);
        body += &format!(
            r#"<path class="chart-mean" d="M{mx} {} L{} {my} L{mx} {} L{} {my} Z"/>"#,
            my - 8,
            mx + 8,
            my + 8,
            mx - 8
        );
        let scores = strip
            .scores
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = t
            .eb_chart_row
            .replace("{min}", &c.scale.min.to_string())
            .replace("{max}", &c.scale.max.to_string())
            .replace("{scores}", &scores)
            .replace("{mean}", &num(s.mean, lang))
            .replace("{low}", &s.min.to_string())
            .replace("{high}", &s.max.to_string())
            .replace("{name}", name);
        if s.disagreement {
            line += " ";
            line += t.eb_disagreement;
            line += ".";
        }
        desc.push(line);
    }
    format!(
        r#"<div class="chart"><svg id="{id}" class="chart-svg" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>{body}</svg><p class="chart-legend" aria-hidden="true"><span class="key-dot"></span> {} <span class="key-mean"></span> {} <span class="key-range"></span> {} <span class="key-alert">⚠</span> {}</p></div>"#,
        t.eb_chart_title,
        esc(&desc.join(" ")),
        t.eb_legend_score,
        t.eb_legend_mean,
        t.eb_legend_range,
        t.eb_disagreement
    )
}

/// The progress chart (`svg#eb-progress-chart`): one bar per evaluator.
pub fn progress_svg(list: &[EvaluatorProgress], t: &Texts) -> String {
    let most = list.iter().map(|p| p.assigned).max().unwrap_or(0).max(1);
    let row_h = 30;
    let height = row_h * list.len() as i32 + 8;
    let unit = f64::from(PLOT_X1 - PLOT_X0) / f64::from(most);
    let mut body = String::from(
        r##"<defs><pattern id="eb-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e7f0fb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f5ea8" stroke-width="3"/></pattern></defs>"##,
    );
    let mut desc = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let y = 6 + row_h * i as i32;
        let rest = p.assigned.saturating_sub(p.submitted + p.drafts);
        body += &format!(
            r#"<text class="chart-label" x="8" y="{}">{}</text>"#,
            y + 15,
            esc(&short(&p.display_name, 26))
        );
        let mut x = PLOT_X0;
        for (n, class) in [
            (p.submitted, "bar-done"),
            (p.drafts, "bar-draft"),
            (rest, "bar-rest"),
        ] {
            if n == 0 {
                continue;
            }
            let w = (unit * f64::from(n)).round() as i32;
            body += &format!(r#"<rect class="{class}" x="{x}" y="{y}" width="{w}" height="20"/>"#);
            x += w;
        }
        body += &format!(
            r#"<text class="chart-value" x="{}" y="{}">{}/{}</text>"#,
            x + 6,
            y + 15,
            p.submitted,
            p.assigned
        );
        desc.push(
            t.eb_progress_row
                .replace("{submitted}", &p.submitted.to_string())
                .replace("{drafts}", &p.drafts.to_string())
                .replace("{assigned}", &p.assigned.to_string())
                .replace("{name}", &p.display_name),
        );
    }
    format!(
        r#"<div class="chart"><svg id="eb-progress-chart" class="chart-svg" role="img" aria-labelledby="eb-progress-chart-title eb-progress-chart-desc" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="eb-progress-chart-title">{}</title><desc id="eb-progress-chart-desc">{}</desc>{body}</svg><p class="chart-legend" aria-hidden="true"><span class="key-done"></span> {} <span class="key-draft"></span> {} <span class="key-rest"></span> {}</p></div>"#,
        t.eb_progress_chart_title,
        esc(&desc.join(" ")),
        t.eb_legend_submitted,
        t.eb_legend_drafts,
        t.eb_legend_not_started
    )
}
