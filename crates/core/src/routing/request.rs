//! What routing is asked: the lines to place, where they go, and where they could come from.

use crate::ids::LocationId;
use crate::location::{Location, LocationKind};
use crate::order::Order;

/// One order line as routing sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLine {
    pub sku: String,
    pub quantity: u32,
    /// Price of one unit in minor units: what a minimum shipment value is measured in.
    pub unit_price: i64,
    /// Lines with the same group ship together from one location (a kit, a set).
    pub group: Option<String>,
}

impl RouteLine {
    /// The order's lines, grouped by the first of `keep_together_tags` each line's product
    /// carries (lines tagged `set-a` ship together).
    pub fn from_order(order: &Order, keep_together_tags: &[String]) -> Vec<RouteLine> {
        order
            .lines
            .iter()
            .map(|l| RouteLine {
                sku: l.sku.trim().to_owned(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                group: l
                    .product_tags
                    .iter()
                    .map(|t| t.trim().to_lowercase())
                    .find(|t| {
                        keep_together_tags
                            .iter()
                            .any(|k| k.trim().eq_ignore_ascii_case(t))
                    }),
            })
            .collect()
    }

    /// Quantity × unit price, saturating.
    pub fn value(&self) -> i64 {
        self.unit_price.saturating_mul(i64::from(self.quantity))
    }
}

/// Where the order goes, as far as distance is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Destination {
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// The order to route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRequest {
    pub lines: Vec<RouteLine>,
    pub ship_to: Destination,
    /// The order's currency, for the amounts in an unroutable reason.
    pub currency: String,
}

impl RouteRequest {
    pub fn from_order(order: &Order, keep_together_tags: &[String]) -> Self {
        RouteRequest {
            lines: RouteLine::from_order(order, keep_together_tags),
            ship_to: Destination {
                postal_code: order.ship_to.postal_code.clone(),
                country: order.ship_to.country.clone(),
            },
            currency: order.currency.clone(),
        }
    }
}

/// A location an order may ship from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: LocationId,
    pub kind: LocationKind,
    pub postal_code: String,
    pub country: String,
    /// Shipments it can still take today; `None` for no limit. A location at 0 is skipped.
    pub capacity_left: Option<u32>,
}

impl Candidate {
    pub fn from_location(location: &Location, capacity_left: Option<u32>) -> Self {
        Candidate {
            id: location.id.clone(),
            kind: location.kind,
            postal_code: location.postal_code.clone(),
            country: location.country.clone(),
            capacity_left,
        }
    }

    pub(crate) fn has_capacity(&self) -> bool {
        self.capacity_left != Some(0)
    }
}
