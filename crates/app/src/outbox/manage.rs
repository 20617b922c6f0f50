//! What a person does with the outbox: see what is waiting and what failed, send a dead effect
//! again, or settle one by hand (the tracking was typed into the channel's admin already).

use serde::Serialize;
use waybill_core::Actor;
use waybill_store::{Effect, EffectStatus, OutboxCounts, OutboxFilter};

use crate::{App, AppError, ErrorCode};

/// The outbox screen and `waybill outbox list`: open effects, oldest first, with counts.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxView {
    pub counts: OutboxCounts,
    pub effects: Vec<Effect>,
}

/// Open effects listed at most.
const LIST_LIMIT: u32 = 500;

impl App {
    /// Pending and dead effects (oldest first) and how many effects are in each status.
    pub async fn outbox(&self) -> Result<OutboxView, AppError> {
        Ok(OutboxView {
            counts: self.store.outbox_counts().await?,
            effects: self.store.effects(OutboxFilter::Open, LIST_LIMIT).await?,
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
