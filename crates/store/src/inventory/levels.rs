//! Stock rows and their audit: read for the SKUs a transaction routes, written from movements.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::inventory::{MovementKind, StockLevel, StockMovement};
use waybill_core::{LocationId, OrderId};

use super::products::IN_BATCH;
use crate::codec::{enum_name, ms, time};
use crate::{Store, StoreError, WriteTx};

/// Movement rows per multi-row INSERT (14 columns).
const MOVEMENT_BATCH: usize = 1000;

/// One (location, SKU) row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    pub location_id: LocationId,
    pub sku: String,
    pub level: StockLevel,
    pub updated_at: DateTime<Utc>,
}

/// One audited change to a stock row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementRow {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub location_id: LocationId,
    pub sku: String,
    pub before: StockLevel,
    pub after: StockLevel,
    pub order_id: Option<OrderId>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
}

fn level(r: &sqlx::sqlite::SqliteRow) -> Result<StockLevel, StoreError> {
    Ok(StockLevel::new(
        r.try_get::<i64, _>("on_hand")? as u32,
        r.try_get::<i64, _>("reserved")? as u32,
    ))
}

fn stock_row(r: &sqlx::sqlite::SqliteRow) -> Result<StockRow, StoreError> {
    Ok(StockRow {
        location_id: parse(r.try_get("location_id")?)?,
        sku: r.try_get("sku")?,
        level: level(r)?,
        updated_at: time(r.try_get("updated_at")?)?,
    })
}

pub(crate) fn parse<T: std::str::FromStr>(s: String) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| StoreError::Decode(format!("{e}")))
}

/// What the audit row says about why: (kind, order, reason, note, actor).
type Why<'a> = (
    &'static str,
    Option<&'a str>,
    Option<String>,
    Option<&'a str>,
    Option<&'a str>,
);

fn why(kind: &MovementKind) -> Result<Why<'_>, StoreError> {
    Ok(match kind {
        MovementKind::Reserved { order } => ("reserved", Some(order.as_str()), None, None, None),
        MovementKind::Released { order } => ("released", Some(order.as_str()), None, None, None),
        MovementKind::Consumed { order } => ("consumed", Some(order.as_str()), None, None, None),
        MovementKind::Adjusted {
            reason,
            note,
            actor,
        } => (
            "adjusted",
            None,
            Some(enum_name(reason)?),
            Some(note.as_str()).filter(|n| !n.is_empty()),
            Some(actor.as_str()),
        ),
        MovementKind::Counted { actor } => ("counted", None, None, None, Some(actor.as_str())),
        MovementKind::Reconciled { source } => {
            ("reconciled", None, None, None, Some(source.as_str()))
        }
    })
}

impl Store {
    /// Every stock row (the Inventory screen groups them by SKU).
    pub async fn stock_rows(&self) -> Result<Vec<StockRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM stock_levels ORDER BY sku, location_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stock_row).collect()
    }

    /// The latest adjustments, counts and reconciliations, newest first.
    pub async fn stock_adjustments(&self, limit: u32) -> Result<Vec<MovementRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM stock_movements WHERE kind IN ('adjusted', 'counted', 'reconciled') \
             ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MovementRow {
                    at: time(r.try_get("at")?)?,
                    kind: r.try_get("kind")?,
                    location_id: parse(r.try_get("location_id")?)?,
                    sku: r.try_get("sku")?,
                    before: StockLevel::new(
                        r.try_get::<i64, _>("on_hand_before")? as u32,
                        r.try_get::<i64, _>("reserved_before")? as u32,
                    ),
                    after: StockLevel::new(
                        r.try_get::<i64, _>("on_hand_after")? as u32,
                        r.try_get::<i64, _>("reserved_after")? as u32,
                    ),
                    order_id: r
                        .try_get::<Option<String>, _>("order_id")?
                        .map(parse)
                        .transpose()?,
                    reason: r.try_get("reason")?,
                    note: r.try_get("note")?,
                    actor: r.try_get("actor")?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// The rows of `skus` at every location, read inside the write transaction: what routing
    /// reserves against cannot change under it.
    pub async fn stock_for_skus(&mut self, skus: &[&str]) -> Result<Vec<StockRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in skus.chunks(IN_BATCH) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT * FROM stock_levels WHERE sku IN (");
            let mut list = q.separated(", ");
            for s in chunk {
                list.push_bind(*s);
            }
            q.push(")");
            for r in q.build().fetch_all(&mut *self.tx).await? {
                out.push(stock_row(&r)?);
            }
        }
        Ok(out)
    }

    /// Every row, inside the transaction (bulk imports and reconciliations).
    pub async fn all_stock(&mut self) -> Result<Vec<StockRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM stock_levels")
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter().map(stock_row).collect()
    }

    /// Writes each movement's `after` levels and its audit rows.
    pub async fn write_movements(
        &mut self,
        movements: &[StockMovement],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut rows = Vec::new();
        for m in movements {
            let why = why(&m.kind)?;
            for d in &m.deltas {
                rows.push((d, why.clone()));
            }
        }
        // Order-driven movements are recorded by the shipments; only people's, files' and
        // partners' changes are audited here.
        let audited: Vec<_> = rows
            .iter()
            .filter(|(_, (kind, ..))| matches!(*kind, "adjusted" | "counted" | "reconciled"))
            .cloned()
            .collect();
        let at = ms(at);
        for chunk in rows.chunks(MOVEMENT_BATCH) {
            // A row changed twice in one chunk keeps its last level (later movements win).
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO stock_levels (location_id, sku, on_hand, reserved, updated_at) ",
            );
            q.push_values(chunk, |mut b, (d, _)| {
                b.push_bind(d.location.as_str())
                    .push_bind(&d.sku)
                    .push_bind(i64::from(d.after.on_hand))
                    .push_bind(i64::from(d.after.reserved))
                    .push_bind(at);
            });
            q.push(
                " ON CONFLICT (sku, location_id) DO UPDATE SET on_hand = excluded.on_hand, \
                 reserved = excluded.reserved, updated_at = excluded.updated_at",
            );
            q.build().execute(&mut *self.tx).await?;
        }
        for chunk in audited.chunks(MOVEMENT_BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO stock_movements (at, kind, location_id, sku, on_hand_before, \
                 on_hand_after, reserved_before, reserved_after, order_id, reason, note, actor) ",
            );
            q.push_values(chunk, |mut b, (d, (kind, order, reason, note, actor))| {
                b.push_bind(at)
                    .push_bind(*kind)
                    .push_bind(d.location.as_str())
                    .push_bind(&d.sku)
                    .push_bind(i64::from(d.before.on_hand))
                    .push_bind(i64::from(d.after.on_hand))
                    .push_bind(i64::from(d.before.reserved))
                    .push_bind(i64::from(d.after.reserved))
                    .push_bind(*order)
                    .push_bind(reason.clone())
                    .push_bind(*note)
                    .push_bind(*actor);
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}
