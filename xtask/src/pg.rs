//! A throwaway PostgreSQL 15 cluster for tests and benchmarks: a fresh data directory in a temp
//! dir, trust authentication, listening only on 127.0.0.1 at a free port, fsync off. Dropping
//! the [`PgCluster`] stops it (`pg_ctl stop -m immediate`) and removes the directory.
//!
//! PostgreSQL refuses to run as root, so as root every server tool runs as the `postgres` user
//! through `runuser`, on a directory owned by that user. It never touches a system cluster.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::setup::PG_BIN;
use crate::util::{self, TempDir, run};

/// A running throwaway cluster.
pub struct PgCluster {
    port: u16,
    data: PathBuf,
    log: PathBuf,
    as_postgres_user: bool,
    // Dropped after `Drop::drop` has stopped the server.
    dir: TempDir,
}

impl PgCluster {
    /// Creates and starts a cluster; waits until it accepts connections.
    pub fn start() -> Result<Self> {
        let bin = Path::new(PG_BIN);
        if !bin.join("postgres").is_file() {
            bail!(
                "PostgreSQL 15 is not installed ({PG_BIN}/postgres is missing): run `cargo xtask setup`"
            );
        }
        let dir = TempDir::new("pg")?;
        let as_postgres_user = util::is_root();
        if as_postgres_user {
            util::read(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(dir.path()),
            )
            .context("could not hand the cluster directory to the `postgres` user")?;
        }
        let cluster = Self {
            port: util::free_port()?,
            data: dir.path().join("data"),
            log: dir.path().join("postgres.log"),
            as_postgres_user,
            dir,
        };
        let mut initdb = cluster.pg_tool("initdb");
        initdb.arg("-D").arg(&cluster.data).args([
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]);
        util::read(&mut initdb).context("initdb failed")?;
        let options = format!(
            "-F -p {} -h 127.0.0.1 -k {} -c max_connections=300 -c full_page_writes=off -c synchronous_commit=off",
            cluster.port,
            cluster.dir.path().display()
        );
        let mut start = cluster.pg_tool("pg_ctl");
        start
            .arg("-D")
            .arg(&cluster.data)
            .arg("-l")
            .arg(&cluster.log)
            .args(["-w", "-t", "60", "-o", &options, "start"]);
        if let Err(e) = util::read(&mut start) {
            bail!(
                "{e:#}\n--- postgres.log ---\n{}",
                util::tail(&cluster.log, 30)
            );
        }
        cluster.wait_ready(Duration::from_secs(30))?;
        Ok(cluster)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `psql -c SQL` against the cluster with inherited output.
    pub fn psql(&self, sql: &str) -> Result<()> {
        run(Command::new(Path::new(PG_BIN).join("psql"))
            .args([
                "-X",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
            ])
            .args(["-p", &self.port.to_string(), "-c", sql]))
    }

    /// A server tool from the PostgreSQL 15 bin directory, as the `postgres` user when root.
    fn pg_tool(&self, name: &str) -> Command {
        let program = Path::new(PG_BIN).join(name);
        let mut cmd = if self.as_postgres_user {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        // The postgres user may not be allowed into the caller's working directory.
        cmd.current_dir(self.dir.path()).stdin(Stdio::null());
        cmd
    }

    fn wait_ready(&self, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            let ready = Command::new(Path::new(PG_BIN).join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            if start.elapsed() > timeout {
                bail!(
                    "PostgreSQL did not become ready\n--- postgres.log ---\n{}",
                    util::tail(&self.log, 30)
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let stopped = self
            .pg_tool("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "-t", "30", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if stopped {
            println!(
                "PostgreSQL on port {} stopped; removing {}",
                self.port,
                self.dir.path().display()
            );
        } else {
            eprintln!("warning: pg_ctl stop failed for {}", self.data.display());
        }
    }
}

/// `cargo xtask pg-check`: starts a cluster, asks its version, stops it, and checks that the
/// port is closed and the directory gone afterwards.
pub fn check() -> Result<()> {
    util::heading("PostgreSQL throwaway cluster self-check");
    let (port, dir) = {
        let cluster = PgCluster::start()?;
        println!("started at {}", cluster.url());
        cluster.psql("select version(), lower('ÄÅÖ') as lowercase_check")?;
        (cluster.port(), cluster.dir().to_path_buf())
    };
    if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        bail!("something still listens on port {port} after stopping the cluster");
    }
    if dir.exists() {
        bail!("{} was not removed", dir.display());
    }
    println!("pg-check: cluster started, answered and stopped cleanly");
    Ok(())
}
