//! Staying informed about a board search: the Atom feed of the current filters
//! (`a#board-feed`) for everyone, and for signed-in users "Save this search"
//! (`input#saved-search-name`, `button#board-save-search`), which notifies them of new
//! challenges matching the search shown (the words, region, theme and model in the URL).

use kehto_shared::challenge::{CooperationModel, Theme};
use kehto_shared::error::FieldCode;
use kehto_shared::notifications::SavedSearchInput;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::board_query::BoardState;
use crate::api;
use crate::components::form::{
    ErrorSummary, FormErrors, Notice, Problem, Shown, TextField, described_by,
};
use crate::i18n::{Texts, tr, use_i18n};
use crate::session::use_session;

fn to_input(name: &str, st: &BoardState) -> SavedSearchInput {
    let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    SavedSearchInput {
        name: name.trim().to_owned(),
        region: opt(&st.region),
        theme: Theme::from_code(&st.theme),
        model: CooperationModel::from_code(&st.model),
        q: opt(&st.q),
        ..SavedSearchInput::default()
    }
}

/// "No criteria" is reported on `q`; say what it means here.
fn explain(errors: Vec<kehto_shared::FieldError>) -> Vec<Shown> {
    errors
        .into_iter()
        .map(|e| Shown {
            problem: if e.field == "q" && e.code == FieldCode::Required {
                Problem::Text(|t: &Texts| t.save_search_needs_filter)
            } else {
                Problem::Code(e.code, e.limit)
            },
            field: e.field,
        })
        .collect()
}

#[component]
pub fn BoardFollow(#[prop(into)] state: Signal<BoardState>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let feed = move || {
        let st = state.get();
        let lang = i18n.lang().code();
        api::board_feed_href(&[
            ("q", &st.q),
            ("region", &st.region),
            ("theme", &st.theme),
            ("model", &st.model),
            ("status", &st.status),
            ("lang", lang),
        ])
    };
    view! {
        <div class="board-follow">
            {move || session.signed_in().then(|| view! { <SaveSearch state=state /> })}
            <p class="feed-link">
                <a id="board-feed" type="application/atom+xml" href=feed>{tr(|t| t.board_feed)}</a>
            </p>
        </div>
    }
}

#[component]
fn SaveSearch(state: Signal<BoardState>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new("saved-search-errors", |f| {
        match f {
            "q" => "board-q",
            "region" => "board-region",
            "theme" => "board-theme",
            "model" => "board-model",
            _ => "saved-search-name",
        }
        .to_owned()
    });
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = to_input(&name.get_untracked(), &state.get_untracked());
        if let Err(fields) = input.validate() {
            return errors.show_shown(explain(fields));
        }
        errors.clear();
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = api::create_saved_search(&input).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    name.set(String::new());
                    let t = i18n.t_untracked();
                    notice.set(Some(t.search_saved.replace("{name}", &saved.input.name)));
                }
                Err(e) if e.error.fields.iter().any(|f| f.field == "q") => {
                    errors.show_shown(explain(e.error.fields))
                }
                Err(e) => errors.show_api(&e),
            }
        });
    };
    view! {
        <form id="save-search-form" class="save-search" novalidate aria-labelledby="save-search-title" on:submit=submit>
            <h2 id="save-search-title" class="small-heading">{tr(|t| t.save_search_title)}</h2>
            <p class="hint" id="save-search-hint">{tr(|t| t.save_search_hint)}</p>
            <ErrorSummary errors=errors level=3 />
            <div class="inline-form">
                <TextField
                    id="saved-search-name"
                    field="name"
                    label=|t| t.saved_search_name
                    value=name
                    errors=errors
                    autocomplete="off"
                />
                <button id="board-save-search" type="submit" class="button-secondary" aria-describedby=described_by("save-search", true, false) disabled=move || busy.get()>
                    {tr(|t| t.save_search)}
                </button>
            </div>
            <Notice message=notice />
            <p class="my-searches-link">
                <a href="/my/dialogue#my-searches">{tr(|t| t.your_saved_searches)}</a>
            </p>
        </form>
    }
}
