//! Reading the outbox for the screen and the CLI: what is waiting, what needs a person.

use chrono::{DateTime, Utc};
use serde::Serialize;
use waybill_core::ChannelId;

use super::{COLUMNS, Effect, EffectStatus, decode};
use crate::codec::ms;
use crate::{Store, StoreError};

/// Which effects to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxFilter {
    /// Pending and dead: everything not settled.
    Open,
    Only(EffectStatus),
}

/// Effects per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxCounts {
    // `number` in TypeScript (an outbox stays far below 2^32 effects).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub pending: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub done: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub dead: u64,
}

impl Store {
    /// Effects matching `filter`, oldest first, at most `limit`.
    pub async fn effects(
        &self,
        filter: OutboxFilter,
        limit: u32,
    ) -> Result<Vec<Effect>, StoreError> {
        let condition = match filter {
            OutboxFilter::Open => "status IN ('pending', 'dead')".to_owned(),
            OutboxFilter::Only(s) => format!("status = '{}'", s.as_str()),
        };
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE {condition} ORDER BY id LIMIT ?"
        ))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode).collect()
    }

    /// One effect by id.
    pub async fn effect(&self, id: i64) -> Result<Option<Effect>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(decode).transpose()
    }

    /// How many effects are in each status.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, count(*) FROM outbox GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
        let mut c = OutboxCounts::default();
        for (status, n) in rows {
            let n = n.max(0).unsigned_abs();
            match EffectStatus::parse(&status) {
                Some(EffectStatus::Pending) => c.pending = n,
                Some(EffectStatus::Done) => c.done = n,
                Some(EffectStatus::Dead) => c.dead = n,
                None => {}
            }
        }
        Ok(c)
    }

    /// Channels with effects due at `now`, and how many each.
    pub async fn due_effect_channels(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(ChannelId, u64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT channel_id, count(*) FROM outbox WHERE status = 'pending' \
             AND channel_id IS NOT NULL AND next_attempt_at <= ? \
             GROUP BY channel_id ORDER BY channel_id",
        )
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(c, n)| {
                let id = c.parse().map_err(|e| StoreError::Decode(format!("{e}")))?;
                Ok((id, n.max(0).unsigned_abs()))
            })
            .collect()
    }
}
