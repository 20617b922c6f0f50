//! Amazon Multi-Channel Fulfillment over the SP-API: Fulfillment Outbound 2020-07-01 for orders,
//! FBA Inventory v1 for stock, Login with Amazon for tokens.
//!
//! Idempotency: the hand-off's reference is the `sellerFulfillmentOrderId`, which Amazon keeps
//! unique per seller. A create that Amazon refuses is followed by a look-up of that id: when the
//! order is there, the refusal was a repeat of an earlier attempt (a retry after a crash or a
//! time-out) and the hand-off answers `already_existed`, whatever Amazon's wording. A create
//! therefore never makes a second order, and a genuine refusal (an unknown SKU) stays `Rejected`.

mod client;
mod lwa;
mod map;
mod model;

pub use map::FulfillmentPolicy;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use reqwest::Method;
use waybill_core::{LocationKind, Money};

use self::client::{CANCEL, CREATE, FEATURES, GET, INVENTORY, PREVIEW, SpApi};
use self::lwa::Lwa;
use self::model::{
    Envelope, GetFulfillmentOrderResult, GetFulfillmentPreviewResult, InventoryPage,
};
use crate::connector::ConnectorError;
use crate::http::HttpSettings;
use crate::partners::escape::escape;
use crate::partners::{HandOff, HandOffReceipt, PartnerAdapter, PartnerStatus};

const OUTBOUND: &str = "fba/outbound/2020-07-01";
/// A stock report longer than this many pages is a paging loop, not a stock report.
const MAX_INVENTORY_PAGES: usize = 1000;

/// How one seller's MCF is reached. `Debug` leaves the secrets out.
#[derive(Clone)]
pub struct McfConfig {
    /// The SP-API endpoint of the seller's region (`https://sellingpartnerapi-na.amazon.com`).
    pub http: HttpSettings,
    /// Login with Amazon (`https://api.amazon.com`); tokens come from `{lwa}/auth/o2/token`.
    pub lwa: HttpSettings,
    /// The marketplace orders are placed against (`ATVPDKIKX0DER`, amazon.com).
    pub marketplace_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub refresh_token: String,
    pub fulfillment_policy: FulfillmentPolicy,
    /// Longest wait for an operation's rate limit before a request; longer waits come back as
    /// `Throttled` for the outbox to schedule.
    pub max_pace: Duration,
}

impl std::fmt::Debug for McfConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McfConfig")
            .field("http", &self.http)
            .field("lwa", &self.lwa)
            .field("marketplace_id", &self.marketplace_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("fulfillment_policy", &self.fulfillment_policy)
            .finish_non_exhaustive()
    }
}

impl McfConfig {
    /// Defaults: Amazon's `FillOrKill`, up to two seconds of pacing.
    pub fn new(
        http: HttpSettings,
        lwa: HttpSettings,
        marketplace_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        Self {
            http,
            lwa,
            marketplace_id: marketplace_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_token: refresh_token.into(),
            fulfillment_policy: FulfillmentPolicy::default(),
            max_pace: Duration::from_secs(2),
        }
    }
}

/// One shipping speed as `getFulfillmentPreview` quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McfPreview {
    /// `Standard`, `Expedited`, `Priority`.
    pub speed: String,
    pub fulfillable: bool,
    pub earliest_arrival: Option<DateTime<Utc>>,
    pub latest_arrival: Option<DateTime<Utc>>,
    /// Amazon's estimated fees, summed.
    pub estimated_fee: Option<Money>,
    /// Why it is not fulfillable: order reasons, then `SKU: reasons` per item.
    pub problems: Vec<String>,
}

pub struct McfAdapter {
    config: McfConfig,
    api: SpApi,
}

impl McfAdapter {
    pub fn new(config: McfConfig) -> Result<Self, ConnectorError> {
        if config.marketplace_id.trim().is_empty() {
            return Err(ConnectorError::Config("a marketplace id is needed".into()));
        }
        let lwa = Lwa::new(
            &config.lwa,
            config.client_id.clone(),
            config.client_secret.clone(),
            config.refresh_token.clone(),
        )?;
        let api = SpApi::new(&config.http, lwa, config.max_pace)?;
        Ok(Self { config, api })
    }

    /// What Amazon would do with `handoff` at each speed (`getFulfillmentPreview`): whether it
    /// can fulfil it, by when, at what fee.
    pub async fn preview(&self, handoff: &HandOff) -> Result<Vec<McfPreview>, ConnectorError> {
        let body = map::preview_body(handoff, &self.config.marketplace_id)?;
        let path = format!("{OUTBOUND}/fulfillmentOrders/preview");
        let answer: Envelope<GetFulfillmentPreviewResult> = self
            .api
            .json(PREVIEW, Method::POST, &path, &[], Some(&body))
            .await?;
        Ok(answer
            .payload
            .map(|p| p.fulfillment_previews.iter().map(map::preview).collect())
            .unwrap_or_default())
    }

    /// The fulfillment order `reference`, or `None` when Amazon has none. Amazon documents 404
    /// for an id it does not know; a 400 whose message says "not found" is read the same way.
    async fn find(
        &self,
        reference: &str,
    ) -> Result<Option<GetFulfillmentOrderResult>, ConnectorError> {
        let path = format!("{OUTBOUND}/fulfillmentOrders/{}", escape(reference));
        match self
            .api
            .json::<Envelope<GetFulfillmentOrderResult>>(GET, Method::GET, &path, &[], None)
            .await
        {
            Ok(Envelope { payload: Some(p) }) => Ok(Some(p)),
            Ok(Envelope { payload: None }) => Err(ConnectorError::Malformed(
                "getFulfillmentOrder answered without a payload".into(),
            )),
            Err(ConnectorError::NotFound(_)) => Ok(None),
            Err(ConnectorError::Rejected(m)) if m.to_ascii_lowercase().contains("not found") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

#[async_trait]
impl PartnerAdapter for McfAdapter {
    fn kind(&self) -> LocationKind {
        LocationKind::AmazonMcf
    }

    async fn hand_off(&self, h: &HandOff) -> Result<HandOffReceipt, ConnectorError> {
        let body = map::create_body(
            h,
            &self.config.marketplace_id,
            self.config.fulfillment_policy,
        )?;
        let path = format!("{OUTBOUND}/fulfillmentOrders");
        match self
            .api
            .send(CREATE, Method::POST, &path, &[], Some(&body))
            .await
        {
            Ok(_) => Ok(HandOffReceipt {
                partner_ref: h.reference.clone(),
                already_existed: false,
            }),
            Err(refusal @ (ConnectorError::Rejected(_) | ConnectorError::Conflict(_))) => {
                // A repeat of an earlier create, or a real refusal: Amazon knows which.
                match self.find(&h.reference).await? {
                    Some(_) => {
                        tracing::info!(reference = %h.reference, "MCF already has this fulfillment order");
                        Ok(HandOffReceipt {
                            partner_ref: h.reference.clone(),
                            already_existed: true,
                        })
                    }
                    None => Err(match refusal {
                        ConnectorError::Conflict(m) => ConnectorError::Rejected(m),
                        other => other,
                    }),
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn status(&self, reference: &str) -> Result<PartnerStatus, ConnectorError> {
        match self.find(reference).await? {
            Some(order) => Ok(map::status(&order)),
            None => Err(ConnectorError::NotFound(format!(
                "MCF fulfillment order {reference}"
            ))),
        }
    }

    async fn cancel(&self, reference: &str) -> Result<(), ConnectorError> {
        let path = format!("{OUTBOUND}/fulfillmentOrders/{}/cancel", escape(reference));
        self.api.send(CANCEL, Method::PUT, &path, &[], None).await?;
        Ok(())
    }

    async fn inventory(&self) -> Result<Option<Vec<(String, u32)>>, ConnectorError> {
        let marketplace = self.config.marketplace_id.clone();
        let mut out: Vec<(String, u32)> = Vec::new();
        let mut next: Option<String> = None;
        for _ in 0..MAX_INVENTORY_PAGES {
            // Details carry `fulfillableQuantity`: units Amazon can ship now. The bare summary
            // has only `totalQuantity`, which counts inbound stock too.
            let mut query = vec![
                ("details", "true".to_owned()),
                ("granularityType", "Marketplace".to_owned()),
                ("granularityId", marketplace.clone()),
                ("marketplaceIds", marketplace.clone()),
            ];
            if let Some(token) = &next {
                query.push(("nextToken", token.clone()));
            }
            let page: InventoryPage = self
                .api
                .json(
                    INVENTORY,
                    Method::GET,
                    "fba/inventory/v1/summaries",
                    &query,
                    None,
                )
                .await?;
            for s in page
                .payload
                .map(|p| p.inventory_summaries)
                .unwrap_or_default()
            {
                let Some(sku) = s.seller_sku else { continue };
                let units = s
                    .inventory_details
                    .and_then(|d| d.fulfillable_quantity)
                    .or(s.total_quantity)
                    .unwrap_or(0);
                crate::partners::status::add_units(
                    &mut out,
                    &sku,
                    u32::try_from(units.max(0)).unwrap_or(u32::MAX),
                );
            }
            next = page
                .pagination
                .and_then(|p| p.next_token)
                .filter(|t| !t.is_empty());
            if next.is_none() {
                return Ok(Some(out));
            }
        }
        Err(ConnectorError::Malformed(format!(
            "the FBA stock report went on past {MAX_INVENTORY_PAGES} pages"
        )))
    }

    async fn test_connection(&self) -> Result<(), ConnectorError> {
        self.api.token().await?;
        let query = [("marketplaceId", self.config.marketplace_id.clone())];
        let path = format!("{OUTBOUND}/features");
        self.api
            .send(FEATURES, Method::GET, &path, &query, None)
            .await?;
        Ok(())
    }
}
