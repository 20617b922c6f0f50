//! Running the rules in force on orders inside a write transaction: on import, on a channel
//! update, when a hold lifts and when a person asks for a re-run.
//!
//! A [`RulesPass`] runs the rules on each order it is handed (changing it in place, returning
//! the timeline events), remembers each order's decision and trace, counts rule hits, and saves
//! all of that in the caller's transaction, so the order, its events and its "why" commit
//! together.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use waybill_core::edit::status_after_release;
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
    runs: Vec<(OrderId, PackedRun)>,
    hits: HashMap<(String, i64), i64>,
}

impl<'a> RulesPass<'a> {
    pub(crate) fn new(live: &'a LiveRules, now: DateTime<Utc>, cause: RunCause) -> Self {
        RulesPass {
            live,
            now,
            cause,
            runs: Vec::new(),
            hits: HashMap::new(),
        }
    }

    /// Runs the rules on `order` and returns the events to append (empty when nothing changed).
    pub(crate) fn run(&mut self, order: &mut Order) -> Vec<OrderEvent> {
        if !RULE_STATUSES.contains(&order.status) {
            return Vec::new();
        }
        let (kinds, decision, record, trace) = decide(&self.live.compiled, order, self.now, true);
        let day = self.now.timestamp().div_euclid(86_400);
        for fired in &record.fired {
            *self
                .hits
                .entry((fired.rule_id.to_string(), day))
                .or_default() += 1;
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
            // Packed: the names and descriptions are the ruleset version's, read with it.
            self.runs.push((
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

    /// Saves the decisions, traces and hit counts in `tx`.
    pub(crate) async fn save(self, tx: &mut WriteTx) -> Result<(), AppError> {
        tx.save_rules_runs(&self.runs).await?;
        tx.add_rule_hits(&self.hits).await?;
        Ok(())
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
