//! Locations with their routing and partner settings, and the shipments each took per day.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sqlx::Row;
use waybill_core::{Location, LocationId, LocationKind};

use super::levels::parse;
use crate::{Store, StoreError, WriteTx};

/// A location as routing and the partner screens need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationRow {
    pub location: Location,
    /// Shipments it can take per UTC day; `None` for no limit.
    pub daily_capacity: Option<u32>,
    /// A partner adapter's non-secret settings (base URL, marketplace, folder).
    pub settings: BTreeMap<String, String>,
    /// An inactive location is never routed to.
    pub active: bool,
}

const SELECT: &str = "SELECT id, name, kind, postal_code, country, daily_capacity, settings, active \
                      FROM locations ORDER BY id";

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<LocationRow, StoreError> {
    let kind: String = r.try_get("kind")?;
    Ok(LocationRow {
        location: Location {
            id: parse(r.try_get("id")?)?,
            name: r.try_get("name")?,
            kind: LocationKind::parse(&kind)
                .ok_or_else(|| StoreError::Decode(format!("unknown location kind {kind}")))?,
            postal_code: r.try_get("postal_code")?,
            country: r.try_get("country")?,
        },
        daily_capacity: r
            .try_get::<Option<i64>, _>("daily_capacity")?
            .map(|c| c as u32),
        settings: serde_json::from_str(&r.try_get::<String, _>("settings")?)?,
        active: r.try_get::<i64, _>("active")? == 1,
    })
}

/// The UTC day number of `t` (the key of `location_load`).
pub fn day_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(86_400)
}

impl Store {
    /// Every location with its settings, by id (routing's tie-break order).
    pub async fn location_rows(&self) -> Result<Vec<LocationRow>, StoreError> {
        let rows = sqlx::query(SELECT).fetch_all(&self.pool).await?;
        rows.iter().map(decode).collect()
    }
}

impl Store {
    /// Shipments each location has taken on `day`.
    pub async fn location_load(&self, day: i64) -> Result<HashMap<LocationId, u32>, StoreError> {
        let rows = sqlx::query("SELECT location_id, shipments FROM location_load WHERE day = ?")
            .bind(day)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse(r.try_get("location_id")?)?,
                    r.try_get::<i64, _>("shipments")? as u32,
                ))
            })
            .collect()
    }

    /// Open (reserved, handed off, accepted) shipments per location.
    pub async fn open_shipment_counts(&self) -> Result<HashMap<LocationId, u32>, StoreError> {
        let rows = sqlx::query(
            "SELECT location_id, COUNT(*) AS n FROM shipments \
             WHERE status IN ('reserved', 'handed_off', 'accepted') GROUP BY location_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse(r.try_get("location_id")?)?,
                    r.try_get::<i64, _>("n")? as u32,
                ))
            })
            .collect()
    }
}

impl WriteTx {
    pub async fn location_rows(&mut self) -> Result<Vec<LocationRow>, StoreError> {
        let rows = sqlx::query(SELECT).fetch_all(&mut *self.tx).await?;
        rows.iter().map(decode).collect()
    }

    /// Sets a location's capacity, settings and whether it is active.
    pub async fn update_location(&mut self, row: &LocationRow) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE locations SET name = ?, postal_code = ?, country = ?, daily_capacity = ?, \
             settings = ?, active = ? WHERE id = ?",
        )
        .bind(&row.location.name)
        .bind(&row.location.postal_code)
        .bind(&row.location.country)
        .bind(row.daily_capacity.map(i64::from))
        .bind(serde_json::to_string(&row.settings)?)
        .bind(i64::from(row.active))
        .bind(row.location.id.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Shipments each location has taken on `day`.
    pub async fn location_load(
        &mut self,
        day: i64,
    ) -> Result<HashMap<LocationId, u32>, StoreError> {
        let rows = sqlx::query("SELECT location_id, shipments FROM location_load WHERE day = ?")
            .bind(day)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse(r.try_get("location_id")?)?,
                    r.try_get::<i64, _>("shipments")? as u32,
                ))
            })
            .collect()
    }

    /// Adds shipments taken on `day`.
    pub async fn add_location_load(
        &mut self,
        day: i64,
        added: &HashMap<LocationId, u32>,
    ) -> Result<(), StoreError> {
        for (location, n) in added {
            sqlx::query(
                "INSERT INTO location_load (location_id, day, shipments) VALUES (?, ?, ?) \
                 ON CONFLICT (location_id, day) DO UPDATE SET shipments = shipments + excluded.shipments",
            )
            .bind(location.as_str())
            .bind(day)
            .bind(i64::from(*n))
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }
}
