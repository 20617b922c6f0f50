//! The delivery worker: takes due effects oldest first, calls the channel's connector with the
//! effect's idempotency key (or, for an outbound webhook, POSTs the signed message to its
//! endpoint, see `crate::webhooks::outbound`), and records how it went.
//!
//! Connector calls happen outside any transaction (a slow channel must not hold SQLite's write
//! lock); the claim before them moves each effect's due time forward by a lease, so a second
//! worker does not take the same effect, and a crashed worker's effects come due again.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use waybill_core::{Actor, ChannelId, EventKind, OrderEvent};
use waybill_store::{AttemptResult, Effect, EffectKind};
use waybill_sync::{Connector, ConnectorError, IdempotencyKey};

use super::backoff::{MAX_ATTEMPTS, next_attempt};
use super::payload::{CancellationPayload, FulfillmentPayload};
use crate::inventory::pushes::StockPayload;
use crate::{App, AppError};

/// The connector for each channel that has one configured.
pub type Connectors = HashMap<ChannelId, Arc<dyn Connector>>;

/// Effects claimed (and recorded together) per round; the worker loops until nothing is due.
/// Small enough that a worker killed mid-round leaves few pushes sent but not yet recorded
/// (each is re-sent safely under its key, but costs a round trip); large enough that the
/// durable commit is shared by many pushes.
const BATCH: u32 = 25;
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

/// What a connector call (or a webhook POST) came to.
pub(crate) enum Sent {
    Ok(Option<String>),
    Failed(Failure),
    /// The stored payload cannot be read: no retry will help.
    Unreadable(String),
}

/// A failed attempt, whoever it went to.
pub(crate) struct Failure {
    pub message: String,
    pub retryable: bool,
    /// How long the other side asked us to wait.
    pub retry_after: Option<StdDuration>,
    /// A webhook endpoint answered 410 Gone: stop sending to it at all.
    pub endpoint_gone: bool,
    /// The channel was never reached (no connection, time-out): this machine may be offline.
    pub unreachable: bool,
}

impl From<ConnectorError> for Failure {
    fn from(e: ConnectorError) -> Failure {
        Failure {
            message: e.to_string(),
            retryable: e.is_retryable(),
            retry_after: e.retry_after(),
            endpoint_gone: false,
            unreachable: crate::connectivity::is_network_failure(&e),
        }
    }
}

/// Where an effect goes: its channel, or its webhook endpoint. Effects for one destination are
/// sent at most [`IN_FLIGHT`] at a time, so one slow or throttling channel neither floods nor
/// holds up another.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Destination {
    Channel(ChannelId),
    Endpoint(String),
}

/// Requests in flight per channel. Channels meter by rate (Shopify's cost bucket, paced by its
/// connector; 429s answered with `Retry-After`) rather than by connection, and a handful of
/// concurrent requests is what their API guides allow a single app.
const IN_FLIGHT: usize = 8;

/// One effect's attempt, decided and ready to be written.
struct Attempt {
    effect: Effect,
    result: AttemptResult,
    events: Vec<OrderEvent>,
    /// The webhook endpoint answered 410 Gone: disable it.
    gone: bool,
}

impl App {
    /// Delivers every effect due now through `connectors`, oldest first, one order's effects in
    /// the order they were made.
    ///
    /// Each round claims a batch, sends it concurrently (per destination at most [`IN_FLIGHT`]
    /// at once; a webhook endpoint one at a time), then records every outcome in a single
    /// transaction: one durable commit per batch rather than per effect. A claimed batch never
    /// holds two effects of one order (the claim leaves later ones until earlier ones are done),
    /// so sending concurrently keeps each order's effects in order.
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
        // Webhook endpoints that did not answer in this run: their other messages wait for the
        // next run instead of each waiting out the time-out (holds must not lift late for it).
        let mut unanswered = std::collections::HashSet::new();
        loop {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let claimed = tx
                .claim_due_effects(
                    now,
                    now + Duration::minutes(LEASE_MINUTES),
                    &channels,
                    true,
                    BATCH,
                )
                .await?;
            let mut groups: HashMap<Destination, Vec<Effect>> = HashMap::new();
            for e in claimed {
                let to = match (&e.channel_id, &e.endpoint_id) {
                    _ if !seen.insert(e.id) => None,
                    (_, Some(w)) if e.kind == EffectKind::Webhook => (!unanswered
                        .contains(&w.to_string()))
                    .then(|| Destination::Endpoint(w.to_string())),
                    (Some(c), _) if connectors.contains_key(c) => {
                        Some(Destination::Channel(c.clone()))
                    }
                    _ => None,
                };
                match to {
                    Some(to) => groups.entry(to).or_default().push(e),
                    None => tx.release_claim(e.id, e.next_attempt_at).await?,
                }
            }
            tx.commit().await?;
            if groups.is_empty() {
                return Ok(report);
            }
            let sends = groups
                .into_iter()
                .map(|(to, effects)| self.send_group(to, effects, connectors));
            let mut attempts = Vec::new();
            for (outcomes, silent) in futures_util::future::join_all(sends).await {
                unanswered.extend(silent);
                for (effect, sent) in outcomes {
                    attempts.push(self.attempt(effect, sent, &mut report));
                }
            }
            self.record(&attempts).await?;
        }
    }

    /// Sends one destination's effects, oldest first, a few at a time; returns each outcome and
    /// the endpoint, if it is a webhook endpoint that stopped answering (its remaining messages
    /// are released for the next run).
    async fn send_group(
        &self,
        to: Destination,
        effects: Vec<Effect>,
        connectors: &Connectors,
    ) -> (Vec<(Effect, Sent)>, Option<String>) {
        use futures_util::StreamExt;
        match to {
            Destination::Channel(channel) => {
                let Some(connector) = connectors.get(&channel) else {
                    return (Vec::new(), None);
                };
                let outcomes = futures_util::stream::iter(effects)
                    .map(|effect| async move {
                        let sent = send(connector.as_ref(), &effect).await;
                        match &sent {
                            Sent::Ok(_) => self.note_link(None),
                            Sent::Failed(f) => {
                                self.note_link(f.unreachable.then(|| f.message.clone()))
                            }
                            Sent::Unreadable(_) => {}
                        }
                        (effect, sent)
                    })
                    .buffered(IN_FLIGHT)
                    .collect()
                    .await;
                (outcomes, None)
            }
            Destination::Endpoint(endpoint) => {
                let mut outcomes = Vec::with_capacity(effects.len());
                let mut left = effects.into_iter();
                for effect in left.by_ref() {
                    let sent = self.send_webhook(&effect).await;
                    let silent = matches!(&sent, Sent::Failed(f) if f.retryable);
                    outcomes.push((effect, sent));
                    if silent {
                        let rest: Vec<Effect> = left.collect();
                        if !rest.is_empty() && self.release_claims(&rest).await.is_err() {
                            tracing::warn!("outbox: claims kept until their lease ends");
                        }
                        return (outcomes, Some(endpoint));
                    }
                }
                (outcomes, None)
            }
        }
    }

    async fn release_claims(&self, effects: &[Effect]) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        for e in effects {
            tx.release_claim(e.id, e.next_attempt_at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// What to write for one attempt, counted in `report`.
    fn attempt(&self, effect: Effect, sent: Sent, report: &mut DeliveryReport) -> Attempt {
        let now = self.now();
        let attempts = effect.attempts.saturating_add(1);
        let mut gone = false;
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
                let events = delivered_events(&effect, now);
                (
                    AttemptResult::Delivered {
                        at: now,
                        reference,
                        write_back_ms,
                    },
                    events,
                )
            }
            Sent::Failed(e) if e.retryable && attempts < MAX_ATTEMPTS => {
                tracing::warn!(effect = effect.id, error = %e.message, attempts, "delivery failed; retrying later");
                report.retrying.push(effect.id);
                let next = next_attempt(now, attempts, e.retry_after);
                (
                    AttemptResult::RetryAt {
                        next,
                        error: e.message,
                    },
                    Vec::new(),
                )
            }
            Sent::Failed(e) => {
                tracing::error!(effect = effect.id, error = %e.message, attempts, "delivery gave up");
                report.dead.push(effect.id);
                gone = e.endpoint_gone;
                let error = if e.retryable {
                    format!("gave up after {attempts} attempts: {}", e.message)
                } else {
                    e.message
                };
                (AttemptResult::Dead { error }, Vec::new())
            }
            Sent::Unreadable(error) => {
                report.dead.push(effect.id);
                (AttemptResult::Dead { error }, Vec::new())
            }
        };
        Attempt {
            effect,
            result,
            events,
            gone,
        }
    }

    /// Writes a batch's attempts in one transaction.
    async fn record(&self, attempts: &[Attempt]) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        for a in attempts {
            if tx.record_attempt(a.effect.id, &a.result).await? {
                tx.append_events(&a.events).await?;
            }
            if a.gone
                && let Some(endpoint) = &a.effect.endpoint_id
            {
                tracing::warn!(endpoint = %endpoint, "webhook endpoint answered 410 Gone; disabled");
                tx.disable_webhook_endpoint(endpoint, "the endpoint answered 410 Gone")
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The order's timeline records that the channel now has the tracking.
fn delivered_events(effect: &Effect, now: DateTime<Utc>) -> Vec<OrderEvent> {
    match (&effect.order_id, &effect.channel_id, effect.kind) {
        (Some(order_id), Some(channel), EffectKind::Fulfillment) => vec![OrderEvent {
            order_id: order_id.clone(),
            at: now,
            actor: Actor::system(),
            kind: EventKind::TrackingPushed {
                channel: channel.to_string(),
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
                    Err(e) => Sent::Failed(e.into()),
                },
                Err(e) => Sent::Unreadable(format!("the stored fulfillment cannot be read: {e}")),
            }
        }
        EffectKind::Cancellation => {
            match serde_json::from_str::<CancellationPayload>(&effect.payload) {
                Ok(p) => match connector.push_cancellation(&p.to_request(), &key).await {
                    Ok(()) => Sent::Ok(None),
                    Err(e) => Sent::Failed(e.into()),
                },
                Err(e) => Sent::Unreadable(format!("the stored cancellation cannot be read: {e}")),
            }
        }
        EffectKind::Stock => match serde_json::from_str::<StockPayload>(&effect.payload) {
            Ok(p) => {
                let level = waybill_sync::StockLevel {
                    sku: p.sku.clone(),
                    available: i64::from(p.available),
                    expected_current: None,
                };
                match connector
                    .push_stock(std::slice::from_ref(&level), &key)
                    .await
                {
                    // A SKU the channel does not sell is not a failure: nothing to update.
                    Ok(out) => match out.rejected.into_iter().next() {
                        Some((sku, why)) => Sent::Failed(
                            waybill_sync::ConnectorError::Rejected(format!("{sku}: {why}")).into(),
                        ),
                        None if out.unknown_skus.is_empty() => Sent::Ok(None),
                        None => Sent::Ok(Some("not sold on this channel".to_owned())),
                    },
                    Err(e) => Sent::Failed(e.into()),
                }
            }
            Err(e) => Sent::Unreadable(format!("the stored stock level cannot be read: {e}")),
        },
        EffectKind::Webhook | EffectKind::Handoff => Sent::Unreadable(format!(
            "{} effects are not delivered by this version of Waybill",
            effect.kind.as_str()
        )),
    }
}
