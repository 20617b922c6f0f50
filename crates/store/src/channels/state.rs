//! `channel_sync_state`: when a channel was last synced, how that went, and how much it brought.

use chrono::{DateTime, Utc};
use sqlx::Row;
use waybill_core::ChannelId;

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

/// How a channel's syncs have gone so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The last attempt, whatever its outcome.
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed; `None` after a success.
    pub last_error: Option<String>,
    pub last_imported: u32,
    pub last_updated: u32,
    pub total_imported: u32,
    pub total_updated: u32,
}

/// One sync attempt's outcome, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncAttempt {
    Succeeded { imported: u32, updated: u32 },
    Failed { error: String },
}

fn opt_time(v: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    v.map(time).transpose()
}

fn count(r: &sqlx::sqlite::SqliteRow, col: &str) -> Result<u32, StoreError> {
    Ok(u32::try_from(r.try_get::<i64, _>(col)?).unwrap_or(u32::MAX))
}

impl Store {
    /// The channel's sync state (all empty when it was never synced).
    pub async fn sync_state(&self, channel: &ChannelId) -> Result<SyncState, StoreError> {
        let row = sqlx::query(
            "SELECT last_sync_at, last_success_at, last_error, last_imported, last_updated, \
             total_imported, total_updated FROM channel_sync_state WHERE channel_id = ?",
        )
        .bind(channel.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(SyncState::default());
        };
        Ok(SyncState {
            last_sync_at: opt_time(r.try_get("last_sync_at")?)?,
            last_success_at: opt_time(r.try_get("last_success_at")?)?,
            last_error: r.try_get("last_error")?,
            last_imported: count(&r, "last_imported")?,
            last_updated: count(&r, "last_updated")?,
            total_imported: count(&r, "total_imported")?,
            total_updated: count(&r, "total_updated")?,
        })
    }
}

impl WriteTx {
    /// Records one sync attempt at `at`: a success replaces the last counts and adds to the
    /// totals and clears the error; a failure keeps the last success's counts.
    pub async fn record_sync_attempt(
        &mut self,
        channel: &ChannelId,
        at: DateTime<Utc>,
        attempt: &SyncAttempt,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO channel_sync_state (channel_id) VALUES (?) ON CONFLICT DO NOTHING",
        )
        .bind(channel.as_str())
        .execute(&mut *self.tx)
        .await?;
        let q = match attempt {
            SyncAttempt::Succeeded { imported, updated } => sqlx::query(
                "UPDATE channel_sync_state SET last_sync_at = ?1, last_success_at = ?1, \
                 last_error = NULL, last_imported = ?2, last_updated = ?3, \
                 total_imported = total_imported + ?2, total_updated = total_updated + ?3 \
                 WHERE channel_id = ?4",
            )
            .bind(ms(at))
            .bind(i64::from(*imported))
            .bind(i64::from(*updated)),
            SyncAttempt::Failed { error } => sqlx::query(
                "UPDATE channel_sync_state SET last_sync_at = ?1, last_error = ?2 \
                 WHERE channel_id = ?3",
            )
            .bind(ms(at))
            .bind(error.as_str()),
        };
        q.bind(channel.as_str()).execute(&mut *self.tx).await?;
        Ok(())
    }
}
