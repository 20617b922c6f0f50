//! Waybill's outside world: the connector interface every sales channel implements, and the
//! connectors themselves — Shopify (Admin GraphQL), WooCommerce (REST v3), CSV files for
//! channels without an API, and the simulated demo storefront, which goes through the same
//! interface so the demo workspace exercises exactly the path real channels take.

pub mod connector;
pub mod csv;
pub mod demo;
#[cfg(feature = "fake")]
pub mod fakes;
pub mod http;
mod money;
pub mod outbound;
pub mod partners;
pub mod shopify;
mod signature;
pub mod woocommerce;

pub use connector::{
    CancelReason, Cancellation, Capabilities, Connector, ConnectorError, FetchedPage, Fulfillment,
    FulfillmentLine, FulfillmentRef, IdempotencyKey, StatusMap, StockLevel, StockPushOutcome,
    UnreadableOrder, WebhookError, WebhookEvent, WebhookRequest, WebhookTopic,
};
pub use http::HttpSettings;
pub use partners::{
    HandOff, HandOffLine, HandOffReceipt, PartnerAdapter, PartnerStatus, ShippedPackage,
    ShippingSpeed,
};
pub use signature::sign_base64_hmac_sha256;
