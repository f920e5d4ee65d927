//! One component per route (see `app.rs` for the paths).

pub mod account;
pub mod board;
mod board_filters;
mod board_query;
pub mod challenge;
mod challenge_admin;
mod challenge_questions;
pub mod editor;
mod org_create;
mod org_members;
pub mod organisation;
pub mod password;
mod question_queue;
pub mod sign_in;
pub mod sign_up;
pub mod static_pages;
pub mod verify;
