//! Matchmaking for Kehto: recommended challenges for a company, organisations and offerings
//! worth inviting to a challenge, and similar challenges of other regions — each match with
//! its reasons, structured and in Finnish, Swedish or English words.
//!
//! Pure functions over plain input ([`ChallengeFacts`], [`OrgFacts`]); no database, no network.
//! (Private profile fields cannot be inputs: see [`facts`].)
//!
//! DESIGN-AND-FIGURES
pub mod concepts;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod facts;
pub mod lang_guess;
pub mod reasons;
pub mod signals;
pub mod terms;

pub use engine::{Config, Match, Matcher};
pub use facts::{ChallengeFacts, LangText, OfferingFacts, OrgFacts, OrgKindFact};
pub use kehto_shared::Lang;
pub use reasons::{MatchedTerm, OfferingRef, Reasons};
