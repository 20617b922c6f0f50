//! A third-party logistics warehouse over REST, modelled on ShipBob's API 1.0: orders in,
//! shipments with tracking out, a stock report per product.
//!
//! Idempotency: the hand-off's reference is the order's `reference_id`, which ShipBob keeps
//! unique per account and answers a repeat with 422 ("duplicate reference ID"). A refused
//! create is followed by a look-up by that reference (`GET /order?ReferenceIds=…`): when the
//! order is there, the hand-off answers `already_existed` with its id; when not, the refusal
//! stands as `Rejected`. Status and cancel find the order the same way, so Waybill never needs
//! to have stored ShipBob's order id.
//!
//! Stock: ShipBob 1.0's inventory items carry no SKU; its products do (`reference_id`, which
//! is our SKU since orders create products by it) with their on-hand totals, so the stock
//! report pages through `GET /product`.

mod client;
mod map;
mod model;

use std::time::Duration;

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use waybill_core::LocationKind;

use self::client::{RestClient, describe};
use self::model::{CancelResult, Channel, Order, Product};
use crate::connector::ConnectorError;
use crate::http::{HttpSettings, error_for_status, read_json};
use crate::partners::{HandOff, HandOffReceipt, PartnerAdapter, PartnerStatus, ShippingSpeed};

const API: &str = "1.0";
const MAX_PAGES: u32 = 1000;

/// The warehouse's shipping method names per speed: merchants map these to ship options in
/// ShipBob, so they must match what the merchant set up there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingMethods {
    pub standard: String,
    pub expedited: String,
    pub priority: String,
}

impl Default for ShippingMethods {
    fn default() -> Self {
        Self {
            standard: "Standard".into(),
            expedited: "Expedited".into(),
            priority: "2-Day".into(),
        }
    }
}

impl ShippingMethods {
    fn for_speed(&self, speed: ShippingSpeed) -> &str {
        match speed {
            ShippingSpeed::Standard => &self.standard,
            ShippingSpeed::Expedited => &self.expedited,
            ShippingSpeed::Priority => &self.priority,
        }
    }
}

/// How one 3PL account is reached. `Debug` leaves the token out.
#[derive(Clone)]
pub struct ThreePlConfig {
    /// The API's root (`https://api.shipbob.com`), or a fake in tests.
    pub http: HttpSettings,
    /// A personal access token, sent as a bearer token.
    pub token: String,
    /// The channel orders are created on (`shipbob_channel_id`).
    pub channel_id: String,
    pub shipping_methods: ShippingMethods,
    /// Products per page of the stock report (ShipBob allows up to 250).
    pub page_size: u32,
    /// Longest wait for the rate limit before a request; longer ones come back as `Throttled`.
    pub max_pace: Duration,
}

impl std::fmt::Debug for ThreePlConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreePlConfig")
            .field("http", &self.http)
            .field("token", &"<redacted>")
            .field("channel_id", &self.channel_id)
            .field("shipping_methods", &self.shipping_methods)
            .field("page_size", &self.page_size)
            .finish_non_exhaustive()
    }
}

impl ThreePlConfig {
    /// Defaults: ShipBob's usual method names, 250 products a page, two seconds of pacing.
    pub fn new(
        http: HttpSettings,
        token: impl Into<String>,
        channel_id: impl Into<String>,
    ) -> Self {
        Self {
            http,
            token: token.into(),
            channel_id: channel_id.into(),
            shipping_methods: ShippingMethods::default(),
            page_size: 250,
            max_pace: Duration::from_secs(2),
        }
    }
}

pub struct ThreePlAdapter {
    config: ThreePlConfig,
    rest: RestClient,
}

impl ThreePlAdapter {
    pub fn new(config: ThreePlConfig) -> Result<Self, ConnectorError> {
        if config.page_size == 0 || config.page_size > 250 {
            return Err(ConnectorError::Config(format!(
                "page size {} is outside 1..=250",
                config.page_size
            )));
        }
        let rest = RestClient::new(
            &config.http,
            config.token.clone(),
            config.channel_id.clone(),
            config.max_pace,
        )?;
        Ok(Self { config, rest })
    }

    /// The order with `reference` as its `reference_id`, if the warehouse has one.
    async fn find(&self, reference: &str) -> Result<Option<Order>, ConnectorError> {
        let query = [("ReferenceIds", reference.to_owned())];
        let orders: Vec<Order> = self
            .rest
            .json(Method::GET, &format!("{API}/order"), &query, None)
            .await?;
        Ok(orders
            .into_iter()
            .find(|o| o.reference_id.as_deref() == Some(reference)))
    }

    async fn require(&self, reference: &str) -> Result<Order, ConnectorError> {
        self.find(reference).await?.ok_or_else(|| {
            ConnectorError::NotFound(format!("3PL order with reference {reference}"))
        })
    }
}

#[async_trait]
impl PartnerAdapter for ThreePlAdapter {
    fn kind(&self) -> LocationKind {
        LocationKind::ThirdPartyLogistics
    }

    async fn hand_off(&self, h: &HandOff) -> Result<HandOffReceipt, ConnectorError> {
        let body = map::create_body(h, &self.config.shipping_methods)?;
        let response = self
            .rest
            .raw(Method::POST, &format!("{API}/order"), &[], Some(&body))
            .await?;
        let status = response.status();
        if status.is_success() {
            let order: Order = read_json(response).await?;
            return Ok(HandOffReceipt {
                partner_ref: order.id.to_string(),
                already_existed: false,
            });
        }
        let refused = matches!(
            status,
            StatusCode::BAD_REQUEST | StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
        );
        let error = error_for_status(response, describe)
            .await
            .err()
            .unwrap_or_else(|| ConnectorError::Rejected(format!("HTTP {status}")));
        if !refused {
            return Err(error);
        }
        // 422 is ShipBob's "duplicate reference ID"; a 400 may hide one behind a validation
        // message. The warehouse knows whether it has the order.
        match self.find(&h.reference).await? {
            Some(order) => {
                tracing::info!(reference = %h.reference, id = order.id, "the 3PL already has this order");
                Ok(HandOffReceipt {
                    partner_ref: order.id.to_string(),
                    already_existed: true,
                })
            }
            None => Err(match error {
                ConnectorError::Conflict(m) => ConnectorError::Rejected(m),
                other => other,
            }),
        }
    }

    async fn status(&self, reference: &str) -> Result<PartnerStatus, ConnectorError> {
        Ok(map::status(&self.require(reference).await?))
    }

    async fn cancel(&self, reference: &str) -> Result<(), ConnectorError> {
        let order = self.require(reference).await?;
        if map::status(&order) == PartnerStatus::Cancelled {
            return Ok(());
        }
        let result: CancelResult = self
            .rest
            .json(
                Method::POST,
                &format!("{API}/order/{}/cancel", order.id),
                &[],
                None,
            )
            .await?;
        let failed: Vec<String> = result
            .canceled_shipment_results
            .iter()
            .flatten()
            .filter(|s| !s.is_success)
            .map(|s| s.reason.clone().unwrap_or_else(|| "no reason given".into()))
            .collect();
        let status = result.status.as_deref().unwrap_or("Success");
        if status.eq_ignore_ascii_case("success") && failed.is_empty() {
            Ok(())
        } else {
            Err(ConnectorError::Rejected(format!(
                "the 3PL could not cancel every shipment ({status}): {}",
                failed.join("; ")
            )))
        }
    }

    async fn inventory(&self) -> Result<Option<Vec<(String, u32)>>, ConnectorError> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let query = [
                ("Page", page.to_string()),
                ("Limit", self.config.page_size.to_string()),
            ];
            let products: Vec<Product> = self
                .rest
                .json(Method::GET, &format!("{API}/product"), &query, None)
                .await?;
            let count = products.len();
            for p in products {
                let Some(sku) = p.reference_id.or(p.sku).filter(|s| !s.is_empty()) else {
                    continue;
                };
                let units = p.total_onhand_quantity.unwrap_or(0).max(0);
                crate::partners::status::add_units(
                    &mut out,
                    &sku,
                    u32::try_from(units).unwrap_or(u32::MAX),
                );
            }
            if count < self.config.page_size as usize {
                return Ok(Some(out));
            }
        }
        Err(ConnectorError::Malformed(format!(
            "the 3PL's product list went on past {MAX_PAGES} pages"
        )))
    }

    async fn test_connection(&self) -> Result<(), ConnectorError> {
        let channels: Vec<Channel> = self
            .rest
            .json(Method::GET, &format!("{API}/channel"), &[], None)
            .await?;
        if channels
            .iter()
            .any(|c| c.id.to_string() == self.config.channel_id.trim())
        {
            Ok(())
        } else {
            Err(ConnectorError::Config(format!(
                "channel {} is not one this token can use",
                self.config.channel_id
            )))
        }
    }
}
