//! A discrimination index: rules that cannot match an order are set aside before any of their
//! conditions run.
//!
//! Most routing rules start with "ship-to country is one of …", "channel is …", "requested
//! service is …". For each such field the index knows every value the rules name and, per
//! value, which rules accept it. Evaluating an order then costs one lookup per field plus a few
//! word-wide bit operations, and every rule whose top-level `all` requires another value is
//! skipped without evaluating a thing. A skipped rule is exactly a rule whose conditions would
//! have been false, so the decision cannot change; with tracing on the index is not used, so the
//! trace still shows every condition.

use crate::ids::ChannelId;
use crate::order::PaymentStatus;
use crate::rules::condition::AddressCheck;
use crate::rules::facts::{Facts, TextValue};
use crate::rules::program::{
    ChoiceOp, FlagField, FlagOp, NO_MEMO, Node, NodeKind, NumberField, TextField, TextOp,
    TextOpKind,
};
use crate::rules::text::{Folded, trim};

/// Rulesets up to this many rules are indexed; larger ones simply evaluate every rule.
pub(crate) const MAX_INDEXED_RULES: usize = 256;
const WORDS: usize = MAX_INDEXED_RULES / 64;

pub(crate) type RuleBits = [u64; WORDS];

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Text(TextField, Folded),
    Channel(ChannelId),
    Payment(PaymentStatus),
    Address(AddressCheck),
    Flag(FlagField, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Text(TextField),
    Channel,
    Payment,
    Address,
    Flag(FlagField),
}

impl Key {
    fn field(&self) -> Field {
        match self {
            Key::Text(f, _) => Field::Text(*f),
            Key::Channel(_) => Field::Channel,
            Key::Payment(_) => Field::Payment,
            Key::Address(_) => Field::Address,
            Key::Flag(f, _) => Field::Flag(*f),
        }
    }
}

#[derive(Debug)]
struct FieldIndex {
    field: Field,
    /// Every value some rule requires, folded.
    values: Box<[Key]>,
    /// Rules that require one of a set of values of this field.
    constrained: RuleBits,
    /// Per value: the constrained rules that accept it.
    accept: Box<[RuleBits]>,
    /// For text fields whose values are all short ASCII: the values packed into integers, so
    /// finding the order's value is a few integer compares.
    packed: Option<Box<[u128]>>,
}

/// Up to 8 ASCII bytes, lower-cased, with the length: equal packs mean equal folded text.
#[inline]
fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 8 || !b.is_ascii() {
        return None;
    }
    let mut word = [0u8; 8];
    for (w, c) in word.iter_mut().zip(b) {
        *w = c.to_ascii_lowercase();
    }
    Some(u128::from(u64::from_le_bytes(word)) | (b.len() as u128) << 64)
}

/// Thresholds of one numeric field: a rule requiring `lo <= value <= hi` is excluded when the
/// order's value is below its `lo` or above its `hi`.
#[derive(Debug)]
struct RangeIndex {
    field: NumberField,
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
    fields: Box<[FieldIndex]>,
    ranges: Box<[RangeIndex]>,
}

/// The values a top-level conjunct requires of its field, if it is that simple.
fn required(node: &Node) -> Option<Vec<Key>> {
    fn choice<T: Clone>(op: &ChoiceOp<T>, key: impl Fn(T) -> Key) -> Option<Vec<Key>> {
        (!op.negate).then(|| op.values.iter().cloned().map(key).collect())
    }
    fn text(field: TextField, op: &TextOp) -> Option<Vec<Key>> {
        if op.negate {
            return None;
        }
        match &op.kind {
            TextOpKind::Equals(v) => Some(vec![Key::Text(field, v.clone())]),
            TextOpKind::OneOf(vs) => Some(vs.iter().map(|v| Key::Text(field, v.clone())).collect()),
            _ => None,
        }
    }
    match &node.kind {
        // Internal notes are a list: "any note equals" is not a single value.
        NodeKind::Text(TextField::InternalNotes, _) => None,
        NodeKind::Text(field, op) => text(*field, op),
        NodeKind::Channel(op) => choice(op, Key::Channel),
        NodeKind::Payment(op) => choice(op, Key::Payment),
        NodeKind::Address(op) => choice(op, Key::Address),
        NodeKind::Flag(field, FlagOp::Equals(b)) => Some(vec![Key::Flag(*field, *b)]),
        _ => None,
    }
}

/// Whether the index decides `node` exactly when it is a top-level conjunct: a rule the index
/// lets through is known to pass it, so the fast path need not evaluate it again.
pub(crate) fn decides(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Number(_, op) => !op.negate,
        _ => required(node).is_some(),
    }
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
            kind: NodeKind::Always,
        },
        1 => rest.pop().unwrap_or(Node {
            meta,
            memo: NO_MEMO,
            kind: NodeKind::Always,
        }),
        _ => Node {
            meta,
            memo: NO_MEMO,
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

fn or(into: &mut RuleBits, bits: &RuleBits) {
    for (a, b) in into.iter_mut().zip(bits) {
        *a |= b;
    }
}

fn range_indexes(bounds: &[(NumberField, usize, i64, i64)]) -> Box<[RangeIndex]> {
    let mut fields: Vec<NumberField> = Vec::new();
    for (f, ..) in bounds {
        if !fields.contains(f) {
            fields.push(*f);
        }
    }
    fields
        .into_iter()
        .map(|field| {
            let of: Vec<&(NumberField, usize, i64, i64)> =
                bounds.iter().filter(|(f, ..)| *f == field).collect();
            let mut lows: Vec<i64> = of.iter().map(|b| b.2).filter(|&lo| lo > i64::MIN).collect();
            lows.sort_unstable();
            lows.dedup();
            let mut highs: Vec<i64> = of.iter().map(|b| b.3).filter(|&hi| hi < i64::MAX).collect();
            highs.sort_unstable();
            highs.dedup();
            RangeIndex {
                field,
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

impl Prefilter {
    /// Indexes the rules' top-level requirements; `rules[i]` is rule `i`'s condition and
    /// whether it is enabled.
    pub(crate) fn build<'a>(rules: impl ExactSizeIterator<Item = (&'a Node, bool)>) -> Prefilter {
        if rules.len() > MAX_INDEXED_RULES {
            return Prefilter::default();
        }
        let mut fields: Vec<FieldIndex> = Vec::new();
        let mut enabled = [0; WORDS];
        // Per numeric field, per rule: the intersection of its required ranges.
        let mut bounds: Vec<(NumberField, usize, i64, i64)> = Vec::new();
        for (rule, (when, on)) in rules.enumerate() {
            if on {
                set(&mut enabled, rule);
            }
            let mut parts = Vec::new();
            conjuncts(when, &mut parts);
            for part in parts {
                if let NodeKind::Number(field, op) = &part.kind
                    && !op.negate
                {
                    match bounds
                        .iter_mut()
                        .find(|(f, r, ..)| f == field && *r == rule)
                    {
                        Some((_, _, lo, hi)) => {
                            *lo = (*lo).max(op.lo);
                            *hi = (*hi).min(op.hi);
                        }
                        None => bounds.push((*field, rule, op.lo, op.hi)),
                    }
                    continue;
                }
                let Some(keys) = required(part) else { continue };
                let Some(first) = keys.first() else { continue };
                let field = first.field();
                let index = match fields.iter().position(|f| f.field == field) {
                    Some(i) => i,
                    None => {
                        fields.push(FieldIndex {
                            field,
                            values: Box::new([]),
                            constrained: [0; WORDS],
                            accept: Box::new([]),
                            packed: None,
                        });
                        fields.len() - 1
                    }
                };
                let fi = &mut fields[index];
                let mut values = fi.values.to_vec();
                let mut accept = fi.accept.to_vec();
                for key in &keys {
                    if !values.contains(key) {
                        values.push(key.clone());
                        // A rule already constrained on this field did not name the new value.
                        accept.push([0; WORDS]);
                    }
                }
                let first_time = fi.constrained[rule / 64] & (1 << (rule % 64)) == 0;
                for (v, value) in values.iter().enumerate() {
                    let ok = keys.contains(value);
                    let bit = 1u64 << (rule % 64);
                    if first_time {
                        if ok {
                            accept[v][rule / 64] |= bit;
                        }
                    } else if !ok {
                        // Two requirements on one field: both must hold.
                        accept[v][rule / 64] &= !bit;
                    }
                }
                set(&mut fi.constrained, rule);
                fi.values = values.into_boxed_slice();
                fi.accept = accept.into_boxed_slice();
            }
        }
        for fi in &mut fields {
            fi.packed = fi
                .values
                .iter()
                .map(|k| match k {
                    Key::Text(_, v) => pack(v.as_str()),
                    _ => None,
                })
                .collect::<Option<Box<[u128]>>>();
        }
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

    /// The rules that certainly do not match `facts`' order.
    #[inline]
    pub(crate) fn excluded(&self, f: &Facts<'_>) -> RuleBits {
        let mut out = [0u64; WORDS];
        for ri in self.ranges.iter() {
            let v = f.number(ri.field);
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
            let hit = match (&fi.packed, fi.field) {
                (Some(packed), Field::Text(field)) => match f.text(field) {
                    TextValue::One(Some(s)) => {
                        let s = trim(s);
                        match pack(s) {
                            Some(p) => packed.iter().position(|v| *v == p),
                            // Longer than any value, or not ASCII: compare the slow way.
                            None if s.is_ascii() => None,
                            None => fi.values.iter().position(|key| matches(key, f)),
                        }
                    }
                    _ => None,
                },
                _ => fi.values.iter().position(|key| matches(key, f)),
            };
            let accept = hit.and_then(|v| fi.accept.get(v));
            for w in 0..WORDS {
                out[w] |= fi.constrained[w] & !accept.map_or(0, |a| a[w]);
            }
        }
        out
    }
}

#[inline]
fn matches(key: &Key, f: &Facts<'_>) -> bool {
    match key {
        Key::Text(field, v) => match f.text(*field) {
            TextValue::One(Some(s)) => v.eq(trim(s)),
            _ => false,
        },
        Key::Channel(id) => *id == f.order.channel_id,
        Key::Payment(p) => *p == f.order.payment_status,
        Key::Address(a) => {
            *a == if f.address_valid() {
                AddressCheck::Valid
            } else {
                AddressCheck::Invalid
            }
        }
        Key::Flag(field, b) => f.flag(*field) == Some(*b),
    }
}
