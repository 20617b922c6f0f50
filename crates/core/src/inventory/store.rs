//! The stock of every location, in memory: what the pure operations read and what an applied
//! movement updates.

use std::collections::{BTreeMap, HashMap};

use crate::ids::LocationId;
use crate::inventory::level::StockLevel;
use crate::inventory::movement::StockMovement;

/// Stock per location and SKU. A missing row is zero stock, not an error: a SKU a location has
/// never carried has nothing available there.
///
/// Locations are few (a handful to dozens) and SKUs many, so rows are grouped by location: a
/// lookup hashes only the SKU, and iteration over locations is in id order (deterministic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    locations: BTreeMap<LocationId, HashMap<String, StockLevel>>,
}

impl Inventory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stock as the store loaded it.
    pub fn from_levels(rows: impl IntoIterator<Item = (LocationId, String, StockLevel)>) -> Self {
        let mut inv = Inventory::new();
        for (location, sku, level) in rows {
            inv.set_level(&location, &sku, level);
        }
        inv
    }

    /// Adds rows the store loaded for more SKUs. A row already here is kept: it may carry
    /// movements made since it was loaded.
    pub fn extend_loaded(
        &mut self,
        rows: impl IntoIterator<Item = (LocationId, String, StockLevel)>,
    ) {
        for (location, sku, level) in rows {
            let known = self
                .locations
                .get(&location)
                .is_some_and(|skus| skus.contains_key(&sku));
            if !known {
                self.set_level(&location, &sku, level);
            }
        }
    }

    /// The row for (location, SKU); zero when there is none.
    pub fn level(&self, location: &LocationId, sku: &str) -> StockLevel {
        self.locations
            .get(location)
            .and_then(|skus| skus.get(sku))
            .copied()
            .unwrap_or_default()
    }

    /// What new orders may claim of `sku` at `location`.
    pub fn available(&self, location: &LocationId, sku: &str) -> u32 {
        self.level(location, sku).available()
    }

    /// Locations with at least one row, in id order.
    pub fn locations(&self) -> impl Iterator<Item = &LocationId> {
        self.locations.keys()
    }

    /// Every row of one location, in no particular order.
    pub fn rows_at(&self, location: &LocationId) -> impl Iterator<Item = (&str, StockLevel)> {
        self.locations
            .get(location)
            .into_iter()
            .flat_map(|skus| skus.iter().map(|(sku, level)| (sku.as_str(), *level)))
    }

    /// One location's rows, for loops that look up many SKUs at the same location.
    pub(crate) fn rows_of(&self, location: &LocationId) -> Option<&HashMap<String, StockLevel>> {
        self.locations.get(location)
    }

    /// Number of (location, SKU) rows.
    pub fn len(&self) -> usize {
        self.locations.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes a movement's `after` levels: the in-memory twin of the store's row updates.
    pub fn apply(&mut self, movement: &StockMovement) {
        for d in &movement.deltas {
            self.set_level(&d.location, &d.sku, d.after);
        }
    }

    fn set_level(&mut self, location: &LocationId, sku: &str, level: StockLevel) {
        let skus = match self.locations.get_mut(location) {
            Some(skus) => skus,
            None => self.locations.entry(location.clone()).or_default(),
        };
        match skus.get_mut(sku) {
            Some(row) => *row = level,
            None => {
                skus.insert(sku.to_owned(), level);
            }
        }
    }
}
