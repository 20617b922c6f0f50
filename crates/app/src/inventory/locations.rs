//! Locations and channel feeds as people set them up: where orders ship from (own places and
//! partners), how many shipments a day each can take, and which locations feed each channel's
//! stock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use waybill_core::inventory::ChannelFeed;
use waybill_core::{ChannelId, Location, LocationId, LocationKind};
use waybill_store::LocationRow;

use crate::partners::AdapterKind;
use crate::{App, AppError, ErrorCode};

/// A location to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewLocation {
    pub name: String,
    pub kind: LocationKind,
    pub postal_code: String,
    pub country: String,
    /// Shipments per day; `None` for no limit.
    pub daily_capacity: Option<u32>,
    /// A partner adapter's non-secret settings.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
}

/// A location as the Locations & partners screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LocationView {
    pub id: LocationId,
    pub name: String,
    pub kind: LocationKind,
    pub postal_code: String,
    pub country: String,
    pub daily_capacity: Option<u32>,
    /// Shipments routed to it today (UTC), against its capacity.
    pub shipments_today: u32,
    /// Shipments it holds that have not shipped.
    pub open_shipments: u32,
    /// A partner's adapter (`mcf`, `threepl`, `dropship_folder`, `simulated`, …).
    pub adapter: Option<String>,
    pub active: bool,
}

impl App {
    /// Every location with its capacity, today's load and open shipments.
    pub async fn locations_view(&self) -> Result<Vec<LocationView>, AppError> {
        let day = waybill_store::day_of(self.now());
        let (rows, load, open) = tokio::try_join!(
            self.store.location_rows(),
            self.store.location_load(day),
            self.store.open_shipment_counts(),
        )?;
        let mut out: Vec<LocationView> = rows
            .into_iter()
            .map(|r| LocationView {
                shipments_today: load.get(&r.location.id).copied().unwrap_or(0),
                open_shipments: open.get(&r.location.id).copied().unwrap_or(0),
                // The adapter the partner timers would build; a name they refuse is shown as set.
                adapter: r
                    .location
                    .kind
                    .is_partner()
                    .then(|| {
                        AdapterKind::of(&r, false)
                            .map(|k| k.as_str().to_owned())
                            .ok()
                    })
                    .flatten()
                    .or_else(|| r.settings.get("adapter").cloned()),
                id: r.location.id,
                name: r.location.name,
                kind: r.location.kind,
                postal_code: r.location.postal_code,
                country: r.location.country,
                daily_capacity: r.daily_capacity,
                active: r.active,
            })
            .collect();
        out.sort_by(|a, b| {
            a.kind
                .is_partner()
                .cmp(&b.kind.is_partner())
                .then(a.name.cmp(&b.name))
        });
        Ok(out)
    }

    /// Adds a location; the name must be new and the country a two-letter code.
    pub async fn add_location(&self, new: &NewLocation) -> Result<LocationId, AppError> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "name: a location needs a name",
            ));
        }
        let country = new.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "country: `{}` is not a two-letter country code",
                    new.country
                ),
            ));
        }
        crate::partners::check_no_secrets(&new.settings)?;
        let mut tx = self.store.begin().await?;
        let rows = tx.location_rows().await?;
        if rows
            .iter()
            .any(|r| r.location.name.eq_ignore_ascii_case(name))
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("name: there is already a location called {name}"),
            ));
        }
        let location = Location {
            id: LocationId::new(),
            name: name.to_owned(),
            kind: new.kind,
            postal_code: new.postal_code.trim().to_owned(),
            country,
        };
        tx.insert_location(&location).await?;
        tx.update_location(&LocationRow {
            location: location.clone(),
            daily_capacity: new.daily_capacity,
            settings: new.settings.clone(),
            active: true,
        })
        .await?;
        tx.commit().await?;
        Ok(location.id)
    }

    /// Every location with its settings.
    pub async fn location_rows(&self) -> Result<Vec<LocationRow>, AppError> {
        Ok(self.store.location_rows().await?)
    }

    /// Finds a location by id or (case-insensitive) name: what the CLI accepts.
    pub async fn find_location(&self, id_or_name: &str) -> Result<LocationRow, AppError> {
        let wanted = id_or_name.trim();
        self.store
            .location_rows()
            .await?
            .into_iter()
            .find(|r| {
                r.location.id.as_str() == wanted || r.location.name.eq_ignore_ascii_case(wanted)
            })
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("there is no location {wanted}"),
                )
            })
    }

    /// Sets a location's daily capacity (`None`: no limit).
    pub async fn set_location_capacity(
        &self,
        id: &LocationId,
        capacity: Option<u32>,
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let mut row = tx
            .location_rows()
            .await?
            .into_iter()
            .find(|r| &r.location.id == id)
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("there is no location {id}"))
            })?;
        row.daily_capacity = capacity;
        tx.update_location(&row).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which locations feed `channel`'s stock, and the units per SKU kept back from it.
    pub async fn set_channel_feed(
        &self,
        channel: &ChannelId,
        locations: &[LocationId],
        buffer: u32,
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let known: Vec<LocationId> = tx
            .location_rows()
            .await?
            .into_iter()
            .map(|r| r.location.id)
            .collect();
        if let Some(missing) = locations.iter().find(|l| !known.contains(l)) {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("there is no location {missing}"),
            ));
        }
        let mut locations = locations.to_vec();
        locations.sort();
        locations.dedup();
        tx.set_channel_feed(&ChannelFeed {
            channel: channel.clone(),
            locations,
            buffer,
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds products to the catalogue (or updates them): their stock is tracked from now on.
    pub async fn upsert_products(
        &self,
        products: &[waybill_core::inventory::Product],
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        tx.upsert_products(products, None, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }
}
