//! The parts of Fulfillment Outbound 2020-07-01 and FBA Inventory v1 bodies Waybill reads.
//! Answers come wrapped as `{"payload": …, "errors": […]}`.

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct ApiErrors {
    #[serde(default)]
    pub errors: Vec<ApiError>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ApiError {
    pub code: String,
    #[serde(default)]
    pub message: String,
    pub details: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Envelope<T> {
    pub payload: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GetFulfillmentOrderResult {
    pub fulfillment_order: FulfillmentOrder,
    #[serde(default)]
    pub fulfillment_order_items: Vec<FulfillmentOrderItem>,
    #[serde(default)]
    pub fulfillment_shipments: Option<Vec<FulfillmentShipment>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentOrder {
    pub fulfillment_order_status: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentOrderItem {
    pub seller_sku: String,
    #[serde(default)]
    pub unfulfillable_quantity: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentShipment {
    pub fulfillment_shipment_status: String,
    pub shipping_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub fulfillment_shipment_item: Vec<FulfillmentShipmentItem>,
    #[serde(default)]
    pub fulfillment_shipment_package: Option<Vec<FulfillmentShipmentPackage>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentShipmentItem {
    pub seller_sku: String,
    pub quantity: i64,
    pub package_number: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentShipmentPackage {
    pub package_number: i64,
    pub carrier_code: String,
    pub tracking_number: Option<String>,
    pub amazon_fulfillment_tracking_number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GetFulfillmentPreviewResult {
    #[serde(default)]
    pub fulfillment_previews: Vec<FulfillmentPreview>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FulfillmentPreview {
    pub shipping_speed_category: String,
    pub is_fulfillable: bool,
    #[serde(default)]
    pub fulfillment_preview_shipments: Option<Vec<PreviewShipment>>,
    #[serde(default)]
    pub unfulfillable_preview_items: Option<Vec<UnfulfillablePreviewItem>>,
    #[serde(default)]
    pub order_unfulfillable_reasons: Option<Vec<String>>,
    #[serde(default)]
    pub estimated_fees: Option<Vec<Fee>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PreviewShipment {
    pub earliest_arrival_date: Option<DateTime<Utc>>,
    pub latest_arrival_date: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UnfulfillablePreviewItem {
    pub seller_sku: String,
    #[serde(default)]
    pub item_unfulfillable_reasons: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Fee {
    pub amount: Amount,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Amount {
    pub currency_code: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct InventoryPage {
    pub pagination: Option<Pagination>,
    pub payload: Option<InventoryPayload>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Pagination {
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InventoryPayload {
    #[serde(default)]
    pub inventory_summaries: Vec<InventorySummary>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InventorySummary {
    pub seller_sku: Option<String>,
    pub total_quantity: Option<i64>,
    pub inventory_details: Option<InventoryDetails>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InventoryDetails {
    pub fulfillable_quantity: Option<i64>,
}
