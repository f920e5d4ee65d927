//! Evaluation of proposals (issue #5): the criteria a challenge's proposals are evaluated on,
//! each evaluator's scoresheet, and the maths that turns scores into panel statistics, exact
//! weighted totals, a deterministic ranking and an optional normalised view.
//!
//! The flow: a coordinator defines a [`CriteriaSet`] (weights in basis points adding up to
//! exactly 100 %, described scale levels, pass/fail admission requirements). Each assigned
//! evaluator fills in a [`Scoresheet`] per proposal, saved as a draft and then submitted. When
//! all are in, [`panel_statistics`] shows per criterion the mean, min, max, spread and standard
//! deviation with large disagreements flagged; the coordinator records the consensus (again a
//! `Scoresheet`, with the rationale as justification); [`RankingInput::from_consensus`] and
//! [`rank`] produce the ranking with excluded proposals and their reasons. [`normalise`] is the
//! second, advisory view that takes each evaluator's strictness out.
//!
//! - `localized.rs`: [`LocalizedText`], user-written text in fi/sv/en.
//! - `criteria.rs`: the criteria set and its validation.
//! - `scoring.rs`: scoresheets, draft and submission rules.
//! - `maths.rs`: exact totals and the panel's statistics.
//! - `normalise.rs`: the normalised view.
//! - `ranking.rs`: the ranking and its tie rules.
//! - `assignment.rs`: who evaluates which proposal (the balanced assignment).
//! - `panel.rs`: wire types of the criteria set, evaluators, assignments and declarations.
//! - `review.rs`: wire types of an evaluator's scoring (draft, submit, reopen, peers' sheets).
//! - `board.rs`: wire types of the coordinator's board, consensus, decisions and rounds.
//! - `feedback.rs`: wire types of a company's feedback and the public outcome.

mod assignment;
mod board;
mod criteria;
mod feedback;
mod localized;
mod maths;
mod normalise;
mod panel;
mod ranking;
mod review;
mod scoring;

#[cfg(test)]
mod proptests;
#[cfg(test)]
pub(crate) mod testkit;

pub use assignment::*;
pub use board::*;
pub use criteria::*;
pub use feedback::*;
pub use localized::*;
pub use maths::*;
pub use normalise::*;
pub use panel::*;
pub use ranking::*;
pub use review::*;
pub use scoring::*;
