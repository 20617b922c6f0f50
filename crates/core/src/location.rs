//! Locations: the places orders ship from, own or a partner's.

use serde::{Deserialize, Serialize};

use crate::ids::LocationId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    Warehouse,
    Store,
    DropShipVendor,
    ThirdPartyLogistics,
    AmazonMcf,
}

impl LocationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Warehouse => "warehouse",
            LocationKind::Store => "store",
            LocationKind::DropShipVendor => "drop_ship_vendor",
            LocationKind::ThirdPartyLogistics => "third_party_logistics",
            LocationKind::AmazonMcf => "amazon_mcf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Warehouse,
            Self::Store,
            Self::DropShipVendor,
            Self::ThirdPartyLogistics,
            Self::AmazonMcf,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Partners receive orders through hand-offs rather than being picked in-house.
    pub fn is_partner(self) -> bool {
        !matches!(self, LocationKind::Warehouse | LocationKind::Store)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Location {
    pub id: LocationId,
    pub name: String,
    pub kind: LocationKind,
    /// Ship-from postal code and country, for distance-based routing.
    pub postal_code: String,
    pub country: String,
}
