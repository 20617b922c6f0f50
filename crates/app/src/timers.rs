//! Work that happens on its own as time passes: timed holds lifting themselves, channels whose
//! next sync is due being synced, effects owed to channels (tracking, cancellations) being
//! delivered from the outbox, hand-offs delivered to partners with them, and partners asked
//! for their confirmations and stock every [`PARTNER_SYNC_EVERY`].
//!
//! One loop per open workspace (the window runs it; so will `waybill serve`). Each round is a
//! normal use case with its own transaction, so a crash between rounds loses nothing: the next
//! start finds the same due holds and lifts them.

use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::App;
use crate::channels::Which;
use crate::partners::Partners;

/// How often due holds and due effects are looked for; a hold lifts at most this late.
pub const TIMER_EVERY: Duration = Duration::from_secs(20);
/// How often partners are polled for confirmations and stock. Their adapters are built again
/// at each poll, so changed settings and secrets take effect within this time.
pub const PARTNER_SYNC_EVERY: Duration = Duration::from_secs(60);

/// Runs until `stop` turns true. Failures are logged and retried next round.
pub async fn run_timers(app: App, mut stop: watch::Receiver<bool>) {
    // The adapters live from one partner sync to the next: their pacing and tokens carry over
    // between hand-off rounds.
    let mut partners: Option<(Instant, Partners)> = None;
    loop {
        match app.release_due_holds().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "timed holds lifted"),
            Err(e) => tracing::warn!(code = ?e.code, "timed holds: {}", e.message),
        }
        sync_due_channels(&app).await;
        deliver_due_effects(&app).await;
        if partners
            .as_ref()
            .is_none_or(|(at, _)| at.elapsed() >= PARTNER_SYNC_EVERY)
        {
            partners = build_partners(&app).await.map(|p| (Instant::now(), p));
            if let Some((_, p)) = &partners {
                deliver_due_handoffs(&app, p).await;
                poll_partners(&app, p).await;
            }
        } else if let Some((_, p)) = &partners {
            deliver_due_handoffs(&app, p).await;
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

async fn build_partners(app: &App) -> Option<Partners> {
    match app.partners().await {
        Ok(mut p) => {
            // Simulated partners are part of the live demo: with the demo storefront off (the
            // end-to-end tests, `serve` on a demo database) they stand still, like the shop.
            if !app.demo_is_running() {
                p.retain(|x| x.adapter_kind != crate::partners::AdapterKind::Simulated);
            }
            Some(p)
        }
        Err(e) => {
            tracing::warn!(code = ?e.code, "partners: {}", e.message);
            None
        }
    }
}

/// Hands due shipments to the partners configured here; the others' wait.
pub async fn deliver_due_handoffs(app: &App, partners: &Partners) {
    if partners.is_empty() {
        return;
    }
    match app.deliver_handoffs(partners).await {
        Ok(r) if r.is_idle() => {}
        Ok(r) => tracing::info!(
            handed_off = r.handed_off.len(),
            rejected = r.rejected.len(),
            retrying = r.retrying.len(),
            dead = r.dead.len(),
            "hand-offs delivered"
        ),
        Err(e) => tracing::warn!(code = ?e.code, "hand-offs: {}", e.message),
    }
}

/// Polls every configured partner for confirmations and stock.
pub async fn poll_partners(app: &App, partners: &Partners) {
    if partners.is_empty() {
        return;
    }
    match app.sync_partners(partners, None).await {
        Ok(r) => {
            if !(r.parcels.is_empty() && r.rejected.is_empty() && r.cancelled.is_empty()) {
                tracing::info!(
                    parcels = r.parcels.len(),
                    shipped = r.shipped.len(),
                    rejected = r.rejected.len(),
                    cancelled = r.cancelled.len(),
                    "partners synced"
                );
            }
            for (location, error) in &r.errors {
                tracing::debug!(%location, "partner sync: {error}");
            }
        }
        Err(e) => tracing::warn!(code = ?e.code, "partner sync: {}", e.message),
    }
}
