//! The `kehto` binary as an operator uses it: its help, `migrate`, `create-admin`, `seed-demo`,
//! and `serve` answering, logging as JSON and stopping cleanly on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kehto() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kehto"));
    for var in [
        "DATABASE_URL",
        "KEHTO_DATA_DIR",
        "KEHTO_BIND",
        "KEHTO_BASE_URL",
        "KEHTO_SMTP_URL",
        "KEHTO_LOG",
    ] {
        c.env_remove(var);
    }
    c
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kehto-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn output(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn help_documents_every_setting_with_its_environment_variable() {
    let (ok, top) = output(kehto().arg("--help"));
    assert!(ok, "{top}");
    for word in [
        "serve",
        "migrate",
        "seed-demo",
        "create-admin",
        "--database-url",
        "DATABASE_URL",
        "--data-dir",
        "--log-format",
    ] {
        assert!(top.contains(word), "`kehto --help` mentions {word}:\n{top}");
    }
    assert!(
        !top.contains("seed-bench"),
        "the benchmark helper is hidden"
    );
    let (ok, serve) = output(kehto().args(["serve", "--help"]));
    assert!(ok);
    for word in [
        "--bind",
        "KEHTO_BIND",
        "--base-url",
        "--static-dir",
        "--smtp-url",
        "KEHTO_SMTP_URL",
        "--mail-from",
        "--trust-proxy",
    ] {
        assert!(
            serve.contains(word),
            "`kehto serve --help` mentions {word}:\n{serve}"
        );
    }
    let (ok, bad) = output(kehto().args(["serve", "--bind", "not-an-address"]));
    assert!(!ok && bad.contains("--bind"), "{bad}");
}

#[test]
fn migrate_seed_and_create_admin_on_a_fresh_data_directory() {
    let dir = temp_dir("admin");
    let (ok, text) = output(kehto().arg("--data-dir").arg(&dir).arg("migrate"));
    assert!(ok, "{text}");
    assert!(dir.join("kehto.db").exists());
    let (ok, text) = output(
        kehto()
            .arg("--data-dir")
            .arg(&dir)
            .args(["create-admin", "--email", "Admin@Example.fi"])
            .env("KEHTO_ADMIN_PASSWORD", "password1234"),
    );
    assert!(!ok && text.contains("too common"), "{text}");
    let (ok, text) = output(
        kehto()
            .arg("--data-dir")
            .arg(&dir)
            .args(["create-admin", "--email", "Admin@Example.fi"])
            .env("KEHTO_ADMIN_PASSWORD", "ylläpidon-pitkä-salalause"),
    );
    assert!(ok && text.contains("admin@example.fi"), "{text}");
    let (ok, text) = output(kehto().arg("--data-dir").arg(&dir).arg("seed-demo"));
    assert!(ok, "{text}");
    assert!(
        text.contains("already has data"),
        "demo data only goes into an empty database: {text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn serve_answers_and_stops_gracefully_on_sigterm() {
    let dir = temp_dir("serve");
    let port = free_port();
    let mut child = kehto()
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "--log-format",
            "json",
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--static-dir",
        ])
        .arg(dir.join("no-front-end"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let health = loop {
        if let Ok(r) = http_get(port, "/healthz") {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        health.starts_with("HTTP/1.1 200") && health.ends_with("ok"),
        "{health}"
    );
    let regions = http_get(port, "/api/v1/regions").unwrap();
    assert!(regions.contains("Pirkanmaan hyvinvointialue"));
    // SIGTERM: the process finishes and exits successfully.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop within 15 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let mut log = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(
        log.lines()
            .any(|l| l.starts_with('{') && l.contains("shutting down")),
        "structured JSON logs:\n{log}"
    );
    assert!(http_get(port, "/healthz").is_err(), "the port is closed");
    let _ = std::fs::remove_dir_all(&dir);
}
