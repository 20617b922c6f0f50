//! WooCommerce REST calls: basic auth with the consumer key and secret (WooCommerce accepts it
//! over HTTPS), JSON bodies, and WordPress's error body (`{"code", "message", "data"}`).

use reqwest::header::HeaderMap;
use reqwest::{Method, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::connector::ConnectorError;
use crate::http::{HttpSettings, error_for_status, read_json, transport_error};

pub(crate) struct RestClient {
    http: reqwest::Client,
    settings: HttpSettings,
    consumer_key: String,
    consumer_secret: String,
}

/// A WordPress REST error body.
#[derive(Debug, Deserialize)]
pub(crate) struct WpError {
    pub code: String,
    pub message: String,
}

fn describe(body: &str) -> Option<String> {
    let e: WpError = serde_json::from_str(body).ok()?;
    Some(format!("{} ({})", e.message, e.code))
}

impl RestClient {
    pub(crate) fn new(
        settings: &HttpSettings,
        consumer_key: String,
        consumer_secret: String,
    ) -> Result<Self, ConnectorError> {
        Ok(Self {
            http: settings.client()?,
            settings: settings.clone(),
            consumer_key,
            consumer_secret,
        })
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Response, ConnectorError> {
        let mut request = self
            .http
            .request(method, self.settings.url(path)?)
            .basic_auth(&self.consumer_key, Some(&self.consumer_secret))
            .query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.map_err(transport_error)
    }

    /// GET `path` → (body, headers).
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(T, HeaderMap), ConnectorError> {
        let response = self.send(Method::GET, path, query, None).await?;
        let response = error_for_status(response, describe).await?;
        let headers = response.headers().clone();
        Ok((read_json(response).await?, headers))
    }

    /// A request with a JSON body → the JSON answer.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> Result<T, ConnectorError> {
        let response = self.send(method, path, &[], Some(body)).await?;
        let response = error_for_status(response, describe).await?;
        read_json(response).await
    }

    /// Like [`Self::get`], but a 404 that means "no such route" (a plugin is not installed) is
    /// `Ok(None)` rather than an error.
    pub(crate) async fn get_if_route<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Option<T>, ConnectorError> {
        let response = self.send(Method::GET, path, &[], None).await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            let body = response.text().await.map_err(transport_error)?;
            return match serde_json::from_str::<WpError>(&body) {
                Ok(e) if e.code == "rest_no_route" => Ok(None),
                Ok(e) => Err(ConnectorError::NotFound(format!(
                    "{} ({})",
                    e.message, e.code
                ))),
                Err(_) => Err(ConnectorError::NotFound(path.to_owned())),
            };
        }
        let response = error_for_status(response, describe).await?;
        Ok(Some(read_json(response).await?))
    }
}

/// An integer response header (`X-WP-Total`, `X-WP-TotalPages`).
pub(crate) fn header_number(headers: &HeaderMap, name: &str) -> Option<u32> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}
