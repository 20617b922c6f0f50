//! Running the real binary with a kill time, and reading its database between runs.

use std::fs::File;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::SmallRng;
use sqlx::SqlitePool;

/// How a run of the binary ended.
pub enum Run {
    /// It exited by itself (before its kill time, or racing it).
    Exited {
        ok: bool,
        stdout: String,
        stderr: String,
    },
    /// We killed it.
    Killed,
}

/// Runs `waybill --db DB ARGS`, killing it with SIGKILL once `kill_after` has passed.
pub async fn run(db: &Path, args: &[&str], kill_after: Option<Duration>) -> Run {
    let dir = db.parent().unwrap().to_path_buf();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waybill"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("WAYBILL_CREDENTIALS", "file")
        .stdout(Stdio::from(File::create(dir.join("stdout")).unwrap()))
        .stderr(Stdio::from(File::create(dir.join("stderr")).unwrap()));
    // Waiting off the runtime's threads, so the fake keeps answering.
    tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if kill_after.is_some_and(|d| started.elapsed() >= d) {
                // `Child::kill` is SIGKILL on Unix.
                child.kill().unwrap();
                break child.wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        // A run that finished just before the kill arrived counts as finished.
        if status.signal().is_some() {
            return Run::Killed;
        }
        Run::Exited {
            ok: status.success(),
            stdout: std::fs::read_to_string(dir.join("stdout")).unwrap_or_default(),
            stderr: std::fs::read_to_string(dir.join("stderr")).unwrap_or_default(),
        }
    })
    .await
    .unwrap()
}

/// Runs `waybill` to completion and insists that it succeeded; its stdout.
pub async fn must(db: &Path, args: &[&str]) -> String {
    match run(db, args, None).await {
        Run::Exited {
            ok: true, stdout, ..
        } => stdout,
        Run::Exited { stderr, .. } => panic!("waybill {args:?} failed: {stderr}"),
        Run::Killed => unreachable!("never killed without a kill time"),
    }
}

/// The generator for kill delays, from `WAYBILL_FAULT_SEED` or the clock (printed either way).
pub fn seeded(test: &str) -> SmallRng {
    let seed = std::env::var("WAYBILL_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
    println!("{test}: seed {seed} (replay with WAYBILL_FAULT_SEED={seed})");
    SmallRng::seed_from_u64(seed)
}

pub async fn open(db: &Path) -> SqlitePool {
    SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap()
}

/// Reads the database between runs (no binary is running then).
pub async fn query_pairs(db: &Path, sql: &str) -> Vec<(String, i64)> {
    let pool = open(db).await;
    let rows = sqlx::query_as::<_, (String, i64)>(sql)
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

pub async fn count(db: &Path, sql: &str) -> i64 {
    let pool = open(db).await;
    let n = sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("waybill.db");
    (dir, db)
}
