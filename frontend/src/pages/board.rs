//! `/`: the public challenge board. Search, filters, sort and page all live in the URL query.

use kehto_shared::challenge::ChallengeSummary;
use kehto_shared::page::Page;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::board_filters::{BoardFilters, SortSelect};
use super::board_query::{BoardState, FilterForm};
use super::board_save::BoardFollow;
use crate::api;
use crate::components::card::ChallengeCard;
use crate::components::widgets::{ErrorBox, Loading, Pagination};
use crate::focus;
use crate::i18n::{tr, use_i18n};
use crate::time;

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    focus::page_title(|t| t.board_title.to_owned());

    let state = Memo::new(move |_| query.with(BoardState::from_params));
    let form = FilterForm::new();
    form.load(&state.get_untracked());
    // Back/forward and shared links change the URL: show what it says in the form.
    Effect::new(move |_| form.load(&state.get()));

    let regions = api::load(|| Some("/regions".to_owned()));
    let found = api::load(move || Some(api::challenges_path(&state.get().to_query(i18n.lang()))));
    let results = move || api::read::<Page<ChallengeSummary>>(found.get());

    let search = {
        let navigate = navigate.clone();
        Callback::new(move |()| navigate(&form.state().href(), NavigateOptions::default()))
    };

    view! {
        <h1>{tr(|t| t.board_title)}</h1>
        <p class="lead">{tr(|t| t.board_intro)}</p>
        <BoardFilters form=form regions=regions on_search=search />
        <BoardFollow state=state />
        <div class="results-head">
            <p id="board-count" class="result-count" role="status" aria-live="polite">
                {move || results().and_then(Result::ok).map(|p| count_text(&p, i18n.t()))}
            </p>
            <SortSelect value=form.sort on_change=search />
        </div>
        {move || match results() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(page)) => view! { <Results page=page state=state.get() /> }.into_any(),
        }}
    }
}

fn count_text(page: &Page<ChallengeSummary>, t: &crate::i18n::Texts) -> String {
    match page.meta.total {
        0 => t.results_none.to_owned(),
        1 => t.results_one.to_owned(),
        n => t.results_many.replace("{n}", &n.to_string()),
    }
}

#[component]
fn Results(page: Page<ChallengeSummary>, state: BoardState) -> impl IntoView {
    let now = time::now_utc();
    let pages = page.meta.page_count().max(1);
    let current = page.meta.page;
    let empty = page.items.is_empty();
    let cards = page
        .items
        .into_iter()
        .map(|c| view! { <li><ChallengeCard challenge=c now=now /></li> })
        .collect_view();
    let prev = (current > 1).then(|| state.with_page(current - 1).href());
    let next = (current < pages).then(|| state.with_page(current + 1).href());
    view! {
        <ol id="board-results" class="card-list">{cards}</ol>
        {empty.then(|| view! {
            <div class="empty-state">
                <p>
                    <strong>{tr(|t| t.no_results_title)}</strong>
                </p>
                <p>{tr(|t| t.no_results_help)}</p>
            </div>
        })}
        {(!empty && pages > 1).then(|| view! { <Pagination id="board-pages" current=current pages=pages prev=prev next=next /> })}
    }
}
