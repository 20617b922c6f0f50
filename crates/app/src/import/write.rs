//! Writing a prepared page: one transaction with the cursor after it.

use std::collections::HashSet;
use std::sync::Arc;

use waybill_core::import::merge_from_channel;
use waybill_core::rules::RunCause;
use waybill_core::{Actor, ChannelId, OrderEvent};
use waybill_store::{PreparedEvent, PreparedOrder};

use super::prepare::{PreparedPage, system_checks};
use super::{ImportOutcome, cursor_key};
use crate::inventory::router::StockRouter;
use crate::rules::RulesPass;
use crate::{App, AppError};

impl App {
    /// Writes a prepared page and `cursor` in one transaction. Orders that turn out to exist
    /// already are merged instead (their prepared form is dropped); a page prepared with other
    /// rules than those in force now is decided again first.
    pub(crate) async fn write_page(
        &self,
        channel: &ChannelId,
        page: PreparedPage,
        cursor: Option<&str>,
    ) -> Result<ImportOutcome, AppError> {
        let now = page.now;
        let actor = Actor::channel(channel.as_str());
        let mut tx = self.store.begin().await?;
        // The rules as saved right now (another process may have saved a new version).
        let live = self
            .live_rules_at(tx.current_ruleset_version().await?)
            .await?;
        // Another compile (a new version, or locations changed) decides the page again.
        let mut page = match Arc::ptr_eq(&live, &page.live) {
            true => page,
            false => page.redo(channel, live.clone())?,
        };
        let ids: Vec<&str> = page
            .candidates
            .iter()
            .map(|c| c.incoming.external_id.as_str())
            .collect();
        let existing = tx.orders_by_external_id(channel, &ids).await?;
        // Stock for every SKU of the page, read under the write lock: what routing reserves.
        let mut router = StockRouter::new(&mut tx, now).await?;
        if router.is_enabled() {
            let stored_ids: Vec<&str> = existing.values().map(|s| s.order.id.as_str()).collect();
            let skus: Vec<&str> = page
                .candidates
                .iter()
                .flat_map(|c| c.order.lines.iter().map(|l| l.sku.as_str()))
                .collect();
            router.prepare(&mut tx, &skus, &stored_ids).await?;
        }
        let mut outcome = ImportOutcome {
            rejected: std::mem::take(&mut page.rejected),
            ..ImportOutcome::default()
        };
        let mut updated = RulesPass::new(&live, now, RunCause::ChannelUpdate);
        let mut rows = Vec::with_capacity(page.candidates.len());
        let mut events = Vec::new();
        let mut event_rows = Vec::new();
        let mut merged = HashSet::new();
        for mut c in page.candidates {
            let Some(stored) = existing.get(&c.incoming.external_id) else {
                let routed = router.route(&mut c.order, c.strategy.as_ref());
                if !routed.is_empty() {
                    // Routing placed or held it: its row is written as it is now.
                    c.row = PreparedOrder::new(&c.order)?;
                    for e in &routed {
                        c.event_rows.push(PreparedEvent::new(e)?);
                    }
                    c.events.extend(routed);
                }
                outcome.inserted.push(c.order.id);
                rows.push(c.row);
                events.extend(c.events);
                event_rows.extend(c.event_rows);
                continue;
            };
            merged.insert(c.order.id);
            let Some((mut order, kinds)) = merge_from_channel(&stored.order, c.incoming, now)
            else {
                outcome.unchanged += 1;
                continue;
            };
            // The channel may have broken the address: the same checks as a new order, then
            // the rules again (they keep what a person owns).
            let mut checks = system_checks(&mut order, now);
            checks.extend(updated.run(&mut order));
            checks.extend(router.route(&mut order, updated.last_strategy()));
            let next = waybill_store::StoredOrder {
                order,
                version: stored.version,
            };
            tx.update_order(&next).await?;
            let changes: Vec<OrderEvent> = OrderEvent::all(&next.order.id, now, &actor, kinds)
                .into_iter()
                .chain(checks)
                .collect();
            for e in &changes {
                event_rows.push(PreparedEvent::new(e)?);
            }
            events.extend(changes);
            outcome.updated.push(next.order.id.clone());
        }
        page.rules.forget(&merged);
        tx.insert_prepared(&rows).await?;
        router.save(&mut tx).await?;
        tx.append_events_prepared(&events, &event_rows).await?;
        page.rules.save(&mut tx).await?;
        updated.save(&mut tx).await?;
        if let Some(c) = cursor {
            tx.set_meta(&cursor_key(channel), c).await?;
        }
        tx.commit().await?;
        self.notify(outcome.inserted.clone(), "imported");
        self.notify(outcome.updated.clone(), "updated");
        Ok(outcome)
    }
}
