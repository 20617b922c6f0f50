//! Work that happens on its own as time passes: timed holds lifting themselves.
//!
//! One loop per open workspace (the window runs it; so will `waybill serve`). Each round is a
//! normal use case with its own transaction, so a crash between rounds loses nothing: the next
//! start finds the same due holds and lifts them.

use std::time::Duration;

use tokio::sync::watch;

use crate::App;

/// How often due holds are looked for; a hold lifts at most this late.
pub const TIMER_EVERY: Duration = Duration::from_secs(20);

/// Runs until `stop` turns true. Failures are logged and retried next round.
pub async fn run_timers(app: App, mut stop: watch::Receiver<bool>) {
    loop {
        match app.release_due_holds().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "timed holds lifted"),
            Err(e) => tracing::warn!(code = ?e.code, "timed holds: {}", e.message),
        }
        tokio::select! {
            _ = tokio::time::sleep(TIMER_EVERY) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}
