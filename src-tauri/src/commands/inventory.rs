//! Inventory and locations commands.

use tauri::State;
use waybill_app::inventory::counts::CountImport;
use waybill_app::inventory::locations::{LocationView, NewLocation};
use waybill_app::inventory::stock::{StockChange, StockOutcome};
use waybill_app::inventory::views::{InventoryQuery, InventoryView};
use waybill_app::partners::{PartnersView, ShipmentView};
use waybill_app::{AppError, BulkOutcome};
use waybill_core::{LocationId, OrderId};

use super::Workspace;

#[tauri::command]
#[specta::specta]
pub async fn inventory_view(
    ws: State<'_, Workspace>,
    query: InventoryQuery,
) -> Result<InventoryView, AppError> {
    ws.app()?.inventory_view(&query).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_stock(
    ws: State<'_, Workspace>,
    changes: Vec<StockChange>,
) -> Result<StockOutcome, AppError> {
    ws.app()?.change_stock(&changes, &ws.actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_counts(
    ws: State<'_, Workspace>,
    csv: String,
    location: Option<LocationId>,
) -> Result<CountImport, AppError> {
    ws.app()?
        .import_counts(&csv, location.as_ref(), &ws.actor)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn locations_view(ws: State<'_, Workspace>) -> Result<Vec<LocationView>, AppError> {
    ws.app()?.locations_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn add_location(
    ws: State<'_, Workspace>,
    location: NewLocation,
) -> Result<LocationId, AppError> {
    ws.app()?.add_location(&location).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_location_capacity(
    ws: State<'_, Workspace>,
    id: LocationId,
    capacity: Option<u32>,
) -> Result<(), AppError> {
    ws.app()?.set_location_capacity(&id, capacity).await
}

#[tauri::command]
#[specta::specta]
pub async fn partners_view(ws: State<'_, Workspace>) -> Result<PartnersView, AppError> {
    ws.app()?.partners_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn partner_handoffs(
    ws: State<'_, Workspace>,
    location: LocationId,
    limit: u32,
) -> Result<Vec<ShipmentView>, AppError> {
    ws.app()?.partner_handoffs(&location, limit).await
}

/// Routes orders again (after a partner rejected them, or stock arrived): one click.
#[tauri::command]
#[specta::specta]
pub async fn reroute_orders(
    ws: State<'_, Workspace>,
    ids: Vec<OrderId>,
) -> Result<BulkOutcome, AppError> {
    ws.app()?.reroute_orders(&ids, &ws.actor).await
}

/// A partner's confirmation entered by hand (a drop-ship vendor's emailed tracking).
#[tauri::command]
#[specta::specta]
pub async fn confirm_shipment(
    ws: State<'_, Workspace>,
    shipment: String,
    carrier: String,
    tracking: String,
) -> Result<(), AppError> {
    ws.app()?
        .confirm_shipment(&shipment, &carrier, &tracking)
        .await
}
