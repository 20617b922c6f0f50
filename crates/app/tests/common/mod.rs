//! Shared fixtures for the use-case tests: an App over a real SQLite file in a temporary
//! directory, a clock the test moves by hand, a channel, and orders as a channel sends them.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use tempfile::TempDir;
use waybill_app::App;
use waybill_core::query::{OrderFilter, OrderQuery, OrderSummary};
use waybill_core::{
    Address, Channel, ChannelId, ChannelKind, Customer, NewOrder, OrderEvent, OrderId, OrderLine,
    OrderStatus, PaymentStatus,
};
use waybill_store::{Store, StoredOrder};

pub struct TestApp {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub app: App,
    now_ms: Arc<AtomicI64>,
}

/// 2026-03-01 12:00 UTC: the tests' "now" until they move it.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

pub async fn fresh() -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("waybill.db");
    let store = Store::open(&path).await.expect("open a new database");
    let now_ms = Arc::new(AtomicI64::new(start().timestamp_millis()));
    let clock_ms = now_ms.clone();
    let app = App::with_store(
        store.clone(),
        Arc::new(move || {
            DateTime::from_timestamp_millis(clock_ms.load(Ordering::SeqCst)).unwrap_or_default()
        }),
    );
    TestApp {
        dir,
        path,
        store,
        app,
        now_ms,
    }
}

impl TestApp {
    pub fn now(&self) -> DateTime<Utc> {
        self.app.now()
    }

    pub fn advance(&self, by: Duration) {
        self.now_ms
            .fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }

    /// A non-demo sales channel (what a real workspace has).
    pub async fn channel(&self, name: &str) -> ChannelId {
        let c = Channel {
            id: ChannelId::new(),
            name: name.into(),
            kind: ChannelKind::Shopify,
            created_at: start(),
        };
        let mut tx = self.store.begin().await.unwrap();
        tx.insert_channel(&c).await.unwrap();
        tx.commit().await.unwrap();
        c.id
    }

    pub async fn stored(&self, id: &OrderId) -> StoredOrder {
        self.store.order(id).await.unwrap().expect("order exists")
    }

    pub async fn timeline(&self, id: &OrderId) -> Vec<OrderEvent> {
        self.store.order_events(id).await.unwrap()
    }

    /// Imports `orders` and returns the id of each by external id, in the given order.
    pub async fn import(&self, channel: &ChannelId, orders: Vec<NewOrder>) -> Vec<OrderId> {
        let wanted: Vec<String> = orders.iter().map(|o| o.external_id.clone()).collect();
        self.app
            .import_orders(channel, orders, None)
            .await
            .expect("import");
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let mut tx = self.store.begin().await.unwrap();
        let found = tx.orders_by_external_id(channel, &refs).await.unwrap();
        wanted.iter().map(|e| found[e].order.id.clone()).collect()
    }

    pub async fn all(&self) -> Vec<OrderSummary> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .app
                .list_orders(&OrderQuery {
                    filter: OrderFilter::default(),
                    after: after.clone(),
                    limit: 500,
                    ..OrderQuery::default()
                })
                .await
                .unwrap();
            out.extend(page.items);
            match page.next_cursor {
                Some(c) => after = Some(c),
                None => return out,
            }
        }
    }

    pub async fn status(&self, id: &OrderId) -> OrderStatus {
        self.stored(id).await.order.status
    }
}

pub fn address(name: &str) -> Address {
    Address {
        name: name.into(),
        line1: "1 Analytical Way".into(),
        city: "Reno".into(),
        region: Some("NV".into()),
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

/// A paid, ready order as a channel sends it.
pub fn incoming(external_id: &str, customer: &str) -> NewOrder {
    NewOrder {
        external_id: external_id.into(),
        number: format!("#{external_id}"),
        status: OrderStatus::Ready,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: customer.into(),
            email: Some("buyer@example.com".into()),
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
        placed_at: start() - Duration::hours(2),
        updated_at: start() - Duration::hours(2),
        ship_by: None,
    }
}
