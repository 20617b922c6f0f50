//! Bulk seeding: fills a database with generated history, fast enough for a million orders.
//!
//! Orders are generated and shaped in memory and written in transactions of a few thousand
//! orders with multi-row statements: per-row round trips would cost ~100 µs each.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use waybill_core::{ChannelId, Location, OrderEvent, OrderId};
use waybill_store::{PreparedEvent, PreparedOrder};
use waybill_sync::demo::OrderGenerator;

use super::history::shape;
use crate::{App, AppError, ErrorCode};

const BATCH: u64 = 5_000;
const KEY_SEEDED: &str = "demo.seeded";
/// History order numbers start here, far from the live storefront's.
const HISTORY_NUMBERS: u64 = 200_000;

/// One transaction's worth of generated orders.
struct Batch {
    orders: Vec<PreparedOrder>,
    events: Vec<PreparedEvent>,
    end: u64,
}

/// Everything generation needs, owned so it can run on another thread.
struct Plan {
    already: u64,
    count: u64,
    span_ms: i64,
    now: DateTime<Utc>,
    storefront: ChannelId,
    wholesale: ChannelId,
    locations: Vec<Location>,
}

impl Plan {
    fn batch(&self, generator: &OrderGenerator, start: u64, end: u64) -> Result<Batch, AppError> {
        let mut orders = Vec::with_capacity((end - start) as usize);
        let mut events = Vec::with_capacity(orders.capacity() * 3);
        for i in start..end {
            let k = self.already + i;
            let placed = self.now
                - Duration::milliseconds(
                    self.span_ms - self.span_ms * i as i64 / self.count as i64,
                );
            let mut incoming = generator.order(k, placed);
            incoming.external_id = format!("hist-{k}");
            incoming.number = format!("#{}", HISTORY_NUMBERS + k);
            let channel = if k % 5 == 4 {
                &self.wholesale
            } else {
                &self.storefront
            };
            let id = OrderId::from_parts(
                u64::try_from(placed.timestamp_millis()).unwrap_or(0),
                u128::from(k),
            );
            let mut order = incoming.into_order(id, channel.clone());
            let first_event = events.len();
            for (at, actor, kind) in shape(&mut order, k, self.now, &self.locations) {
                events.push(OrderEvent {
                    order_id: order.id.clone(),
                    at,
                    actor,
                    kind,
                });
            }
            order.updated_at = events[first_event..]
                .last()
                .map_or(order.placed_at, |e: &OrderEvent| e.at);
            orders.push(order);
        }
        Ok(Batch {
            orders: orders
                .iter()
                .map(PreparedOrder::new)
                .collect::<Result<_, _>>()?,
            events: events
                .iter()
                .map(PreparedEvent::new)
                .collect::<Result<_, _>>()?,
            end,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedProgress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedOutcome {
    pub orders: u64,
    pub events: u64,
    pub elapsed: std::time::Duration,
    pub cancelled: bool,
}

/// The most recent open orders of the history the demo rules run on after a seed.
const RULED_HISTORY: u32 = 5_000;

impl App {
    /// Adds `count` orders of history to the demo workspace (creating it when the database is
    /// empty), reporting progress after each batch and stopping between batches when `cancel`
    /// is set. Seeding again adds more orders; it never duplicates existing ones.
    pub async fn seed_demo(
        &self,
        count: u64,
        progress: impl Fn(SeedProgress),
        cancel: &AtomicBool,
    ) -> Result<SeedOutcome, AppError> {
        let started = Instant::now();
        let Some(ws) = self.ensure_demo_workspace().await? else {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "this database holds a real workspace; seed demo data into a new database file instead",
            ));
        };
        let already: u64 = self
            .store
            .meta(KEY_SEEDED)
            .await?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let now = self.now();
        // About 2 000 orders a day, and never less than a month of history.
        let span_ms = (count / 2_000).max(30) as i64 * 86_400_000;
        let generator = OrderGenerator::new(0xD3A0 + already);
        // Generation runs on a blocking thread while the previous batch is written: on two
        // cores this overlaps the CPU-bound half with SQLite's half.
        let (batches, mut ready) = tokio::sync::mpsc::channel::<Result<Batch, AppError>>(2);
        let plan = Plan {
            already,
            count,
            span_ms,
            now,
            storefront: ws.storefront.clone(),
            wholesale: ws.channels[1].id.clone(),
            locations: ws.locations.clone(),
        };
        let producer = tokio::task::spawn_blocking(move || {
            let mut start = 0;
            while start < plan.count {
                let end = (start + BATCH).min(plan.count);
                if batches
                    .blocking_send(plan.batch(&generator, start, end))
                    .is_err()
                {
                    break; // the writer stopped (cancelled or failed)
                }
                start = end;
            }
        });
        let (mut done, mut events_written) = (0u64, 0u64);
        while let Some(batch) = ready.recv().await {
            let batch = batch?;
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let mut tx = self.store.begin().await?;
            tx.insert_prepared(&batch.orders).await?;
            tx.append_prepared_events(&batch.events).await?;
            tx.set_meta(KEY_SEEDED, &(already + batch.end).to_string())
                .await?;
            tx.commit().await?;
            events_written += batch.events.len() as u64;
            done = batch.end;
            progress(SeedProgress { done, total: count });
        }
        drop(ready);
        let _ = producer.await;
        // The newest open orders meet the rules, so holds, routing and traces show at once.
        self.apply_rules_to_recent(RULED_HISTORY).await?;
        self.notify_many("seeded");
        Ok(SeedOutcome {
            orders: done,
            events: events_written,
            elapsed: started.elapsed(),
            cancelled: done < count,
        })
    }
}
