//! Importing a page of orders from a channel: idempotent by (channel, external id).
//!
//! A page is one transaction together with the channel's cursor, so a crash either keeps the
//! whole page and the cursor after it, or neither: re-fetching is then harmless.

use std::collections::HashMap;

use waybill_core::edit::{self, ManualAction};
use waybill_core::import::merge_from_channel;
use waybill_core::{
    Actor, ChannelId, EventKind, HoldReason, NewOrder, Order, OrderEvent, OrderId, OrderStatus,
};

use waybill_core::rules::RunCause;

use crate::inventory::router::StockRouter;
use crate::rules::RulesPass;
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
        let now = self.now();
        let actor = Actor::channel(channel.as_str());
        let mut outcome = ImportOutcome::default();
        // A page may repeat an order (pagination overlap): the last copy wins.
        let mut latest: HashMap<String, NewOrder> = HashMap::with_capacity(orders.len());
        for o in orders {
            match malformed(&o) {
                Some(why) => outcome.rejected.push((o.external_id.clone(), why)),
                None => {
                    latest.insert(o.external_id.clone(), o);
                }
            }
        }
        let mut tx = self.store.begin().await?;
        // The rules as saved right now (another process may have saved a new version).
        let live = self
            .live_rules_at(tx.current_ruleset_version().await?)
            .await?;
        let mut imported = RulesPass::new(&live, now, RunCause::Imported);
        let mut updated = RulesPass::new(&live, now, RunCause::ChannelUpdate);
        let ids: Vec<&str> = latest.keys().map(String::as_str).collect();
        let existing = tx.orders_by_external_id(channel, &ids).await?;
        // Stock for every SKU of the page, read under the write lock: what routing reserves.
        let mut router = StockRouter::new(&mut tx, now).await?;
        let stored_ids: Vec<&str> = existing.values().map(|s| s.order.id.as_str()).collect();
        let skus: Vec<&str> = latest
            .values()
            .flat_map(|o| o.lines.iter().map(|l| l.sku.as_str()))
            .collect();
        router.prepare(&mut tx, &skus, &stored_ids).await?;
        let mut new_orders: Vec<Order> = Vec::new();
        let mut events: Vec<OrderEvent> = Vec::new();
        for (external_id, incoming) in latest {
            match existing.get(&external_id) {
                Some(stored) => match merge_from_channel(&stored.order, incoming, now) {
                    Some((mut order, kinds)) => {
                        // The channel may have broken the address: the same checks as a new order,
                        // then the rules again (they keep what a person owns).
                        let mut checks = system_checks(&mut order, now);
                        checks.extend(updated.run(&mut order));
                        checks.extend(router.route(&mut order, updated.last_strategy()));
                        let next = waybill_store::StoredOrder {
                            order,
                            version: stored.version,
                        };
                        tx.update_order(&next).await?;
                        events.extend(OrderEvent::all(&next.order.id, now, &actor, kinds));
                        events.extend(checks);
                        outcome.updated.push(next.order.id.clone());
                    }
                    None => outcome.unchanged += 1,
                },
                None => {
                    let channel_status = incoming.channel_status.clone();
                    let mut order = incoming.into_order(OrderId::new(), channel.clone());
                    events.push(OrderEvent {
                        order_id: order.id.clone(),
                        at: now,
                        actor: actor.clone(),
                        kind: EventKind::Imported { channel_status },
                    });
                    events.extend(system_checks(&mut order, now));
                    events.extend(imported.run(&mut order));
                    events.extend(router.route(&mut order, imported.last_strategy()));
                    outcome.inserted.push(order.id.clone());
                    new_orders.push(order);
                }
            }
        }
        tx.insert_orders(&new_orders).await?;
        router.save(&mut tx).await?;
        tx.append_events(&events).await?;
        imported.save(&mut tx).await?;
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
