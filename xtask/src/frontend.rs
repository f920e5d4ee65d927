//! `cargo xtask build-frontend`: the release build of the front end (trunk for the page, the
//! styles and the translations; [`crate::app_wasm`] for the wasm), precompressed `.br` and `.gz`
//! siblings for the server to send as they are, and the size budget.
//!
//! The budget is on what a first visit downloads: the brotli size of the main wasm module, the
//! JS and the CSS. The modules of pages that are loaded when first opened (`split_*.wasm`,
//! `chunk_*.wasm`) are listed and totalled separately.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::util::{self, kib, run, tool};

/// The most a first visit may download (brotli bytes of the main wasm module + JS + CSS).
pub const BUDGET_BYTES: u64 = 350 * 1024;
/// Smaller files are not worth compressing.
const PRECOMPRESS_MIN_BYTES: u64 = 1024;

/// Builds `frontend/dist`, precompresses it and checks the size budget.
pub fn build() -> Result<()> {
    util::heading("Front end: trunk release build");
    let frontend = util::root().join("frontend");
    if !frontend.join("shell/index.html").is_file() {
        bail!("frontend/shell/index.html is missing: the front end has not been written yet");
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
    crate::app_wasm::build(&dist)?;
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

/// A module that is only downloaded when a page that needs it is opened.
fn loaded_on_demand(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.ends_with(".wasm") && (file.starts_with("split_") || file.starts_with("chunk_"))
}

/// Prints raw and brotli sizes of the wasm, JS and CSS, and fails when what a first visit
/// downloads is over [`BUDGET_BYTES`].
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
            "{} holds no wasm, JS or CSS: did the build write anything?",
            dist.display()
        );
    }
    rows.sort_by_key(|r| (loaded_on_demand(&r.0), std::cmp::Reverse(r.2)));
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(24);
    println!("\n{:<width$}  {:>12}  {:>12}", "file", "raw", "brotli");
    let mut first = (0u64, 0u64);
    let mut later = (0u64, 0u64);
    for (name, raw, br) in &rows {
        let on_demand = loaded_on_demand(name);
        let sum = if on_demand { &mut later } else { &mut first };
        sum.0 += raw;
        sum.1 += br;
        let note = if on_demand { "  (when needed)" } else { "" };
        println!("{name:<width$}  {:>12}  {:>12}{note}", kib(*raw), kib(*br));
    }
    println!(
        "{:<width$}  {:>12}  {:>12}",
        "first visit",
        kib(first.0),
        kib(first.1)
    );
    println!(
        "{:<width$}  {:>12}  {:>12}",
        "loaded when needed",
        kib(later.0),
        kib(later.1)
    );
    println!(
        "{:<width$}  {:>12}  {:>12}",
        "everything",
        kib(first.0 + later.0),
        kib(first.1 + later.1)
    );
    println!(
        "budget: {} brotli for what a first visit downloads; used {} ({} bytes)",
        kib(BUDGET_BYTES),
        kib(first.1),
        first.1
    );
    if first.1 > BUDGET_BYTES {
        bail!(
            "a first visit downloads {} brotli, over the {} budget",
            kib(first.1),
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
        // Modules loaded when a page needs them are not part of the first visit.
        fs::write(d.join("split_editor_1.wasm"), vec![0u8; 300_000])?;
        fs::write(d.join("split_editor_1.wasm.br"), vec![0u8; 300_000])?;
        report_sizes(d)?;
        fs::write(d.join("app_bg.wasm.br"), vec![0u8; 360_000])?;
        assert!(report_sizes(d).is_err());
        Ok(())
    }
}
