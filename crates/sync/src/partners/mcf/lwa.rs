//! Login with Amazon: a refresh token traded for an hour-long access token, cached until
//! shortly before it expires and renewed once when the SP-API says it is no longer good.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, Url};
use serde::Deserialize;

use crate::connector::ConnectorError;
use crate::http::{HttpSettings, error_for_status, read_json, transport_error};

/// Renew this long before Amazon's stated expiry, so a token never expires mid-request.
const MARGIN: Duration = Duration::from_secs(60);

pub(crate) struct Lwa {
    http: reqwest::Client,
    endpoint: Url,
    client_id: String,
    client_secret: String,
    refresh_token: String,
    cached: tokio::sync::Mutex<Option<Token>>,
}

#[derive(Clone)]
struct Token {
    value: String,
    expires_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct LwaError {
    error: String,
    #[serde(default)]
    error_description: String,
}

fn describe(body: &str) -> Option<String> {
    let e: LwaError = serde_json::from_str(body).ok()?;
    Some(format!("{} ({})", e.error_description, e.error))
}

impl Lwa {
    pub fn new(
        settings: &HttpSettings,
        client_id: String,
        client_secret: String,
        refresh_token: String,
    ) -> Result<Self, ConnectorError> {
        Ok(Self {
            http: settings.client()?,
            endpoint: settings.url("auth/o2/token")?,
            client_id,
            client_secret,
            refresh_token,
            cached: tokio::sync::Mutex::new(None),
        })
    }

    /// A token good for at least another minute: the cached one, or a fresh one.
    pub async fn token(&self) -> Result<String, ConnectorError> {
        let mut cached = self.cached.lock().await;
        if let Some(t) = cached.as_ref()
            && Instant::now() + MARGIN < t.expires_at
        {
            return Ok(t.value.clone());
        }
        let fresh = self.fetch().await?;
        *cached = Some(fresh.clone());
        Ok(fresh.value)
    }

    /// The SP-API refused `rejected`: a new token, unless another request already renewed it.
    pub async fn renew(&self, rejected: &str) -> Result<String, ConnectorError> {
        let mut cached = self.cached.lock().await;
        if let Some(t) = cached.as_ref()
            && t.value != rejected
        {
            return Ok(t.value.clone());
        }
        let fresh = self.fetch().await?;
        *cached = Some(fresh.clone());
        Ok(fresh.value)
    }

    async fn fetch(&self) -> Result<Token, ConnectorError> {
        let form = form_body(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &self.refresh_token),
            ("client_id", &self.client_id),
            ("client_secret", &self.client_secret),
        ]);
        let response = self
            .http
            .post(self.endpoint.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded;charset=UTF-8",
            )
            .body(form)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let response = error_for_status(response, describe)
            .await
            .map_err(|e| match e {
                // LWA answers a bad refresh token or client with 400 `invalid_grant` or
                // `invalid_client`: credentials, not a request to fix.
                ConnectorError::Rejected(m) if status == StatusCode::BAD_REQUEST => {
                    ConnectorError::Unauthorized(format!("Login with Amazon: {m}"))
                }
                ConnectorError::Unauthorized(m) => {
                    ConnectorError::Unauthorized(format!("Login with Amazon: {m}"))
                }
                other => other,
            })?;
        let token: TokenResponse = read_json(response).await?;
        tracing::debug!(expires_in = token.expires_in, "new Login with Amazon token");
        Ok(Token {
            value: token.access_token,
            expires_at: Instant::now() + Duration::from_secs(token.expires_in),
        })
    }
}

/// `application/x-www-form-urlencoded`, encoded by the URL crate's query serializer.
fn form_body(pairs: &[(&str, &str)]) -> String {
    let Ok(mut url) = Url::parse("http://form.invalid/") else {
        return String::new();
    };
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_request_is_form_encoded() {
        assert_eq!(
            form_body(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "Atzr|a+b/c=")
            ]),
            "grant_type=refresh_token&refresh_token=Atzr%7Ca%2Bb%2Fc%3D"
        );
    }
}
