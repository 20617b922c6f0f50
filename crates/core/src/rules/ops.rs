//! What each compiled operator means: the one place that decides whether a value passes a test.
//!
//! Missing values never pass a positive test (`equals`, `contains`, `before`…) and always pass
//! its negation (`not_equals`, `not_contains`): "requested service is not Express" holds for an
//! order with no requested service. For a list of texts (internal notes) a positive test holds
//! when any entry passes; its negation when none does.

use crate::order::OrderLine;
use crate::rules::facts::TextValue;
use crate::rules::program::{
    ChoiceOp, DateOp, FlagOp, LineNode, LineNumberField, LineTextField, ListOp, ListOpKind,
    NumberOp, Quantifier, TextOp, TextOpKind,
};
use crate::rules::text::trim;

impl TextOp {
    #[inline(always)]
    fn positive(&self, value: &str) -> bool {
        match &self.kind {
            TextOpKind::Equals(v) => v.eq(value),
            TextOpKind::OneOf(vs) => vs.iter().any(|v| v.eq(value)),
            TextOpKind::Contains(v) => v.is_in(value),
            TextOpKind::StartsWith(v) => v.is_prefix_of(value),
            TextOpKind::EndsWith(v) => v.is_suffix_of(value),
            TextOpKind::Matches(p) => p.matches(value),
            TextOpKind::IsBlank => value.is_empty(),
        }
    }

    #[inline]
    pub(crate) fn test_str(&self, value: &str) -> bool {
        self.positive(trim(value)) != self.negate
    }

    #[inline(always)]
    pub(crate) fn test(&self, value: TextValue<'_>) -> bool {
        let hit = match (value, &self.kind) {
            (TextValue::One(None), TextOpKind::IsBlank) => true,
            (TextValue::One(None), _) => false,
            (TextValue::One(Some(s)), _) => self.positive(trim(s)),
            (TextValue::Many(list), TextOpKind::IsBlank) => list.iter().all(|s| trim(s).is_empty()),
            (TextValue::Many(list), _) => list.iter().any(|s| self.positive(trim(s))),
        };
        hit != self.negate
    }
}

impl NumberOp {
    #[inline]
    pub(crate) fn test(&self, value: i64) -> bool {
        (self.lo <= value && value <= self.hi) != self.negate
    }
}

impl FlagOp {
    #[inline]
    pub(crate) fn test(&self, value: Option<bool>) -> bool {
        match *self {
            FlagOp::Equals(b) => value == Some(b),
            FlagOp::IsUnknown(b) => value.is_none() == b,
        }
    }
}

impl<T: PartialEq> ChoiceOp<T> {
    #[inline]
    pub(crate) fn test(&self, value: &T) -> bool {
        self.values.contains(value) != self.negate
    }
}

impl ListOp {
    #[inline]
    pub(crate) fn test(&self, list: &[String]) -> bool {
        let has = |f: &crate::rules::text::Folded| list.iter().any(|t| f.eq(trim(t)));
        let hit = match &self.kind {
            ListOpKind::Contains(f) => has(f),
            ListOpKind::ContainsAny(fs) => fs.iter().any(has),
            ListOpKind::ContainsAll(fs) => fs.iter().all(has),
            ListOpKind::AnyMatches(p) => list.iter().any(|t| p.matches(trim(t))),
            ListOpKind::IsBlank => list.iter().all(|t| trim(t).is_empty()),
        };
        hit != self.negate
    }
}

impl DateOp {
    #[inline]
    pub(crate) fn test(&self, value: Option<i64>, now_ms: i64) -> bool {
        let Some(t) = value else {
            return matches!(self, DateOp::IsBlank(true));
        };
        match *self {
            DateOp::Before(at) => t < at,
            DateOp::After(at) => t > at,
            DateOp::Window {
                from,
                to,
                strict_to,
            } => {
                let above = from.is_none_or(|f| t >= now_ms.saturating_add(f));
                let below = to.is_none_or(|d| {
                    let limit = now_ms.saturating_add(d);
                    if strict_to { t < limit } else { t <= limit }
                });
                above && below
            }
            DateOp::IsBlank(b) => !b,
        }
    }
}

impl LineNode {
    pub(crate) fn test(&self, line: &OrderLine) -> bool {
        match self {
            LineNode::All(c) => c.iter().all(|n| n.test(line)),
            LineNode::Any(c) => c.iter().any(|n| n.test(line)),
            LineNode::Not(n) => !n.test(line),
            LineNode::Text(field, op) => op.test_str(match field {
                LineTextField::Sku => &line.sku,
                LineTextField::Name => &line.name,
            }),
            LineNode::Number(field, op) => op.test(line_number(*field, line)),
            LineNode::Tags(op) => op.test(&line.product_tags),
        }
    }
}

/// A line's value of a numeric line field.
#[inline]
pub(crate) fn line_number(field: LineNumberField, line: &OrderLine) -> i64 {
    match field {
        LineNumberField::Quantity => i64::from(line.quantity),
        LineNumberField::UnitPrice => line.unit_price,
        LineNumberField::UnitWeightG => i64::from(line.unit_weight_g),
        LineNumberField::WeightG => i64::from(line.unit_weight_g) * i64::from(line.quantity),
    }
}

impl Quantifier {
    #[inline]
    pub(crate) fn test(self, node: &LineNode, lines: &[OrderLine]) -> bool {
        match self {
            Quantifier::Any => lines.iter().any(|l| node.test(l)),
            // "Every line" of an order with no lines would be vacuously true and hold an empty
            // order for the wrong reason; it needs at least one line.
            Quantifier::All => !lines.is_empty() && lines.iter().all(|l| node.test(l)),
            Quantifier::None => !lines.iter().any(|l| node.test(l)),
        }
    }
}
