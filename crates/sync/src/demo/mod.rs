//! The demo storefront: a simulated shop that keeps taking realistic orders, served through
//! the same [`Connector`] interface as real channels.
//!
//! Orders are a pure function of (seed, sequence number), so the storefront needs no state of
//! its own: the cursor is the next sequence number, and what is "available" grows with the clock.

mod catalog;
mod generate;

pub use generate::OrderGenerator;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use crate::connector::{Capabilities, Connector, ConnectorError, FetchedPage};

/// A clock the storefront reads, so tests can move time.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub struct DemoStorefront {
    generator: OrderGenerator,
    opened_at: DateTime<Utc>,
    every: Duration,
    page_size: usize,
    clock: Clock,
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
        }
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
            stock_push: true,
            webhooks: false,
        }
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
            next_cursor: to.to_string(),
            has_more: to < available,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

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
    async fn a_foreign_cursor_is_refused() {
        let clock: Clock = Arc::new(Utc::now);
        let shop = DemoStorefront::new(1, Utc::now(), Duration::seconds(1), clock);
        assert!(matches!(
            shop.fetch_orders(Some("abc")).await,
            Err(ConnectorError::BadCursor(_))
        ));
    }
}
