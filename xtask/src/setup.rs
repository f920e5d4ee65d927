//! `cargo xtask setup`: installs, idempotently, every tool the other tasks need, printing each
//! step. Only package registries are reachable, so everything comes from crates.io, npm or
//! Debian; trunk must never download anything itself (see `shared/TOOLCHAIN.md`).
//!
//! Checks come first and are cheap, so running setup on a prepared machine takes a second.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::util::{self, find_program, probe, run, tool};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
pub const CHROMIUM: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a task needs beyond the front-end toolchain (wasm target, trunk, wasm-bindgen,
/// binaryen, brotli), which every task that builds the front end needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// The front-end toolchain; `bench` does not build the front end.
    pub frontend: bool,
    /// Chromium and the npm packages of `tests/browser`.
    pub browser: bool,
    /// PostgreSQL 15 server binaries.
    pub postgres: bool,
    /// `wrk` for `bench`.
    pub wrk: bool,
}

impl Needs {
    pub const ALL: Needs = Needs {
        frontend: true,
        browser: true,
        postgres: true,
        wrk: true,
    };
}

/// Installs whatever `needs` asks for and is missing.
pub fn setup(needs: Needs) -> Result<()> {
    util::heading("Setup");
    debian_packages(needs)?;
    if needs.browser {
        node_packages()?;
    }
    if needs.frontend {
        wasm_target()?;
        binaryen()?;
        trunk()?;
        wasm_bindgen()?;
    }
    println!("setup: everything is in place");
    Ok(())
}

fn step(what: &str, state: &str) {
    println!("setup: {what:<28} {state}");
}

/// Debian packages, installed in one `apt-get` run after one `apt-get update`.
fn debian_packages(needs: Needs) -> Result<()> {
    let mut missing: Vec<&str> = Vec::new();
    let mut want = |what: &str, present: bool, packages: &[&'static str]| {
        step(
            what,
            if present {
                "present"
            } else {
                "missing: will install"
            },
        );
        if !present {
            missing.extend_from_slice(packages);
        }
    };
    if needs.frontend {
        want("brotli", find_program("brotli").is_some(), &["brotli"]);
        want("gzip", find_program("gzip").is_some(), &["gzip"]);
    }
    if needs.browser {
        want(
            "chromium",
            Path::new(CHROMIUM).is_file(),
            &["chromium", "chromium-driver"],
        );
    }
    if needs.postgres {
        want(
            "postgresql 15",
            Path::new(PG_BIN).join("postgres").is_file(),
            &["postgresql-15"],
        );
    }
    if needs.wrk {
        want("wrk", find_program("wrk").is_some(), &["wrk"]);
    }
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = !util::is_root();
    if sudo && find_program("sudo").is_none() {
        bail!(
            "not root and no sudo: install the Debian packages {} by hand",
            missing.join(" ")
        );
    }
    let apt = |args: &[&str]| {
        let mut cmd = if sudo { tool("sudo") } else { tool("apt-get") };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y"]);
    install.args(&missing);
    run(&mut install)
}

fn wasm_target() -> Result<()> {
    let installed = probe("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step(WASM_TARGET, "present");
        return Ok(());
    }
    step(WASM_TARGET, "missing: adding");
    run(tool("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    let version = probe("trunk", &["--version"]).unwrap_or_default();
    if version.split_whitespace().any(|w| w == TRUNK_VERSION) {
        step(&format!("trunk {TRUNK_VERSION}"), "present");
        return Ok(());
    }
    step(
        &format!("trunk {TRUNK_VERSION}"),
        "missing: cargo install (about 8 minutes on 2 cores)",
    );
    run(util::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// wasm-bindgen-cli must equal the `wasm-bindgen` crate in Cargo.lock exactly, or trunk tries
/// to download a matching one. Its own lock file names a crate the registry lacks, hence no
/// `--locked`.
fn wasm_bindgen() -> Result<()> {
    let lock_path = util::root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .with_context(|| format!("could not read {}", lock_path.display()))?;
    let wanted = locked_version(&lock, "wasm-bindgen")?;
    let version = probe("wasm-bindgen", &["--version"]).unwrap_or_default();
    let label = format!("wasm-bindgen-cli {wanted}");
    if version.split_whitespace().any(|w| w == wanted) {
        step(&label, "present");
        return Ok(());
    }
    step(&label, "missing: cargo install (about 3 minutes)");
    run(util::cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
    ]))
}

/// The single version of `name` in a Cargo.lock.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    let mut versions: Vec<String> = Vec::new();
    let mut current: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current = None;
        } else if let Some(n) = line.strip_prefix("name = ") {
            current = Some(n.trim_matches('"'));
        } else if let Some(v) = line.strip_prefix("version = ")
            && current == Some(name)
        {
            let v = v.trim_matches('"').to_string();
            if !versions.contains(&v) {
                versions.push(v);
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("Cargo.lock has no `{name}` package"),
        many => bail!(
            "Cargo.lock has several `{name}` versions ({}); trunk needs exactly one",
            many.join(", ")
        ),
    }
}

/// binaryen 132 from npm into `.tools/`; Debian's binaryen builds modules that crash.
fn binaryen() -> Result<()> {
    let wasm_opt = util::tools_bin().join("wasm-opt");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let version = probe(&wasm_opt, &["--version"]).unwrap_or_default();
    let label = format!("binaryen {BINARYEN_VERSION} (npm)");
    if version.contains(&format!("version {major}")) {
        step(&label, "present");
        return Ok(());
    }
    step(&label, "missing: npm install into .tools/");
    need_node()?;
    run(tool("npm")
        .args(["install", "--prefix", ".tools", "--no-audit", "--no-fund"])
        .arg(format!("binaryen@{BINARYEN_VERSION}")))
}

/// `npm ci` in `tests/browser`, skipped when `node_modules` was installed from the same lock.
fn node_packages() -> Result<()> {
    let dir = util::root().join("tests/browser");
    let lock = fs::read(dir.join("package-lock.json"))
        .context("tests/browser/package-lock.json is missing")?;
    let stamp = dir.join("node_modules/.kehto-installed-lock");
    if fs::read(&stamp).is_ok_and(|s| s == lock) {
        step("tests/browser npm packages", "present");
        return Ok(());
    }
    step("tests/browser npm packages", "missing: npm ci");
    need_node()?;
    run(tool("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))?;
    fs::write(&stamp, lock).context("could not write the npm install stamp")
}

fn need_node() -> Result<()> {
    let version = probe("node", &["--version"])
        .context("Node.js (20 or newer) and npm are needed but `node` is missing")?;
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        bail!("Node.js 20 or newer is needed; found {}", version.trim());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.999"
"#;

    #[test]
    fn finds_the_locked_version() -> Result<()> {
        assert_eq!(locked_version(LOCK, "wasm-bindgen")?, "0.2.130");
        assert!(locked_version(LOCK, "trunk").is_err());
        let doubled =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n");
        assert!(locked_version(&doubled, "wasm-bindgen").is_err());
        Ok(())
    }
}
