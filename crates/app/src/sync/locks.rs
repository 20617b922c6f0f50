//! One sync of a channel at a time in this process: the timer's round and a person's "sync now"
//! wait for each other instead of pulling the same pages side by side.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;
use waybill_core::ChannelId;

#[derive(Debug, Clone, Default)]
pub(crate) struct SyncLocks(Arc<Mutex<HashMap<ChannelId, Arc<tokio::sync::Mutex<()>>>>>);

impl SyncLocks {
    /// Waits until no other sync of `channel` runs here, and holds it until the guard drops.
    pub(crate) async fn hold(&self, channel: &ChannelId) -> Option<OwnedMutexGuard<()>> {
        let lock = self
            .0
            .lock()
            .ok()?
            .entry(channel.clone())
            .or_default()
            .clone();
        Some(lock.lock_owned().await)
    }
}
