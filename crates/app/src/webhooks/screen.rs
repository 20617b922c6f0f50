//! The webhooks screen: every endpoint with how delivery to it is going, and the events a
//! person can subscribe one to, each said in words.

use std::collections::HashMap;

use serde::Serialize;
use waybill_core::webhook::WebhookEventType;
use waybill_store::{EndpointDeliveries, WebhookEndpoint};

use crate::{App, AppError};

/// Every endpoint, oldest first, and the events there are to subscribe to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WebhooksView {
    pub endpoints: Vec<EndpointView>,
    pub event_types: Vec<EventTypeInfo>,
}

/// One endpoint (never its secret) and its deliveries.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EndpointView {
    pub endpoint: WebhookEndpoint,
    pub deliveries: EndpointDeliveries,
}

/// An event an endpoint can subscribe to: its name on the wire and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventTypeInfo {
    pub name: String,
    pub description: String,
}

/// Exhaustive, so a new event type cannot reach the screen without words.
fn description(t: WebhookEventType) -> &'static str {
    match t {
        WebhookEventType::OrderImported => "An order arrived from a channel.",
        WebhookEventType::OrderHeld => "An order was put on hold, by a rule or a person.",
        WebhookEventType::OrderReleased => "A hold on an order was lifted.",
        WebhookEventType::OrderRouted => "An order was given its location, carrier and service.",
        WebhookEventType::OrderShipped => "An order shipped, with its tracking.",
        WebhookEventType::OrderCancelled => "An order was cancelled.",
        WebhookEventType::SyncFailed => {
            "A channel's sync started failing (once per run of failures)."
        }
    }
}

/// Every event type, in the order the core lists them.
fn event_types() -> Vec<EventTypeInfo> {
    WebhookEventType::ALL
        .iter()
        .map(|t| EventTypeInfo {
            name: t.as_str().into(),
            description: description(*t).into(),
        })
        .collect()
}

impl App {
    /// The webhooks screen.
    pub async fn webhooks_view(&self) -> Result<WebhooksView, AppError> {
        let mut deliveries: HashMap<_, _> =
            self.store.webhook_deliveries().await?.into_iter().collect();
        let endpoints = self
            .store
            .webhook_endpoints()
            .await?
            .into_iter()
            .map(|endpoint| EndpointView {
                deliveries: deliveries.remove(&endpoint.id).unwrap_or_default(),
                endpoint,
            })
            .collect();
        Ok(WebhooksView {
            endpoints,
            event_types: event_types(),
        })
    }
}
