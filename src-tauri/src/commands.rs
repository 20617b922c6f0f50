//! IPC commands: each one unpacks arguments, calls one use case, and returns its result or an
//! [`AppError`] with a stable code the UI acts on.

use serde::{Deserialize, Serialize};
use tauri::State;
use waybill_app::{App, AppError, BulkOutcome, Facets, OrderDetail, WorkspaceInfo};
use waybill_core::edit::ManualAction;
use waybill_core::query::{OrderFilter, OrderPage, OrderQuery, TabCount};
use waybill_core::{Actor, OrderId};

/// The open workspace, or why it could not be opened (shown by the window instead of crashing).
pub struct Workspace {
    pub app: Result<App, AppError>,
    /// The person at this desktop, recorded as `user:NAME` on every change they make.
    pub actor: Actor,
}

impl Workspace {
    fn app(&self) -> Result<&App, AppError> {
        self.app.as_ref().map_err(Clone::clone)
    }
}

/// Sent after a transaction that changed orders commits; the queue refreshes on it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct OrdersChanged {
    /// Empty when many orders changed at once (a seed): reload everything.
    pub ids: Vec<OrderId>,
    pub cause: String,
}

#[tauri::command]
#[specta::specta]
pub async fn list_orders(
    ws: State<'_, Workspace>,
    query: OrderQuery,
) -> Result<OrderPage, AppError> {
    ws.app()?.list_orders(&query).await
}

#[tauri::command]
#[specta::specta]
pub async fn tab_counts(
    ws: State<'_, Workspace>,
    filter: OrderFilter,
) -> Result<Vec<TabCount>, AppError> {
    ws.app()?.tab_counts(&filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn order_detail(ws: State<'_, Workspace>, id: OrderId) -> Result<OrderDetail, AppError> {
    ws.app()?.order_detail(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn apply_action(
    ws: State<'_, Workspace>,
    ids: Vec<OrderId>,
    action: ManualAction,
) -> Result<BulkOutcome, AppError> {
    ws.app()?.apply_action(&ids, &action, &ws.actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn facets(ws: State<'_, Workspace>) -> Result<Facets, AppError> {
    ws.app()?.facets().await
}

#[tauri::command]
#[specta::specta]
pub async fn workspace_info(ws: State<'_, Workspace>) -> Result<WorkspaceInfo, AppError> {
    ws.app()?.workspace_info().await
}
