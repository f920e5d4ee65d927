//! Organisation profiles of companies and research groups: who they are, what they can do and
//! which solutions they offer, in structured form (matchmaking compares these with challenges);
//! the public directory of organisations that opted in; invitations to join an organisation.

mod directory;
mod dto;
mod invitations;
mod vocabulary;

pub use directory::*;
pub use dto::*;
pub use invitations::*;
pub use vocabulary::*;
