//! The board's search form: free text, filters and the sort order.

use kehto_shared::challenge::{BoardSort, ChallengeStatus, CooperationModel, Theme};
use kehto_shared::org::OrgRef;
use kehto_shared::regions::REGIONS;
use leptos::prelude::*;

use super::board_query::FilterForm;
use crate::api;
use crate::i18n::{Texts, tr, use_i18n};
use crate::session::use_session;

/// A region's stable code (used in board URLs).
pub fn region_code(r: &OrgRef) -> Option<&str> {
    r.region_code.as_deref()
}

/// A filter `<select>` whose first option means "any".
#[component]
fn FilterSelect(
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    any: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || label(i18n.t())}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    let first = view! { <option value="" selected=current.is_empty()>{any(i18n.t())}</option> };
                    let rest = options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view();
                    (first, rest)
                }}
            </select>
        </div>
    }
}

#[component]
pub fn BoardFilters(
    form: FilterForm,
    regions: LocalResource<api::Text>,
    on_search: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let region_options = Signal::derive(move || {
        let lang = i18n.lang();
        match api::read::<Vec<OrgRef>>(regions.get()) {
            Some(Ok(list)) => list
                .iter()
                .filter_map(|r| region_code(r).map(|c| (c.to_owned(), r.name(lang).to_owned())))
                .collect::<Vec<_>>(),
            _ => REGIONS
                .iter()
                .map(|r| {
                    let name = match lang {
                        kehto_shared::Lang::Fi => r.name_fi,
                        kehto_shared::Lang::Sv => r.name_sv,
                        kehto_shared::Lang::En => r.name_en,
                    };
                    (r.code.to_owned(), name.to_owned())
                })
                .collect(),
        }
    });
    let status_options = Signal::derive(move || {
        let lang = i18n.lang();
        let drafts = form.drafts.get();
        ChallengeStatus::ALL
            .into_iter()
            .filter(|s| drafts || *s != ChallengeStatus::Draft)
            .map(|s| (s.code().to_owned(), s.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let theme_options = Signal::derive(move || {
        let lang = i18n.lang();
        Theme::ALL
            .into_iter()
            .map(|t| (t.code().to_owned(), t.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    let model_options = Signal::derive(move || {
        let lang = i18n.lang();
        CooperationModel::ALL
            .into_iter()
            .map(|m| (m.code().to_owned(), m.label(lang).to_owned()))
            .collect::<Vec<_>>()
    });
    // Open when the page was reached with filters on (a shared link, the back button).
    let filters_open = [
        form.region,
        form.status,
        form.theme,
        form.model,
        form.trl,
        form.after,
        form.before,
    ]
    .iter()
    .any(|s| !s.get_untracked().is_empty())
        || form.drafts.get_untracked();
    let trl_options = Signal::derive(|| {
        (1..=9)
            .map(|n| (n.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <form
            id="board-form"
            class="board-search"
            role="search"
            aria-label=tr(|t| t.search_challenges)
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                on_search.run(());
            }
        >
            <div class="field search-field">
                <label for="board-q">{tr(|t| t.search_label)}</label>
                <p class="hint" id="board-q-hint">{tr(|t| t.search_hint)}</p>
                <div class="search-row">
                    <input
                        type="search"
                        id="board-q"
                        name="q"
                        aria-describedby="board-q-hint"
                        prop:value=move || form.q.get()
                        on:input=move |ev| form.q.set(event_target_value(&ev))
                    />
                    <button type="submit" id="board-search">{tr(|t| t.search_button)}</button>
                </div>
            </div>
            <details class="filters" open=filters_open>
            <summary>{tr(|t| t.filters)}</summary>
            <fieldset>
                <legend class="visually-hidden">{tr(|t| t.filters)}</legend>
                <div class="filter-grid">
                    <FilterSelect id="board-region" label=|t| t.region any=|t| t.all_regions value=form.region options=region_options />
                    <FilterSelect id="board-status" label=|t| t.status any=|t| t.all_statuses value=form.status options=status_options />
                    <FilterSelect id="board-theme" label=|t| t.theme any=|t| t.all_themes value=form.theme options=theme_options />
                    <FilterSelect id="board-model" label=|t| t.cooperation_model any=|t| t.all_models value=form.model options=model_options />
                    <FilterSelect id="board-trl" label=|t| t.trl_filter any=|t| t.any_trl value=form.trl options=trl_options />
                    <div class="field">
                        <label for="board-after">{tr(|t| t.deadline_after)}</label>
                        <input
                            type="date"
                            id="board-after"
                            prop:value=move || form.after.get()
                            on:input=move |ev| form.after.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="board-before">{tr(|t| t.deadline_before)}</label>
                        <input
                            type="date"
                            id="board-before"
                            prop:value=move || form.before.get()
                            on:input=move |ev| form.before.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                {move || {
                    session.is_coordinator().then(|| view! {
                        <div class="checkbox">
                            <input
                                type="checkbox"
                                id="board-drafts"
                                prop:checked=move || form.drafts.get()
                                on:change=move |ev| form.drafts.set(event_target_checked(&ev))
                            />
                            <label for="board-drafts">{tr(|t| t.include_drafts)}</label>
                        </div>
                    })
                }}
                <div class="actions">
                    <button type="submit" id="board-apply" class="button-secondary">{tr(|t| t.apply_filters)}</button>
                    <a href="/" class="clear-link">{tr(|t| t.clear_filters)}</a>
                </div>
            </fieldset>
            </details>
        </form>
    }
}

/// The sort order, applied as soon as it changes (it only reorders the results).
#[component]
pub fn SortSelect(value: RwSignal<String>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field sort-field">
            <label for="board-sort">{tr(|t| t.sort_by)}</label>
            <select
                id="board-sort"
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    on_change.run(());
                }
            >
                {move || {
                    let t = i18n.t();
                    let current = value.get();
                    BoardSort::ALL
                        .into_iter()
                        .map(|s| {
                            let label = match s {
                                BoardSort::Relevance => t.sort_relevance,
                                BoardSort::Newest => t.sort_newest,
                                BoardSort::Deadline => t.sort_deadline,
                                BoardSort::Title => t.sort_title,
                            };
                            let selected = current == s.code() || (current.is_empty() && s == BoardSort::Relevance);
                            view! { <option value=s.code() selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
