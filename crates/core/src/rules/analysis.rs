//! Reasoning about conditions without an order: can a condition ever match, and does one
//! condition imply another?
//!
//! Validation uses this to catch rules that can never fire (`between 500 and 100`, `country is
//! US` *and* `country is CA`, `total < 0`) and rules that never run because an earlier rule that
//! stops processing matches every order they would match. The analysis is deliberately
//! conservative: it only reports what it can prove, so a rule it lets through may still be dead,
//! but a rule it flags is dead for certain.

use crate::rules::condition::{
    ChoiceTest, Condition, DateTest, FlagTest, LineCondition, MaybeFlagTest, NumberTest, TextTest,
};
use crate::rules::describe;
use crate::rules::text::fold;

/// What a single test says about its field's value, when that can be put in a simple form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Constraint {
    /// The value lies in this inclusive range.
    Range(i64, i64),
    /// The value is one of these (folded for text, exact for ids and enums).
    Set(Vec<String>),
    Flag(bool),
    /// The value is missing (`true`) or present (`false`).
    Blank(bool),
}

/// Every number a rule can test (money, grams, counts) is zero or more.
const DOMAIN: (i64, i64) = (0, i64::MAX);

/// How a condition tree looks to the analysis.
pub(crate) enum Shape<'a, T> {
    Always,
    All(&'a [T]),
    Any(&'a [T]),
    Not(&'a T),
    Leaf,
}

/// The common view of order conditions and line conditions.
pub(crate) trait Tree: PartialEq + Sized {
    fn shape(&self) -> Shape<'_, Self>;
    /// The field a scalar test is about and what it requires; `None` for tests the analysis
    /// does not reason about (lists, substrings, patterns, relative dates, quantifiers).
    fn atom(&self) -> Option<(&'static str, Constraint)>;
    fn describe(&self) -> String;
    /// Extra reasons a quantifier can never match.
    fn never_inside(&self, _path: &str) -> Option<(String, String)> {
        None
    }
    /// Implication between two quantifiers over lines.
    fn quantifier_implies(&self, _weaker: &Self) -> bool {
        false
    }
}

fn number_atom(t: &NumberTest) -> Option<Constraint> {
    Some(match *t {
        NumberTest::Equals(v) => Constraint::Range(v, v),
        NumberTest::NotEquals(_) => return None,
        NumberTest::Lt(v) => Constraint::Range(i64::MIN, v.saturating_sub(1)),
        NumberTest::Lte(v) => Constraint::Range(i64::MIN, v),
        NumberTest::Gt(v) => Constraint::Range(v.saturating_add(1), i64::MAX),
        NumberTest::Gte(v) => Constraint::Range(v, i64::MAX),
        NumberTest::Between(r) => Constraint::Range(r.min, r.max),
    })
}

fn text_atom(t: &TextTest) -> Option<Constraint> {
    Some(match t {
        TextTest::Equals(v) => Constraint::Set(vec![fold(v)]),
        TextTest::OneOf(v) => Constraint::Set(v.iter().map(|s| fold(s)).collect()),
        TextTest::IsBlank(b) => Constraint::Blank(*b),
        _ => return None,
    })
}

fn choice_atom<T>(t: &ChoiceTest<T>, name: impl Fn(&T) -> String) -> Option<Constraint> {
    Some(match t {
        ChoiceTest::Equals(v) => Constraint::Set(vec![name(v)]),
        ChoiceTest::OneOf(v) => Constraint::Set(v.iter().map(name).collect()),
        _ => return None,
    })
}

fn date_atom(t: &DateTest) -> Option<Constraint> {
    Some(match t {
        DateTest::Before(at) => {
            Constraint::Range(i64::MIN, at.timestamp_millis().saturating_sub(1))
        }
        DateTest::After(at) => Constraint::Range(at.timestamp_millis().saturating_add(1), i64::MAX),
        DateTest::IsBlank(b) => Constraint::Blank(*b),
        _ => return None,
    })
}

fn debug_name<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}")
}

impl Tree for Condition {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Condition::Always => Shape::Always,
            Condition::All(c) => Shape::All(c),
            Condition::Any(c) => Shape::Any(c),
            Condition::Not(c) => Shape::Not(c),
            _ => Shape::Leaf,
        }
    }

    fn atom(&self) -> Option<(&'static str, Constraint)> {
        let key = describe::field_label(self);
        let c = match self {
            Condition::Total(t)
            | Condition::LineCount(t)
            | Condition::TotalQuantity(t)
            | Condition::TotalWeightG(t) => number_atom(t)?,
            Condition::Currency(t)
            | Condition::ShipToCountry(t)
            | Condition::ShipToRegion(t)
            | Condition::ShipToCity(t)
            | Condition::ShipToPostalCode(t)
            | Condition::RequestedService(t)
            | Condition::CustomerName(t)
            | Condition::CustomerEmail(t)
            | Condition::CustomerNotes(t) => text_atom(t)?,
            Condition::Channel(t) => choice_atom(t, |id| id.to_string())?,
            Condition::PaymentStatus(t) => choice_atom(t, debug_name)?,
            Condition::AddressCheck(t) => choice_atom(t, debug_name)?,
            Condition::Gift(FlagTest::Equals(b)) => Constraint::Flag(*b),
            Condition::ShipToResidential(MaybeFlagTest::Equals(b)) => Constraint::Flag(*b),
            Condition::ShipToResidential(MaybeFlagTest::IsUnknown(b)) => Constraint::Blank(*b),
            Condition::PlacedAt(t) | Condition::ShipBy(t) => date_atom(t)?,
            _ => return None,
        };
        Some((key, c))
    }

    fn describe(&self) -> String {
        describe::condition(self)
    }

    fn never_inside(&self, path: &str) -> Option<(String, String)> {
        match self {
            Condition::AnyLine(l) => never(l.as_ref(), &format!("{path}.any_line"))
                .map(|(p, why)| (p, format!("no line can match: {why}"))),
            Condition::AllLines(l) => never(l.as_ref(), &format!("{path}.all_lines"))
                .map(|(p, why)| (p, format!("no line can match: {why}"))),
            _ => None,
        }
    }

    fn quantifier_implies(&self, weaker: &Self) -> bool {
        match (self, weaker) {
            (Condition::AnyLine(b), Condition::AnyLine(a))
            | (Condition::AllLines(b), Condition::AllLines(a)) => implies(b.as_ref(), a.as_ref()),
            (Condition::NoLine(b), Condition::NoLine(a)) => implies(a.as_ref(), b.as_ref()),
            (Condition::AllLines(b), Condition::AnyLine(a)) => implies(b.as_ref(), a.as_ref()),
            _ => false,
        }
    }
}

impl Tree for LineCondition {
    fn shape(&self) -> Shape<'_, Self> {
        match self {
            LineCondition::All(c) => Shape::All(c),
            LineCondition::Any(c) => Shape::Any(c),
            LineCondition::Not(c) => Shape::Not(c),
            _ => Shape::Leaf,
        }
    }

    fn atom(&self) -> Option<(&'static str, Constraint)> {
        let key = describe::line_field_label(self);
        let c = match self {
            LineCondition::Sku(t) | LineCondition::Name(t) => text_atom(t)?,
            LineCondition::Quantity(t)
            | LineCondition::UnitPrice(t)
            | LineCondition::UnitWeightG(t)
            | LineCondition::WeightG(t) => number_atom(t)?,
            _ => return None,
        };
        Some((key, c))
    }

    fn describe(&self) -> String {
        describe::line_condition(self)
    }
}

/// Where and why `cond` can never match, if that can be proven.
pub(crate) fn never<T: Tree>(cond: &T, path: &str) -> Option<(String, String)> {
    match cond.shape() {
        Shape::Always => None,
        Shape::Not(inner) => match inner.shape() {
            Shape::Always => Some((path.to_owned(), "`not always` never matches".to_owned())),
            _ => None,
        },
        Shape::Any(children) => {
            if children.is_empty() {
                return None; // reported as empty criteria
            }
            let mut first = None;
            for (i, child) in children.iter().enumerate() {
                match never(child, &format!("{path}.any[{i}]")) {
                    Some(reason) => {
                        first.get_or_insert(reason);
                    }
                    None => return None,
                }
            }
            first.map(|(_, why)| {
                (
                    path.to_owned(),
                    format!("none of the `any` conditions can match (the first: {why})"),
                )
            })
        }
        Shape::All(children) => {
            for (i, child) in children.iter().enumerate() {
                if let Some(reason) = never(child, &format!("{path}.all[{i}]")) {
                    return Some(reason);
                }
            }
            let mut leaves = Vec::new();
            flatten_all(children, &mut leaves);
            conflict(&leaves).map(|why| (path.to_owned(), why))
        }
        Shape::Leaf => {
            if let Some(reason) = cond.never_inside(path) {
                return Some(reason);
            }
            conflict(&[cond]).map(|why| (path.to_owned(), why))
        }
    }
}

fn flatten_all<'a, T: Tree>(children: &'a [T], out: &mut Vec<&'a T>) {
    for child in children {
        match child.shape() {
            Shape::All(inner) => flatten_all(inner, out),
            _ => out.push(child),
        }
    }
}

/// Why the conjunction of `leaves` is impossible, if it is.
fn conflict<T: Tree>(leaves: &[&T]) -> Option<String> {
    let atoms: Vec<(&'static str, Constraint, &T)> = leaves
        .iter()
        .filter_map(|leaf| leaf.atom().map(|(k, c)| (k, c, *leaf)))
        .collect();
    let mut fields: Vec<&'static str> = Vec::new();
    for (k, _, _) in &atoms {
        if !fields.contains(k) {
            fields.push(k);
        }
    }
    for field in fields {
        let of_field: Vec<&(&'static str, Constraint, &T)> =
            atoms.iter().filter(|(k, _, _)| *k == field).collect();
        let mut range: Option<(i64, i64)> = None;
        let mut set: Option<Vec<String>> = None;
        let mut flag: Option<bool> = None;
        let mut blank: Option<bool> = None;
        let mut impossible = false;
        for (_, c, _) in &of_field {
            match c {
                Constraint::Range(lo, hi) => {
                    let (l, h) = range.unwrap_or((i64::MIN, i64::MAX));
                    range = Some((l.max(*lo), h.min(*hi)));
                }
                Constraint::Set(values) => {
                    set = Some(match set.take() {
                        None => values.clone(),
                        Some(prev) => prev.into_iter().filter(|v| values.contains(v)).collect(),
                    });
                }
                Constraint::Flag(b) => {
                    if flag.is_some_and(|f| f != *b) {
                        impossible = true;
                    }
                    flag = Some(*b);
                }
                Constraint::Blank(b) => {
                    if blank.is_some_and(|f| f != *b) {
                        impossible = true;
                    }
                    blank = Some(*b);
                }
            }
        }
        let is_date = field == "placed at" || field == "ship by";
        if let Some((lo, hi)) = range {
            if lo > hi {
                if of_field.len() == 1 {
                    return Some(format!(
                        "`{}` can never match: its lower bound is above its upper bound",
                        of_field[0].2.describe()
                    ));
                }
                impossible = true;
            } else if !is_date && (hi < DOMAIN.0 || lo > DOMAIN.1) {
                return Some(format!(
                    "`{}` can never match: {field} is never negative",
                    describe_all(&of_field)
                ));
            }
        }
        if set.as_ref().is_some_and(Vec::is_empty) {
            impossible = true;
        }
        if blank == Some(true) && (set.is_some() || flag.is_some() || range.is_some()) {
            impossible = true;
        }
        if impossible {
            return Some(format!(
                "these conditions on {field} can never all hold: {}",
                describe_all(&of_field)
            ));
        }
    }
    None
}

fn describe_all<T: Tree>(atoms: &[&(&'static str, Constraint, &T)]) -> String {
    atoms
        .iter()
        .map(|(_, _, leaf)| format!("`{}`", leaf.describe()))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Whether every order matching `stronger` also matches `weaker` (provably).
pub(crate) fn implies<T: Tree>(stronger: &T, weaker: &T) -> bool {
    if stronger == weaker {
        return true;
    }
    match weaker.shape() {
        Shape::Always => return true,
        Shape::All(parts) => return parts.iter().all(|w| implies(stronger, w)),
        _ => {}
    }
    match stronger.shape() {
        Shape::All(parts) => parts.iter().any(|s| implies(s, weaker)),
        Shape::Any(parts) => !parts.is_empty() && parts.iter().all(|s| implies(s, weaker)),
        _ => {
            if let Shape::Any(options) = weaker.shape()
                && options.iter().any(|w| implies(stronger, w))
            {
                return true;
            }
            leaf_implies(stronger, weaker) || stronger.quantifier_implies(weaker)
        }
    }
}

fn leaf_implies<T: Tree>(stronger: &T, weaker: &T) -> bool {
    let (Some((ks, s)), Some((kw, w))) = (stronger.atom(), weaker.atom()) else {
        return false;
    };
    if ks != kw {
        return false;
    }
    match (s, w) {
        (Constraint::Range(sl, sh), Constraint::Range(wl, wh)) => {
            let (sl, sh) = (sl.max(DOMAIN.0), sh.min(DOMAIN.1));
            wl <= sl && sh <= wh
        }
        (Constraint::Set(s), Constraint::Set(w)) => s.iter().all(|v| w.contains(v)),
        (Constraint::Flag(s), Constraint::Flag(w)) => s == w,
        (Constraint::Blank(s), Constraint::Blank(w)) => s == w,
        (
            Constraint::Set(_) | Constraint::Flag(_) | Constraint::Range(..),
            Constraint::Blank(w),
        ) => !w,
        _ => false,
    }
}
