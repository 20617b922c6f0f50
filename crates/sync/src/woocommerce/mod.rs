//! The WooCommerce connector, over the REST API v3 (`/wp-json/wc/v3`).
//!
//! Reads orders changed since a cursor; completes orders with tracking (through the Shipment
//! Tracking extension when the shop has it, else an order note); cancels; sets stock per SKU;
//! verifies webhooks. WooCommerce has no idempotency keys: pushes are written so that a repeat
//! changes nothing (absolute stock, a status that is already set) or is recognised (tracking
//! numbers already on the order, a note carrying the key).

mod cancel;
mod client;
mod cursor;
mod fulfill;
mod map;
mod model;
mod stock;
mod webhook;

pub use map::STATUS_MAP;

use std::sync::atomic::{AtomicU8, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use self::client::{RestClient, header_number};
use self::cursor::Cursor;
use self::model::WooOrder;
use crate::connector::{
    Cancellation, Capabilities, Connector, ConnectorError, FetchedPage, Fulfillment,
    FulfillmentRef, IdempotencyKey, StatusMap, StockLevel, StockPushOutcome, UnreadableOrder,
    WebhookError, WebhookEvent, WebhookRequest,
};
use crate::http::HttpSettings;

/// Orders REST path under the site's base URL.
pub(crate) const API: &str = "wp-json/wc/v3";

/// How one WooCommerce site is reached and read. `Debug` leaves the keys and secret out.
#[derive(Clone)]
pub struct WooCommerceConfig {
    /// The site's root (`https://shop.example.com`), or a fake server in tests.
    pub http: HttpSettings,
    pub consumer_key: String,
    pub consumer_secret: String,
    /// The secret set on the shop's webhooks; `None` refuses every webhook.
    pub webhook_secret: Option<String>,
    /// Orders per page (WooCommerce allows up to 100).
    pub page_size: u32,
    pub start_from: DateTime<Utc>,
    pub overlap: chrono::Duration,
}

impl std::fmt::Debug for WooCommerceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WooCommerceConfig")
            .field("http", &self.http)
            .field("consumer_key", &"<redacted>")
            .field("consumer_secret", &"<redacted>")
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("page_size", &self.page_size)
            .field("start_from", &self.start_from)
            .finish_non_exhaustive()
    }
}

impl WooCommerceConfig {
    /// Defaults: 50 orders a page, a two-minute overlap.
    pub fn new(
        http: HttpSettings,
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        start_from: DateTime<Utc>,
    ) -> Self {
        Self {
            http,
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            webhook_secret: None,
            page_size: 50,
            start_from,
            overlap: chrono::Duration::minutes(2),
        }
    }
}

/// Whether the shop has the Shipment Tracking extension: learnt on the first fulfillment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tracking {
    Unknown = 0,
    Present = 1,
    Absent = 2,
}

pub struct WooCommerceConnector {
    config: WooCommerceConfig,
    rest: RestClient,
    tracking: AtomicU8,
}

impl WooCommerceConnector {
    pub fn new(config: WooCommerceConfig) -> Result<Self, ConnectorError> {
        if config.page_size == 0 || config.page_size > 100 {
            return Err(ConnectorError::Config(format!(
                "page size {} is outside WooCommerce's 1..=100",
                config.page_size
            )));
        }
        let rest = RestClient::new(
            &config.http,
            config.consumer_key.clone(),
            config.consumer_secret.clone(),
        )?;
        Ok(Self {
            config,
            rest,
            tracking: AtomicU8::new(Tracking::Unknown as u8),
        })
    }

    fn tracking(&self) -> Tracking {
        match self.tracking.load(Ordering::Relaxed) {
            1 => Tracking::Present,
            2 => Tracking::Absent,
            _ => Tracking::Unknown,
        }
    }

    fn set_tracking(&self, t: Tracking) {
        self.tracking.store(t as u8, Ordering::Relaxed);
    }
}

#[async_trait]
impl Connector for WooCommerceConnector {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            // WooCommerce has one status per order: a partial shipment is a note, not a state.
            partial_shipments: false,
            multiple_tracking_numbers: true,
            cancellations: true,
            // Cancelling does not refund in WooCommerce; refunds go through the gateway.
            refund_on_cancel: false,
            stock_push: true,
            webhooks: self.config.webhook_secret.is_some(),
        }
    }

    fn status_map(&self) -> &'static StatusMap {
        &STATUS_MAP
    }

    async fn fetch_orders(&self, cursor: Option<&str>) -> Result<FetchedPage, ConnectorError> {
        let cursor = match cursor {
            Some(text) => Cursor::decode(text)?,
            None => Cursor::start(self.config.start_from),
        };
        let query = [
            (
                "modified_after",
                cursor.since.format("%Y-%m-%dT%H:%M:%S").to_string(),
            ),
            ("dates_are_gmt", "true".to_owned()),
            ("orderby", "modified".to_owned()),
            ("order", "asc".to_owned()),
            ("per_page", self.config.page_size.to_string()),
            ("page", cursor.page.to_string()),
        ];
        let (raw, headers): (Vec<WooOrder>, _) =
            self.rest.get(&format!("{API}/orders"), &query).await?;
        let total_pages = header_number(&headers, "X-WP-TotalPages").ok_or_else(|| {
            ConnectorError::Malformed("the orders page lacks X-WP-TotalPages".into())
        })?;
        let mut orders = Vec::with_capacity(raw.len());
        let mut unreadable = Vec::new();
        let mut newest = None;
        for o in &raw {
            // Unreadable orders still move the cursor: their modification time is read alone.
            let modified = o
                .date_modified_gmt
                .as_deref()
                .and_then(|d| map::parse_gmt(d).ok());
            newest = newest.max(modified);
            match map::to_new_order(o) {
                Ok(order) => {
                    newest = newest.max(Some(order.updated_at));
                    orders.push(order);
                }
                Err(e) => unreadable.push(UnreadableOrder {
                    external_id: o.id.to_string(),
                    number: Some(format!("#{}", o.number)),
                    problem: e.to_string(),
                }),
            }
        }
        let (next, has_more) = cursor.next(newest, total_pages, self.config.overlap);
        Ok(FetchedPage {
            orders,
            unreadable,
            next_cursor: next.encode(),
            has_more,
        })
    }

    async fn push_fulfillment(
        &self,
        fulfillment: &Fulfillment,
        key: &IdempotencyKey,
    ) -> Result<FulfillmentRef, ConnectorError> {
        let (reference, tracking) =
            fulfill::push(&self.rest, self.tracking(), fulfillment, key).await?;
        self.set_tracking(tracking);
        Ok(reference)
    }

    async fn push_cancellation(
        &self,
        cancellation: &Cancellation,
        key: &IdempotencyKey,
    ) -> Result<(), ConnectorError> {
        cancel::push(&self.rest, cancellation, key).await
    }

    async fn push_stock(
        &self,
        levels: &[StockLevel],
        key: &IdempotencyKey,
    ) -> Result<StockPushOutcome, ConnectorError> {
        stock::push(&self.rest, levels, key).await
    }

    fn verify_webhook(&self, request: &WebhookRequest) -> Result<WebhookEvent, WebhookError> {
        let Some(secret) = self.config.webhook_secret.as_deref() else {
            return Err(WebhookError::NoSecret);
        };
        webhook::verify(secret.as_bytes(), request)
    }
}
