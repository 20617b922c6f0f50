//! The order event log: appended in the same transaction as the change it records.

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{OrderEvent, OrderId};

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

const EVENT_BATCH: usize = 1000;

impl WriteTx {
    pub async fn append_events(&mut self, events: &[OrderEvent]) -> Result<(), StoreError> {
        for chunk in events.chunks(EVENT_BATCH) {
            let data = chunk
                .iter()
                .map(|e| serde_json::to_string(&e.kind))
                .collect::<Result<Vec<_>, _>>()?;
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO order_events (order_id, at, actor, kind, data) ",
            );
            q.push_values(chunk.iter().zip(&data), |mut b, (e, d)| {
                b.push_bind(e.order_id.as_str())
                    .push_bind(ms(e.at))
                    .push_bind(e.actor.as_str())
                    .push_bind(e.kind.name())
                    .push_bind(d);
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}

impl Store {
    /// An order's timeline, oldest first.
    pub async fn order_events(&self, id: &OrderId) -> Result<Vec<OrderEvent>, StoreError> {
        let rows =
            sqlx::query("SELECT at, actor, data FROM order_events WHERE order_id = ? ORDER BY seq")
                .bind(id.as_str())
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let actor: String = r.try_get("actor")?;
                let data: String = r.try_get("data")?;
                Ok(OrderEvent {
                    order_id: id.clone(),
                    at: time(r.try_get("at")?)?,
                    actor: actor
                        .parse()
                        .map_err(|e| StoreError::Decode(format!("{e}")))?,
                    kind: serde_json::from_str(&data)?,
                })
            })
            .collect()
    }
}
