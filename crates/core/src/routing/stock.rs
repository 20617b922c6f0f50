//! What routing needs to know about stock: only what is available, nothing it could change.

use crate::ids::LocationId;
use crate::inventory::Inventory;

/// Available units per (location, SKU). Routing reads stock through this so it runs the same
/// over the in-memory [`Inventory`], a store snapshot or a test's table.
pub trait StockView {
    fn available(&self, location: &LocationId, sku: &str) -> u32;
}

impl StockView for Inventory {
    fn available(&self, location: &LocationId, sku: &str) -> u32 {
        Inventory::available(self, location, sku)
    }
}
