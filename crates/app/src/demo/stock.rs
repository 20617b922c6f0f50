//! The demo's catalogue and stock: every product in both warehouses, a little in the Brooklyn
//! store, oversized goods at the 3PL, small goods at Amazon MCF, and a few SKUs kept scarce so
//! out-of-stock holds, split shipments and re-routing on a delivery show from the first launch.
//! The 3PL and MCF are simulated partners that accept, ship or reject hand-offs over time.

use std::collections::BTreeMap;

use waybill_core::inventory::{AdjustmentReason, Product};
use waybill_core::{Actor, Location, LocationKind};
use waybill_store::LocationRow;
use waybill_sync::demo::catalog::PRODUCTS;

use crate::inventory::stock::StockChange;
use crate::{App, AppError};

/// SKUs only one warehouse has, a few of each: orders wait for their deliveries.
const SCARCE: [(&str, &str, u32); 2] =
    [("WATCH-SLV-40", "Reno", 12), ("KNIFE-CHEF-8", "Newark", 10)];

/// SKUs only one warehouse stocks (in quantity): an order with one of each splits.
const REGIONAL: [(&str, &str); 8] = [
    ("TEE-NVY-M", "Reno"),
    ("TEE-NVY-L", "Reno"),
    ("HOOD-GRY-L", "Reno"),
    ("CAP-OLV", "Reno"),
    ("MUG-BLK-12", "Newark"),
    ("MUG-WHT-12", "Newark"),
    ("CNDL-SOY-08", "Newark"),
    ("BOOK-COOK-01", "Newark"),
];

/// What the demo's deliveries bring in, every few minutes.
pub(crate) const DELIVERY_UNITS: i32 = 6;

fn has(name: &str, part: &str) -> bool {
    name.to_lowercase().contains(&part.to_lowercase())
}

/// On hand of `sku` at `at` in the demo's starting stock (0: none there).
fn starting_stock(sku: &str, tags: &[&str], at: &Location, i: usize) -> u32 {
    if let Some((_, where_, n)) = SCARCE.iter().find(|(s, _, _)| *s == sku) {
        return if has(&at.name, where_) { *n } else { 0 };
    }
    let regional = REGIONAL.iter().find(|(s, _)| *s == sku);
    let oversized = tags.contains(&"oversized");
    let hazmat = tags.contains(&"hazmat");
    let spread = i as u32;
    match at.kind {
        LocationKind::Warehouse if oversized => 0,
        LocationKind::Warehouse => match regional {
            Some((_, home)) if !has(&at.name, home) => 0,
            _ if has(&at.name, "Reno") => 600 + (spread * 37) % 400,
            _ => 350 + (spread * 53) % 300,
        },
        LocationKind::Store if !oversized && !hazmat && regional.is_none() => 4 + (spread * 7) % 12,
        // The 3PL holds the bulky goods and a general assortment, not the regional lines.
        LocationKind::ThirdPartyLogistics if oversized => 80,
        LocationKind::ThirdPartyLogistics if !hazmat && regional.is_none() => 40,
        LocationKind::AmazonMcf
            if !oversized && !hazmat && regional.is_none() && i.is_multiple_of(2) =>
        {
            150
        }
        _ => 0,
    }
}

impl App {
    /// Gives a demo workspace its catalogue, stock, partner settings and channel feeds, once.
    pub(crate) async fn ensure_demo_stock(
        &self,
        storefront: &waybill_core::ChannelId,
        locations: &[Location],
    ) -> Result<(), AppError> {
        if self.store.product_count().await? > 0 {
            return Ok(());
        }
        let products: Vec<Product> = PRODUCTS
            .iter()
            .map(|(sku, name, _, weight, tags)| {
                let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
                Product::new(*sku, *name, *weight, None, &tags)
            })
            .collect();
        let mut tx = self.store.begin().await?;
        tx.upsert_products(&products, Some(15), self.now()).await?;
        for l in locations.iter().filter(|l| l.kind.is_partner()) {
            let mut settings = BTreeMap::new();
            settings.insert("adapter".to_owned(), "simulated".to_owned());
            tx.update_location(&LocationRow {
                location: l.clone(),
                daily_capacity: None,
                settings,
                active: true,
            })
            .await?;
        }
        if let Some(store) = locations.iter().find(|l| l.kind == LocationKind::Store) {
            tx.update_location(&LocationRow {
                location: store.clone(),
                daily_capacity: Some(40),
                settings: BTreeMap::new(),
                active: true,
            })
            .await?;
        }
        tx.commit().await?;
        let changes: Vec<StockChange> = PRODUCTS
            .iter()
            .enumerate()
            .flat_map(|(i, (sku, _, _, _, tags))| {
                locations.iter().filter_map(move |l| {
                    let n = starting_stock(sku, tags, l, i);
                    (n > 0).then(|| StockChange::Count {
                        location_id: l.id.clone(),
                        sku: (*sku).to_owned(),
                        on_hand: n,
                    })
                })
            })
            .collect();
        self.change_stock(&changes, &Actor::system()).await?;
        // The storefront sells what the warehouses and the store hold, keeping 2 back.
        let feeding: Vec<_> = locations
            .iter()
            .filter(|l| !l.kind.is_partner())
            .map(|l| l.id.clone())
            .collect();
        self.set_channel_feed(storefront, &feeding, 2).await?;
        Ok(())
    }

    /// A supplier delivery for the scarcest SKU of the demo: stock arrives, and orders waiting
    /// for it are routed, oldest first.
    pub(crate) async fn demo_delivery(
        &self,
        locations: &[Location],
        n: u64,
    ) -> Result<(), AppError> {
        let (sku, where_, _) = SCARCE[(n as usize) % SCARCE.len()];
        let Some(at) = locations.iter().find(|l| has(&l.name, where_)) else {
            return Ok(());
        };
        let change = StockChange::Adjust {
            location_id: at.id.clone(),
            sku: sku.to_owned(),
            delta: DELIVERY_UNITS,
            reason: AdjustmentReason::Received,
            note: "Demo: a supplier delivery".to_owned(),
        };
        self.change_stock(&[change], &Actor::user("receiving"))
            .await?;
        Ok(())
    }
}
