//! `cargo xtask run`: set up, build the front end and the release server, load the demo data
//! (only into an empty database) and serve in the foreground until interrupted.

use std::fs;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::server::{self, Profile};
use crate::setup::{self, Needs};
use crate::util::{self, run};
use crate::{Args, frontend};

pub const HELP: &str = "\
cargo xtask run [--bind ADDR] [--data-dir DIR]

Sets up the toolchain, builds the front end and the release server, runs `kehto seed-demo`
(loads demo data into an empty database only) and then `kehto serve` in the foreground.
The server's own environment variables (DATABASE_URL, KEHTO_*) are passed through.

  --bind ADDR      address to listen on (KEHTO_BIND; default 127.0.0.1:8080)
  --data-dir DIR   data directory (KEHTO_DATA_DIR; default ./data)";

pub fn main(mut args: Args) -> Result<()> {
    let bind = args.value("--bind")?;
    let data_dir = args.value("--data-dir")?;
    args.finish()?;

    setup::setup(Needs {
        frontend: true,
        ..Needs::default()
    })?;
    frontend::build()?;
    util::heading("Backend: release build");
    server::build(Profile::Release)?;

    let bin = server::binary(Profile::Release);
    let configure = |cmd: &mut std::process::Command| {
        if let Some(bind) = &bind {
            cmd.env("KEHTO_BIND", bind);
        }
        if let Some(dir) = &data_dir {
            cmd.env("KEHTO_DATA_DIR", dir);
        }
    };
    util::heading("Demo data");
    let mut seed = util::tool(&bin);
    seed.arg("seed-demo").stdin(Stdio::null());
    configure(&mut seed);
    run(&mut seed)?;

    util::heading("Serving");
    let listen = bind
        .clone()
        .or_else(|| std::env::var("KEHTO_BIND").ok())
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let port: u16 = listen
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .context("--bind must end in :PORT")?;
    let mut serve = util::tool(&bin);
    serve.arg("serve").stdin(Stdio::null());
    configure(&mut serve);
    println!("$ {}", util::show(&serve));
    // Same process group: Ctrl-C reaches the server directly.
    let mut child = serve.spawn().context("could not start the server")?;
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("the server exited ({status})");
        }
        if let Ok((200, _)) = util::http_get(port, "/healthz") {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the server did not answer /healthz on port {port} within a minute");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let host = listen
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    let host = if host == "0.0.0.0" || host.is_empty() {
        "127.0.0.1"
    } else {
        host
    };
    println!("\nKehto is running at http://{host}:{port}");
    match demo_sign_ins() {
        Ok(text) => println!("{text}"),
        Err(e) => println!("(demo sign-ins unavailable: {e:#})"),
    }
    println!("Press Ctrl-C to stop.");
    let status = child.wait()?;
    if !status.success() {
        bail!("the server exited ({status})");
    }
    Ok(())
}

/// The demo accounts from `backend/demo/demo.json`, one line each, and the shared password.
pub fn demo_sign_ins() -> Result<String> {
    let path = util::root().join("backend/demo/demo.json");
    let text =
        fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    format_sign_ins(
        &serde_json::from_str(&text).context("backend/demo/demo.json is not valid JSON")?,
    )
}

fn format_sign_ins(demo: &Value) -> Result<String> {
    let password = demo["password"]
        .as_str()
        .context("demo.json has no \"password\"")?;
    let users = demo["users"]
        .as_array()
        .context("demo.json has no \"users\" list")?;
    let rows: Vec<(String, String)> = users
        .iter()
        .map(|u| {
            let email = u["email"].as_str().unwrap_or("?").to_string();
            let mut roles: Vec<String> = u["memberships"]
                .as_array()
                .map(|ms| {
                    ms.iter()
                        .map(|m| {
                            let role = m["role"].as_str().unwrap_or("member");
                            match m["org"].as_str() {
                                Some(org) => format!("{role} ({org})"),
                                None => role.to_string(),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let is_admin = u.as_object().is_some_and(|o| {
                o.iter()
                    .any(|(k, v)| k.contains("admin") && v == &Value::Bool(true))
            });
            if is_admin {
                roles.insert(0, "platform admin".into());
            }
            let roles = if roles.is_empty() {
                "no organisation".to_string()
            } else {
                roles.join(", ")
            };
            (email, roles)
        })
        .collect();
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(5);
    let mut out = format!("Demo sign-ins (every account's password: {password}):\n");
    for (email, roles) in rows {
        out.push_str(&format!("  {email:<width$}  {roles}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_demo_accounts() -> Result<()> {
        let demo = serde_json::json!({
            "password": "Demo-salasana-2025",
            "users": [
                {"email": "koordinaattori@pirkanmaa.example", "display_name": "K",
                 "memberships": [{"org": "pirkanmaa", "role": "coordinator"}]},
                {"email": "admin@kehto.example", "display_name": "A", "is_admin": true, "memberships": []}
            ]
        });
        let text = format_sign_ins(&demo)?;
        assert!(text.contains("Demo-salasana-2025"));
        assert!(text.contains("koordinaattori@pirkanmaa.example  coordinator (pirkanmaa)"));
        assert!(text.contains("platform admin"));
        Ok(())
    }
}
