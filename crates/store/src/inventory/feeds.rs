//! Which locations feed each channel's stock, and the stock pushes queued for it: one pending
//! push per (channel, SKU) at a time, rewritten while no worker has claimed it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::ChannelId;
use waybill_core::inventory::ChannelFeed;

use super::levels::parse;
use crate::codec::ms;
use crate::{Store, StoreError, WriteTx};

/// One channel stock push to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockPushRow {
    pub channel: ChannelId,
    pub sku: String,
    pub quantity: u32,
    /// The effect's JSON.
    pub payload: String,
}

/// Rows per multi-row statement (7 parameters each).
const BATCH: usize = 1_000;

const FEEDS_SQL: &str = "SELECT f.channel_id, f.location_id, COALESCE(s.buffer, 0) AS buffer \
     FROM channel_stock_feeds f LEFT JOIN channel_stock_settings s ON s.channel_id = f.channel_id \
     WHERE COALESCE(s.push_stock, 1) = 1 ORDER BY f.channel_id, f.location_id";

fn feeds(rows: &[sqlx::sqlite::SqliteRow]) -> Result<Vec<ChannelFeed>, StoreError> {
    let mut out: Vec<ChannelFeed> = Vec::new();
    for r in rows {
        let channel: ChannelId = parse(r.try_get("channel_id")?)?;
        let location = parse(r.try_get("location_id")?)?;
        match out.last_mut() {
            Some(f) if f.channel == channel => f.locations.push(location),
            _ => out.push(ChannelFeed {
                channel,
                locations: vec![location],
                buffer: r.try_get::<i64, _>("buffer")? as u32,
            }),
        }
    }
    Ok(out)
}

impl Store {
    /// Every channel that is fed stock, with its locations and buffer.
    pub async fn channel_feeds(&self) -> Result<Vec<ChannelFeed>, StoreError> {
        feeds(&sqlx::query(FEEDS_SQL).fetch_all(&self.pool).await?)
    }
}

impl WriteTx {
    pub async fn channel_feeds(&mut self) -> Result<Vec<ChannelFeed>, StoreError> {
        feeds(&sqlx::query(FEEDS_SQL).fetch_all(&mut *self.tx).await?)
    }

    /// Sets which locations feed `channel` and its buffer (replacing what was there).
    pub async fn set_channel_feed(&mut self, feed: &ChannelFeed) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM channel_stock_feeds WHERE channel_id = ?")
            .bind(feed.channel.as_str())
            .execute(&mut *self.tx)
            .await?;
        for l in &feed.locations {
            sqlx::query("INSERT INTO channel_stock_feeds (channel_id, location_id) VALUES (?, ?)")
                .bind(feed.channel.as_str())
                .bind(l.as_str())
                .execute(&mut *self.tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO channel_stock_settings (channel_id, buffer) VALUES (?, ?) \
             ON CONFLICT (channel_id) DO UPDATE SET buffer = excluded.buffer",
        )
        .bind(feed.channel.as_str())
        .bind(i64::from(feed.buffer))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// What each channel was last told of these SKUs.
    pub async fn channel_stock(
        &mut self,
        channel: &ChannelId,
    ) -> Result<HashMap<String, u32>, StoreError> {
        let rows = sqlx::query("SELECT sku, quantity FROM channel_stock WHERE channel_id = ?")
            .bind(channel.as_str())
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("sku")?, r.try_get::<i64, _>("quantity")? as u32)))
            .collect()
    }

    /// Queues "channel may sell quantity of sku" for each push, due at `due_at`. A push of the
    /// same (channel, SKU) still waiting and unclaimed is rewritten instead (coalescing: one push
    /// carries the latest number); a quantity equal to the last one queued queues nothing.
    /// Batched: a bulk stock import may queue 100 000 pushes. Returns how many changed.
    pub async fn queue_stock_pushes(
        &mut self,
        pushes: &[StockPushRow],
        now: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let mut by_channel: HashMap<&ChannelId, Vec<&StockPushRow>> = HashMap::new();
        for p in pushes {
            by_channel.entry(&p.channel).or_default().push(p);
        }
        let mut changed = 0;
        for (channel, pushes) in by_channel {
            changed += self.queue_channel(channel, &pushes, now, due_at).await?;
        }
        Ok(changed)
    }

    async fn queue_channel(
        &mut self,
        channel: &ChannelId,
        pushes: &[&StockPushRow],
        now: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        // What was queued last per SKU, and which of those effects no worker has claimed yet
        // (still pending, never tried, due time as queued).
        let last: HashMap<String, (i64, i64, Option<i64>, i64)> = sqlx::query(
            "SELECT sku, quantity, version, effect_id, due_at FROM channel_stock WHERE channel_id = ?",
        )
        .bind(channel.as_str())
        .fetch_all(&mut *self.tx)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("sku")?,
                (
                    r.try_get("quantity")?,
                    r.try_get("version")?,
                    r.try_get("effect_id")?,
                    r.try_get("due_at")?,
                ),
            ))
        })
        .collect::<Result<_, StoreError>>()?;
        let waiting: HashMap<i64, i64> = sqlx::query(
            "SELECT id, next_attempt_at FROM outbox WHERE kind = 'stock' AND channel_id = ? \
             AND status = 'pending' AND attempts = 0",
        )
        .bind(channel.as_str())
        .fetch_all(&mut *self.tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("next_attempt_at")?)))
        .collect::<Result<_, StoreError>>()?;

        let mut rewrite: Vec<(i64, &StockPushRow, i64, i64)> = Vec::new();
        let mut fresh: Vec<(&StockPushRow, i64)> = Vec::new();
        for p in pushes {
            match last.get(&p.sku) {
                Some((q, ..)) if *q == i64::from(p.quantity) => {}
                Some((_, version, Some(effect), due)) if waiting.get(effect) == Some(due) => {
                    rewrite.push((*effect, p, *version, *due));
                }
                Some((_, version, ..)) => fresh.push((p, version + 1)),
                None => fresh.push((p, 1)),
            }
        }
        for chunk in rewrite.chunks(BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("WITH v(id, payload) AS (VALUES ");
            let mut list = q.separated(", ");
            for (id, p, ..) in chunk {
                list.push("(")
                    .push_bind_unseparated(*id)
                    .push_unseparated(", ")
                    .push_bind_unseparated(&p.payload)
                    .push_unseparated(")");
            }
            q.push(") UPDATE outbox SET payload = v.payload FROM v WHERE outbox.id = v.id");
            q.build().execute(&mut *self.tx).await?;
        }
        let mut rows: Vec<(&StockPushRow, i64, Option<i64>, i64)> = rewrite
            .iter()
            .map(|(id, p, version, due)| (*p, *version, Some(*id), *due))
            .collect();
        let due = ms(due_at);
        for chunk in fresh.chunks(BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO outbox (kind, channel_id, idempotency_key, payload, status, attempts, \
                 next_attempt_at, created_at) ",
            );
            q.push_values(chunk, |mut b, (p, version)| {
                b.push_bind("stock")
                    .push_bind(channel.as_str())
                    .push_bind(format!("wb-stock-{channel}-{}-{version}", p.sku))
                    .push_bind(&p.payload)
                    .push_bind("pending")
                    .push_bind(0i64)
                    .push_bind(due)
                    .push_bind(ms(now));
            });
            q.push(" RETURNING id, idempotency_key");
            let ids: HashMap<String, i64> = q
                .build()
                .fetch_all(&mut *self.tx)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("idempotency_key")?, r.try_get("id")?)))
                .collect::<Result<_, StoreError>>()?;
            for (p, version) in chunk {
                let id = ids
                    .get(&format!("wb-stock-{channel}-{}-{version}", p.sku))
                    .copied();
                rows.push((p, *version, id, due));
            }
        }
        for chunk in rows.chunks(BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO channel_stock (channel_id, sku, quantity, version, effect_id, due_at, \
                 updated_at) ",
            );
            q.push_values(chunk, |mut b, (p, version, id, due)| {
                b.push_bind(channel.as_str())
                    .push_bind(&p.sku)
                    .push_bind(i64::from(p.quantity))
                    .push_bind(*version)
                    .push_bind(*id)
                    .push_bind(*due)
                    .push_bind(ms(now));
            });
            q.push(
                " ON CONFLICT (channel_id, sku) DO UPDATE SET quantity = excluded.quantity, \
                 version = excluded.version, effect_id = excluded.effect_id, \
                 due_at = excluded.due_at, updated_at = excluded.updated_at",
            );
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(rows.len())
    }
}
