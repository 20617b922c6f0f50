//! How delivery to each outbound endpoint is going, from the outbox rows owed to it: what
//! waits, what was given up on, when a message last got through and the latest failure.

use chrono::{DateTime, Utc};
use serde::Serialize;
use waybill_core::WebhookEndpointId;

use crate::codec::time;
use crate::{Store, StoreError};

/// One endpoint's deliveries (every count zero for an endpoint nothing was owed to yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EndpointDeliveries {
    // `number` in TypeScript (an endpoint's outbox stays far below 2^32 messages).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pending: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub dead: u64,
    /// Sent and acknowledged; messages a person skipped are not counted.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub delivered: u64,
    pub last_delivered_at: Option<DateTime<Utc>>,
    /// Why the newest message still open (pending or dead) failed, if one did.
    pub last_error: Option<String>,
}

fn id(text: &str) -> Result<WebhookEndpointId, StoreError> {
    text.parse().map_err(|e| StoreError::Decode(format!("{e}")))
}

fn count(n: i64) -> u64 {
    n.max(0).unsigned_abs()
}

impl Store {
    /// Delivery facts per endpoint that was owed something; endpoints missing from the list
    /// have had nothing enqueued.
    pub async fn webhook_deliveries(
        &self,
    ) -> Result<Vec<(WebhookEndpointId, EndpointDeliveries)>, StoreError> {
        let totals: Vec<(String, i64, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT endpoint_id, \
             sum(status = 'pending'), \
             sum(status = 'dead'), \
             sum(status = 'done' AND skipped_by IS NULL), \
             max(CASE WHEN status = 'done' AND skipped_by IS NULL THEN delivered_at END) \
             FROM outbox WHERE endpoint_id IS NOT NULL GROUP BY endpoint_id ORDER BY endpoint_id",
        )
        .fetch_all(&self.pool)
        .await?;
        // The newest open message that failed, per endpoint (its id is the newest).
        let errors: Vec<(String, String)> = sqlx::query_as(
            "SELECT endpoint_id, last_error FROM outbox WHERE id IN (\
             SELECT max(id) FROM outbox WHERE endpoint_id IS NOT NULL \
             AND status <> 'done' AND last_error IS NOT NULL GROUP BY endpoint_id)",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(totals.len());
        for (endpoint, pending, dead, delivered, last) in totals {
            let last_error = errors
                .iter()
                .find(|(e, _)| *e == endpoint)
                .map(|(_, error)| error.clone());
            out.push((
                id(&endpoint)?,
                EndpointDeliveries {
                    pending: count(pending),
                    dead: count(dead),
                    delivered: count(delivered),
                    last_delivered_at: last.map(time).transpose()?,
                    last_error,
                },
            ));
        }
        Ok(out)
    }
}
