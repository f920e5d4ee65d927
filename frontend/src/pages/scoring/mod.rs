//! `/evaluations/proposals/:id`: an evaluator scores one assigned proposal
//! (`GET /proposals/{id}/scoresheet` → `MyScoring`).
//!
//! The header names the challenge, the lead and partners and the round, with a link to read the
//! proposal (`#sc-read-proposal`). While the sheet is an open draft: the form ([`form`]) with
//! the criterion descriptions beside it, autosave ([`saver`], `#sc-autosave`), the live total
//! (`#sc-total`) and submission ([`submit`]). Once submitted: the sheet read-only
//! (`#sc-mine`), and the other evaluators' sheets (`#sc-others`), which stay hidden until then
//! (the page says so). Reopenings by a coordinator are listed with their reasons
//! (`#sc-reopenings`).
//!
//! The other parts serve the coordinator's board and the company's feedback as well: the form
//! ([`draft`], [`form`]) is the consensus form, [`sheets`] the read-only tables.

pub mod draft;
pub mod form;
mod saver;
pub mod sheets;
mod submit;

use kehto_shared::ErrorCode;
use kehto_shared::evaluation::{EvaluationStatus, MyScoring};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use self::draft::{SheetDraft, field_id};
use self::form::{LiveTotal, SheetForm};
use self::saver::SheetSaver;
use self::sheets::{reopenings_html, sheet_html, total_text, when};
use self::submit::SubmitSheet;
use crate::api;
use crate::components::form::{ErrorSummary, FormErrors, Notice};
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{current_lang, texts, tr, use_i18n};
use crate::pages::dialogue_kit::esc;
use crate::pages::static_pages::NotFoundPage;

#[component]
pub fn ScoringPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    focus::page_title(|t| t.sc_page_title.to_owned());
    move || match id.get() {
        Some(id) => view! { <Loader id=id /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

/// Loads the sheet once (the form is never rebuilt while someone types); after submitting, the
/// answer replaces it.
#[component]
fn Loader(id: i64) -> impl IntoView {
    let data = api::load(move || Some(api::scoring::scoresheet_path(id)));
    let replaced = RwSignal::new(None::<MyScoring>);
    let notice = RwSignal::new(None::<String>);
    let on_submitted = Callback::new(move |v: MyScoring| {
        replaced.set(Some(v));
        notice.set(Some(texts(current_lang()).sc_submitted_notice.to_owned()));
        focus::focus_id("sc-flash");
    });
    let content = move || {
        if let Some(v) = replaced.get() {
            return view! { <Scoring v=v on_submitted=on_submitted /> }.into_any();
        }
        match api::read::<MyScoring>(data.get()) {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::Unauthenticated => {
                view! { <SignInRequired title=|t| t.sc_page_title /> }.into_any()
            }
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.sc_page_title)}</h1>
                <ErrorBox error=e />
                <p><a href="/evaluations">{tr(|t| t.sc_back_to_list)}</a></p>
            }
            .into_any(),
            Some(Ok(v)) => view! { <Scoring v=v on_submitted=on_submitted /> }.into_any(),
        }
    };
    view! {
        <p class="breadcrumb">
            <a href="/evaluations">
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.sc_back_to_list)}
            </a>
        </p>
        <div id="sc-flash" tabindex="-1">
            <Notice message=notice />
        </div>
        {content}
    }
}

#[component]
fn Scoring(v: MyScoring, on_submitted: Callback<MyScoring>) -> impl IntoView {
    let i18n = use_i18n();
    let lead = v.lead.clone();
    let partners = v.partners.clone();
    let heading_lead = v.lead.clone();
    let round = v.round;
    let submitted = v.mine.status == EvaluationStatus::Submitted;
    let reopenings = v.reopenings.clone();
    let reopened = move || {
        let html = reopenings_html(&reopenings, "sc-reopenings", i18n.lang(), i18n.t());
        (!html.is_empty()).then(|| {
            view! {
                <section class="my-section" aria-labelledby="sc-reopened-title">
                    <h2 id="sc-reopened-title">{tr(|t| t.sc_reopened_title)}</h2>
                    <div inner_html=html></div>
                </section>
            }
        })
    };
    let body = if v.editable {
        view! { <EditSheet v=v.clone() on_submitted=on_submitted /> }.into_any()
    } else {
        view! { <ReadSheet v=v.clone() /> }.into_any()
    };
    let others = v.others.clone();
    let assigned = v.assigned;
    let set = v.criteria_set.clone();
    let others_html = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        match &others {
            None => format!(r#"<p id="sc-others-hidden" class="info">{}</p>"#, t.sc_others_hidden),
            Some(list) if list.is_empty() => format!(
                r#"<p id="sc-others-none" class="muted">{}</p>"#,
                t.sc_others_none
                    .replace("{n}", &assigned.saturating_sub(1).to_string())
            ),
            Some(list) => list
                .iter()
                .map(|p| {
                    format!(
                        r#"<section class="peer-sheet" data-evaluator="{}" aria-labelledby="sc-peer-{0}"><h3 id="sc-peer-{0}">{}</h3><p class="q-meta">{} · {}: <strong>{}</strong></p>{}</section>"#,
                        p.evaluator_id,
                        esc(&p.display_name),
                        t.sc_submitted_at.replace("{time}", &when(p.submitted_at, lang, t)),
                        t.sc_total_label,
                        total_text(p.total, lang, t),
                        sheet_html(&p.sheet, &set, &p.display_name, t.sc_col_justification, lang, t)
                    )
                })
                .collect(),
        }
    };
    view! {
        <h1 id="sc-heading">{move || i18n.t().sc_heading.replace("{lead}", heading_lead.name(i18n.lang()))}</h1>
        <dl class="facts" id="sc-facts">
            <div class="wide">
                <dt>{tr(|t| t.challenge)}</dt>
                <dd><a id="sc-challenge-link" href=format!("/challenges/{}", v.challenge_id)>{v.challenge_title.clone()}</a></dd>
            </div>
            <div>
                <dt>{tr(|t| t.pe_lead_org)}</dt>
                <dd id="sc-lead">{move || lead.name(i18n.lang()).to_owned()}</dd>
            </div>
            <div>
                <dt>{tr(|t| t.sc_partners)}</dt>
                <dd id="sc-partners">
                    {move || {
                        let lang = i18n.lang();
                        if partners.is_empty() {
                            i18n.t().sc_no_partners.to_owned()
                        } else {
                            partners.iter().map(|p| p.name(lang)).collect::<Vec<_>>().join(", ")
                        }
                    }}
                </dd>
            </div>
            <div>
                <dt>{tr(|t| t.sc_round)}</dt>
                <dd id="sc-round">{round}</dd>
            </div>
            <div>
                <dt>{tr(|t| t.status)}</dt>
                <dd>
                    {move || {
                        let t = i18n.t();
                        let (class, label) = if submitted {
                            ("badge status-proposals_open", t.sc_status_submitted)
                        } else {
                            ("badge status-draft", t.sc_status_draft)
                        };
                        view! { <span id="sc-status" class=class>{label}</span> }
                    }}
                </dd>
            </div>
            <div>
                <dt>{tr(|t| t.sc_assigned)}</dt>
                <dd id="sc-assigned">{assigned}</dd>
            </div>
        </dl>
        <p>
            <a id="sc-read-proposal" class="button-secondary" href=format!("/proposals/{}", v.proposal_id)>
                {tr(|t| t.sc_read_proposal)}
            </a>
        </p>
        {reopened}
        {body}
        <section id="sc-others" class="my-section" aria-labelledby="sc-others-title">
            <h2 id="sc-others-title">{tr(|t| t.sc_others_title)}</h2>
            <div inner_html=others_html></div>
        </section>
    }
}

/// The open draft: autosave, the form, the live total and submission.
#[component]
fn EditSheet(v: MyScoring, on_submitted: Callback<MyScoring>) -> impl IntoView {
    let draft = SheetDraft::new(&v.mine.sheet, &v.criteria_set);
    let errors = FormErrors::new("errors", field_id).with_prefix("sc-".to_owned());
    let saver = SheetSaver::new(v.proposal_id, draft, errors, &v);
    saver.guard_leaving();
    view! {
        <section id="sc-scores" class="my-section" aria-labelledby="sc-form-title">
            <h2 id="sc-form-title">{tr(|t| t.sc_form_title)}</h2>
            <p class="hint" id="sc-intro">{tr(|t| t.sc_intro)}</p>
            {saver.view()}
            <ErrorSummary errors=errors />
            <form
                id="sc-form"
                class="editor sheet-form"
                novalidate
                aria-labelledby="sc-form-title"
                on:input=move |_| saver.edited()
                on:change=move |_| saver.edited()
                on:focusout=move |_| saver.flush()
                on:submit=move |ev| {
                    ev.prevent_default();
                    saver.flush();
                }
            >
                <SheetForm draft=draft errors=errors level=2 />
            </form>
            <LiveTotal draft=draft id="sc-total" />
        </section>
        <SubmitSheet proposal_id=v.proposal_id draft=draft saver=saver errors=errors on_submitted=on_submitted />
    }
}

/// The caller's submitted (or otherwise closed) sheet.
#[component]
fn ReadSheet(v: MyScoring) -> impl IntoView {
    let i18n = use_i18n();
    let html = move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        let state = match v.mine.submitted_at {
            Some(at) => t.sc_submitted_at.replace("{time}", &when(at, lang, t)),
            None => t.sc_not_editable.to_owned(),
        };
        format!(
            r#"<p class="q-meta" id="sc-mine-state">{state}</p><p id="sc-mine-total"><span class="label">{}:</span> {}</p>{}"#,
            t.sc_total_label,
            total_text(v.mine.total, lang, t),
            sheet_html(
                &v.mine.sheet,
                &v.criteria_set,
                t.sc_mine_title,
                t.sc_col_justification,
                lang,
                t
            )
        )
    };
    view! {
        <section id="sc-mine" class="my-section" aria-labelledby="sc-mine-title">
            <h2 id="sc-mine-title">{tr(|t| t.sc_mine_title)}</h2>
            <p class="info">{tr(|t| t.sc_locked_info)}</p>
            <div inner_html=html></div>
        </section>
    }
}
