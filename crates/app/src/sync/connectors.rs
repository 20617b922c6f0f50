//! The connector for each channel of this workspace, as far as this machine can build one: the
//! demo storefront needs nothing stored; Shopify and WooCommerce channels are built from their
//! stored settings and the secrets in the credential store. The rest are listed as not
//! configured (and their effects wait in the outbox) instead of failing.

use std::collections::{HashMap, HashSet};

use waybill_core::{Channel, ChannelId};

use crate::outbox::Connectors;
use crate::{App, AppError};

/// The connectors that could be built, and the channels that have none.
pub struct ChannelConnectors {
    pub connectors: Connectors,
    pub not_configured: Vec<Channel>,
    /// Channels a person paused: scheduled work leaves them alone (they have a connector all
    /// the same, for work done by hand).
    pub paused: HashSet<ChannelId>,
}

impl ChannelConnectors {
    /// The connectors scheduled work may use: those of channels that are not paused.
    pub fn unpaused(&self) -> Connectors {
        self.connectors
            .iter()
            .filter(|(id, _)| !self.paused.contains(*id))
            .map(|(id, c)| (id.clone(), c.clone()))
            .collect()
    }
}

impl App {
    /// A connector for every channel that can have one here.
    pub async fn channel_connectors(&self) -> Result<ChannelConnectors, AppError> {
        let demo = self.demo_workspace().await?;
        let configs = self.store.channel_configs().await?;
        let mut connectors: Connectors = HashMap::new();
        let mut not_configured = Vec::new();
        let mut paused = HashSet::new();
        for channel in self.store.channels().await? {
            let config = configs.iter().find(|c| c.channel_id == channel.id);
            if config.is_some_and(|c| c.paused) {
                paused.insert(channel.id.clone());
            }
            match self.connector_for(&channel, config, demo.as_ref(), None) {
                Ok(c) => {
                    connectors.insert(channel.id.clone(), c);
                }
                Err(e) => {
                    if config.is_some() {
                        tracing::debug!(channel = %channel.id, "no connector: {}", e.message);
                    }
                    not_configured.push(channel);
                }
            }
        }
        Ok(ChannelConnectors {
            connectors,
            not_configured,
            paused,
        })
    }
}
