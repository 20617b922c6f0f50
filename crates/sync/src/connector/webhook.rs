//! Webhook deliveries: verified before anything is read, then reduced to a small event.
//!
//! Polling stays the source of truth; a webhook only tells the engine to look sooner. So an
//! event carries what changed (topic, order id, when), not a second copy of the order mapping.
//! Channels retry deliveries, and an attacker can replay a captured one: `dedup_id` is what the
//! caller remembers to drop both.

use chrono::{DateTime, Utc};
use http::HeaderMap;
use waybill_core::NewOrder;

/// A delivery as the HTTP server received it: headers and the raw, unparsed body (signatures are
/// computed over the exact bytes).
#[derive(Debug, Clone, Default)]
pub struct WebhookRequest {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl WebhookRequest {
    pub fn new(headers: HeaderMap, body: impl Into<Vec<u8>>) -> Self {
        Self {
            headers,
            body: body.into(),
        }
    }

    /// A header's value as text, when present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookTopic {
    OrderCreated,
    OrderUpdated,
    OrderCancelled,
    OrderDeleted,
    /// Anything else, as the channel names it (`products/update`, `order.restored`).
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// The channel's id for this event; the same on every retry or replay of it.
    pub dedup_id: String,
    pub topic: WebhookTopic,
    /// The order the event is about (`NewOrder::external_id`), when it is about one.
    pub order_external_id: Option<String>,
    /// When the channel says the resource last changed, when it says.
    pub updated_at: Option<DateTime<Utc>>,
    /// The full order, where the channel's webhook carries the same shape its API does.
    pub order: Option<NewOrder>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the delivery lacks the `{0}` header")]
    MissingHeader(&'static str),
    #[error(
        "the delivery's signature does not match: it was not sent by the channel or was altered"
    )]
    BadSignature,
    #[error("the delivery's body cannot be read: {0}")]
    Malformed(String),
    #[error("no webhook secret is configured for this channel, so no delivery can be trusted")]
    NoSecret,
    #[error("this channel does not send webhooks")]
    Unsupported,
}
