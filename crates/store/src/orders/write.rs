//! Inserting and updating orders in batches: one statement per 400 orders, not per order.

use std::collections::HashMap;

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{ChannelId, Order};

use super::{StoredOrder, decode};
use crate::codec::{enum_name, ms};
use crate::{StoreError, WriteTx};

/// Orders per multi-row INSERT: 26 columns × 400 stays well under SQLite's 32 766 parameters.
const ORDER_BATCH: usize = 400;
const IN_BATCH: usize = 500;

/// An order turned into its row: JSON and projections computed up front, so callers that
/// write in bulk can prepare rows on another thread while the previous batch is written.
#[derive(Debug, Clone)]
pub struct PreparedOrder {
    id: String,
    channel_id: String,
    external_id: String,
    number: String,
    status: &'static str,
    customer_name: String,
    customer_email: Option<String>,
    ship_city: String,
    ship_country: String,
    item_count: i64,
    total: i64,
    currency: String,
    placed_at: i64,
    ship_by: Option<i64>,
    location_id: Option<String>,
    carrier: Option<String>,
    service: Option<String>,
    hold_reason: Option<String>,
    held_at: Option<i64>,
    hold_release_at: Option<i64>,
    tags_json: String,
    tags: Vec<String>,
    skus: String,
    body: String,
}

/// The search index's key: placement second in the high bits, the row's seq below (unique up to
/// 2^31 orders; placement times before 1970 sort as 1970). Keep in sync with `update_order`.
fn search_key(placed_at_ms: i64, seq: i64) -> i64 {
    ((placed_at_ms.max(0) / 1000) << 31) | seq
}

impl PreparedOrder {
    pub fn new(o: &Order) -> Result<Self, StoreError> {
        Ok(PreparedOrder {
            id: o.id.to_string(),
            channel_id: o.channel_id.to_string(),
            external_id: o.external_id.clone(),
            number: o.number.clone(),
            status: o.status.as_str(),
            customer_name: o.customer.name.clone(),
            customer_email: o.customer.email.clone(),
            ship_city: o.ship_to.city.clone(),
            ship_country: o.ship_to.country.clone(),
            item_count: i64::from(o.item_count()),
            total: o.total,
            currency: o.currency.clone(),
            placed_at: ms(o.placed_at),
            ship_by: o.ship_by.map(ms),
            location_id: o.location_id.as_ref().map(ToString::to_string),
            carrier: o.carrier.clone(),
            service: o.service.clone(),
            hold_reason: o.hold.as_ref().map(|h| enum_name(&h.reason)).transpose()?,
            held_at: o.hold.as_ref().map(|h| ms(h.placed_at)),
            hold_release_at: o.hold.as_ref().and_then(|h| h.release_at).map(ms),
            tags_json: serde_json::to_string(&o.tags)?,
            // The tag index is case-insensitive, as the queue's tag filter is.
            tags: waybill_core::order::normalise_tags(&o.tags),
            skus: o.sku_text(),
            body: serde_json::to_string(o)?,
        })
    }
}

impl WriteTx {
    /// The stored orders of `channel` with these external ids, keyed by external id.
    pub async fn orders_by_external_id(
        &mut self,
        channel: &ChannelId,
        external_ids: &[&str],
    ) -> Result<HashMap<String, StoredOrder>, StoreError> {
        let mut found = HashMap::with_capacity(external_ids.len());
        for chunk in external_ids.chunks(IN_BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT external_id, body, version FROM orders WHERE channel_id = ",
            );
            q.push_bind(channel.as_str()).push(" AND external_id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(")");
            for row in q.build().fetch_all(&mut *self.tx).await? {
                found.insert(row.try_get("external_id")?, decode(&row)?);
            }
        }
        Ok(found)
    }

    /// Inserts new orders (version 1) with their tags. Fails on a duplicate (channel, external id).
    pub async fn insert_orders(&mut self, orders: &[Order]) -> Result<(), StoreError> {
        let prepared = orders
            .iter()
            .map(PreparedOrder::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.insert_prepared(&prepared).await
    }

    /// [`insert_orders`](Self::insert_orders) for rows prepared in advance.
    pub async fn insert_prepared(&mut self, orders: &[PreparedOrder]) -> Result<(), StoreError> {
        // Rows get their seq here (the write lock is held) so the search key can include it.
        let mut next_seq: i64 = sqlx::query_scalar("SELECT ifnull(max(seq), 0) + 1 FROM orders")
            .fetch_one(&mut *self.tx)
            .await?;
        for chunk in orders.chunks(ORDER_BATCH) {
            let first_seq = next_seq;
            next_seq += chunk.len() as i64;
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO orders (id, channel_id, external_id, number, status, customer_name, \
                 customer_email, ship_city, ship_country, item_count, total, currency, placed_at, \
                 ship_by, location_id, carrier, service, hold_reason, held_at, hold_release_at, tags, skus, \
                 version, body, seq, search_key) ",
            );
            q.push_values(chunk.iter().zip(first_seq..), |mut b, (p, seq)| {
                b.push_bind(p.id.as_str())
                    .push_bind(p.channel_id.as_str())
                    .push_bind(p.external_id.as_str())
                    .push_bind(p.number.as_str())
                    .push_bind(p.status)
                    .push_bind(p.customer_name.as_str())
                    .push_bind(p.customer_email.as_deref())
                    .push_bind(p.ship_city.as_str())
                    .push_bind(p.ship_country.as_str())
                    .push_bind(p.item_count)
                    .push_bind(p.total)
                    .push_bind(p.currency.as_str())
                    .push_bind(p.placed_at)
                    .push_bind(p.ship_by)
                    .push_bind(p.location_id.as_deref())
                    .push_bind(p.carrier.as_deref())
                    .push_bind(p.service.as_deref())
                    .push_bind(p.hold_reason.as_deref())
                    .push_bind(p.held_at)
                    .push_bind(p.hold_release_at)
                    .push_bind(p.tags_json.as_str())
                    .push_bind(p.skus.as_str())
                    .push_bind(1i64)
                    .push_bind(p.body.as_str())
                    .push_bind(seq)
                    .push_bind(search_key(p.placed_at, seq));
            });
            q.build().execute(&mut *self.tx).await?;
            self.insert_tags_of_new(chunk).await?;
        }
        Ok(())
    }

    async fn insert_tags_of_new(&mut self, orders: &[PreparedOrder]) -> Result<(), StoreError> {
        let pairs: Vec<(&str, &str)> = orders
            .iter()
            .flat_map(|o| o.tags.iter().map(move |t| (o.id.as_str(), t.as_str())))
            .collect();
        for chunk in pairs.chunks(IN_BATCH) {
            let mut q =
                QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO order_tags (tag, order_seq) ");
            q.push_values(chunk, |mut b, (id, tag)| {
                b.push_bind(*tag)
                    .push("(SELECT seq FROM orders WHERE id = ")
                    .push_bind_unseparated(*id)
                    .push_unseparated(")");
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Saves a changed order if nobody saved it since `stored.version` was read; returns the new version.
    pub async fn update_order(&mut self, stored: &StoredOrder) -> Result<i64, StoreError> {
        let o = &stored.order;
        let p = PreparedOrder::new(o)?;
        let row = sqlx::query(
            "UPDATE orders SET number = ?, status = ?, customer_name = ?, customer_email = ?, \
             ship_city = ?, ship_country = ?, item_count = ?, total = ?, currency = ?, placed_at = ?, \
             ship_by = ?, location_id = ?, carrier = ?, service = ?, hold_reason = ?, held_at = ?, \
             hold_release_at = ?, tags = ?, \
             skus = ?, body = ?, search_key = ((? / 1000) << 31) | seq, version = version + 1 \
             WHERE id = ? AND version = ? RETURNING seq, version",
        )
        .bind(&o.number)
        .bind(p.status)
        .bind(&o.customer.name)
        .bind(o.customer.email.as_deref())
        .bind(&o.ship_to.city)
        .bind(&o.ship_to.country)
        .bind(i64::from(o.item_count()))
        .bind(o.total)
        .bind(&o.currency)
        .bind(ms(o.placed_at))
        .bind(o.ship_by.map(ms))
        .bind(o.location_id.as_ref().map(|l| l.as_str()))
        .bind(o.carrier.as_deref())
        .bind(o.service.as_deref())
        .bind(p.hold_reason.as_deref())
        .bind(p.held_at)
        .bind(p.hold_release_at)
        .bind(&p.tags_json)
        .bind(&p.skus)
        .bind(&p.body)
        .bind(p.placed_at.max(0))
        .bind(o.id.as_str())
        .bind(stored.version)
        .fetch_optional(&mut *self.tx)
        .await?
        .ok_or(StoreError::Conflict)?;
        let seq: i64 = row.try_get("seq")?;
        sqlx::query("DELETE FROM order_tags WHERE order_seq = ?")
            .bind(seq)
            .execute(&mut *self.tx)
            .await?;
        for tag in &p.tags {
            sqlx::query("INSERT OR IGNORE INTO order_tags (tag, order_seq) VALUES (?, ?)")
                .bind(tag)
                .bind(seq)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(row.try_get("version")?)
    }
}
