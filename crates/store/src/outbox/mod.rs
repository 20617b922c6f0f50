//! The outbox table: effects owed to the outside world, enqueued inside the [`WriteTx`] of the
//! change that caused them and delivered later (see `waybill-app`'s `outbox` module).
//!
//! This module only stores and moves rows between states; when to retry, and what counts as
//! permanent, is the app's decision.

mod handoffs;
mod read;
mod summary;
mod write;

pub use write::AttemptResult;

pub use read::{OutboxCounts, OutboxFilter};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use waybill_core::{ChannelId, LocationId, OrderId, WebhookEndpointId};

use crate::StoreError;
use crate::codec::time;

/// What kind of effect a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    Fulfillment,
    Cancellation,
    Stock,
    Webhook,
    /// An order handed to a fulfillment partner's location.
    Handoff,
}

impl EffectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EffectKind::Fulfillment => "fulfillment",
            EffectKind::Cancellation => "cancellation",
            EffectKind::Stock => "stock",
            EffectKind::Webhook => "webhook",
            EffectKind::Handoff => "handoff",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Fulfillment,
            Self::Cancellation,
            Self::Stock,
            Self::Webhook,
            Self::Handoff,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Where an effect stands: waiting (or being retried), delivered (or skipped by a person), or
/// given up on and waiting for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EffectStatus {
    Pending,
    Done,
    Dead,
}

impl EffectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EffectStatus::Pending => "pending",
            EffectStatus::Done => "done",
            EffectStatus::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Done, Self::Dead]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Who an effect is owed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Channel(ChannelId),
    /// An outbound webhook endpoint.
    Endpoint(WebhookEndpointId),
    /// A fulfillment partner's location.
    Location(LocationId),
}

/// An effect to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEffect {
    pub kind: EffectKind,
    pub to: Destination,
    pub order_id: Option<OrderId>,
    pub idempotency_key: String,
    /// JSON; its shape belongs to the kind (the app defines it).
    pub payload: String,
    /// Not before this time (normally the enqueueing transaction's "now").
    pub due_at: DateTime<Utc>,
}

/// An outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub id: i64,
    pub kind: EffectKind,
    /// Exactly one of the three says who the effect is owed to.
    pub channel_id: Option<ChannelId>,
    pub endpoint_id: Option<WebhookEndpointId>,
    pub location_id: Option<LocationId>,
    pub order_id: Option<OrderId>,
    pub idempotency_key: String,
    pub payload: String,
    pub status: EffectStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub reference: Option<String>,
    pub write_back_ms: Option<i64>,
    pub skipped_by: Option<String>,
    pub skip_reason: Option<String>,
}

const COLUMNS: &str = "id, kind, channel_id, endpoint_id, location_id, order_id, idempotency_key, payload, status, attempts, \
     next_attempt_at, last_error, created_at, delivered_at, reference, write_back_ms, skipped_by, \
     skip_reason";

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Decode(format!("unknown outbox {what} `{value}`"))
}

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<Effect, StoreError> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    let channel: Option<String> = r.try_get("channel_id")?;
    let location: Option<String> = r.try_get("location_id")?;
    let endpoint: Option<String> = r.try_get("endpoint_id")?;
    let order: Option<String> = r.try_get("order_id")?;
    let attempts: i64 = r.try_get("attempts")?;
    Ok(Effect {
        id: r.try_get("id")?,
        kind: EffectKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        channel_id: channel
            .map(|c| c.parse())
            .transpose()
            .map_err(|e| StoreError::Decode(format!("{e}")))?,
        endpoint_id: endpoint
            .map(|e| e.parse())
            .transpose()
            .map_err(|e| StoreError::Decode(format!("{e}")))?,
        location_id: location
            .map(|l| l.parse())
            .transpose()
            .map_err(|e| StoreError::Decode(format!("{e}")))?,
        order_id: order
            .map(|o| o.parse())
            .transpose()
            .map_err(|e| StoreError::Decode(format!("{e}")))?,
        idempotency_key: r.try_get("idempotency_key")?,
        payload: r.try_get("payload")?,
        status: EffectStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        attempts: u32::try_from(attempts.max(0)).unwrap_or(u32::MAX),
        next_attempt_at: time(r.try_get("next_attempt_at")?)?,
        last_error: r.try_get("last_error")?,
        created_at: time(r.try_get("created_at")?)?,
        delivered_at: r
            .try_get::<Option<i64>, _>("delivered_at")?
            .map(time)
            .transpose()?,
        reference: r.try_get("reference")?,
        write_back_ms: r.try_get("write_back_ms")?,
        skipped_by: r.try_get("skipped_by")?,
        skip_reason: r.try_get("skip_reason")?,
    })
}
