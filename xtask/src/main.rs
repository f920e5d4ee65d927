//! `cargo xtask`: Kehto's project automation, in Rust so that it runs wherever cargo does.
//!
//! Every task shells out to the real tools (cargo, trunk, npm, apt-get, PostgreSQL's pg_ctl,
//! node, wrk) and prints each command before running it, so a CI log reads like a script. It
//! never downloads anything but packages from crates.io, npm and Debian.

mod app_wasm;
mod bench;
mod frontend;
mod pg;
mod run;
mod server;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

use anyhow::{Result, bail};

const HELP: &str = "\
Kehto project automation.

Usage: cargo xtask <COMMAND> [OPTIONS]

Commands:
  setup            Install what is missing: wasm32 target, trunk, wasm-bindgen-cli, binaryen
                   (npm), brotli, Chromium, PostgreSQL 15, wrk, tests/browser npm packages
  build-frontend   trunk release build into frontend/dist, precompress (.br, .gz), print sizes;
                   fails if wasm + JS + CSS exceed 350 KB brotli
  run              Build everything, load the demo data and serve at http://127.0.0.1:8080
  test             Everything CI runs: fmt, clippy, unit tests, API tests on SQLite and
                   PostgreSQL 15, browser journeys in Chromium
  bench            Requests/s and latency with wrk, on SQLite and PostgreSQL; `bench matching`:
                   matchmaking at 20,000 profiles and 5,000 challenges
  pg-check         Start a throwaway PostgreSQL 15 cluster, ask its version, stop it
  match-eval       Matchmaking quality: precision@5 and nDCG@10 on backend/matching/eval

Run `cargo xtask <COMMAND> --help` for a command's options.";

const SETUP_HELP: &str = "\
cargo xtask setup

Installs, if missing, everything the other commands need (idempotent; prints each step).
`run`, `test` and `bench` run the part of it they need by themselves.";

const BUILD_FRONTEND_HELP: &str = "\
cargo xtask build-frontend

`trunk build --release=true` in frontend/, then .br (brotli -q 11) and .gz (gzip -9) next to
every file of 1 KB or more in frontend/dist, and a size table. Fails if the brotli size of all
wasm, JS and CSS exceeds 350 KB. Expects `cargo xtask setup` to have run.";

const PG_CHECK_HELP: &str = "\
cargo xtask pg-check

Starts the throwaway PostgreSQL 15 cluster the tests use, runs `select version()`, stops it and
checks that it is gone.";

const MATCH_EVAL_HELP: &str = "\
cargo xtask match-eval [--verbose | --explain KEY | --grid | --holdout | --speed]

Runs `cargo run -p kehto-matching --release --bin match-eval`: precision@5 and nDCG@10 of the
matchmaking evaluation set for the baseline, the final configuration and an ablation table.";

/// Command-line arguments after the command name, consumed option by option.
pub struct Args {
    rest: Vec<String>,
}

impl Args {
    /// Whether `--name` was given (and removes it).
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|a| a != name);
        self.rest.len() != before
    }

    /// The value of `--name VALUE` or `--name=VALUE`, if given.
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.rest.iter().position(|a| a.starts_with(&prefix)) {
            let arg = self.rest.remove(i);
            return Ok(Some(arg[prefix.len()..].to_string()));
        }
        match self.rest.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) if i + 1 < self.rest.len() => {
                let value = self.rest.remove(i + 1);
                self.rest.remove(i);
                Ok(Some(value))
            }
            Some(_) => bail!("{name} needs a value"),
        }
    }

    /// Fails on anything not consumed.
    pub fn finish(self) -> Result<()> {
        match self.rest.first() {
            None => Ok(()),
            Some(arg) => bail!("unexpected argument `{arg}` (see --help)"),
        }
    }
}

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1);
    let command = argv.next();
    let rest: Vec<String> = argv.collect();
    let wants_help = rest.iter().any(|a| a == "--help" || a == "-h");
    let args = Args { rest };

    let (help, task): (&str, fn(Args) -> Result<()>) = match command.as_deref() {
        None | Some("help" | "--help" | "-h") => {
            println!("{HELP}");
            return if command.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
        Some("setup") => (SETUP_HELP, |a| {
            a.finish().and_then(|()| setup::setup(setup::Needs::ALL))
        }),
        Some("build-frontend") => (BUILD_FRONTEND_HELP, |a| {
            a.finish().and_then(|()| frontend::build())
        }),
        Some("run") => (run::HELP, run::main),
        Some("test") => (test::HELP, test::main),
        Some("bench") => (bench::HELP, bench::main),
        Some("pg-check") => (PG_CHECK_HELP, |a| a.finish().and_then(|()| pg::check())),
        Some("match-eval") => (MATCH_EVAL_HELP, |a| {
            util::run(
                util::cargo()
                    .args([
                        "run",
                        "-p",
                        "kehto-matching",
                        "--release",
                        "--bin",
                        "match-eval",
                        "--",
                    ])
                    .args(a.rest),
            )
        }),
        Some(other) => {
            eprintln!("unknown command `{other}`\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    if wants_help {
        println!("{help}");
        return ExitCode::SUCCESS;
    }
    match task(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args {
            rest: list.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn parses_options() -> Result<()> {
        let mut a = args(&["--only", "fmt,unit", "--keep-going", "--bind=127.0.0.1:9"]);
        assert!(a.flag("--keep-going"));
        assert_eq!(a.value("--only")?.as_deref(), Some("fmt,unit"));
        assert_eq!(a.value("--bind")?.as_deref(), Some("127.0.0.1:9"));
        assert_eq!(a.value("--data-dir")?, None);
        a.finish()?;
        assert!(args(&["--only"]).value("--only").is_err());
        assert!(args(&["stray"]).finish().is_err());
        Ok(())
    }
}
