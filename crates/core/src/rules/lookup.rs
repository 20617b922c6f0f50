//! Which of many rule texts an order text matches, in a few integer compares.
//!
//! The prefilter asks, per order, "which of these ten postal prefixes / eight SKU families /
//! forty countries does this value have?". Comparing against each text in turn is what made
//! that slow. Short ASCII texts (nearly all of them) are packed into an integer once, at compile
//! time, grouped by length; an ASCII order value then yields one packed slice per length —
//! its start for prefixes, its end for suffixes, itself for equality — and at most one text of
//! that length can equal it. Everything else (long or non-ASCII texts, substrings, non-ASCII
//! values) is compared the ordinary way, with the very comparison `ops` makes.

use crate::rules::requirement::Mode;
use crate::rules::text::Folded;

#[derive(Debug)]
pub(crate) struct KeyTable {
    mode: Mode,
    keys: Box<[Folded]>,
    /// Per byte length, the packed keys of that length.
    groups: Box<[Group]>,
    /// Keys compared the ordinary way even for ASCII values.
    slow: Box<[usize]>,
}

/// Keys up to this many bytes are packed.
const PACKED: usize = 16;

/// Up to 16 ASCII bytes as one integer, lower-cased: equal packs of equal-length slices mean
/// equal folded text. Two overlapping loads cover every byte without a loop or a copy.
#[inline]
fn pack(b: &[u8]) -> u128 {
    let n = b.len();
    let word = |at: usize| {
        b.get(at..at + 8)
            .map_or(0, |s| u64::from_le_bytes(s.try_into().unwrap_or([0; 8])))
    };
    let half = |at: usize| {
        b.get(at..at + 4)
            .map_or(0, |s| u32::from_le_bytes(s.try_into().unwrap_or([0; 4])))
    };
    let byte = |at: usize| b.get(at).copied().map_or(0, u128::from);
    let x: u128 = match n {
        0 => 0,
        1..4 => byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16,
        4..8 => u128::from(half(0)) | u128::from(half(n - 4)) << 32,
        _ => u128::from(word(0)) | u128::from(word(n.saturating_sub(8))) << 64,
    };
    // Bytes are ASCII (below 0x80), so no addition carries into the next byte: the high bit
    // of a byte ends up set exactly when the byte is at least `A`, and at least `[`.
    const ONES: u128 = u128::MAX / 255;
    let at_least_a = x + ONES * 0x3f;
    let above_z = x + ONES * 0x25;
    let upper = at_least_a & !above_z & (ONES * 0x80);
    x | (upper >> 2)
}

/// The packed keys of one byte length, each with its position in `keys`.
#[derive(Debug)]
struct Group {
    len: usize,
    entries: Box<[(u128, usize)]>,
}

impl KeyTable {
    pub(crate) fn new(mode: Mode, keys: &[Folded]) -> KeyTable {
        let mut groups: Vec<(usize, Vec<(u128, usize)>)> = Vec::new();
        let mut slow = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            let b = key.as_str().as_bytes();
            if mode == Mode::Inner || b.len() > PACKED || !b.is_ascii() {
                slow.push(k);
                continue;
            }
            let entry = (pack(b), k);
            match groups.iter_mut().find(|(len, _)| *len == b.len()) {
                Some((_, entries)) => entries.push(entry),
                None => groups.push((b.len(), vec![entry])),
            }
        }
        KeyTable {
            mode,
            keys: keys.into(),
            groups: groups
                .into_iter()
                .map(|(len, entries)| Group {
                    len,
                    entries: entries.into_boxed_slice(),
                })
                .collect(),
            slow: slow.into_boxed_slice(),
        }
    }

    /// Calls `hit` with the position of every key that `value` (trimmed) matches.
    #[inline]
    pub(crate) fn hits(&self, value: &str, mut hit: impl FnMut(usize)) {
        let b = value.as_bytes();
        if !b.is_ascii() {
            // A non-ASCII character may fold to an ASCII one: compare every key in full.
            for (k, key) in self.keys.iter().enumerate() {
                if self.mode.test(key, value) {
                    hit(k);
                }
            }
            return;
        }
        for Group { len, entries } in self.groups.iter() {
            let len = *len;
            let part = match self.mode {
                Mode::Exact if b.len() == len => b,
                Mode::Prefix if b.len() >= len => &b[..len],
                Mode::Suffix if b.len() >= len => &b[b.len() - len..],
                _ => continue,
            };
            let p = pack(part);
            // Keys are distinct, so at most one of this length matches.
            if let Some((_, k)) = entries.iter().find(|(e, _)| *e == p) {
                hit(*k);
            }
        }
        for &k in self.slow.iter() {
            if self
                .keys
                .get(k)
                .is_some_and(|key| self.mode.test(key, value))
            {
                hit(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(mode: Mode, keys: &[&str], value: &str) -> Vec<usize> {
        let keys: Vec<Folded> = keys.iter().map(|k| Folded::new(k)).collect();
        let table = KeyTable::new(mode, &keys);
        let mut out = Vec::new();
        table.hits(value, |k| out.push(k));
        out.sort_unstable();
        // The table must agree with comparing each key the ordinary way.
        let each: Vec<usize> = (0..keys.len())
            .filter(|&k| mode.test(&keys[k], value))
            .collect();
        assert_eq!(out, each, "{mode:?} {value:?}");
        out
    }

    #[test]
    fn packing_lower_cases_ascii_letters_only() {
        assert_eq!(pack(b"AZaz@[`{"), pack(b"azaz@[`{"));
        assert_ne!(pack(b"@"), pack(b"`"));
        assert_ne!(pack(b"["), pack(b"{"));
        assert_eq!(pack(b"Us"), pack(b"uS"));
        assert_eq!(pack(b"@Example.ORG"), pack(b"@example.org"));
        assert_ne!(pack(b"@example.org"), pack(b"@example.orh"));
        // Every byte of every length counts.
        let text = b"abcdefghijklmnop";
        for n in 0..=16 {
            for at in 0..n {
                let mut other = *text;
                other[at] = b'#';
                assert_ne!(pack(&text[..n]), pack(&other[..n]), "byte {at} of {n}");
            }
        }
    }

    #[test]
    fn a_value_finds_every_key_it_matches() {
        assert_eq!(hits(Mode::Exact, &["US", "ca", "Gb"], "CA"), [1]);
        assert_eq!(hits(Mode::Exact, &["US"], "USA"), [] as [usize; 0]);
        assert_eq!(
            hits(Mode::Prefix, &["9", "90", "1", "902100000"], "90210"),
            [0, 1]
        );
        assert_eq!(hits(Mode::Prefix, &["TEE-", "hood-"], "tee-12"), [0]);
        assert_eq!(
            hits(Mode::Suffix, &["@example.org", ".org"], "Sam@Example.ORG"),
            [0, 1]
        );
        assert_eq!(hits(Mode::Inner, &["gift", "z"], "a GIFT box"), [0]);
        assert_eq!(hits(Mode::Exact, &["zürich", "k"], "ZÜRICH"), [0]);
        // The Kelvin sign folds to an ASCII `k`.
        assert_eq!(hits(Mode::Exact, &["k"], "\u{212a}"), [0]);
        assert_eq!(hits(Mode::Prefix, &["k-"], "\u{212a}-1"), [0]);
        assert_eq!(hits(Mode::Exact, &["a"], ""), [] as [usize; 0]);
        assert_eq!(hits(Mode::Prefix, &[""], ""), [0]);
    }
}
