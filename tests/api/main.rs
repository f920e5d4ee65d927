//! Black-box API tests: each test starts the real application on its own port with a fresh
//! database (SQLite, or PostgreSQL when `KEHTO_TEST_DB` names a server) and talks HTTP to it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

mod access;
mod accounts;
mod board;
mod challenges;
mod dashboard;
mod directory;
mod durability;
mod evaluation;
mod events;
mod feeds;
mod invitations;
mod jobs;
mod mail;
mod malformed;
mod matchmaking;
mod meetings;
mod notifications;
mod organisations;
mod platform;
mod profiles;
mod proposals;
mod questions;
mod scoring;
mod scoring_access;
mod scoring_records;
mod session;
mod versions;
