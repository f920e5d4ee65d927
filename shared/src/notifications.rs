//! Follows, saved searches and notifications: how users hear about what happens on the
//! challenges they care about — in the app's notification centre and, if they wish, by e-mail.
//!
//! A notification stores *what happened* (its kind, the challenge, a short detail), never a
//! rendered sentence: the browser and the mailer word it in the reader's own language.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::challenge::{CooperationModel, Theme};
use crate::error::{FieldCode, FieldError};
use crate::matchmaking::FitLevel;
use crate::regions::region_by_code;
use crate::validate::Checker;

pub const SAVED_SEARCH_NAME_MAX: usize = 100;
pub const SAVED_SEARCHES_MAX: usize = 20;
pub const SAVED_SEARCH_QUERY_MAX: usize = 200;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A question on a followed challenge was answered (detail: the public question).
    AnswerPublished,
    /// A followed challenge was changed (detail: the changed parts' codes, comma-separated).
    ChallengeChanged,
    /// An info session was added to a followed challenge (detail: its title).
    EventAdded,
    /// The proposals deadline of a followed challenge is near (detail: days left, "7" or "1").
    DeadlineApproaching,
    /// A newly published challenge matches one of the user's saved searches (detail: its name).
    MatchingChallenge,
    /// The decisions of an evaluation round were published (to the members of each proposal's
    /// lead and accepted partner organisations; detail: the proposal's id, whose feedback is at
    /// `/proposals/{id}/feedback`).
    EvaluationPublished,
    /// A coordinator reopened the recipient's submitted scoresheet (to the evaluator; detail: the
    /// proposal's id; the reason is shown with the sheet).
    ScoresReopened,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::AnswerPublished,
        NotificationKind::ChallengeChanged,
        NotificationKind::EventAdded,
        NotificationKind::DeadlineApproaching,
        NotificationKind::MatchingChallenge,
        NotificationKind::EvaluationPublished,
        NotificationKind::ScoresReopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::AnswerPublished => "answer_published",
            NotificationKind::ChallengeChanged => "challenge_changed",
            NotificationKind::EventAdded => "event_added",
            NotificationKind::DeadlineApproaching => "deadline_approaching",
            NotificationKind::MatchingChallenge => "matching_challenge",
            NotificationKind::EvaluationPublished => "evaluation_published",
            NotificationKind::ScoresReopened => "scores_reopened",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One entry of the notification centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub challenge_id: i64,
    /// The challenge's title in its content language.
    pub challenge_title: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The signed-in user's notifications, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationsView {
    pub items: Vec<Notification>,
    pub unread: u32,
}

/// Marks notifications read: the listed ones, or all when `all` is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkReadRequest {
    #[serde(default)]
    pub ids: Vec<i64>,
    #[serde(default)]
    pub all: bool,
}

/// Which kinds of notification also arrive by e-mail. Everything always appears in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPrefs {
    pub email: Vec<NotificationKind>,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        NotificationPrefs {
            email: NotificationKind::ALL.to_vec(),
        }
    }
}

/// A challenge the user follows, for their list of follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowedChallenge {
    pub challenge_id: i64,
    pub title: String,
    pub proposals_close_at: Option<DateTime<Utc>>,
    pub followed_at: DateTime<Utc>,
}

/// What a saved search looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SavedSearchKind {
    /// New challenges matching the board's filters and words.
    #[default]
    Board,
    /// New challenges recommended for an organisation (the matchmaking score of its public
    /// profile) at `min_fit` or better; the board's filters, if given, narrow them further.
    Recommendations,
}

impl SavedSearchKind {
    pub fn code(self) -> &'static str {
        match self {
            SavedSearchKind::Board => "board",
            SavedSearchKind::Recommendations => "recommendations",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [SavedSearchKind::Board, SavedSearchKind::Recommendations]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// When the owner of a saved search hears about new matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertFrequency {
    /// As soon as a matching challenge is first published.
    #[default]
    Immediate,
    /// Once a week: a digest of the week's matching new challenges (nothing when none).
    Weekly,
}

impl AlertFrequency {
    pub fn code(self) -> &'static str {
        match self {
            AlertFrequency::Immediate => "immediate",
            AlertFrequency::Weekly => "weekly",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [AlertFrequency::Immediate, AlertFrequency::Weekly]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A search the user wants to hear about: new challenges matching it are notified. Fields
/// added after the first version (`kind`, `org_id`, `min_fit`, `frequency`) may be left out:
/// a board search with immediate alerts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearchInput {
    pub name: String,
    /// A region's code (see `regions`), as on the board.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub theme: Option<Theme>,
    #[serde(default)]
    pub model: Option<CooperationModel>,
    /// Free-text words, matched like the board's search.
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub kind: SavedSearchKind,
    /// For `recommendations`: the caller's company or research organisation (a member's).
    #[serde(default)]
    pub org_id: Option<i64>,
    /// For `recommendations`: the least fit worth hearing about; `good` when absent.
    #[serde(default)]
    pub min_fit: Option<FitLevel>,
    #[serde(default)]
    pub frequency: AlertFrequency,
}

impl SavedSearchInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("name", &self.name, 1, SAVED_SEARCH_NAME_MAX);
        if let Some(code) = self.region.as_deref().filter(|r| !r.is_empty())
            && region_by_code(code).is_none()
        {
            c.push(FieldError::new("region", FieldCode::InvalidChoice));
        }
        c.optional_text("q", self.q.as_deref(), SAVED_SEARCH_QUERY_MAX);
        let q_empty = self.q.as_deref().is_none_or(|q| q.trim().is_empty());
        let region_empty = self.region.as_deref().is_none_or(str::is_empty);
        match self.kind {
            SavedSearchKind::Board => {
                if q_empty && region_empty && self.theme.is_none() && self.model.is_none() {
                    // A search for everything would notify of every new challenge: say so
                    // explicitly by following the board's feed instead.
                    c.push(FieldError::new("q", FieldCode::Required));
                }
                if self.org_id.is_some() {
                    c.push(FieldError::new("org_id", FieldCode::InvalidChoice));
                }
                if self.min_fit.is_some() {
                    c.push(FieldError::new("min_fit", FieldCode::InvalidChoice));
                }
            }
            SavedSearchKind::Recommendations => {
                if self.org_id.is_none() {
                    c.push(FieldError::new("org_id", FieldCode::Required));
                }
            }
        }
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearch {
    pub id: i64,
    #[serde(flatten)]
    pub input: SavedSearchInput,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_search_needs_a_name_and_a_criterion() {
        let mut s = SavedSearchInput {
            name: "Kotihoito".into(),
            ..SavedSearchInput::default()
        };
        assert_eq!(s.validate().unwrap_err()[0].field, "q");
        s.theme = Some(Theme::HomeCare);
        assert!(s.validate().is_ok());
        s.region = Some("nope".into());
        assert_eq!(s.validate().unwrap_err()[0].code, FieldCode::InvalidChoice);
    }

    #[test]
    fn a_recommendation_search_names_its_organisation() {
        let mut s = SavedSearchInput {
            name: "Meille suositellut".into(),
            kind: SavedSearchKind::Recommendations,
            frequency: AlertFrequency::Weekly,
            ..SavedSearchInput::default()
        };
        assert_eq!(s.validate().unwrap_err()[0].field, "org_id");
        s.org_id = Some(7);
        assert!(s.validate().is_ok(), "no board filter needed");
        let board = SavedSearchInput {
            name: "x".into(),
            q: Some("kotihoito".into()),
            org_id: Some(7),
            min_fit: Some(FitLevel::Good),
            ..SavedSearchInput::default()
        };
        let fields: Vec<String> = board
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["org_id", "min_fit"]);
        // The first version's JSON still reads: a board search with immediate alerts.
        let old: SavedSearchInput =
            serde_json::from_str(r#"{"name":"Kotihoito","theme":"home_care"}"#).expect("reads");
        assert_eq!(
            (old.kind, old.frequency, old.org_id),
            (SavedSearchKind::Board, AlertFrequency::Immediate, None)
        );
        for f in [AlertFrequency::Immediate, AlertFrequency::Weekly] {
            assert_eq!(AlertFrequency::from_code(f.code()), Some(f));
        }
        for k in [SavedSearchKind::Board, SavedSearchKind::Recommendations] {
            assert_eq!(SavedSearchKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(k.code()), Some(k));
        }
        assert_eq!(NotificationPrefs::default().email.len(), 7);
    }
}
