//! `sync.failed`: subscribers hear when a channel's sync starts failing (once, not on every
//! failed retry of a channel that is down for an hour) and again only after a sync succeeded.

use waybill_core::ChannelId;
use waybill_core::webhook::{SyncFailure, WebhookEventType};
use waybill_sync::ConnectorError;

use crate::{App, AppError};

/// Set while a channel's syncs fail: when the first failure was.
fn failing_key(channel: &ChannelId) -> String {
    format!("sync.failing.{channel}")
}

impl App {
    /// Records a failed sync; the first of a run of failures enqueues `sync.failed`. Never
    /// fails itself: the sync's own error is what the caller reports.
    pub(super) async fn sync_failed(&self, channel: &ChannelId, error: &ConnectorError) {
        if let Err(e) = self.note_sync_failure(channel, error).await {
            tracing::warn!(channel = %channel, code = ?e.code, "could not record the failed sync: {}", e.message);
        }
    }

    async fn note_sync_failure(
        &self,
        channel: &ChannelId,
        error: &ConnectorError,
    ) -> Result<(), AppError> {
        let now = self.now();
        let key = failing_key(channel);
        let name = self
            .store
            .channels()
            .await?
            .into_iter()
            .find(|c| &c.id == channel)
            .map(|c| c.name)
            .unwrap_or_default();
        let mut tx = self.store.begin().await?;
        if tx.meta(&key).await?.is_none() {
            tx.set_meta(&key, &now.to_rfc3339()).await?;
            let data = SyncFailure {
                channel_id: channel.clone(),
                channel_name: name,
                error: error.to_string(),
            };
            tx.enqueue_webhook(WebhookEventType::SyncFailed, now, &data)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A sync went through: the next failure is news again.
    pub(super) async fn sync_succeeded(&self, channel: &ChannelId) -> Result<(), AppError> {
        let key = failing_key(channel);
        if self.store.meta(&key).await?.is_some() {
            let mut tx = self.store.begin().await?;
            tx.delete_meta(&key).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
