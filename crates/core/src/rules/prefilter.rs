//! A discrimination index: rules that cannot match an order are set aside before any of their
//! conditions run.
//!
//! Most rules start with "ship-to country is one of …", "channel is …", "some line's SKU starts
//! with …", "tags contain any of …", "total at least …". For each such field the index knows
//! every value the rules name and, per value, which rules accept it (see `requirement`).
//! Evaluating an order then costs one look at each field plus a few word-wide bit operations,
//! and every rule whose top-level `all` requires something the order lacks is skipped without
//! evaluating a thing. A rule the index lets through passes every conjunct the index decides,
//! so the fast path evaluates only the rest (`residual`). A skipped rule is exactly a rule whose
//! conditions would have been false, so the decision cannot change; with tracing on the index
//! is not used, so the trace still shows every condition.

use crate::rules::facts::Facts;
use crate::rules::lookup::KeyTable;
use crate::rules::program::{NO_MEMO, NO_SEEN, Node, NodeKind};
use crate::rules::requirement::{
    Field, Key, Mode, Number, Requirement, Texts, each_text, requirements,
};
use crate::rules::text::Folded;

pub(crate) use crate::rules::requirement::decides;

/// Rulesets up to this many rules are indexed; larger ones simply evaluate every rule.
pub(crate) const MAX_INDEXED_RULES: usize = 256;
const WORDS: usize = MAX_INDEXED_RULES / 64;

pub(crate) type RuleBits = [u64; WORDS];

#[derive(Debug)]
struct FieldIndex {
    field: Field,
    /// Which of a rule's requirements on a many-valued field this index holds: "tags contain
    /// `vip`" and "tags contain `b2b`" are two requirements, both must hold.
    nth: usize,
    /// Every value some rule requires.
    values: Box<[Key]>,
    /// Rules that require one of a set of values of this field.
    constrained: RuleBits,
    /// Per value: the constrained rules that accept it.
    accept: Box<[RuleBits]>,
    /// For text fields: the values, ready to be looked up.
    table: Option<KeyTable>,
}

/// Thresholds of one number: a rule requiring `lo <= value <= hi` is excluded when the order's
/// value is below its `lo` or above its `hi`.
#[derive(Debug)]
struct RangeIndex {
    number: Number,
    /// Distinct lower bounds, ascending, each with the rules whose bound is that or higher.
    lows: Box<[(i64, RuleBits)]>,
    /// Distinct upper bounds, ascending, each with the rules whose bound is that or lower.
    highs: Box<[(i64, RuleBits)]>,
}

#[derive(Debug, Default)]
pub(crate) struct Prefilter {
    /// Whether the ruleset is small enough to be indexed at all.
    indexed: bool,
    /// Enabled rules.
    enabled: RuleBits,
    /// Cheapest first: a field whose rules are all excluded already is not looked at.
    fields: Box<[FieldIndex]>,
    ranges: Box<[RangeIndex]>,
}

/// `node` without the top-level conjuncts the index decides (see [`decides`]).
pub(crate) fn residual(node: Node) -> Node {
    let meta = node.meta;
    let mut rest = Vec::new();
    keep_undecided(node, &mut rest);
    match rest.len() {
        0 => Node {
            meta,
            memo: NO_MEMO,
            seen: NO_SEEN,
            kind: NodeKind::Always,
        },
        1 => rest.pop().unwrap_or(Node {
            meta,
            memo: NO_MEMO,
            seen: NO_SEEN,
            kind: NodeKind::Always,
        }),
        _ => Node {
            meta,
            memo: NO_MEMO,
            seen: NO_SEEN,
            kind: NodeKind::All(rest.into_boxed_slice()),
        },
    }
}

fn keep_undecided(node: Node, out: &mut Vec<Node>) {
    match node.kind {
        NodeKind::All(children) => {
            for c in children.into_vec() {
                keep_undecided(c, out);
            }
        }
        _ if decides(&node) => {}
        _ => out.push(node),
    }
}

fn conjuncts<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match &node.kind {
        NodeKind::All(children) => children.iter().for_each(|c| conjuncts(c, out)),
        _ => out.push(node),
    }
}

#[inline]
fn or(into: &mut RuleBits, bits: &RuleBits) {
    for (a, b) in into.iter_mut().zip(bits) {
        *a |= b;
    }
}

fn range_indexes(bounds: &[(Number, usize, i64, i64)]) -> Box<[RangeIndex]> {
    let mut numbers: Vec<Number> = Vec::new();
    for (n, ..) in bounds {
        if !numbers.contains(n) {
            numbers.push(*n);
        }
    }
    numbers
        .into_iter()
        .map(|number| {
            let of: Vec<&(Number, usize, i64, i64)> =
                bounds.iter().filter(|(n, ..)| *n == number).collect();
            let mut lows: Vec<i64> = of.iter().map(|b| b.2).filter(|&lo| lo > i64::MIN).collect();
            lows.sort_unstable();
            lows.dedup();
            let mut highs: Vec<i64> = of.iter().map(|b| b.3).filter(|&hi| hi < i64::MAX).collect();
            highs.sort_unstable();
            highs.dedup();
            RangeIndex {
                number,
                lows: lows
                    .into_iter()
                    .map(|l| {
                        let mut bits = [0; WORDS];
                        for b in of.iter().filter(|b| b.2 >= l) {
                            set(&mut bits, b.1);
                        }
                        (l, bits)
                    })
                    .collect(),
                highs: highs
                    .into_iter()
                    .map(|h| {
                        let mut bits = [0; WORDS];
                        for b in of.iter().filter(|b| b.3 <= h) {
                            set(&mut bits, b.1);
                        }
                        (h, bits)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The members of `bits`, ascending.
#[inline]
pub(crate) fn members(bits: RuleBits) -> impl Iterator<Item = usize> {
    bits.into_iter().enumerate().flat_map(|(w, mut word)| {
        std::iter::from_fn(move || {
            if word == 0 {
                return None;
            }
            let b = word.trailing_zeros() as usize;
            word &= word - 1;
            Some(w * 64 + b)
        })
    })
}

fn set(bits: &mut RuleBits, i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

/// A rough price of looking at a field, to look at cheap fields first.
fn cost(field: Field) -> u8 {
    match field {
        Field::Channel | Field::Payment | Field::Flag(_) => 0,
        Field::Text(Texts::Field(_), Mode::Exact) => 1,
        Field::Text(Texts::Field(_) | Texts::Tags, _) => 2,
        Field::Address => 3,
        Field::Text(Texts::LineTags | Texts::Line(_), _) => 4,
    }
}

impl Prefilter {
    /// Indexes the rules' top-level requirements; `rules[i]` is rule `i`'s condition and
    /// whether it is enabled.
    pub(crate) fn build<'a>(rules: impl ExactSizeIterator<Item = (&'a Node, bool)>) -> Prefilter {
        if rules.len() > MAX_INDEXED_RULES {
            return Prefilter::default();
        }
        let mut fields: Vec<FieldIndex> = Vec::new();
        let mut enabled = [0; WORDS];
        // Per number, per rule: the intersection of its required ranges.
        let mut bounds: Vec<(Number, usize, i64, i64)> = Vec::new();
        for (rule, (when, on)) in rules.enumerate() {
            if on {
                set(&mut enabled, rule);
            }
            let mut parts = Vec::new();
            conjuncts(when, &mut parts);
            // The many-valued fields this rule has required something of so far.
            let mut used: Vec<Field> = Vec::new();
            for requirement in parts.into_iter().flat_map(requirements) {
                let (field, keys) = match requirement {
                    Requirement::Range(number, lo, hi) => {
                        match bounds
                            .iter_mut()
                            .find(|(n, r, ..)| *n == number && *r == rule)
                        {
                            Some((_, _, l, h)) => {
                                *l = (*l).max(lo);
                                *h = (*h).min(hi);
                            }
                            None => bounds.push((number, rule, lo, hi)),
                        }
                        continue;
                    }
                    Requirement::OneOf(field, keys) => (field, keys),
                };
                let nth = if field.single() {
                    0
                } else {
                    used.push(field);
                    used.iter().filter(|f| **f == field).count() - 1
                };
                let index = match fields.iter().position(|f| f.field == field && f.nth == nth) {
                    Some(i) => i,
                    None => {
                        fields.push(FieldIndex {
                            field,
                            nth,
                            values: Box::new([]),
                            constrained: [0; WORDS],
                            accept: Box::new([]),
                            table: None,
                        });
                        fields.len() - 1
                    }
                };
                add(&mut fields[index], rule, &keys);
            }
        }
        for fi in &mut fields {
            if let Field::Text(_, mode) = fi.field {
                let texts: Vec<Folded> = fi
                    .values
                    .iter()
                    .filter_map(|k| match k {
                        Key::Text(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect();
                fi.table = Some(KeyTable::new(mode, &texts));
            }
        }
        fields.sort_by_key(|fi| cost(fi.field));
        Prefilter {
            indexed: true,
            enabled,
            fields: fields.into_boxed_slice(),
            ranges: range_indexes(&bounds),
        }
    }

    pub(crate) fn indexed(&self) -> bool {
        self.indexed
    }

    /// Enabled rules in `start..end` that are not `excluded`.
    #[inline]
    pub(crate) fn candidates(&self, excluded: &RuleBits, start: usize, end: usize) -> RuleBits {
        let mut out = [0u64; WORDS];
        for (w, word) in out.iter_mut().enumerate() {
            let base = w * 64;
            let from = start.clamp(base, base + 64) - base;
            let to = end.clamp(base, base + 64) - base;
            let range = if to > from {
                (u64::MAX >> (64 - (to - from))) << from
            } else {
                0
            };
            *word = self.enabled[w] & !excluded[w] & range;
        }
        out
    }

    /// The rules that certainly do not match `facts`' order (disabled rules included).
    #[inline]
    pub(crate) fn excluded(&self, f: &Facts<'_>) -> RuleBits {
        let mut out = self.enabled.map(|w| !w);
        for ri in self.ranges.iter() {
            let v = ri.number.value(f);
            // Lower bounds above the value: the first of them names every rule excluded.
            let i = ri.lows.partition_point(|(lo, _)| *lo <= v);
            if let Some((_, bits)) = ri.lows.get(i) {
                or(&mut out, bits);
            }
            // Upper bounds below the value: the last of them names every rule excluded.
            let j = ri.highs.partition_point(|(hi, _)| *hi < v);
            if let Some((_, bits)) = j.checked_sub(1).and_then(|j| ri.highs.get(j)) {
                or(&mut out, bits);
            }
        }
        for fi in self.fields.iter() {
            // Every rule this field could exclude is excluded already: nothing to learn here.
            if fi.constrained.iter().zip(&out).all(|(c, o)| c & !o == 0) {
                continue;
            }
            let accepted = fi.accepted(f);
            for w in 0..WORDS {
                out[w] |= fi.constrained[w] & !accepted[w];
            }
        }
        out
    }
}

/// Records that `rule` requires one of `keys` of `fi`'s field.
fn add(fi: &mut FieldIndex, rule: usize, keys: &[Key]) {
    let mut values = fi.values.to_vec();
    let mut accept = fi.accept.to_vec();
    for key in keys {
        if !values.contains(key) {
            values.push(key.clone());
            // A rule already constrained on this field did not name the new value.
            accept.push([0; WORDS]);
        }
    }
    let first_time = fi.constrained[rule / 64] & (1 << (rule % 64)) == 0;
    let bit = 1u64 << (rule % 64);
    for (v, value) in values.iter().enumerate() {
        let ok = keys.contains(value);
        if first_time {
            if ok {
                accept[v][rule / 64] |= bit;
            }
        } else if !ok {
            // Two requirements on one single-valued field: both must hold.
            accept[v][rule / 64] &= !bit;
        }
    }
    set(&mut fi.constrained, rule);
    fi.values = values.into_boxed_slice();
    fi.accept = accept.into_boxed_slice();
}

impl FieldIndex {
    /// The constrained rules that accept what the order has of this field.
    #[inline]
    fn accepted(&self, f: &Facts<'_>) -> RuleBits {
        let mut out = [0; WORDS];
        match (&self.table, self.field) {
            (Some(table), Field::Text(texts, _)) => each_text(texts, f, |value| {
                table.hits(value, |k| {
                    if let Some(bits) = self.accept.get(k) {
                        or(&mut out, bits);
                    }
                })
            }),
            _ => {
                for (key, bits) in self.values.iter().zip(self.accept.iter()) {
                    if self.field.has(key, f) {
                        or(&mut out, bits);
                    }
                }
            }
        }
        out
    }
}
