//! Importing a page of orders from a channel: idempotent by (channel, external id).
//!
//! A page is one transaction together with the channel's cursor, so a crash either keeps the
//! whole page and the cursor after it, or neither: re-fetching is then harmless.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use waybill_core::edit::{self, ManualAction};
use waybill_core::import::merge_from_channel;
use waybill_core::{
    Actor, ChannelId, EventKind, HoldReason, NewOrder, Order, OrderEvent, OrderId, OrderStatus,
};

use waybill_core::routing::Strategy;
use waybill_core::rules::RunCause;

use waybill_store::{PreparedEvent, PreparedOrder};

use crate::inventory::router::StockRouter;
use crate::rules::{LiveRules, PassOutput, RulesPass};
use crate::{App, AppError};

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub inserted: Vec<OrderId>,
    pub updated: Vec<OrderId>,
    pub unchanged: usize,
    /// Orders refused as malformed, with the reason; the rest of the page is still imported.
    pub rejected: Vec<(String, String)>,
}

fn cursor_key(channel: &ChannelId) -> String {
    format!("sync.cursor.{channel}")
}

/// Why a channel's order cannot be taken as it is, if it cannot.
fn malformed(o: &NewOrder) -> Option<String> {
    if o.external_id.trim().is_empty() {
        return Some("the order has no id".into());
    }
    if o.lines.is_empty() {
        return Some("the order has no lines".into());
    }
    if o.lines.iter().any(|l| l.quantity == 0) {
        return Some("a line has quantity 0".into());
    }
    if !(o.currency.len() == 3 && o.currency.chars().all(|c| c.is_ascii_uppercase())) {
        return Some(format!("`{}` is not a currency code", o.currency));
    }
    None
}

impl App {
    /// Where the channel's next fetch starts.
    pub async fn sync_cursor(&self, channel: &ChannelId) -> Result<Option<String>, AppError> {
        Ok(self.store.meta(&cursor_key(channel)).await?)
    }

    /// Imports `orders` from `channel` and, in the same transaction, records `cursor`.
    pub async fn import_orders(
        &self,
        channel: &ChannelId,
        orders: Vec<NewOrder>,
        cursor: Option<&str>,
    ) -> Result<ImportOutcome, AppError> {
        let live = self.live_rules().await?;
        let page = prepare_page(channel, orders, live, self.now())?;
        self.write_page(channel, page, cursor).await
    }

    /// [`prepare_page`] on a blocking thread: a sync decides the next page there while the
    /// current one commits.
    pub(crate) async fn prepare_page_off_thread(
        &self,
        channel: &ChannelId,
        orders: Vec<NewOrder>,
    ) -> Result<PreparedPage, AppError> {
        let live = self.live_rules().await?;
        let (channel, now) = (channel.clone(), self.now());
        tokio::task::spawn_blocking(move || prepare_page(&channel, orders, live, now))
            .await
            .map_err(|e| AppError::new(crate::ErrorCode::Internal, e.to_string()))?
    }

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

/// A page made ready away from the database: each order as it will be inserted if it is new —
/// checked, decided by the rules, serialised — and what the channel sent, for orders that turn
/// out to exist already. Nothing here needs the write lock, so it can run while the previous
/// page commits.
pub(crate) struct PreparedPage {
    now: DateTime<Utc>,
    live: Arc<LiveRules>,
    rejected: Vec<(String, String)>,
    candidates: Vec<Candidate>,
    rules: PassOutput,
}

/// One order of a prepared page.
struct Candidate {
    incoming: NewOrder,
    /// The location strategy the rules chose, for routing with stock in the transaction.
    strategy: Option<Strategy>,
    order: Order,
    row: PreparedOrder,
    events: Vec<OrderEvent>,
    event_rows: Vec<PreparedEvent>,
}

impl PreparedPage {
    /// Whether the channel sent no order at all (readable or not).
    pub(crate) fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.rejected.is_empty()
    }

    /// The same page decided by `live` instead.
    fn redo(self, channel: &ChannelId, live: Arc<LiveRules>) -> Result<PreparedPage, AppError> {
        let incoming = self.candidates.into_iter().map(|c| c.incoming).collect();
        let mut page = prepare_page(channel, incoming, live, self.now)?;
        page.rejected = self.rejected;
        Ok(page)
    }
}

/// Checks, decides and serialises `orders` as new orders of `channel`; see [`PreparedPage`].
pub(crate) fn prepare_page(
    channel: &ChannelId,
    orders: Vec<NewOrder>,
    live: Arc<LiveRules>,
    now: DateTime<Utc>,
) -> Result<PreparedPage, AppError> {
    let actor = Actor::channel(channel.as_str());
    let mut rejected = Vec::new();
    // A page may repeat an order (pagination overlap): the last copy wins, in its first place.
    let mut latest: Vec<NewOrder> = Vec::with_capacity(orders.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(orders.len());
    for o in orders {
        if let Some(why) = malformed(&o) {
            rejected.push((o.external_id.clone(), why));
            continue;
        }
        match seen.get(&o.external_id) {
            Some(&i) => latest[i] = o,
            None => {
                seen.insert(o.external_id.clone(), latest.len());
                latest.push(o);
            }
        }
    }
    let mut pass = RulesPass::new(&live, now, RunCause::Imported);
    let mut candidates = Vec::with_capacity(latest.len());
    for incoming in latest {
        let channel_status = incoming.channel_status.clone();
        let mut order = incoming.clone().into_order(OrderId::new(), channel.clone());
        let mut events = vec![OrderEvent {
            order_id: order.id.clone(),
            at: now,
            actor: actor.clone(),
            kind: EventKind::Imported { channel_status },
        }];
        events.extend(system_checks(&mut order, now));
        events.extend(pass.run(&mut order));
        candidates.push(Candidate {
            strategy: pass.last_strategy().cloned(),
            row: PreparedOrder::new(&order)?,
            event_rows: events
                .iter()
                .map(PreparedEvent::new)
                .collect::<Result<_, _>>()?,
            incoming,
            order,
            events,
        });
    }
    let rules = pass.finish();
    Ok(PreparedPage {
        now,
        live,
        rejected,
        candidates,
        rules,
    })
}

/// Checks Waybill makes on every new order before any rule: an address a carrier would reject
/// is held at once so it is fixed before anyone picks it.
fn system_checks(order: &mut Order, now: chrono::DateTime<chrono::Utc>) -> Vec<OrderEvent> {
    let problems = order.ship_to.problems();
    // A held order keeps its hold (a person or an earlier check is already on it); orders that
    // have left, or are with a partner, can no longer be stopped here.
    let can_stop = matches!(
        order.status,
        OrderStatus::AwaitingPayment | OrderStatus::Ready
    );
    if problems.is_empty() || !can_stop {
        return Vec::new();
    }
    let note = problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    let hold = ManualAction::Hold {
        reason: HoldReason::AddressInvalid,
        note,
        release_at: None,
    };
    match edit::apply(order, &hold, &Actor::system(), now) {
        Ok(kinds) => OrderEvent::all(&order.id, now, &Actor::system(), kinds),
        Err(_) => Vec::new(),
    }
}
