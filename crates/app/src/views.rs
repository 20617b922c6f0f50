//! What use cases hand back to front ends: whole views, ready to show.

use serde::{Deserialize, Serialize};
use waybill_core::rules::RulesRun;
use waybill_core::{Channel, Location, Order, OrderEvent, OrderId};

/// An order with everything its detail screen shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderDetail {
    pub order: Order,
    /// Oldest first.
    pub timeline: Vec<OrderEvent>,
    pub channel: Channel,
    pub location: Option<Location>,
    /// The latest run of the rules on this order: its decision and why (`None` if the rules
    /// never ran on it).
    pub rules: Option<RulesRun>,
    /// Where each part ships from (several when routing split the order), first to last.
    pub shipments: Vec<crate::partners::ShipmentView>,
}

/// An order an action was refused for, and why (nothing changed on it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Refusal {
    pub id: OrderId,
    pub number: String,
    pub code: crate::ErrorCode,
    pub message: String,
}

impl Refusal {
    /// An order that does not exist (any more).
    pub(crate) fn missing(id: &OrderId) -> Self {
        Refusal {
            id: id.clone(),
            number: String::new(),
            code: crate::ErrorCode::NotFound,
            message: format!("order {id} was not found"),
        }
    }
}

/// The result of one action over one or many orders: each order succeeds or is refused alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkOutcome {
    pub applied: Vec<OrderId>,
    pub refused: Vec<Refusal>,
}

/// Values the queue's filter pickers offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Facets {
    pub channels: Vec<Channel>,
    pub locations: Vec<Location>,
    pub carriers: Vec<String>,
    pub tags: Vec<String>,
}

/// Which workspace is open.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkspaceInfo {
    pub database_path: String,
    pub order_count: u32,
    /// True when the simulated demo storefront is delivering orders.
    pub demo_running: bool,
}

/// Sent to front ends after a transaction that changed orders has committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeNotice {
    pub ids: Vec<OrderId>,
    /// `imported`, `updated`, `action`, `seeded`…
    pub cause: String,
}
