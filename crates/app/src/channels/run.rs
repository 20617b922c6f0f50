//! Syncing channels by hand and on their schedule, pausing them, and checking a saved one.

use chrono::Duration;
use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_store::SyncAttempt;

use super::overview::scheduled_kind;
use super::types::{ChannelStatus, ConnectionCheck};
use crate::sync::SyncReport;
use crate::{App, AppError, ErrorCode};

/// What syncing one channel came to, in a run over several.
#[derive(Debug)]
pub struct ChannelSync {
    pub channel: Channel,
    pub result: Result<SyncReport, AppError>,
}

/// Which channels a run over several takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Configured, unpaused API channels whose next sync is due (the timer's round).
    Due,
    /// Every configured, unpaused channel, due or not, the demo storefront included
    /// (`waybill sync --once`).
    All,
}

impl App {
    /// Syncs `id` now, paused or not (a person asked). A channel that cannot be synced (no
    /// settings, a secret missing from the credential store) is refused, and for an API channel
    /// the refusal is recorded as the attempt's error.
    pub async fn sync_channel_now(&self, id: &ChannelId) -> Result<SyncReport, AppError> {
        let channel = self.find_channel(id).await?;
        let config = self.store.channel_config(id).await?;
        let demo = self.demo_workspace().await?;
        match self.connector_for(&channel, config.as_ref(), demo.as_ref(), None) {
            Ok(connector) => self.sync_channel_once(id, connector.as_ref()).await,
            Err(e) => {
                if scheduled_kind(channel.kind) && config.is_some() {
                    let attempt = SyncAttempt::Failed {
                        error: e.message.clone(),
                    };
                    self.record_sync_attempt(id, &attempt).await;
                }
                Err(e)
            }
        }
    }

    /// Syncs the channels `which` picks, one at a time. A channel's failure is recorded and
    /// reported with the others' results; it never stops the run.
    pub async fn sync_channels(&self, which: Which) -> Result<Vec<ChannelSync>, AppError> {
        let now = self.now();
        let demo = self.demo_workspace().await?;
        let mut picked = Vec::new();
        let configs = self.store.channel_configs().await?;
        for channel in self.store.channels().await? {
            let config = configs.iter().find(|c| c.channel_id == channel.id);
            let take = match config {
                Some(c) if !c.paused && scheduled_kind(channel.kind) => match which {
                    Which::All => true,
                    Which::Due => {
                        let state = self.store.sync_state(&channel.id).await?;
                        let every = Duration::seconds(i64::from(c.sync_every_secs));
                        state.last_sync_at.is_none_or(|t| t + every <= now)
                    }
                },
                Some(_) => false,
                None => {
                    which == Which::All
                        && channel.kind == ChannelKind::Demo
                        && demo.as_ref().is_some_and(|ws| ws.storefront == channel.id)
                }
            };
            if take {
                picked.push(channel);
            }
        }
        let mut done = Vec::with_capacity(picked.len());
        for channel in picked {
            let result = self.sync_channel_now(&channel.id).await;
            done.push(ChannelSync { channel, result });
        }
        Ok(done)
    }

    /// Pauses or resumes a channel's scheduled work (a person can still sync it by hand).
    pub async fn set_channel_paused(
        &self,
        id: &ChannelId,
        paused: bool,
    ) -> Result<ChannelStatus, AppError> {
        let channel = self.find_channel(id).await?;
        let mut tx = self.store.begin().await?;
        if !tx.set_channel_paused(id, paused).await? {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "channel {} ({}) has no schedule to pause: it is not configured here",
                    channel.name, channel.id
                ),
            ));
        }
        tx.commit().await?;
        tracing::info!(channel = %id, paused, "channel schedule changed");
        self.channel_status(id).await
    }

    /// Checks a saved channel's settings and secrets against its API (one order).
    pub async fn test_channel(&self, id: &ChannelId) -> Result<ConnectionCheck, AppError> {
        let channel = self.find_channel(id).await?;
        let config = self.store.channel_config(id).await?;
        let demo = self.demo_workspace().await?;
        match self.connector_for(&channel, config.as_ref(), demo.as_ref(), Some(1)) {
            Ok(connector) => Ok(self.check_connector(connector.as_ref()).await),
            // A secret missing from the credential store, or a store that cannot be read (its
            // key file lost), is what the check is for: say so.
            Err(e) if matches!(e.code, ErrorCode::InvalidInput | ErrorCode::Internal) => {
                Ok(ConnectionCheck {
                    ok: false,
                    message: e.message,
                    took_ms: 0,
                })
            }
            Err(e) => Err(e),
        }
    }
}
