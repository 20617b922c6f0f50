//! Opening a database: a new file is created and migrated, an existing one keeps its data, and
//! a file Waybill cannot safely use is refused with the error people can act on — never replaced
//! by a silent new empty database.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};
use tempfile::TempDir;
use waybill_core::query::OrderFilter;
use waybill_store::{Store, StoreError};

use common::*;

/// Longer than the store's 5 s busy timeout; an open that takes longer than this is hanging.
const GIVE_UP: Duration = Duration::from_secs(30);

async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(path))
        .await
        .expect("raw connection")
}

/// Deterministic bytes that are not an SQLite database.
fn garbage(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn migration_files() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    fs::read_dir(dir)
        .expect("migrations dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}

#[tokio::test]
async fn opening_a_missing_file_creates_it_and_applies_every_migration() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nested").join("deeper").join("waybill.db");
    assert!(!path.exists());

    let store = Store::open(&path).await.expect("a new database opens");
    assert!(path.exists(), "the file is created");
    assert_eq!(store.path(), path.as_path());
    let counts = store.tab_counts(&OrderFilter::default()).await.unwrap();
    assert_eq!(counts.len(), 7, "every status tab exists");
    assert!(counts.iter().all(|c| c.count == 0));
    store.close().await;

    let mut conn = raw(&path).await;
    let applied: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        applied,
        migration_files() as i64,
        "every migration in migrations/ is applied to a new database"
    );
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(journal, "wal", "the database runs in WAL mode");
}

#[tokio::test]
async fn reopening_an_existing_database_keeps_its_data() {
    let db = fresh().await;
    let channel = add_channel(&db.store, "Shop").await;
    let o = order(&channel, "1001", "Ada Lovelace");
    insert(&db.store, std::slice::from_ref(&o)).await;
    let mut tx = db.store.begin().await.unwrap();
    tx.set_meta("operator", "ana").await.unwrap();
    tx.commit().await.unwrap();
    db.store.close().await;

    let store = Store::open(&db.path)
        .await
        .expect("an existing database reopens");
    let again = store
        .order(&o.id)
        .await
        .unwrap()
        .expect("the order is kept");
    assert_eq!(again.order, o);
    assert_eq!(again.version, 1);
    assert_eq!(store.channels().await.unwrap()[0].id, channel);
    assert_eq!(
        store.meta("operator").await.unwrap().as_deref(),
        Some("ana")
    );
    assert_eq!(store.order_count().await.unwrap(), 1);
    // Reopening twice more must not re-run migrations or fail.
    store.close().await;
    let store = Store::open(&db.path).await.expect("a third open works too");
    assert_eq!(store.order_count().await.unwrap(), 1);
}

#[tokio::test]
async fn a_garbage_file_is_refused_as_corrupt_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("waybill.db");
    let bytes = garbage(64 * 1024);
    fs::write(&path, &bytes).unwrap();

    let err = Store::open(&path)
        .await
        .err()
        .expect("a garbage file must not open");
    assert!(
        matches!(err, StoreError::Corrupt(_)),
        "expected Corrupt, got {err:?}"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "the damaged file is never overwritten by a new database"
    );
}

#[tokio::test]
async fn a_database_with_a_damaged_schema_page_is_refused_as_corrupt() {
    let db = fresh().await;
    add_channel(&db.store, "Shop").await;
    let (_dir, path) = settled_copy(&db).await;
    let mut bytes = fs::read(&path).unwrap();
    // Keep the 100-byte header (so it still looks like SQLite) and wreck the rest of page 1,
    // which holds the schema.
    let page = 4096.min(bytes.len());
    bytes[100..page].copy_from_slice(&garbage(page - 100));
    fs::write(&path, &bytes).unwrap();

    let err = Store::open(&path)
        .await
        .err()
        .expect("a damaged database must not open");
    assert!(
        matches!(err, StoreError::Corrupt(_)),
        "expected Corrupt, got {err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes, "never rewritten");
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_version_is_refused_as_too_new() {
    let db = fresh().await;
    db.store.close().await;
    let mut conn = raw(&db.path).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999999999999, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let err = Store::open(&db.path)
        .await
        .err()
        .expect("a newer schema must not open");
    assert!(
        matches!(err, StoreError::TooNew(99_999_999_999_999)),
        "expected TooNew(99999999999999), got {err:?}"
    );
    let mut conn = raw(&db.path).await;
    let still: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE version = 99999999999999")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(still, 1, "the newer database is left as it was");
}

/// The database file alone, fully written, in a directory no connection has touched.
///
/// `Store::close` can return before SQLite has finished closing (see
/// `closing_the_store_leaves_every_commit_in_the_database_file`), and a connection still
/// closing keeps the -wal/-shm files around. Tests about how a file opens must not depend on
/// that race: they checkpoint the WAL into the file and test a copy of it.
async fn settled_copy(db: &TestDb) -> (TempDir, PathBuf) {
    db.store.close().await;
    let mut conn = raw(&db.path).await;
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .expect("checkpoint");
    conn.close().await.unwrap();
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("waybill.db");
    fs::copy(&db.path, &path).unwrap();
    (dir, path)
}

/// Restores a path's permissions (and removes the immutable attribute) when dropped, so the
/// temporary directory can always be deleted.
struct Restore {
    paths: Vec<PathBuf>,
    immutable: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        for p in &self.paths {
            if self.immutable {
                let _ = std::process::Command::new("chattr")
                    .arg("-i")
                    .arg(p)
                    .status();
            }
            let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o755));
        }
    }
}

fn writable(p: &Path) -> bool {
    fs::OpenOptions::new().append(true).open(p).is_ok()
}

/// Whether this process ignores file permissions (root, or CAP_DAC_OVERRIDE).
fn permissions_are_ignored() -> bool {
    let dir = TempDir::new().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, b"x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o444)).unwrap();
    writable(&probe)
}

const UNPRIVILEGED: &str = "WAYBILL_TEST_UNPRIVILEGED";

/// Runs one test of this binary again as the unprivileged `nobody` user (for root, whom file
/// permissions do not stop). `None` when that is not possible here.
fn rerun_unprivileged(test: &str) -> Option<bool> {
    let exe = std::env::current_exe().ok()?;
    // The child makes its temporary files where `nobody` may write.
    let tmp = Path::new("/tmp");
    let world_writable = fs::metadata(tmp).is_ok_and(|m| m.permissions().mode() & 0o002 != 0);
    if !world_writable {
        return None;
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(UNPRIVILEGED, "1")
        .env("TMPDIR", tmp)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    stdout
        .contains("running 1 test")
        .then_some(out.status.success())
}

#[tokio::test]
async fn a_read_only_database_is_refused_as_read_only() {
    const NAME: &str = "a_read_only_database_is_refused_as_read_only";
    if permissions_are_ignored() {
        assert!(
            std::env::var_os(UNPRIVILEGED).is_none(),
            "permissions are ignored even as nobody"
        );
        match rerun_unprivileged(NAME) {
            Some(passed) => assert!(
                passed,
                "{NAME} failed as the unprivileged user (output above)"
            ),
            None => println!(
                "SKIPPED {NAME}: this user ignores file permissions and cannot re-run the test \
                 as `nobody` (no setpriv, no world-writable /tmp, or the test binary is not \
                 reachable for nobody), so a read-only file cannot be simulated"
            ),
        }
        return;
    }
    let db = fresh().await;
    add_channel(&db.store, "Shop").await;
    let (dir, path) = settled_copy(&db).await;
    let before = fs::read(&path).unwrap();
    let _restore = Restore {
        paths: vec![path.clone(), dir.path().to_owned()],
        immutable: false,
    };
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    assert!(!writable(&path), "the file is read-only for this user");

    let result = tokio::time::timeout(GIVE_UP, Store::open(&path))
        .await
        .expect("opening a read-only file must not hang");
    let err = result.err().expect("a read-only database must not open");
    assert!(
        matches!(err, StoreError::ReadOnly),
        "expected ReadOnly, got {err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "never rewritten");
}

#[tokio::test]
async fn a_database_on_storage_that_refuses_writes_is_refused_as_read_only() {
    let db = fresh().await;
    add_channel(&db.store, "Shop").await;
    let (dir, path) = settled_copy(&db).await;
    let before = fs::read(&path).unwrap();
    // The immutable attribute stops every user, root included, like a read-only mount does.
    let chattr = |p: &Path| {
        std::process::Command::new("chattr")
            .arg("+i")
            .arg(p)
            .status()
            .is_ok_and(|s| s.success())
    };
    let _restore = Restore {
        paths: vec![path.clone(), dir.path().to_owned()],
        immutable: true,
    };
    if !(chattr(&path) && chattr(dir.path())) || writable(&path) {
        println!(
            "SKIPPED a_database_on_storage_that_refuses_writes_is_refused_as_read_only: \
             `chattr +i` is unavailable or not permitted here"
        );
        return;
    }

    let result = tokio::time::timeout(GIVE_UP, Store::open(&path))
        .await
        .expect("opening an unwritable file must not hang");
    let err = result.err().expect("an unwritable database must not open");
    assert!(
        matches!(err, StoreError::ReadOnly),
        "expected ReadOnly, got {err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "never rewritten");
}

#[tokio::test]
async fn closing_the_store_leaves_every_commit_in_the_database_file() {
    for round in 0..5 {
        let db = fresh().await;
        let mut tx = db.store.begin().await.unwrap();
        tx.set_meta("last_words", "kept").await.unwrap();
        tx.commit().await.unwrap();
        db.store.close().await;
        // What a backup or "save as" does right after closing: copy the database file alone.
        let copy_dir = TempDir::new().unwrap();
        let copy = copy_dir.path().join("copy.db");
        fs::copy(&db.path, &copy).unwrap();
        let mut conn = raw(&copy).await;
        let kept: Option<String> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'last_words'")
                .fetch_optional(&mut conn)
                .await
                .ok()
                .flatten();
        assert_eq!(
            kept.as_deref(),
            Some("kept"),
            "round {round}: after close() the database file must hold every commit"
        );
    }
}

#[tokio::test]
async fn a_write_while_another_connection_holds_an_exclusive_transaction_fails_as_locked() {
    let db = fresh().await;
    let (_dir, path) = settled_copy(&db).await;
    let mut locker = raw(&path).await;
    locker.execute("BEGIN EXCLUSIVE").await.unwrap();
    sqlx::query("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
        .execute(&mut locker)
        .await
        .unwrap();

    // In WAL mode readers are not blocked, so opening may succeed; the first write must then
    // report Locked after the busy timeout rather than hang or fail with a raw SQLite code.
    let outcome = tokio::time::timeout(GIVE_UP, async {
        let store = Store::open(&path).await?;
        let tx = store.begin().await?;
        drop(tx);
        Ok::<_, StoreError>(())
    })
    .await
    .expect("a locked database must give up within the busy timeout");
    let err = outcome.expect_err("writing under another's exclusive lock must fail");
    assert!(
        matches!(err, StoreError::Locked),
        "expected Locked, got {err:?}"
    );
    locker.execute("ROLLBACK").await.unwrap();
}

#[tokio::test]
async fn a_database_held_exclusively_by_another_program_is_refused_as_locked() {
    let db = fresh().await;
    let (_dir, path) = settled_copy(&db).await;
    let mut locker = raw(&path).await;
    // Exclusive locking mode keeps the file locked against readers too, as a program that
    // opened it exclusively (or a non-WAL tool mid-write) would.
    locker
        .execute("PRAGMA locking_mode = EXCLUSIVE")
        .await
        .unwrap();
    locker.execute("BEGIN EXCLUSIVE").await.unwrap();
    sqlx::query("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
        .execute(&mut locker)
        .await
        .unwrap();

    let result = tokio::time::timeout(GIVE_UP, Store::open(&path))
        .await
        .expect("a locked database must give up within the busy timeout");
    let err = result.err().expect("a locked database must not open");
    assert!(
        matches!(err, StoreError::Locked),
        "expected Locked, got {err:?}"
    );
    locker.execute("ROLLBACK").await.unwrap();
}
