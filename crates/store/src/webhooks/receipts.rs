//! Channel webhook deliveries already acted on, by the channel's event id.

use chrono::{DateTime, Utc};
use waybill_core::ChannelId;

use crate::codec::ms;
use crate::{StoreError, WriteTx};

impl WriteTx {
    /// Records that `event_id` from `channel` arrived. Returns false when it had arrived before
    /// (a channel's retry or a replay): the caller then does nothing.
    pub async fn record_webhook_receipt(
        &mut self,
        channel: &ChannelId,
        event_id: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO webhook_receipts (channel_id, event_id, received_at) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(channel.as_str())
        .bind(event_id)
        .bind(ms(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets receipts older than `before`; returns how many.
    pub async fn prune_webhook_receipts(
        &mut self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM webhook_receipts WHERE received_at < ?")
            .bind(ms(before))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected())
    }
}
