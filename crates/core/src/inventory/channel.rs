//! What each channel may sell, and which of those numbers a window of stock movements changed.
//!
//! A channel is fed by some locations (a marketplace may not be fed by a store's shelf) and
//! keeps a buffer back (so a count that is off by a few does not oversell). After a bulk
//! import touches 100 000 rows, most channel quantities do not actually change — units moved
//! between reserved and on-hand, or the channel is not fed by that location — so only the
//! (channel, SKU) pairs whose number moved become stock pushes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, LocationId};
use crate::inventory::level::StockLevel;
use crate::inventory::movement::StockMovement;
use crate::inventory::store::Inventory;

/// Which locations feed a channel's stock, and how many units to keep back from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelFeed {
    pub channel: ChannelId,
    pub locations: Vec<LocationId>,
    /// Units per SKU never offered on this channel.
    pub buffer: u32,
}

/// What `feed`'s channel may sell of `sku`: available over its locations, minus the buffer,
/// never below zero.
pub fn sellable(inventory: &Inventory, feed: &ChannelFeed, sku: &str) -> u32 {
    let total = feed
        .locations
        .iter()
        .map(|l| u64::from(inventory.available(l, sku)))
        .sum::<u64>();
    clamp(total, feed.buffer)
}

fn clamp(total: u64, buffer: u32) -> u32 {
    u32::try_from(total.saturating_sub(u64::from(buffer))).unwrap_or(u32::MAX)
}

/// The rows a window of movements touched, each with its level before the first of them: what
/// a channel could sell before the window is computed from these, after it from the inventory.
#[derive(Debug, Clone, Default)]
pub struct ChangedStock {
    by_sku: HashMap<String, Vec<(LocationId, StockLevel)>>,
}

impl ChangedStock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a movement to the window; a row changed twice keeps its first `before`.
    pub fn record(&mut self, movement: &StockMovement) {
        for d in &movement.deltas {
            let rows = match self.by_sku.get_mut(d.sku.as_str()) {
                Some(rows) => rows,
                None => self.by_sku.entry(d.sku.clone()).or_default(),
            };
            if !rows.iter().any(|(l, _)| *l == d.location) {
                rows.push((d.location.clone(), d.before));
            }
        }
    }

    /// Number of distinct SKUs touched.
    pub fn sku_count(&self) -> usize {
        self.by_sku.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_sku.is_empty()
    }
}

/// One channel's new sellable quantity of one SKU: a stock push to deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockPush {
    pub channel: ChannelId,
    pub sku: String,
    pub quantity: u32,
    /// What the channel could sell before the window.
    pub previous: u32,
}

/// The pushes a window of changes calls for: one per (channel, SKU) whose sellable quantity
/// differs from before the window, sorted by channel then SKU. `inventory` is the state after
/// the window's movements were applied.
pub fn channel_pushes(
    inventory: &Inventory,
    feeds: &[ChannelFeed],
    changed: &ChangedStock,
) -> Vec<StockPush> {
    // Every location any feed reads, looked up once per SKU (not once per feed), each
    // location's rows fetched once for the whole window.
    let mut locations: Vec<&LocationId> = feeds.iter().flat_map(|f| &f.locations).collect();
    locations.sort_unstable();
    locations.dedup();
    let rows: Vec<_> = locations.iter().map(|l| inventory.rows_of(l)).collect();
    let feed_at: Vec<Vec<usize>> = feeds
        .iter()
        .map(|f| {
            f.locations
                .iter()
                .filter_map(|l| locations.binary_search(&l).ok())
                .collect()
        })
        .collect();
    let mut now = vec![0u64; locations.len()];
    let mut was = vec![0u64; locations.len()];
    let mut pushes = Vec::new();
    for (sku, changes) in &changed.by_sku {
        let mut any = false;
        for (i, location) in locations.iter().enumerate() {
            let level = rows[i]
                .and_then(|r| r.get(sku.as_str()))
                .copied()
                .unwrap_or_default();
            now[i] = u64::from(level.available());
            was[i] = match changes.iter().find(|(l, _)| l == *location) {
                Some((_, before)) => {
                    any = true;
                    u64::from(before.available())
                }
                None => now[i],
            };
        }
        if !any {
            continue;
        }
        for (feed, at) in feeds.iter().zip(&feed_at) {
            let after: u64 = at.iter().map(|i| now[*i]).sum();
            let before: u64 = at.iter().map(|i| was[*i]).sum();
            let (quantity, previous) = (clamp(after, feed.buffer), clamp(before, feed.buffer));
            if quantity != previous {
                pushes.push(StockPush {
                    channel: feed.channel.clone(),
                    sku: sku.clone(),
                    quantity,
                    previous,
                });
            }
        }
    }
    pushes.sort_unstable_by(|a, b| a.channel.cmp(&b.channel).then_with(|| a.sku.cmp(&b.sku)));
    pushes
}
