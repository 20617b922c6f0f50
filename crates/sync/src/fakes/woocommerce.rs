//! A fake WooCommerce site: REST v3 under `/wp-json/wc/v3` with basic auth, and optionally the
//! Shipment Tracking extension's routes.

use std::time::Duration;

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};
use wiremock::matchers::{basic_auth, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::shopify::ok_json;
use crate::connector::{ConnectorError, WebhookRequest};
use crate::http::HttpSettings;
use crate::signature::sign_base64_hmac_sha256;
use crate::woocommerce::{WooCommerceConfig, WooCommerceConnector};

pub struct FakeWooCommerce {
    pub server: MockServer,
}

impl FakeWooCommerce {
    pub const KEY: &'static str = "ck_fake_consumer_key";
    pub const SECRET: &'static str = "cs_fake_consumer_secret";
    pub const WEBHOOK_SECRET: &'static str = "fake-webhook-secret";

    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    /// A connector configuration pointed at this fake: two orders a page, no overlap.
    pub fn config(
        &self,
        timeout: Duration,
        start_from: DateTime<Utc>,
    ) -> Result<WooCommerceConfig, ConnectorError> {
        let http = HttpSettings::new(&self.server.uri(), timeout)?;
        let mut c = WooCommerceConfig::new(http, Self::KEY, Self::SECRET, start_from);
        c.webhook_secret = Some(Self::WEBHOOK_SECRET.to_owned());
        c.page_size = 2;
        c.overlap = chrono::Duration::zero();
        Ok(c)
    }

    pub fn connector(
        &self,
        timeout: Duration,
        start_from: DateTime<Utc>,
    ) -> Result<WooCommerceConnector, ConnectorError> {
        WooCommerceConnector::new(self.config(timeout, start_from)?)
    }

    /// A request to `verb path` with the fake's credentials; add matchers, then answer.
    pub fn on(verb: &str, route: &str) -> wiremock::MockBuilder {
        Mock::given(method(verb))
            .and(path(route.to_owned()))
            .and(basic_auth(Self::KEY, Self::SECRET))
    }

    /// Mounts `mock` (answered `times` times when given).
    pub async fn mount(&self, mock: Mock, times: Option<u64>) {
        let mock = match times {
            Some(n) => mock.up_to_n_times(n),
            None => mock,
        };
        self.server.register(mock).await;
    }

    /// An orders page for `modified_after` = `since` and `page`, with WordPress's paging headers.
    pub async fn orders_page(
        &self,
        since: &str,
        page: u32,
        body: &str,
        total: u32,
        total_pages: u32,
    ) {
        let mock = Self::on("GET", "/wp-json/wc/v3/orders")
            .and(query_param("modified_after", since))
            .and(query_param("page", page.to_string()))
            .and(query_param("orderby", "modified"))
            .and(query_param("order", "asc"))
            .and(query_param("dates_are_gmt", "true"))
            .respond_with(
                ok_json(body)
                    .insert_header("X-WP-Total", total.to_string().as_str())
                    .insert_header("X-WP-TotalPages", total_pages.to_string().as_str()),
            );
        self.server.register(mock).await;
    }

    /// Answers `verb route` with `body` (HTTP 200/201 as given).
    pub async fn answer(&self, verb: &str, route: &str, status: u16, body: &str) {
        let response = ResponseTemplate::new(status)
            .set_body_raw(body.as_bytes().to_vec(), "application/json");
        self.server
            .register(Self::on(verb, route).respond_with(response))
            .await;
    }

    /// Every request received on `route`, oldest first: (method, query, JSON body).
    pub async fn requests(&self, route: &str) -> Vec<(String, String, serde_json::Value)> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| r.url.path() == route)
            .map(|r| {
                (
                    r.method.to_string(),
                    r.url.query().unwrap_or_default().to_owned(),
                    serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null),
                )
            })
            .collect()
    }

    /// A webhook delivery as WooCommerce signs it.
    pub fn webhook(topic: &str, delivery_id: &str, body: &str, secret: &str) -> WebhookRequest {
        let signature = sign_base64_hmac_sha256(secret.as_bytes(), body.as_bytes());
        let (resource, event) = topic.split_once('.').unwrap_or((topic, ""));
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-wc-webhook-source", "https://shop.example.com/"),
            ("x-wc-webhook-topic", topic),
            ("x-wc-webhook-resource", resource),
            ("x-wc-webhook-event", event),
            ("x-wc-webhook-signature", signature.as_str()),
            ("x-wc-webhook-id", "14"),
            ("x-wc-webhook-delivery-id", delivery_id),
        ] {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(HeaderName::from_static(name), v);
            }
        }
        WebhookRequest::new(headers, body.as_bytes().to_vec())
    }
}
