//! Sales channels: where orders come from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::ChannelId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// The simulated storefront of the demo workspace.
    Demo,
    Shopify,
    WooCommerce,
    AmazonSeller,
    Csv,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Demo => "demo",
            ChannelKind::Shopify => "shopify",
            ChannelKind::WooCommerce => "woo_commerce",
            ChannelKind::AmazonSeller => "amazon_seller",
            ChannelKind::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Demo,
            Self::Shopify,
            Self::WooCommerce,
            Self::AmazonSeller,
            Self::Csv,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// `Channel` is taken by Tauri's IPC channel type in the generated bindings.
#[serde(rename = "SalesChannel")]
pub struct Channel {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
    pub created_at: DateTime<Utc>,
}
