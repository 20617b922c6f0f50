//! POSTing one signed message and sorting how it went: delivered (2xx), gone for good (410: the
//! receiver says stop), worth another try (429, 5xx, time-outs, no connection; with the wait the
//! receiver asked for), or refused (any other status: a person has to look).

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;

use super::signing::{WebhookSecret, sign};
use crate::http::retry_after::parse_retry_after;

/// Why a delivery did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    #[error("the endpoint is gone (HTTP 410): it asks not to be sent anything more")]
    Gone,
    #[error("the endpoint asks us to slow down (HTTP 429)")]
    Throttled { retry_after: Option<Duration> },
    #[error("the endpoint had a server error (HTTP {status})")]
    Server {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("the endpoint did not answer in time: {0}")]
    Timeout(String),
    #[error("the endpoint could not be reached: {0}")]
    Unreachable(String),
    #[error("the endpoint refused the message (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("the endpoint's URL cannot be used: {0}")]
    BadUrl(String),
}

impl DeliveryError {
    /// Whether the same message may be accepted later without anyone changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            DeliveryError::Throttled { .. }
                | DeliveryError::Server { .. }
                | DeliveryError::Timeout(_)
                | DeliveryError::Unreachable(_)
        )
    }

    /// How long the endpoint asked us to wait (`Retry-After`), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::Throttled { retry_after }
            | DeliveryError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Sends webhook messages; one client (and its connection pool) for every endpoint.
#[derive(Debug, Clone)]
pub struct WebhookSender {
    client: reqwest::Client,
}

impl WebhookSender {
    /// A sender whose requests give up after `timeout`. Redirects are not followed: a message
    /// goes only where a person pointed it.
    pub fn new(timeout: Duration) -> Result<WebhookSender, DeliveryError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Waybill-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DeliveryError::BadUrl(format!("HTTP client: {e}")))?;
        Ok(WebhookSender { client })
    }

    /// POSTs `body` to `url`, signed for this attempt at `now`.
    pub async fn send(
        &self,
        url: &str,
        id: &str,
        body: &str,
        secret: &WebhookSecret,
        now: DateTime<Utc>,
    ) -> Result<(), DeliveryError> {
        let url = reqwest::Url::parse(url).map_err(|e| DeliveryError::BadUrl(e.to_string()))?;
        let timestamp = now.timestamp();
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                sign(secret, id, timestamp, body.as_bytes()),
            )
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    DeliveryError::Timeout(e.to_string())
                } else {
                    DeliveryError::Unreachable(e.to_string())
                }
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, now));
        Err(match status {
            StatusCode::GONE => DeliveryError::Gone,
            StatusCode::TOO_MANY_REQUESTS => DeliveryError::Throttled { retry_after },
            StatusCode::REQUEST_TIMEOUT => DeliveryError::Timeout(format!("HTTP {status}")),
            s if s.is_server_error() => DeliveryError::Server {
                status: s.as_u16(),
                retry_after,
            },
            s => {
                let text = response.text().await.unwrap_or_default();
                let message: String = text.trim().chars().take(200).collect();
                DeliveryError::Rejected {
                    status: s.as_u16(),
                    message: if message.is_empty() {
                        s.canonical_reason().unwrap_or("refused").to_owned()
                    } else {
                        message
                    },
                }
            }
        })
    }
}
