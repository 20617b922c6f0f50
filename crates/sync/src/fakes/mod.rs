//! In-process fake Shopify and WooCommerce servers (wiremock on 127.0.0.1, a free port each),
//! replaying the documented payloads under `tests/fixtures/`; stateful fakes of the fulfillment
//! partners (Amazon MCF with Login with Amazon, a ShipBob-style 3PL); an SMTP sink.
//!
//! They exist so connectors are tested against the real wire shapes — pages, throttling,
//! errors, malformed bodies — without a network, and so the sync engine's process-level tests
//! can reuse the same fakes (enable this crate's `fake` feature). Each fake is one server per
//! test; scenarios are mounted with small methods that say what the channel does.

pub mod fixtures;
mod handoff;
mod mcf;
mod shopify;
mod smtp;
mod threepl;
mod woocommerce;

pub use handoff::sample_handoff;
pub use mcf::FakeMcf;
pub use shopify::FakeShopify;
pub use smtp::{ReceivedMail, SmtpSink};
pub use threepl::FakeThreePl;
pub use woocommerce::FakeWooCommerce;

pub use wiremock;

/// A short client time-out for tests that exercise time-outs, and a generous one for the rest
/// (a loaded CI machine can be slow to answer even in-process).
pub const SHORT_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(300);
pub const TEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a slow answer takes in time-out tests: well past [`SHORT_TIMEOUT`].
pub const SLOW: std::time::Duration = std::time::Duration::from_secs(2);

/// Parses a fixture; the fixtures are checked in and valid, so a failure is a broken checkout.
pub fn json(fixture: &str) -> serde_json::Value {
    serde_json::from_str(fixture).unwrap_or(serde_json::Value::Null)
}
