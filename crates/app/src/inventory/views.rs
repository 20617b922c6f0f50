//! The Inventory screen's data: stock per SKU and location, what each channel may sell, low
//! stock, and the latest adjustments.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::inventory::{Inventory, sellable};
use waybill_core::{ChannelId, LocationId, LocationKind};

use crate::{App, AppError};

/// Rows listed at most (the screen searches to narrow).
const MAX_ROWS: u32 = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InventoryQuery {
    /// Words the SKU or product name contains.
    pub search: String,
    /// Only SKUs at or below their low-stock threshold somewhere they are sold from.
    pub low_only: bool,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LocationColumn {
    pub id: LocationId,
    pub name: String,
    pub kind: LocationKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelColumn {
    pub id: ChannelId,
    pub name: String,
    /// Units per SKU kept back from the channel.
    pub buffer: u32,
    pub locations: Vec<LocationId>,
}

/// One SKU at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LocationStock {
    pub location_id: LocationId,
    pub on_hand: u32,
    pub reserved: u32,
    pub available: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelSellable {
    pub channel_id: ChannelId,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkuStock {
    pub sku: String,
    pub name: String,
    pub tags: Vec<String>,
    pub low_stock_at: u32,
    /// One entry per location that has a row for the SKU.
    pub locations: Vec<LocationStock>,
    pub on_hand: u32,
    pub reserved: u32,
    pub available: u32,
    pub channels: Vec<ChannelSellable>,
    /// Available over all locations is at or below the threshold.
    pub low: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AdjustmentView {
    pub at: DateTime<Utc>,
    /// adjusted | counted | reconciled
    pub kind: String,
    pub location: String,
    pub sku: String,
    /// On hand after minus before.
    pub delta: i32,
    pub on_hand_after: u32,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InventoryView {
    pub locations: Vec<LocationColumn>,
    pub channels: Vec<ChannelColumn>,
    pub rows: Vec<SkuStock>,
    /// SKUs matching the query (rows may be fewer: `limit`).
    pub matching: u32,
    pub total_skus: u32,
    pub low_skus: u32,
    pub units_on_hand: u32,
    pub units_reserved: u32,
    pub adjustments: Vec<AdjustmentView>,
}

impl App {
    /// Stock per SKU for the Inventory screen, low stock first.
    pub async fn inventory_view(&self, query: &InventoryQuery) -> Result<InventoryView, AppError> {
        let locations = self.store.location_rows().await?;
        let names: HashMap<LocationId, String> = locations
            .iter()
            .map(|l| (l.location.id.clone(), l.location.name.clone()))
            .collect();
        let channel_names: HashMap<ChannelId, String> = self
            .store
            .channels()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let feeds = self.store.channel_feeds().await?;
        let products = self.store.products().await?;
        let stock = self.store.stock_rows().await?;
        let mut by_sku: HashMap<&str, Vec<&waybill_store::StockRow>> = HashMap::new();
        for r in &stock {
            by_sku.entry(r.sku.as_str()).or_default().push(r);
        }
        let inventory = Inventory::from_levels(
            stock
                .iter()
                .map(|r| (r.location_id.clone(), r.sku.clone(), r.level)),
        );
        let words: Vec<String> = query
            .search
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut rows: Vec<SkuStock> = Vec::new();
        let (mut low_skus, mut on_hand_all, mut reserved_all) = (0u32, 0u32, 0u32);
        for p in &products {
            let levels = by_sku
                .get(p.product.sku.as_str())
                .cloned()
                .unwrap_or_default();
            let on_hand: u32 = levels.iter().map(|r| r.level.on_hand).sum();
            let reserved: u32 = levels.iter().map(|r| r.level.reserved).sum();
            let available: u32 = levels.iter().map(|r| r.level.available()).sum();
            let low = available <= p.low_stock_at;
            low_skus += u32::from(low);
            on_hand_all = on_hand_all.saturating_add(on_hand);
            reserved_all = reserved_all.saturating_add(reserved);
            let hay = format!("{} {}", p.product.sku, p.product.name).to_lowercase();
            if !words.iter().all(|w| hay.contains(w)) || (query.low_only && !low) {
                continue;
            }
            rows.push(SkuStock {
                sku: p.product.sku.clone(),
                name: p.product.name.clone(),
                tags: p.product.tags.clone(),
                low_stock_at: p.low_stock_at,
                locations: levels
                    .iter()
                    .map(|r| LocationStock {
                        location_id: r.location_id.clone(),
                        on_hand: r.level.on_hand,
                        reserved: r.level.reserved,
                        available: r.level.available(),
                    })
                    .collect(),
                on_hand,
                reserved,
                available,
                channels: feeds
                    .iter()
                    .map(|f| ChannelSellable {
                        channel_id: f.channel.clone(),
                        quantity: sellable(&inventory, f, &p.product.sku),
                    })
                    .collect(),
                low,
            });
        }
        let matching = rows.len() as u32;
        rows.sort_by(|a, b| b.low.cmp(&a.low).then_with(|| a.sku.cmp(&b.sku)));
        let limit = match query.limit {
            0 => MAX_ROWS,
            n => n.min(MAX_ROWS),
        };
        rows.truncate(limit as usize);
        let adjustments = self
            .store
            .stock_adjustments(50)
            .await?
            .into_iter()
            .map(|m| AdjustmentView {
                at: m.at,
                kind: m.kind,
                location: names
                    .get(&m.location_id)
                    .cloned()
                    .unwrap_or_else(|| m.location_id.to_string()),
                sku: m.sku,
                delta: m.after.on_hand as i32 - m.before.on_hand as i32,
                on_hand_after: m.after.on_hand,
                reason: m.reason,
                note: m.note,
                actor: m.actor,
            })
            .collect();
        Ok(InventoryView {
            locations: locations
                .iter()
                .map(|l| LocationColumn {
                    id: l.location.id.clone(),
                    name: l.location.name.clone(),
                    kind: l.location.kind,
                })
                .collect(),
            channels: feeds
                .iter()
                .map(|f| ChannelColumn {
                    id: f.channel.clone(),
                    name: channel_names
                        .get(&f.channel)
                        .cloned()
                        .unwrap_or_else(|| f.channel.to_string()),
                    buffer: f.buffer,
                    locations: f.locations.clone(),
                })
                .collect(),
            rows,
            matching,
            total_skus: products.len() as u32,
            low_skus,
            units_on_hand: on_hand_all,
            units_reserved: reserved_all,
            adjustments,
        })
    }
}
