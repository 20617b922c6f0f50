//! An order's shipments as the order detail shows them: where each part ships from, in what
//! state, with what tracking.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::{Location, LocationId, LocationKind, OrderId};
use waybill_store::{ShipmentRow, ShipmentStatus};

use crate::{App, AppError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipmentLineView {
    pub sku: String,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipmentView {
    pub id: String,
    pub seq: u32,
    pub location_id: LocationId,
    pub location_name: String,
    pub location_kind: Option<LocationKind>,
    pub status: ShipmentStatus,
    pub partner_ref: Option<String>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    /// A partner's reason when it rejected the shipment.
    pub note: Option<String>,
    pub lines: Vec<ShipmentLineView>,
    pub created_at: DateTime<Utc>,
    pub handed_off_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
}

pub(crate) fn shipment_views(rows: Vec<ShipmentRow>, locations: &[Location]) -> Vec<ShipmentView> {
    rows.into_iter()
        .map(|s| {
            let at = locations.iter().find(|l| l.id == s.location_id);
            ShipmentView {
                location_name: at.map_or_else(|| s.location_id.to_string(), |l| l.name.clone()),
                location_kind: at.map(|l| l.kind),
                id: s.id,
                seq: s.seq,
                location_id: s.location_id,
                status: s.status,
                partner_ref: s.partner_ref,
                carrier: s.carrier,
                tracking: s.tracking,
                note: s.note,
                lines: s
                    .lines
                    .into_iter()
                    .map(|l| ShipmentLineView {
                        sku: l.sku,
                        quantity: l.quantity,
                    })
                    .collect(),
                created_at: s.created_at,
                handed_off_at: s.handed_off_at,
                shipped_at: s.shipped_at,
            }
        })
        .collect()
}

impl App {
    /// An order's shipments, first to last (re-routed ones show as cancelled).
    pub async fn order_shipments(&self, id: &OrderId) -> Result<Vec<ShipmentView>, AppError> {
        let (rows, locations) =
            tokio::try_join!(self.store.shipments_of(id), self.store.locations())?;
        Ok(shipment_views(rows, &locations))
    }
}
