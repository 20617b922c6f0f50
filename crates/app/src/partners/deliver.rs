//! The hand-off worker: takes due `handoff` effects for the partners configured here, gives
//! each shipment to its partner, and records what came of it.
//!
//! Kept apart from the channel worker (`deliver_outbox`): it needs partner adapters rather
//! than channel connectors, and a hand-off's outcome changes the shipment, the order and the
//! stock (one stock-router transaction per round), not just the effect's row.
//!
//! As with channel effects, the partner is called outside any transaction, and the claim
//! before moves each effect's due time forward by a lease. A worker killed between a hand-off
//! and its record leaves the effect to come due again; the repeat reaches the partner under
//! the same reference (the shipment id) and every adapter answers it with the order it
//! already has, so a partner never gets an order twice.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Duration;
use futures_util::StreamExt;
use serde::Serialize;
use waybill_core::LocationId;
use waybill_store::{AttemptResult, Effect, ShipmentStatus};
use waybill_sync::{ConnectorError, HandOffReceipt, PartnerStatus};

use super::apply::{Applied, News, Word};
use super::exchanges::Tally;
use super::{Partner, Partners};
use crate::inventory::handoff::HandOffPayload;
use crate::inventory::router::StockRouter;
use crate::outbox::{MAX_ATTEMPTS, next_attempt};
use crate::{App, AppError};

/// Hand-offs claimed, sent and recorded together per round.
const BATCH: u32 = 25;
/// How long a claimed hand-off is this worker's before another may take it.
const LEASE_MINUTES: i64 = 5;
/// Hand-offs in flight per partner. The adapters pace themselves to each partner's published
/// rate (waiting briefly, or answering `Throttled`); this only bounds open connections.
const IN_FLIGHT: usize = 4;

/// What one run of the hand-off worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HandoffReport {
    /// Shipments a partner took (or already had from an earlier attempt).
    pub handed_off: Vec<String>,
    /// Shipments a partner refused: their orders are held `partner_rejected`.
    pub rejected: Vec<String>,
    /// Hand-offs the partner already had (a repeat after a crash or a lost answer).
    pub repeats: u32,
    /// Effects that failed for now and are tried again later.
    #[cfg_attr(feature = "specta", specta(type = Vec<u32>))]
    pub retrying: Vec<i64>,
    /// Effects given up on: they need a person (the Outbox screen).
    #[cfg_attr(feature = "specta", specta(type = Vec<u32>))]
    pub dead: Vec<i64>,
    /// Effects settled without sending: their shipment was cancelled before it left.
    #[cfg_attr(feature = "specta", specta(type = Vec<u32>))]
    pub skipped: Vec<i64>,
    /// Partner locations with due hand-offs but no adapter here, and how many each.
    pub not_configured: Vec<(LocationId, u32)>,
}

impl HandoffReport {
    pub fn is_idle(&self) -> bool {
        self.handed_off.is_empty()
            && self.rejected.is_empty()
            && self.retrying.is_empty()
            && self.dead.is_empty()
            && self.skipped.is_empty()
    }
}

/// What one hand-off call came to.
enum Sent {
    Took(HandOffReceipt),
    Failed(ConnectorError),
    /// Not sent: the partner throttled an earlier one in this round.
    Unsent,
}

/// A claimed hand-off on its way.
struct Claimed {
    effect: Effect,
    payload: HandOffPayload,
}

impl App {
    /// Delivers every due hand-off to the partners in `partners`, oldest first; loops in
    /// rounds until nothing is due. Hand-offs for partners not configured here wait.
    pub async fn deliver_handoffs(&self, partners: &Partners) -> Result<HandoffReport, AppError> {
        let mut report = HandoffReport::default();
        for (location, n) in self.store.due_handoff_locations(self.now()).await? {
            if partners.get(&location).is_none() {
                report
                    .not_configured
                    .push((location, u32::try_from(n).unwrap_or(u32::MAX)));
            }
        }
        // Effects tried in this run, and partners that throttled: neither is taken again
        // until the next run.
        let mut seen: HashSet<i64> = HashSet::new();
        let mut paused: HashSet<LocationId> = HashSet::new();
        loop {
            let locations: Vec<LocationId> = partners
                .ids()
                .into_iter()
                .filter(|l| !paused.contains(l))
                .collect();
            let Some(groups) = self
                .claim_handoffs(&locations, &mut seen, &mut report)
                .await?
            else {
                return Ok(report);
            };
            let sends = groups.into_iter().filter_map(|(location, claimed)| {
                partners
                    .get(&location)
                    .map(|p| send_group(p.clone(), claimed))
            });
            let mut results = Vec::new();
            for (location, outcomes, throttled) in futures_util::future::join_all(sends).await {
                if throttled {
                    paused.insert(location.clone());
                }
                results.extend(outcomes.into_iter().map(|(c, s)| (location.clone(), c, s)));
            }
            self.record_handoffs(partners, results, &mut report).await?;
        }
    }

    /// Claims a round of due hand-offs, grouped by partner. Hand-offs whose shipment is no
    /// longer waiting (cancelled, or re-routed, before it left) are settled without sending;
    /// an unreadable payload is dead. `None` when nothing was due.
    async fn claim_handoffs(
        &self,
        locations: &[LocationId],
        seen: &mut HashSet<i64>,
        report: &mut HandoffReport,
    ) -> Result<Option<HashMap<LocationId, Vec<Claimed>>>, AppError> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let claimed = tx
            .claim_due_handoffs(
                now,
                now + Duration::minutes(LEASE_MINUTES),
                locations,
                BATCH,
            )
            .await?;
        let mut fresh = Vec::with_capacity(claimed.len());
        for e in claimed {
            if seen.insert(e.id) {
                fresh.push(e);
            } else {
                tx.release_claim(e.id, e.next_attempt_at).await?;
            }
        }
        if fresh.is_empty() {
            tx.commit().await?;
            return Ok(None);
        }
        let mut readable = Vec::with_capacity(fresh.len());
        for e in fresh {
            match serde_json::from_str::<HandOffPayload>(&e.payload) {
                Ok(payload) => readable.push(Claimed { effect: e, payload }),
                Err(err) => {
                    let error = format!("the stored hand-off cannot be read: {err}");
                    tx.record_attempt(e.id, &AttemptResult::Dead { error })
                        .await?;
                    report.dead.push(e.id);
                }
            }
        }
        let refs: Vec<&str> = readable
            .iter()
            .map(|c| c.payload.reference.as_str())
            .collect();
        let status: HashMap<String, ShipmentStatus> = tx
            .shipments_by_id(&refs)
            .await?
            .into_iter()
            .map(|s| (s.id, s.status))
            .collect();
        let mut groups: HashMap<LocationId, Vec<Claimed>> = HashMap::new();
        for c in readable {
            let waiting = status.get(&c.payload.reference) == Some(&ShipmentStatus::Reserved);
            match (&c.effect.location_id, waiting) {
                (Some(location), true) => groups.entry(location.clone()).or_default().push(c),
                _ => {
                    let why = match status.get(&c.payload.reference) {
                        Some(s) => format!("shipment {} is {}", c.payload.reference, s.as_str()),
                        None => format!("shipment {} no longer exists", c.payload.reference),
                    };
                    tx.skip_effect(
                        c.effect.id,
                        "system",
                        &format!("nothing to hand off: {why}"),
                    )
                    .await?;
                    report.skipped.push(c.effect.id);
                }
            }
        }
        tx.commit().await?;
        Ok(Some(groups))
    }

    /// Writes a round's outcomes in one transaction: the effects, the shipments and orders
    /// they moved, the stock a refusal gave back, and the partners' exchange counters.
    async fn record_handoffs(
        &self,
        partners: &Partners,
        results: Vec<(LocationId, Claimed, Sent)>,
        report: &mut HandoffReport,
    ) -> Result<(), AppError> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let mut router = StockRouter::new(&mut tx, now).await?;
        let mut tally = Tally::default();
        let mut news = Vec::new();
        for (location, c, sent) in results {
            let id = c.effect.id;
            let attempts = c.effect.attempts.saturating_add(1);
            let shipment_id = c.payload.reference.clone();
            let (result, word) = match sent {
                Sent::Unsent => {
                    tx.release_claim(id, c.effect.next_attempt_at).await?;
                    continue;
                }
                Sent::Took(receipt) => {
                    tally.ok(&location);
                    if receipt.already_existed {
                        report.repeats += 1;
                    }
                    let delivered = AttemptResult::Delivered {
                        at: now,
                        reference: Some(receipt.partner_ref.clone()),
                        write_back_ms: None,
                    };
                    let word = Word::Took {
                        partner_ref: receipt.partner_ref,
                    };
                    (delivered, Some(word))
                }
                // The effect is done: the refusal is the order's business now (held, and
                // routed again by a person).
                Sent::Failed(ConnectorError::Rejected(reason)) => {
                    tally.ok(&location);
                    let delivered = AttemptResult::Delivered {
                        at: now,
                        reference: None,
                        write_back_ms: None,
                    };
                    (
                        delivered,
                        Some(Word::Said(PartnerStatus::Rejected { reason })),
                    )
                }
                Sent::Failed(e) if e.is_retryable() && attempts < MAX_ATTEMPTS => {
                    tally.failed(&location, &e);
                    tracing::warn!(effect = id, error = %e, attempts, "hand-off failed; retrying later");
                    report.retrying.push(id);
                    let next = next_attempt(now, attempts, e.retry_after());
                    let error = e.to_string();
                    (AttemptResult::RetryAt { next, error }, None)
                }
                Sent::Failed(e) => {
                    tally.failed(&location, &e);
                    tracing::error!(effect = id, error = %e, attempts, "hand-off gave up");
                    report.dead.push(id);
                    let error = if e.is_retryable() {
                        format!("gave up after {attempts} attempts: {e}")
                    } else {
                        e.to_string()
                    };
                    (AttemptResult::Dead { error }, None)
                }
            };
            // Only the worker that records the attempt applies its outcome.
            if tx.record_attempt(id, &result).await?
                && let Some(word) = word
            {
                news.push(News { shipment_id, word });
            }
        }
        let mut applied = Applied::default();
        self.apply_news(&mut tx, &mut router, partners, &news, &mut applied)
            .await?;
        tally.write(&mut tx, now).await?;
        self.commit_partner_round(tx, router, &applied.changed_orders)
            .await?;
        report.handed_off.extend(applied.handed_off);
        report.rejected.extend(applied.rejected);
        cancel_late(partners, &applied.late).await;
        Ok(())
    }
}

/// Sends one partner's hand-offs, a few at a time; after a `Throttled` answer the rest of the
/// group is not sent this round (each would only be throttled too). Returns the outcomes and
/// whether the partner throttled.
async fn send_group(
    partner: Partner,
    claimed: Vec<Claimed>,
) -> (LocationId, Vec<(Claimed, Sent)>, bool) {
    let throttled = Arc::new(AtomicBool::new(false));
    let adapter = partner.adapter.clone();
    let outcomes = futures_util::stream::iter(claimed)
        .map(|c| {
            let adapter = adapter.clone();
            let throttled = throttled.clone();
            async move {
                if throttled.load(Ordering::SeqCst) {
                    return (c, Sent::Unsent);
                }
                let sent = match adapter.hand_off(&c.payload.to_handoff()).await {
                    Ok(receipt) => Sent::Took(receipt),
                    Err(e) => {
                        if matches!(e, ConnectorError::Throttled { .. }) {
                            throttled.store(true, Ordering::SeqCst);
                        }
                        Sent::Failed(e)
                    }
                };
                (c, sent)
            }
        })
        .buffered(IN_FLIGHT)
        .collect()
        .await;
    (
        partner.location.id,
        outcomes,
        throttled.load(Ordering::SeqCst),
    )
}

/// Asks partners not to ship hand-offs that reached them after their shipment was cancelled
/// here. Best effort: a refusal is logged for a person to follow up at the partner.
async fn cancel_late(partners: &Partners, late: &[(LocationId, String)]) {
    for (location, shipment) in late {
        let Some(p) = partners.get(location) else {
            continue;
        };
        match p.adapter.cancel(shipment).await {
            Ok(()) => tracing::info!(%location, shipment, "late hand-off cancelled at the partner"),
            Err(e) => tracing::warn!(
                %location, shipment, error = %e,
                "a hand-off reached the partner after its shipment was cancelled; cancel it there"
            ),
        }
    }
}
