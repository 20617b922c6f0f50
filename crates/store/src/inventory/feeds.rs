//! Which locations feed each channel's stock, and the stock pushes queued for it: one pending
//! push per (channel, SKU) at a time, rewritten while no worker has claimed it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::Row;
use waybill_core::ChannelId;
use waybill_core::inventory::ChannelFeed;

use super::levels::parse;
use crate::codec::ms;
use crate::outbox::{Destination, EffectKind, NewEffect};
use crate::{Store, StoreError, WriteTx};

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

    /// Queues "`channel` may sell `quantity` of `sku`", due at `due_at`. A push of the same
    /// (channel, SKU) still waiting and unclaimed is rewritten instead (coalescing: one push
    /// carries the latest number); a quantity equal to the last one queued queues nothing.
    /// Returns whether the outbox changed.
    pub async fn queue_stock_push(
        &mut self,
        channel: &ChannelId,
        sku: &str,
        quantity: u32,
        payload: &str,
        now: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let last = sqlx::query(
            "SELECT quantity, version, effect_id, due_at FROM channel_stock \
             WHERE channel_id = ? AND sku = ?",
        )
        .bind(channel.as_str())
        .bind(sku)
        .fetch_optional(&mut *self.tx)
        .await?;
        let (version, effect, due) = match &last {
            Some(r) => {
                if r.try_get::<i64, _>("quantity")? == i64::from(quantity) {
                    return Ok(false);
                }
                (
                    r.try_get::<i64, _>("version")?,
                    r.try_get::<Option<i64>, _>("effect_id")?,
                    r.try_get::<i64, _>("due_at")?,
                )
            }
            None => (0, None, 0),
        };
        if let Some(id) = effect {
            let rewritten = sqlx::query(
                "UPDATE outbox SET payload = ? WHERE id = ? AND status = 'pending' \
                 AND attempts = 0 AND next_attempt_at = ?",
            )
            .bind(payload)
            .bind(id)
            .bind(due)
            .execute(&mut *self.tx)
            .await?;
            if rewritten.rows_affected() == 1 {
                sqlx::query(
                    "UPDATE channel_stock SET quantity = ?, updated_at = ? \
                     WHERE channel_id = ? AND sku = ?",
                )
                .bind(i64::from(quantity))
                .bind(ms(now))
                .bind(channel.as_str())
                .bind(sku)
                .execute(&mut *self.tx)
                .await?;
                return Ok(true);
            }
        }
        let version = version + 1;
        let id = self
            .enqueue_effect(&NewEffect {
                kind: EffectKind::Stock,
                to: Destination::Channel(channel.clone()),
                order_id: None,
                idempotency_key: format!("wb-stock-{channel}-{sku}-{version}"),
                payload: payload.to_owned(),
                due_at,
            })
            .await?;
        sqlx::query(
            "INSERT INTO channel_stock (channel_id, sku, quantity, version, effect_id, due_at, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, sku) DO UPDATE SET \
             quantity = excluded.quantity, version = excluded.version, \
             effect_id = excluded.effect_id, due_at = excluded.due_at, updated_at = excluded.updated_at",
        )
        .bind(channel.as_str())
        .bind(sku)
        .bind(i64::from(quantity))
        .bind(version)
        .bind(id)
        .bind(ms(due_at))
        .bind(ms(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(true)
    }
}
