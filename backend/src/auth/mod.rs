//! Who the caller is and what they may do: password hashing, sessions, CSRF protection,
//! sign-in throttling, and the one access policy.

pub mod csrf;
pub mod password;
pub mod policy;
pub mod session;
pub mod tokens;

pub use policy::{Action, Actor};
pub use session::{CurrentUser, MaybeUser};
