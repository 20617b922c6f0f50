//! The byte-level pieces of packed decisions and traces: LEB128 varints, zigzag for signed
//! numbers, and reads that check every count and index against the ruleset they refer to.

use crate::rules::decision::Pick;
use crate::rules::program::CompiledRuleset;
use crate::rules::trace::UnpackError;

pub(crate) fn bad(what: &str) -> UnpackError {
    UnpackError(what.to_owned())
}

pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub(crate) fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(crate) fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(crate) fn pick(&mut self, p: Pick) {
        self.uint(u64::from(p.rule));
        self.uint(u64::from(p.action));
    }
}

pub(crate) struct Reader<'b>(pub &'b [u8]);

impl Reader<'_> {
    pub(crate) fn byte(&mut self) -> Result<u8, UnpackError> {
        let (first, rest) = self.0.split_first().ok_or_else(|| bad("truncated"))?;
        self.0 = rest;
        Ok(*first)
    }

    pub(crate) fn uint(&mut self) -> Result<u64, UnpackError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(bad("varint too long"))
    }

    pub(crate) fn int(&mut self) -> Result<i64, UnpackError> {
        let v = self.uint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, UnpackError> {
        u32::try_from(self.uint()?).map_err(|_| bad("number out of range"))
    }

    /// An index below `limit`.
    pub(crate) fn below(&mut self, limit: usize) -> Result<usize, UnpackError> {
        usize::try_from(self.uint()?)
            .ok()
            .filter(|n| *n < limit)
            .ok_or_else(|| bad("does not fit the ruleset"))
    }

    /// A count of at most `max`.
    pub(crate) fn len(&mut self, max: usize) -> Result<usize, UnpackError> {
        self.below(max + 1)
    }

    /// An action of `ruleset`, by rule and position.
    pub(crate) fn pick(&mut self, ruleset: &CompiledRuleset) -> Result<Pick, UnpackError> {
        let rule = self.below(ruleset.rules.len())?;
        let action = self.below(ruleset.rules[rule].actions.len())?;
        Ok(Pick::new(rule, action))
    }
}
