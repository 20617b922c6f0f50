//! What a partner says became of a hand-off.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialize_with_a_state_tag_and_read_back() {
        let shipped = PartnerStatus::Shipped {
            packages: vec![ShippedPackage {
                carrier: "UPS".into(),
                tracking: "1Z1".into(),
                shipped_at: DateTime::parse_from_rfc3339("2026-03-02T18:30:00Z")
                    .unwrap()
                    .with_timezone(&Utc),
                lines: vec![("MUG-BLK-12".into(), 2)],
            }],
            complete: false,
        };
        let json = serde_json::to_value(&shipped).unwrap();
        assert_eq!(json["state"], "shipped");
        assert_eq!(json["packages"][0]["lines"][0][1], 2);
        assert_eq!(
            serde_json::from_value::<PartnerStatus>(json).unwrap(),
            shipped
        );
        assert!(!shipped.is_final());
        assert!(PartnerStatus::Cancelled.is_final());
        assert_eq!(
            serde_json::to_value(PartnerStatus::Rejected { reason: "x".into() }).unwrap(),
            serde_json::json!({ "state": "rejected", "reason": "x" })
        );
    }
}
