//! The value a condition looked at, in words, for the trace. Only runs when tracing, and writes
//! into the trace's one text buffer rather than allocating per condition.

use std::fmt::Write;

use crate::rules::describe::instant;
use crate::rules::facts::{Facts, TextValue};
use crate::rules::program::{NodeKind, NumberField, Quantifier};
use crate::rules::trace::SeenKey;

/// The cache key for what `kind` looks at, when that does not depend on the condition itself.
pub(crate) fn seen_key(kind: &NodeKind) -> Option<SeenKey> {
    Some(match kind {
        NodeKind::Text(field, _) => SeenKey::Text(*field as u8),
        NodeKind::Number(field, _) => SeenKey::Number(*field as u8),
        NodeKind::Flag(field, _) => SeenKey::Flag(*field as u8),
        NodeKind::Date(field, _) => SeenKey::Date(*field as u8),
        NodeKind::Channel(_) => SeenKey::Channel,
        NodeKind::Payment(_) => SeenKey::Payment,
        NodeKind::Address(_) => SeenKey::Address,
        NodeKind::Tags(_) => SeenKey::Tags,
        _ => return None,
    })
}

fn quoted(out: &mut String, s: &str) {
    let s = s.trim();
    if s.is_empty() {
        out.push_str("(blank)");
    } else {
        let _ = write!(out, "\"{s}\"");
    }
}

fn list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, empty: &str) {
    let start = out.len();
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quoted(out, s);
    }
    if out.len() == start {
        out.push_str(empty);
    }
}

/// Writes what `kind` looked at into `out`; `false` (nothing written) for groups.
pub(crate) fn seen(kind: &NodeKind, f: &Facts<'_>, out: &mut String) -> bool {
    let o = f.order;
    match kind {
        NodeKind::Always | NodeKind::All(_) | NodeKind::Any(_) | NodeKind::Not(_) => return false,
        NodeKind::Lines(q, node) => {
            let tests: Vec<bool> = o.lines.iter().map(|l| node.test(l)).collect();
            let skus: Vec<&str> = o.lines.iter().map(|l| l.sku.as_str()).collect();
            lines_text(out, *q, &tests, &skus);
        }
        NodeKind::Text(field, _) => match f.text(*field) {
            TextValue::One(v) => quoted(out, v.unwrap_or("")),
            TextValue::Many(notes) => list(out, notes.iter().map(String::as_str), "(no notes)"),
        },
        // Money reads as money (`600.00 USD`), not minor units.
        NodeKind::Number(NumberField::Total, _) => {
            let _ = write!(
                out,
                "{}",
                crate::money::Money::new(o.total, o.currency.clone())
            );
        }
        NodeKind::Number(field, _) => {
            let _ = write!(out, "{}", f.number(*field));
        }
        NodeKind::Flag(field, _) => out.push_str(match f.flag(*field) {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unknown",
        }),
        NodeKind::Channel(_) => out.push_str(o.channel_id.as_str()),
        NodeKind::Payment(_) => out.push_str(match o.payment_status {
            crate::order::PaymentStatus::Pending => "pending",
            crate::order::PaymentStatus::Paid => "paid",
            crate::order::PaymentStatus::PartiallyRefunded => "partially_refunded",
            crate::order::PaymentStatus::Refunded => "refunded",
        }),
        NodeKind::Address(_) => {
            let problems = o.ship_to.problems();
            if problems.is_empty() {
                out.push_str("valid");
            } else {
                out.push_str("invalid (");
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    let _ = write!(out, "{p}");
                }
                out.push(')');
            }
        }
        NodeKind::Tags(_) => list(out, o.tags.iter().map(String::as_str), "(no tags)"),
        NodeKind::Date(field, _) => match f.date(*field) {
            Some(at) => out.push_str(&instant(&at)),
            None => out.push_str("(blank)"),
        },
    }
    true
}

/// The words for a line quantifier: which lines matched, by SKU.
pub(crate) fn lines_text(out: &mut String, q: Quantifier, matched: &[bool], skus: &[&str]) {
    let total = skus.len();
    let matching = matched.iter().filter(|m| **m).count();
    let pick = |want: bool| {
        skus.iter()
            .zip(matched)
            .filter(move |(_, m)| **m == want)
            .map(|(s, _)| *s)
    };
    if total == 0 {
        out.push_str("the order has no lines");
    } else if matching == 0 {
        out.push_str("no line matches (lines: ");
        list(out, skus.iter().copied(), "");
        out.push(')');
    } else if q == Quantifier::All && matching < total {
        let _ = write!(out, "{matching} of {total} lines match; not ");
        list(out, pick(false), "");
    } else {
        let _ = write!(out, "{matching} of {total} lines match: ");
        list(out, pick(true), "");
    }
}
