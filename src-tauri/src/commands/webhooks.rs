//! Outbound webhook endpoints: the screen's list, adding one (its signing secret comes back
//! this once), removing, disabling and enabling.

use tauri::State;
use waybill_app::AppError;
use waybill_app::webhooks::{AddedEndpoint, WebhooksView};
use waybill_core::WebhookEndpointId;

use super::Workspace;

#[tauri::command]
#[specta::specta]
pub async fn webhooks_view(ws: State<'_, Workspace>) -> Result<WebhooksView, AppError> {
    ws.app()?.webhooks_view().await
}

/// `events` are names (`order.shipped`); refused with `url: …` or `events: …` first.
#[tauri::command]
#[specta::specta]
pub async fn add_webhook_endpoint(
    ws: State<'_, Workspace>,
    url: String,
    events: Vec<String>,
) -> Result<AddedEndpoint, AppError> {
    ws.app()?
        .add_webhook_endpoint(&url, &events.join(","), None)
        .await
}

/// Returns how many undelivered messages were dropped with the endpoint.
#[tauri::command]
#[specta::specta]
pub async fn remove_webhook_endpoint(
    ws: State<'_, Workspace>,
    id: WebhookEndpointId,
) -> Result<u32, AppError> {
    let dropped = ws.app()?.remove_webhook_endpoint(&id).await?;
    Ok(u32::try_from(dropped).unwrap_or(u32::MAX))
}

#[tauri::command]
#[specta::specta]
pub async fn enable_webhook_endpoint(
    ws: State<'_, Workspace>,
    id: WebhookEndpointId,
) -> Result<(), AppError> {
    ws.app()?.enable_webhook_endpoint(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn disable_webhook_endpoint(
    ws: State<'_, Workspace>,
    id: WebhookEndpointId,
) -> Result<(), AppError> {
    ws.app()?.disable_webhook_endpoint(&id, &ws.actor).await
}
