//! Waybill's persistence: sqlx over a local SQLite file.
//!
//! Reads go through [`Store`]; every write happens inside a [`WriteTx`] so that an order change
//! and the events (and, later, outbox rows) it causes commit together or not at all.
//! SQLite-specific SQL (pragmas, FTS5) stays in `open.rs` and `orders/search.rs`, so a PostgreSQL
//! backend can later sit behind the same API and pass the same tests.

mod channels;
mod codec;
mod error;
mod inventory;
mod meta;
mod open;
mod orders;
mod outbox;
mod places;
mod rules;
mod tx;
mod webhooks;

pub use channels::{ChannelConfig, SyncAttempt, SyncState};
pub use error::StoreError;
pub use inventory::{
    LocationRow, MovementRow, NewShipment, PackageRow, PartnerExchanges, PartnerLoadRow,
    PartnerStateRow, ProductRow, ShipmentLineRow, ShipmentRow, ShipmentStatus, ShipmentUpdate,
    StockPushRow, StockRow, day_of,
};
pub use orders::{HeldGroupRow, PreparedEvent, PreparedOrder, RawOrder, StoredOrder};
pub use outbox::{
    AttemptResult, Destination, Effect, EffectKind, EffectStatus, NewEffect, OutboxCounts,
    OutboxFilter,
};
pub use rules::{RuleAuditRow, RuleHitDay, SavedRuleset};
pub use tx::WriteTx;
pub use webhooks::{EndpointDeliveries, NewWebhookEndpoint, WebhookEndpoint};

use sqlx::SqlitePool;

/// An open Waybill database.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: std::path::PathBuf,
    /// The ruleset version packed rules runs were last read against.
    reading: rules::ReadingCache,
}

impl Store {
    /// Where the database file lives.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Starts a write transaction. It takes SQLite's write lock at once (`BEGIN IMMEDIATE`), so
    /// two writers queue instead of failing half-way when one upgrades a read to a write.
    pub async fn begin(&self) -> Result<WriteTx, StoreError> {
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx::new(tx))
    }

    /// Closes every connection (checkpointing the WAL).
    /// Closes every connection after folding the WAL into the database file, so the `.db`
    /// file alone holds every commit (safe to copy, back up or move once this returns).
    pub async fn close(&self) {
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
        {
            tracing::warn!(error = %e, "could not checkpoint the WAL on close");
        }
        self.pool.close().await;
    }
}
