//! A criteria set read-only, as HTML text (far less wasm than views): the weighted criteria with
//! their scales and level descriptions (`ol#ec-read-criteria`), then the admission requirements
//! (`ul#ec-read-requirements`). Shown by the editor once the set is frozen or to someone who
//! may not change it. A text not written in the reader's language shows the first one written,
//! marked with its own `lang`.

use kehto_shared::Lang;
use kehto_shared::evaluation::{CriteriaSet, LocalizedText, percent_from_bp};

use crate::i18n::Texts;
use crate::pages::dialogue_kit::esc;

/// `text` for a reader of `lang`, escaped, in an element carrying the language it is in.
fn loc(tag: &str, class: &str, text: &LocalizedText, lang: Lang) -> String {
    match text.shown(lang) {
        None => String::new(),
        Some((shown, l)) => format!(
            r#"<{tag} class="{class}" lang="{}">{}</{tag}>"#,
            l.code(),
            esc(shown)
        ),
    }
}

/// The set in two sections under `<h2>` headings, an `<h3>` per criterion.
pub fn criteria_html(set: &CriteriaSet, lang: Lang, t: &Texts) -> String {
    let mut h = format!(
        r#"<h2 id="ec-read-criteria-title">{}</h2><ol id="ec-read-criteria" class="item-list criteria-read" aria-labelledby="ec-read-criteria-title">"#,
        t.ec_criteria_title
    );
    for c in &set.criteria {
        let weight = percent_from_bp(i64::from(c.weight_bp), lang);
        let scale = t
            .ec_scale_range
            .replace("{min}", &c.scale.min.to_string())
            .replace("{max}", &c.scale.max.to_string());
        h += &format!(
            r#"<li class="item" data-criterion="{}"><div class="item-main"><h3 class="small-heading">{} <span class="muted">({weight} %)</span></h3>{}<p class="q-meta">{}</p><dl class="levels">"#,
            esc(&c.key),
            loc("span", "", &c.name, lang),
            loc("p", "pre-line", &c.description, lang),
            esc(&scale),
        );
        let mut levels: Vec<_> = c.scale.levels.iter().collect();
        levels.sort_by_key(|l| l.score);
        for l in levels {
            h += &format!(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                l.score,
                loc("span", "", &l.description, lang)
            );
        }
        h += "</dl></div></li>";
    }
    h += "</ol>";
    h += &format!(
        r#"<h2 id="ec-read-requirements-title">{}</h2>"#,
        t.ec_requirements_title
    );
    if set.requirements.is_empty() {
        return h + &format!(r#"<p class="muted">{}</p>"#, t.ec_requirements_none);
    }
    h += r#"<ul id="ec-read-requirements" class="item-list" aria-labelledby="ec-read-requirements-title">"#;
    for r in &set.requirements {
        h += &format!(
            r#"<li class="item" data-requirement="{}"><div class="item-main">{}{}</div></li>"#,
            esc(&r.key),
            loc("strong", "", &r.name, lang),
            loc("p", "pre-line", &r.description, lang),
        );
    }
    h + "</ul>"
}
