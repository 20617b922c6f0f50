//! Why a stock operation was refused. Every error names the location and SKU, so the hold it
//! becomes (`out_of_stock`, "SKU-1 needs 3, 1 available at loc_…") tells a person what to do.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::LocationId;

/// A SKU an operation needed more of than the location could give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Missing {
    pub sku: String,
    pub requested: u32,
    /// What the location could give (available for a reservation, reserved for a release).
    pub available: u32,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs {}, {} available",
            self.sku, self.requested, self.available
        )
    }
}

/// A refused stock operation. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    /// A reservation is all-or-nothing: every short SKU is named.
    #[error("not enough stock at {location}: {}", join(.missing))]
    Insufficient {
        location: LocationId,
        missing: Vec<Missing>,
    },
    /// Releasing or consuming more than the orders reserved (a double cancel or ship).
    #[error("cannot {verb} {requested} of {sku} at {location}: only {reserved} reserved")]
    NotReserved {
        verb: &'static str,
        location: LocationId,
        sku: String,
        requested: u32,
        reserved: u32,
    },
    /// An adjustment would leave less than nothing on the shelf.
    #[error("adjusting {sku} at {location} by {delta} would leave {on_hand} on hand below zero")]
    NegativeOnHand {
        location: LocationId,
        sku: String,
        on_hand: u32,
        delta: i64,
    },
    /// A quantity beyond what a stock row can count (u32).
    #[error("{sku} at {location}: quantity out of range")]
    OutOfRange { location: LocationId, sku: String },
    #[error("{sku} at {location}: a quantity of zero changes nothing")]
    ZeroQuantity { location: LocationId, sku: String },
    #[error("an empty SKU at {location}")]
    EmptySku { location: LocationId },
}

fn join(missing: &[Missing]) -> String {
    missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
