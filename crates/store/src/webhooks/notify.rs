//! Outbound webhooks are enqueued where order events are written: [`WriteTx::append_events`]
//! calls [`WriteTx::enqueue_order_webhooks`], so every change that lands on an order's timeline
//! (an import, a hold, a release, a route, a shipment, a cancellation) owes its subscribers a
//! message in the same transaction, without each use case having to remember to.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use waybill_core::webhook::{OrderChange, OrderSnapshot, WebhookEventType, WebhookMessage};
use waybill_core::{OrderEvent, OrderId, WebhookEndpointId};

use crate::codec::ms;
use crate::{StoreError, WriteTx};

/// Enabled endpoints and what each subscribed to.
type Subscriptions = Vec<(WebhookEndpointId, Vec<WebhookEventType>)>;

impl WriteTx {
    async fn subscriptions(&mut self) -> Result<Subscriptions, StoreError> {
        let rows = sqlx::query("SELECT id, events FROM webhook_endpoints WHERE enabled = 1")
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let events: String = r.try_get("events")?;
                Ok((
                    id.parse().map_err(|e| StoreError::Decode(format!("{e}")))?,
                    WebhookEventType::parse_list(&events).map_err(StoreError::Decode)?,
                ))
            })
            .collect()
    }

    /// One message per order event a subscriber asked for, carrying the order as it is in this
    /// transaction (callers write the order before its events). Costs one small query when no
    /// endpoint is configured.
    pub(crate) async fn enqueue_order_webhooks(
        &mut self,
        events: &[OrderEvent],
    ) -> Result<(), StoreError> {
        let subscriptions = self.subscriptions().await?;
        if subscriptions.is_empty() {
            return Ok(());
        }
        let mut snapshots: HashMap<OrderId, OrderSnapshot> = HashMap::new();
        for event in events {
            let Some(event_type) = WebhookEventType::for_event(&event.kind) else {
                continue;
            };
            let to: Vec<&WebhookEndpointId> = subscriptions
                .iter()
                .filter(|(_, types)| types.contains(&event_type))
                .map(|(id, _)| id)
                .collect();
            if to.is_empty() {
                continue;
            }
            let order = match snapshots.get(&event.order_id) {
                Some(s) => s.clone(),
                None => {
                    let Some(stored) = self.order(&event.order_id).await? else {
                        continue;
                    };
                    let s = OrderSnapshot::of(&stored.order);
                    snapshots.insert(event.order_id.clone(), s.clone());
                    s
                }
            };
            let data = OrderChange {
                order,
                actor: event.actor.clone(),
                change: event.kind.clone(),
            };
            let body = serde_json::to_string(&WebhookMessage::new(event_type, event.at, data))?;
            for endpoint in to {
                self.insert_message(endpoint, Some(&event.order_id), &body, event.at)
                    .await?;
            }
        }
        Ok(())
    }

    /// Enqueues `data` as an `event_type` message, at `at`, for every enabled endpoint
    /// subscribed to it (for events that are not an order's, such as `sync.failed`). Returns how
    /// many messages were enqueued.
    pub async fn enqueue_webhook<T: Serialize>(
        &mut self,
        event_type: WebhookEventType,
        at: DateTime<Utc>,
        data: &T,
    ) -> Result<usize, StoreError> {
        let body = serde_json::to_string(&WebhookMessage::new(event_type, at, data))?;
        let mut n = 0;
        for (endpoint, types) in self.subscriptions().await? {
            if types.contains(&event_type) {
                self.insert_message(&endpoint, None, &body, at).await?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// One outbox row: its idempotency key is the message's `webhook-id` (`msg_<ULID>`), the
    /// same on every attempt, so a receiver can drop a redelivery.
    async fn insert_message(
        &mut self,
        endpoint: &WebhookEndpointId,
        order: Option<&OrderId>,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO outbox (kind, endpoint_id, order_id, idempotency_key, payload, status, \
             attempts, next_attempt_at, created_at) \
             VALUES ('webhook', ?, ?, ?, ?, 'pending', 0, ?, ?)",
        )
        .bind(endpoint.as_str())
        .bind(order.map(OrderId::as_str))
        .bind(format!("msg_{}", ulid::Ulid::new()))
        .bind(body)
        .bind(ms(at))
        .bind(ms(at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
