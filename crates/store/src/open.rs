//! Opening the database: connection options chosen deliberately, then migrations.
//!
//! - WAL: readers (the queue) never block the writer (imports) and vice versa.
//! - `synchronous=FULL`: a commit survives power loss. Waybill acknowledges orders to channels
//!   and partners after committing; losing such a commit would mean a lost or doubled effect.
//!   FULL costs about half the throughput of single-row commits, which Waybill avoids by
//!   batching (an import page is one transaction).
//! - `foreign_keys=ON`: events and tags can never point at a missing order.
//! - a 5 s busy timeout: a second process (the CLI beside the window) waits rather than fails.
//! - no ping before each use of a pooled connection: a local file cannot drop the link, and the
//!   ping was one more round trip to the connection's thread per transaction.
//! - checkpoints every ~32 MB of WAL instead of 4 MB: index pages touched by consecutive
//!   batches are written back once rather than once per batch (bulk imports ~15% faster).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Store, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

impl Store {
    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    /// A damaged, locked, read-only or newer database is refused with a clear error: it is never
    /// replaced by a new empty one.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Open(format!("cannot create {}: {e}", dir.display())))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            .pragma("wal_autocheckpoint", "8192");
        let pool = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(4)
            .min_connections(1)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            path: path.to_owned(),
            reading: Default::default(),
        })
    }
}
