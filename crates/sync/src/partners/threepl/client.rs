//! ShipBob-style REST calls: a bearer token (a personal access token) and the
//! `shipbob_channel_id` header on every request, paced to the account-wide limit, with 429's
//! `x-retry-after` honoured.

use std::time::Duration;

use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::connector::ConnectorError;
use crate::http::retry_after::parse_retry_after;
use crate::http::{HttpSettings, error_for_status, read_json, transport_error};
use crate::partners::rate_limit::{RateLimits, UsagePlan};

/// ShipBob allows 150 requests a minute in a sliding window, across all its APIs: 30 at once,
/// then two a second, never passes 150 in any minute.
const PLAN: UsagePlan = UsagePlan::new(2.0, 30.0);
const OP: &str = "shipbob";

/// The error bodies ShipBob sends: ASP.NET validation problems (`{"errors": {"Field":
/// ["…"]}, "title"}`), `{"message"}`, a bare map of field → messages, a list of messages.
pub(crate) fn describe(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let messages = |v: &Value| -> Vec<String> {
        match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::Array(items) => format!(
                        "{k}: {}",
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {other}"),
                })
                .collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let text = if let Some(errors) = v.get("errors") {
        messages(errors)
    } else if let Some(m) = v.get("message").and_then(Value::as_str) {
        vec![m.to_owned()]
    } else {
        messages(&v)
    };
    let text = text.join("; ");
    (!text.trim().is_empty()).then_some(text)
}

pub(crate) struct RestClient {
    http: reqwest::Client,
    settings: HttpSettings,
    token: String,
    channel_id: String,
    limits: RateLimits,
}

impl RestClient {
    pub fn new(
        settings: &HttpSettings,
        token: String,
        channel_id: String,
        max_pace: Duration,
    ) -> Result<Self, ConnectorError> {
        Ok(Self {
            http: settings.client()?,
            settings: settings.clone(),
            token,
            channel_id,
            limits: RateLimits::new(max_pace),
        })
    }

    /// Sends the request; the raw response whatever its status (callers read some refusals).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Response, ConnectorError> {
        self.limits.acquire(OP, PLAN).await?;
        let mut request = self
            .http
            .request(method, self.settings.url(path)?)
            .bearer_auth(&self.token)
            .header("shipbob_channel_id", &self.channel_id)
            .query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(transport_error)?;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let bucket = self.limits.throttled(OP, PLAN);
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, chrono::Utc::now()))
            };
            let retry_after = header("x-retry-after")
                .or_else(|| header("retry-after"))
                .unwrap_or(bucket);
            return Err(ConnectorError::Throttled {
                retry_after: Some(retry_after),
            });
        }
        Ok(response)
    }

    /// A 2xx answer read as JSON; anything else as the error its status means.
    pub async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<T, ConnectorError> {
        let response = self.raw(method, path, query, body).await?;
        read_json(error_for_status(response, describe).await?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipbob_error_bodies_read_in_each_of_their_shapes() {
        assert_eq!(
            describe(r#"{"errors":{"Recipient.Address.Country":["The Country field is required."]},"title":"One or more validation errors occurred.","status":400}"#).unwrap(),
            "Recipient.Address.Country: The Country field is required."
        );
        assert_eq!(
            describe(
                r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 25 seconds."}"#
            )
            .unwrap(),
            "Rate limit is exceeded. Try again in 25 seconds."
        );
        assert_eq!(
            describe(r#"["Duplicate reference id"]"#).unwrap(),
            "Duplicate reference id"
        );
        assert_eq!(describe("<html>"), None);
    }
}
