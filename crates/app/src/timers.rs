//! Work that happens on its own as time passes: timed holds lifting themselves, channels whose
//! next sync is due being synced, and effects owed to channels (tracking, cancellations) being
//! delivered from the outbox.
//!
//! One loop per open workspace (the window runs it; so will `waybill serve`). Each round is a
//! normal use case with its own transaction, so a crash between rounds loses nothing: the next
//! start finds the same due holds and lifts them.

use std::time::Duration;

use tokio::sync::watch;

use crate::App;
use crate::channels::Which;

/// How often due holds and due effects are looked for; a hold lifts at most this late.
pub const TIMER_EVERY: Duration = Duration::from_secs(20);

/// Runs until `stop` turns true. Failures are logged and retried next round.
pub async fn run_timers(app: App, mut stop: watch::Receiver<bool>) {
    loop {
        match app.release_due_holds().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "timed holds lifted"),
            Err(e) => tracing::warn!(code = ?e.code, "timed holds: {}", e.message),
        }
        sync_due_channels(&app).await;
        deliver_due_effects(&app).await;
        tokio::select! {
            _ = tokio::time::sleep(TIMER_EVERY) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

/// Syncs each configured, unpaused channel whose next sync is due, one at a time. Each attempt
/// is recorded on the channel (errors included); none stops the round.
pub async fn sync_due_channels(app: &App) {
    match app.sync_channels(Which::Due).await {
        Ok(runs) => {
            for run in runs {
                match run.result {
                    Ok(r) => tracing::info!(
                        channel = %run.channel.id,
                        imported = r.imported,
                        updated = r.updated,
                        "scheduled sync"
                    ),
                    // Already recorded and logged by the sync itself.
                    Err(e) => {
                        tracing::debug!(channel = %run.channel.id, code = ?e.code, "scheduled sync failed")
                    }
                }
            }
        }
        Err(e) => tracing::warn!(code = ?e.code, "scheduled sync: {}", e.message),
    }
}

/// Delivers what the outbox owes to unpaused channels that have a connector here; the others
/// wait.
async fn deliver_due_effects(app: &App) {
    let connectors = match app.channel_connectors().await {
        Ok(c) => c.unpaused(),
        Err(e) => {
            tracing::warn!(code = ?e.code, "outbox: {}", e.message);
            return;
        }
    };
    match app.deliver_outbox(&connectors).await {
        Ok(r) if r.delivered.is_empty() && r.retrying.is_empty() && r.dead.is_empty() => {}
        Ok(r) => tracing::info!(
            delivered = r.delivered.len(),
            retrying = r.retrying.len(),
            dead = r.dead.len(),
            "outbox delivered"
        ),
        Err(e) => tracing::warn!(code = ?e.code, "outbox: {}", e.message),
    }
}
