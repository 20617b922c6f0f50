//! The one trait every sales channel implements, and the plain data that crosses it.
//!
//! The sync engine (polling, outbox, storage) is written against this trait only, so adding a
//! channel never touches the engine. Pushes take an idempotency key from the caller: the outbox
//! stores one per effect and passes the same key on every retry, so a retried push after a
//! timeout does not ship, cancel or count twice where the channel can tell.

mod capabilities;
mod error;
mod push;
mod status_map;
mod webhook;

pub use capabilities::Capabilities;
pub use error::ConnectorError;
pub use push::{
    CancelReason, Cancellation, Fulfillment, FulfillmentLine, FulfillmentRef, IdempotencyKey,
    StockLevel, StockPushOutcome,
};
pub use status_map::StatusMap;
pub use webhook::{WebhookError, WebhookEvent, WebhookRequest, WebhookTopic};

use async_trait::async_trait;
use waybill_core::NewOrder;

/// One page of orders changed since a cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedPage {
    pub orders: Vec<NewOrder>,
    /// Orders on the page that could not be read (an amount that is no amount, more lines than
    /// the connector pages through). The cursor moves past them: one bad order must not stop a
    /// channel's sync, so the caller shows them as exceptions instead.
    pub unreadable: Vec<UnreadableOrder>,
    /// Where the next fetch starts; stored only after this page has been committed.
    pub next_cursor: String,
    /// More pages are ready right now.
    pub has_more: bool,
}

/// An order the connector saw but could not turn into a [`NewOrder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableOrder {
    pub external_id: String,
    /// What people call it on the channel (`#1001`), when known.
    pub number: Option<String>,
    pub problem: String,
}

#[async_trait]
pub trait Connector: Send + Sync {
    /// What this channel supports beyond listing orders.
    fn capabilities(&self) -> Capabilities;

    /// How the channel's statuses map onto Waybill's canonical ones: the same table the
    /// connector uses when it reads orders, published so screens can explain a status.
    fn status_map(&self) -> &'static StatusMap;

    /// Orders created or changed since `cursor` (from the configured start when `None`), one
    /// page. Pages may repeat an order (overlap is deliberate): importing is idempotent.
    async fn fetch_orders(&self, cursor: Option<&str>) -> Result<FetchedPage, ConnectorError>;

    /// Tell the channel that goods left the building: lines, carrier, tracking.
    async fn push_fulfillment(
        &self,
        fulfillment: &Fulfillment,
        key: &IdempotencyKey,
    ) -> Result<FulfillmentRef, ConnectorError>;

    /// Cancel the order on the channel.
    async fn push_cancellation(
        &self,
        cancellation: &Cancellation,
        key: &IdempotencyKey,
    ) -> Result<(), ConnectorError> {
        let _ = (cancellation, key);
        Err(ConnectorError::Unsupported("cancelling orders"))
    }

    /// Set what the channel may sell, per SKU (absolute numbers, never deltas, so a repeat is
    /// harmless). SKUs the channel does not know are reported, not fatal.
    async fn push_stock(
        &self,
        levels: &[StockLevel],
        key: &IdempotencyKey,
    ) -> Result<StockPushOutcome, ConnectorError> {
        let _ = (levels, key);
        Err(ConnectorError::Unsupported("stock levels"))
    }

    /// Check a webhook delivery's signature and read it. Only a verified event comes back;
    /// its `dedup_id` lets the caller drop replays and retries it has already seen.
    fn verify_webhook(&self, request: &WebhookRequest) -> Result<WebhookEvent, WebhookError> {
        let _ = request;
        Err(WebhookError::Unsupported)
    }
}
