//! The Shopify connector, over the Admin GraphQL API at a pinned version ([`API_VERSION`]).
//!
//! Reads orders changed since a cursor; pushes fulfillments (through the order's fulfillment
//! orders), cancellations and available stock at one location; verifies webhooks. Every
//! request authenticates with the app's access token in `X-Shopify-Access-Token`.

mod cancel;
mod cursor;
mod fulfill;
mod graphql;
mod map;
mod model;
mod queries;
mod stock;
mod throttle;
mod webhook;

pub use graphql::API_VERSION;
pub use map::STATUS_MAP;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

use self::cursor::{Cursor, Limits, PageEnd};
use self::graphql::GraphqlClient;
use self::model::OrdersData;
use crate::connector::{
    Cancellation, Capabilities, Connector, ConnectorError, FetchedPage, Fulfillment,
    FulfillmentRef, IdempotencyKey, StatusMap, StockLevel, StockPushOutcome, UnreadableOrder,
    WebhookError, WebhookEvent, WebhookRequest,
};
use crate::http::HttpSettings;

/// How one shop is reached and read. `Debug` leaves the token and secret out.
#[derive(Clone)]
pub struct ShopifyConfig {
    /// `https://{shop}.myshopify.com`, or a fake server in tests.
    pub http: HttpSettings,
    pub access_token: String,
    /// The app's client secret, which signs webhooks; `None` refuses every webhook.
    pub webhook_secret: Option<String>,
    /// The location (`gid://shopify/Location/…`) whose available stock Waybill sets.
    pub location_id: Option<String>,
    /// Orders per page (Shopify allows up to 250).
    pub page_size: u32,
    /// Where the first sync starts.
    pub start_from: DateTime<Utc>,
    /// How far back each finished sync starts the next one (see the cursor module).
    pub overlap: chrono::Duration,
    /// Objects one query may page through before restarting from the newest change seen.
    pub restart_after: u32,
    /// Longest wait for Shopify's cost bucket before a request; longer ones are `Throttled`.
    pub max_pace: Duration,
}

impl std::fmt::Debug for ShopifyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopifyConfig")
            .field("http", &self.http)
            .field("access_token", &"<redacted>")
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("location_id", &self.location_id)
            .field("page_size", &self.page_size)
            .field("start_from", &self.start_from)
            .finish_non_exhaustive()
    }
}

impl ShopifyConfig {
    /// Defaults that suit a real shop: 100 orders a page, a two-minute overlap, restart at
    /// Shopify's 25 000-object pagination cap, wait up to 5 s for the cost bucket.
    pub fn new(
        http: HttpSettings,
        access_token: impl Into<String>,
        start_from: DateTime<Utc>,
    ) -> Self {
        Self {
            http,
            access_token: access_token.into(),
            webhook_secret: None,
            location_id: None,
            page_size: 100,
            start_from,
            overlap: chrono::Duration::minutes(2),
            restart_after: 25_000,
            max_pace: Duration::from_secs(5),
        }
    }
}

pub struct ShopifyConnector {
    config: ShopifyConfig,
    gql: GraphqlClient,
}

impl ShopifyConnector {
    pub fn new(config: ShopifyConfig) -> Result<Self, ConnectorError> {
        if config.page_size == 0 || config.page_size > 250 {
            return Err(ConnectorError::Config(format!(
                "page size {} is outside Shopify's 1..=250",
                config.page_size
            )));
        }
        let gql = GraphqlClient::new(&config.http, config.access_token.clone(), config.max_pace)?;
        Ok(Self { config, gql })
    }
}

#[async_trait]
impl Connector for ShopifyConnector {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            partial_shipments: true,
            multiple_tracking_numbers: true,
            cancellations: true,
            refund_on_cancel: true,
            stock_push: self.config.location_id.is_some(),
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
        let data: OrdersData = self
            .gql
            .run(
                "Orders",
                queries::ORDERS,
                json!({
                    "first": self.config.page_size,
                    "after": cursor.after,
                    "query": cursor.search(),
                }),
            )
            .await?;
        let page = data.orders;
        let count = u32::try_from(page.nodes.len()).unwrap_or(u32::MAX);
        let newest = page.nodes.iter().map(|o| o.updated_at).max();
        let mut orders = Vec::with_capacity(page.nodes.len());
        let mut unreadable = Vec::new();
        for node in page.nodes {
            let (id, number) = (node.id.clone(), node.name.clone());
            match map::to_new_order(node) {
                Ok(order) => orders.push(order),
                Err(e) => unreadable.push(UnreadableOrder {
                    external_id: id,
                    number: Some(number),
                    problem: e.to_string(),
                }),
            }
        }
        let limits = Limits {
            page_size: self.config.page_size,
            restart_after: self.config.restart_after,
            overlap: self.config.overlap,
        };
        let (next, has_more) = cursor.next(
            PageEnd {
                count,
                newest,
                has_next_page: page.page_info.has_next_page,
                end_cursor: page.page_info.end_cursor,
            },
            &limits,
        );
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
        fulfill::push(&self.gql, fulfillment, key).await
    }

    async fn push_cancellation(
        &self,
        cancellation: &Cancellation,
        key: &IdempotencyKey,
    ) -> Result<(), ConnectorError> {
        cancel::push(&self.gql, cancellation, key).await
    }

    async fn push_stock(
        &self,
        levels: &[StockLevel],
        key: &IdempotencyKey,
    ) -> Result<StockPushOutcome, ConnectorError> {
        let Some(location) = self.config.location_id.as_deref() else {
            return Err(ConnectorError::Config(
                "no Shopify location is set for stock pushes".into(),
            ));
        };
        stock::push(&self.gql, location, levels, key).await
    }

    fn verify_webhook(&self, request: &WebhookRequest) -> Result<WebhookEvent, WebhookError> {
        let Some(secret) = self.config.webhook_secret.as_deref() else {
            return Err(WebhookError::NoSecret);
        };
        webhook::verify(secret.as_bytes(), request)
    }
}
