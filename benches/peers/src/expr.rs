//! Waybill conditions as zen expressions: the standard form (`country in ["us", "ca"]`) and,
//! for a decision table cell, the unary form (`"us", "ca"`), which zen indexes like Waybill's
//! prefilter indexes equality.
//!
//! Only the condition shapes the benchmark fixture uses are translated; anything else is an
//! error, so the benchmark stops rather than measure a different ruleset.

use serde_json::Value;
use waybill_core::rules::{
    ChoiceTest, Condition, LineCondition, ListTest, MaybeFlagTest, NumberTest, TextTest,
};

use crate::input::fold;

/// A condition the translation does not cover.
#[derive(Debug)]
pub struct Unsupported(pub String);

pub type Result<T> = std::result::Result<T, Unsupported>;

fn unsupported(c: &impl std::fmt::Debug) -> Unsupported {
    Unsupported(format!("{c:?}"))
}

pub fn quote(s: &str) -> String {
    Value::from(s).to_string()
}

fn list(vs: &[String], fold_them: bool) -> String {
    let items: Vec<String> = vs
        .iter()
        .map(|v| quote(&if fold_them { fold(v) } else { v.clone() }))
        .collect();
    items.join(", ")
}

/// The literal text of a `matches` pattern that is a plain prefix (`9*`).
pub fn prefix_pattern(p: &str) -> Option<String> {
    let stem = p.trim().strip_suffix('*')?;
    (!stem.contains(['*', '?', '[', '\\'])).then(|| fold(stem))
}

/// The input field a leaf reads, or `None` for a group.
pub fn field(c: &Condition) -> Option<&'static str> {
    Some(match c {
        Condition::ShipToCountry(_) => "country",
        Condition::ShipToRegion(_) => "region",
        Condition::ShipToPostalCode(_) => "postal",
        Condition::RequestedService(_) => "service",
        Condition::CustomerEmail(_) => "email",
        Condition::Total(_) => "total",
        Condition::TotalWeightG(_) => "weight",
        Condition::ShipToResidential(_) => "residential",
        Condition::Channel(_) => "channel",
        Condition::Tags(_) => "tags",
        Condition::AnyLine(_) | Condition::AllLines(_) => "lines",
        _ => return None,
    })
}

fn text(t: &TextTest, s: &str) -> Result<String> {
    Ok(match t {
        TextTest::Equals(v) => format!("{s} == {}", quote(&fold(v))),
        TextTest::OneOf(vs) => format!("{s} in [{}]", list(vs, true)),
        TextTest::StartsWith(v) => format!("startsWith({s}, {})", quote(&fold(v))),
        TextTest::EndsWith(v) => format!("endsWith({s}, {})", quote(&fold(v))),
        TextTest::Matches(p) => match prefix_pattern(p) {
            Some(stem) => format!("startsWith({s}, {})", quote(&stem)),
            None => return Err(unsupported(t)),
        },
        other => return Err(unsupported(other)),
    })
}

fn number(t: &NumberTest, s: &str) -> String {
    match *t {
        NumberTest::Equals(v) => format!("{s} == {v}"),
        NumberTest::NotEquals(v) => format!("{s} != {v}"),
        NumberTest::Lt(v) => format!("{s} < {v}"),
        NumberTest::Lte(v) => format!("{s} <= {v}"),
        NumberTest::Gt(v) => format!("{s} > {v}"),
        NumberTest::Gte(v) => format!("{s} >= {v}"),
        NumberTest::Between(r) => format!("{s} >= {} and {s} <= {}", r.min, r.max),
    }
}

fn line(l: &LineCondition, s: &str) -> Result<String> {
    Ok(match l {
        LineCondition::Sku(t) => text(t, &format!("{s}.sku"))?,
        LineCondition::ProductTags(ListTest::Contains(v)) => {
            format!("contains({s}.tags, {})", quote(&fold(v)))
        }
        LineCondition::Quantity(t) => number(t, &format!("{s}.quantity")),
        other => return Err(unsupported(other)),
    })
}

/// A leaf with `s` standing for its field (`$` in a unary cell, the field's path elsewhere).
pub fn leaf(c: &Condition, s: &str) -> Result<String> {
    Ok(match c {
        Condition::ShipToCountry(t)
        | Condition::ShipToRegion(t)
        | Condition::ShipToPostalCode(t)
        | Condition::RequestedService(t)
        | Condition::CustomerEmail(t) => text(t, s)?,
        Condition::Total(t) | Condition::TotalWeightG(t) => number(t, s),
        Condition::ShipToResidential(MaybeFlagTest::Equals(b)) => format!("{s} == {b}"),
        // Ids compare exactly, unfolded.
        Condition::Channel(ChoiceTest::Equals(id)) => format!("{s} == {}", quote(id.as_str())),
        Condition::Tags(ListTest::ContainsAny(vs)) => {
            format!("some({s}, # in [{}])", list(vs, true))
        }
        Condition::Tags(ListTest::Contains(v)) => format!("contains({s}, {})", quote(&fold(v))),
        Condition::AnyLine(l) => format!("some({s}, {})", line(l, "#")?),
        // `all_lines` needs a line; zen's `all` of an empty list is true.
        Condition::AllLines(l) => format!("len({s}) > 0 and all({s}, {})", line(l, "#")?),
        other => return Err(unsupported(other)),
    })
}

/// The idiomatic unary cell of a leaf: plain values where zen has a form for them (and indexes
/// it), `$` expressions otherwise.
pub fn unary(c: &Condition) -> Result<String> {
    Ok(match c {
        Condition::ShipToCountry(TextTest::Equals(v))
        | Condition::ShipToRegion(TextTest::Equals(v))
        | Condition::RequestedService(TextTest::Equals(v)) => quote(&fold(v)),
        Condition::ShipToCountry(TextTest::OneOf(vs))
        | Condition::ShipToRegion(TextTest::OneOf(vs))
        | Condition::RequestedService(TextTest::OneOf(vs)) => list(vs, true),
        Condition::Channel(ChoiceTest::Equals(id)) => quote(id.as_str()),
        Condition::ShipToResidential(MaybeFlagTest::Equals(b)) => b.to_string(),
        Condition::Total(t) | Condition::TotalWeightG(t) => match *t {
            NumberTest::Gte(v) => format!(">= {v}"),
            NumberTest::Lte(v) => format!("<= {v}"),
            NumberTest::Between(r) => format!("[{}..{}]", r.min, r.max),
            _ => leaf(c, "$")?,
        },
        _ => leaf(c, "$")?,
    })
}

/// Any condition as a standard expression over the input.
pub fn standard(c: &Condition) -> Result<String> {
    let join = |cs: &[Condition], op: &str| -> Result<String> {
        let parts = cs
            .iter()
            .map(|c| standard(c).map(|e| format!("({e})")))
            .collect::<Result<Vec<_>>>()?;
        Ok(parts.join(op))
    };
    match c {
        Condition::Always => Ok("true".to_owned()),
        Condition::All(cs) => join(cs, " and "),
        Condition::Any(cs) => join(cs, " or "),
        Condition::Not(inner) => Ok(format!("not ({})", standard(inner)?)),
        leafy => match field(leafy) {
            Some(f) => leaf(leafy, f),
            None => Err(unsupported(leafy)),
        },
    }
}
