//! The parts of Shopify's GraphQL answers Waybill reads, as documented for the pinned version.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct OrdersData {
    pub orders: Connection<ShopifyOrder>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Connection<T> {
    pub page_info: PageInfo,
    pub nodes: Vec<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ShopifyOrder {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub display_financial_status: Option<String>,
    pub display_fulfillment_status: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub customer: Option<CustomerRef>,
    pub shipping_address: Option<MailingAddress>,
    pub billing_address: Option<MailingAddress>,
    pub shipping_line: Option<ShippingLine>,
    pub subtotal_price_set: Option<MoneyBag>,
    pub total_shipping_price_set: Option<MoneyBag>,
    pub total_tax_set: Option<MoneyBag>,
    pub total_price_set: MoneyBag,
    pub line_items: LineItems,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CustomerRef {
    pub display_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MailingAddress {
    pub name: Option<String>,
    pub company: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub province_code: Option<String>,
    pub zip: Option<String>,
    pub country_code_v2: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ShippingLine {
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MoneyBag {
    pub shop_money: MoneyV2,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MoneyV2 {
    /// A decimal string (`"12.50"`).
    pub amount: String,
    pub currency_code: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LineItems {
    pub page_info: PageInfo,
    pub nodes: Vec<LineItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LineItem {
    pub sku: Option<String>,
    pub name: String,
    pub quantity: u32,
    /// Units still on the order after edits and removals.
    pub current_quantity: Option<u32>,
    #[serde(default = "yes")]
    pub requires_shipping: bool,
    pub original_unit_price_set: MoneyBag,
}

fn yes() -> bool {
    true
}

/// A mutation's `userErrors` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct UserError {
    pub field: Option<Vec<String>>,
    pub message: String,
    pub code: Option<String>,
}

/// `field: message; field: message` for an error report.
pub(crate) fn describe_user_errors(errors: &[UserError]) -> String {
    errors
        .iter()
        .map(|e| match &e.field {
            Some(path) if !path.is_empty() => format!("{}: {}", path.join("."), e.message),
            _ => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
