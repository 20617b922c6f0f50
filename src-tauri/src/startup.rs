//! Start-up: open the workspace (or keep the reason it failed), make the demo workspace on an
//! empty database, start the live demo storefront, and forward committed changes to the window.

use std::process::ExitCode;

use tauri_specta::Event as _;
use tokio::sync::watch;
use waybill_app::{App, AppError};
use waybill_core::Actor;

use crate::commands::{OrdersChanged, Workspace};
use crate::{bindings, logging, rendering};

fn desktop_actor() -> Actor {
    let name = std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "desktop".into());
    Actor::user(&name)
}

/// Whether the simulated storefront keeps delivering orders (`WAYBILL_DEMO_LIVE=0` stops it).
fn demo_live() -> bool {
    std::env::var("WAYBILL_DEMO_LIVE").map_or(true, |v| v != "0")
}

pub fn run() -> ExitCode {
    let db_path = waybill_app::default_database_path();
    let log_dir = db_path
        .parent()
        .map_or_else(|| std::path::PathBuf::from("logs"), |d| d.join("logs"));
    let _log_guard = logging::init(&log_dir);
    tracing::info!(database = %db_path.display(), "starting Waybill");

    let builder = bindings::builder();
    let app = tauri::async_runtime::block_on(App::open(&db_path));
    if let Err(e) = &app {
        tracing::error!(code = ?e.code, "{}", e.message);
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .manage(Workspace {
            app: app.clone(),
            actor: desktop_actor(),
        })
        .setup(move |handle| {
            builder.mount_events(handle);
            if let Some(window) = tauri::Manager::get_webview_window(handle, "main") {
                rendering::configure(&window);
            }
            if let Ok(app) = app {
                start_background(handle.handle().clone(), app, stop_rx);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    let tauri_app = match result {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "the window could not start");
            eprintln!("Waybill could not start its window: {e}");
            return ExitCode::FAILURE;
        }
    };
    tauri_app.run(move |_, event| {
        if let tauri::RunEvent::ExitRequested { .. } = event {
            let _ = stop_tx.send(true);
        }
    });
    ExitCode::SUCCESS
}

fn start_background(handle: tauri::AppHandle, app: App, stop: watch::Receiver<bool>) {
    // Forward committed changes to the window.
    let mut changes = app.subscribe();
    let emitter = handle.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(n) => {
                    let _ = OrdersChanged {
                        ids: n.ids,
                        cause: n.cause,
                    }
                    .emit(&emitter);
                }
                // Fell behind: tell the window to reload everything.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let _ = OrdersChanged {
                        ids: Vec::new(),
                        cause: "many".into(),
                    }
                    .emit(&emitter);
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    tauri::async_runtime::spawn(waybill_app::timers::run_timers(app.clone(), stop.clone()));
    tauri::async_runtime::spawn(async move {
        if let Err(e) = prepare_demo(&app).await {
            tracing::error!(code = ?e.code, "demo workspace: {}", e.message);
            return;
        }
        if demo_live()
            && let Err(e) = waybill_app::demo::run_live_storefront(app, stop).await
        {
            tracing::error!(code = ?e.code, "demo storefront stopped: {}", e.message);
        }
    });
}

/// An empty database becomes the demo workspace with a few thousand orders of history.
async fn prepare_demo(app: &App) -> Result<(), AppError> {
    if app.workspace_info().await?.order_count > 0 {
        return Ok(());
    }
    if app.ensure_demo_workspace().await?.is_none() {
        return Ok(());
    }
    let never = std::sync::atomic::AtomicBool::new(false);
    let outcome = app
        .seed_demo(waybill_app::demo::DEFAULT_HISTORY, |_| {}, &never)
        .await?;
    tracing::info!(orders = outcome.orders, "seeded the demo workspace");
    Ok(())
}
