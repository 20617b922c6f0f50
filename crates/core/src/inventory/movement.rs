//! A stock movement: the rows one operation changes, before and after, and why.
//!
//! The movement is both the diff the store writes (one row update per delta, plus an audit row
//! for adjustments and counts) and the input of channel coalescing (which needs the level before
//! the change to know whether a channel's sellable quantity moved).

use serde::{Deserialize, Serialize};

use crate::event::Actor;
use crate::ids::{LocationId, OrderId};
use crate::inventory::level::StockLevel;

/// Why stock was adjusted by hand: the audit trail groups and filters on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentReason {
    Received,
    Returned,
    Damaged,
    Lost,
    Found,
    Correction,
    Other,
}

/// What caused a movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MovementKind {
    /// Routing claimed units for an order.
    Reserved { order: OrderId },
    /// A cancelled or re-routed order gave its units back.
    Released { order: OrderId },
    /// The order shipped: the units left the building.
    Consumed { order: OrderId },
    /// A person or a process changed on-hand by a delta.
    Adjusted {
        reason: AdjustmentReason,
        note: String,
        actor: Actor,
    },
    /// A physical count set on-hand to what is on the shelf.
    Counted { actor: Actor },
    /// An external source of truth (a 3PL's or Amazon's stock report) set the location's
    /// on-hand wholesale.
    Reconciled { source: String },
}

/// One row's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockDelta {
    pub location: LocationId,
    pub sku: String,
    pub before: StockLevel,
    pub after: StockLevel,
}

/// Reserved units a location no longer has after a movement lowered its on-hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Shortfall {
    pub location: LocationId,
    pub sku: String,
    pub units: u32,
}

/// The result of a stock operation: what changed and why. Rows that would not change are left
/// out, so an empty movement means the operation was a no-op (a count that matched the shelf).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockMovement {
    pub kind: MovementKind,
    pub deltas: Vec<StockDelta>,
}

impl StockMovement {
    pub fn is_empty(&self) -> bool {
        self.deltas.is_empty()
    }

    /// Rows where orders now hold more than is on hand and got worse with this movement: the
    /// orders reserved there must be re-routed (oldest first), or held `out_of_stock`.
    pub fn shortfalls(&self) -> Vec<Shortfall> {
        self.deltas
            .iter()
            .filter(|d| d.after.shortfall() > d.before.shortfall())
            .map(|d| Shortfall {
                location: d.location.clone(),
                sku: d.sku.clone(),
                units: d.after.shortfall(),
            })
            .collect()
    }
}
