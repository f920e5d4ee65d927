//! The wire contract between Kehto's browser app and its server.
//!
//! Both sides compile this crate: the front end to WebAssembly, the backend natively. Everything
//! here is plain data and pure functions — DTOs, validated value types, the challenge phase state
//! machine and the localised error catalogue. It must never depend on a database, an HTTP server
//! or a UI framework, and it must never read the clock: callers pass `now` in.

pub mod account;
pub mod business_id;
pub mod challenge;
pub mod dialogue;
pub mod error;
pub mod evaluation;
pub mod events;
pub mod helsinki;
pub mod lang;
pub mod matchmaking;
pub mod meetings;
pub mod notifications;
pub mod org;
pub mod page;
pub mod profile;
pub mod proposals;
pub mod regions;
pub mod validate;

pub use error::{ApiError, ErrorCode, FieldError};
pub use lang::Lang;
