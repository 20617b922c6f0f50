//! Channel stock pushes: after stock moved, what each fed channel may now sell of each SKU
//! whose number changed, queued through the outbox and coalesced per (channel, SKU).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::inventory::{ChangedStock, Inventory, channel_pushes};
use waybill_store::{StockPushRow, WriteTx};

use crate::{AppError, ErrorCode};

/// Changes within this window go out as one push per SKU: a pending push is rewritten until a
/// worker takes it.
pub const COALESCE_WINDOW_SECS: i64 = 5;

/// What a channel may sell of one SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPayload {
    pub sku: String,
    pub available: u32,
}

/// Queues the pushes the movements recorded in `changed` call for. `inventory` is the state
/// after them and must hold every fed location's row of each changed SKU.
pub(crate) async fn queue_channel_pushes(
    tx: &mut WriteTx,
    inventory: &Inventory,
    changed: &ChangedStock,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    if changed.is_empty() {
        return Ok(0);
    }
    let feeds = tx.channel_feeds().await?;
    if feeds.is_empty() {
        return Ok(0);
    }
    let due = now + Duration::seconds(COALESCE_WINDOW_SECS);
    let rows = channel_pushes(inventory, &feeds, changed)
        .into_iter()
        .map(|push| {
            let payload = serde_json::to_string(&StockPayload {
                sku: push.sku.clone(),
                available: push.quantity,
            })
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("stock payload: {e}")))?;
            Ok(StockPushRow {
                channel: push.channel,
                sku: push.sku,
                quantity: push.quantity,
                payload,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(tx.queue_stock_pushes(&rows, now, due).await?)
}
