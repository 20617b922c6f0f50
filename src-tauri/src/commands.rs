//! IPC commands: each one unpacks arguments, calls one use case, and returns its result or an
//! [`AppError`] with a stable code the UI acts on.

pub mod inventory;
pub mod webhooks;

use serde::{Deserialize, Serialize};
use tauri::State;
use waybill_app::channels::{
    ChannelEdit, ChannelSettings, ChannelStatus, ChannelsOverview, ConnectionCheck, NewChannel,
};
use waybill_app::outbox::OutboxView;
use waybill_app::rules::{
    DryRunReport, DryRunScope, HeldOverview, RuleAuditEntry, RuleTest, RulesetView,
};
use waybill_app::sync::SyncReport;
use waybill_app::{App, AppError, BulkOutcome, Connectivity, Facets, OrderDetail, WorkspaceInfo};
use waybill_core::edit::ManualAction;
use waybill_core::query::{OrderFilter, OrderPage, OrderQuery, TabCount};
use waybill_core::rules::{Problem, Ruleset};
use waybill_core::{Actor, ChannelId, OrderId};

/// The open workspace, or why it could not be opened (shown by the window instead of crashing).
pub struct Workspace {
    pub app: Result<App, AppError>,
    /// The person at this desktop, recorded as `user:NAME` on every change they make.
    pub actor: Actor,
}

impl Workspace {
    pub(crate) fn app(&self) -> Result<&App, AppError> {
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

#[tauri::command]
#[specta::specta]
pub async fn rerun_rules(
    ws: State<'_, Workspace>,
    ids: Vec<OrderId>,
) -> Result<BulkOutcome, AppError> {
    ws.app()?.rerun_rules(&ids).await
}

#[tauri::command]
#[specta::specta]
pub async fn held_overview(ws: State<'_, Workspace>) -> Result<HeldOverview, AppError> {
    ws.app()?.held_overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn rules_view(ws: State<'_, Workspace>) -> Result<RulesetView, AppError> {
    ws.app()?.rules_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn validate_ruleset(
    ws: State<'_, Workspace>,
    draft: Ruleset,
) -> Result<Vec<Problem>, AppError> {
    ws.app()?.validate_ruleset(&draft).await
}

/// Saves `draft` if nobody saved since `base_version` (else a `conflict` error).
#[tauri::command]
#[specta::specta]
pub async fn save_ruleset(
    ws: State<'_, Workspace>,
    draft: Ruleset,
    base_version: u32,
) -> Result<RulesetView, AppError> {
    ws.app()?
        .save_ruleset(&draft, base_version, &ws.actor)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rule_history(
    ws: State<'_, Workspace>,
    limit: u32,
) -> Result<Vec<RuleAuditEntry>, AppError> {
    ws.app()?.rule_history(limit).await
}

/// `draft: null` tries the rules in force.
#[tauri::command]
#[specta::specta]
pub async fn test_rules(
    ws: State<'_, Workspace>,
    draft: Option<Ruleset>,
    order_id: OrderId,
) -> Result<RuleTest, AppError> {
    ws.app()?.test_rules(draft.as_ref(), &order_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn dry_run(
    ws: State<'_, Workspace>,
    draft: Ruleset,
    scope: DryRunScope,
) -> Result<DryRunReport, AppError> {
    ws.app()?.dry_run(&draft, &scope).await
}

#[tauri::command]
#[specta::specta]
pub async fn channels_overview(ws: State<'_, Workspace>) -> Result<ChannelsOverview, AppError> {
    ws.app()?.channels_overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn add_channel(
    ws: State<'_, Workspace>,
    channel: NewChannel,
) -> Result<ChannelStatus, AppError> {
    ws.app()?.add_channel(&channel).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    ws: State<'_, Workspace>,
    channel: NewChannel,
) -> Result<ConnectionCheck, AppError> {
    ws.app()?.test_connection(&channel).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_channel(
    ws: State<'_, Workspace>,
    id: ChannelId,
) -> Result<ConnectionCheck, AppError> {
    ws.app()?.test_channel(&id).await
}

/// A saved channel's form with its stored values (secrets: only which are set).
#[tauri::command]
#[specta::specta]
pub async fn channel_settings(
    ws: State<'_, Workspace>,
    id: ChannelId,
) -> Result<ChannelSettings, AppError> {
    ws.app()?.channel_settings(&id).await
}

/// Refused with `invalid_input` naming the field, like adding; a secret left empty is kept.
#[tauri::command]
#[specta::specta]
pub async fn update_channel(
    ws: State<'_, Workspace>,
    id: ChannelId,
    edit: ChannelEdit,
) -> Result<ChannelStatus, AppError> {
    ws.app()?.update_channel(&id, &edit).await
}

/// Tries a saved channel's settings with `edit` applied, saving nothing.
#[tauri::command]
#[specta::specta]
pub async fn test_channel_edit(
    ws: State<'_, Workspace>,
    id: ChannelId,
    edit: ChannelEdit,
) -> Result<ConnectionCheck, AppError> {
    ws.app()?.test_channel_edit(&id, &edit).await
}

/// Imported orders reach the window through `orders-changed`, like every other import.
#[tauri::command]
#[specta::specta]
pub async fn sync_channel_now(
    ws: State<'_, Workspace>,
    id: ChannelId,
) -> Result<SyncReport, AppError> {
    ws.app()?.sync_channel_now(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_channel_paused(
    ws: State<'_, Workspace>,
    id: ChannelId,
    paused: bool,
) -> Result<ChannelStatus, AppError> {
    ws.app()?.set_channel_paused(&id, paused).await
}

#[tauri::command]
#[specta::specta]
pub async fn outbox_view(ws: State<'_, Workspace>) -> Result<OutboxView, AppError> {
    ws.app()?.outbox().await
}

#[tauri::command]
#[specta::specta]
pub async fn retry_effect(ws: State<'_, Workspace>, id: u32) -> Result<(), AppError> {
    ws.app()?.retry_effect(i64::from(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn skip_effect(
    ws: State<'_, Workspace>,
    id: u32,
    reason: String,
) -> Result<(), AppError> {
    ws.app()?
        .skip_effect(i64::from(id), &reason, &ws.actor)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn connectivity(ws: State<'_, Workspace>) -> Result<Connectivity, AppError> {
    ws.app()?.connectivity().await
}
