//! Enqueueing effects and moving them between states, always inside a [`WriteTx`].

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::ChannelId;

use super::{COLUMNS, Destination, Effect, NewEffect, decode};
use crate::codec::ms;
use crate::{StoreError, WriteTx};

/// How a delivery attempt ended, as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptResult {
    Delivered {
        at: DateTime<Utc>,
        reference: Option<String>,
        write_back_ms: Option<i64>,
    },
    /// Try again at `next` (the attempt is counted).
    RetryAt { next: DateTime<Utc>, error: String },
    /// Given up: a person has to look.
    Dead { error: String },
}

/// Effects per multi-row INSERT: 11 columns, well under SQLite's parameter limit.
const EFFECT_BATCH: usize = 256;

impl Destination {
    /// The (channel, endpoint, location) columns: exactly one is set.
    fn columns(&self) -> (Option<&str>, Option<&str>, Option<&str>) {
        match self {
            Destination::Channel(c) => (Some(c.as_str()), None, None),
            Destination::Endpoint(id) => (None, Some(id.as_str()), None),
            Destination::Location(l) => (None, None, Some(l.as_str())),
        }
    }
}

impl WriteTx {
    /// Adds an effect; it commits or rolls back with the rest of the transaction.
    pub async fn enqueue_effect(&mut self, e: &NewEffect) -> Result<i64, StoreError> {
        let (channel, endpoint, location) = e.to.columns();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox (kind, channel_id, endpoint_id, location_id, order_id, \
             idempotency_key, payload, status, attempts, next_attempt_at, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) RETURNING id",
        )
        .bind(e.kind.as_str())
        .bind(channel)
        .bind(endpoint)
        .bind(location)
        .bind(e.order_id.as_ref().map(|o| o.as_str()))
        .bind(&e.idempotency_key)
        .bind(&e.payload)
        .bind(ms(e.due_at))
        .bind(ms(e.due_at))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(id)
    }

    /// [`enqueue_effect`](Self::enqueue_effect) for many, in multi-row statements (an import
    /// page hands dozens of shipments to partners at once).
    pub async fn enqueue_effects(&mut self, effects: &[NewEffect]) -> Result<(), StoreError> {
        for chunk in effects.chunks(EFFECT_BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO outbox (kind, channel_id, endpoint_id, location_id, order_id, \
                 idempotency_key, payload, status, attempts, next_attempt_at, created_at) ",
            );
            q.push_values(chunk, |mut b, e| {
                let (channel, endpoint, location) = e.to.columns();
                b.push_bind(e.kind.as_str())
                    .push_bind(channel)
                    .push_bind(endpoint)
                    .push_bind(location)
                    .push_bind(e.order_id.as_ref().map(|o| o.as_str()))
                    .push_bind(&e.idempotency_key)
                    .push_bind(&e.payload)
                    .push_bind("pending")
                    .push_bind(0i64)
                    .push_bind(ms(e.due_at))
                    .push_bind(ms(e.due_at));
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Takes up to `limit` due effects owed to `channels` (and, with `webhooks`, to enabled
    /// webhook endpoints), oldest first, and moves their due time to `lease_until` so another
    /// worker does not take them meanwhile. A channel's effect waits while an earlier effect of
    /// the same order for the same channel is not done (pending or dead): a cancellation never
    /// overtakes the fulfillment before it. Webhooks wait for nothing and hold nothing up: a
    /// receiver orders them by their timestamp, and a dead endpoint must not stop a shipment.
    pub async fn claim_due_effects(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        channels: &[ChannelId],
        webhooks: bool,
        limit: u32,
    ) -> Result<Vec<Effect>, StoreError> {
        if channels.is_empty() && !webhooks {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= "
        ));
        q.push_bind(ms(now)).push(" AND (o.channel_id IN (");
        let mut list = q.separated(", ");
        for c in channels {
            list.push_bind(c.as_str());
        }
        q.push(")");
        if webhooks {
            q.push(" OR o.endpoint_id IN (SELECT id FROM webhook_endpoints WHERE enabled = 1)");
        }
        q.push(
            ") AND NOT EXISTS (SELECT 1 FROM outbox e WHERE o.order_id IS NOT NULL \
             AND e.order_id = o.order_id AND e.channel_id = o.channel_id AND e.id < o.id \
             AND e.status <> 'done') ORDER BY o.id LIMIT ",
        )
        .push_bind(i64::from(limit));
        let rows = q.build().fetch_all(&mut *self.tx).await?;
        let effects = rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?;
        for e in &effects {
            sqlx::query("UPDATE outbox SET next_attempt_at = ? WHERE id = ?")
                .bind(ms(lease_until))
                .bind(e.id)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(effects)
    }

    /// Records one attempt of a pending effect. Returns false when the effect is no longer
    /// pending (a person skipped it meanwhile): nothing is changed then.
    pub async fn record_attempt(
        &mut self,
        id: i64,
        result: &AttemptResult,
    ) -> Result<bool, StoreError> {
        let q = match result {
            AttemptResult::Delivered {
                at,
                reference,
                write_back_ms,
            } => sqlx::query(
                "UPDATE outbox SET status = 'done', attempts = attempts + 1, delivered_at = ?, \
                 reference = ?, write_back_ms = ?, last_error = NULL \
                 WHERE id = ? AND status = 'pending'",
            )
            .bind(ms(*at))
            .bind(reference.clone())
            .bind(*write_back_ms),
            AttemptResult::RetryAt { next, error } => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? \
                 WHERE id = ? AND status = 'pending'",
            )
            .bind(ms(*next))
            .bind(error.clone()),
            AttemptResult::Dead { error } => sqlx::query(
                "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ? \
                 WHERE id = ? AND status = 'pending'",
            )
            .bind(error.clone()),
        };
        let done = q.bind(id).execute(&mut *self.tx).await?;
        Ok(done.rows_affected() == 1)
    }

    /// An effect inside the transaction.
    pub async fn effect(&mut self, id: i64) -> Result<Option<Effect>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.as_ref().map(decode).transpose()
    }

    /// Puts a dead effect back in the queue, due at `now`, with a fresh count of attempts (the
    /// last error stays until the next attempt, for the person who retried it).
    pub async fn revive_effect(&mut self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? \
             WHERE id = ? AND status = 'dead'",
        )
        .bind(ms(now))
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Marks an effect done without delivering it: a person decided it is not owed.
    pub async fn skip_effect(&mut self, id: i64, by: &str, reason: &str) -> Result<(), StoreError> {
        let row = sqlx::query(
            "UPDATE outbox SET status = 'done', skipped_by = ?, skip_reason = ? \
             WHERE id = ? AND status <> 'done' RETURNING id",
        )
        .bind(by)
        .bind(reason)
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await?;
        match row {
            Some(r) => {
                let _: i64 = r.try_get("id")?;
                Ok(())
            }
            None => Err(StoreError::Conflict),
        }
    }
}

impl WriteTx {
    /// Gives a claimed effect back untouched (its due time as it was before the claim).
    pub async fn release_claim(&mut self, id: i64, due: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending'")
            .bind(ms(due))
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}
