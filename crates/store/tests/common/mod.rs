//! Shared fixtures for the store's integration tests: a real SQLite file in a temporary
//! directory, a channel and location to hang orders on, and hand-built orders.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use tempfile::TempDir;
use waybill_core::query::{OrderFilter, OrderQuery, OrderSummary, SortKey};
use waybill_core::{
    Address, Channel, ChannelId, ChannelKind, Customer, Hold, HoldReason, Location, LocationId,
    LocationKind, NewOrder, Order, OrderId, OrderLine, OrderStatus, PaymentStatus,
};
use waybill_store::Store;

/// A store on a fresh file; the directory lives as long as this value.
pub struct TestDb {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
}

pub async fn fresh() -> TestDb {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("waybill.db");
    let store = Store::open(&path).await.expect("open a new database");
    TestDb { dir, path, store }
}

/// A fixed instant: 2026-03-01 00:00 UTC plus `hours`.
pub fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
}

pub async fn add_channel(store: &Store, name: &str) -> ChannelId {
    let c = Channel {
        id: ChannelId::new(),
        name: name.into(),
        kind: ChannelKind::Shopify,
        created_at: t(0),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_channel(&c).await.unwrap();
    tx.commit().await.unwrap();
    c.id
}

pub async fn add_location(store: &Store, name: &str) -> LocationId {
    let l = Location {
        id: LocationId::new(),
        name: name.into(),
        kind: LocationKind::Warehouse,
        postal_code: "89502".into(),
        country: "US".into(),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_location(&l).await.unwrap();
    tx.commit().await.unwrap();
    l.id
}

pub fn address(name: &str) -> Address {
    Address {
        name: name.into(),
        line1: "1 Analytical Way".into(),
        city: "Reno".into(),
        postal_code: "89502".into(),
        country: "US".into(),
        ..Address::default()
    }
}

pub fn line(sku: &str, quantity: u32, unit_price: i64) -> OrderLine {
    OrderLine {
        sku: sku.into(),
        name: format!("Product {sku}"),
        quantity,
        unit_price,
        unit_weight_g: 250,
        product_tags: vec![],
    }
}

/// A paid, ready order as a channel would send it.
pub fn incoming(external_id: &str, customer: &str) -> NewOrder {
    NewOrder {
        external_id: external_id.into(),
        number: format!("#{external_id}"),
        status: OrderStatus::Ready,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: customer.into(),
            email: Some(format!(
                "{}@example.com",
                customer.to_lowercase().replace(' ', ".")
            )),
            phone: None,
        },
        ship_to: address(customer),
        bill_to: None,
        requested_service: Some("Standard".into()),
        lines: vec![line("MUG-BLK-1", 1, 1_500)],
        currency: "USD".into(),
        subtotal: 1_500,
        shipping_paid: 0,
        tax: 0,
        total: 1_500,
        tags: vec![],
        customer_notes: None,
        gift: false,
        placed_at: t(1),
        updated_at: t(1),
        ship_by: None,
    }
}

pub fn order(channel: &ChannelId, external_id: &str, customer: &str) -> Order {
    incoming(external_id, customer).into_order(OrderId::new(), channel.clone())
}

/// Puts `o` on hold for `reason` (status and hold together, as the domain does).
pub fn held(mut o: Order, reason: HoldReason) -> Order {
    o.status = OrderStatus::OnHold;
    o.hold = Some(Hold {
        reason,
        note: "test hold".into(),
        placed_by: waybill_core::Actor::system(),
        placed_at: o.placed_at,
        release_at: None,
    });
    o
}

pub async fn insert(store: &Store, orders: &[Order]) {
    let mut tx = store.begin().await.unwrap();
    tx.insert_orders(orders).await.unwrap();
    tx.commit().await.unwrap();
}

/// Every order matching `filter`, sorted, by walking pages of `page_size`.
pub async fn walk(
    store: &Store,
    filter: &OrderFilter,
    sort: SortKey,
    descending: bool,
    page_size: u32,
) -> Vec<OrderSummary> {
    let mut out = Vec::new();
    let mut after = None;
    for _ in 0..10_000 {
        let page = store
            .list_orders(&OrderQuery {
                filter: filter.clone(),
                sort,
                descending,
                after: after.clone(),
                limit: page_size,
            })
            .await
            .unwrap();
        assert!(
            page.items.len() <= page_size as usize,
            "a page never holds more than its limit"
        );
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => after = Some(c),
            None => return out,
        }
    }
    panic!("pagination did not end");
}

/// Ids of every order matching `filter` (one big page, oldest first).
pub async fn ids(store: &Store, filter: OrderFilter) -> Vec<OrderId> {
    walk(store, &filter, SortKey::PlacedAt, false, 500)
        .await
        .into_iter()
        .map(|s| s.id)
        .collect()
}

pub fn sorted(mut v: Vec<OrderId>) -> Vec<OrderId> {
    v.sort();
    v
}
