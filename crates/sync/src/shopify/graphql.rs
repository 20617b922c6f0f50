//! One GraphQL round trip to the Admin API: auth header, the response envelope, and Shopify's
//! two throttling styles.
//!
//! Shopify meters GraphQL by query cost in a leaky bucket. A request that does not fit comes
//! back as HTTP 200 with a `THROTTLED` error and the bucket's state in `extensions.cost`; other
//! limits answer HTTP 429 with `Retry-After`. Both become `Throttled` with the wait Shopify
//! implies. The bucket state of every answer is also kept, so the next request waits (briefly)
//! for enough points instead of spending a round trip on a refusal.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::throttle::Bucket;
use crate::connector::ConnectorError;
use crate::http::{HttpSettings, error_for_status, read_json, transport_error};

/// The Admin API version every query here is written against. 2026-04 is the first version in
/// which `inventorySetQuantities` takes `changeFromQuantity` per quantity and requires the
/// `@idempotent` directive; Shopify supports a stable version for twelve months.
pub const API_VERSION: &str = "2026-04";

pub(crate) struct GraphqlClient {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    access_token: String,
    /// Longest wait for the cost bucket before a request; longer waits are returned as
    /// `Throttled` for the caller to schedule.
    max_pace: Duration,
    bucket: Mutex<Option<Bucket>>,
    /// Last requested cost per operation: what the next call of it will likely need.
    costs: Mutex<HashMap<&'static str, f64>>,
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GraphqlError>,
    extensions: Option<Extensions>,
}

#[derive(Deserialize)]
struct GraphqlError {
    message: String,
    extensions: Option<ErrorExtensions>,
}

#[derive(Deserialize)]
struct ErrorExtensions {
    code: Option<String>,
}

#[derive(Deserialize)]
struct Extensions {
    cost: Option<Cost>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cost {
    requested_query_cost: f64,
    throttle_status: ThrottleStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThrottleStatus {
    maximum_available: f64,
    currently_available: f64,
    restore_rate: f64,
}

/// Shopify's REST-style error body (`{"errors": "[API] Invalid API key …"}`) on 401/403/5xx.
fn describe(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    match v.get("errors")? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl GraphqlClient {
    pub(crate) fn new(
        settings: &HttpSettings,
        access_token: String,
        max_pace: Duration,
    ) -> Result<Self, ConnectorError> {
        Ok(Self {
            http: settings.client()?,
            endpoint: settings.url(&format!("admin/api/{API_VERSION}/graphql.json"))?,
            access_token,
            max_pace,
            bucket: Mutex::new(None),
            costs: Mutex::new(HashMap::new()),
        })
    }

    /// Runs `document` (whose operation is named `operation`) and returns its `data`.
    pub(crate) async fn run<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        document: &str,
        variables: Value,
    ) -> Result<T, ConnectorError> {
        self.pace(operation).await?;
        let body = json!({ "query": document, "operationName": operation, "variables": variables });
        let response = self
            .http
            .post(self.endpoint.clone())
            .header("X-Shopify-Access-Token", &self.access_token)
            .json(&body)
            .send()
            .await
            .map_err(transport_error)?;
        let response = error_for_status(response, describe).await?;
        let envelope: Envelope<T> = read_json(response).await?;
        let throttled_wait = envelope
            .extensions
            .as_ref()
            .and_then(|e| e.cost.as_ref())
            .map(|cost| self.remember(operation, cost));
        if let Some(error) = envelope.errors.first() {
            let code = error
                .extensions
                .as_ref()
                .and_then(|e| e.code.as_deref())
                .unwrap_or_default();
            return Err(match code {
                "THROTTLED" => ConnectorError::Throttled {
                    retry_after: throttled_wait,
                },
                "ACCESS_DENIED" | "UNAUTHORIZED" => {
                    ConnectorError::Unauthorized(error.message.clone())
                }
                "INTERNAL_SERVER_ERROR" => ConnectorError::Server {
                    status: 200,
                    message: error.message.clone(),
                },
                _ => ConnectorError::Rejected(error.message.clone()),
            });
        }
        envelope
            .data
            .ok_or_else(|| ConnectorError::Malformed("a GraphQL answer without data".into()))
    }

    /// Stores the bucket state and the operation's cost; returns how long until a request of
    /// that cost fits (what a `THROTTLED` answer means).
    fn remember(&self, operation: &'static str, cost: &Cost) -> Duration {
        let bucket = Bucket {
            maximum: cost.throttle_status.maximum_available,
            available: cost.throttle_status.currently_available,
            restore_rate: cost.throttle_status.restore_rate,
            at: Instant::now(),
        };
        let wait = bucket.wait_for(cost.requested_query_cost, bucket.at);
        if let Ok(mut b) = self.bucket.lock() {
            *b = Some(bucket);
        }
        if let Ok(mut c) = self.costs.lock() {
            c.insert(operation, cost.requested_query_cost);
        }
        wait
    }

    /// Waits until the bucket likely holds what `operation` cost last time.
    async fn pace(&self, operation: &'static str) -> Result<(), ConnectorError> {
        let cost = self
            .costs
            .lock()
            .ok()
            .and_then(|c| c.get(operation).copied());
        let bucket = self.bucket.lock().ok().and_then(|b| *b);
        let (Some(cost), Some(bucket)) = (cost, bucket) else {
            return Ok(());
        };
        let wait = bucket.wait_for(cost, Instant::now());
        if wait.is_zero() {
            Ok(())
        } else if wait <= self.max_pace {
            tracing::debug!(
                operation,
                wait_ms = wait.as_millis(),
                "waiting for Shopify's cost bucket"
            );
            tokio::time::sleep(wait).await;
            Ok(())
        } else {
            Err(ConnectorError::Throttled {
                retry_after: Some(wait),
            })
        }
    }
}
