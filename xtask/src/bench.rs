//! `cargo xtask bench`: throughput and latency of the release server on SQLite and on a
//! throwaway PostgreSQL 15, measured with `wrk` on 127.0.0.1 only. Figures, not pass/fail: runs
//! on shared 2-core machines vary by 10–30 %, so compare rows of one run as ratios.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::Args;
use crate::pg::PgCluster;
use crate::server::{self, Instance, Profile};
use crate::setup::{self, Needs};
use crate::util::{self, TempDir, kib};

pub const HELP: &str = "\
cargo xtask bench [--challenges N] [--duration SECS] [--engines sqlite,postgres]
cargo xtask bench matching [--orgs N] [--challenges N] [--samples N] [--engines sqlite,postgres]

Builds the release server; for each engine seeds N challenges (`kehto seed-bench`), starts the
server and runs `wrk -t2 -c64 -dSECS --latency` against the health check, the first and 50th
board page and a search. Prints req/s, p50 and p99 per engine and endpoint. Then, per engine,
the deadline rush: 200 companies upload 1 MB and submit at once (`cargo bench -p kehto-tests
--bench deadline_rush`): throughput, p50/p99, and receipts verified / lost.

  --challenges N   challenges to seed (default 10000)
  --duration SECS  seconds per wrk run (default 10)
  --engines LIST   engines to measure (default sqlite,postgres)

`bench matching`: per engine, a fresh database, `kehto migrate`, then `kehto bench-matching`:
generates N organisations with public profiles (default 20000) and N challenges (default 5000)
from the matchmaking evaluation set, and prints the index's start-up build time, p50/p95 of the
top-20 recommendations in each direction through the API's code path (database reads
included), and the cost of updating the index when a profile or a challenge changes.";

const ENDPOINTS: [(&str, &str); 4] = [
    ("healthz (ceiling)", "/healthz"),
    ("board page 1", "/api/v1/challenges?per_page=20"),
    ("board page 50", "/api/v1/challenges?per_page=20&page=50"),
    (
        "search kotihoito",
        "/api/v1/challenges?q=kotihoito&per_page=20",
    ),
];

/// What one wrk run reported.
#[derive(Debug, Default, PartialEq)]
pub struct WrkResult {
    pub requests_per_sec: f64,
    pub p50: String,
    pub p99: String,
    /// Non-2xx/3xx responses plus socket errors.
    pub errors: u64,
}

struct Row {
    engine: &'static str,
    endpoint: &'static str,
    result: Result<WrkResult, String>,
}

/// `--engines` as a list of engine names.
fn engines(args: &mut Args) -> Result<Vec<&'static str>> {
    args.value("--engines")?
        .unwrap_or_else(|| "sqlite,postgres".into())
        .split(',')
        .map(|e| match e.trim() {
            "sqlite" => Ok("sqlite"),
            "postgres" => Ok("postgres"),
            other => bail!("unknown engine `{other}` (sqlite, postgres)"),
        })
        .collect()
}

/// `cargo xtask bench matching`.
fn matching(mut args: Args) -> Result<()> {
    let number = |args: &mut Args, name: &str, default: u32| -> Result<String> {
        Ok(args
            .value(name)?
            .map(|v| v.parse::<u32>())
            .transpose()
            .context(name.to_owned())?
            .unwrap_or(default)
            .to_string())
    };
    let orgs = number(&mut args, "--orgs", 20_000)?;
    let challenges = number(&mut args, "--challenges", 5_000)?;
    let samples = number(&mut args, "--samples", 200)?;
    let engines = engines(&mut args)?;
    args.finish()?;
    setup::setup(Needs {
        postgres: engines.contains(&"postgres"),
        ..Needs::default()
    })?;
    util::heading("Backend: release build");
    server::build(Profile::Release)?;
    let mut outputs = Vec::new();
    for engine in engines {
        util::heading(&format!("Matchmaking benchmark on {engine}"));
        let data = TempDir::new("bench-matching")?;
        let cluster = if engine == "postgres" {
            Some(PgCluster::start()?)
        } else {
            None
        };
        let instance = Instance {
            bin: server::binary(Profile::Release),
            data_dir: data.path().join("data"),
            port: util::free_port()?,
            database_url: cluster.as_ref().map(PgCluster::url),
            static_dir: data.path().join("static"),
            log_filter: "warn".into(),
        };
        fs::create_dir_all(&instance.data_dir)?;
        instance.run(&["migrate"])?;
        let out = instance.output(&[
            "bench-matching",
            "--orgs",
            &orgs,
            "--challenges",
            &challenges,
            "--samples",
            &samples,
        ])?;
        println!("{out}");
        outputs.push((engine, out));
    }
    util::heading("Matchmaking benchmark results");
    for (engine, out) in outputs {
        println!("== {engine} ==\n{out}");
    }
    Ok(())
}

pub fn main(mut args: Args) -> Result<()> {
    if args.flag("matching") {
        return matching(args);
    }
    let challenges: u32 = args
        .value("--challenges")?
        .map(|v| v.parse())
        .transpose()
        .context("--challenges")?
        .unwrap_or(10_000);
    let duration: u32 = args
        .value("--duration")?
        .map(|v| v.parse())
        .transpose()
        .context("--duration")?
        .unwrap_or(10);
    let engines = engines(&mut args)?;
    args.finish()?;

    setup::setup(Needs {
        postgres: engines.contains(&"postgres"),
        wrk: true,
        ..Needs::default()
    })?;
    util::heading("Backend: release build");
    server::build(Profile::Release)?;
    util::heading("Text analysis (kehto-text)");
    util::run(util::cargo().args([
        "run",
        "--release",
        "--quiet",
        "-p",
        "kehto-text",
        "--example",
        "analyse_speed",
    ]))?;

    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for engine in engines {
        util::heading(&format!("Benchmark on {engine}"));
        let data = TempDir::new("bench")?;
        let cluster = if engine == "postgres" {
            Some(PgCluster::start()?)
        } else {
            None
        };
        let static_dir = data.path().join("static");
        fs::create_dir_all(&static_dir)?;
        fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>bench</title>",
        )?;
        let instance = Instance {
            bin: server::binary(Profile::Release),
            data_dir: data.path().join("data"),
            port: util::free_port()?,
            database_url: cluster.as_ref().map(PgCluster::url),
            static_dir,
            log_filter: "warn".into(),
        };
        fs::create_dir_all(&instance.data_dir)?;
        instance.run(&["migrate"])?;
        instance.run(&["seed-bench", "--challenges", &challenges.to_string()])?;
        let _server = instance.serve(&data.path().join("server.log"))?;
        for (name, path) in ENDPOINTS {
            if let Ok((status, _)) = util::http_get(instance.port, path)
                && status != 200
            {
                notes.push(format!("{engine} {name}: GET {path} answered {status}"));
            }
            let result = wrk(instance.port, path, duration).map_err(|e| format!("{e:#}"));
            if let Ok(r) = &result {
                println!(
                    "{name:<18} {:>10.0} req/s  p50 {:>9}  p99 {:>9}",
                    r.requests_per_sec, r.p50, r.p99
                );
            }
            rows.push(Row {
                engine,
                endpoint: name,
                result,
            });
        }
        if cluster.is_none() {
            notes.push(format!(
                "SQLite database files: {}",
                kib(dir_size(&instance.data_dir))
            ));
        }
        util::heading(&format!("Deadline rush on {engine}"));
        let db = cluster
            .as_ref()
            .map(PgCluster::url)
            .unwrap_or_else(|| "sqlite".into());
        util::run(
            util::cargo()
                .args(["bench", "-p", "kehto-tests", "--bench", "deadline_rush"])
                .env("KEHTO_TEST_DB", db),
        )?;
    }
    print_table(&rows, challenges, duration);
    for note in notes {
        println!("{note}");
    }
    Ok(())
}

fn wrk(port: u16, path: &str, duration: u32) -> Result<WrkResult> {
    let url = format!("http://127.0.0.1:{port}{path}");
    let out = util::read(util::tool("wrk").args([
        "-t2",
        "-c64",
        &format!("-d{duration}s"),
        "--latency",
        &url,
    ]))?;
    parse_wrk(&out).with_context(|| format!("could not read wrk's output:\n{out}"))
}

/// Reads Requests/sec, the 50 % and 99 % latency lines and the error counts from wrk's output.
pub fn parse_wrk(out: &str) -> Option<WrkResult> {
    let mut result = WrkResult::default();
    let mut seen_rate = false;
    for line in out.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(v)) => {
                result.requests_per_sec = v.parse().ok()?;
                seen_rate = true;
            }
            (Some("50%"), Some(v)) => result.p50 = v.to_string(),
            (Some("99%"), Some(v)) => result.p99 = v.to_string(),
            _ => {}
        }
        if let Some(n) = line.strip_prefix("Non-2xx or 3xx responses:") {
            result.errors += n.trim().parse::<u64>().unwrap_or(0);
        }
        if let Some(rest) = line.strip_prefix("Socket errors:") {
            result.errors += rest
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    (seen_rate && !result.p99.is_empty()).then_some(result)
}

fn print_table(rows: &[Row], challenges: u32, duration: u32) {
    util::heading("Benchmark results");
    println!("wrk -t2 -c64 -d{duration}s on 127.0.0.1, {challenges} challenges seeded\n");
    println!(
        "{:<10} {:<18} {:>10} {:>10} {:>10} {:>8}",
        "engine", "endpoint", "req/s", "p50", "p99", "errors"
    );
    for row in rows {
        match &row.result {
            Ok(r) => println!(
                "{:<10} {:<18} {:>10.0} {:>10} {:>10} {:>8}",
                row.engine, row.endpoint, r.requests_per_sec, r.p50, r.p99, r.errors
            ),
            Err(e) => println!(
                "{:<10} {:<18} failed: {}",
                row.engine,
                row.endpoint,
                e.lines().next().unwrap_or("")
            ),
        }
    }
    println!("errors: non-2xx responses plus socket errors (wrk gives up on a request after 2 s)");
    println!();
}

/// Total size of the files under `dir`.
fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        dir_size(&path)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
Running 10s test @ http://127.0.0.1:8080/healthz
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.90ms  392.44us  12.10ms   80.12%
    Req/Sec    36.01k     2.10k   40.90k    71.00%
  Latency Distribution
     50%  850.00us
     75%    1.07ms
     90%    1.33ms
     99%    2.28ms
  716432 requests in 10.00s, 85.40MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:  71634.40
Transfer/sec:      8.54MB
";

    #[test]
    fn parses_wrk_output() {
        let r = parse_wrk(OUTPUT);
        assert_eq!(
            r,
            Some(WrkResult {
                requests_per_sec: 71634.40,
                p50: "850.00us".into(),
                p99: "2.28ms".into(),
                errors: 8
            })
        );
        assert_eq!(
            parse_wrk("unable to connect to 127.0.0.1:1 Connection refused"),
            None
        );
    }
}
