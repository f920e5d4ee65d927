//! The board's state as it lives in the page URL (`/?q=…&region=…&page=2`), so every search is
//! shareable and the back button works, and its translation into the API's [`BoardQuery`].

use kehto_shared::Lang;
use kehto_shared::challenge::{BoardQuery, BoardSort, ChallengeStatus, CooperationModel, Theme};
use kehto_shared::page::PageMeta;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::time;

/// Everything the board's URL can say; empty strings mean "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardState {
    pub q: String,
    pub region: String,
    pub status: String,
    pub theme: String,
    pub model: String,
    pub trl: String,
    /// `YYYY-MM-DD`: proposal deadline on or after this Helsinki day.
    pub after: String,
    /// `YYYY-MM-DD`: proposal deadline on or before this Helsinki day.
    pub before: String,
    pub sort: String,
    pub page: u32,
    /// Coordinators: include their regions' drafts.
    pub drafts: bool,
}

impl BoardState {
    pub fn from_params(p: &ParamsMap) -> Self {
        let s = |k: &str| p.get(k).unwrap_or_default().trim().to_owned();
        BoardState {
            q: p.get("q").unwrap_or_default(),
            region: s("region"),
            status: s("status"),
            theme: s("theme"),
            model: s("model"),
            trl: s("trl"),
            after: s("after"),
            before: s("before"),
            sort: s("sort"),
            page: s("page").parse().ok().filter(|n| *n >= 1).unwrap_or(1),
            drafts: s("drafts") == "1",
        }
    }

    /// The board URL for this state; page 1 and empty values are left out.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", self.q.trim()),
            ("region", &self.region),
            ("status", &self.status),
            ("theme", &self.theme),
            ("model", &self.model),
            ("trl", &self.trl),
            ("after", &self.after),
            ("before", &self.before),
            ("sort", &self.sort),
        ] {
            if !v.is_empty() {
                parts.push(format!(
                    "{k}={}",
                    String::from(js_sys::encode_uri_component(v))
                ));
            }
        }
        if self.drafts {
            parts.push("drafts=1".to_owned());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        BoardState {
            page,
            ..self.clone()
        }
    }

    /// The API query; unknown values in a hand-edited URL are ignored.
    pub fn to_query(&self, lang: Lang) -> BoardQuery {
        BoardQuery {
            q: Some(self.q.trim().to_owned()).filter(|q| !q.is_empty()),
            region: Some(self.region.clone()).filter(|r| !r.is_empty()),
            status: ChallengeStatus::from_code(&self.status),
            theme: Theme::from_code(&self.theme),
            model: CooperationModel::from_code(&self.model),
            trl: self.trl.parse().ok().filter(|n| (1..=9).contains(n)),
            closes_after: time::parse_date_input(&self.after, false),
            closes_before: time::parse_date_input(&self.before, true),
            sort: BoardSort::from_code(&self.sort),
            lang: Some(lang),
            page: Some(self.page),
            per_page: Some(PageMeta::DEFAULT_PER_PAGE),
            include_drafts: self.drafts.then_some(true),
        }
    }
}

/// The filter form's fields while the user edits them; loaded from the URL on every navigation.
#[derive(Clone, Copy)]
pub struct FilterForm {
    pub q: RwSignal<String>,
    pub region: RwSignal<String>,
    pub status: RwSignal<String>,
    pub theme: RwSignal<String>,
    pub model: RwSignal<String>,
    pub trl: RwSignal<String>,
    pub after: RwSignal<String>,
    pub before: RwSignal<String>,
    pub sort: RwSignal<String>,
    pub drafts: RwSignal<bool>,
}

impl FilterForm {
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        FilterForm {
            q: s(),
            region: s(),
            status: s(),
            theme: s(),
            model: s(),
            trl: s(),
            after: s(),
            before: s(),
            sort: s(),
            drafts: RwSignal::new(false),
        }
    }

    pub fn load(&self, st: &BoardState) {
        self.q.set(st.q.clone());
        self.region.set(st.region.clone());
        self.status.set(st.status.clone());
        self.theme.set(st.theme.clone());
        self.model.set(st.model.clone());
        self.trl.set(st.trl.clone());
        self.after.set(st.after.clone());
        self.before.set(st.before.clone());
        self.sort.set(st.sort.clone());
        self.drafts.set(st.drafts);
    }

    /// The state to navigate to: a new search starts from page 1.
    pub fn state(&self) -> BoardState {
        BoardState {
            q: self.q.get_untracked(),
            region: self.region.get_untracked(),
            status: self.status.get_untracked(),
            theme: self.theme.get_untracked(),
            model: self.model.get_untracked(),
            trl: self.trl.get_untracked(),
            after: self.after.get_untracked(),
            before: self.before.get_untracked(),
            sort: self.sort.get_untracked(),
            page: 1,
            drafts: self.drafts.get_untracked(),
        }
    }
}
