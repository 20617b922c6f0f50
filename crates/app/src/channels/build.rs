//! A connector from a channel's stored settings and the secrets in the credential store.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_store::ChannelConfig;
use waybill_sync::shopify::{ShopifyConfig, ShopifyConnector};
use waybill_sync::woocommerce::{WooCommerceConfig, WooCommerceConnector};
use waybill_sync::{Connector, HttpSettings};

use super::forms::{parse_start, shop_url};
use crate::credentials::Secret;
use crate::demo::DemoWorkspace;
use crate::sync::connector_error;
use crate::{App, AppError, ErrorCode};

/// A whole-request time-out that suits a busy shop's big page.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Orders fetched by the first sync when no `start_from` was given: this far back.
pub(super) const FIRST_SYNC_DAYS: i64 = 30;

/// What a connector is built from: stored settings, and a way to read the channel's secrets.
pub(super) struct Parts<'a> {
    pub kind: ChannelKind,
    pub settings: &'a BTreeMap<String, String>,
    pub secret: &'a dyn Fn(&str) -> Result<Option<Secret>, AppError>,
    /// Where the first sync starts when the settings do not say.
    pub start_default: DateTime<Utc>,
    /// Orders per page (1 for a connection check), when not set.
    pub page_size: Option<u32>,
}

fn number(settings: &BTreeMap<String, String>, key: &str) -> Option<u32> {
    settings.get(key).and_then(|v| v.parse().ok())
}

fn required(parts: &Parts<'_>, key: &str) -> Result<Secret, AppError> {
    (parts.secret)(key)?.ok_or_else(|| {
        AppError::invalid(format!(
            "{key}: not in the credential store; enter the channel's {key} again"
        ))
    })
}

fn optional(parts: &Parts<'_>, key: &str) -> Result<Option<String>, AppError> {
    Ok((parts.secret)(key)?.map(|s| s.expose().to_owned()))
}

/// Builds the connector `parts` describe.
pub(super) fn connector(parts: &Parts<'_>) -> Result<Arc<dyn Connector>, AppError> {
    let s = parts.settings;
    let timeout = number(s, "timeout_secs").map_or(HTTP_TIMEOUT, |n| Duration::from_secs(n.into()));
    let start = s
        .get("start_from")
        .and_then(|v| parse_start(v))
        .unwrap_or(parts.start_default);
    let page_size = parts.page_size.or_else(|| number(s, "page_size"));
    match parts.kind {
        ChannelKind::Shopify => {
            let base = match (s.get("base_url"), s.get("shop_domain")) {
                (Some(b), _) => b.clone(),
                (None, Some(d)) => shop_url(d),
                (None, None) => {
                    return Err(AppError::invalid("shop_domain: Shop domain is required"));
                }
            };
            let http = HttpSettings::new(&base, timeout).map_err(|e| connector_error(&e))?;
            let mut config =
                ShopifyConfig::new(http, required(parts, "access_token")?.expose(), start);
            config.webhook_secret = optional(parts, "webhook_secret")?;
            config.location_id = s.get("location_id").cloned();
            if let Some(n) = page_size {
                config.page_size = n;
            }
            let c = ShopifyConnector::new(config).map_err(|e| connector_error(&e))?;
            Ok(Arc::new(c))
        }
        ChannelKind::WooCommerce => {
            let base = s
                .get("base_url")
                .ok_or_else(|| AppError::invalid("base_url: Site URL is required"))?;
            let http = HttpSettings::new(base, timeout).map_err(|e| connector_error(&e))?;
            let mut config = WooCommerceConfig::new(
                http,
                required(parts, "consumer_key")?.expose(),
                required(parts, "consumer_secret")?.expose(),
                start,
            );
            config.webhook_secret = optional(parts, "webhook_secret")?;
            if let Some(n) = page_size {
                config.page_size = n;
            }
            let c = WooCommerceConnector::new(config).map_err(|e| connector_error(&e))?;
            Ok(Arc::new(c))
        }
        ChannelKind::Csv => Err(AppError::new(
            ErrorCode::NotAllowed,
            "a CSV channel takes orders from files: use import",
        )),
        ChannelKind::Demo | ChannelKind::AmazonSeller => Err(AppError::new(
            ErrorCode::NotAllowed,
            format!("{} channels have no connector here", parts.kind.as_str()),
        )),
    }
}

impl App {
    /// The connector for `channel` as configured on this machine, or why there is none.
    /// `page_size` overrides the configured one (a connection check asks for one order).
    pub(crate) fn connector_for(
        &self,
        channel: &Channel,
        config: Option<&ChannelConfig>,
        demo: Option<&DemoWorkspace>,
        page_size: Option<u32>,
    ) -> Result<Arc<dyn Connector>, AppError> {
        if let Some(ws) = demo
            && channel.kind == ChannelKind::Demo
            && ws.storefront == channel.id
        {
            return Ok(Arc::new(crate::demo::storefront(self, ws)));
        }
        if channel.kind == ChannelKind::Csv {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "channel {} ({}) takes orders from files: use `waybill import`",
                    channel.name, channel.id
                ),
            ));
        }
        let Some(config) = config else {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "channel {} ({}) is not configured on this machine: no settings are stored",
                    channel.name, channel.id
                ),
            ));
        };
        let id: ChannelId = channel.id.clone();
        let credentials = self.credentials.clone();
        let secret = move |key: &str| credentials.get(&id, key);
        connector(&Parts {
            kind: channel.kind,
            settings: &config.settings,
            secret: &secret,
            start_default: channel.created_at - chrono::Duration::days(FIRST_SYNC_DAYS),
            page_size,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn connector_configurations_never_print_their_secrets() {
        let http = HttpSettings::new("https://acme.myshopify.com", HTTP_TIMEOUT).unwrap();
        let mut shop = ShopifyConfig::new(http.clone(), "shpat_printed?", Utc::now());
        shop.webhook_secret = Some("whsec_printed?".into());
        let mut woo = WooCommerceConfig::new(http, "ck_printed?", "cs_printed?", Utc::now());
        woo.webhook_secret = Some("wh_printed?".into());
        let text = format!("{shop:?} {woo:?}");
        assert!(!text.contains("printed?"), "{text}");
        assert!(
            text.contains("acme.myshopify.com"),
            "the rest is still shown"
        );
    }
}
