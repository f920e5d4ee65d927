//! Challenges: the published form of a region's need, with its phase state machine, the
//! vocabulary used to describe it (themes, cooperation models) and the wire DTOs.

mod dto;
mod status;
mod versions;
mod vocabulary;

pub use dto::*;
pub use status::*;
pub use versions::*;
pub use vocabulary::*;

#[cfg(test)]
pub(crate) use dto::tests::sample as dto_sample;
