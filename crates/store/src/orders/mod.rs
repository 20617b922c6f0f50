//! The orders table: the aggregate stored as JSON beside the columns the queue reads.

mod events;
mod holds;
mod queue;
mod search;
mod write;

pub use events::PreparedEvent;
pub use holds::{HeldGroupRow, RawOrder};
pub use write::PreparedOrder;

use sqlx::Row;
use waybill_core::{Order, OrderId};

use crate::{Store, StoreError, WriteTx};

/// An order with the version it was read at; saving it back checks nobody changed it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrder {
    pub order: Order,
    pub version: i64,
}

fn decode(row: &sqlx::sqlite::SqliteRow) -> Result<StoredOrder, StoreError> {
    let body: String = row.try_get("body")?;
    Ok(StoredOrder {
        order: serde_json::from_str(&body)?,
        version: row.try_get("version")?,
    })
}

impl Store {
    pub async fn order(&self, id: &OrderId) -> Result<Option<StoredOrder>, StoreError> {
        let row = sqlx::query("SELECT body, version FROM orders WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(decode).transpose()
    }

    /// Every order in the database.
    pub async fn order_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT ifnull(sum(n), 0) FROM status_counts")
            .fetch_one(&self.pool)
            .await?;
        Ok(n.max(0).unsigned_abs())
    }
}

impl WriteTx {
    /// Reads an order inside the transaction (the write lock is held, so it cannot change).
    pub async fn order(&mut self, id: &OrderId) -> Result<Option<StoredOrder>, StoreError> {
        let row = sqlx::query("SELECT body, version FROM orders WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(decode).transpose()
    }
}
