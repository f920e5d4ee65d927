//! The `kehto` command line: every setting is a flag with an environment variable beside it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "kehto",
    version,
    about = "Kehto – innovation cooperation between Finnish welfare regions and companies",
    long_about = "Kehto serves its REST API (/api/v1), a health check (/healthz) and the built \
                  front end from one process. SQLite is the default database (a file in the data \
                  directory); give a postgres:// DATABASE_URL to run several instances on PostgreSQL."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database URL: postgres://user@host/db for PostgreSQL; sqlite://path for SQLite.
    /// Default: a SQLite file kehto.db in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and the mail outbox.
    #[arg(long, env = "KEHTO_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Log output format.
    #[arg(long, env = "KEHTO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Log filter, e.g. `info`, `warn`, `kehto_backend=debug,info`.
    #[arg(long, env = "KEHTO_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl GlobalArgs {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::db::Db::default_sqlite_url(&self.data_dir))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (applies pending migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo organisations, users and challenges into an empty database.
    SeedDemo,
    /// Create a platform administrator (or make an existing user one).
    CreateAdmin(CreateAdminArgs),
    /// Fill the database with generated challenges for benchmarks.
    #[command(hide = true)]
    SeedBench {
        #[arg(long, default_value_t = 10_000)]
        challenges: usize,
    },
    /// Matchmaking benchmark: seeds organisations and challenges into an empty database, then
    /// times the index build, the queries and index updates (`cargo xtask bench matching`).
    #[command(hide = true)]
    BenchMatching {
        #[arg(long, default_value_t = 20_000)]
        orgs: usize,
        #[arg(long, default_value_t = 5_000)]
        challenges: usize,
        /// Queries timed per direction.
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "KEHTO_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The public address of the service, used in e-mail links and the CSRF origin check.
    /// Default: http://<bind>.
    #[arg(long, env = "KEHTO_BASE_URL")]
    pub base_url: Option<String>,
    /// Directory of the built front end.
    #[arg(long, env = "KEHTO_STATIC_DIR", default_value = "frontend/dist")]
    pub static_dir: PathBuf,
    /// Trust X-Forwarded-For (only behind your own reverse proxy).
    #[arg(long, env = "KEHTO_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// SMTP server, e.g. smtp://localhost:25, smtp://user:pass@host:587?tls=required,
    /// smtps://user:pass@host:465. Without it mail is written to <data-dir>/outbox.
    #[arg(long, env = "KEHTO_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of the service's e-mail.
    #[arg(
        long,
        env = "KEHTO_MAIL_FROM",
        default_value = "Kehto <no-reply@kehto.invalid>"
    )]
    pub mail_from: String,
    /// Largest number of database connections this instance opens.
    #[arg(long, env = "KEHTO_DB_CONNECTIONS", default_value_t = 16)]
    pub db_connections: u32,
    /// Seconds between runs of the background jobs (deadline reminders, the e-mail queue).
    #[arg(long, env = "KEHTO_JOB_INTERVAL", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub job_interval: u64,
    /// Seconds between catch-ups of this instance's matchmaking index with changes made by
    /// other instances (its own changes apply at once).
    #[arg(long, env = "KEHTO_MATCH_REFRESH", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub match_refresh: u64,
}

#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long, default_value = "Administrator")]
    pub display_name: String,
    /// The password; read from the environment so it stays out of shell history.
    #[arg(long, env = "KEHTO_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
