//! A page made ready before its transaction: every order checked, decided by the rules and
//! serialised as it would be inserted, on a blocking thread while the previous page commits.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use waybill_core::edit::{self, ManualAction};
use waybill_core::routing::Strategy;
use waybill_core::rules::RunCause;
use waybill_core::{
    Actor, ChannelId, EventKind, HoldReason, NewOrder, Order, OrderEvent, OrderId, OrderStatus,
};
use waybill_store::{PreparedEvent, PreparedOrder};

use crate::AppError;
use crate::rules::{LiveRules, PassOutput, RulesPass};

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

/// A page made ready away from the database: each order as it will be inserted if it is new —
/// checked, decided by the rules, serialised — and what the channel sent, for orders that turn
/// out to exist already. Nothing here needs the write lock, so it can run while the previous
/// page commits.
pub(crate) struct PreparedPage {
    pub(super) now: DateTime<Utc>,
    pub(super) live: Arc<LiveRules>,
    pub(super) rejected: Vec<(String, String)>,
    pub(super) candidates: Vec<Candidate>,
    pub(super) rules: PassOutput,
}

/// One order of a prepared page.
pub(super) struct Candidate {
    pub(super) incoming: NewOrder,
    /// The location strategy the rules chose, for routing with stock in the transaction.
    pub(super) strategy: Option<Strategy>,
    pub(super) order: Order,
    pub(super) row: PreparedOrder,
    pub(super) events: Vec<OrderEvent>,
    pub(super) event_rows: Vec<PreparedEvent>,
}

impl PreparedPage {
    /// Whether the channel sent no order at all (readable or not).
    pub(crate) fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.rejected.is_empty()
    }

    /// The same page decided by `live` instead.
    pub(super) fn redo(
        self,
        channel: &ChannelId,
        live: Arc<LiveRules>,
    ) -> Result<PreparedPage, AppError> {
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
pub(super) fn system_checks(
    order: &mut Order,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<OrderEvent> {
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
