//! The delivery worker: takes due effects oldest first, calls the channel's connector with the
//! effect's idempotency key, and records how it went.
//!
//! Connector calls happen outside any transaction (a slow channel must not hold SQLite's write
//! lock); the claim before them moves each effect's due time forward by a lease, so a second
//! worker does not take the same effect, and a crashed worker's effects come due again.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use waybill_core::{Actor, ChannelId, EventKind, OrderEvent};
use waybill_store::{AttemptResult, Effect, EffectKind};
use waybill_sync::{Connector, ConnectorError, IdempotencyKey};

use super::backoff::{MAX_ATTEMPTS, next_attempt};
use super::payload::{CancellationPayload, FulfillmentPayload};
use crate::{App, AppError};

/// The connector for each channel that has one configured.
pub type Connectors = HashMap<ChannelId, Arc<dyn Connector>>;

/// Effects claimed per round; the worker loops until nothing is due.
const BATCH: u32 = 50;
/// How long a claimed effect is someone's before another worker may take it.
const LEASE_MINUTES: i64 = 5;

/// What one run of the worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryReport {
    pub delivered: Vec<i64>,
    /// Failed for now; tried again later.
    pub retrying: Vec<i64>,
    /// Given up: they need a person (listed by `outbox list`).
    pub dead: Vec<i64>,
    /// Channels with due effects but no connector configured here, and how many effects each
    /// (left untouched).
    pub not_configured: Vec<(ChannelId, u64)>,
}

/// What a connector call came to.
enum Sent {
    Ok(Option<String>),
    Failed(ConnectorError),
    /// The stored payload cannot be read: no retry will help.
    Unreadable(String),
}

impl App {
    /// Delivers every effect due now through `connectors`, oldest first, one order's effects in
    /// the order they were made.
    pub async fn deliver_outbox(
        &self,
        connectors: &Connectors,
    ) -> Result<DeliveryReport, AppError> {
        let mut report = DeliveryReport::default();
        let channels: Vec<ChannelId> = connectors.keys().cloned().collect();
        for (channel, n) in self.store.due_effect_channels(self.now()).await? {
            if !connectors.contains_key(&channel) {
                report.not_configured.push((channel, n));
            }
        }
        // Effects this run has tried: one retried later in the same run is not taken twice.
        let mut seen = std::collections::HashSet::new();
        loop {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let claimed = tx
                .claim_due_effects(
                    now,
                    now + Duration::minutes(LEASE_MINUTES),
                    &channels,
                    BATCH,
                )
                .await?;
            let mut ours = Vec::with_capacity(claimed.len());
            for e in claimed {
                if seen.insert(e.id) {
                    ours.push(e);
                } else {
                    tx.release_claim(e.id, e.next_attempt_at).await?;
                }
            }
            tx.commit().await?;
            if ours.is_empty() {
                return Ok(report);
            }
            for effect in ours {
                let Some(connector) = connectors.get(&effect.channel_id) else {
                    continue;
                };
                let sent = send(connector.as_ref(), &effect).await;
                match &sent {
                    Sent::Ok(_) => self.note_exchange(Ok(())),
                    Sent::Failed(e) => self.note_exchange(Err(e)),
                    Sent::Unreadable(_) => {}
                }
                self.record(&effect, sent, &mut report).await?;
            }
        }
    }

    async fn record(
        &self,
        effect: &Effect,
        sent: Sent,
        report: &mut DeliveryReport,
    ) -> Result<(), AppError> {
        let now = self.now();
        let attempts = effect.attempts.saturating_add(1);
        let (result, events) = match sent {
            Sent::Ok(reference) => {
                let write_back_ms = match effect.kind {
                    EffectKind::Fulfillment => {
                        serde_json::from_str::<FulfillmentPayload>(&effect.payload)
                            .ok()
                            .map(|p| (now - p.shipped_at).num_milliseconds())
                    }
                    _ => None,
                };
                report.delivered.push(effect.id);
                let events = delivered_events(effect, now);
                (
                    AttemptResult::Delivered {
                        at: now,
                        reference,
                        write_back_ms,
                    },
                    events,
                )
            }
            Sent::Failed(e) if e.is_retryable() && attempts < MAX_ATTEMPTS => {
                tracing::warn!(effect = effect.id, error = %e, attempts, "delivery failed; retrying later");
                report.retrying.push(effect.id);
                let next = next_attempt(now, attempts, e.retry_after());
                (
                    AttemptResult::RetryAt {
                        next,
                        error: e.to_string(),
                    },
                    Vec::new(),
                )
            }
            Sent::Failed(e) => {
                tracing::error!(effect = effect.id, error = %e, attempts, "delivery gave up");
                report.dead.push(effect.id);
                let error = if e.is_retryable() {
                    format!("gave up after {attempts} attempts: {e}")
                } else {
                    e.to_string()
                };
                (AttemptResult::Dead { error }, Vec::new())
            }
            Sent::Unreadable(error) => {
                report.dead.push(effect.id);
                (AttemptResult::Dead { error }, Vec::new())
            }
        };
        let mut tx = self.store.begin().await?;
        if tx.record_attempt(effect.id, &result).await? {
            tx.append_events(&events).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The order's timeline records that the channel now has the tracking.
fn delivered_events(effect: &Effect, now: DateTime<Utc>) -> Vec<OrderEvent> {
    match (&effect.order_id, effect.kind) {
        (Some(order_id), EffectKind::Fulfillment) => vec![OrderEvent {
            order_id: order_id.clone(),
            at: now,
            actor: Actor::system(),
            kind: EventKind::TrackingPushed {
                channel: effect.channel_id.to_string(),
            },
        }],
        _ => Vec::new(),
    }
}

async fn send(connector: &dyn Connector, effect: &Effect) -> Sent {
    let key = IdempotencyKey::new(effect.idempotency_key.clone());
    match effect.kind {
        EffectKind::Fulfillment => {
            match serde_json::from_str::<FulfillmentPayload>(&effect.payload) {
                Ok(p) => match connector.push_fulfillment(&p.to_request(), &key).await {
                    Ok(r) => Sent::Ok(Some(r.ids.join(" ")).filter(|s| !s.is_empty())),
                    Err(e) => Sent::Failed(e),
                },
                Err(e) => Sent::Unreadable(format!("the stored fulfillment cannot be read: {e}")),
            }
        }
        EffectKind::Cancellation => {
            match serde_json::from_str::<CancellationPayload>(&effect.payload) {
                Ok(p) => match connector.push_cancellation(&p.to_request(), &key).await {
                    Ok(()) => Sent::Ok(None),
                    Err(e) => Sent::Failed(e),
                },
                Err(e) => Sent::Unreadable(format!("the stored cancellation cannot be read: {e}")),
            }
        }
        EffectKind::Stock | EffectKind::Webhook => Sent::Unreadable(format!(
            "{} effects are not delivered by this version of Waybill",
            effect.kind.as_str()
        )),
    }
}
