//! What one sync run did, and the orders it could not take, kept for the channel's screen.

use serde::{Deserialize, Serialize};
use waybill_core::ChannelId;
use waybill_sync::UnreadableOrder;

use crate::import::ImportOutcome;
use crate::{App, AppError};

/// An order a sync saw but did not import, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RejectedOrder {
    pub external_id: String,
    pub number: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    pub pages: u32,
    // Counts of one run: `number` in TypeScript.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub imported: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub updated: usize,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub unchanged: usize,
    /// Unreadable on the channel's side or refused by the import; the rest was imported.
    pub rejected: Vec<RejectedOrder>,
}

impl SyncReport {
    pub(super) fn add_page(&mut self, outcome: &ImportOutcome, unreadable: Vec<UnreadableOrder>) {
        self.imported += outcome.inserted.len();
        self.updated += outcome.updated.len();
        self.unchanged += outcome.unchanged;
        self.rejected
            .extend(unreadable.into_iter().map(|u| RejectedOrder {
                external_id: u.external_id,
                number: u.number,
                reason: u.problem,
            }));
        self.rejected
            .extend(outcome.rejected.iter().map(|(id, why)| RejectedOrder {
                external_id: id.clone(),
                number: None,
                reason: why.clone(),
            }));
    }
}

fn rejections_key(channel: &ChannelId) -> String {
    format!("sync.rejected.{channel}")
}

impl App {
    /// Orders the channel's last sync could not import (empty when it imported everything).
    pub async fn sync_rejections(
        &self,
        channel: &ChannelId,
    ) -> Result<Vec<RejectedOrder>, AppError> {
        match self.store.meta(&rejections_key(channel)).await? {
            None => Ok(Vec::new()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                AppError::new(
                    crate::ErrorCode::Internal,
                    format!("stored sync rejections: {e}"),
                )
            }),
        }
    }

    pub(super) async fn remember_rejections(
        &self,
        channel: &ChannelId,
        rejected: &[RejectedOrder],
    ) -> Result<(), AppError> {
        let json = serde_json::to_string(rejected)
            .map_err(|e| AppError::new(crate::ErrorCode::Internal, e.to_string()))?;
        let mut tx = self.store.begin().await?;
        tx.set_meta(&rejections_key(channel), &json).await?;
        tx.commit().await?;
        Ok(())
    }
}
