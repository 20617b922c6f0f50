//! The parts of ShipBob 1.0 bodies Waybill reads. Dates stay text and are read leniently:
//! ShipBob writes them with and without a zone.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct Order {
    pub id: i64,
    pub reference_id: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub shipments: Option<Vec<Shipment>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Shipment {
    pub status: Option<String>,
    #[serde(default)]
    pub status_details: Option<Vec<StatusDetail>>,
    pub tracking: Option<Tracking>,
    pub actual_fulfillment_date: Option<String>,
    #[serde(default)]
    pub products: Option<Vec<ShipmentProduct>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct StatusDetail {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Tracking {
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub shipping_date: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ShipmentProduct {
    pub reference_id: Option<String>,
    pub sku: Option<String>,
    pub quantity: Option<i64>,
    #[serde(default)]
    pub inventory_items: Option<Vec<InventoryItem>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct InventoryItem {
    pub quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Product {
    pub reference_id: Option<String>,
    pub sku: Option<String>,
    pub total_onhand_quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CancelResult {
    pub status: Option<String>,
    #[serde(default)]
    pub canceled_shipment_results: Option<Vec<CanceledShipment>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CanceledShipment {
    pub is_success: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Channel {
    pub id: i64,
}
