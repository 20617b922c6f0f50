//! Whether this machine can reach its channels, judged by the last exchange with any of them
//! (a sync page, an outbox delivery, a connection check): a connection that could not be made or
//! timed out means offline; any answer from a channel, even a refusal, means online.
//!
//! Kept in memory: it describes this process's latest exchanges, and the next one corrects it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_sync::ConnectorError;

use crate::{App, AppError};

/// The connection bar: online or not, since when, and what the outbox holds meanwhile.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Connectivity {
    /// False when the last exchange with any channel failed at the network level.
    pub online: bool,
    /// When it became offline or online (`None` until it first changed in this process).
    pub since: Option<DateTime<Utc>>,
    pub pending: u32,
    pub dead: u32,
    pub oldest_pending_at: Option<DateTime<Utc>>,
    /// The network failure that made it offline; `None` while online.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Link {
    offline: bool,
    since: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

/// The shared record of the last exchange's outcome.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkState(Arc<Mutex<Link>>);

/// Whether `e` means the channel was never reached (rather than it answering with a refusal).
pub(crate) fn is_network_failure(e: &ConnectorError) -> bool {
    matches!(
        e,
        ConnectorError::Timeout(_) | ConnectorError::Unreachable(_)
    )
}

impl App {
    /// Records how an exchange with a channel ended, at the network level.
    pub(crate) fn note_exchange(&self, outcome: Result<(), &ConnectorError>) {
        self.note_link(match outcome {
            Err(e) if is_network_failure(e) => Some(e.to_string()),
            _ => None,
        });
    }

    /// Records the network failure of the last exchange, or `None` when the other side answered.
    pub(crate) fn note_link(&self, failure: Option<String>) {
        let now = self.now();
        if let Ok(mut link) = self.link.0.lock() {
            let offline = failure.is_some();
            if link.offline != offline {
                link.offline = offline;
                link.since = Some(now);
                if offline {
                    tracing::warn!("channels unreachable: working offline");
                } else {
                    tracing::info!("channels reachable again");
                }
            }
            link.last_error = failure;
        }
    }

    /// Online or offline, and what waits in the outbox.
    pub async fn connectivity(&self) -> Result<Connectivity, AppError> {
        let link = self.link.0.lock().map(|l| l.clone()).unwrap_or_default();
        let counts = self.store.outbox_counts().await?;
        Ok(Connectivity {
            online: !link.offline,
            since: link.since,
            pending: u32::try_from(counts.pending).unwrap_or(u32::MAX),
            dead: u32::try_from(counts.dead).unwrap_or(u32::MAX),
            oldest_pending_at: self.store.oldest_pending_effect_at().await?,
            last_error: link.last_error,
        })
    }
}
