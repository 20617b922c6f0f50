//! How the window renders on Linux.
//!
//! WebKitGTK's GPU compositing roughly doubles the web process's memory (~220 MB → ~115 MB
//! without it, measured by `scripts/startup.sh`) and is the usual source of blank or flickering
//! windows with some drivers. A dense list gains nothing from it, so Waybill renders in software
//! unless `WAYBILL_GPU=1` asks for the GPU.

#[cfg(target_os = "linux")]
pub fn configure(window: &tauri::WebviewWindow) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if std::env::var("WAYBILL_GPU").is_ok_and(|v| v == "1") {
        return;
    }
    let applied = window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(e) = applied {
        tracing::warn!(error = %e, "could not set the window's rendering policy");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn configure(_window: &tauri::WebviewWindow) {}
