//! What routing decided: shipments, or why there can be none.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::LocationId;

/// Units of one order line shipped from one location. `line` indexes the request's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShipLine {
    pub line: u32,
    pub sku: String,
    pub quantity: u32,
}

/// One parcel's worth of work: a location and the lines it ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Shipment {
    pub location: LocationId,
    pub lines: Vec<ShipLine>,
}

/// A SKU the order needs more of than the candidates can give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Shortage {
    pub sku: String,
    pub requested: u32,
    /// The most the strategy could use: at one location for strategies that ship from one,
    /// over every candidate for the splitting ones.
    pub available: u32,
}

impl fmt::Display for Shortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs {}, {} available",
            self.sku, self.requested, self.available
        )
    }
}

/// The outcome of a location strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Allocation {
    /// Every line placed exactly once. `notes` say what a person should know about how
    /// (`distance unknown for US 09001`).
    Routed {
        shipments: Vec<Shipment>,
        notes: Vec<String>,
    },
    /// No allocation satisfies the strategy: `reason` is the hold's note, `shortages` the
    /// missing quantities (empty when stock exists but not in a shape the strategy accepts).
    Unroutable {
        reason: String,
        shortages: Vec<Shortage>,
    },
}

impl Allocation {
    pub fn shipments(&self) -> &[Shipment] {
        match self {
            Allocation::Routed { shipments, .. } => shipments,
            Allocation::Unroutable { .. } => &[],
        }
    }

    pub fn is_routed(&self) -> bool {
        matches!(self, Allocation::Routed { .. })
    }
}
