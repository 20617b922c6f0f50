//! Evaluation: a pure function of (compiled ruleset, order, context) to a decision and,
//! when asked, a trace.
//!
//! Stages run in their fixed order; inside a stage rules run by priority (ties by position).
//! A matching rule applies its actions slot by slot — a later rule's action in the same slot
//! overrides an earlier one's, tags and notes accumulate — and with `stop_processing` ends its
//! stage. A field a person owns is never set: the action is recorded as kept instead. After the
//! location stage, a location that no longer exists turns into an `unroutable` hold, so an order
//! is never silently left without a place to ship from.

use chrono::{DateTime, Utc};

use crate::order::{Order, OwnedField};
use crate::rules::action::Slot;
use crate::rules::condition::AddressCheck;
use crate::rules::decision::{Decision, Pick};
use crate::rules::facts::{Facts, owned_bit};
use crate::rules::memo::Memo;
use crate::rules::model::Stage;
use crate::rules::prefilter;
use crate::rules::program::{
    ActionKind, CRule, CompiledRuleset, NO_MEMO, Node, NodeKind, Quantifier,
};
use crate::rules::trace::{
    ActionEffect, NoTrace, Note, RuleOutcome, Sink, Trace, Tracer, Unroutable,
};

/// What evaluation needs besides the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalContext {
    /// The instant relative date conditions (`within_last_days`…) and timed holds count from.
    pub now: DateTime<Utc>,
}

impl EvalContext {
    pub fn at(now: DateTime<Utc>) -> Self {
        EvalContext { now }
    }
}

impl CompiledRuleset {
    /// Decides what the rules do to `order`; with `trace`, also says why.
    pub fn evaluate<'r>(
        &'r self,
        order: &Order,
        ctx: &EvalContext,
        trace: bool,
    ) -> (Decision<'r>, Option<Trace<'r>>) {
        if trace {
            let mut tracer = Tracer::new(self, ctx.now);
            let decision = self.run(order, ctx, &mut tracer);
            (decision, Some(tracer.finish()))
        } else {
            (self.run(order, ctx, &mut NoTrace), None)
        }
    }

    /// [`CompiledRuleset::evaluate`] without a trace.
    pub fn decide<'r>(&'r self, order: &Order, ctx: &EvalContext) -> Decision<'r> {
        self.run(order, ctx, &mut NoTrace)
    }

    fn run<'r, S: Sink>(&'r self, order: &Order, ctx: &EvalContext, sink: &mut S) -> Decision<'r> {
        let facts = Facts::new(order, ctx.now);
        let mut decision = Decision::new(self, ctx.now, order.total);
        // Without a trace, rules that certainly cannot match are skipped unevaluated.
        let excluded = if S::ON {
            [0; 4]
        } else {
            self.prefilter.excluded(&facts)
        };
        // Shared leaves, remembered across all stages of this evaluation.
        let mut memo = Memo::default();
        for stage in Stage::ALL {
            let (start, end) = self.stages[stage.index()];
            if !S::ON && self.prefilter.indexed() {
                // Fast path: visit only the enabled rules the index did not set aside.
                let candidates = self.prefilter.candidates(&excluded, start, end);
                for index in prefilter::members(candidates) {
                    let rule = &self.rules[index];
                    // Most candidates have nothing left to test once the index let them by.
                    let always = matches!(rule.fast.kind, NodeKind::Always);
                    if always || eval(&rule.fast, &facts, &mut memo, sink) {
                        decision.fired.insert(index);
                        apply_actions(index, rule, &mut decision, &facts, sink);
                        if rule.stop {
                            break;
                        }
                    }
                }
            } else {
                self.run_stage(start, end, &facts, &mut decision, &mut memo, sink);
            }
            if stage == Stage::Location {
                self.resolve_unroutable(&mut decision, &facts, sink);
            }
        }
        decision
    }

    /// Every rule of one stage, in order, telling the sink about each.
    fn run_stage<S: Sink>(
        &self,
        start: usize,
        end: usize,
        facts: &Facts<'_>,
        decision: &mut Decision<'_>,
        memo: &mut Memo,
        sink: &mut S,
    ) {
        let mut stopped_by: Option<usize> = None;
        for (index, rule) in self.rules[start..end].iter().enumerate() {
            let index = start + index;
            if !rule.enabled {
                sink.rule(index, RuleOutcome::Disabled, None);
                continue;
            }
            if let Some(by) = stopped_by {
                sink.rule(index, RuleOutcome::Skipped, Some(by));
                continue;
            }
            sink.rule(index, RuleOutcome::NotMatched, None);
            if !eval(&rule.when, facts, memo, sink) {
                continue;
            }
            sink.matched(rule.stop);
            decision.fired.insert(index);
            apply_actions(index, rule, decision, facts, sink);
            if rule.stop {
                stopped_by = Some(index);
            }
        }
    }

    /// A location action left in force that names a missing location becomes a hold.
    fn resolve_unroutable<S: Sink>(&self, d: &mut Decision<'_>, facts: &Facts<'_>, sink: &mut S) {
        let Some(pick) = d.slots[Slot::Location.index()] else {
            return;
        };
        let rule = &self.rules[pick.rule as usize];
        let ActionKind::Location {
            missing: Some(_), ..
        } = &rule.actions[pick.action as usize].kind
        else {
            return;
        };
        d.slots[Slot::Location.index()] = None;
        d.unroutable = Some(pick);
        let how = if facts.owns(OwnedField::Hold) {
            d.kept |= owned_bit(OwnedField::Hold);
            Unroutable::HoldOwned
        } else if d.slots[Slot::Hold.index()].is_some() {
            Unroutable::AlreadyHeld
        } else {
            d.slots[Slot::Hold.index()] = Some(pick);
            Unroutable::Held
        };
        sink.unroutable(pick, how);
    }
}

fn eval<S: Sink>(node: &Node, f: &Facts<'_>, memo: &mut Memo, sink: &mut S) -> bool {
    let known = if node.memo == NO_MEMO {
        None
    } else {
        memo.get(node.memo)
    };
    if !S::ON
        && let Some(known) = known
    {
        return known;
    }
    let handle = if S::ON { sink.open(node.meta) } else { 0 };
    // Tracing a shared leaf seen before: the trace records it again, the test is not rerun.
    let result = match known {
        Some(known) => known,
        None => match &node.kind {
            NodeKind::Always => true,
            NodeKind::All(children) => children.iter().all(|c| eval(c, f, memo, sink)),
            NodeKind::Any(children) => children.iter().any(|c| eval(c, f, memo, sink)),
            NodeKind::Not(inner) => !eval(inner, f, memo, sink),
            NodeKind::Lines(q, line) if S::ON && f.order.lines.len() <= 64 => {
                // Tracing: test every line once, tell the trace which matched, decide from that.
                let lines = &f.order.lines;
                let mask = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| line.test(l))
                    .fold(0u64, |m, (i, _)| m | 1 << i);
                sink.lines_matched(mask);
                let all = if lines.len() == 64 {
                    u64::MAX
                } else {
                    (1u64 << lines.len()) - 1
                };
                match q {
                    Quantifier::Any => mask != 0,
                    Quantifier::All => !lines.is_empty() && mask == all,
                    Quantifier::None => mask == 0,
                }
            }
            NodeKind::Lines(q, line) => q.test(line, &f.order.lines),
            NodeKind::Text(field, op) => op.test(f.text(*field)),
            NodeKind::Number(field, op) => op.test(f.number(*field)),
            NodeKind::Flag(field, op) => op.test(f.flag(*field)),
            NodeKind::Channel(op) => op.test(&f.order.channel_id),
            NodeKind::Payment(op) => op.test(&f.order.payment_status),
            NodeKind::Address(op) => op.test(&if f.address_valid() {
                AddressCheck::Valid
            } else {
                AddressCheck::Invalid
            }),
            NodeKind::Tags(op) => op.test(&f.order.tags),
            NodeKind::Date(field, op) => {
                op.test(f.date(*field).map(|d| d.timestamp_millis()), f.now_ms)
            }
        },
    };
    if S::ON {
        sink.close(handle, result, node, f);
    }
    if node.memo != NO_MEMO {
        memo.set(node.memo, result);
    }
    result
}

fn apply_actions<S: Sink>(
    index: usize,
    rule: &CRule,
    d: &mut Decision<'_>,
    f: &Facts<'_>,
    sink: &mut S,
) {
    if !S::ON && f.owns_nothing() {
        // Nothing to keep and nobody to tell: each action just takes its slots.
        for (ai, action) in rule.actions.iter().enumerate() {
            let pick = Pick::new(index, ai);
            let mut slots = action.slots;
            while slots != 0 {
                if let Some(slot) = d.slots.get_mut(slots.trailing_zeros() as usize) {
                    *slot = Some(pick);
                }
                slots &= slots - 1;
            }
            if action.accumulates {
                d.accumulated.insert(action.global as usize);
            }
        }
        return;
    }
    for (ai, action) in rule.actions.iter().enumerate() {
        let pick = Pick::new(index, ai);
        match &action.kind {
            ActionKind::Tag(_) => {
                if f.owns(OwnedField::Tags) {
                    d.kept |= owned_bit(OwnedField::Tags);
                    sink.action(pick, ActionEffect::Kept, Note::Kept, &[]);
                } else {
                    d.accumulated.insert(action.global as usize);
                    sink.action(pick, ActionEffect::Applied, Note::None, &[]);
                }
            }
            ActionKind::Note(_) => {
                d.accumulated.insert(action.global as usize);
                sink.action(pick, ActionEffect::Applied, Note::None, &[]);
            }
            kind => set(d, kind.slots(), pick, f, sink),
        }
    }
}

/// Puts `pick` in each of `slots` a person does not own, remembering what it replaced.
fn set<S: Sink>(d: &mut Decision<'_>, slots: &[Slot], pick: Pick, f: &Facts<'_>, sink: &mut S) {
    let mut replaced: [Pick; 2] = [pick; 2];
    let mut n_replaced = 0;
    let mut kept: [Slot; 2] = [Slot::Hold; 2];
    let mut n_kept = 0;
    for &slot in slots {
        let field = slot.owned_field();
        if f.owns(field) {
            d.kept |= owned_bit(field);
            if n_kept < kept.len() {
                kept[n_kept] = slot;
                n_kept += 1;
            }
            continue;
        }
        if let Some(previous) = d.slots[slot.index()].replace(pick)
            && previous != pick
            && !replaced[..n_replaced].contains(&previous)
            && n_replaced < replaced.len()
        {
            replaced[n_replaced] = previous;
            n_replaced += 1;
        }
    }
    if S::ON {
        let (effect, note) = if n_kept == 0 {
            (ActionEffect::Applied, Note::None)
        } else if n_kept == slots.len() {
            (ActionEffect::Kept, Note::Kept)
        } else {
            (ActionEffect::Applied, Note::PartlyKept(kept[0]))
        };
        sink.action(pick, effect, note, &replaced[..n_replaced]);
    }
}
