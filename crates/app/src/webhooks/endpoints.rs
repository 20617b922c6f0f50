//! The endpoints a person subscribes to Waybill's events: add (with a secret made here unless
//! one is given), list, remove, disable and enable. Refusals start with the field they are
//! about (`url: …`, `events: …`), like the channels' forms.

use serde::Serialize;
use waybill_core::webhook::WebhookEventType;
use waybill_core::{Actor, WebhookEndpointId};
use waybill_store::{NewWebhookEndpoint, WebhookEndpoint};
use waybill_sync::outbound::WebhookSecret;

use crate::{App, AppError};

/// A new endpoint and its secret, shown this once.
#[derive(Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddedEndpoint {
    pub endpoint: WebhookEndpoint,
    pub secret: String,
}

impl std::fmt::Debug for AddedEndpoint {
    // The signing secret is for the person who added the endpoint, never for a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddedEndpoint")
            .field("endpoint", &self.endpoint)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// Only `http` and `https` URLs with a host: anything else is a typo or not ours to call.
fn check_url(url: &str) -> Result<String, AppError> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            AppError::invalid(format!("url: `{url}` is not an http:// or https:// URL"))
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(AppError::invalid(format!(
            "url: `{url}` is not a usable URL"
        )));
    }
    Ok(url.to_owned())
}

impl App {
    /// Subscribes `url` to `events` (`order.shipped,order.held`). A secret given must be
    /// `whsec_<base64>`; without one a random secret is made. Returns the secret once.
    pub async fn add_webhook_endpoint(
        &self,
        url: &str,
        events: &str,
        secret: Option<&str>,
    ) -> Result<AddedEndpoint, AppError> {
        let url = check_url(url)?;
        let events = WebhookEventType::parse_list(events)
            .map_err(|e| AppError::invalid(format!("events: {e}")))?;
        let secret = match secret {
            Some(s) => {
                WebhookSecret::parse(s).map_err(|e| AppError::invalid(format!("secret: {e}")))?
            }
            None => WebhookSecret::generate(),
        };
        let id = WebhookEndpointId::new();
        // The signing key goes to the credential store like channel secrets; the database
        // keeps an empty column (rows made before this kept theirs there, and still sign).
        self.credentials
            .set_endpoint_secret(&id, &crate::credentials::Secret::new(secret.expose()))?;
        let new = NewWebhookEndpoint {
            id,
            url,
            secret: String::new(),
            events,
            created_at: self.now(),
        };
        let mut tx = self.store.begin().await?;
        let inserted = tx.insert_webhook_endpoint(&new).await;
        let committed = match inserted {
            Ok(()) => tx.commit().await,
            Err(e) => Err(e),
        };
        if let Err(e) = committed {
            let _ = self.credentials.delete_endpoint_secret(&new.id);
            return Err(e.into());
        }
        let endpoint = self
            .store
            .webhook_endpoint(&new.id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("webhook endpoint {}", new.id)))?;
        tracing::info!(endpoint = %new.id, "webhook endpoint added");
        Ok(AddedEndpoint {
            endpoint,
            secret: secret.expose(),
        })
    }

    /// Every endpoint, oldest first (without secrets).
    pub async fn webhook_endpoints(&self) -> Result<Vec<WebhookEndpoint>, AppError> {
        Ok(self.store.webhook_endpoints().await?)
    }

    /// Removes an endpoint and what was still owed to it; returns how many undelivered
    /// messages were dropped with it.
    pub async fn remove_webhook_endpoint(&self, id: &WebhookEndpointId) -> Result<u64, AppError> {
        let mut tx = self.store.begin().await?;
        let dropped = tx
            .delete_webhook_endpoint(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("webhook endpoint {id}")))?;
        tx.commit().await?;
        if let Err(e) = self.credentials.delete_endpoint_secret(id) {
            tracing::warn!(endpoint = %id, error = %e.message, "the endpoint's secret stayed in the credential store");
        }
        tracing::info!(endpoint = %id, dropped, "webhook endpoint removed");
        Ok(dropped)
    }
}

impl App {
    /// Sends to a disabled endpoint again; the messages that waited for it go out with the
    /// outbox's next run (the one it answered 410 to is dead: retry it from the outbox).
    pub async fn enable_webhook_endpoint(&self, id: &WebhookEndpointId) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        if !tx.enable_webhook_endpoint(id).await? {
            return Err(AppError::not_found(format!("webhook endpoint {id}")));
        }
        tx.commit().await?;
        tracing::info!(endpoint = %id, "webhook endpoint enabled");
        Ok(())
    }

    /// Stops sending to an endpoint (its receiver is down for maintenance, or moving): nothing
    /// new is owed to it while disabled, and what it is owed waits until it is enabled again.
    /// The reason shown is who disabled it.
    pub async fn disable_webhook_endpoint(
        &self,
        id: &WebhookEndpointId,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        if !tx
            .disable_webhook_endpoint(id, &format!("disabled by {actor}"))
            .await?
        {
            return Err(AppError::not_found(format!("webhook endpoint {id}")));
        }
        tx.commit().await?;
        tracing::info!(endpoint = %id, %actor, "webhook endpoint disabled");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host_are_endpoints() {
        assert!(check_url("https://hooks.example.com/waybill").is_ok());
        assert!(check_url("http://127.0.0.1:9000").is_ok());
        assert!(check_url("ftp://example.com").is_err());
        assert!(check_url("https:///path").is_err());
        assert!(check_url("https://exa mple.com").is_err());
    }
}
