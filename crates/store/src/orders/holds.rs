//! Reads about held orders: the held-orders view's groups and the timed holds that are due.

use chrono::{DateTime, Utc};
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

    /// The most recently imported orders in one of `statuses`, newest first: what a dry run
    /// replays a draft ruleset over. They come undecoded so the caller can decode them on
    /// several threads (decoding is most of the cost of reading 100 000 orders).
    pub async fn recent_orders(
        &self,
        statuses: &[OrderStatus],
        limit: u32,
    ) -> Result<Vec<RawOrder>, StoreError> {
        // `+status`: walk the table newest-first by rowid and stop at `limit`, instead of
        // collecting every order of the status from an index and sorting their bodies.
        let mut q =
            QueryBuilder::<Sqlite>::new("SELECT body, version FROM orders WHERE +status IN (");
        let mut list = q.separated(", ");
        for s in statuses {
            list.push_bind(s.as_str());
        }
        q.push(") ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(limit));
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(RawOrder {
                    body: r.try_get("body")?,
                    version: r.try_get("version")?,
                })
            })
            .collect()
    }
}

/// A stored order read but not yet decoded.
#[derive(Debug, Clone)]
pub struct RawOrder {
    body: String,
    version: i64,
}

impl RawOrder {
    pub fn decode(&self) -> Result<StoredOrder, StoreError> {
        Ok(StoredOrder {
            order: serde_json::from_str(&self.body)?,
            version: self.version,
        })
    }
}
