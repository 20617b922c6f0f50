//! Hand-offs owed to partner locations: claimed by the partner worker under a lease, like
//! channel effects, but never by the channel worker (whose claim only takes channel and
//! webhook effects).

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite};
use waybill_core::LocationId;

use super::{COLUMNS, Effect, decode};
use crate::codec::ms;
use crate::inventory::parse_id;
use crate::{Store, StoreError, WriteTx};

impl WriteTx {
    /// Takes up to `limit` due hand-offs owed to `locations`, oldest first, and moves their
    /// due time to `lease_until` so another worker does not take them meanwhile (a crashed
    /// worker's claims come due again when the lease ends). Hand-offs wait for nothing: each
    /// is its own shipment, keyed at the partner by the shipment id.
    pub async fn claim_due_handoffs(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        locations: &[LocationId],
        limit: u32,
    ) -> Result<Vec<Effect>, StoreError> {
        if locations.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'pending' AND kind = 'handoff' \
             AND next_attempt_at <= "
        ));
        q.push_bind(ms(now)).push(" AND location_id IN (");
        let mut list = q.separated(", ");
        for l in locations {
            list.push_bind(l.as_str());
        }
        q.push(") ORDER BY id LIMIT ").push_bind(i64::from(limit));
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
}

impl Store {
    /// Partner locations with hand-offs due at `now`, and how many each.
    pub async fn due_handoff_locations(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(LocationId, u64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT location_id, count(*) FROM outbox WHERE status = 'pending' \
             AND kind = 'handoff' AND location_id IS NOT NULL AND next_attempt_at <= ? \
             GROUP BY location_id ORDER BY location_id",
        )
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(l, n)| Ok((parse_id(l)?, n.max(0).unsigned_abs())))
            .collect()
    }
}
