//! One component per route (see `app.rs` for the paths).

pub mod account;
pub mod board;
mod board_filters;
mod board_query;
mod board_save;
pub mod challenge;
mod challenge_admin;
mod challenge_follow;
mod challenge_questions;
pub mod challenge_version;
mod challenge_versions;
pub mod editor;
pub mod my_dialogue;
mod notification_prefs;
pub mod notifications;
mod org_create;
mod org_members;
pub mod organisation;
pub mod password;
mod question_queue;
pub mod sign_in;
pub mod sign_up;
pub mod static_pages;
pub mod verify;
