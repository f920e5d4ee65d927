//! Market dialogue: questions companies ask about a published challenge and the answers the
//! region publishes to everyone (equal treatment, Act on Public Procurement 1397/2016).
//!
//! An answered question is public *without* the asker's identity; an unanswered one is seen only
//! by the asker's organisation and the challenge's coordinators.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::challenge::ChallengeStatus;
use crate::error::FieldError;
use crate::events::EventView;
use crate::meetings::{MeetingSlotView, MeetingsView};
use crate::org::OrgRef;
use crate::validate::Checker;

pub const QUESTION_MIN: usize = 10;
pub const QUESTION_MAX: usize = 2000;
pub const ANSWER_MAX: usize = 5000;

/// A company member asks a question on a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskQuestionRequest {
    pub text: String,
    /// The organisation asking, when the user belongs to several companies.
    #[serde(default)]
    pub org_id: Option<i64>,
}

impl AskQuestionRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("text", &self.text, QUESTION_MIN, QUESTION_MAX);
        c.finish()
    }
}

/// The coordinator publishes an answer, with the question's public wording (edited to remove
/// anything that identifies the asker, or to merge duplicates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerQuestionRequest {
    pub question: String,
    pub answer: String,
}

impl AnswerQuestionRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("question", &self.question, QUESTION_MIN, QUESTION_MAX);
        c.text("answer", &self.answer, 2, ANSWER_MAX);
        c.finish()
    }
}

/// A published question and answer, as everyone sees it: no asker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedQuestion {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub answered_at: DateTime<Utc>,
}

/// A question as its asking organisation, or a coordinator of the challenge, sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskedQuestion {
    pub id: i64,
    /// The wording as asked.
    pub text: String,
    pub asked_at: DateTime<Utc>,
    /// Set once answered (then it is also among the published ones).
    pub answered_at: Option<DateTime<Utc>>,
    /// The asking organisation: shown to the challenge's coordinators only.
    pub org: Option<OrgRef>,
}

/// Everything the viewer may see of a challenge's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionsView {
    /// Answered questions, newest answer first: public.
    pub published: Vec<PublishedQuestion>,
    /// Questions the viewer's organisations asked, answered or not.
    pub mine: Vec<AskedQuestion>,
    /// For the challenge's coordinators: unanswered questions, oldest first.
    pub queue: Vec<AskedQuestion>,
    /// Whether the viewer may ask now (signed in, in a company, before the deadline).
    pub can_ask: bool,
    /// Whether the viewer may answer (a coordinator of the challenge).
    pub can_answer: bool,
    pub questions_close_at: Option<DateTime<Utc>>,
    pub server_now: DateTime<Utc>,
}

/// One of the viewer's organisations' questions, with its published answer once there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyQuestion {
    pub asked: AskedQuestion,
    pub published: Option<PublishedQuestion>,
}

/// Everything the viewer takes part in on one challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyChallengeDialogue {
    pub challenge_id: i64,
    pub challenge_title: String,
    pub status: ChallengeStatus,
    pub questions: Vec<MyQuestion>,
    /// Info sessions the viewer is registered for or waiting for.
    pub registrations: Vec<EventView>,
    /// Meeting slots the viewer's organisations booked.
    pub bookings: Vec<MeetingSlotView>,
}

/// "My dialogue": the viewer's questions, registrations and bookings, most recent challenge
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDialogue {
    pub challenges: Vec<MyChallengeDialogue>,
    pub server_now: DateTime<Utc>,
}

/// The coordinators' view of a challenge's market dialogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DialogueDashboard {
    pub challenge_id: i64,
    pub challenge_title: String,
    pub status: ChallengeStatus,
    pub questions_close_at: Option<DateTime<Utc>>,
    pub proposals_close_at: Option<DateTime<Utc>>,
    /// Unanswered questions, oldest first, with the asking organisation.
    pub unanswered: Vec<AskedQuestion>,
    pub answered_count: u32,
    pub events: Vec<EventView>,
    pub meetings: MeetingsView,
    pub followers: u32,
    /// The challenge's current version (0 for a draft).
    pub version: u32,
    pub server_now: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldCode;

    #[test]
    fn question_and_answer_lengths() {
        let q = AskQuestionRequest {
            text: "Lyhyt".into(),
            org_id: None,
        };
        assert_eq!(q.validate().unwrap_err()[0].code, FieldCode::TooShort);
        let q = AskQuestionRequest {
            text: "Voiko ratkaisu toimia ilman potilastietojärjestelmäintegraatiota?".into(),
            org_id: None,
        };
        assert!(q.validate().is_ok());
        let a = AnswerQuestionRequest {
            question: "Toimiiko ilman integraatiota?".into(),
            answer: String::new(),
        };
        assert_eq!(a.validate().unwrap_err()[0].field, "answer");
    }
}
