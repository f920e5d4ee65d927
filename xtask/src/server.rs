//! Running the `kehto` binary the way the tasks need it: one-shot subcommands (`migrate`,
//! `seed-demo`, `seed-bench`) and `serve` as a guarded background process on 127.0.0.1.
//!
//! Configuration goes through the environment variables of `kehto --help` (`KEHTO_*`,
//! `DATABASE_URL`), which work whether clap declares an option globally or on `serve`. Every
//! other `KEHTO_*` variable is removed, so a developer's own settings (an SMTP server, say) never
//! leak into a test or benchmark.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::util::{self, ProcessGuard, run};

/// Cargo profile the binary was built with.
#[derive(Debug, Clone, Copy)]
pub enum Profile {
    Debug,
    Release,
}

/// `target/{debug,release}/kehto`.
pub fn binary(profile: Profile) -> PathBuf {
    let dir = match profile {
        Profile::Debug => "debug",
        Profile::Release => "release",
    };
    util::target_dir().join(dir).join("kehto")
}

/// `cargo build [--release] -p kehto-backend`.
pub fn build(profile: Profile) -> Result<()> {
    let mut cmd = util::cargo();
    cmd.args(["build", "-p", "kehto-backend"]);
    if let Profile::Release = profile {
        cmd.arg("--release");
    }
    run(&mut cmd)
}

/// How to run one isolated server instance.
pub struct Instance {
    pub bin: PathBuf,
    pub data_dir: PathBuf,
    pub port: u16,
    /// `None`: the server's default, a SQLite file in the data directory.
    pub database_url: Option<String>,
    pub static_dir: PathBuf,
    /// The server's log filter (`KEHTO_LOG`), e.g. `info` or `warn`.
    pub log_filter: String,
}

impl Instance {
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> Command {
        let mut cmd = util::tool(&self.bin);
        for (var, _) in std::env::vars_os() {
            if var.to_string_lossy().starts_with("KEHTO_") {
                cmd.env_remove(var);
            }
        }
        cmd.env_remove("DATABASE_URL").env_remove("RUST_LOG");
        cmd.env("KEHTO_DATA_DIR", &self.data_dir)
            .env("KEHTO_BIND", format!("127.0.0.1:{}", self.port))
            .env("KEHTO_BASE_URL", self.base_url())
            .env("KEHTO_STATIC_DIR", &self.static_dir)
            .env("KEHTO_LOG", &self.log_filter)
            .stdin(Stdio::null());
        if let Some(url) = &self.database_url {
            cmd.env("DATABASE_URL", url);
        }
        cmd
    }

    /// Runs a one-shot subcommand such as `migrate` or `seed-demo`.
    pub fn run(&self, args: &[&str]) -> Result<()> {
        if !self.bin.is_file() {
            bail!("{} is missing: was the backend built?", self.bin.display());
        }
        run(self.command().args(args))
    }

    /// Runs a one-shot subcommand and returns what it printed.
    pub fn output(&self, args: &[&str]) -> Result<String> {
        if !self.bin.is_file() {
            bail!("{} is missing: was the backend built?", self.bin.display());
        }
        util::read(self.command().args(args))
    }

    /// Starts `serve` in its own process group, logging to `log`, and waits for `/healthz`.
    pub fn serve(&self, log: &Path) -> Result<ProcessGuard> {
        let out =
            File::create(log).with_context(|| format!("could not create {}", log.display()))?;
        let mut cmd = self.command();
        // Plain text in the log file, not terminal colours.
        cmd.arg("serve")
            .env("NO_COLOR", "1")
            .stdout(out.try_clone()?)
            .stderr(out);
        let mut guard = ProcessGuard::spawn("the kehto server", &mut cmd)?;
        if let Err(e) = guard.wait_http_ok(self.port, "/healthz", Duration::from_secs(60)) {
            bail!(
                "{e:#}\n--- server log ({}) ---\n{}",
                log.display(),
                util::tail(log, 40)
            );
        }
        println!("kehto is serving at {}", self.base_url());
        Ok(guard)
    }
}
