//! Inserting and updating orders in batches: one statement per 400 orders, not per order.

use std::collections::HashMap;

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{ChannelId, Order};

use super::{StoredOrder, decode};
use crate::codec::{enum_name, ms};
use crate::{StoreError, WriteTx};

/// Orders per multi-row INSERT: 23 columns × 400 stays well under SQLite's 32 766 parameters.
const ORDER_BATCH: usize = 400;
const IN_BATCH: usize = 500;

/// The queue's columns of an order, computed once from the aggregate.
struct Projection {
    status: String,
    hold_reason: Option<String>,
    tags: String,
    skus: String,
    body: String,
}

fn project(o: &Order) -> Result<Projection, StoreError> {
    Ok(Projection {
        status: o.status.as_str().to_owned(),
        hold_reason: o.hold.as_ref().map(|h| enum_name(&h.reason)).transpose()?,
        tags: serde_json::to_string(&o.tags)?,
        skus: o.sku_text(),
        body: serde_json::to_string(o)?,
    })
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
        for chunk in orders.chunks(ORDER_BATCH) {
            let projected = chunk.iter().map(project).collect::<Result<Vec<_>, _>>()?;
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO orders (id, channel_id, external_id, number, status, customer_name, \
                 customer_email, ship_city, ship_country, item_count, total, currency, placed_at, \
                 ship_by, location_id, carrier, service, hold_reason, tags, skus, version, body) ",
            );
            q.push_values(chunk.iter().zip(&projected), |mut b, (o, p)| {
                b.push_bind(o.id.as_str())
                    .push_bind(o.channel_id.as_str())
                    .push_bind(&o.external_id)
                    .push_bind(&o.number)
                    .push_bind(&p.status)
                    .push_bind(&o.customer.name)
                    .push_bind(o.customer.email.as_deref())
                    .push_bind(&o.ship_to.city)
                    .push_bind(&o.ship_to.country)
                    .push_bind(i64::from(o.item_count()))
                    .push_bind(o.total)
                    .push_bind(&o.currency)
                    .push_bind(ms(o.placed_at))
                    .push_bind(o.ship_by.map(ms))
                    .push_bind(o.location_id.as_ref().map(|l| l.as_str()))
                    .push_bind(o.carrier.as_deref())
                    .push_bind(o.service.as_deref())
                    .push_bind(p.hold_reason.as_deref())
                    .push_bind(&p.tags)
                    .push_bind(&p.skus)
                    .push_bind(1i64)
                    .push_bind(&p.body);
            });
            q.build().execute(&mut *self.tx).await?;
            self.insert_tags_of_new(chunk).await?;
        }
        Ok(())
    }

    async fn insert_tags_of_new(&mut self, orders: &[Order]) -> Result<(), StoreError> {
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
        let p = project(o)?;
        let row = sqlx::query(
            "UPDATE orders SET number = ?, status = ?, customer_name = ?, customer_email = ?, \
             ship_city = ?, ship_country = ?, item_count = ?, total = ?, currency = ?, placed_at = ?, \
             ship_by = ?, location_id = ?, carrier = ?, service = ?, hold_reason = ?, tags = ?, \
             skus = ?, body = ?, version = version + 1 \
             WHERE id = ? AND version = ? RETURNING seq, version",
        )
        .bind(&o.number)
        .bind(&p.status)
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
        .bind(&p.tags)
        .bind(&p.skus)
        .bind(&p.body)
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
        for tag in &o.tags {
            sqlx::query("INSERT OR IGNORE INTO order_tags (tag, order_seq) VALUES (?, ?)")
                .bind(tag)
                .bind(seq)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(row.try_get("version")?)
    }
}
