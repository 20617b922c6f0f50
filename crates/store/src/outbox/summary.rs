//! What the outbox screen shows around the effects: the oldest one waiting, and the numbers of
//! the orders they belong to.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use waybill_core::OrderId;

use crate::codec::time;
use crate::{Store, StoreError};

impl Store {
    /// When the oldest pending effect was made (`None` when nothing is waiting).
    pub async fn oldest_pending_effect_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let oldest: Option<i64> =
            sqlx::query_scalar("SELECT min(created_at) FROM outbox WHERE status = 'pending'")
                .fetch_one(&self.pool)
                .await?;
        oldest.map(time).transpose()
    }

    /// The number people use (`#1001`) of each of `ids` that exists.
    pub async fn order_numbers(
        &self,
        ids: &[OrderId],
    ) -> Result<HashMap<OrderId, String>, StoreError> {
        let mut numbers = HashMap::with_capacity(ids.len());
        for id in ids {
            let number: Option<String> =
                sqlx::query_scalar("SELECT number FROM orders WHERE id = ?")
                    .bind(id.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
            if let Some(n) = number {
                numbers.insert(id.clone(), n);
            }
        }
        Ok(numbers)
    }
}
