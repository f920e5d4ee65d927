//! The app's WebAssembly, built in pieces: what every first visit needs, and what only some
//! pages need, loaded when one of them is opened.
//!
//! trunk builds the rest of `frontend/dist` (HTML, CSS, the translations); it cannot split
//! wasm, so this module does the Rust part itself:
//! 1. `cargo build` of `kehto-frontend` for `wasm32-unknown-unknown` with the `wasm-release`
//!    profile, in `frontend/` so that its `.cargo/config.toml` applies (`erase_components`, and
//!    `--emit-relocs` so that code can be moved between modules);
//! 2. `wasm_split_cli_support` cuts it at the `#[lazy]` functions and lazy routes of the app into
//!    a main module and `split_*.wasm` / `chunk_*.wasm` modules, plus `__wasm_split.js`, which
//!    loads them;
//! 3. `wasm-bindgen --target web` makes the main module's JS glue;
//! 4. binaryen's `wasm-opt -Oz` shrinks every module;
//! 5. the main module and its glue get a content hash in their names (they are cached for a
//!    year; the loader and the split modules keep plain names and are revalidated), and
//!    `index.html` gets the script that starts the app.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::util::{self, run, tool};

const PACKAGE: &str = "kehto-frontend";
const PROFILE: &str = "wasm-release";
/// The loader of the split modules, which the main module imports. Its name has no hash: it is
/// revalidated on every visit (see the server's cache rules), as are the split modules.
const LOADER: &str = "./__wasm_split.js";
/// Where the split modules find `initSync` and the shared memory before the main glue has its
/// final (hashed) name; replaced in `__wasm_split.js` afterwards.
const MAIN_PLACEHOLDER: &str = "./kehto-frontend.__main__.js";
/// The wasm features the build uses (LLVM's defaults for the target), for wasm-opt.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds the wasm into `dist` and adds the start-up script to `dist/index.html`.
pub fn build(dist: &Path) -> Result<()> {
    util::heading("Front end: wasm (cargo, split, wasm-bindgen, wasm-opt)");
    let input = compile()?;
    let work = dist.join(".wasm-work");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    let main_split = work.join("main.wasm");
    let bytes = fs::read(&input).with_context(|| format!("could not read {}", input.display()))?;
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&bytes);
        opts.output_dir = dist;
        opts.main_out_path = &main_split;
        opts.main_module = MAIN_PLACEHOLDER;
        opts.link_name = LOADER;
        opts
    })
    .map_err(|e| anyhow::anyhow!("splitting the wasm failed: {e:#}"))?;

    run(tool("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
        .args(["--remove-name-section", "--remove-producers-section"])
        .args(["--out-name", PACKAGE, "--out-dir"])
        .arg(&work)
        .arg(&main_split))?;
    let glue = work.join(format!("{PACKAGE}.js"));
    let main_wasm = work.join(format!("{PACKAGE}_bg.wasm"));

    let mut modules = split.split_modules.clone();
    modules.push(main_wasm.clone());
    for module in &modules {
        optimize(module)?;
    }

    // Content-hashed names for the main module and its glue.
    let glue_text = fs::read_to_string(&glue)?;
    let main_bytes = fs::read(&main_wasm)?;
    let hash = content_hash(&[glue_text.as_bytes(), &main_bytes]);
    let stem = format!("{PACKAGE}-{hash}");
    let wasm_name = format!("{stem}_bg.wasm");
    let js_name = format!("{stem}.js");
    fs::write(dist.join(&wasm_name), &main_bytes)?;
    fs::write(dist.join(&js_name), &glue_text)?;
    let loader_path = dist.join(LOADER.trim_start_matches("./"));
    let loader_text = fs::read_to_string(&loader_path)
        .with_context(|| format!("the splitter wrote no {}", loader_path.display()))?;
    fs::write(
        &loader_path,
        loader_text.replace(MAIN_PLACEHOLDER, &format!("./{js_name}")),
    )?;
    fs::remove_dir_all(&work)?;
    add_start_script(&dist.join("index.html"), &js_name, &wasm_name)?;
    println!(
        "main module {wasm_name}; {} module(s) loaded on demand",
        split.split_modules.len()
    );
    Ok(())
}

/// `cargo build` of the app; the path of the linked wasm.
fn compile() -> Result<PathBuf> {
    let mut cargo = util::cargo();
    cargo
        .args(["build", "-p", PACKAGE, "--target", "wasm32-unknown-unknown"])
        .args(["--profile", PROFILE])
        // In frontend/, so that cargo reads frontend/.cargo/config.toml: `erase_components` and
        // `--emit-relocs` (the relocations the splitter needs).
        .current_dir(util::root().join("frontend"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        // The splitter needs the symbol table too; wasm-bindgen and wasm-opt drop what the
        // browser does not need afterwards.
        .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false");
    if let Err(e) = run(&mut cargo) {
        return Err(e.context("the front end does not compile"));
    }
    let wasm = util::target_dir()
        .join("wasm32-unknown-unknown")
        .join(PROFILE)
        .join(format!("{PACKAGE}.wasm"));
    if !wasm.is_file() {
        bail!("cargo built no {}", wasm.display());
    }
    Ok(wasm)
}

fn optimize(module: &Path) -> Result<()> {
    let out = module.with_extension("opt.wasm");
    run(tool("wasm-opt")
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(module)
        .arg("-o")
        .arg(&out))?;
    fs::rename(&out, module)?;
    Ok(())
}

/// 16 hex digits of FNV-1a over the parts: enough to tell builds apart in a cache key.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Adds the preload hints and the module script that starts the app to `index.html`.
fn add_start_script(index: &Path, js_name: &str, wasm_name: &str) -> Result<()> {
    let html = fs::read_to_string(index)?;
    let script = format!(
        "<link rel=\"modulepreload\" href=\"/{js_name}\">\
         <link rel=\"preload\" href=\"/{wasm_name}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\">import init from '/{js_name}';init({{module_or_path:'/{wasm_name}'}});</script>\n"
    );
    let Some(at) = html.find("</head>") else {
        bail!("{} has no </head>", index.display());
    };
    let mut out = html;
    out.insert_str(at, &script);
    fs::write(index, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_differ_by_content() {
        assert_ne!(content_hash(&[b"a"]), content_hash(&[b"b"]));
        assert_eq!(content_hash(&[b"ab"]), content_hash(&[b"a", b"b"]));
    }
}
