//! The one trait every sales channel implements.

use async_trait::async_trait;
use waybill_core::NewOrder;

/// What a channel can do beyond listing orders; the sync engine consults these instead of
/// special-casing channel kinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub partial_shipments: bool,
    pub multiple_tracking_numbers: bool,
    pub cancellations: bool,
    pub stock_push: bool,
    pub webhooks: bool,
}

/// One page of orders changed since a cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedPage {
    pub orders: Vec<NewOrder>,
    /// Where the next fetch starts; stored only after this page has been committed.
    pub next_cursor: String,
    /// More pages are ready right now.
    pub has_more: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    #[error("the channel refused the credentials: {0}")]
    Unauthorized(String),
    #[error("the channel asks us to slow down; retry after {retry_after_ms} ms")]
    Throttled { retry_after_ms: u64 },
    #[error("the channel could not be reached: {0}")]
    Unreachable(String),
    #[error("the channel sent data Waybill cannot read: {0}")]
    Malformed(String),
    #[error("the cursor `{0}` is not one this channel issued")]
    BadCursor(String),
}

#[async_trait]
pub trait Connector: Send + Sync {
    fn capabilities(&self) -> Capabilities;

    /// Orders created or changed since `cursor` (from the beginning when `None`), one page.
    async fn fetch_orders(&self, cursor: Option<&str>) -> Result<FetchedPage, ConnectorError>;
}
