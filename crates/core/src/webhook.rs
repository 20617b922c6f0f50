//! Outbound webhooks: which changes a person can subscribe an endpoint to, and the message each
//! one sends, in the Standard Webhooks shape `{"type", "timestamp", "data"}`.
//!
//! The message is a snapshot made with the change: the order may change again before the
//! endpoint hears about it, and a receiver must see the order as it was then.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::event::{Actor, EventKind};
use crate::hold::HoldReason;
use crate::ids::{ChannelId, LocationId, OrderId};
use crate::order::Order;
use crate::status::OrderStatus;

/// A change an endpoint can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WebhookEventType {
    OrderImported,
    OrderHeld,
    OrderReleased,
    OrderRouted,
    OrderShipped,
    OrderCancelled,
    /// A channel's sync started failing (sent once, not for every failed retry).
    SyncFailed,
}

impl WebhookEventType {
    pub const ALL: [WebhookEventType; 7] = [
        WebhookEventType::OrderImported,
        WebhookEventType::OrderHeld,
        WebhookEventType::OrderReleased,
        WebhookEventType::OrderRouted,
        WebhookEventType::OrderShipped,
        WebhookEventType::OrderCancelled,
        WebhookEventType::SyncFailed,
    ];

    /// The name receivers switch on (`order.shipped`).
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEventType::OrderImported => "order.imported",
            WebhookEventType::OrderHeld => "order.held",
            WebhookEventType::OrderReleased => "order.released",
            WebhookEventType::OrderRouted => "order.routed",
            WebhookEventType::OrderShipped => "order.shipped",
            WebhookEventType::OrderCancelled => "order.cancelled",
            WebhookEventType::SyncFailed => "sync.failed",
        }
    }

    /// The webhook an order's timeline entry sends, if any.
    pub fn for_event(kind: &EventKind) -> Option<WebhookEventType> {
        Some(match kind {
            EventKind::Imported { .. } => WebhookEventType::OrderImported,
            EventKind::Held { .. } => WebhookEventType::OrderHeld,
            EventKind::Released { .. } => WebhookEventType::OrderReleased,
            EventKind::Routed { .. } | EventKind::Allocated { .. } => WebhookEventType::OrderRouted,
            EventKind::Shipped { .. } => WebhookEventType::OrderShipped,
            EventKind::Cancelled { .. } => WebhookEventType::OrderCancelled,
            _ => return None,
        })
    }

    /// Parses a comma-separated list (`order.shipped,order.held`), refusing unknown names and
    /// an empty list; repeats count once.
    pub fn parse_list(text: &str) -> Result<Vec<WebhookEventType>, String> {
        let mut out = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let t: WebhookEventType = name.parse()?;
            if !out.contains(&t) {
                out.push(t);
            }
        }
        if out.is_empty() {
            return Err(format!(
                "name at least one event type (one of: {})",
                Self::names()
            ));
        }
        out.sort();
        Ok(out)
    }

    /// The list as stored and shown: `order.held,order.shipped`.
    pub fn join(types: &[WebhookEventType]) -> String {
        types
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    fn names() -> String {
        Self::ALL
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FromStr for WebhookEventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a webhook event (one of: {})", Self::names()))
    }
}

impl fmt::Display for WebhookEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for WebhookEventType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for WebhookEventType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a receiver needs to act on an order without calling back: who, what, where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSnapshot {
    pub id: OrderId,
    pub number: String,
    pub channel_id: ChannelId,
    pub external_id: String,
    pub status: OrderStatus,
    pub customer_name: String,
    pub customer_email: Option<String>,
    /// Minor units of `currency`.
    pub total: i64,
    pub currency: String,
    pub item_count: u32,
    pub ship_country: String,
    pub hold_reason: Option<HoldReason>,
    pub location_id: Option<LocationId>,
    pub carrier: Option<String>,
    pub service: Option<String>,
    pub tags: Vec<String>,
    pub placed_at: DateTime<Utc>,
}

impl OrderSnapshot {
    pub fn of(order: &Order) -> OrderSnapshot {
        OrderSnapshot {
            id: order.id.clone(),
            number: order.number.clone(),
            channel_id: order.channel_id.clone(),
            external_id: order.external_id.clone(),
            status: order.status,
            customer_name: order.customer.name.clone(),
            customer_email: order.customer.email.clone(),
            total: order.total,
            currency: order.currency.clone(),
            item_count: order.item_count(),
            ship_country: order.ship_to.country.clone(),
            hold_reason: order.hold.as_ref().map(|h| h.reason),
            location_id: order.location_id.clone(),
            carrier: order.carrier.clone(),
            service: order.service.clone(),
            tags: order.tags.clone(),
            placed_at: order.placed_at,
        }
    }
}

/// An order webhook's `data`: the order after the change, who made it, and the change itself
/// (the timeline entry, e.g. `{"type":"held","reason":"fraud_risk",…}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChange {
    pub order: OrderSnapshot,
    pub actor: Actor,
    pub change: EventKind,
}

/// A `sync.failed` webhook's `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncFailure {
    pub channel_id: ChannelId,
    pub channel_name: String,
    pub error: String,
}

/// A webhook message as sent: `{"type":"order.shipped","timestamp":"…","data":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookMessage<T> {
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    /// When the change happened (RFC 3339, UTC, milliseconds).
    pub timestamp: String,
    pub data: T,
}

impl<T> WebhookMessage<T> {
    pub fn new(event_type: WebhookEventType, at: DateTime<Utc>, data: T) -> Self {
        WebhookMessage {
            event_type,
            timestamp: at.to_rfc3339_opts(SecondsFormat::Millis, true),
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lists_parse_strictly_and_store_in_one_spelling() {
        let types = WebhookEventType::parse_list(" order.shipped,order.held,order.shipped ");
        assert_eq!(
            types,
            Ok(vec![
                WebhookEventType::OrderHeld,
                WebhookEventType::OrderShipped
            ])
        );
        assert_eq!(
            WebhookEventType::join(&types.unwrap_or_default()),
            "order.held,order.shipped"
        );
        let err = WebhookEventType::parse_list("order.shiped").unwrap_err();
        assert!(
            err.contains("`order.shiped` is not a webhook event"),
            "{err}"
        );
        assert!(WebhookEventType::parse_list(" , ").is_err(), "empty list");
    }

    #[test]
    fn only_the_subscribable_timeline_entries_send_webhooks() {
        let tag = EventKind::TagAdded { tag: "vip".into() };
        assert_eq!(WebhookEventType::for_event(&tag), None);
        let shipped = EventKind::Shipped {
            carrier: "UPS".into(),
            tracking: vec![],
        };
        assert_eq!(
            WebhookEventType::for_event(&shipped),
            Some(WebhookEventType::OrderShipped)
        );
    }
}
