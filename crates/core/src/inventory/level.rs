//! One (location, SKU) stock row and the arithmetic that keeps `available` honest.

use serde::{Deserialize, Serialize};

/// Stock of one SKU at one location.
///
/// `reserved` may exceed `on_hand` after a count or a partner's report lowers `on_hand` below
/// what orders have already claimed. Then `available` is 0 (never negative, so no channel is
/// told it may sell a negative number) and [`StockLevel::shortfall`] says how many reserved
/// units are not on the shelf: the orders holding them must be re-routed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockLevel {
    pub on_hand: u32,
    pub reserved: u32,
}

impl StockLevel {
    pub fn new(on_hand: u32, reserved: u32) -> Self {
        StockLevel { on_hand, reserved }
    }

    /// What new orders may still claim here.
    pub fn available(self) -> u32 {
        self.on_hand.saturating_sub(self.reserved)
    }

    /// Reserved units the location does not have: orders to re-route.
    pub fn shortfall(self) -> u32 {
        self.reserved.saturating_sub(self.on_hand)
    }
}
