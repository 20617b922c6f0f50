//! How each partner is doing, for the partner screen and `waybill partners list`: what waits
//! there, what is late, how talking to it went; and shipments as people read them (a partner's
//! latest hand-offs, an order's parts).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::{LocationId, LocationKind, OrderId};
use waybill_store::{LocationRow, PackageRow, ShipmentRow, ShipmentStatus};

use super::AdapterKind;
use super::exchanges::ERROR_WINDOW;
use crate::{App, AppError, ErrorCode};

/// A hand-off the partner has not acknowledged this long after it was handed off breaches
/// its SLA: partners confirm new orders within a business day.
pub const ACKNOWLEDGE_WITHIN: Duration = Duration::hours(24);
/// An accepted shipment not shipped this long after acceptance breaches its SLA: the usual
/// 3PL and MCF promise is to ship within two to three days.
pub const SHIP_WITHIN: Duration = Duration::hours(72);

/// The partner screen: every partner location's health.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnersView {
    pub partners: Vec<PartnerHealth>,
}

/// Shipments at a location, per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipmentCounts {
    pub reserved: u32,
    pub handed_off: u32,
    pub accepted: u32,
    pub shipped: u32,
    pub rejected: u32,
    pub cancelled: u32,
}

/// One partner location's health.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnerHealth {
    pub id: LocationId,
    pub name: String,
    pub kind: LocationKind,
    /// The adapter its settings pick; `None` when they name none this version knows.
    pub adapter: Option<AdapterKind>,
    pub active: bool,
    /// Why no adapter can be built here (a missing setting or secret); `None` when it can.
    pub problem: Option<String>,
    /// Work with the partner or owed to it: shipments it holds (handed off, accepted) and
    /// hand-offs still to deliver.
    pub backlog: u32,
    /// Hand-offs still to deliver, and those given up on (in the Outbox screen).
    pub pending_handoffs: u32,
    pub dead_handoffs: u32,
    /// The oldest hand-off the partner has not acknowledged yet.
    pub oldest_unacknowledged_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Failed exchanges over all exchanges in the current window (0 when there were none).
    pub error_rate: f64,
    pub exchanges: u32,
    pub failures: u32,
    /// Since when `exchanges` and `failures` count; `None` before the first exchange.
    pub window_start: Option<DateTime<Utc>>,
    /// Hand-offs unacknowledged past `ACKNOWLEDGE_WITHIN` plus accepted shipments unshipped
    /// past `SHIP_WITHIN`.
    pub sla_breaches: u32,
    pub counts: ShipmentCounts,
}

/// A shipment line as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipmentLineView {
    pub sku: String,
    pub quantity: u32,
}

/// A parcel a partner reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackageView {
    pub carrier: String,
    pub tracking: String,
    pub shipped_at: DateTime<Utc>,
    pub lines: Vec<ShipmentLineView>,
}

/// One shipment (a part of an order from one location): a partner's hand-off on the partner
/// screen, or a split shipment on the order's detail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipmentView {
    pub id: String,
    /// 1, 2, … within the order.
    pub seq: u32,
    pub order_id: OrderId,
    pub order_number: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub location_kind: LocationKind,
    pub status: ShipmentStatus,
    pub partner_ref: Option<String>,
    pub carrier: Option<String>,
    /// Every tracking number, comma-separated.
    pub tracking: Option<String>,
    /// The partner's reason when it rejected or cancelled it.
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub handed_off_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub lines: Vec<ShipmentLineView>,
    pub packages: Vec<PackageView>,
}

fn counts(by_status: &HashMap<ShipmentStatus, u32>) -> ShipmentCounts {
    let n = |s| by_status.get(&s).copied().unwrap_or(0);
    ShipmentCounts {
        reserved: n(ShipmentStatus::Reserved),
        handed_off: n(ShipmentStatus::HandedOff),
        accepted: n(ShipmentStatus::Accepted),
        shipped: n(ShipmentStatus::Shipped),
        rejected: n(ShipmentStatus::Rejected),
        cancelled: n(ShipmentStatus::Cancelled),
    }
}

fn lines(pairs: impl Iterator<Item = (String, u32)>) -> Vec<ShipmentLineView> {
    pairs
        .map(|(sku, quantity)| ShipmentLineView { sku, quantity })
        .collect()
}

impl App {
    /// Every partner location's health, by name.
    pub async fn partners_view(&self) -> Result<PartnersView, AppError> {
        let now = self.now();
        let load = self
            .store
            .partner_load(now - ACKNOWLEDGE_WITHIN, now - SHIP_WITHIN)
            .await?;
        let states: HashMap<LocationId, _> = self
            .store
            .partner_states()
            .await?
            .into_iter()
            .map(|s| (s.location_id.clone(), s))
            .collect();
        let built = self.partners().await?;
        let mut partners = Vec::new();
        for row in self.store.location_rows().await? {
            if !row.location.kind.is_partner() {
                continue;
            }
            let id = row.location.id.clone();
            let l = load.get(&id).cloned().unwrap_or_default();
            let counts = counts(&l.counts);
            // Counters from an earlier window no longer say how the partner is doing.
            let state = states
                .get(&id)
                .filter(|s| s.window_start + ERROR_WINDOW > now);
            let (exchanges, failures) = state.map_or((0, 0), |s| (s.exchanges, s.failures));
            let kept = states.get(&id);
            partners.push(PartnerHealth {
                adapter: built
                    .get(&id)
                    .map(|p| p.adapter_kind)
                    .or_else(|| AdapterKind::of(&row, false).ok()),
                problem: built
                    .not_configured
                    .iter()
                    .find(|(l, _)| l == &id)
                    .map(|(_, why)| why.clone()),
                backlog: counts.handed_off + counts.accepted + l.pending_handoffs,
                pending_handoffs: l.pending_handoffs,
                dead_handoffs: l.dead_handoffs,
                oldest_unacknowledged_at: l.oldest_unacknowledged_at,
                last_success_at: kept.and_then(|s| s.last_success_at),
                last_error: kept.and_then(|s| s.last_error.clone()),
                last_error_at: kept.and_then(|s| s.last_error_at),
                last_sync_at: kept.and_then(|s| s.last_sync_at),
                error_rate: if exchanges == 0 {
                    0.0
                } else {
                    f64::from(failures) / f64::from(exchanges)
                },
                exchanges,
                failures,
                window_start: state.map(|s| s.window_start),
                sla_breaches: l.unacknowledged_late + l.unshipped_late,
                counts,
                id,
                name: row.location.name.clone(),
                kind: row.location.kind,
                active: row.active,
            });
        }
        partners.sort_by_key(|p| p.name.to_lowercase());
        Ok(PartnersView { partners })
    }

    /// A partner location's latest shipments, newest first, at most `limit`.
    pub async fn partner_handoffs(
        &self,
        location: &LocationId,
        limit: u32,
    ) -> Result<Vec<ShipmentView>, AppError> {
        let rows = self.store.location_rows().await?;
        if !rows.iter().any(|r| &r.location.id == location) {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("there is no location {location}"),
            ));
        }
        let shipments = self.store.shipments_at(location, limit.min(1_000)).await?;
        self.shipment_views(shipments, &rows).await
    }

    /// An order's shipments (its split parts), in order, with where each ships from.
    pub async fn order_shipments(&self, order: &OrderId) -> Result<Vec<ShipmentView>, AppError> {
        let shipments = self.store.shipments_of(order).await?;
        let rows = self.store.location_rows().await?;
        self.shipment_views(shipments, &rows).await
    }

    async fn shipment_views(
        &self,
        shipments: Vec<ShipmentRow>,
        locations: &[LocationRow],
    ) -> Result<Vec<ShipmentView>, AppError> {
        let ids: Vec<&str> = shipments.iter().map(|s| s.id.as_str()).collect();
        let mut parcels: HashMap<String, Vec<PackageRow>> = HashMap::new();
        for p in self.store.packages_of(&ids).await? {
            parcels.entry(p.shipment_id.clone()).or_default().push(p);
        }
        let mut order_ids: Vec<OrderId> = shipments.iter().map(|s| s.order_id.clone()).collect();
        order_ids.sort();
        order_ids.dedup();
        let numbers = self.store.order_numbers(&order_ids).await?;
        Ok(shipments
            .into_iter()
            .map(|s| {
                let location = locations.iter().find(|l| l.location.id == s.location_id);
                ShipmentView {
                    order_number: numbers.get(&s.order_id).cloned().unwrap_or_default(),
                    location_name: location
                        .map_or_else(|| s.location_id.to_string(), |l| l.location.name.clone()),
                    location_kind: location.map_or(LocationKind::Warehouse, |l| l.location.kind),
                    packages: parcels
                        .remove(&s.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| PackageView {
                            carrier: p.carrier,
                            tracking: p.tracking,
                            shipped_at: p.shipped_at,
                            lines: lines(p.lines.into_iter()),
                        })
                        .collect(),
                    lines: lines(s.lines.into_iter().map(|l| (l.sku, l.quantity))),
                    id: s.id,
                    seq: s.seq,
                    order_id: s.order_id,
                    location_id: s.location_id,
                    status: s.status,
                    partner_ref: s.partner_ref,
                    carrier: s.carrier,
                    tracking: s.tracking,
                    note: s.note,
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                    handed_off_at: s.handed_off_at,
                    acknowledged_at: s.acknowledged_at,
                    shipped_at: s.shipped_at,
                }
            })
            .collect())
    }
}
