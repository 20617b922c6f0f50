//! Running the rules in force on orders inside a write transaction: on import, on a channel
//! update, when a hold lifts and when a person asks for a re-run.
//!
//! A [`RulesPass`] runs the rules on each order it is handed (changing it in place, returning
//! the timeline events), remembers each order's decision and trace, counts rule hits, and saves
//! all of that in the caller's transaction, so the order, its events and its "why" commit
//! together.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use waybill_core::edit::status_after_release;
use waybill_core::routing::Strategy;
use waybill_core::rules::{
    CompiledRuleset, Decision, DecisionRecord, EvalContext, PackedRun, RunCause, Trace,
    apply_record,
};
use waybill_core::{Actor, EventKind, HoldReason, Order, OrderEvent, OrderId, OrderStatus};
use waybill_store::WriteTx;

use super::live::LiveRules;
use crate::AppError;

/// Statuses the rules act on: the order has not left Waybill's hands.
pub const RULE_STATUSES: [OrderStatus; 3] = [
    OrderStatus::AwaitingPayment,
    OrderStatus::OnHold,
    OrderStatus::Ready,
];

pub(crate) struct RulesPass<'a> {
    live: &'a LiveRules,
    now: DateTime<Utc>,
    cause: RunCause,
    out: PassOutput,
    /// The location strategy of the last order run, for the routing that follows it.
    last_strategy: Option<Strategy>,
}

/// What a pass leaves to save: each order's run and the rules that fired on it. Owned, so a
/// page decided ahead of its transaction can carry it there.
#[derive(Default)]
pub(crate) struct PassOutput {
    day: i64,
    runs: Vec<(OrderId, PackedRun)>,
    fired: Vec<(OrderId, Vec<String>)>,
}

impl PassOutput {
    /// Drops what was decided for `orders` (they are not written after all).
    pub(crate) fn forget(&mut self, orders: &HashSet<OrderId>) {
        if !orders.is_empty() {
            self.runs.retain(|(id, _)| !orders.contains(id));
            self.fired.retain(|(id, _)| !orders.contains(id));
        }
    }

    /// Saves the decisions, traces and hit counts in `tx`.
    pub(crate) async fn save(self, tx: &mut WriteTx) -> Result<(), AppError> {
        let mut hits: HashMap<(String, i64), i64> = HashMap::new();
        for rule in self.fired.into_iter().flat_map(|(_, rules)| rules) {
            *hits.entry((rule, self.day)).or_default() += 1;
        }
        tx.save_rules_runs(&self.runs).await?;
        tx.add_rule_hits(&hits).await?;
        Ok(())
    }
}

impl<'a> RulesPass<'a> {
    pub(crate) fn new(live: &'a LiveRules, now: DateTime<Utc>, cause: RunCause) -> Self {
        RulesPass {
            live,
            now,
            cause,
            out: PassOutput {
                day: now.timestamp().div_euclid(86_400),
                ..PassOutput::default()
            },
            last_strategy: None,
        }
    }

    /// Runs the rules on `order` and returns the events to append (empty when nothing changed).
    pub(crate) fn run(&mut self, order: &mut Order) -> Vec<OrderEvent> {
        self.last_strategy = None;
        if !RULE_STATUSES.contains(&order.status) {
            return Vec::new();
        }
        let (kinds, decision, record, trace) = decide(&self.live.compiled, order, self.now, true);
        self.last_strategy = record.location_strategy.as_ref().map(|d| d.value.clone());
        if !record.fired.is_empty() {
            let fired = record.fired.iter().map(|f| f.rule_id.to_string()).collect();
            self.out.fired.push((order.id.clone(), fired));
        }
        let events = kinds
            .into_iter()
            .map(|kind| OrderEvent {
                order_id: order.id.clone(),
                at: self.now,
                actor: actor_for(&kind, &record),
                kind,
            })
            .collect();
        if !self.live.is_empty() {
            // Packed: names and descriptions are the ruleset version's, read back with it.
            self.out.runs.push((
                order.id.clone(),
                PackedRun {
                    ruleset_version: record.ruleset_version,
                    ran_at: self.now,
                    cause: self.cause,
                    decision: decision.pack(),
                    trace: trace.map(|t| t.pack()),
                },
            ));
        }
        events
    }

    /// The location strategy the rules chose for the order [`RulesPass::run`] last saw.
    pub(crate) fn last_strategy(&self) -> Option<&Strategy> {
        self.last_strategy.as_ref()
    }

    /// What to save; see [`PassOutput`].
    pub(crate) fn finish(self) -> PassOutput {
        self.out
    }

    /// Saves the decisions, traces and hit counts in `tx`.
    pub(crate) async fn save(self, tx: &mut WriteTx) -> Result<(), AppError> {
        self.out.save(tx).await
    }
}

/// What re-running `compiled` on `order` does to it: the same for a real run and a dry run.
///
/// Before the rules, a hold Waybill's own address check placed lifts if the address now passes
/// (a person fixed it); the rules may then hold the order again for any reason of theirs.
pub(crate) fn rerun(
    compiled: &CompiledRuleset,
    order: &mut Order,
    now: DateTime<Utc>,
    trace: bool,
) -> (
    Vec<EventKind>,
    DecisionRecord,
    Option<waybill_core::rules::TraceReport>,
) {
    let (kinds, _, record, trace) = decide(compiled, order, now, trace);
    (kinds, record, trace.map(|t| t.report()))
}

/// [`rerun`] with the decision and trace as evaluation gave them, for a caller that packs them.
fn decide<'r>(
    compiled: &'r CompiledRuleset,
    order: &mut Order,
    now: DateTime<Utc>,
    trace: bool,
) -> (
    Vec<EventKind>,
    Decision<'r>,
    DecisionRecord,
    Option<Trace<'r>>,
) {
    let mut kinds = lift_fixed_address_hold(order);
    let (decision, trace) = compiled.evaluate(order, &EvalContext::at(now), trace);
    let record = decision.record();
    kinds.extend(apply_record(order, &record, now));
    (kinds, decision, record, trace)
}

fn lift_fixed_address_hold(order: &mut Order) -> Vec<EventKind> {
    let system_address_hold = order.status == OrderStatus::OnHold
        && order.hold.as_ref().is_some_and(|h| {
            h.reason == HoldReason::AddressInvalid && h.placed_by == Actor::system()
        });
    if !system_address_hold || !order.ship_to.problems().is_empty() {
        return Vec::new();
    }
    let next = status_after_release(order.payment_status);
    if order.status.check_transition(next).is_err() {
        return Vec::new();
    }
    order.status = next;
    order.hold = None;
    vec![EventKind::Released {
        reason: HoldReason::AddressInvalid,
        note: "the address now passes the checks".to_owned(),
    }]
}

/// Who the timeline credits: the rule that made the change, or Waybill itself.
fn actor_for(kind: &EventKind, record: &DecisionRecord) -> Actor {
    let rule = match kind {
        EventKind::RuleApplied { rule, .. } => Some(rule.clone()),
        EventKind::Held { .. } => record.hold.as_ref().map(|h| h.rule_id.to_string()),
        EventKind::Routed { .. } => record
            .location
            .as_ref()
            .map(|d| d.rule_id.to_string())
            .or_else(|| record.service.as_ref().map(|d| d.rule_id.to_string()))
            .or_else(|| record.carrier.as_ref().map(|d| d.rule_id.to_string())),
        EventKind::TagAdded { tag } => record
            .tags
            .iter()
            .find(|t| &t.value == tag)
            .map(|t| t.rule_id.to_string()),
        EventKind::NoteAdded { note } => record
            .notes
            .iter()
            .find(|n| &n.value == note)
            .map(|n| n.rule_id.to_string()),
        _ => None,
    };
    rule.map_or_else(Actor::system, |r| Actor::rule(&r))
}
