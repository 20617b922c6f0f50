//! A trace in its compact stored form: what happened, by position in the compiled ruleset, and
//! the values conditions saw — no names, paths or descriptions. Those are the same for every
//! order a ruleset version decides, so they are looked up again when the trace is read, from
//! that version compiled anew: [`CompiledRuleset::unpack_trace`] rebuilds the [`Trace`] and
//! [`Trace::report`] renders it exactly as it rendered when the rules ran.
//!
//! A few hundred bytes instead of the ~5 KB report, and no report to build or serialise per
//! order: the import writes one of these for every order it decides.
//!
//! Layout (integers are LEB128 varints; `i` is zigzag):
//! `FORMAT, version, now secs (i), now nanos, rules, words, skus`, where each rule is
//! `flags [stopped_by] conditions… actions…`. A reader refuses anything that does not fit the
//! ruleset it is given, so a damaged row or a wrong version cannot index out of bounds.

use chrono::DateTime;

use super::{
    ActionEffect, ActionEntry, ConditionEntry, Note, RuleEntry, RuleOutcome, Saw, Trace,
    TraceReport, Unroutable,
};
use crate::rules::action::Slot;
use crate::rules::program::CompiledRuleset;
use crate::rules::varint::{Reader, Writer, bad};

/// Bumped whenever the layout, or what positions mean (compile order), changes.
const FORMAT: u8 = 1;

/// Why a packed decision or trace could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("packed rules run: {0}")]
pub struct UnpackError(pub(crate) String);

impl Trace<'_> {
    /// The compact stored form; see the module docs.
    pub fn pack(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            64 + 8 * self.conditions.len() + self.words.len(),
        ));
        w.0.push(FORMAT);
        w.uint(u64::from(self.ruleset.version));
        w.int(self.now.timestamp());
        w.uint(u64::from(self.now.timestamp_subsec_nanos()));
        w.uint(self.rules.len() as u64);
        for rule in &self.rules {
            w.rule(rule, self);
        }
        w.uint(self.words.len() as u64);
        w.0.extend_from_slice(self.words.as_bytes());
        w.uint(self.skus.len() as u64);
        for (start, len) in &self.skus {
            w.uint(u64::from(*start));
            w.uint(u64::from(*len));
        }
        w.0
    }
}

impl CompiledRuleset {
    /// The report of a trace packed by [`Trace::pack`] when this ruleset version ran.
    pub fn unpack_trace(&self, packed: &[u8]) -> Result<TraceReport, UnpackError> {
        let mut r = Reader(packed);
        if r.byte()? != FORMAT {
            return Err(bad("unknown format"));
        }
        if r.uint()? != u64::from(self.version) {
            return Err(bad("made by another ruleset version"));
        }
        let secs = r.int()?;
        let nanos = u32::try_from(r.uint()?).map_err(|_| bad("time"))?;
        let now = DateTime::from_timestamp(secs, nanos).ok_or_else(|| bad("time"))?;
        let count = r.len(self.rules.len())?;
        let mut trace = Trace {
            ruleset: self,
            now,
            rules: Vec::with_capacity(count),
            conditions: Vec::new(),
            actions: Vec::new(),
            words: String::new(),
            skus: Vec::new(),
        };
        for index in 0..count {
            let entry = r.rule(self, index, &mut trace)?;
            trace.rules.push(entry);
        }
        let words = usize::try_from(r.uint()?).map_err(|_| bad("words"))?;
        let (text, rest) =
            r.0.split_at_checked(words)
                .ok_or_else(|| bad("truncated"))?;
        trace.words = String::from_utf8(text.to_vec()).map_err(|_| bad("words"))?;
        r.0 = rest;
        for _ in 0..r.len(64)? {
            trace.skus.push((r.u32()?, r.u32()?));
        }
        if !r.0.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(trace.report())
    }
}

impl Writer {
    fn rule(&mut self, rule: &RuleEntry, trace: &Trace<'_>) {
        let outcome = match rule.outcome {
            RuleOutcome::Matched => 0,
            RuleOutcome::NotMatched => 1,
            RuleOutcome::Disabled => 2,
            RuleOutcome::Skipped => 3,
        };
        let flags = outcome
            | u8::from(rule.stopped_processing) << 2
            | u8::from(rule.stopped_by.is_some()) << 3;
        self.0.push(flags);
        if let Some(by) = rule.stopped_by {
            self.uint(u64::from(by));
        }
        let conditions = slice(&trace.conditions, rule.conditions);
        self.uint(conditions.len() as u64);
        for c in conditions {
            self.condition(c);
        }
        let actions = slice(&trace.actions, rule.actions);
        self.uint(actions.len() as u64);
        for a in actions {
            self.action(a);
        }
    }

    fn condition(&mut self, c: &ConditionEntry) {
        self.uint(u64::from(c.meta));
        let result = match c.result {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        };
        let saw = match c.saw {
            Saw::Nothing => 0,
            Saw::Words(..) => 1,
            Saw::Lines { every: false, .. } => 2,
            Saw::Lines { every: true, .. } => 3,
        };
        self.0.push(result | saw << 2);
        match c.saw {
            Saw::Nothing => {}
            Saw::Words(start, len) => {
                self.uint(u64::from(start));
                self.uint(u64::from(len));
            }
            Saw::Lines { matched, .. } => self.uint(matched),
        }
    }

    fn action(&mut self, a: &ActionEntry) {
        self.uint(u64::from(a.action));
        let effect = match a.effect {
            ActionEffect::Applied => 0,
            ActionEffect::Kept => 1,
            ActionEffect::Unroutable => 2,
        };
        let (note, detail) = match a.note {
            Note::None => (0, 0),
            Note::Kept => (1, 0),
            Note::PartlyKept(slot) => (2, slot.index() as u8),
            Note::Unroutable(how) => (
                3,
                match how {
                    Unroutable::Held => 0,
                    Unroutable::AlreadyHeld => 1,
                    Unroutable::HoldOwned => 2,
                },
            ),
        };
        let overrides = a.overrides.iter().flatten().count() as u8;
        self.0
            .push(effect | note << 2 | overrides << 4 | u8::from(a.overridden_by.is_some()) << 6);
        self.0.push(detail);
        for p in a.overrides.iter().flatten() {
            self.pick(*p);
        }
        if let Some(p) = a.overridden_by {
            self.pick(p);
        }
    }
}

fn slice<T>(all: &[T], (start, end): (u32, u32)) -> &[T] {
    all.get(start as usize..end as usize).unwrap_or(&[])
}

impl Reader<'_> {
    fn rule(
        &mut self,
        ruleset: &CompiledRuleset,
        index: usize,
        trace: &mut Trace<'_>,
    ) -> Result<RuleEntry, UnpackError> {
        let flags = self.byte()?;
        let outcome = match flags & 3 {
            0 => RuleOutcome::Matched,
            1 => RuleOutcome::NotMatched,
            2 => RuleOutcome::Disabled,
            _ => RuleOutcome::Skipped,
        };
        let stopped_by = match flags & 8 {
            0 => None,
            _ => Some(self.below(ruleset.rules.len())? as u32),
        };
        let rule = &ruleset.rules[index];
        let start = trace.conditions.len() as u32;
        for _ in 0..self.len(rule.metas.len())? {
            let c = self.condition(rule.metas.len())?;
            trace.conditions.push(c);
        }
        let conditions = (start, trace.conditions.len() as u32);
        let start = trace.actions.len() as u32;
        for _ in 0..self.len(rule.actions.len())? {
            let a = self.action(ruleset, rule.actions.len())?;
            trace.actions.push(a);
        }
        Ok(RuleEntry {
            outcome,
            stopped_by,
            stopped_processing: flags & 4 != 0,
            conditions,
            actions: (start, trace.actions.len() as u32),
        })
    }

    fn condition(&mut self, metas: usize) -> Result<ConditionEntry, UnpackError> {
        let meta = self.below(metas)? as u32;
        let b = self.byte()?;
        let result = match b & 3 {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => return Err(bad("condition result")),
        };
        let saw = match b >> 2 {
            0 => Saw::Nothing,
            1 => Saw::Words(self.u32()?, self.u32()?),
            2 | 3 => Saw::Lines {
                matched: self.uint()?,
                every: b >> 2 == 3,
            },
            _ => return Err(bad("condition value")),
        };
        Ok(ConditionEntry { meta, result, saw })
    }

    fn action(
        &mut self,
        ruleset: &CompiledRuleset,
        actions: usize,
    ) -> Result<ActionEntry, UnpackError> {
        let action = self.below(actions)? as u32;
        let b = self.byte()?;
        let detail = self.byte()?;
        let effect = match b & 3 {
            0 => ActionEffect::Applied,
            1 => ActionEffect::Kept,
            2 => ActionEffect::Unroutable,
            _ => return Err(bad("action effect")),
        };
        let note = match (b >> 2) & 3 {
            0 => Note::None,
            1 => Note::Kept,
            2 => Note::PartlyKept(
                Slot::ALL
                    .get(usize::from(detail))
                    .copied()
                    .ok_or_else(|| bad("slot"))?,
            ),
            _ => Note::Unroutable(match detail {
                0 => Unroutable::Held,
                1 => Unroutable::AlreadyHeld,
                2 => Unroutable::HoldOwned,
                _ => return Err(bad("unroutable")),
            }),
        };
        let mut overrides = [None, None];
        for slot in overrides.iter_mut().take(usize::from((b >> 4) & 3)) {
            *slot = Some(self.pick(ruleset)?);
        }
        let overridden_by = match b & 0x40 {
            0 => None,
            _ => Some(self.pick(ruleset)?),
        };
        Ok(ActionEntry {
            action,
            effect,
            note,
            overrides,
            overridden_by,
        })
    }
}
