//! The connector for each channel of this workspace, as far as this machine can build one.
//!
//! Only the demo storefront needs nothing stored; channels of other kinds need credentials,
//! which Waybill does not store yet, so they are listed as not configured (and their effects
//! wait in the outbox) instead of failing.

use std::collections::HashMap;
use std::sync::Arc;

use waybill_core::{Channel, ChannelKind};

use crate::outbox::Connectors;
use crate::{App, AppError};

/// The connectors that could be built, and the channels that have none.
pub struct ChannelConnectors {
    pub connectors: Connectors,
    pub not_configured: Vec<Channel>,
}

impl App {
    /// A connector for every channel that can have one here.
    pub async fn channel_connectors(&self) -> Result<ChannelConnectors, AppError> {
        let demo = self.demo_workspace().await?;
        let mut connectors: Connectors = HashMap::new();
        let mut not_configured = Vec::new();
        for channel in self.store.channels().await? {
            match (&demo, channel.kind) {
                (Some(ws), ChannelKind::Demo) if ws.storefront == channel.id => {
                    connectors.insert(
                        channel.id.clone(),
                        Arc::new(crate::demo::storefront(self, ws)),
                    );
                }
                _ => not_configured.push(channel),
            }
        }
        Ok(ChannelConnectors {
            connectors,
            not_configured,
        })
    }
}
