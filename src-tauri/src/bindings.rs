//! The typed IPC surface, and the TypeScript bindings generated from it.
//!
//! Bindings are written by `make bindings` (the `bindings` test with `UPDATE_BINDINGS=1`),
//! never on launch; the same test fails when `ui/src/bindings.ts` has drifted.

use specta_typescript::Typescript;
use tauri_specta::{Builder, collect_commands, collect_events};

use crate::commands;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::list_orders,
            commands::tab_counts,
            commands::order_detail,
            commands::apply_action,
            commands::facets,
            commands::workspace_info,
            commands::rerun_rules,
            commands::held_overview,
            commands::rules_view,
            commands::validate_ruleset,
            commands::save_ruleset,
            commands::rule_history,
            commands::test_rules,
            commands::dry_run,
            commands::channels_overview,
            commands::add_channel,
            commands::test_connection,
            commands::test_channel,
            commands::channel_settings,
            commands::update_channel,
            commands::test_channel_edit,
            commands::sync_channel_now,
            commands::set_channel_paused,
            commands::outbox_view,
            commands::retry_effect,
            commands::skip_effect,
            commands::connectivity,
            commands::inventory::inventory_view,
            commands::inventory::change_stock,
            commands::inventory::import_counts,
            commands::inventory::locations_view,
            commands::inventory::add_location,
            commands::inventory::set_location_capacity,
            commands::inventory::partners_view,
            commands::inventory::partner_handoffs,
            commands::inventory::reroute_orders,
            commands::inventory::confirm_shipment,
            commands::webhooks::webhooks_view,
            commands::webhooks::add_webhook_endpoint,
            commands::webhooks::remove_webhook_endpoint,
            commands::webhooks::enable_webhook_endpoint,
            commands::webhooks::disable_webhook_endpoint,
        ])
        .events(collect_events![commands::OrdersChanged])
        // One TypeScript type per Rust type: the UI reads and sends the same shapes.
        .disable_serde_phases()
}

/// The bindings as TypeScript source.
pub fn render() -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("waybill-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("bindings.ts");
    builder()
        .export(Typescript::default().header("// Generated from the Rust commands by tauri-specta (make bindings). Do not edit.\n/* eslint-disable */"), &file)
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    text
}
