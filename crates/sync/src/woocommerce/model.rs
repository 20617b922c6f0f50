//! The parts of WooCommerce REST v3 orders Waybill reads, as documented.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WooOrder {
    pub id: u64,
    #[serde(default)]
    pub number: String,
    pub status: String,
    pub currency: String,
    /// UTC without an offset (`2017-03-22T16:28:02`).
    pub date_created_gmt: Option<String>,
    pub date_modified_gmt: Option<String>,
    #[serde(default)]
    pub shipping_total: String,
    #[serde(default)]
    pub total: String,
    #[serde(default)]
    pub total_tax: String,
    #[serde(default)]
    pub customer_note: String,
    #[serde(default)]
    pub billing: WooAddress,
    #[serde(default)]
    pub shipping: WooAddress,
    #[serde(default)]
    pub line_items: Vec<WooLine>,
    #[serde(default)]
    pub shipping_lines: Vec<WooShippingLine>,
    #[serde(default)]
    pub refunds: Vec<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct WooAddress {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub state: String,
    pub postcode: String,
    pub country: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WooLine {
    pub name: String,
    #[serde(default)]
    pub sku: Option<String>,
    pub quantity: u32,
    /// Line total before discounts, as a decimal string.
    pub subtotal: String,
    /// Line total after discounts, before tax.
    pub total: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WooShippingLine {
    pub method_title: String,
}
