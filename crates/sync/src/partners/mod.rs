//! Fulfillment partners: the places that ship orders for the merchant — Amazon Multi-Channel
//! Fulfillment, a third-party logistics warehouse, a drop-ship vendor — behind one small trait.
//!
//! A partner receives hand-offs (one shipment of an order each) and reports what became of
//! them. The app delivers hand-offs through its transactional outbox, so every hand-off may be
//! repeated after a crash or a time-out: each adapter is written so that a repeat finds the
//! first attempt at the partner instead of creating a second order there. Waybill's shipment
//! id (`HandOff::reference`) is the key every partner is given for that.
//!
//! Errors sort like channels' ([`ConnectorError`]): throttling, server trouble and time-outs
//! are retryable; a partner refusing a hand-off is `Rejected`, permanent.

pub mod dropship;
mod escape;
mod files;
mod handoff;
pub mod mcf;
mod rate_limit;
pub mod simulated;
mod status;
pub mod threepl;

pub use handoff::{HandOff, HandOffLine, HandOffReceipt, ShippingSpeed};
pub use rate_limit::UsagePlan;
pub use simulated::SimulatedPartner;
pub use status::{PartnerStatus, ShippedPackage};

use async_trait::async_trait;
use waybill_core::LocationKind;

use crate::connector::ConnectorError;

#[async_trait]
pub trait PartnerAdapter: Send + Sync {
    /// Which kind of location this partner is.
    fn kind(&self) -> LocationKind;

    /// Give the partner one shipment to make. Idempotent by `reference`: a repeat (a retry
    /// after a crash or a time-out) returns the order the first attempt created, with
    /// `already_existed`, and never creates a second one. A partner refusing the shipment is
    /// `ConnectorError::Rejected` (permanent: an unknown SKU, an address it cannot ship to).
    async fn hand_off(&self, handoff: &HandOff) -> Result<HandOffReceipt, ConnectorError>;

    /// What became of the hand-off `reference`; `NotFound` when the partner has no such order.
    async fn status(&self, reference: &str) -> Result<PartnerStatus, ConnectorError>;

    /// Ask the partner not to ship `reference`. A partner that has already started on it
    /// refuses with `Rejected`.
    async fn cancel(&self, reference: &str) -> Result<(), ConnectorError>;

    /// The partner's stock report, `(sku, on hand)`, when it holds the stock, for
    /// reconciliation; `None` when it has no such report.
    async fn inventory(&self) -> Result<Option<Vec<(String, u32)>>, ConnectorError>;

    /// Check that the partner can be reached with the configured credentials.
    async fn test_connection(&self) -> Result<(), ConnectorError>;
}
