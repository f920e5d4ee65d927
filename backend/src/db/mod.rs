//! The store: every SQL statement of the application lives under this module.
//!
//! One `Db` value wraps a native pool for either engine — SQLite (the embedded default) or
//! PostgreSQL (chosen by a `postgres://` URL, for running several instances). Statements are
//! written once in SQL both engines accept and run through [`on_db!`], which expands the same
//! code for each native pool, so rows decode with each engine's own types.
//!
//! Rules for SQL here: `$1, $2, …` placeholders (`$n` binds the n-th argument on both engines);
//! timestamps as Unix seconds in BIGINT columns; no engine-specific functions; values never
//! spliced into SQL text except integers the code produced itself. Nothing outside this module
//! builds SQL.

pub mod audit;
pub mod board;
pub mod challenges;
pub mod dialogue;
pub mod dialogue_invitations;
pub mod directory;
pub mod evaluation;
pub mod events;
pub mod follows;
pub mod invitations;
pub mod jobs;
pub mod mail_queue;
pub mod match_facts;
pub mod meetings;
pub mod notifications;
pub mod orgs;
pub mod partners;
pub mod profiles;
pub mod proposals;
pub mod questions;
pub mod scoring;
pub mod sessions;
pub mod tokens;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// A pool of connections to one of the two supported engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the native pool of whichever engine `$db` uses.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a transaction `$tx` on whichever engine `$db` uses; commits when the
/// body returns `Ok`, rolls back (by dropping) otherwise.
#[macro_export]
macro_rules! in_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// Which engine a `Db` talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Db {
    /// Connects to `url`: `postgres://…` (or `postgresql://…`) selects PostgreSQL, anything else
    /// (`sqlite://path`, `sqlite:path`) SQLite. A SQLite file is created if missing, in WAL mode
    /// with `synchronous=FULL` and foreign keys on.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Read through the OS page cache without copying, and keep more pages per
                // connection: the board reads indexes of every challenge on each request.
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16384");
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        }
    }

    /// The SQLite URL for a database file inside `data_dir`.
    pub fn default_sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("kehto.db").display())
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the pending migrations of this engine's dialect.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Checks the connection (for `/healthz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// SQLite's durability settings as the server actually runs them:
    /// (journal_mode, synchronous, foreign_keys). `None` on PostgreSQL.
    pub async fn sqlite_pragmas(&self) -> Result<Option<(String, i64, i64)>, sqlx::Error> {
        let Db::Sqlite(pool) = self else {
            return Ok(None);
        };
        let mut conn = pool.acquire().await?;
        let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await?;
        let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await?;
        Ok(Some((journal, sync, fk)))
    }

    /// Refreshes the planner's statistics (and, on PostgreSQL, the visibility map that lets
    /// index-only scans skip the table) after bulk changes; autovacuum does this in steady state.
    pub async fn maintain(&self) -> Result<(), sqlx::Error> {
        match self {
            Db::Sqlite(pool) => sqlx::query("PRAGMA optimize=0x10002")
                .execute(pool)
                .await
                .map(|_| ()),
            Db::Postgres(pool) => sqlx::query("VACUUM ANALYZE")
                .execute(pool)
                .await
                .map(|_| ()),
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// A value to bind to a dynamically built statement.
#[derive(Debug, Clone)]
pub enum Bind {
    Int(i64),
    Text(String),
}

/// Builds a statement's placeholder list while its SQL is assembled piece by piece.
#[derive(Debug, Default)]
pub struct Binds {
    pub values: Vec<Bind>,
}

impl Binds {
    /// Records a value and returns its placeholder (`$n`).
    pub fn push(&mut self, value: Bind) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }
    pub fn int(&mut self, v: i64) -> String {
        self.push(Bind::Int(v))
    }
    pub fn text(&mut self, v: impl Into<String>) -> String {
        self.push(Bind::Text(v.into()))
    }
}

/// Binds every value of a [`Binds`] to a query (or query_as / query_scalar) builder.
#[macro_export]
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in &$binds.values {
            q = match b {
                $crate::db::Bind::Int(v) => q.bind(*v),
                $crate::db::Bind::Text(v) => q.bind(v.clone()),
            };
        }
        q
    }};
}
