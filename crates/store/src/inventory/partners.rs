//! What partners reported and how talking to them went: parcels per shipment (keyed by their
//! tracking number, so a report read twice records each parcel once), each partner's exchange
//! counters for its health, and the numbers the partner screen shows.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::LocationId;

use super::levels::parse;
use super::products::IN_BATCH;
use super::shipments::{ShipmentRow, ShipmentStatus, load};
use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

/// One parcel a partner reported for a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRow {
    pub shipment_id: String,
    pub tracking: String,
    pub carrier: String,
    pub shipped_at: DateTime<Utc>,
    /// `(sku, units)` in the parcel.
    pub lines: Vec<(String, u32)>,
}

/// A partner's exchange counters as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerStateRow {
    pub location_id: LocationId,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Start of the window `exchanges` and `failures` count in.
    pub window_start: DateTime<Utc>,
    pub exchanges: u32,
    pub failures: u32,
}

/// How one round's exchanges with a partner went, to add to its counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerExchanges {
    pub successes: u32,
    pub failures: u32,
    /// The round's last failure, when it had one.
    pub last_error: Option<String>,
    /// The round polled the partner's statuses (a sync, not a hand-off delivery).
    pub synced: bool,
}

/// What waits at one partner location, for its health.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerLoadRow {
    /// Shipments per status.
    pub counts: HashMap<ShipmentStatus, u32>,
    /// Hand-off effects still to deliver, and those given up on.
    pub pending_handoffs: u32,
    pub dead_handoffs: u32,
    /// The oldest hand-off the partner has not acknowledged yet.
    pub oldest_unacknowledged_at: Option<DateTime<Utc>>,
    /// Handed off before the acknowledgement deadline and still not acknowledged.
    pub unacknowledged_late: u32,
    /// Accepted before the shipping deadline and still not shipped.
    pub unshipped_late: u32,
}

fn opt_time(v: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    v.map(time).transpose()
}

fn decode_package(r: &sqlx::sqlite::SqliteRow) -> Result<PackageRow, StoreError> {
    let lines: Vec<(String, u32)> = serde_json::from_str(&r.try_get::<String, _>("lines")?)?;
    Ok(PackageRow {
        shipment_id: r.try_get("shipment_id")?,
        tracking: r.try_get("tracking")?,
        carrier: r.try_get("carrier")?,
        shipped_at: time(r.try_get("shipped_at")?)?,
        lines,
    })
}

async fn packages(
    ex: &mut sqlx::SqliteConnection,
    shipment_ids: &[&str],
) -> Result<Vec<PackageRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in shipment_ids.chunks(IN_BATCH) {
        let mut q: QueryBuilder<Sqlite> =
            QueryBuilder::new("SELECT * FROM shipment_packages WHERE shipment_id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(") ORDER BY shipment_id, shipped_at, tracking");
        for r in q.build().fetch_all(&mut *ex).await? {
            out.push(decode_package(&r)?);
        }
    }
    Ok(out)
}

impl Store {
    /// The parcels of these shipments, oldest first per shipment.
    pub async fn packages_of(&self, shipment_ids: &[&str]) -> Result<Vec<PackageRow>, StoreError> {
        packages(&mut *self.pool.acquire().await?, shipment_ids).await
    }

    /// A partner's shipments it holds and has not finished: handed off or accepted.
    pub async fn shipments_with_partner(
        &self,
        location: &LocationId,
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM shipments WHERE location_id = ? \
             AND status IN ('handed_off', 'accepted') ORDER BY created_at, id",
        )
        .bind(location.as_str())
        .fetch_all(&self.pool)
        .await?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.shipments_by_id(&refs).await
    }

    /// Every partner's exchange counters.
    pub async fn partner_states(&self) -> Result<Vec<PartnerStateRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM partner_state ORDER BY location_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PartnerStateRow {
                    location_id: parse(r.try_get("location_id")?)?,
                    last_success_at: opt_time(r.try_get("last_success_at")?)?,
                    last_error: r.try_get("last_error")?,
                    last_error_at: opt_time(r.try_get("last_error_at")?)?,
                    last_sync_at: opt_time(r.try_get("last_sync_at")?)?,
                    window_start: time(r.try_get("window_start")?)?,
                    exchanges: r.try_get::<i64, _>("exchanges")?.max(0) as u32,
                    failures: r.try_get::<i64, _>("failures")?.max(0) as u32,
                })
            })
            .collect()
    }

    /// What waits at each location: shipments per status, hand-offs owed, and how many are
    /// past their deadlines (`handed off before unacknowledged_before`, `accepted before
    /// unshipped_before`).
    pub async fn partner_load(
        &self,
        unacknowledged_before: DateTime<Utc>,
        unshipped_before: DateTime<Utc>,
    ) -> Result<HashMap<LocationId, PartnerLoadRow>, StoreError> {
        let mut out: HashMap<LocationId, PartnerLoadRow> = HashMap::new();
        let rows = sqlx::query(
            "SELECT location_id, status, COUNT(*) AS n, MIN(handed_off_at) AS oldest, \
             SUM(CASE WHEN status = 'handed_off' AND handed_off_at < ?1 THEN 1 \
                      WHEN status = 'accepted' AND acknowledged_at < ?2 THEN 1 ELSE 0 END) AS late \
             FROM shipments GROUP BY location_id, status",
        )
        .bind(ms(unacknowledged_before))
        .bind(ms(unshipped_before))
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let status: String = r.try_get("status")?;
            let status = ShipmentStatus::parse(&status)
                .ok_or_else(|| StoreError::Decode(format!("unknown shipment status {status}")))?;
            let row = out.entry(parse(r.try_get("location_id")?)?).or_default();
            row.counts
                .insert(status, r.try_get::<i64, _>("n")?.max(0) as u32);
            let late = r.try_get::<Option<i64>, _>("late")?.unwrap_or(0).max(0) as u32;
            match status {
                ShipmentStatus::HandedOff => {
                    row.oldest_unacknowledged_at = opt_time(r.try_get("oldest")?)?;
                    row.unacknowledged_late = late;
                }
                ShipmentStatus::Accepted => row.unshipped_late = late,
                _ => {}
            }
        }
        // Only open effects are counted: the due index finds them without reading the history.
        let effects = sqlx::query(
            "SELECT location_id, status, COUNT(*) AS n FROM outbox \
             WHERE status IN ('pending', 'dead') AND kind = 'handoff' AND location_id IS NOT NULL \
             GROUP BY location_id, status",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in effects {
            let row = out.entry(parse(r.try_get("location_id")?)?).or_default();
            let n = r.try_get::<i64, _>("n")?.max(0) as u32;
            match r.try_get::<String, _>("status")?.as_str() {
                "pending" => row.pending_handoffs = n,
                _ => row.dead_handoffs = n,
            }
        }
        Ok(out)
    }
}

impl WriteTx {
    /// Shipments by id, with their lines, inside the transaction.
    pub async fn shipments_by_id(&mut self, ids: &[&str]) -> Result<Vec<ShipmentRow>, StoreError> {
        load(&mut self.tx, "s.id", ids).await
    }

    /// The parcels of these shipments, inside the transaction.
    pub async fn packages_of(
        &mut self,
        shipment_ids: &[&str],
    ) -> Result<Vec<PackageRow>, StoreError> {
        packages(&mut self.tx, shipment_ids).await
    }

    /// Records a parcel; false when it was recorded before (the same tracking number for the
    /// same shipment), and nothing changes then.
    pub async fn insert_package(&mut self, p: &PackageRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO shipment_packages (shipment_id, tracking, carrier, shipped_at, lines) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (shipment_id, tracking) DO NOTHING",
        )
        .bind(&p.shipment_id)
        .bind(&p.tracking)
        .bind(&p.carrier)
        .bind(ms(p.shipped_at))
        .bind(serde_json::to_string(&p.lines)?)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds a round's exchanges to a partner's counters. The counters cover a window of
    /// `window`: a round after the window has run out starts a new one.
    pub async fn note_partner_exchanges(
        &mut self,
        location: &LocationId,
        round: &PartnerExchanges,
        now: DateTime<Utc>,
        window: Duration,
    ) -> Result<(), StoreError> {
        if round.successes == 0 && round.failures == 0 && !round.synced {
            return Ok(());
        }
        let now_ms = ms(now);
        let fresh_before = ms(now - window);
        let exchanges = i64::from(round.successes + round.failures);
        let failures = i64::from(round.failures);
        sqlx::query(
            "INSERT INTO partner_state (location_id, last_success_at, last_error, last_error_at, \
             last_sync_at, window_start, exchanges, failures) \
             VALUES (?1, CASE WHEN ?2 > 0 THEN ?3 END, ?4, CASE WHEN ?4 IS NOT NULL THEN ?3 END, \
                     CASE WHEN ?5 THEN ?3 END, ?3, ?6, ?7) \
             ON CONFLICT (location_id) DO UPDATE SET \
               last_success_at = CASE WHEN ?2 > 0 THEN ?3 ELSE last_success_at END, \
               last_error = COALESCE(?4, last_error), \
               last_error_at = CASE WHEN ?4 IS NOT NULL THEN ?3 ELSE last_error_at END, \
               last_sync_at = CASE WHEN ?5 THEN ?3 ELSE last_sync_at END, \
               exchanges = CASE WHEN window_start < ?8 THEN ?6 ELSE exchanges + ?6 END, \
               failures = CASE WHEN window_start < ?8 THEN ?7 ELSE failures + ?7 END, \
               window_start = CASE WHEN window_start < ?8 THEN ?3 ELSE window_start END",
        )
        .bind(location.as_str())
        .bind(i64::from(round.successes))
        .bind(now_ms)
        .bind(round.last_error.as_deref())
        .bind(round.synced)
        .bind(exchanges)
        .bind(failures)
        .bind(fresh_before)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
