//! What a partner says became of a hand-off.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerStatus {
    /// Handed over; the partner has not acknowledged it yet (MCF `New`, a PO nobody confirmed).
    Pending,
    /// The partner took it on and is working on it.
    Accepted,
    /// Goods left the partner. `complete`: the partner has finished with this hand-off and
    /// nothing more will ship. Units on the hand-off that are in no package then did not ship
    /// (MCF `CompletePartialled`): compare the packages' lines with the hand-off's.
    Shipped {
        packages: Vec<ShippedPackage>,
        complete: bool,
    },
    /// The partner will not ship it (an unknown SKU, no stock, an address it cannot serve).
    Rejected {
        reason: String,
    },
    Cancelled,
}

/// One parcel as the partner reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippedPackage {
    pub carrier: String,
    pub tracking: String,
    pub shipped_at: DateTime<Utc>,
    /// `(sku, units)` in the parcel.
    pub lines: Vec<(String, u32)>,
}

impl PartnerStatus {
    /// Whether the partner is done with the hand-off (nothing more will change).
    pub fn is_final(&self) -> bool {
        match self {
            PartnerStatus::Pending | PartnerStatus::Accepted => false,
            PartnerStatus::Shipped { complete, .. } => *complete,
            PartnerStatus::Rejected { .. } | PartnerStatus::Cancelled => true,
        }
    }
}

/// Adds `units` of `sku` to `lines`, keeping one entry per SKU.
pub(crate) fn add_units(lines: &mut Vec<(String, u32)>, sku: &str, units: u32) {
    match lines.iter_mut().find(|(s, _)| s == sku) {
        Some((_, q)) => *q += units,
        None => lines.push((sku.to_owned(), units)),
    }
}
