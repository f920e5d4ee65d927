//! The `kehto` binary as a separate process, for tests that must kill the server the hard way
//! (SIGKILL) and start it again on the same database.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `kehto` binary: `KEHTO_BIN` if set (xtask sets it), else built now with cargo.
pub fn kehto_binary() -> PathBuf {
    if let Ok(bin) = std::env::var("KEHTO_BIN") {
        return PathBuf::from(bin);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&workspace)
        .args(["build", "-q", "-p", "kehto-backend", "--bin", "kehto"])
        .status()
        .expect("cargo build");
    assert!(status.success(), "building the kehto binary failed");
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace.join("target"));
    target.join("debug").join("kehto")
}

/// A running `kehto serve`.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `kehto serve` on a free port with `database_url` and `data_dir`, and waits until
    /// `/healthz` answers.
    pub fn start(bin: &Path, database_url: &str, data_dir: &Path) -> Server {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let child = Command::new(bin)
            .args(["--database-url", database_url, "--data-dir"])
            .arg(data_dir)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("KEHTO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start kehto serve");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            assert!(Instant::now() < deadline, "kehto serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, base }
    }

    /// SIGKILL: no shutdown, no flushing — as a power cut or an OOM kill would end it.
    pub fn kill_hard(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a one-off `kehto` command (e.g. `seed-demo`) on `database_url` and `data_dir`.
pub fn run_command(bin: &Path, database_url: &str, data_dir: &Path, args: &[&str]) {
    let out = Command::new(bin)
        .args(["--database-url", database_url, "--data-dir"])
        .arg(data_dir)
        .args(args)
        .output()
        .expect("run kehto");
    assert!(
        out.status.success(),
        "kehto {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
