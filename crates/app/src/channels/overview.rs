//! The channels screen: each channel's configuration, schedule and last syncs.

use std::collections::HashMap;

use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_store::ChannelConfig;

use super::DEFAULT_SYNC_EVERY_SECS;
use super::forms;
use super::types::{ChannelStatus, ChannelsOverview, Setting};
use crate::demo::DemoWorkspace;
use crate::{App, AppError};

/// Kinds Waybill syncs on a schedule.
pub(super) fn scheduled_kind(kind: ChannelKind) -> bool {
    matches!(kind, ChannelKind::Shopify | ChannelKind::WooCommerce)
}

impl App {
    /// Every channel's status, the forms to add one, and where secrets live.
    pub async fn channels_overview(&self) -> Result<ChannelsOverview, AppError> {
        let demo = self.demo_workspace().await?;
        let mut configs: HashMap<ChannelId, ChannelConfig> = self
            .store
            .channel_configs()
            .await?
            .into_iter()
            .map(|c| (c.channel_id.clone(), c))
            .collect();
        let mut channels = Vec::new();
        for channel in self.store.channels().await? {
            let config = configs.remove(&channel.id);
            channels.push(
                self.status_of(&channel, config.as_ref(), demo.as_ref())
                    .await?,
            );
        }
        Ok(ChannelsOverview {
            channels,
            forms: forms::forms(),
            credentials: self.credentials.info().clone(),
        })
    }

    /// One channel's status.
    pub async fn channel_status(&self, id: &ChannelId) -> Result<ChannelStatus, AppError> {
        let channel = self.find_channel(id).await?;
        let config = self.store.channel_config(id).await?;
        let demo = self.demo_workspace().await?;
        self.status_of(&channel, config.as_ref(), demo.as_ref())
            .await
    }

    pub(super) async fn find_channel(&self, id: &ChannelId) -> Result<Channel, AppError> {
        self.store
            .channels()
            .await?
            .into_iter()
            .find(|c| &c.id == id)
            .ok_or_else(|| AppError::not_found(format!("channel {id}")))
    }

    /// Whether every secret `channel` cannot work without is in the credential store.
    fn has_secrets(&self, channel: &Channel) -> bool {
        forms::required_secrets(channel.kind).iter().all(|key| {
            match self.credentials.get(&channel.id, key) {
                Ok(found) => found.is_some(),
                Err(e) => {
                    tracing::warn!(channel = %channel.id, "{}", e.message);
                    false
                }
            }
        })
    }

    async fn status_of(
        &self,
        channel: &Channel,
        config: Option<&ChannelConfig>,
        demo: Option<&DemoWorkspace>,
    ) -> Result<ChannelStatus, AppError> {
        let state = self.store.sync_state(&channel.id).await?;
        let is_demo_storefront =
            demo.is_some_and(|ws| ws.storefront == channel.id && channel.kind == ChannelKind::Demo);
        let configured = is_demo_storefront
            || (config.is_some() && scheduled_kind(channel.kind) && self.has_secrets(channel));
        let paused = config.is_some_and(|c| c.paused);
        let sync_every_secs = config.map_or(DEFAULT_SYNC_EVERY_SECS, |c| c.sync_every_secs);
        let next_sync_at = (configured && !paused && scheduled_kind(channel.kind)).then(|| {
            state.last_sync_at.map_or(self.now(), |t| {
                t + chrono::Duration::seconds(i64::from(sync_every_secs))
            })
        });
        Ok(ChannelStatus {
            id: channel.id.clone(),
            name: channel.name.clone(),
            kind: channel.kind,
            paused,
            configured,
            sync_every_secs,
            settings: config
                .map(|c| {
                    c.settings
                        .iter()
                        .map(|(k, v)| Setting {
                            key: k.clone(),
                            value: v.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            secrets_set: config.map(|c| c.secret_keys.clone()).unwrap_or_default(),
            last_sync_at: state.last_sync_at,
            last_success_at: state.last_success_at,
            next_sync_at,
            cursor: self.sync_cursor(&channel.id).await?,
            last_imported: state.last_imported,
            last_updated: state.last_updated,
            total_imported: state.total_imported,
            total_updated: state.total_updated,
            last_error: state.last_error,
            rejected: self.sync_rejections(&channel.id).await?,
        })
    }
}
