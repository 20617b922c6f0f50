//! Shipments: the parts of an order, each shipped whole from one location. The lines of an open
//! shipment are the order's stock reservations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{LocationId, OrderId};

use super::levels::parse;
use super::products::IN_BATCH;
use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    /// Stock is reserved; an own location picks it, a partner's waits for its hand-off.
    Reserved,
    /// Delivered to the partner; not yet confirmed.
    HandedOff,
    /// The partner confirmed it will ship it.
    Accepted,
    Shipped,
    /// The partner refused it; its units went back.
    Rejected,
    /// The order was cancelled or re-routed; its units went back.
    Cancelled,
}

impl ShipmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserved => "reserved",
            Self::HandedOff => "handed_off",
            Self::Accepted => "accepted",
            Self::Shipped => "shipped",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Reserved,
            Self::HandedOff,
            Self::Accepted,
            Self::Shipped,
            Self::Rejected,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Still holding stock: not shipped, rejected or cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Reserved | Self::HandedOff | Self::Accepted)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentLineRow {
    /// Index of the order line.
    pub line: u32,
    pub sku: String,
    pub quantity: u32,
    /// Whether stock was reserved for it (the SKU is in the catalogue).
    pub tracked: bool,
}

/// A shipment routing decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShipment {
    pub id: String,
    pub order_id: OrderId,
    pub seq: u32,
    pub location_id: LocationId,
    pub lines: Vec<ShipmentLineRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    pub id: String,
    pub order_id: OrderId,
    pub seq: u32,
    pub location_id: LocationId,
    pub status: ShipmentStatus,
    pub partner_ref: Option<String>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub handed_off_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub lines: Vec<ShipmentLineRow>,
}

/// What changes when a shipment moves on; `None` fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShipmentUpdate {
    pub partner_ref: Option<String>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub note: Option<String>,
}

fn opt_time(v: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    v.map(time).transpose()
}

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<ShipmentRow, StoreError> {
    let status: String = r.try_get("status")?;
    Ok(ShipmentRow {
        id: r.try_get("id")?,
        order_id: parse(r.try_get("order_id")?)?,
        seq: r.try_get::<i64, _>("seq")? as u32,
        location_id: parse(r.try_get("location_id")?)?,
        status: ShipmentStatus::parse(&status)
            .ok_or_else(|| StoreError::Decode(format!("unknown shipment status {status}")))?,
        partner_ref: r.try_get("partner_ref")?,
        carrier: r.try_get("carrier")?,
        tracking: r.try_get("tracking")?,
        note: r.try_get("note")?,
        created_at: time(r.try_get("created_at")?)?,
        updated_at: time(r.try_get("updated_at")?)?,
        handed_off_at: opt_time(r.try_get("handed_off_at")?)?,
        acknowledged_at: opt_time(r.try_get("acknowledged_at")?)?,
        shipped_at: opt_time(r.try_get("shipped_at")?)?,
        lines: Vec::new(),
    })
}

/// Reads shipments by a WHERE clause over `shipments s`, with their lines.
pub(super) async fn load(
    ex: &mut sqlx::SqliteConnection,
    ids_sql: &str,
    order_ids: &[&str],
) -> Result<Vec<ShipmentRow>, StoreError> {
    let mut out: Vec<ShipmentRow> = Vec::new();
    for chunk in order_ids.chunks(IN_BATCH) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT s.*, l.line AS l_line, l.sku AS l_sku, l.quantity AS l_quantity, \
             l.tracked AS l_tracked FROM shipments s LEFT JOIN shipment_lines l \
             ON l.shipment_id = s.id WHERE {ids_sql} IN ("
        ));
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(") ORDER BY s.order_id, s.seq, l.line");
        for r in q.build().fetch_all(&mut *ex).await? {
            let id: String = r.try_get("id")?;
            if out.last().is_none_or(|s| s.id != id) {
                out.push(decode(&r)?);
            }
            if let Some(line) = r.try_get::<Option<i64>, _>("l_line")?
                && let Some(s) = out.last_mut()
            {
                s.lines.push(ShipmentLineRow {
                    line: line as u32,
                    sku: r.try_get("l_sku")?,
                    quantity: r.try_get::<i64, _>("l_quantity")? as u32,
                    tracked: r.try_get::<i64, _>("l_tracked")? == 1,
                });
            }
        }
    }
    Ok(out)
}

impl Store {
    /// An order's shipments, in order, with their lines.
    pub async fn shipments_of(&self, order: &OrderId) -> Result<Vec<ShipmentRow>, StoreError> {
        load(
            &mut *self.pool.acquire().await?,
            "s.order_id",
            &[order.as_str()],
        )
        .await
    }

    /// Shipments by id, with their lines.
    pub async fn shipments_by_id(&self, ids: &[&str]) -> Result<Vec<ShipmentRow>, StoreError> {
        load(&mut *self.pool.acquire().await?, "s.id", ids).await
    }

    /// A location's latest shipments, newest first (the partner screen's hand-offs).
    pub async fn shipments_at(
        &self,
        location: &LocationId,
        limit: u32,
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM shipments WHERE location_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        )
        .bind(location.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut rows = self.shipments_by_id(&refs).await?;
        rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(rows)
    }

    /// Units open shipments hold per (location, SKU), for tracked lines: what `reserved` must
    /// equal. Units a partner already reported shipped in a parcel of a still-open shipment
    /// have left the shelf and are no longer held.
    pub async fn reserved_by_shipments(
        &self,
    ) -> Result<Vec<(LocationId, String, u32)>, StoreError> {
        let rows = sqlx::query(
            "WITH held AS (SELECT s.id, s.location_id, l.sku, SUM(l.quantity) AS units \
               FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id \
               WHERE s.status IN ('reserved', 'handed_off', 'accepted') AND l.tracked = 1 \
               GROUP BY s.id, l.sku), \
             shipped AS (SELECT p.shipment_id, json_extract(j.value, '$[0]') AS sku, \
               SUM(json_extract(j.value, '$[1]')) AS units \
               FROM shipment_packages p, json_each(p.lines) j GROUP BY p.shipment_id, sku) \
             SELECT h.location_id, h.sku, SUM(MAX(0, h.units - COALESCE(x.units, 0))) AS units \
             FROM held h LEFT JOIN shipped x ON x.shipment_id = h.id AND x.sku = h.sku \
             GROUP BY h.location_id, h.sku HAVING SUM(MAX(0, h.units - COALESCE(x.units, 0))) > 0 \
             ORDER BY h.location_id, h.sku",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse(r.try_get("location_id")?)?,
                    r.try_get("sku")?,
                    r.try_get::<i64, _>("units")? as u32,
                ))
            })
            .collect()
    }
}

impl WriteTx {
    /// The open shipments of these orders, with their lines.
    pub async fn open_shipments(
        &mut self,
        orders: &[&str],
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        let mut rows = load(&mut self.tx, "s.order_id", orders).await?;
        rows.retain(|s| s.status.is_open());
        Ok(rows)
    }

    /// Every shipment of these orders.
    pub async fn shipments_of_orders(
        &mut self,
        orders: &[&str],
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        load(&mut self.tx, "s.order_id", orders).await
    }

    /// One shipment by id, with its lines.
    pub async fn shipment(&mut self, id: &str) -> Result<Option<ShipmentRow>, StoreError> {
        Ok(load(&mut self.tx, "s.id", &[id]).await?.into_iter().next())
    }

    /// The highest shipment number an order has used (0 when none): new shipments continue
    /// after it, so a re-routed order's shipment ids never repeat.
    pub async fn last_shipment_seq(&mut self, order: &OrderId) -> Result<u32, StoreError> {
        let n: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM shipments WHERE order_id = ?")
                .bind(order.as_str())
                .fetch_one(&mut *self.tx)
                .await?;
        Ok(n.unwrap_or(0) as u32)
    }

    pub async fn insert_shipments(
        &mut self,
        shipments: &[NewShipment],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = ms(now);
        for chunk in shipments.chunks(IN_BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO shipments (id, order_id, seq, location_id, status, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, s| {
                b.push_bind(&s.id)
                    .push_bind(s.order_id.as_str())
                    .push_bind(i64::from(s.seq))
                    .push_bind(s.location_id.as_str())
                    .push_bind(ShipmentStatus::Reserved.as_str())
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(&mut *self.tx).await?;
        }
        let lines: Vec<(&str, &ShipmentLineRow)> = shipments
            .iter()
            .flat_map(|s| s.lines.iter().map(move |l| (s.id.as_str(), l)))
            .collect();
        for chunk in lines.chunks(IN_BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO shipment_lines (shipment_id, line, sku, quantity, tracked) ",
            );
            q.push_values(chunk, |mut b, (id, l)| {
                b.push_bind(*id)
                    .push_bind(i64::from(l.line))
                    .push_bind(&l.sku)
                    .push_bind(i64::from(l.quantity))
                    .push_bind(i64::from(l.tracked));
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Moves a shipment to `status`, stamping the time that status stands for.
    pub async fn set_shipment_status(
        &mut self,
        id: &str,
        status: ShipmentStatus,
        update: &ShipmentUpdate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let stamp = match status {
            ShipmentStatus::HandedOff => Some("handed_off_at"),
            ShipmentStatus::Accepted | ShipmentStatus::Rejected => Some("acknowledged_at"),
            ShipmentStatus::Shipped => Some("shipped_at"),
            _ => None,
        };
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("UPDATE shipments SET status = ");
        q.push_bind(status.as_str())
            .push(", updated_at = ")
            .push_bind(ms(now));
        if let Some(col) = stamp {
            q.push(format!(", {col} = COALESCE({col}, "))
                .push_bind(ms(now))
                .push(")");
        }
        for (col, v) in [
            ("partner_ref", &update.partner_ref),
            ("carrier", &update.carrier),
            ("tracking", &update.tracking),
            ("note", &update.note),
        ] {
            if let Some(v) = v {
                q.push(format!(", {col} = ")).push_bind(v.clone());
            }
        }
        q.push(" WHERE id = ").push_bind(id);
        q.build().execute(&mut *self.tx).await?;
        Ok(())
    }
}
