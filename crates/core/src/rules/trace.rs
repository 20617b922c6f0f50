//! Why an order ended up where it is: every rule considered, each condition with the value it
//! saw and its result, each action with what became of it.
//!
//! A trace is only built when asked for. Evaluation is generic over a [`Sink`]; the sink used
//! when tracing is off is a zero-sized type whose methods are empty, so the compiler removes
//! every tracing call and the fast path pays nothing.
//!
//! When tracing is on, the record is kept compact so that it stays cheap: [`Trace`] borrows every
//! name, path and description from the compiled ruleset, holds flat lists of small entries, and
//! writes the values conditions saw into one text buffer (each field's value once). It
//! serialises — or turns into the owned [`TraceReport`] with [`Trace::report`] — in the nested
//! shape people read. Groups stop at the first deciding condition, as without a trace; the
//! conditions that did not need evaluating are listed with no result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::action::Slot;
use crate::rules::compile::missing_location;
use crate::rules::decision::Pick;
use crate::rules::facts::Facts;
use crate::rules::model::Stage;
use crate::rules::program::{
    ActionKind, CompiledRuleset, NO_MEMO, NO_SEEN, Node, NodeKind, Quantifier,
};
use crate::rules::seen::{lines_text, seen};

mod pack;

pub use pack::UnpackError;

/// What happened to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RuleOutcome {
    Matched,
    NotMatched,
    /// The rule is switched off.
    Disabled,
    /// An earlier rule of the stage matched and stopped processing.
    Skipped,
}

/// What became of an action of a matching rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActionEffect {
    /// In the decision (possibly overridden later: see `overridden_by`).
    Applied,
    /// Not applied: a person owns the field.
    Kept,
    /// It named a location that does not exist: the order is held `unroutable` instead.
    Unroutable,
}

/// Why an unroutable location did or did not become a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unroutable {
    Held,
    AlreadyHeld,
    HoldOwned,
}

/// The words attached to an action, made only when the trace is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    None,
    /// Every slot of the action is owned by a person.
    Kept,
    /// One slot of a two-slot action (carrier / service) is owned by a person.
    PartlyKept(Slot),
    Unroutable(Unroutable),
}

pub(crate) const KEPT: &str = "kept: set by a person";

/// What a leaf condition looked at, when that depends only on the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeenKey {
    Text(u8),
    Number(u8),
    Flag(u8),
    Date(u8),
    Channel,
    Payment,
    Address,
    Tags,
}

impl SeenKey {
    /// Room for every key: 10 text, 4 number, 2 flag and 2 date fields, and four more.
    const SLOTS: usize = 22;

    /// A distinct index below [`SeenKey::SLOTS`] per key.
    pub(crate) fn slot(self) -> usize {
        match self {
            SeenKey::Text(f) => usize::from(f),
            SeenKey::Number(f) => 10 + usize::from(f),
            SeenKey::Flag(f) => 14 + usize::from(f),
            SeenKey::Date(f) => 16 + usize::from(f),
            SeenKey::Channel => 18,
            SeenKey::Payment => 19,
            SeenKey::Address => 20,
            SeenKey::Tags => 21,
        }
    }
}

#[derive(Debug, Clone)]
struct RuleEntry {
    outcome: RuleOutcome,
    stopped_by: Option<u32>,
    stopped_processing: bool,
    conditions: (u32, u32),
    actions: (u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saw {
    Nothing,
    /// A range of `Trace::words`.
    Words(u32, u32),
    /// Which of the order's lines (at most 64) a line quantifier matched; words are made when
    /// the trace is read, from `Trace::skus`.
    Lines {
        matched: u64,
        every: bool,
    },
}

#[derive(Debug, Clone)]
struct ConditionEntry {
    meta: u32,
    result: Option<bool>,
    saw: Saw,
}

#[derive(Debug, Clone)]
struct ActionEntry {
    action: u32,
    effect: ActionEffect,
    note: Note,
    overrides: [Option<Pick>; 2],
    overridden_by: Option<Pick>,
}

/// The record of one evaluation, borrowed from the compiled ruleset. Serialise it, or call
/// [`Trace::report`] for owned data.
#[derive(Debug, Clone)]
pub struct Trace<'r> {
    ruleset: &'r CompiledRuleset,
    now: DateTime<Utc>,
    rules: Vec<RuleEntry>,
    conditions: Vec<ConditionEntry>,
    actions: Vec<ActionEntry>,
    words: String,
    /// The order's SKUs as ranges of `words`, written on the first line quantifier traced.
    skus: Vec<(u32, u32)>,
}

/// Receives what evaluation does. See the module docs.
pub(crate) trait Sink {
    /// Whether anything is recorded: evaluation skips all tracing work when `false`.
    const ON: bool;
    /// Compiled rule `index` is considered (`NotMatched` until [`Sink::matched`]).
    fn rule(&mut self, index: usize, outcome: RuleOutcome, stopped_by: Option<usize>);
    /// A condition starts; returns a handle for [`Sink::close`].
    fn open(&mut self, meta: u32) -> usize;
    /// A condition ends; `kind` and `f` say what it looked at.
    fn close(&mut self, handle: usize, result: bool, node: &Node, f: &Facts<'_>);
    /// The current rule matched.
    fn matched(&mut self, stops: bool);
    /// An action of the current rule was applied or kept, replacing `overrode`.
    fn action(&mut self, pick: Pick, effect: ActionEffect, note: Note, overrode: &[Pick]);
    /// A location action turned out to name a missing location.
    fn unroutable(&mut self, pick: Pick, how: Unroutable);
    /// The lines (bit per line) the line quantifier about to close matched.
    fn lines_matched(&mut self, mask: u64);
}

/// The sink when tracing is off: records nothing, costs nothing.
pub(crate) struct NoTrace;

impl Sink for NoTrace {
    const ON: bool = false;
    #[inline(always)]
    fn rule(&mut self, _: usize, _: RuleOutcome, _: Option<usize>) {}
    #[inline(always)]
    fn open(&mut self, _: u32) -> usize {
        0
    }
    #[inline(always)]
    fn close(&mut self, _: usize, _: bool, _: &Node, _: &Facts<'_>) {}
    #[inline(always)]
    fn matched(&mut self, _: bool) {}
    #[inline(always)]
    fn action(&mut self, _: Pick, _: ActionEffect, _: Note, _: &[Pick]) {}
    #[inline(always)]
    fn unroutable(&mut self, _: Pick, _: Unroutable) {}
    #[inline(always)]
    fn lines_matched(&mut self, _: u64) {}
}

/// The sink when tracing is on.
pub(crate) struct Tracer<'r> {
    trace: Trace<'r>,
    /// Words already written for values that depend only on the order.
    seen: [Saw; SeenKey::SLOTS],
    /// Set by [`Sink::lines_matched`] for the line quantifier being closed.
    lines_mask: Option<u64>,
    /// The lines each shared line quantifier (by memo slot) matched.
    lines_memo: Vec<(u16, u64)>,
}

impl<'r> Tracer<'r> {
    pub(crate) fn new(ruleset: &'r CompiledRuleset, now: DateTime<Utc>) -> Self {
        let (metas, actions) = ruleset.sizes;
        Tracer {
            trace: Trace {
                ruleset,
                now,
                rules: Vec::with_capacity(ruleset.rules.len()),
                conditions: Vec::with_capacity(metas),
                actions: Vec::with_capacity(actions),
                words: String::with_capacity(256),
                skus: Vec::new(),
            },
            seen: [Saw::Nothing; SeenKey::SLOTS],
            lines_mask: None,
            lines_memo: Vec::new(),
        }
    }

    pub(crate) fn finish(self) -> Trace<'r> {
        self.trace
    }

    /// What `node` looked at: nothing for groups, the cached words of its field when another
    /// condition on the field was traced before (nearly always), else [`Tracer::new_words`].
    /// Small enough to inline into every traced condition.
    #[inline(always)]
    fn words(&mut self, node: &Node, f: &Facts<'_>) -> Saw {
        match node.kind {
            NodeKind::Always | NodeKind::All(_) | NodeKind::Any(_) | NodeKind::Not(_) => {
                return Saw::Nothing;
            }
            NodeKind::Lines(..) => {}
            _ => {
                if let Some(Saw::Words(s, n)) = self.seen.get(usize::from(node.seen)) {
                    return Saw::Words(*s, *n);
                }
            }
        }
        self.new_words(node, f)
    }

    #[inline(never)]
    fn new_words(&mut self, node: &Node, f: &Facts<'_>) -> Saw {
        let kind = &node.kind;
        match kind {
            NodeKind::Always | NodeKind::All(_) | NodeKind::Any(_) | NodeKind::Not(_) => {
                return Saw::Nothing;
            }
            NodeKind::Lines(q, line) if f.order.lines.len() <= 64 => {
                if self.trace.skus.is_empty() {
                    for line in &f.order.lines {
                        let start = self.trace.words.len() as u32;
                        self.trace.words.push_str(&line.sku);
                        self.trace.skus.push((start, line.sku.len() as u32));
                    }
                }
                // A shared quantifier traced before matched the same lines.
                let remembered = self
                    .lines_memo
                    .iter()
                    .find(|(slot, _)| node.memo != NO_MEMO && *slot == node.memo)
                    .map(|(_, mask)| *mask);
                let matched = match remembered.or_else(|| self.lines_mask.take()) {
                    Some(mask) => mask,
                    None => f
                        .order
                        .lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| line.test(l))
                        .fold(0u64, |m, (i, _)| m | 1 << i),
                };
                if node.memo != NO_MEMO && remembered.is_none() {
                    self.lines_memo.push((node.memo, matched));
                }
                return Saw::Lines {
                    matched,
                    every: *q == Quantifier::All,
                };
            }
            _ => {}
        }
        let slot = (node.seen != NO_SEEN).then_some(usize::from(node.seen));
        if let Some(Some(Saw::Words(s, n))) = slot.map(|i| self.seen.get(i).copied()) {
            return Saw::Words(s, n);
        }
        let start = self.trace.words.len();
        if !seen(kind, f, &mut self.trace.words) {
            return Saw::Nothing;
        }
        let saw = Saw::Words(start as u32, (self.trace.words.len() - start) as u32);
        if let Some(cached) = slot.and_then(|i| self.seen.get_mut(i)) {
            *cached = saw;
        }
        saw
    }

    fn entry(&mut self, pick: Pick) -> Option<&mut ActionEntry> {
        let rule = self.trace.rules.get(pick.rule as usize)?;
        let at = rule.actions.0 as usize + pick.action as usize;
        self.trace.actions.get_mut(at)
    }
}

impl Sink for Tracer<'_> {
    const ON: bool = true;

    fn rule(&mut self, _index: usize, outcome: RuleOutcome, stopped_by: Option<usize>) {
        let t = &mut self.trace;
        let conditions = t.conditions.len() as u32;
        let actions = t.actions.len() as u32;
        t.rules.push(RuleEntry {
            outcome,
            stopped_by: stopped_by.map(|i| i as u32),
            stopped_processing: false,
            conditions: (conditions, conditions),
            actions: (actions, actions),
        });
    }

    #[inline(always)]
    fn open(&mut self, meta: u32) -> usize {
        let t = &mut self.trace;
        t.conditions.push(ConditionEntry {
            meta,
            result: None,
            saw: Saw::Nothing,
        });
        if let Some(rule) = t.rules.last_mut() {
            rule.conditions.1 = t.conditions.len() as u32;
        }
        t.conditions.len() - 1
    }

    #[inline(always)]
    fn close(&mut self, handle: usize, result: bool, node: &Node, f: &Facts<'_>) {
        let saw = self.words(node, f);
        if let Some(c) = self.trace.conditions.get_mut(handle) {
            c.result = Some(result);
            c.saw = saw;
        }
    }

    fn matched(&mut self, stops: bool) {
        if let Some(rule) = self.trace.rules.last_mut() {
            rule.outcome = RuleOutcome::Matched;
            rule.stopped_processing = stops;
        }
    }

    fn action(&mut self, pick: Pick, effect: ActionEffect, note: Note, overrode: &[Pick]) {
        for p in overrode {
            if let Some(earlier) = self.entry(*p) {
                earlier.overridden_by = Some(pick);
            }
        }
        self.trace.actions.push(ActionEntry {
            action: pick.action,
            effect,
            note,
            overrides: [overrode.first().copied(), overrode.get(1).copied()],
            overridden_by: None,
        });
        if let Some(rule) = self.trace.rules.last_mut() {
            rule.actions.1 = self.trace.actions.len() as u32;
        }
    }

    fn lines_matched(&mut self, mask: u64) {
        self.lines_mask = Some(mask);
    }

    fn unroutable(&mut self, pick: Pick, how: Unroutable) {
        if let Some(entry) = self.entry(pick) {
            entry.effect = ActionEffect::Unroutable;
            entry.note = Note::Unroutable(how);
        }
    }
}

impl Trace<'_> {
    fn text(&self, (start, len): (u32, u32)) -> &str {
        let (s, n) = (start as usize, len as usize);
        self.words.get(s..s + n).unwrap_or("")
    }

    fn saw(&self, saw: Saw) -> Option<String> {
        match saw {
            Saw::Nothing => None,
            Saw::Words(s, n) => Some(self.text((s, n)).to_owned()),
            Saw::Lines { matched, every } => {
                let skus: Vec<&str> = self.skus.iter().map(|r| self.text(*r)).collect();
                let flags: Vec<bool> = (0..skus.len()).map(|i| matched & (1 << i) != 0).collect();
                let q = if every {
                    Quantifier::All
                } else {
                    Quantifier::Any
                };
                let mut out = String::new();
                lines_text(&mut out, q, &flags, &skus);
                Some(out)
            }
        }
    }

    fn action_ref(&self, pick: Pick) -> ActionRef {
        let rule = &self.ruleset.rules[pick.rule as usize];
        ActionRef {
            rule_id: rule.id_text.to_string(),
            rule_name: rule.name.to_string(),
            action: rule.actions[pick.action as usize].desc.to_string(),
        }
    }

    fn note(&self, rule: usize, action: usize, note: Note) -> Option<String> {
        Some(match note {
            Note::None => return None,
            Note::Kept => KEPT.to_owned(),
            Note::PartlyKept(slot) => format!("{} {KEPT}", slot.name()),
            Note::Unroutable(how) => {
                let r = &self.ruleset.rules[rule];
                let missing = match &r.actions[action].kind {
                    ActionKind::Location { id, .. } => missing_location(&r.name, id),
                    _ => String::new(),
                };
                let how = match how {
                    Unroutable::Held => "held as unroutable",
                    Unroutable::AlreadyHeld => {
                        "already held by an earlier stage; the problem is added as a note"
                    }
                    Unroutable::HoldOwned => {
                        "not held: a person owns the hold; the problem is added as a note"
                    }
                };
                format!("{how}: {missing}")
            }
        })
    }

    /// The trace as owned data, in the shape people read.
    pub fn report(&self) -> TraceReport {
        let rules = self
            .rules
            .iter()
            .enumerate()
            .map(|(ri, e)| {
                let rule = &self.ruleset.rules[ri];
                let (cs, ce) = (e.conditions.0 as usize, e.conditions.1 as usize);
                let (as_, ae) = (e.actions.0 as usize, e.actions.1 as usize);
                RuleTrace {
                    rule_id: rule.id_text.to_string(),
                    name: rule.name.to_string(),
                    stage: rule.stage,
                    priority: rule.priority,
                    outcome: e.outcome,
                    stopped_by: e
                        .stopped_by
                        .map(|i| self.ruleset.rules[i as usize].id_text.to_string()),
                    stopped_processing: e.stopped_processing,
                    // Every condition of an evaluated rule in written order; those its groups
                    // never needed were not recorded and show no result.
                    conditions: if matches!(
                        e.outcome,
                        RuleOutcome::Matched | RuleOutcome::NotMatched
                    ) {
                        let recorded = &self.conditions[cs..ce];
                        rule.metas
                            .iter()
                            .enumerate()
                            .map(|(i, meta)| {
                                let c = recorded.iter().find(|c| c.meta as usize == i);
                                ConditionTrace {
                                    path: meta.path.to_string(),
                                    test: meta.test.to_string(),
                                    saw: c.and_then(|c| self.saw(c.saw)),
                                    result: c.and_then(|c| c.result),
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    actions: self.actions[as_..ae]
                        .iter()
                        .map(|a| ActionTrace {
                            action: rule.actions[a.action as usize].desc.to_string(),
                            effect: a.effect,
                            note: self.note(ri, a.action as usize, a.note),
                            overrides: a
                                .overrides
                                .iter()
                                .flatten()
                                .map(|p| self.action_ref(*p))
                                .collect(),
                            overridden_by: a.overridden_by.map(|p| self.action_ref(p)),
                        })
                        .collect(),
                }
            })
            .collect();
        TraceReport {
            ruleset_version: self.ruleset.version,
            now: self.now,
            rules,
        }
    }
}

impl Serialize for Trace<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.report().serialize(serializer)
    }
}

/// The full story of one evaluation, as owned data: what an order stores and the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TraceReport {
    pub ruleset_version: u32,
    /// The `now` the date conditions were measured against.
    pub now: DateTime<Utc>,
    /// Every rule in the order it was considered: stage by stage, by priority.
    pub rules: Vec<RuleTrace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleTrace {
    pub rule_id: String,
    pub name: String,
    pub stage: Stage,
    pub priority: i32,
    pub outcome: RuleOutcome,
    /// For a rule skipped because an earlier rule stopped processing: that rule's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<String>,
    /// Whether this rule matched and stopped the later rules of its stage.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped_processing: bool,
    /// Every condition of an evaluated rule, in written order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTrace>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionTrace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConditionTrace {
    /// `when.all[1]`
    pub path: String,
    /// `ship-to country is one of "US", "CA"`
    pub test: String,
    /// The value the condition looked at, as people read it; absent for groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saw: Option<String>,
    /// `null` when the condition did not need evaluating: an earlier condition of its group
    /// already decided the group.
    pub result: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionTrace {
    /// `set service UPS / Ground`
    pub action: String,
    pub effect: ActionEffect,
    /// `kept: set by a person`, or what happened to an unroutable location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The earlier actions this one replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<ActionRef>,
    /// The later action that replaced this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden_by: Option<ActionRef>,
}

/// Another action, named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionRef {
    pub rule_id: String,
    pub rule_name: String,
    pub action: String,
}
