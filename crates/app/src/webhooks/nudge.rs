//! Debounced syncs: webhooks only say "look now", so a burst of them (a bulk edit on the
//! channel sends dozens) becomes one sync run per channel. A nudge waits `debounce` for the rest
//! of its burst; a nudge that arrives while a sync runs schedules one more run after it, so no
//! change announced by a webhook is missed.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use waybill_core::ChannelId;

use super::inbound::ConnectorSource;
use crate::App;

pub(crate) struct Nudger {
    pending: Mutex<HashSet<ChannelId>>,
    wake: Notify,
    /// Sync runs finished so far (each channel's run counts once, failed or not).
    runs: watch::Sender<u64>,
}

impl Nudger {
    pub(crate) fn new() -> Nudger {
        Nudger {
            pending: Mutex::new(HashSet::new()),
            wake: Notify::new(),
            runs: watch::channel(0).0,
        }
    }

    fn pending(&self) -> MutexGuard<'_, HashSet<ChannelId>> {
        // A panic while holding the set cannot leave it half-changed: insert and take only.
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks for a sync of `channel` soon.
    pub(crate) fn nudge(&self, channel: ChannelId) {
        self.pending().insert(channel);
        self.wake.notify_one();
    }

    pub(crate) fn runs(&self) -> watch::Receiver<u64> {
        self.runs.subscribe()
    }

    /// Syncs nudged channels until `stop` turns true. A sync that fails is logged; the next
    /// nudge (or the channel's regular polling) tries again.
    pub(crate) async fn run(
        self: Arc<Self>,
        app: App,
        source: ConnectorSource,
        debounce: Duration,
        mut stop: watch::Receiver<bool>,
    ) {
        loop {
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            // Let the burst finish: every nudge in this window joins the same run.
            tokio::select! {
                _ = tokio::time::sleep(debounce) => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            let channels: Vec<ChannelId> = self.pending().drain().collect();
            for channel in channels {
                sync_one(&app, &source, &channel).await;
                self.runs.send_modify(|n| *n += 1);
            }
        }
    }
}

/// Polling, the source of truth: every `every`, each channel with a connector is nudged like a
/// webhook would (so a poll and a webhook burst never sync the same channel twice at once).
pub(crate) async fn poll(
    nudger: Arc<Nudger>,
    app: App,
    source: ConnectorSource,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match source.channels(&app).await {
            Ok(channels) => channels.into_iter().for_each(|c| nudger.nudge(c)),
            Err(e) => tracing::warn!(code = ?e.code, "polling: {}", e.message),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

async fn sync_one(app: &App, source: &ConnectorSource, channel: &ChannelId) {
    let connector = match source.connector(app, channel).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            tracing::warn!(channel = %channel, "sync nudge: the channel has no connector here");
            return;
        }
        Err(e) => {
            tracing::warn!(channel = %channel, code = ?e.code, "sync nudge: {}", e.message);
            return;
        }
    };
    match app.sync_channel_once(channel, connector.as_ref()).await {
        Ok(r) => tracing::info!(
            channel = %channel,
            pages = r.pages,
            imported = r.imported,
            updated = r.updated,
            rejected = r.rejected.len(),
            "synced"
        ),
        Err(e) => {
            tracing::warn!(channel = %channel, code = ?e.code, "sync failed: {}", e.message);
        }
    }
}
