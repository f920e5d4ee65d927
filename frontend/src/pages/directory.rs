//! `/directory`: the public directory of companies and research organisations that published
//! their profile (`GET /directory`). The search words, filters and page live in the URL
//! (`/directory?q=…&theme=…&page=2`) like the board's, so a search can be shared and the back
//! button works. Result cards are HTML text linking to `/organisations/:id`.

use kehto_shared::Lang;
use kehto_shared::challenge::Theme;
use kehto_shared::org::OrgKind;
use kehto_shared::page::Page;
use kehto_shared::profile::{Capability, DirectoryEntry, SizeClass};
use kehto_shared::regions::region_by_code;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use super::dialogue_kit::esc;
use super::profile_offerings::{
    Choices, capability_choices, lang_choices, options, region_choices, theme_choices,
};
use super::profile_page::{fact, langs_text, regions_text};
use crate::api;
use crate::api::profiles::{directory_path, with_query};
use crate::components::form::{FormErrors, SelectField};
use crate::components::widgets::{ErrorBox, Loading, Pagination};
use crate::focus;
use crate::i18n::{Texts, tr, use_i18n};

/// The URL's parameters, in `DirectoryQuery`'s names; the first is the search words.
const KEYS: [&str; 7] = ["q", "theme", "capability", "region", "size", "lang", "kind"];

fn size_choices(lang: Lang) -> Vec<(&'static str, &'static str)> {
    SizeClass::ALL
        .iter()
        .map(|s| (s.code(), s.label(lang)))
        .collect()
}

fn kind_choices(lang: Lang) -> Vec<(&'static str, &'static str)> {
    [OrgKind::Company, OrgKind::Research]
        .iter()
        .map(|k| (k.code(), k.label(lang)))
        .collect()
}

/// Whether `v` is a value the API accepts for `KEYS[i]` (a hand-edited URL may say anything).
fn valid(i: usize, v: &str) -> bool {
    match i {
        0 => true,
        1 => Theme::from_code(v).is_some(),
        2 => Capability::from_code(v).is_some(),
        3 => region_by_code(v).is_some(),
        4 => SizeClass::from_code(v).is_some(),
        5 => Lang::ALL.iter().any(|l| l.code() == v),
        _ => matches!(v, "company" | "research"),
    }
}

/// What the directory's URL says; empty strings mean "not set".
#[derive(Clone, Default, PartialEq)]
struct DirState {
    values: [String; 7],
    page: u32,
}

impl DirState {
    fn from_params(p: &ParamsMap) -> Self {
        DirState {
            values: KEYS.map(|k| p.get(k).unwrap_or_default().trim().to_owned()),
            page: p
                .get("page")
                .and_then(|s| s.parse().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1),
        }
    }

    /// The parameters, with the page when it is not the first.
    fn params(&self, page: u32, api: bool) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = KEYS
            .iter()
            .zip(&self.values)
            .enumerate()
            .filter(|(i, (_, v))| !api || valid(*i, v))
            .map(|(_, (k, v))| (*k, v.chars().take(200).collect()))
            .collect();
        if page > 1 {
            out.push(("page", page.min(100_000).to_string()));
        }
        out
    }

    fn href(&self, page: u32) -> String {
        let p = self.params(page, false);
        let pairs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
        with_query("/directory", &pairs)
    }

    fn api_path(&self) -> String {
        let p = self.params(self.page, true);
        let pairs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
        directory_path(&pairs)
    }
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    focus::page_title(|t| t.dir_title.to_owned());

    let state = Memo::new(move |_| query.with(DirState::from_params));
    let form: [RwSignal<String>; 7] =
        std::array::from_fn(|i| RwSignal::new(state.with_untracked(|s| s.values[i].clone())));
    // Back/forward and shared links change the URL: show what it says in the form.
    Effect::new(move |_| {
        let st = state.get();
        for (s, v) in form.iter().zip(st.values) {
            s.set(v);
        }
    });
    let found = api::load(move || Some(state.get().api_path()));
    let results = move || api::read::<Page<DirectoryEntry>>(found.get());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let st = DirState {
            values: form.map(|s| s.get_untracked()),
            page: 1,
        };
        navigate(&st.href(1), NavigateOptions::default());
    };
    let filters_open = state.with_untracked(|s| s.values[1..].iter().any(|v| !v.is_empty()));
    // The filters never fail validation (only known values are sent), but the shared field
    // component wants an error state.
    let errors = FormErrors::new("directory-errors", |f| format!("directory-{f}"));
    let filter = move |i: usize,
                       label: fn(&Texts) -> &'static str,
                       any: fn(&Texts) -> &'static str,
                       choices: Choices| {
        let opts = Signal::derive(move || options(Some(any(i18n.t())), choices(i18n.lang())));
        view! {
            <SelectField id=format!("directory-{}", KEYS[i]) field=KEYS[i] label=label value=form[i] errors=errors options=opts />
        }
    };

    view! {
        <h1>{tr(|t| t.dir_title)}</h1>
        <p class="lead">{tr(|t| t.dir_intro)}</p>
        <form
            id="directory-form"
            class="board-search"
            role="search"
            aria-label=tr(|t| t.dir_search)
            novalidate
            on:submit=submit
        >
            <div class="field search-field">
                <label for="directory-q">{tr(|t| t.dir_search_label)}</label>
                <p class="hint" id="directory-q-hint">{tr(|t| t.dir_search_hint)}</p>
                <div class="search-row">
                    <input
                        type="search"
                        id="directory-q"
                        name="q"
                        aria-describedby="directory-q-hint"
                        prop:value=move || form[0].get()
                        on:input=move |ev| form[0].set(event_target_value(&ev))
                    />
                    <button type="submit" id="directory-search">{tr(|t| t.search_button)}</button>
                </div>
            </div>
            <details class="filters" open=filters_open>
                <summary>{tr(|t| t.filters)}</summary>
                <fieldset>
                    <legend class="visually-hidden">{tr(|t| t.filters)}</legend>
                    <div class="filter-grid">
                        {filter(1, |t| t.theme, |t| t.all_themes, theme_choices)}
                        {filter(2, |t| t.pf_capabilities, |t| t.dir_all_capabilities, capability_choices)}
                        {filter(3, |t| t.pf_regions_served, |t| t.all_regions, region_choices)}
                        {filter(4, |t| t.pf_size, |t| t.dir_all_sizes, size_choices)}
                        {filter(5, |t| t.dir_lang, |t| t.dir_all_languages, lang_choices)}
                        {filter(6, |t| t.org_kind, |t| t.dir_all_kinds, kind_choices)}
                    </div>
                    <div class="actions">
                        <button type="submit" id="directory-apply" class="button-secondary">{tr(|t| t.apply_filters)}</button>
                        <a href="/directory" class="clear-link">{tr(|t| t.clear_filters)}</a>
                    </div>
                </fieldset>
            </details>
        </form>
        <div class="results-head">
            <p id="directory-count" class="result-count" role="status" aria-live="polite">
                {move || results().and_then(Result::ok).map(|p| count_text(p.meta.total, i18n.t()))}
            </p>
        </div>
        {move || match results() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(page)) => view! { <Results page=page state=state.get_untracked() /> }.into_any(),
        }}
    }
}

fn count_text(total: u64, t: &Texts) -> String {
    match total {
        0 => t.dir_results_none.to_owned(),
        1 => t.dir_results_one.to_owned(),
        n => t.dir_results_many.replace("{n}", &n.to_string()),
    }
}

/// One organisation's card as HTML text.
fn card_html(out: &mut String, e: &DirectoryEntry, lang: Lang, t: &Texts) {
    let id = e.org.id;
    out.push_str(&format!(
        r#"<li><article class="card" aria-labelledby="org-card-{id}"><div class="card-head"><h2 id="org-card-{id}"><a href="/organisations/{id}">{}</a></h2><span class="badge kind-badge">{}</span></div>"#,
        esc(&e.name),
        esc(e.org.kind.label(lang))
    ));
    if !e.summary.trim().is_empty() {
        out.push_str(&format!(
            r#"<p class="card-summary">{}</p>"#,
            esc(&e.summary)
        ));
    }
    out.push_str(r#"<dl class="facts">"#);
    let themes: Vec<&str> = e.themes.iter().map(|x| x.label(lang)).collect();
    fact(out, t.themes, &esc(&themes.join(", ")), true);
    let caps: Vec<&str> = e.capabilities.iter().map(|x| x.label(lang)).collect();
    fact(out, t.pf_capabilities, &esc(&caps.join(", ")), true);
    let offerings: Vec<String> = e
        .offerings
        .iter()
        .map(|o| format!("{} (TRL {})", o.name, o.trl))
        .collect();
    fact(out, t.pf_offerings, &esc(&offerings.join(", ")), true);
    if e.serves_all_finland || !e.regions_served.is_empty() {
        let regions: &[String] = if e.serves_all_finland {
            &[]
        } else {
            &e.regions_served
        };
        fact(
            out,
            t.pf_regions_served,
            &esc(&regions_text(regions, lang, t)),
            false,
        );
    }
    if let Some(s) = e.size_class {
        fact(out, t.pf_size, &esc(s.label(lang)), false);
    }
    fact(out, t.pf_langs, &esc(&langs_text(&e.languages)), false);
    out.push_str("</dl></article></li>");
}

#[component]
fn Results(page: Page<DirectoryEntry>, state: DirState) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page.meta.page_count().max(1);
    let current = page.meta.page;
    let empty = page.items.is_empty();
    let prev = (current > 1).then(|| state.href(current - 1));
    let next = (current < pages).then(|| state.href(current + 1));
    let items = page.items;
    let cards = move || {
        let (lang, t) = (i18n.lang(), i18n.t());
        let mut out = String::new();
        for e in &items {
            card_html(&mut out, e, lang, t);
        }
        out
    };
    view! {
        <ol id="directory-results" class="card-list" inner_html=cards></ol>
        {empty.then(|| view! {
            <div id="directory-empty" class="empty-state">
                <p>
                    <strong>{tr(|t| t.dir_empty_title)}</strong>
                </p>
                <p>{tr(|t| t.no_results_help)}</p>
            </div>
        })}
        {(!empty && pages > 1).then(|| view! { <Pagination id="directory-pages" current=current pages=pages prev=prev next=next /> })}
    }
}
