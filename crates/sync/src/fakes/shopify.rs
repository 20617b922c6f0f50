//! A fake Shopify Admin GraphQL endpoint. Requests are told apart by `operationName` (the
//! connector names every operation) and, for pages, by the `after` cursor they send.

use std::time::Duration;

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::connector::{ConnectorError, WebhookRequest};
use crate::http::HttpSettings;
use crate::shopify::{API_VERSION, ShopifyConfig, ShopifyConnector};
use crate::signature::sign_base64_hmac_sha256;

pub struct FakeShopify {
    pub server: MockServer,
}

impl FakeShopify {
    pub const TOKEN: &'static str = "shpat_fake_token";
    pub const SECRET: &'static str = "fake-app-client-secret";
    pub const LOCATION: &'static str = "gid://shopify/Location/655441491";

    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    pub fn endpoint() -> String {
        format!("/admin/api/{API_VERSION}/graphql.json")
    }

    /// A connector configuration pointed at this fake: the fake's token, secret and location,
    /// two orders a page, no overlap and no pacing (tests say what they test).
    pub fn config(
        &self,
        timeout: Duration,
        start_from: DateTime<Utc>,
    ) -> Result<ShopifyConfig, ConnectorError> {
        let http = HttpSettings::new(&self.server.uri(), timeout)?;
        let mut c = ShopifyConfig::new(http, Self::TOKEN, start_from);
        c.webhook_secret = Some(Self::SECRET.to_owned());
        c.location_id = Some(Self::LOCATION.to_owned());
        c.page_size = 2;
        c.overlap = chrono::Duration::zero();
        c.max_pace = Duration::ZERO;
        Ok(c)
    }

    /// A connector with [`Self::config`].
    pub fn connector(
        &self,
        timeout: Duration,
        start_from: DateTime<Utc>,
    ) -> Result<ShopifyConnector, ConnectorError> {
        ShopifyConnector::new(self.config(timeout, start_from)?)
    }

    /// Requests for operation `op` carrying the fake's token.
    pub fn operation(op: &str) -> wiremock::MockBuilder {
        Mock::given(method("POST"))
            .and(path(Self::endpoint()))
            .and(header("X-Shopify-Access-Token", Self::TOKEN))
            .and(body_partial_json(json!({ "operationName": op })))
    }

    /// Answers every `op` request with `body`.
    pub async fn answer(&self, op: &str, body: &str) {
        Self::operation(op)
            .respond_with(ok_json(body))
            .mount(&self.server)
            .await;
    }

    /// Answers `op` requests whose variables include `variables` with `body`, at most `times`
    /// times when given; earlier mounts win over later ones when both match.
    pub async fn answer_when(&self, op: &str, variables: Value, body: &str, times: Option<u64>) {
        let mut mock = Mock::given(method("POST"))
            .and(path(Self::endpoint()))
            .and(header("X-Shopify-Access-Token", Self::TOKEN))
            .and(body_partial_json(
                json!({ "operationName": op, "variables": variables }),
            ))
            .respond_with(ok_json(body));
        if let Some(n) = times {
            mock = mock.up_to_n_times(n);
        }
        self.server.register(mock).await;
    }

    /// Answers `op` with any response (status codes, delays, headers) `times` times.
    pub async fn respond(&self, op: &str, response: ResponseTemplate, times: Option<u64>) {
        let mut mock = Self::operation(op).respond_with(response);
        if let Some(n) = times {
            mock = mock.up_to_n_times(n);
        }
        self.server.register(mock).await;
    }

    /// The two documented order pages: the first for `after: null`, the second for page one's
    /// end cursor.
    pub async fn two_order_pages(&self) {
        use super::fixtures::shopify::{ORDERS_PAGE_1, ORDERS_PAGE_2};
        let end = super::json(ORDERS_PAGE_1)["data"]["orders"]["pageInfo"]["endCursor"].clone();
        self.answer_when("Orders", json!({ "after": null }), ORDERS_PAGE_1, None)
            .await;
        self.answer_when("Orders", json!({ "after": end }), ORDERS_PAGE_2, None)
            .await;
    }

    /// Every request body received for `op`, oldest first.
    pub async fn requests(&self, op: &str) -> Vec<Value> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
            .filter(|b| b["operationName"] == op)
            .collect()
    }

    /// A webhook delivery as Shopify signs it.
    pub fn webhook(topic: &str, event_id: &str, body: &str, secret: &str) -> WebhookRequest {
        let signature = sign_base64_hmac_sha256(secret.as_bytes(), body.as_bytes());
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-shopify-topic", topic),
            ("x-shopify-hmac-sha256", signature.as_str()),
            ("x-shopify-shop-domain", "waybill-test.myshopify.com"),
            ("x-shopify-api-version", API_VERSION),
            (
                "x-shopify-webhook-id",
                "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
            ),
            ("x-shopify-event-id", event_id),
            ("x-shopify-triggered-at", "2026-03-01T12:20:00.000Z"),
        ] {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(HeaderName::from_static(name), v);
            }
        }
        WebhookRequest::new(headers, body.as_bytes().to_vec())
    }
}

pub(super) fn ok_json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}
