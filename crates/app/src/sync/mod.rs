//! Pulling a channel's orders: page after page from the stored cursor until the channel has
//! nothing more, each page imported together with the cursor after it.
//!
//! Polling with a cursor is the source of truth (webhooks only make it sooner), so this loop is
//! what every trigger ends up calling: the CLI's `sync --once`, a timer, a webhook nudge.

mod connectors;
mod failing;
mod locks;
mod report;

pub use connectors::ChannelConnectors;
pub(crate) use locks::SyncLocks;
pub use report::{RejectedOrder, SyncReport};

use waybill_core::ChannelId;
use waybill_store::SyncAttempt;
use waybill_sync::{Connector, ConnectorError, FetchedPage};

use crate::import::PreparedPage;
use crate::{App, AppError, ErrorCode};

/// A channel that keeps saying "more" without moving its cursor would loop forever.
const MAX_PAGES: u32 = 100_000;

/// A connector's failure, for people: what to fix is an input problem, the rest is not ours.
pub(crate) fn connector_error(e: &ConnectorError) -> AppError {
    let code = match e {
        ConnectorError::BadCursor(_)
        | ConnectorError::Unauthorized(_)
        | ConnectorError::Config(_)
        | ConnectorError::Unsupported(_) => ErrorCode::InvalidInput,
        _ => ErrorCode::Internal,
    };
    AppError::new(code, e.to_string())
}

impl App {
    /// Fetches and imports every page `connector` has for `channel` now. Each page and the
    /// cursor after it commit together, so an interrupted run resumes where it stopped and a
    /// repeated page changes nothing. Orders the connector could not read, and orders the import
    /// refused, are reported (and remembered for the channel's screen), never dropped silently.
    ///
    /// Every attempt is recorded for the channel's status (counts after a success, the error
    /// and its time after a failure), whoever triggered it.
    pub async fn sync_channel_once(
        &self,
        channel: &ChannelId,
        connector: &dyn Connector,
    ) -> Result<SyncReport, AppError> {
        // A poisoned lock map only loses the mutual exclusion, never the sync.
        let _one_at_a_time = self.syncing.hold(channel).await;
        let result = self.pull_pages(channel, connector).await;
        let attempt = match &result {
            Ok(r) => SyncAttempt::Succeeded {
                imported: u32::try_from(r.imported).unwrap_or(u32::MAX),
                updated: u32::try_from(r.updated).unwrap_or(u32::MAX),
            },
            Err(e) => SyncAttempt::Failed {
                error: e.message.clone(),
            },
        };
        self.record_sync_attempt(channel, &attempt).await;
        result
    }

    /// Records a sync attempt for the channel's status. A failure to record is logged, not
    /// returned: it must not hide the sync's own outcome.
    pub(crate) async fn record_sync_attempt(&self, channel: &ChannelId, attempt: &SyncAttempt) {
        let recorded = async {
            let mut tx = self.store.begin().await?;
            tx.record_sync_attempt(channel, self.now(), attempt).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = recorded {
            tracing::warn!(channel = %channel, error = %e, "sync attempt not recorded");
        }
        if let SyncAttempt::Failed { error } = attempt {
            tracing::warn!(channel = %channel, "sync failed: {error}");
        }
    }

    /// One page from the channel, its outcome noted for connectivity and `sync.failed`.
    async fn fetch_page(
        &self,
        channel: &ChannelId,
        connector: &dyn Connector,
        cursor: Option<&str>,
    ) -> Result<FetchedPage, AppError> {
        let fetched = connector.fetch_orders(cursor).await;
        self.note_exchange(fetched.as_ref().map(|_| ()));
        match fetched {
            Ok(page) => Ok(page),
            Err(e) => {
                self.sync_failed(channel, &e).await;
                Err(connector_error(&e))
            }
        }
    }

    /// One page from the channel, fetched and then prepared for its transaction (see
    /// [`crate::import::PreparedPage`]); the orders move into the prepared page.
    async fn fetch_prepared(
        &self,
        channel: &ChannelId,
        connector: &dyn Connector,
        cursor: Option<&str>,
    ) -> Result<(FetchedPage, PreparedPage), AppError> {
        let mut page = self.fetch_page(channel, connector, cursor).await?;
        let orders = std::mem::take(&mut page.orders);
        let prepared = self.prepare_page_off_thread(channel, orders).await?;
        Ok((page, prepared))
    }

    /// Pages are pipelined: while one page is written, the next is already being fetched and
    /// prepared — parsed, checked, decided by the rules, serialised — on another thread (its
    /// cursor is known before the write; it is stored only with that page's commit, so a crash
    /// still resumes after the last committed page).
    async fn pull_pages(
        &self,
        channel: &ChannelId,
        connector: &dyn Connector,
    ) -> Result<SyncReport, AppError> {
        let mut report = SyncReport::default();
        let mut cursor = self.sync_cursor(channel).await?;
        let (mut page, mut prepared) = self
            .fetch_prepared(channel, connector, cursor.as_deref())
            .await?;
        while report.pages < MAX_PAGES {
            let stalled = prepared.is_empty()
                && page.unreadable.is_empty()
                && cursor.as_deref() == Some(page.next_cursor.as_str());
            if stalled {
                break;
            }
            report.pages += 1;
            let more = page.has_more;
            let after = page.next_cursor;
            let (outcome, next) =
                tokio::join!(self.write_page(channel, prepared, Some(&after)), async {
                    match more {
                        true => Some(self.fetch_prepared(channel, connector, Some(&after)).await),
                        false => None,
                    }
                });
            let outcome = outcome?;
            let before = report.rejected.len();
            report.add_page(&outcome, page.unreadable);
            if report.rejected.len() > before {
                for r in &report.rejected[before..] {
                    tracing::warn!(channel = %channel, order = %r.external_id, reason = %r.reason, "order not imported");
                }
                self.remember_rejections(channel, &report.rejected).await?;
            }
            cursor = Some(after);
            match next {
                Some(next) => (page, prepared) = next?,
                None => break,
            }
        }
        self.sync_succeeded(channel).await?;
        Ok(report)
    }
}
