//! Webhooks at rest: the endpoints a person subscribed, the channel deliveries already acted on,
//! and the outbound messages enqueued with the change that causes them (see `notify`).

mod deliveries;
mod endpoints;
mod notify;
mod receipts;

pub use deliveries::EndpointDeliveries;

use chrono::{DateTime, Utc};
use serde::Serialize;
use waybill_core::WebhookEndpointId;
use waybill_core::webhook::WebhookEventType;

/// An endpoint to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhookEndpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    /// `whsec_<base64>`; the app checks its form.
    pub secret: String,
    pub events: Vec<WebhookEventType>,
    pub created_at: DateTime<Utc>,
}

/// An endpoint as stored. The secret is left out of every listing: it is shown once, when the
/// endpoint is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WebhookEndpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    /// Serialized by name (`order.shipped`).
    #[cfg_attr(feature = "specta", specta(type = Vec<String>))]
    pub events: Vec<WebhookEventType>,
    pub enabled: bool,
    /// Why delivery stopped (the endpoint answered 410 Gone, or who disabled it), when it did.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}
