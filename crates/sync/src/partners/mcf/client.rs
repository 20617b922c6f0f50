//! SP-API calls: the LWA token in `x-amz-access-token`, each operation paced to its usage
//! plan, one renewal when Amazon says the token is no longer good, and SP-API error bodies
//! (`{"errors": [{"code", "message", "details"}]}`) turned into [`ConnectorError`]s.

use std::time::Duration;

use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::lwa::Lwa;
use super::model::ApiErrors;
use crate::connector::ConnectorError;
use crate::http::retry_after::parse_retry_after;
use crate::http::{HttpSettings, error_for_status, read_json, transport_error};
use crate::partners::rate_limit::{RateLimits, UsagePlan};

/// An SP-API operation and its default usage plan, as the API models publish them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    pub name: &'static str,
    pub plan: UsagePlan,
}

pub(crate) const PREVIEW: Op = Op {
    name: "getFulfillmentPreview",
    plan: UsagePlan::new(2.0, 30.0),
};
pub(crate) const CREATE: Op = Op {
    name: "createFulfillmentOrder",
    plan: UsagePlan::new(2.0, 30.0),
};
pub(crate) const GET: Op = Op {
    name: "getFulfillmentOrder",
    plan: UsagePlan::new(2.0, 30.0),
};
pub(crate) const CANCEL: Op = Op {
    name: "cancelFulfillmentOrder",
    plan: UsagePlan::new(2.0, 30.0),
};
pub(crate) const FEATURES: Op = Op {
    name: "getFeatures",
    plan: UsagePlan::new(2.0, 30.0),
};
pub(crate) const INVENTORY: Op = Op {
    name: "getInventorySummaries",
    plan: UsagePlan::new(2.0, 2.0),
};

pub(crate) fn describe(body: &str) -> Option<String> {
    let errors: ApiErrors = serde_json::from_str(body).ok()?;
    let text: Vec<String> = errors
        .errors
        .iter()
        .map(
            |e| match e.details.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(d) => format!("{} ({}): {d}", e.message, e.code),
                None => format!("{} ({})", e.message, e.code),
            },
        )
        .collect();
    (!text.is_empty()).then(|| text.join("; "))
}

/// A 403 that a fresh token may cure: an expired, revoked or missing access token. Amazon
/// words these as code `Unauthorized` (details: "The access token you provided has expired.")
/// or names the token; a 403 for a missing role looks the same, and one renewal costs little.
fn token_problem(body: &str) -> bool {
    let Ok(errors) = serde_json::from_str::<ApiErrors>(body) else {
        return false;
    };
    errors.errors.iter().any(|e| {
        let all = format!(
            "{} {} {}",
            e.code,
            e.message,
            e.details.as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        e.code == "Unauthorized" || all.contains("token")
    })
}

pub(crate) struct SpApi {
    http: reqwest::Client,
    settings: HttpSettings,
    lwa: Lwa,
    limits: RateLimits,
}

impl SpApi {
    pub fn new(
        settings: &HttpSettings,
        lwa: Lwa,
        max_pace: Duration,
    ) -> Result<Self, ConnectorError> {
        Ok(Self {
            http: settings.client()?,
            settings: settings.clone(),
            lwa,
            limits: RateLimits::new(max_pace),
        })
    }

    /// A fresh or cached token: what `test_connection` checks first.
    pub async fn token(&self) -> Result<String, ConnectorError> {
        self.lwa.token().await
    }

    async fn attempt(
        &self,
        op: Op,
        method: &Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        token: &str,
    ) -> Result<Response, ConnectorError> {
        self.limits.acquire(op.name, op.plan).await?;
        let mut request = self
            .http
            .request(method.clone(), self.settings.url(path)?)
            .header("x-amz-access-token", token)
            .query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.map_err(transport_error)
    }

    /// Sends the request and returns a 2xx response; renews the token once on a 403 about it.
    pub async fn send(
        &self,
        op: Op,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Response, ConnectorError> {
        let token = self.lwa.token().await?;
        let response = self.attempt(op, &method, path, query, body, &token).await?;
        let response = if response.status() == StatusCode::FORBIDDEN {
            let text = response.text().await.map_err(transport_error)?;
            if !token_problem(&text) {
                return Err(ConnectorError::Unauthorized(
                    describe(&text).unwrap_or_else(|| "HTTP 403 Forbidden".into()),
                ));
            }
            tracing::info!(
                op = op.name,
                "SP-API refused the access token; renewing it once"
            );
            let token = self.lwa.renew(&token).await?;
            self.attempt(op, &method, path, query, body, &token).await?
        } else {
            response
        };
        self.check(op, response).await
    }

    async fn check(&self, op: Op, response: Response) -> Result<Response, ConnectorError> {
        let reported_rate = response
            .headers()
            .get("x-amzn-RateLimit-Limit")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|r| r.is_finite() && *r > 0.0);
        if let Some(rate) = reported_rate {
            self.limits.observe_rate(op.name, op.plan, rate);
        }
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let bucket_wait = self.limits.throttled(op.name, op.plan);
            // Amazon's own word first (Retry-After), then one request's worth of the rate it
            // reports, then our bucket's idea of it.
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, chrono::Utc::now()))
                .or_else(|| reported_rate.map(|r| Duration::from_secs_f64(1.0 / r)))
                .unwrap_or(bucket_wait);
            tracing::info!(
                op = op.name,
                wait_ms = retry_after.as_millis(),
                "SP-API throttled"
            );
            return Err(ConnectorError::Throttled {
                retry_after: Some(retry_after),
            });
        }
        error_for_status(response, describe).await
    }

    /// [`Self::send`] and the answer as JSON.
    pub async fn json<T: DeserializeOwned>(
        &self,
        op: Op,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<T, ConnectorError> {
        read_json(self.send(op, method, path, query, body).await?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp_api_errors_read_as_message_code_and_details() {
        let body = r#"{"errors":[{"code":"InvalidInput","message":"the SellerSKU for Item Id: 1 is invalid.","details":""}]}"#;
        assert_eq!(
            describe(body).unwrap(),
            "the SellerSKU for Item Id: 1 is invalid. (InvalidInput)"
        );
        assert!(!token_problem(body));
        let expired = r#"{"errors":[{"code":"Unauthorized","message":"Access to requested resource is denied.","details":"The access token you provided has expired."}]}"#;
        assert!(token_problem(expired));
        assert!(!token_problem("<html>Forbidden</html>"));
    }
}
