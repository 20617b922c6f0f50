//! The order aggregate: what the customer bought, where it goes, and how it will ship.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::address::Address;
use crate::hold::Hold;
use crate::ids::{ChannelId, LocationId, OrderId, RuleId};
use crate::money::Money;
use crate::status::OrderStatus;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Customer {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderLine {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    /// Price of one unit, in the order's currency's minor units.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unit_price: i64,
    /// Weight of one unit in grams.
    pub unit_weight_g: u32,
    /// Product tags such as `oversized` or `hazmat`.
    pub product_tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Paid,
    PartiallyRefunded,
    Refunded,
}

/// Extras on the shipment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShippingOptions {
    pub signature: bool,
    /// Declared insurance value in the order currency's minor units.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub insurance: Option<i64>,
    pub batch_group: Option<String>,
    /// The package the rules chose with the service (`Large box`, `Poly mailer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
}

/// A field a person set by hand: automation never overwrites it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OwnedField {
    ShipTo,
    Location,
    Carrier,
    Service,
    Options,
    Tags,
    Hold,
}

/// An order as Waybill knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Order {
    pub id: OrderId,
    pub channel_id: ChannelId,
    /// The channel's own id for the order; unique per channel.
    pub external_id: String,
    /// The number people see (`#1042`).
    pub number: String,
    pub status: OrderStatus,
    /// The channel's status text as received, kept beside the canonical one.
    pub channel_status: String,
    pub payment_status: PaymentStatus,
    pub customer: Customer,
    pub ship_to: Address,
    pub bill_to: Option<Address>,
    /// What the customer chose at checkout (`Standard`, `Express`).
    pub requested_service: Option<String>,
    pub lines: Vec<OrderLine>,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub subtotal: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub shipping_paid: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub tax: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub total: i64,
    pub weight_g: u32,
    pub tags: Vec<String>,
    pub customer_notes: Option<String>,
    pub internal_notes: Vec<String>,
    pub gift: bool,
    pub placed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub ship_by: Option<DateTime<Utc>>,
    pub location_id: Option<LocationId>,
    pub carrier: Option<String>,
    pub service: Option<String>,
    pub options: ShippingOptions,
    pub hold: Option<Hold>,
    /// Fields a person set by hand.
    pub owned_fields: Vec<OwnedField>,
    /// Rules whose timed hold on this order has run its course: they do not hold it again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub served_holds: Vec<RuleId>,
}

impl Order {
    pub fn total_money(&self) -> Money {
        Money::new(self.total, self.currency.clone())
    }

    pub fn item_count(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    pub fn is_owned(&self, field: OwnedField) -> bool {
        self.owned_fields.contains(&field)
    }

    pub fn mark_owned(&mut self, field: OwnedField) {
        if !self.is_owned(field) {
            self.owned_fields.push(field);
            self.owned_fields.sort();
        }
    }

    /// SKUs of every line, space separated: what full-text search indexes.
    pub fn sku_text(&self) -> String {
        let mut skus: Vec<&str> = self.lines.iter().map(|l| l.sku.as_str()).collect();
        skus.dedup();
        skus.join(" ")
    }
}

/// An order as a channel delivers it, before Waybill has given it an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewOrder {
    pub external_id: String,
    pub number: String,
    pub status: OrderStatus,
    pub channel_status: String,
    pub payment_status: PaymentStatus,
    pub customer: Customer,
    pub ship_to: Address,
    pub bill_to: Option<Address>,
    pub requested_service: Option<String>,
    pub lines: Vec<OrderLine>,
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub subtotal: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub shipping_paid: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub tax: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub total: i64,
    pub tags: Vec<String>,
    pub customer_notes: Option<String>,
    pub gift: bool,
    pub placed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub ship_by: Option<DateTime<Utc>>,
}

impl NewOrder {
    /// Gross weight of the goods in grams (saturating: a bad feed cannot overflow it).
    pub fn weight_g(&self) -> u32 {
        self.lines
            .iter()
            .map(|l| l.unit_weight_g.saturating_mul(l.quantity))
            .fold(0u32, u32::saturating_add)
    }

    /// The first time Waybill sees this order.
    pub fn into_order(self, id: OrderId, channel_id: ChannelId) -> Order {
        let weight_g = self.weight_g();
        let tags = normalise_tags(&self.tags);
        Order {
            id,
            channel_id,
            external_id: self.external_id,
            number: self.number,
            status: self.status,
            channel_status: self.channel_status,
            payment_status: self.payment_status,
            customer: self.customer,
            ship_to: self.ship_to,
            bill_to: self.bill_to,
            requested_service: self.requested_service,
            lines: self.lines,
            currency: self.currency,
            subtotal: self.subtotal,
            shipping_paid: self.shipping_paid,
            tax: self.tax,
            total: self.total,
            weight_g,
            tags,
            customer_notes: self.customer_notes,
            internal_notes: Vec::new(),
            gift: self.gift,
            placed_at: self.placed_at,
            updated_at: self.updated_at,
            ship_by: self.ship_by,
            location_id: None,
            carrier: None,
            service: None,
            options: ShippingOptions::default(),
            hold: None,
            owned_fields: Vec::new(),
            served_holds: Vec::new(),
        }
    }
}

/// Tags as Waybill keeps them: trimmed, lower case, no empties, no repeats (in first-seen
/// order), so `Wholesale` from a channel and `wholesale` typed by a person are one tag.
pub fn normalise_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}
