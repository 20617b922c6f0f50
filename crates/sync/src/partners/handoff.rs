//! What Waybill gives a partner: one shipment of an order, and the partner's receipt for it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::Address;

/// One shipment of an order handed to a partner. Serializable, so the outbox can keep it as
/// the payload of the effect that delivers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOff {
    /// Waybill's shipment id (`ord_…-2`): the idempotency key at the partner (MCF's
    /// `sellerFulfillmentOrderId`, the 3PL's `reference_id`, the drop-ship PO number).
    pub reference: String,
    /// What people call the order (`#1001`), printed on packing slips and POs.
    pub order_number: String,
    pub placed_at: DateTime<Utc>,
    pub ship_to: Address,
    pub recipient: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lines: Vec<HandOffLine>,
    pub speed: ShippingSpeed,
    /// A note for the packing slip or the vendor.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOffLine {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    /// Minor units of `currency`.
    pub unit_price: i64,
    pub currency: String,
}

/// How fast the shipment should travel; each partner maps it onto its own service names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShippingSpeed {
    Standard,
    Expedited,
    Priority,
}

impl ShippingSpeed {
    pub fn as_str(self) -> &'static str {
        match self {
            ShippingSpeed::Standard => "Standard",
            ShippingSpeed::Expedited => "Expedited",
            ShippingSpeed::Priority => "Priority",
        }
    }
}

/// The partner's answer to a hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOffReceipt {
    /// The partner's own id for the order (for MCF, which has none, the reference itself).
    pub partner_ref: String,
    /// The partner already had this hand-off from an earlier attempt: nothing new was created.
    pub already_existed: bool,
}

impl HandOff {
    /// The phone to give the carrier: the hand-off's own, else the address's.
    pub(crate) fn phone(&self) -> Option<&str> {
        self.phone
            .as_deref()
            .or(self.ship_to.phone.as_deref())
            .filter(|p| !p.trim().is_empty())
    }

    /// Units per SKU, in first-seen order (a SKU on two lines counts once).
    pub(crate) fn units(&self) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for line in &self.lines {
            super::status::add_units(&mut out, &line.sku, line.quantity);
        }
        out
    }
}
