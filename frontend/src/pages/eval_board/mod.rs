//! `/challenges/:id/evaluation/board`: the coordinator's evaluation board of one round
//! (`GET /challenges/{id}/evaluation-board[?round=N]`, the round also in the page's own
//! `?round=`).
//!
//! From the top: the rounds (`nav#eb-rounds`), the round's state (`#eb-summary`), progress per
//! evaluator as a table and a bar chart ([`progress`]), each proposal with its evaluations,
//! statistics, score distribution chart, consensus and decision ([`proposal`],
//! [`proposal_html`], [`forms`], [`reopen`], [`chart`]), the ranking with its tie rules and the optional normalised view ([`ranking`]),
//! publishing the decisions ([`publish`]) and the exports.
//!
//! The board is loaded again after every change; what is typed into the forms is kept per round
//! and proposal ([`forms::ProposalForms`]) so that nothing typed elsewhere is lost, and focus
//! goes to the status line of the form that changed.

mod chart;
mod forms;
mod progress;
mod proposal;
mod proposal_html;
mod publish;
mod ranking;
mod reopen;
mod status;

use kehto_shared::evaluation::{BoardProposal, CriteriaSet, EvaluationBoard, RoundStatus};
use kehto_shared::{ApiError, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};

use self::forms::ProposalForms;
use self::status::Outcome;
use crate::api;
use crate::components::widgets::{ErrorBox, Loading, SignInRequired};
use crate::focus;
use crate::i18n::{tr, use_i18n};

/// What the board's parts share: the challenge, reloading, the page's status line, the forms'
/// state and the normalised view's switch.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    pub challenge_id: i64,
    round: Memo<Option<u32>>,
    shown: RwSignal<Option<Result<EvaluationBoard, ApiError>>>,
    generation: StoredValue<u32>,
    owner: StoredValue<Option<Owner>>,
    forms: StoredValue<Vec<((u32, i64), ProposalForms)>>,
    pub status: Outcome,
    pub normalised: RwSignal<bool>,
}

impl BoardCtx {
    /// Loads the board (again); then focuses `focus_after`, if any.
    pub fn reload(self, focus_after: Option<String>) {
        let Some(g) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let path = api::scoring::board_path(self.challenge_id, self.round.get_untracked());
        spawn_local(async move {
            let result = api::fetch(path).await;
            if self.generation.try_get_value() != Some(g) {
                return;
            }
            self.shown.set(api::read::<EvaluationBoard>(Some(result)));
            if let Some(id) = focus_after {
                focus::focus_id(&id);
            }
        });
    }

    /// The forms of a proposal in a round, made once and kept.
    pub fn forms(self, round: u32, p: &BoardProposal, set: &CriteriaSet) -> ProposalForms {
        let key = (round, p.proposal_id);
        if let Some(f) = self
            .forms
            .with_value(|list| list.iter().find(|(k, _)| *k == key).map(|(_, f)| *f))
        {
            return f;
        }
        let make = || ProposalForms::new(p, set);
        let f = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.forms.update_value(|list| list.push((key, f)));
        f
    }
}

#[component]
pub fn EvaluationBoardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|s| s.parse::<i64>().ok())
    });
    let round = Memo::new(move |_| {
        query
            .with(|q| q.get("round"))
            .and_then(|s| s.parse::<u32>().ok())
    });
    focus::page_title(|t| t.eb_page_title.to_owned());
    move || match id.get() {
        Some(challenge_id) => view! { <Board challenge_id=challenge_id round=round /> }.into_any(),
        None => view! { <crate::pages::static_pages::NotFoundPage /> }.into_any(),
    }
}

#[component]
fn Board(challenge_id: i64, round: Memo<Option<u32>>) -> impl IntoView {
    let ctx = BoardCtx {
        challenge_id,
        round,
        shown: RwSignal::new(None),
        generation: StoredValue::new(0),
        owner: StoredValue::new(Owner::current()),
        forms: StoredValue::new(Vec::new()),
        status: Outcome::new(),
        normalised: RwSignal::new(false),
    };
    Effect::new(move |_| {
        round.track();
        ctx.reload(None);
    });
    let back = format!("/challenges/{challenge_id}");
    view! {
        <p class="breadcrumb no-print">
            <a href=back>
                <span aria-hidden="true">"← "</span>
                {tr(|t| t.back_to_challenge)}
            </a>
        </p>
        {move || match ctx.shown.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) if e.error.code == ErrorCode::Unauthenticated => {
                view! { <SignInRequired title=|t| t.eb_page_title /> }.into_any()
            }
            Some(Err(e)) => view! {
                <h1>{tr(|t| t.eb_page_title)}</h1>
                <ErrorBox error=e />
            }
            .into_any(),
            Some(Ok(b)) => view! { <BoardView ctx=ctx b=b /> }.into_any(),
        }}
    }
}

#[component]
fn BoardView(ctx: BoardCtx, b: EvaluationBoard) -> impl IntoView {
    let i18n = use_i18n();
    let id = b.challenge_id;
    let title = b.challenge_title.clone();
    let links = view! {
        <ul class="inline-links no-print" id="eb-links">
            <li><a href=format!("/challenges/{id}/evaluation")>{tr(|t| t.eb_link_panel)}</a></li>
            <li><a href=format!("/challenges/{id}/evaluation/criteria")>{tr(|t| t.eb_link_criteria)}</a></li>
        </ul>
    };
    let heading = view! {
        <h1 id="eb-heading">{move || i18n.t().eb_heading.replace("{challenge}", &title)}</h1>
    };
    let status = ctx.status.view("eb-status".to_owned());
    if b.sealed {
        return view! {
            {heading}
            {links}
            {status}
            <p class="info" id="eb-sealed">{tr(|t| t.eb_sealed)}</p>
        }
        .into_any();
    }
    let Some(set) = b.criteria_set.clone() else {
        return view! {
            {heading}
            {links}
            {status}
            <p class="info" id="eb-no-criteria">{tr(|t| t.eb_no_criteria)}</p>
        }
        .into_any();
    };
    let round = b.round;
    let open = b
        .rounds
        .iter()
        .find(|r| r.number == round)
        .is_none_or(|r| r.status == RoundStatus::Open);
    let rounds = b.rounds.clone();
    let nav = (rounds.len() > 1).then(|| {
        let items = rounds
            .into_iter()
            .map(|r| {
                let href = format!("/challenges/{id}/evaluation/board?round={}", r.number);
                let current = (r.number == round).then_some("page");
                let published = r.status == RoundStatus::Published;
                view! {
                    <li>
                        <a href=href aria-current=current>
                            {move || i18n.t().eb_round_n.replace("{n}", &r.number.to_string())}
                            {published.then(|| view! { " "<span class="badge status-decided">{tr(|t| t.eb_round_published)}</span> })}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav id="eb-rounds" class="round-tabs no-print" aria-label=tr(|t| t.eb_rounds_label)>
                <ul>{items}</ul>
            </nav>
        }
    });
    let summary = {
        let b = b.clone();
        move || {
            let t = i18n.t();
            let r = b.rounds.iter().find(|r| r.number == round);
            let state = match r.map(|r| r.status) {
                Some(RoundStatus::Published) => t.eb_round_state_published,
                _ => t.eb_round_state_open,
            };
            let published_at = r
                .and_then(|r| r.published_at)
                .map(|at| crate::time::format_helsinki(at, i18n.lang(), false, t));
            view! {
                <dl id="eb-summary" class="facts">
                    <div><dt>{t.eb_round}</dt><dd>{round}" – "{state}{published_at.map(|p| format!(" ({p})"))}</dd></div>
                    <div><dt>{t.eb_proposals_count}</dt><dd class="count-value">{b.proposals.len()}</dd></div>
                    <div><dt>{t.eb_missing}</dt><dd class="count-value">{b.missing_evaluations}</dd></div>
                </dl>
            }
        }
    };
    let proposals = b
        .proposals
        .iter()
        .map(|p| {
            let forms = ctx.forms(round, p, &set);
            view! { <proposal::ProposalPanel ctx=ctx p=p.clone() set=set.clone() forms=forms open=open /> }
        })
        .collect_view();
    let empty = b.proposals.is_empty().then(|| {
        view! { <p class="empty-state" id="eb-no-proposals">{tr(|t| t.eb_no_proposals)}</p> }
    });
    view! {
        {heading}
        {links}
        {nav}
        {summary}
        {status}
        <progress::Progress list=b.progress.clone() />
        <section id="eb-proposals" class="my-section" aria-labelledby="eb-proposals-title">
            <h2 id="eb-proposals-title">{tr(|t| t.eb_proposals_title)}</h2>
            {empty}
            {proposals}
        </section>
        <ranking::RankingSection ctx=ctx b=b.clone() set=set.clone() />
        <publish::Publish ctx=ctx b=b.clone() open=open />
        <Exports challenge_id=id />
    }
    .into_any()
}

/// Links to the evaluation table as CSV and XLSX and to the printable report in the current
/// language (`#eb-exports`).
#[component]
fn Exports(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let csv = api::scoring::export_href(challenge_id, "csv");
    let xlsx = api::scoring::export_href(challenge_id, "xlsx");
    let report = move || api::scoring::report_href(challenge_id, i18n.lang().code());
    view! {
        <section id="eb-exports" class="my-section no-print" aria-labelledby="eb-exports-title">
            <h2 id="eb-exports-title">{tr(|t| t.eb_exports_title)}</h2>
            <ul class="links">
                <li><a id="eb-export-csv" href=csv download="">{tr(|t| t.eb_export_csv)}</a></li>
                <li><a id="eb-export-xlsx" href=xlsx download="">{tr(|t| t.eb_export_xlsx)}</a></li>
                <li><a id="eb-report" href=report rel="external">{tr(|t| t.eb_report)}</a></li>
            </ul>
        </section>
    }
}
