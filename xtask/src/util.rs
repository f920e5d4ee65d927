//! Helpers every task shares: where the repository and the tools are, how a command is shown
//! and run, free ports, and guards that remove temporary directories and stop child processes
//! however a task ends.
//!
//! Nothing here decides *what* to run; that is the business of the task modules.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs, thread};

use anyhow::{Context, Result, bail};

/// The repository root (the parent of this crate's manifest directory).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR` as cargo itself does.
pub fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    match (env::var_os("CARGO_HOME"), env::var_os("HOME")) {
        (Some(home), _) => PathBuf::from(home).join("bin"),
        (None, Some(home)) => PathBuf::from(home).join(".cargo/bin"),
        (None, None) => PathBuf::from("/root/.cargo/bin"),
    }
}

/// Project-local npm tools (binaryen's `wasm-opt`).
pub fn tools_bin() -> PathBuf {
    root().join(".tools/node_modules/.bin")
}

/// `PATH` for child processes: project tools first (so trunk finds binaryen 132 before any
/// Debian `wasm-opt`), then cargo's bin directory, then the inherited path.
pub fn tool_path() -> OsString {
    let mut dirs = vec![tools_bin(), cargo_bin()];
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).unwrap_or_else(|_| env::var_os("PATH").unwrap_or_default())
}

/// A command whose program is looked up on [`tool_path`], running in the repository root.
pub fn tool(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("PATH", tool_path()).current_dir(root());
    cmd
}

/// `cargo`, the same binary that runs this xtask.
pub fn cargo() -> Command {
    tool(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The full path of `name` on [`tool_path`], if it is there.
pub fn find_program(name: &str) -> Option<PathBuf> {
    env::split_paths(&tool_path())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Whether this process runs as root (then `apt-get` works directly and PostgreSQL must be
/// started as another user).
pub fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A command line as a person would type it, with the environment variables the task set.
pub fn show(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter(|(k, _)| *k != "PATH")
        .filter_map(|(k, v)| v.map(|v| format!("{}={}", k.to_string_lossy(), v.to_string_lossy())))
        .collect();
    parts.push(cmd.get_program().to_string_lossy().into_owned());
    parts.extend(cmd.get_args().map(|a| {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains([' ', '\'', '"', '&', '?']) {
            format!("'{a}'")
        } else {
            a.into_owned()
        }
    }));
    parts.join(" ")
}

/// Runs a command with inherited output, failing if it cannot start or exits non-zero.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = show(cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its standard output, failing (with its stderr) if it exits non-zero.
pub fn read(cmd: &mut Command) -> Result<String> {
    let shown = show(cmd);
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !out.status.success() {
        bail!(
            "`{shown}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Standard output and error of a command if it runs and succeeds; `None` otherwise. For
/// "is this tool here, and which version?" checks.
pub fn probe(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = tool(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| {
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        text
    })
}

/// Prints a section heading that stands out in a long CI log.
pub fn heading(title: &str) {
    println!("\n==================== {title} ====================");
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("no free port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

/// Sends one plain HTTP/1.1 GET to 127.0.0.1 and returns the status code and body.
pub fn http_get(port: u16, path: &str) -> Result<(u16, String)> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not an HTTP response from {addr}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// A directory under the system temp dir, removed with everything in it when dropped.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = env::temp_dir().join(format!("kehto-{label}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path)
            .with_context(|| format!("could not create {}", path.display()))?;
        Ok(Self { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// A child process started in its own process group; dropping the guard stops the whole group
/// (TERM, then KILL after a few seconds), so nothing it started is left running.
pub struct ProcessGuard {
    child: Child,
    name: String,
}

impl ProcessGuard {
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Self> {
        println!("$ {} &", show(cmd));
        let child = cmd
            .process_group(0)
            .spawn()
            .with_context(|| format!("could not start {name}"))?;
        Ok(Self {
            child,
            name: name.to_string(),
        })
    }

    /// Fails if the process has already exited.
    pub fn check_running(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("{} exited early ({status})", self.name);
        }
        Ok(())
    }

    /// Waits until `GET path` on 127.0.0.1:`port` answers 200, failing if the process exits or
    /// `timeout` passes first.
    pub fn wait_http_ok(&mut self, port: u16, path: &str, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            self.check_running()?;
            if let Ok((200, _)) = http_get(port, path) {
                return Ok(());
            }
            if start.elapsed() > timeout {
                bail!(
                    "{} did not answer 200 on http://127.0.0.1:{port}{path} within {timeout:?}",
                    self.name
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for ProcessGuard {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                // The leader is gone; make sure nothing else of its group lingers.
                self.signal_group("-KILL");
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        self.signal_group("-KILL");
        let _ = self.child.wait();
    }
}

/// The last `lines` lines of a text file, for showing a server log after a failure.
pub fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Human-readable size: bytes below 1 KiB, else KiB with one decimal, e.g. `123.4 KB`.
pub fn kib(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
