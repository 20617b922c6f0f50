//! What a top-level conjunct of a rule requires of the order, in a form the prefilter indexes.
//!
//! Most conditions people write are "this field has one of these values" (country, channel,
//! service), "some line has this SKU prefix or product tag", "the order has one of these tags",
//! or a number in a range. Read that way, one look at the order per field answers the question
//! for every rule at once (see `prefilter`). A requirement must mean *exactly* what evaluating
//! its conjunct means — a skipped rule is a rule whose conditions are false — so the matching
//! below calls the very comparisons `ops` uses, and anything that does not fit (negations,
//! blanks, `all_lines` over text…) is simply left for evaluation.

use crate::ids::ChannelId;
use crate::order::PaymentStatus;
use crate::rules::condition::AddressCheck;
use crate::rules::facts::{Facts, TextValue};
use crate::rules::ops::line_number;
use crate::rules::pattern::Literal;
use crate::rules::program::{
    ChoiceOp, FlagField, FlagOp, LineNode, LineNumberField, LineTextField, ListOp, ListOpKind,
    Node, NodeKind, NumberField, Quantifier, TextField, TextOp, TextOpKind,
};
use crate::rules::text::{Folded, trim};

/// Which texts of the order a text requirement looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Texts {
    /// One field (or each internal note).
    Field(TextField),
    /// The order's tags.
    Tags,
    /// The product tags of every line.
    LineTags,
    /// One text of every line (SKU, name).
    Line(LineTextField),
}

/// How a rule's text compares with the order's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Exact,
    Prefix,
    Suffix,
    Inner,
}

/// An order fact the prefilter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Text(Texts, Mode),
    Channel,
    Payment,
    Address,
    Flag(FlagField),
}

/// One value a rule accepts for a [`Field`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    Text(Folded),
    Channel(ChannelId),
    Payment(PaymentStatus),
    Address(AddressCheck),
    Flag(bool),
}

/// A number the prefilter reads: an order total, or the least or greatest value over lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Number {
    Order(NumberField),
    LineMin(LineNumberField),
    LineMax(LineNumberField),
}

/// What a conjunct requires.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Requirement {
    /// The order has at least one of these values of the field.
    OneOf(Field, Vec<Key>),
    /// The number lies in `lo..=hi`.
    Range(Number, i64, i64),
}

impl Field {
    /// Whether an order can match at most one key of the field, so that two requirements of
    /// one rule on it amount to one: the values both accept.
    pub(crate) fn single(self) -> bool {
        match self {
            Field::Text(Texts::Field(TextField::InternalNotes), _) => false,
            Field::Text(Texts::Field(_), mode) => mode == Mode::Exact,
            Field::Text(..) => false,
            Field::Channel | Field::Payment | Field::Address | Field::Flag(_) => true,
        }
    }

    /// Whether the order has `key`.
    #[inline]
    pub(crate) fn has(self, key: &Key, f: &Facts<'_>) -> bool {
        match (self, key) {
            (Field::Text(texts, mode), Key::Text(v)) => any_text(texts, f, |s| mode.test(v, s)),
            (Field::Channel, Key::Channel(id)) => *id == f.order.channel_id,
            (Field::Payment, Key::Payment(p)) => *p == f.order.payment_status,
            (Field::Address, Key::Address(a)) => {
                *a == if f.address_valid() {
                    AddressCheck::Valid
                } else {
                    AddressCheck::Invalid
                }
            }
            (Field::Flag(field), Key::Flag(b)) => f.flag(field) == Some(*b),
            _ => false,
        }
    }
}

impl Mode {
    /// `value` (trimmed) passes `v` — the same comparison `ops` makes for the operator.
    #[inline]
    pub(crate) fn test(self, v: &Folded, value: &str) -> bool {
        match self {
            Mode::Exact => v.eq(value),
            Mode::Prefix => v.is_prefix_of(value),
            Mode::Suffix => v.is_suffix_of(value),
            Mode::Inner => v.is_in(value),
        }
    }
}

/// Whether any of the order's `texts`, trimmed, passes `test`.
#[inline]
fn any_text(texts: Texts, f: &Facts<'_>, mut test: impl FnMut(&str) -> bool) -> bool {
    let mut any = false;
    each_text(texts, f, |s| any = any || test(s));
    any
}

/// Calls `visit` with each of the order's `texts`, trimmed.
#[inline]
pub(crate) fn each_text(texts: Texts, f: &Facts<'_>, mut visit: impl FnMut(&str)) {
    let o = f.order;
    match texts {
        Texts::Field(field) => match f.text(field) {
            TextValue::One(Some(s)) => visit(trim(s)),
            TextValue::One(None) => {}
            TextValue::Many(list) => list.iter().for_each(|s| visit(trim(s))),
        },
        Texts::Tags => o.tags.iter().for_each(|t| visit(trim(t))),
        Texts::LineTags => o
            .lines
            .iter()
            .flat_map(|l| l.product_tags.iter())
            .for_each(|t| visit(trim(t))),
        Texts::Line(LineTextField::Sku) => o.lines.iter().for_each(|l| visit(trim(&l.sku))),
        Texts::Line(LineTextField::Name) => o.lines.iter().for_each(|l| visit(trim(&l.name))),
    }
}

impl Number {
    /// The order's value; for an order without lines, the least is below and the greatest
    /// above every bound, so a line range never passes it (`all_lines` needs a line).
    #[inline]
    pub(crate) fn value(self, f: &Facts<'_>) -> i64 {
        let lines = &f.order.lines;
        match self {
            Number::Order(field) => f.number(field),
            Number::LineMin(field) => lines
                .iter()
                .map(|l| line_number(field, l))
                .min()
                .unwrap_or(i64::MIN),
            Number::LineMax(field) => lines
                .iter()
                .map(|l| line_number(field, l))
                .max()
                .unwrap_or(i64::MAX),
        }
    }
}

/// What `node` requires of the order when the prefilter can decide it exactly; empty when it
/// cannot (then evaluation does).
pub(crate) fn requirements(node: &Node) -> Vec<Requirement> {
    let one = |field, keys: Vec<Key>| {
        if keys.is_empty() {
            Vec::new()
        } else {
            vec![Requirement::OneOf(field, keys)]
        }
    };
    match &node.kind {
        NodeKind::Text(field, op) => match text(op) {
            Some((mode, keys)) => one(Field::Text(Texts::Field(*field), mode), keys),
            None => Vec::new(),
        },
        NodeKind::Tags(op) => list(Texts::Tags, op, true),
        NodeKind::Lines(Quantifier::Any, line) => match &**line {
            // Some line has the tag ⇔ the tag is among all lines' tags; "every one of these
            // tags on one line" does not split that way.
            LineNode::Tags(op) => list(Texts::LineTags, op, false),
            LineNode::Text(field, op) => match text(op) {
                Some((mode, keys)) => one(Field::Text(Texts::Line(*field), mode), keys),
                None => Vec::new(),
            },
            _ => Vec::new(),
        },
        // Every line within lo..=hi ⇔ the least line ≥ lo and the greatest ≤ hi (and a line).
        NodeKind::Lines(Quantifier::All, line) => match &**line {
            LineNode::Number(field, op) if !op.negate => {
                let mut out = Vec::new();
                if op.lo > i64::MIN {
                    out.push(Requirement::Range(Number::LineMin(*field), op.lo, i64::MAX));
                }
                if op.hi < i64::MAX {
                    out.push(Requirement::Range(Number::LineMax(*field), i64::MIN, op.hi));
                }
                out
            }
            _ => Vec::new(),
        },
        NodeKind::Number(field, op) if !op.negate => {
            vec![Requirement::Range(Number::Order(*field), op.lo, op.hi)]
        }
        NodeKind::Channel(op) => one(Field::Channel, choice(op, Key::Channel)),
        NodeKind::Payment(op) => one(Field::Payment, choice(op, Key::Payment)),
        NodeKind::Address(op) => one(Field::Address, choice(op, Key::Address)),
        NodeKind::Flag(field, FlagOp::Equals(b)) => one(Field::Flag(*field), vec![Key::Flag(*b)]),
        _ => Vec::new(),
    }
}

fn choice<T: Clone>(op: &ChoiceOp<T>, key: impl Fn(T) -> Key) -> Vec<Key> {
    if op.negate {
        return Vec::new();
    }
    op.values.iter().cloned().map(key).collect()
}

/// The mode and values of a positive text test that is a plain comparison.
fn text(op: &TextOp) -> Option<(Mode, Vec<Key>)> {
    if op.negate {
        return None;
    }
    let key = |v: &Folded| vec![Key::Text(v.clone())];
    Some(match &op.kind {
        TextOpKind::Equals(v) => (Mode::Exact, key(v)),
        TextOpKind::OneOf(vs) => (Mode::Exact, vs.iter().cloned().map(Key::Text).collect()),
        TextOpKind::StartsWith(v) => (Mode::Prefix, key(v)),
        TextOpKind::EndsWith(v) => (Mode::Suffix, key(v)),
        TextOpKind::Contains(v) => (Mode::Inner, key(v)),
        TextOpKind::Matches(p) => literal(p.as_literal()?),
        TextOpKind::IsBlank => return None,
    })
}

fn literal((how, text): (Literal, String)) -> (Mode, Vec<Key>) {
    let mode = match how {
        Literal::Whole => Mode::Exact,
        Literal::Prefix => Mode::Prefix,
        Literal::Suffix => Mode::Suffix,
        Literal::Inner => Mode::Inner,
    };
    (mode, vec![Key::Text(Folded::from_folded(text))])
}

/// A positive list test: each word it needs is one requirement (`contains_all`, on the order's
/// own list only), any of its words another.
fn list(texts: Texts, op: &ListOp, split_all: bool) -> Vec<Requirement> {
    if op.negate {
        return Vec::new();
    }
    let exact = Field::Text(texts, Mode::Exact);
    let keys = |vs: &[Folded]| vs.iter().cloned().map(Key::Text).collect::<Vec<_>>();
    match &op.kind {
        ListOpKind::Contains(v) => vec![Requirement::OneOf(exact, vec![Key::Text(v.clone())])],
        ListOpKind::ContainsAny(vs) if !vs.is_empty() => {
            vec![Requirement::OneOf(exact, keys(vs))]
        }
        ListOpKind::ContainsAll(vs) if split_all => vs
            .iter()
            .map(|v| Requirement::OneOf(exact, vec![Key::Text(v.clone())]))
            .collect(),
        ListOpKind::AnyMatches(p) => match p.as_literal() {
            Some(lit) => {
                let (mode, keys) = literal(lit);
                vec![Requirement::OneOf(Field::Text(texts, mode), keys)]
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Whether the prefilter decides `node` exactly as a top-level conjunct: a rule it lets through
/// is known to pass it, so the fast path need not evaluate it again.
pub(crate) fn decides(node: &Node) -> bool {
    !requirements(node).is_empty()
}
