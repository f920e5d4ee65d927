//! The proposal's parts, as a form or read-only. Every text part is one [`SectionField`]: a
//! fieldset (`fieldset#pe-<part>`) with its text (`textarea#pe-<part>-text`), the confidentiality
//! mark (`#pe-<part>-confidential`) and, when marked, the required reason (`#pe-<part>-reason`);
//! criteria answers are `pe-crit-<n>`. The read-only view (after the deadline, or the region's
//! reading of the version that counts) is written as HTML text, with the same ids.

use kehto_shared::Lang;
use kehto_shared::proposals::{CriterionAnswer, ProposalContent, Section};
use leptos::prelude::*;

use super::dialogue_kit::esc;
use super::proposal_draft::{ProposalDraft, SectionDraft};
use crate::components::form::{FormErrors, SelectField, TextField};
use crate::i18n::{Texts, tr, use_i18n};
use crate::time;

type Word = fn(&Texts) -> &'static str;

/// One text part: its fieldset, text, confidentiality mark and reason. `criterion` names a
/// criterion's answer (shown as the legend instead of `legend`).
#[component]
fn SectionField(
    #[prop(into)] base: String,
    #[prop(into)] field: String,
    legend: Word,
    #[prop(optional)] criterion: Option<String>,
    hint: Word,
    section: SectionDraft,
    errors: FormErrors,
    #[prop(default = 8)] rows: u32,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let check_id = format!("{base}-confidential");
    let reason_id = format!("{base}-reason");
    let reason_field = format!("{field}.confidential_reason");
    let legend = match criterion {
        Some(name) => name.into_any(),
        None => (move || legend(i18n.t())).into_any(),
    };
    view! {
        <fieldset class="proposal-section" id=base.clone() data-context="">
            <legend>{legend}</legend>
            {children.map(|c| c())}
            <TextField
                id=format!("{base}-text")
                field=format!("{field}.text")
                label=|t| t.pe_text
                hint=hint
                value=section.text
                errors=errors
                rows=rows
            />
            <div class="checkbox">
                <input
                    type="checkbox"
                    id=check_id.clone()
                    prop:checked=move || section.confidential.get()
                    on:change=move |ev| section.confidential.set(event_target_checked(&ev))
                />
                <label for=check_id>{tr(|t| t.pe_confidential)}</label>
            </div>
            {move || {
                section.confidential.get().then(|| view! {
                    <div class="conditional">
                        <TextField
                            id=reason_id.clone()
                            field=reason_field.clone()
                            label=|t| t.pe_confidential_reason
                            hint=|t| t.pe_confidential_reason_hint
                            value=section.reason
                            errors=errors
                            rows=2
                        />
                    </div>
                })
            }}
        </fieldset>
    }
}

/// The form's parts, in the order of [`ProposalContent`].
#[component]
pub fn ProposalForm(draft: ProposalDraft, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let trl_options = Signal::derive(move || {
        let mut o = vec![(String::new(), i18n.t().pe_trl_choose.to_owned())];
        o.extend((1..=9).map(|n| (n.to_string(), n.to_string())));
        o
    });
    let criteria = move || {
        let list = draft.criteria.get();
        if list.is_empty() {
            return view! { <p class="muted" id="pe-criteria-none">{tr(|t| t.pe_criteria_none)}</p> }.into_any();
        }
        list.into_iter()
            .enumerate()
            .map(|(i, c)| {
                let hint: Word = if c.current {
                    |t| t.pe_criterion_hint
                } else {
                    |t| t.pe_criterion_removed
                };
                view! {
                    <SectionField
                        base=format!("pe-crit-{i}")
                        field=format!("criteria[{i}]")
                        legend=|t| t.pe_criteria_title
                        criterion=c.name
                        hint=hint
                        section=c.section
                        errors=errors
                        rows=6
                    />
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <TextField id="pe-title" field="title" label=|t| t.pe_title_label hint=|t| t.pe_title_hint value=draft.title errors=errors />
        <SectionField base="pe-summary" field="summary" legend=|t| t.pe_summary hint=|t| t.pe_summary_hint section=draft.summary errors=errors rows=5 />
        <SectionField base="pe-solution" field="solution" legend=|t| t.pe_solution hint=|t| t.pe_solution_hint section=draft.solution errors=errors rows=14 />
        <section id="pe-criteria" class="form-section" aria-labelledby="pe-criteria-title">
            <h3 id="pe-criteria-title">{tr(|t| t.pe_criteria_title)}</h3>
            <p class="hint">{tr(|t| t.pe_criteria_intro)}</p>
            {criteria}
        </section>
        <SectionField base="pe-trl-evidence" field="trl_evidence" legend=|t| t.pe_trl_section hint=|t| t.pe_trl_evidence_hint section=draft.trl_evidence errors=errors>
            <SelectField id="pe-trl" field="trl" label=|t| t.pe_trl_label hint=|t| t.pe_trl_hint value=draft.trl errors=errors options=trl_options />
        </SectionField>
        <SectionField base="pe-price" field="price" legend=|t| t.pe_price_section hint=|t| t.pe_price_hint section=draft.price errors=errors>
            <TextField
                id="pe-price-total"
                field="price_total_eur"
                label=|t| t.pe_price_total
                hint=|t| t.pe_price_total_hint
                value=draft.price_total
                errors=errors
                inputmode="numeric"
                optional=true
            />
        </SectionField>
        <SectionField base="pe-team" field="team" legend=|t| t.pe_team hint=|t| t.pe_team_hint section=draft.team errors=errors rows=6 />
    }
}

/// One part as HTML: its heading, the confidentiality mark with the reason, and the text.
fn section_html(h: &mut String, base: &str, heading: &str, s: &Section, extra: &str, t: &Texts) {
    // Criteria sit under their own heading, one level deeper.
    let level = if base.starts_with("pe-crit-") { 4 } else { 3 };
    *h += &format!(
        r#"<section class="proposal-section" id="{base}" aria-labelledby="{base}-title"><h{level} id="{base}-title">{}</h{level}>{extra}"#,
        esc(heading)
    );
    if s.confidential {
        *h += &format!(
            r#"<p id="{base}-confidential"><span class="badge status-evaluation">{}</span> {}</p>"#,
            t.pe_confidential_badge,
            esc(s.confidential_reason.as_deref().unwrap_or_default())
        );
    }
    *h += &if s.text.trim().is_empty() {
        format!(
            r#"<p class="muted" id="{base}-text">{}</p>"#,
            t.pe_not_answered
        )
    } else {
        format!(
            r#"<div class="proposal-text" id="{base}-text">{}</div>"#,
            esc(&s.text)
        )
    };
    *h += "</section>";
}

/// The whole content as HTML, for reading only.
pub fn read_only_html(c: &ProposalContent, lang: Lang, t: &Texts) -> String {
    let title = if c.title.trim().is_empty() {
        t.pe_not_answered
    } else {
        c.title.as_str()
    };
    let mut h = format!(
        r#"<p class="proposal-title"><span class="label">{}:</span> <span id="pe-title">{}</span></p>"#,
        t.pe_title_label,
        esc(title)
    );
    section_html(&mut h, "pe-summary", t.pe_summary, &c.summary, "", t);
    section_html(&mut h, "pe-solution", t.pe_solution, &c.solution, "", t);
    h += &format!(
        r#"<section id="pe-criteria" aria-labelledby="pe-criteria-title"><h3 id="pe-criteria-title">{}</h3>"#,
        t.pe_criteria_title
    );
    if c.criteria.is_empty() {
        h += &format!(r#"<p class="muted">{}</p>"#, t.pe_criteria_none);
    }
    for (i, CriterionAnswer { criterion, answer }) in c.criteria.iter().enumerate() {
        section_html(&mut h, &format!("pe-crit-{i}"), criterion, answer, "", t);
    }
    h += "</section>";
    let trl = c
        .trl
        .map_or_else(|| t.pe_not_answered.to_owned(), |n| n.to_string());
    let trl = format!(
        r#"<p><span class="label">{}:</span> <span id="pe-trl">{trl}</span></p>"#,
        t.pe_trl_label
    );
    section_html(
        &mut h,
        "pe-trl-evidence",
        t.pe_trl_section,
        &c.trl_evidence,
        &trl,
        t,
    );
    let price = c.price_total_eur.map_or_else(String::new, |n| {
        format!(
            r#"<p><span class="label">{}:</span> <span id="pe-price-total">{}</span></p>"#,
            t.pe_price_total,
            time::format_eur(n, lang)
        )
    });
    section_html(&mut h, "pe-price", t.pe_price_section, &c.price, &price, t);
    section_html(&mut h, "pe-team", t.pe_team, &c.team, "", t);
    h
}
