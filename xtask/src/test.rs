//! `cargo xtask test`: everything CI checks, in order, each under a clear heading: formatting,
//! clippy, unit tests, the API suite on SQLite and on a throwaway PostgreSQL 15, and the browser
//! journeys in headless Chromium against the built app.
//!
//! A stage whose database or browser cannot be started fails; nothing is ever skipped silently.

use std::fs;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::pg::PgCluster;
use crate::server::{self, Instance, Profile};
use crate::setup::{self, Needs};
use crate::util::{self, TempDir, run};
use crate::{Args, frontend};

pub const HELP: &str = "\
cargo xtask test [--only STAGES] [--keep-going]

Runs, in order: setup, fmt, clippy, unit, api-sqlite, api-postgres, browser.
Stops at the first failing stage and exits non-zero; prints a summary at the end.

  --only STAGES   comma-separated subset to run (for local work; CI runs everything)
  --keep-going    run the later stages after a failure too";

type StageFn = fn() -> Result<()>;

const STAGES: [(&str, &str, StageFn); 6] = [
    ("fmt", "Formatting (cargo fmt --check)", fmt),
    ("clippy", "Clippy, native and wasm32", clippy),
    ("unit", "Unit tests", unit),
    ("api-sqlite", "API tests against SQLite", api_sqlite),
    (
        "api-postgres",
        "API tests against PostgreSQL 15",
        api_postgres,
    ),
    ("browser", "Browser journeys in Chromium", browser),
];

enum Outcome {
    Passed(Duration),
    Failed(Duration, String),
    NotRun,
}

pub fn main(mut args: Args) -> Result<()> {
    let only = args.value("--only")?;
    let keep_going = args.flag("--keep-going");
    args.finish()?;
    let selected: Vec<&str> = match &only {
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        None => STAGES.iter().map(|s| s.0).collect(),
    };
    if let Some(unknown) = selected
        .iter()
        .find(|s| !STAGES.iter().any(|st| st.0 == **s))
    {
        let names: Vec<&str> = STAGES.iter().map(|s| s.0).collect();
        bail!("unknown stage `{unknown}`; stages: {}", names.join(", "));
    }
    let wants = |name: &str| selected.contains(&name);

    let needs = Needs {
        frontend: wants("clippy") || wants("browser"),
        browser: wants("browser"),
        postgres: wants("api-postgres"),
        wrk: false,
    };
    let mut results: Vec<(&str, Outcome)> = Vec::new();
    let started = Instant::now();
    let setup_result = setup::setup(needs);
    results.push(("setup", outcome(started, setup_result)));
    let mut failed = matches!(results[0].1, Outcome::Failed(..));

    for (name, title, stage) in STAGES {
        if !wants(name) {
            continue;
        }
        if failed && !keep_going {
            results.push((name, Outcome::NotRun));
            continue;
        }
        util::heading(title);
        let started = Instant::now();
        let result = outcome(started, stage());
        if let Outcome::Failed(_, msg) = &result {
            println!("\nstage {name} FAILED: {msg}");
            failed = true;
        }
        results.push((name, result));
    }
    summarise(&results)
}

fn outcome(started: Instant, result: Result<()>) -> Outcome {
    match result {
        Ok(()) => Outcome::Passed(started.elapsed()),
        Err(e) => Outcome::Failed(started.elapsed(), format!("{e:#}")),
    }
}

fn summarise(results: &[(&str, Outcome)]) -> Result<()> {
    util::heading("Summary");
    let (mut passed, mut failed) = (0, 0);
    for (name, result) in results {
        match result {
            Outcome::Passed(d) => {
                passed += 1;
                println!("  {name:<14} passed   {:>6.1} s", d.as_secs_f64());
            }
            Outcome::Failed(d, msg) => {
                failed += 1;
                let first = msg.lines().next().unwrap_or("");
                println!("  {name:<14} FAILED   {:>6.1} s  {first}", d.as_secs_f64());
            }
            Outcome::NotRun => println!("  {name:<14} not run (an earlier stage failed)"),
        }
    }
    println!("stages: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("{failed} stage(s) failed");
    }
    Ok(())
}

fn fmt() -> Result<()> {
    run(util::cargo().args(["fmt", "--all", "--check"]))
}

fn clippy() -> Result<()> {
    run(util::cargo().args([
        "clippy",
        "--workspace",
        "--exclude",
        "kehto-frontend",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(util::cargo().args([
        "clippy",
        "-p",
        "kehto-frontend",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))
}

fn unit() -> Result<()> {
    run(util::cargo().args([
        "test",
        "--workspace",
        "--exclude",
        "kehto-tests",
        "--exclude",
        "kehto-frontend",
    ]))
}

fn api_sqlite() -> Result<()> {
    run(util::cargo()
        .args(["test", "-p", "kehto-tests"])
        .env("KEHTO_TEST_DB", "sqlite"))
}

fn api_postgres() -> Result<()> {
    let cluster = PgCluster::start()?;
    println!("API tests against PostgreSQL 15 at {}", cluster.url());
    run(util::cargo()
        .args(["test", "-p", "kehto-tests"])
        .env("KEHTO_TEST_DB", cluster.url()))
}

fn browser() -> Result<()> {
    frontend::build()?;
    util::heading("Backend: debug build for the browser journeys");
    server::build(Profile::Debug)?;

    util::heading("Browser journeys in Chromium");
    let data = TempDir::new("browser")?;
    let logs = util::target_dir().join("xtask-logs");
    fs::create_dir_all(&logs)?;
    let log = logs.join("browser-server.log");
    let instance = Instance {
        bin: server::binary(Profile::Debug),
        data_dir: data.path().to_path_buf(),
        port: util::free_port()?,
        database_url: None,
        static_dir: util::root().join("frontend/dist"),
        log_filter: "info".into(),
    };
    instance.run(&["migrate"])?;
    instance.run(&["seed-demo"])?;
    let _server = instance.serve(&log)?;
    let screenshots = util::target_dir().join("browser-screenshots");
    let _ = fs::remove_dir_all(&screenshots);
    let result = run(util::tool("node")
        .args(["--test", "--test-concurrency=1", "tests/browser/"])
        .env("KEHTO_URL", instance.base_url())
        // Mail goes to the outbox of the data directory; journeys read links from it.
        .env("KEHTO_OUTBOX", data.path().join("outbox"))
        .env("KEHTO_SCREENSHOT_DIR", &screenshots));
    if result.is_err() {
        println!(
            "--- last lines of the server log ({}) ---\n{}",
            log.display(),
            util::tail(&log, 60)
        );
        println!("screenshots of failed journeys: {}", screenshots.display());
    }
    result
}
