//! The strategies a manager picks (in a rule's `choose_location` action) to place an order.

use serde::{Deserialize, Serialize};

use crate::ids::LocationId;

/// How to choose the ship-from location(s). In JSON: `{"strategy": "nearest_in_stock"}`,
/// `{"strategy": "ranked", "locations": ["loc_…", "loc_…"]}`,
/// `{"strategy": "split_by_availability", "min_shipment_value": 2500, "keep_together_tags": ["set"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "strategy", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
    /// Everything from this one location.
    Fixed { location_id: LocationId },
    /// Everything from the first of these locations that has it all.
    Ranked { locations: Vec<LocationId> },
    /// Everything from the closest location that has it all.
    // An empty struct, not a unit variant: serde refuses unknown keys only on struct variants.
    NearestInStock {},
    /// As few shipments as possible; ties go to the nearer set of locations.
    FewestShipments {
        /// A split shipment must be worth at least this (minor units); 0 for no minimum.
        #[serde(default)]
        #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
        min_shipment_value: i64,
        /// Lines whose product carries the same one of these tags ship together.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keep_together_tags: Vec<String>,
    },
    /// Take what each location has, nearest first, until every line is placed.
    SplitByAvailability {
        #[serde(default)]
        #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
        min_shipment_value: i64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keep_together_tags: Vec<String>,
    },
}

impl Strategy {
    /// The JSON name (`nearest_in_stock`).
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::Fixed { .. } => "fixed",
            Strategy::Ranked { .. } => "ranked",
            Strategy::NearestInStock {} => "nearest_in_stock",
            Strategy::FewestShipments { .. } => "fewest_shipments",
            Strategy::SplitByAvailability { .. } => "split_by_availability",
        }
    }

    /// Locations the strategy names (to check they exist).
    pub fn locations(&self) -> &[LocationId] {
        match self {
            Strategy::Fixed { location_id } => std::slice::from_ref(location_id),
            Strategy::Ranked { locations } => locations,
            _ => &[],
        }
    }

    /// Tags whose lines must ship together.
    pub fn keep_together_tags(&self) -> &[String] {
        match self {
            Strategy::FewestShipments {
                keep_together_tags, ..
            }
            | Strategy::SplitByAvailability {
                keep_together_tags, ..
            } => keep_together_tags,
            _ => &[],
        }
    }

    /// The minimum value of a shipment when the order is split; 0 when none.
    pub fn min_shipment_value(&self) -> i64 {
        match self {
            Strategy::FewestShipments {
                min_shipment_value, ..
            }
            | Strategy::SplitByAvailability {
                min_shipment_value, ..
            } => *min_shipment_value,
            _ => 0,
        }
    }
}
