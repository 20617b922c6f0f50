//! Importing a page of orders from a channel: idempotent by (channel, external id).
//!
//! A page is one transaction together with the channel's cursor, so a crash either keeps the
//! whole page and the cursor after it, or neither: re-fetching is then harmless.
//!
//! - `prepare`: checks, rules and serialising, away from the database (no lock needed).
//! - `write`: the transaction: merging orders that exist, routing with stock, the rows.

mod prepare;
mod write;

pub(crate) use prepare::{PreparedPage, prepare_page};

use waybill_core::{ChannelId, NewOrder, OrderId};

use crate::{App, AppError};

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub inserted: Vec<OrderId>,
    pub updated: Vec<OrderId>,
    pub unchanged: usize,
    /// Orders refused as malformed, with the reason; the rest of the page is still imported.
    pub rejected: Vec<(String, String)>,
}

fn cursor_key(channel: &ChannelId) -> String {
    format!("sync.cursor.{channel}")
}

impl App {
    /// Where the channel's next fetch starts.
    pub async fn sync_cursor(&self, channel: &ChannelId) -> Result<Option<String>, AppError> {
        Ok(self.store.meta(&cursor_key(channel)).await?)
    }

    /// Imports `orders` from `channel` and, in the same transaction, records `cursor`.
    pub async fn import_orders(
        &self,
        channel: &ChannelId,
        orders: Vec<NewOrder>,
        cursor: Option<&str>,
    ) -> Result<ImportOutcome, AppError> {
        let live = self.live_rules().await?;
        let page = prepare_page(channel, orders, live, self.now())?;
        self.write_page(channel, page, cursor).await
    }

    /// [`prepare_page`] on a blocking thread: a sync decides the next page there while the
    /// current one commits.
    pub(crate) async fn prepare_page_off_thread(
        &self,
        channel: &ChannelId,
        orders: Vec<NewOrder>,
    ) -> Result<PreparedPage, AppError> {
        let live = self.live_rules().await?;
        let (channel, now) = (channel.clone(), self.now());
        tokio::task::spawn_blocking(move || prepare_page(&channel, orders, live, now))
            .await
            .map_err(|e| AppError::new(crate::ErrorCode::Internal, e.to_string()))?
    }
}
