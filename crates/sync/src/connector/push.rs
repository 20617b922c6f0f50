//! What Waybill pushes to a channel: fulfillments, cancellations, stock levels.

use std::fmt;

use chrono::{DateTime, Utc};

/// A key the caller chooses once per effect (the outbox row) and repeats on every retry of it.
/// Channels that accept idempotency keys get it as is; others use it to find an earlier attempt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A key for the `n`-th request of a push that needs several (batches), stable across retries.
    pub fn part(&self, n: usize) -> IdempotencyKey {
        if n == 0 {
            self.clone()
        } else {
            IdempotencyKey(format!("{}.{n}", self.0))
        }
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Units of one SKU in a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FulfillmentLine {
    pub sku: String,
    pub quantity: u32,
}

/// Goods that left the building for one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fulfillment {
    /// The channel's id for the order (`NewOrder::external_id`).
    pub order_external_id: String,
    pub lines: Vec<FulfillmentLine>,
    pub carrier: String,
    pub service: Option<String>,
    /// Several for multi-parcel shipments; may be empty (hand delivery, freight without one).
    pub tracking_numbers: Vec<String>,
    pub tracking_url: Option<String>,
    pub shipped_at: DateTime<Utc>,
    /// Nothing is left to ship after this one: channels without partial shipments complete the
    /// order only then. The caller knows; the channel often cannot tell.
    pub completes_order: bool,
    pub notify_customer: bool,
}

/// The channel's own reference for what a push created (fulfillment ids, tracking ids, a note id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FulfillmentRef {
    pub ids: Vec<String>,
}

/// Why an order is cancelled, in words every channel has some equivalent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelReason {
    Customer,
    Fraud,
    OutOfStock,
    PaymentDeclined,
    Staff,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    pub order_external_id: String,
    pub reason: CancelReason,
    /// Refund the customer on the channel too (only where `Capabilities::refund_on_cancel`).
    pub refund: bool,
    /// Put the units back into the channel's stock.
    pub restock: bool,
    pub notify_customer: bool,
    /// A note for staff on the channel; never shown to the customer.
    pub staff_note: Option<String>,
}

/// What the channel may sell of one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLevel {
    pub sku: String,
    pub available: i64,
    /// The quantity Waybill last pushed, when it knows it. Channels with compare-and-set refuse
    /// the change if their number moved since (a sale Waybill has not imported yet), instead of
    /// overwriting it: the caller then syncs orders and recomputes.
    pub expected_current: Option<i64>,
}

/// What happened to each SKU of a stock push.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockPushOutcome {
    pub applied: Vec<String>,
    /// SKUs the channel does not sell; not an error for the rest.
    pub unknown_skus: Vec<String>,
    /// SKUs the channel refused, with its message.
    pub rejected: Vec<(String, String)>,
}
