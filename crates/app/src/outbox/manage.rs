//! What a person does with the outbox: see what is waiting and what failed, send a dead effect
//! again, or settle one by hand (the tracking was typed into the channel's admin already).

use chrono::{DateTime, Utc};
use serde::Serialize;
use waybill_core::{Actor, ChannelId, OrderId};
use waybill_store::{Effect, EffectKind, EffectStatus, OutboxCounts, OutboxFilter};

use crate::{App, AppError, ErrorCode};

/// The outbox screen and `waybill outbox list`: open effects, oldest first, with counts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxView {
    pub counts: OutboxCounts,
    pub effects: Vec<EffectView>,
}

/// An outbox effect as the screen lists it: the stored row plus the order's number and the
/// channel's name, so a person recognises it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EffectView {
    // Row ids: `number` in TypeScript (the outbox stays far below 2^32 rows).
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub id: i64,
    pub kind: EffectKind,
    /// The channel it is owed to; `None` for outbound webhooks (owed to an endpoint).
    pub channel_id: Option<ChannelId>,
    /// Who it is owed to, for people: the channel's name, the webhook endpoint's URL, or the
    /// partner a hand-off is for.
    pub channel_name: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub idempotency_key: String,
    /// JSON; its shape belongs to the kind.
    pub payload: String,
    pub status: EffectStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub reference: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub write_back_ms: Option<i64>,
    pub skipped_by: Option<String>,
    pub skip_reason: Option<String>,
}

impl EffectView {
    fn new(e: Effect, channel_name: String, order_number: Option<String>) -> Self {
        EffectView {
            id: e.id,
            kind: e.kind,
            channel_id: e.channel_id,
            channel_name,
            order_id: e.order_id,
            order_number,
            idempotency_key: e.idempotency_key,
            payload: e.payload,
            status: e.status,
            attempts: e.attempts,
            next_attempt_at: e.next_attempt_at,
            last_error: e.last_error,
            created_at: e.created_at,
            delivered_at: e.delivered_at,
            reference: e.reference,
            write_back_ms: e.write_back_ms,
            skipped_by: e.skipped_by,
            skip_reason: e.skip_reason,
        }
    }
}

/// Open effects listed at most.
const LIST_LIMIT: u32 = 500;

impl App {
    /// Pending and dead effects (oldest first) and how many effects are in each status.
    pub async fn outbox(&self) -> Result<OutboxView, AppError> {
        let effects = self.store.effects(OutboxFilter::Open, LIST_LIMIT).await?;
        let names: std::collections::HashMap<ChannelId, String> = self
            .store
            .channels()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let urls: std::collections::HashMap<String, String> = self
            .store
            .webhook_endpoints()
            .await?
            .into_iter()
            .map(|w| (w.id.to_string(), format!("webhook {}", w.url)))
            .collect();
        let partners: std::collections::HashMap<String, String> = self
            .store
            .location_rows()
            .await?
            .into_iter()
            .map(|l| {
                (
                    l.location.id.to_string(),
                    format!("partner {}", l.location.name),
                )
            })
            .collect();
        let order_ids: Vec<OrderId> = effects.iter().filter_map(|e| e.order_id.clone()).collect();
        let numbers = self.store.order_numbers(&order_ids).await?;
        let effects = effects
            .into_iter()
            .map(|e| {
                let channel = match (&e.channel_id, &e.endpoint_id, &e.location_id) {
                    (Some(c), _, _) => names.get(c).cloned(),
                    (None, Some(w), _) => urls.get(&w.to_string()).cloned(),
                    (None, None, Some(l)) => partners.get(&l.to_string()).cloned(),
                    (None, None, None) => None,
                }
                .unwrap_or_default();
                let number = e.order_id.as_ref().and_then(|o| numbers.get(o).cloned());
                EffectView::new(e, channel, number)
            })
            .collect();
        Ok(OutboxView {
            counts: self.store.outbox_counts().await?,
            effects,
        })
    }

    /// Sends a dead effect again: due now, with a fresh count of attempts.
    pub async fn retry_effect(&self, id: i64) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let effect = tx
            .effect(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("outbox effect {id}")))?;
        if effect.status != EffectStatus::Dead {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "outbox effect {id} is {}; only a dead effect can be retried",
                    effect.status.as_str()
                ),
            ));
        }
        tx.revive_effect(id, self.now()).await?;
        tx.commit().await?;
        tracing::info!(effect = id, "dead effect queued again");
        Ok(())
    }

    /// Marks a pending or dead effect done without sending it, saying who and why.
    pub async fn skip_effect(&self, id: i64, reason: &str, by: &Actor) -> Result<(), AppError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("say why the effect is skipped"));
        }
        let mut tx = self.store.begin().await?;
        let effect = tx
            .effect(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("outbox effect {id}")))?;
        if effect.status == EffectStatus::Done {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("outbox effect {id} is already done"),
            ));
        }
        tx.skip_effect(id, by.as_str(), reason).await?;
        tx.commit().await?;
        tracing::info!(effect = id, by = %by, "effect skipped by a person");
        Ok(())
    }
}
