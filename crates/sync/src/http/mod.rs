//! The HTTP plumbing every API connector shares: one reqwest client per connector with a
//! time-out, and one place that turns transport failures and HTTP statuses into
//! [`ConnectorError`]s, so every channel sorts retryable from permanent the same way.

mod classify;
pub(crate) mod retry_after;

pub(crate) use classify::{error_for_status, transport_error};

use std::time::Duration;

use reqwest::Url;

use crate::connector::ConnectorError;

/// Where a channel's API lives and how long to wait for it.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// The API's base URL (`https://shop.myshopify.com`, `https://example.com`); tests point it
    /// at a fake server.
    pub base_url: Url,
    /// Whole-request time-out. Short in tests, generous in production (a busy shop answers a
    /// 250-order page slowly).
    pub timeout: Duration,
}

impl HttpSettings {
    /// `base_url` parsed; a base without a trailing slash still joins paths under it.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ConnectorError> {
        let mut base_url = Url::parse(base_url)
            .map_err(|e| ConnectorError::Config(format!("base URL `{base_url}`: {e}")))?;
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        Ok(Self { base_url, timeout })
    }

    /// `path` (without a leading slash) under the base URL.
    pub(crate) fn url(&self, path: &str) -> Result<Url, ConnectorError> {
        self.base_url
            .join(path.trim_start_matches('/'))
            .map_err(|e| ConnectorError::Config(format!("URL for `{path}`: {e}")))
    }

    pub(crate) fn client(&self) -> Result<reqwest::Client, ConnectorError> {
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("Waybill/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConnectorError::Config(format!("HTTP client: {e}")))
    }
}

/// Reads a successful response's body as JSON of type `T`; a body that is not is `Malformed`.
pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
) -> Result<T, ConnectorError> {
    let bytes = response.bytes().await.map_err(transport_error)?;
    serde_json::from_slice(&bytes).map_err(|e| ConnectorError::Malformed(format!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_with_a_path_keeps_it_when_joined() {
        let s = HttpSettings::new("http://127.0.0.1:9/shop", Duration::from_secs(1)).unwrap();
        assert_eq!(
            s.url("/wp-json/wc/v3/orders").unwrap().as_str(),
            "http://127.0.0.1:9/shop/wp-json/wc/v3/orders"
        );
    }

    #[test]
    fn a_base_url_that_is_not_one_is_a_config_error() {
        assert!(matches!(
            HttpSettings::new("not a url", Duration::from_secs(1)),
            Err(ConnectorError::Config(_))
        ));
    }
}
