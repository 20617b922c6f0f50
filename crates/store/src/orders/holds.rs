//! Reads about held orders: the held-orders view's groups and the timed holds that are due.

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{HoldReason, OrderId, OrderStatus};

use super::StoredOrder;
use crate::codec::{enum_from, ms, time};
use crate::{Store, StoreError};

/// Held orders of one reason, with how urgent they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldGroupRow {
    pub reason: HoldReason,
    pub count: u32,
    /// Ship-by date already passed.
    pub overdue: u32,
    /// Ship-by date within the next 24 hours.
    pub due_today: u32,
    /// When the longest-waiting of them was held.
    pub oldest_held_at: Option<DateTime<Utc>>,
}

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Held orders grouped by reason (most first).
    pub async fn held_groups(&self, now: DateTime<Utc>) -> Result<Vec<HeldGroupRow>, StoreError> {
        let now = ms(now);
        let rows = sqlx::query(
            "SELECT hold_reason, count(*) AS n, \
                    ifnull(sum(ship_by < ?1), 0) AS overdue, \
                    ifnull(sum(ship_by >= ?1 AND ship_by < ?2), 0) AS due_today, \
                    min(held_at) AS oldest \
             FROM orders WHERE hold_reason IS NOT NULL AND status = 'on_hold' \
             GROUP BY hold_reason ORDER BY n DESC, hold_reason",
        )
        .bind(now)
        .bind(now + DAY_MS)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let count = |col: &str| -> Result<u32, StoreError> {
                    Ok(u32::try_from(r.try_get::<i64, _>(col)?).unwrap_or(u32::MAX))
                };
                Ok(HeldGroupRow {
                    reason: enum_from(&r.try_get::<String, _>("hold_reason")?)?,
                    count: count("n")?,
                    overdue: count("overdue")?,
                    due_today: count("due_today")?,
                    oldest_held_at: r
                        .try_get::<Option<i64>, _>("oldest")?
                        .map(time)
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Held orders whose hold lifts itself at or before `now`, soonest first.
    pub async fn due_holds(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OrderId>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM orders WHERE hold_release_at <= ? AND status = 'on_hold' \
             ORDER BY hold_release_at LIMIT ?",
        )
        .bind(ms(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        ids.iter()
            .map(|id| id.parse().map_err(|e| StoreError::Decode(format!("{e}"))))
            .collect()
    }

    /// The most recently imported orders in one of `statuses`, newest first, sent to `out` in
    /// batches of `batch` as they are read: what a dry run replays a draft ruleset over. They
    /// come undecoded so the receiver can decode them on several threads while the next batch
    /// is read (decoding is most of the cost of reading 100 000 orders).
    pub async fn stream_recent_orders(
        &self,
        statuses: &[OrderStatus],
        limit: u32,
        batch: usize,
        out: tokio::sync::mpsc::Sender<Vec<RawOrder>>,
    ) -> Result<(), StoreError> {
        let mut q = recent_query(statuses, limit);
        let mut rows = q.build().fetch(&self.pool);
        let mut pending = Vec::with_capacity(batch);
        while let Some(row) = rows.try_next().await? {
            pending.push(RawOrder::read(&row)?);
            if pending.len() == batch {
                let full = std::mem::replace(&mut pending, Vec::with_capacity(batch));
                if out.send(full).await.is_err() {
                    return Ok(()); // the receiver stopped: nothing more is wanted
                }
            }
        }
        if !pending.is_empty() {
            let _ = out.send(pending).await;
        }
        Ok(())
    }

    /// [`Store::stream_recent_orders`] as one list.
    pub async fn recent_orders(
        &self,
        statuses: &[OrderStatus],
        limit: u32,
    ) -> Result<Vec<RawOrder>, StoreError> {
        let mut q = recent_query(statuses, limit);
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter().map(RawOrder::read).collect()
    }
}

/// The newest orders in `statuses`. `+status` makes SQLite walk the table newest-first by
/// rowid and stop at `limit`, instead of collecting every order of the status from an index
/// and sorting their bodies.
fn recent_query(statuses: &[OrderStatus], limit: u32) -> QueryBuilder<'static, Sqlite> {
    let mut q = QueryBuilder::<Sqlite>::new("SELECT body, version FROM orders WHERE +status IN (");
    let mut list = q.separated(", ");
    for s in statuses {
        list.push_bind(s.as_str());
    }
    q.push(") ORDER BY seq DESC LIMIT ")
        .push_bind(i64::from(limit));
    q
}

/// A stored order read but not yet decoded.
#[derive(Debug, Clone)]
pub struct RawOrder {
    body: String,
    version: i64,
}

impl RawOrder {
    fn read(row: &sqlx::sqlite::SqliteRow) -> Result<Self, StoreError> {
        Ok(RawOrder {
            body: row.try_get("body")?,
            version: row.try_get("version")?,
        })
    }

    pub fn decode(&self) -> Result<StoredOrder, StoreError> {
        Ok(StoredOrder {
            order: serde_json::from_str(&self.body)?,
            version: self.version,
        })
    }
}

impl crate::WriteTx {
    /// Orders Waybill itself held for missing stock, oldest placed first: what to re-route when
    /// stock arrives. Read inside the transaction that changed the stock.
    pub async fn orders_waiting_for_stock(
        &mut self,
        limit: u32,
    ) -> Result<Vec<crate::StoredOrder>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM orders WHERE status = 'on_hold' AND hold_reason = 'out_of_stock' \
             ORDER BY placed_at, seq LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let id: OrderId = id.parse().map_err(|e| StoreError::Decode(format!("{e}")))?;
            if let Some(o) = self.order(&id).await? {
                out.push(o);
            }
        }
        Ok(out)
    }
}
