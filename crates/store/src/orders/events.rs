//! The order event log: appended in the same transaction as the change it records.

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::{OrderEvent, OrderId};

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

const EVENT_BATCH: usize = 1000;

/// An event turned into its row ahead of the write (see `PreparedOrder`).
#[derive(Debug, Clone)]
pub struct PreparedEvent {
    order_id: String,
    at: i64,
    actor: String,
    kind: &'static str,
    data: String,
}

impl PreparedEvent {
    pub fn new(e: &OrderEvent) -> Result<Self, StoreError> {
        Ok(PreparedEvent {
            order_id: e.order_id.to_string(),
            at: ms(e.at),
            actor: e.actor.to_string(),
            kind: e.kind.name(),
            data: serde_json::to_string(&e.kind)?,
        })
    }
}

impl WriteTx {
    /// Appends a change's timeline entries, and enqueues the outbound webhooks they owe
    /// subscribed endpoints (`order.shipped`, …) in the same transaction. Write the order first:
    /// the messages carry it as it is now.
    pub async fn append_events(&mut self, events: &[OrderEvent]) -> Result<(), StoreError> {
        let prepared = events
            .iter()
            .map(PreparedEvent::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.append_prepared_events(&prepared).await?;
        self.enqueue_order_webhooks(events).await
    }

    /// [`append_events`](Self::append_events) with the events' rows prepared ahead (`rows`
    /// are `events`, turned into rows by [`PreparedEvent::new`]).
    pub async fn append_events_prepared(
        &mut self,
        events: &[OrderEvent],
        rows: &[PreparedEvent],
    ) -> Result<(), StoreError> {
        self.append_prepared_events(rows).await?;
        self.enqueue_order_webhooks(events).await
    }

    /// Appends rows prepared ahead (bulk history, such as the demo's seed): no webhooks are
    /// sent for them, since nothing happened now.
    pub async fn append_prepared_events(
        &mut self,
        events: &[PreparedEvent],
    ) -> Result<(), StoreError> {
        for chunk in events.chunks(EVENT_BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO order_events (order_id, at, actor, kind, data) ",
            );
            q.push_values(chunk, |mut b, e| {
                b.push_bind(e.order_id.as_str())
                    .push_bind(e.at)
                    .push_bind(e.actor.as_str())
                    .push_bind(e.kind)
                    .push_bind(e.data.as_str());
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
