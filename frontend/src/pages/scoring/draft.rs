//! What is typed into a scoresheet form ([`super::form`]): one signal per score, justification,
//! admission answer and note, in the criteria set's order ([`SheetDraft`]), turned into a
//! `Scoresheet` only when saving. Also the controls' ids for the API's field paths
//! ([`field_id`]: `scores[2].score` → `score-2`, with or without the request's `sheet.`), and
//! user-written texts shown in the reader's language with the language they are in.

use kehto_shared::evaluation::{
    AdmissionCheck, CriteriaSet, CriterionScore, LocalizedText, Scoresheet, Total, percent_from_bp,
};
use kehto_shared::{ApiError, Lang};
use leptos::prelude::*;

use crate::i18n::Texts;

/// A user-written text for a reader of `lang`, with the language it is actually written in.
pub fn written(text: &LocalizedText, lang: Lang) -> (String, &'static str) {
    let (shown, code) = text.shown(lang).unwrap_or(("", lang));
    (shown.to_owned(), code.code())
}

/// "Laatu – paino 40 %" for a criterion.
pub fn criterion_heading(set: &CriteriaSet, i: usize, lang: Lang, t: &Texts) -> String {
    let c = &set.criteria[i];
    t.sc_criterion_legend
        .replace("{name}", c.name.get(lang))
        .replace("{weight}", &percent_from_bp(i64::from(c.weight_bp), lang))
}

/// The control's id (without the form's prefix) for an API field path.
pub fn field_id(field: &str) -> String {
    let field = field.strip_prefix("sheet.").unwrap_or(field);
    let (row, part) = field.split_once('.').unwrap_or((field, ""));
    let index = row
        .split_once('[')
        .and_then(|(_, r)| r.strip_suffix(']'))
        .unwrap_or("0");
    let name = match (row.starts_with("checks"), part) {
        (false, "justification") => "just",
        (false, _) => "score",
        (true, "note") => "note",
        (true, _) => "check",
    };
    format!("{name}-{index}")
}

/// The server's error with the request's `sheet.` taken off its field paths, so that they name
/// the form's rows as the shared rules do.
pub fn unwrap_sheet(e: &ApiError) -> ApiError {
    let mut e = e.clone();
    for f in &mut e.error.fields {
        if let Some(rest) = f.field.strip_prefix("sheet.") {
            f.field = rest.to_owned();
        }
    }
    e
}

#[derive(Clone)]
pub struct ScoreRow {
    pub key: String,
    pub score: RwSignal<Option<u8>>,
    pub justification: RwSignal<String>,
}

#[derive(Clone)]
pub struct CheckRow {
    pub key: String,
    pub passed: RwSignal<Option<bool>>,
    pub note: RwSignal<String>,
}

/// What is typed into the form, one row per criterion and per requirement in the set's order.
#[derive(Clone, Copy)]
pub struct SheetDraft {
    pub set: StoredValue<CriteriaSet>,
    pub scores: StoredValue<Vec<ScoreRow>>,
    pub checks: StoredValue<Vec<CheckRow>>,
}

impl SheetDraft {
    pub fn new(sheet: &Scoresheet, set: &CriteriaSet) -> Self {
        let sheet = sheet.aligned(set);
        SheetDraft {
            set: StoredValue::new(set.clone()),
            scores: StoredValue::new(
                sheet
                    .scores
                    .into_iter()
                    .map(|s| ScoreRow {
                        key: s.key,
                        score: RwSignal::new(s.score),
                        justification: RwSignal::new(s.justification),
                    })
                    .collect(),
            ),
            checks: StoredValue::new(
                sheet
                    .checks
                    .into_iter()
                    .map(|c| CheckRow {
                        key: c.key,
                        passed: RwSignal::new(c.passed),
                        note: RwSignal::new(c.note),
                    })
                    .collect(),
            ),
        }
    }

    /// The sheet as typed (not tracked).
    pub fn to_sheet(self) -> Scoresheet {
        Scoresheet {
            scores: self.scores.with_value(|rows| {
                rows.iter()
                    .map(|r| CriterionScore {
                        key: r.key.clone(),
                        score: r.score.get_untracked(),
                        justification: r.justification.get_untracked(),
                    })
                    .collect()
            }),
            checks: self.checks.with_value(|rows| {
                rows.iter()
                    .map(|r| AdmissionCheck {
                        key: r.key.clone(),
                        passed: r.passed.get_untracked(),
                        note: r.note.get_untracked(),
                    })
                    .collect()
            }),
        }
    }

    /// The weighted total once every criterion has a score (tracked).
    pub fn total(self) -> Option<Total> {
        let complete = self
            .scores
            .with_value(|rows| rows.iter().all(|r| r.score.get().is_some()));
        complete.then(|| self.set.with_value(|set| self.to_sheet().total(set)))
    }
}
