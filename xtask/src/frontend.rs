//! `cargo xtask build-frontend`: the release build of the front end with trunk, precompressed
//! `.br` and `.gz` siblings for the server to send as they are, and the size budget.
//!
//! The budget is on what a first visit downloads: the brotli size of all wasm, JS and CSS.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::util::{self, kib, run, tool};

/// The most a first visit may download (brotli bytes of wasm + JS + CSS).
pub const BUDGET_BYTES: u64 = 350 * 1024;
/// Smaller files are not worth compressing.
const PRECOMPRESS_MIN_BYTES: u64 = 1024;

/// Builds `frontend/dist`, precompresses it and checks the size budget.
pub fn build() -> Result<()> {
    util::heading("Front end: trunk release build");
    let frontend = util::root().join("frontend");
    if !frontend.join("index.html").is_file() {
        bail!("frontend/index.html is missing: the front end has not been written yet");
    }
    let trunk = run(tool("trunk")
        .args(["build", "--release=true"])
        .current_dir(&frontend)
        .env("TRUNK_OFFLINE", "true")
        .env("TRUNK_SKIP_VERSION_CHECK", "true"));
    if let Err(e) = trunk {
        // trunk reads cargo's JSON messages and does not show compiler errors; cargo check does.
        println!("trunk failed; the compiler's view of the front end:");
        let _ = run(util::cargo().args([
            "check",
            "-p",
            "kehto-frontend",
            "--target",
            "wasm32-unknown-unknown",
        ]));
        return Err(e);
    }
    let dist = frontend.join("dist");
    precompress(&dist)?;
    report_sizes(&dist)
}

/// Every file under `dir`, recursively, in a stable order.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("could not list {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_compressed_copy(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Writes `X.br` (brotli -q 11) and `X.gz` (gzip -9) next to every file of at least 1 KB.
fn precompress(dist: &Path) -> Result<()> {
    let mut count = 0;
    for path in files(dist)? {
        if is_compressed_copy(&path) {
            continue;
        }
        if fs::metadata(&path)?.len() < PRECOMPRESS_MIN_BYTES {
            for ext in ["br", "gz"] {
                let _ = fs::remove_file(sibling(&path, ext));
            }
            continue;
        }
        util::read(
            tool("brotli")
                .args(["-q", "11", "-f", "-o"])
                .arg(sibling(&path, "br"))
                .arg(&path),
        )?;
        util::read(tool("gzip").args(["-9", "-n", "-k", "-f"]).arg(&path))?;
        count += 1;
    }
    println!(
        "precompressed {count} files (brotli -q 11, gzip -9) in {}",
        dist.display()
    );
    Ok(())
}

/// Prints raw and brotli sizes of the wasm, JS and CSS and fails over [`BUDGET_BYTES`].
fn report_sizes(dist: &Path) -> Result<()> {
    let mut rows = Vec::new();
    for path in files(dist)? {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let raw = fs::metadata(&path)?.len();
        // Files below the threshold are sent as they are.
        let br = fs::metadata(sibling(&path, "br"))
            .map(|m| m.len())
            .unwrap_or(raw);
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .display()
            .to_string();
        rows.push((name, raw, br));
    }
    if rows.is_empty() {
        bail!(
            "{} holds no wasm, JS or CSS: did trunk build anything?",
            dist.display()
        );
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.2));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
    println!("\n{:<width$}  {:>12}  {:>12}", "file", "raw", "brotli");
    for (name, raw, br) in &rows {
        println!("{name:<width$}  {:>12}  {:>12}", kib(*raw), kib(*br));
    }
    let total_raw: u64 = rows.iter().map(|r| r.1).sum();
    let total_br: u64 = rows.iter().map(|r| r.2).sum();
    println!(
        "{:<width$}  {:>12}  {:>12}",
        "total",
        kib(total_raw),
        kib(total_br)
    );
    println!(
        "budget: {} brotli for wasm + JS + CSS; used {} ({total_br} bytes)",
        kib(BUDGET_BYTES),
        kib(total_br)
    );
    if total_br > BUDGET_BYTES {
        bail!(
            "the front end is {} brotli, over the {} budget",
            kib(total_br),
            kib(BUDGET_BYTES)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::TempDir;

    #[test]
    fn counts_brotli_sizes_against_the_budget() -> Result<()> {
        let dist = TempDir::new("dist-test")?;
        let d = dist.path();
        fs::write(d.join("app_bg.wasm"), vec![0u8; 400_000])?;
        fs::write(d.join("app_bg.wasm.br"), vec![0u8; 200_000])?;
        fs::write(d.join("app.js"), vec![b'x'; 900])?;
        fs::write(d.join("index.html"), vec![b'x'; 5000])?;
        report_sizes(d)?;
        fs::write(d.join("app_bg.wasm.br"), vec![0u8; 360_000])?;
        assert!(report_sizes(d).is_err());
        Ok(())
    }
}
