//! A decision in its compact stored form: which action won each slot, which rules fired, which
//! tags and notes apply — positions in the compiled ruleset, a few dozen bytes. Names, values
//! and notes come from that ruleset version when it is read
//! ([`CompiledRuleset::unpack_decision`]), rendered by the same [`Decision::record`] that
//! rendered it when the rules ran.
//!
//! Layout (LEB128 varints; `i` is zigzag): `FORMAT, version, now secs (i), now nanos,
//! order total (i), kept, slots (a bit per slot in use, then each pick), unroutable pick (0 or
//! rule + 1, action), fired, accumulated` (the last two as counts then ascending indices).

use chrono::DateTime;

use super::{Decision, DecisionRecord, Pick};
use crate::rules::action::Slot;
use crate::rules::bitset::Bits;
use crate::rules::program::CompiledRuleset;
use crate::rules::trace::UnpackError;
use crate::rules::varint::{Reader, Writer, bad};

/// Bumped whenever the layout, or what positions mean (compile order), changes.
const FORMAT: u8 = 1;

impl Decision<'_> {
    /// The compact stored form; see the module docs.
    pub fn pack(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(32));
        w.0.push(FORMAT);
        w.uint(u64::from(self.ruleset.version));
        w.int(self.now.timestamp());
        w.uint(u64::from(self.now.timestamp_subsec_nanos()));
        w.int(self.order_total);
        w.0.push(self.kept);
        let used = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_some())
            .fold(0u8, |bits, (i, _)| bits | 1 << i);
        w.0.push(used);
        for p in self.slots.iter().flatten() {
            w.pick(*p);
        }
        match self.unroutable {
            None => w.uint(0),
            Some(p) => {
                w.uint(u64::from(p.rule) + 1);
                w.uint(u64::from(p.action));
            }
        }
        for bits in [&self.fired, &self.accumulated] {
            w.uint(bits.iter().count() as u64);
            for i in bits.iter() {
                w.uint(i as u64);
            }
        }
        w.0
    }
}

impl CompiledRuleset {
    /// The record of a decision packed by [`Decision::pack`] when this ruleset version ran.
    pub fn unpack_decision(&self, packed: &[u8]) -> Result<DecisionRecord, UnpackError> {
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
        let mut d = Decision::new(self, now, r.int()?);
        d.kept = r.byte()?;
        let used = r.byte()?;
        if used >> Slot::COUNT != 0 {
            return Err(bad("slots"));
        }
        for (i, slot) in d.slots.iter_mut().enumerate() {
            if used & 1 << i != 0 {
                *slot = Some(r.pick(self)?);
            }
        }
        d.unroutable = match r.uint()? {
            0 => None,
            n => {
                let rule = usize::try_from(n - 1)
                    .ok()
                    .filter(|i| *i < self.rules.len())
                    .ok_or_else(|| bad("does not fit the ruleset"))?;
                let action = r.below(self.rules[rule].actions.len())?;
                Some(Pick::new(rule, action))
            }
        };
        d.fired = indices(&mut r, self.rules.len())?;
        d.accumulated = indices(&mut r, self.sizes.1)?;
        if !r.0.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(d.record())
    }
}

/// A count then that many indices, each below `limit`.
fn indices(r: &mut Reader<'_>, limit: usize) -> Result<Bits, UnpackError> {
    let mut bits = Bits::default();
    for _ in 0..r.len(limit)? {
        bits.insert(r.below(limit)?);
    }
    Ok(bits)
}
