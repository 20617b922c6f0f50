//! The demo storefront: a simulated shop that keeps taking realistic orders, served through
//! the same [`Connector`] interface as real channels.
//!
//! Orders are a pure function of (seed, sequence number), so the storefront needs no state of
//! its own: the cursor is the next sequence number, and what is "available" grows with the clock.

pub mod catalog;
mod generate;

pub use generate::OrderGenerator;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use waybill_core::{OrderStatus, PaymentStatus};

use crate::connector::{
    Cancellation, Capabilities, Connector, ConnectorError, FetchedPage, Fulfillment,
    FulfillmentRef, IdempotencyKey, StatusMap, StockLevel, StockPushOutcome,
};

/// The demo shop's two statuses, as the generator sets them.
pub static STATUS_MAP: StatusMap = StatusMap {
    orders: &[
        ("pending", OrderStatus::AwaitingPayment),
        ("paid", OrderStatus::Ready),
    ],
    payments: &[
        ("pending", PaymentStatus::Pending),
        ("paid", PaymentStatus::Paid),
    ],
    notes: &[],
};

/// A clock the storefront reads, so tests can move time.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub struct DemoStorefront {
    generator: OrderGenerator,
    opened_at: DateTime<Utc>,
    every: Duration,
    page_size: usize,
    clock: Clock,
    /// What was pushed back, by idempotency key: the shop accepts everything and remembers it,
    /// so a retried push returns the first answer, like a channel with idempotency keys.
    pushed: Mutex<Vec<(IdempotencyKey, String)>>,
}

impl DemoStorefront {
    /// A shop that opened at `opened_at` and takes one order every `every`.
    pub fn new(seed: u64, opened_at: DateTime<Utc>, every: Duration, clock: Clock) -> Self {
        Self {
            generator: OrderGenerator::new(seed),
            opened_at,
            every,
            page_size: 50,
            clock,
            pushed: Mutex::new(Vec::new()),
        }
    }

    /// The reference for the push under `key`: the earlier one on a retry, else a new one.
    fn remember(&self, key: &IdempotencyKey, what: &str) -> String {
        let Ok(mut pushed) = self.pushed.lock() else {
            return format!("demo-{what}-{key}");
        };
        if let Some((_, reference)) = pushed.iter().find(|(k, _)| k == key) {
            return reference.clone();
        }
        let reference = format!("demo-{what}-{}", pushed.len() + 1);
        pushed.push((key.clone(), reference.clone()));
        reference
    }

    /// Everything pushed so far, oldest first: `(key, reference)`.
    pub fn pushed(&self) -> Vec<(IdempotencyKey, String)> {
        self.pushed.lock().map(|p| p.clone()).unwrap_or_default()
    }

    fn available(&self, now: DateTime<Utc>) -> u64 {
        let elapsed = (now - self.opened_at).num_milliseconds().max(0);
        let step = self.every.num_milliseconds().max(1);
        u64::try_from(elapsed / step).unwrap_or(0)
    }
}

#[async_trait]
impl Connector for DemoStorefront {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            partial_shipments: true,
            multiple_tracking_numbers: true,
            cancellations: true,
            refund_on_cancel: true,
            stock_push: true,
            webhooks: false,
        }
    }

    fn status_map(&self) -> &'static StatusMap {
        &STATUS_MAP
    }

    async fn fetch_orders(&self, cursor: Option<&str>) -> Result<FetchedPage, ConnectorError> {
        let from: u64 = match cursor {
            None => 0,
            Some(c) => c
                .parse()
                .map_err(|_| ConnectorError::BadCursor(c.to_owned()))?,
        };
        let available = self.available((self.clock)());
        let to = available.min(from + self.page_size as u64).max(from);
        let orders = (from..to)
            .map(|k| {
                let placed = self.opened_at + self.every * i32::try_from(k).unwrap_or(i32::MAX);
                self.generator.order(k, placed)
            })
            .collect();
        Ok(FetchedPage {
            orders,
            unreadable: Vec::new(),
            next_cursor: to.to_string(),
            has_more: to < available,
        })
    }

    async fn push_fulfillment(
        &self,
        fulfillment: &Fulfillment,
        key: &IdempotencyKey,
    ) -> Result<FulfillmentRef, ConnectorError> {
        if fulfillment.lines.is_empty() {
            return Err(ConnectorError::Rejected(
                "a fulfillment without lines".into(),
            ));
        }
        Ok(FulfillmentRef {
            ids: vec![self.remember(key, "fulfillment")],
        })
    }

    async fn push_cancellation(
        &self,
        _cancellation: &Cancellation,
        key: &IdempotencyKey,
    ) -> Result<(), ConnectorError> {
        self.remember(key, "cancellation");
        Ok(())
    }

    async fn push_stock(
        &self,
        levels: &[StockLevel],
        key: &IdempotencyKey,
    ) -> Result<StockPushOutcome, ConnectorError> {
        self.remember(key, "stock");
        // The demo shop sells exactly its catalogue.
        let (applied, unknown_skus) = levels
            .iter()
            .map(|l| l.sku.clone())
            .partition(|sku| catalog::PRODUCTS.iter().any(|p| p.0 == sku));
        Ok(StockPushOutcome {
            applied,
            unknown_skus,
            rejected: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[tokio::test]
    async fn the_storefront_delivers_orders_as_time_passes_and_never_repeats_one() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let now = Arc::new(Mutex::new(t0));
        let clock_now = now.clone();
        let clock: Clock = Arc::new(move || *clock_now.lock().unwrap());
        let shop = DemoStorefront::new(7, t0, Duration::seconds(10), clock);

        let first = shop.fetch_orders(None).await.unwrap();
        assert!(
            first.orders.is_empty(),
            "nothing is sold before time passes"
        );

        *now.lock().unwrap() = t0 + Duration::seconds(35);
        let page = shop.fetch_orders(Some(&first.next_cursor)).await.unwrap();
        assert_eq!(page.orders.len(), 3);
        let again = shop.fetch_orders(Some(&page.next_cursor)).await.unwrap();
        assert!(
            again.orders.is_empty(),
            "a cursor past the last order yields nothing new"
        );

        let ids: Vec<_> = page.orders.iter().map(|o| o.external_id.clone()).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids, unique);
    }

    #[tokio::test]
    async fn a_retried_push_returns_the_first_reference() {
        let clock: Clock = Arc::new(Utc::now);
        let shop = DemoStorefront::new(1, Utc::now(), Duration::seconds(1), clock);
        let f = Fulfillment {
            order_external_id: "demo-1".into(),
            lines: vec![crate::connector::FulfillmentLine {
                sku: "MUG-BLK-12".into(),
                quantity: 1,
            }],
            carrier: "UPS".into(),
            service: None,
            tracking_numbers: vec!["1Z".into()],
            tracking_url: None,
            shipped_at: Utc::now(),
            completes_order: true,
            notify_customer: false,
        };
        let key = IdempotencyKey::new("outbox-1");
        let first = shop.push_fulfillment(&f, &key).await.unwrap();
        let again = shop.push_fulfillment(&f, &key).await.unwrap();
        assert_eq!(first, again);
        let other = shop
            .push_fulfillment(&f, &IdempotencyKey::new("outbox-2"))
            .await
            .unwrap();
        assert_ne!(first, other);
        let stock = shop
            .push_stock(
                &[
                    StockLevel {
                        sku: "MUG-BLK-12".into(),
                        available: 3,
                        expected_current: None,
                    },
                    StockLevel {
                        sku: "NOPE".into(),
                        available: 1,
                        expected_current: None,
                    },
                ],
                &IdempotencyKey::new("outbox-3"),
            )
            .await
            .unwrap();
        assert_eq!(stock.applied, ["MUG-BLK-12"]);
        assert_eq!(stock.unknown_skus, ["NOPE"]);
    }

    #[tokio::test]
    async fn a_foreign_cursor_is_refused() {
        let clock: Clock = Arc::new(Utc::now);
        let shop = DemoStorefront::new(1, Utc::now(), Duration::seconds(1), clock);
        assert!(matches!(
            shop.fetch_orders(Some("abc")).await,
            Err(ConnectorError::BadCursor(_))
        ));
    }
}
