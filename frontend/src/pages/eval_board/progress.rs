//! Progress per evaluator in the round (`section#eb-progress`): a table of assigned, declared
//! (no conflict), drafts and submitted (`table#eb-progress-table`), and the same as a bar chart
//! ([`super::chart::progress_svg`]).

use kehto_shared::evaluation::EvaluatorProgress;
use leptos::prelude::*;

use super::chart::progress_svg;
use crate::i18n::{Texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;

fn table_html(list: &[EvaluatorProgress], t: &Texts) -> String {
    let mut h = format!(
        r#"<div class="table-wrap"><table class="data-table" id="eb-progress-table"><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        t.eb_progress_title,
        t.eb_col_evaluator,
        t.eb_col_assigned,
        t.eb_col_declared,
        t.eb_col_drafts,
        t.eb_col_submitted
    );
    for p in list {
        let done = p.assigned > 0 && p.submitted >= p.assigned;
        h += &format!(
            r#"<tr data-evaluator="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>"#,
            p.user_id,
            esc(&p.display_name),
            p.assigned,
            p.declared,
            p.drafts,
            p.submitted,
            if done { " ✓" } else { "" }
        );
    }
    h + "</tbody></table></div>"
}

#[component]
pub fn Progress(list: Vec<EvaluatorProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = list.is_empty();
    let html = move || {
        let t = i18n.t();
        if empty {
            return format!(
                r#"<p class="muted" id="eb-progress-none">{}</p>"#,
                t.eb_no_evaluators
            );
        }
        format!("{}{}", progress_svg(&list, t), table_html(&list, t))
    };
    view! {
        <section id="eb-progress" class="my-section" aria-labelledby="eb-progress-title">
            <h2 id="eb-progress-title">{tr(|t| t.eb_progress_title)}</h2>
            <div class="chart-and-table" inner_html=html></div>
        </section>
    }
}
