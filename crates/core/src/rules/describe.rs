//! Conditions and actions in words, for traces, timelines and validation messages.
//!
//! Compiled once per ruleset: a trace points at these strings rather than formatting anything
//! while it evaluates.

use std::fmt::Write;

use crate::routing::Strategy;
use crate::rules::action::{Action, Insurance};
use crate::rules::condition::{
    ChoiceTest, Condition, DateTest, FlagTest, LineCondition, ListTest, MaybeFlagTest, NumberTest,
    TextTest,
};

/// The words for a condition field as people read it.
pub(crate) fn field_label(cond: &Condition) -> &'static str {
    match cond {
        Condition::Always => "always",
        Condition::All(_) => "all of",
        Condition::Any(_) => "any of",
        Condition::Not(_) => "not",
        Condition::AnyLine(_) => "any line",
        Condition::AllLines(_) => "every line",
        Condition::NoLine(_) => "no line",
        Condition::Channel(_) => "channel",
        Condition::Total(_) => "order total",
        Condition::Currency(_) => "currency",
        Condition::LineCount(_) => "number of lines",
        Condition::TotalQuantity(_) => "total quantity",
        Condition::TotalWeightG(_) => "total weight (g)",
        Condition::ShipToCountry(_) => "ship-to country",
        Condition::ShipToRegion(_) => "ship-to region",
        Condition::ShipToCity(_) => "ship-to city",
        Condition::ShipToPostalCode(_) => "ship-to postal code",
        Condition::ShipToResidential(_) => "ship-to residential",
        Condition::AddressCheck(_) => "address check",
        Condition::RequestedService(_) => "requested service",
        Condition::Tags(_) => "order tags",
        Condition::CustomerName(_) => "customer name",
        Condition::CustomerEmail(_) => "customer email",
        Condition::CustomerNotes(_) => "customer notes",
        Condition::InternalNotes(_) => "internal notes",
        Condition::Gift(_) => "gift",
        Condition::PaymentStatus(_) => "payment status",
        Condition::PlacedAt(_) => "placed at",
        Condition::ShipBy(_) => "ship by",
    }
}

pub(crate) fn line_field_label(cond: &LineCondition) -> &'static str {
    match cond {
        LineCondition::All(_) => "all of",
        LineCondition::Any(_) => "any of",
        LineCondition::Not(_) => "not",
        LineCondition::Sku(_) => "SKU",
        LineCondition::Name(_) => "product name",
        LineCondition::ProductTags(_) => "product tags",
        LineCondition::Quantity(_) => "quantity",
        LineCondition::UnitPrice(_) => "unit price",
        LineCondition::UnitWeightG(_) => "unit weight (g)",
        LineCondition::WeightG(_) => "line weight (g)",
    }
}

/// One condition in words: `ship-to country is one of "US", "CA"`, `any line: SKU starts
/// with "HAZ-"`, `all of 3 conditions`.
pub(crate) fn condition(cond: &Condition) -> String {
    let label = field_label(cond);
    match cond {
        Condition::Always => "always".to_owned(),
        Condition::All(c) => format!("all of {} conditions", c.len()),
        Condition::Any(c) => format!("any of {} conditions", c.len()),
        Condition::Not(c) => format!("not ({})", condition(c)),
        Condition::AnyLine(l) | Condition::AllLines(l) | Condition::NoLine(l) => {
            format!("{label}: {}", line_condition(l))
        }
        Condition::Channel(t) => choice(label, t, |id| id.to_string()),
        Condition::PaymentStatus(t) => choice(label, t, |s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        Condition::AddressCheck(t) => choice(label, t, |c| {
            match c {
                crate::rules::condition::AddressCheck::Valid => "valid",
                crate::rules::condition::AddressCheck::Invalid => "invalid",
            }
            .to_owned()
        }),
        // Totals are minor units: written as an amount (75000 → 750.00), the currency being the
        // order's own.
        Condition::Total(t) => number(label, t, amount),
        Condition::LineCount(t) | Condition::TotalQuantity(t) | Condition::TotalWeightG(t) => {
            number(label, t, |v| v.to_string())
        }
        Condition::Currency(t)
        | Condition::ShipToCountry(t)
        | Condition::ShipToRegion(t)
        | Condition::ShipToCity(t)
        | Condition::ShipToPostalCode(t)
        | Condition::RequestedService(t)
        | Condition::CustomerName(t)
        | Condition::CustomerEmail(t)
        | Condition::CustomerNotes(t) => text(label, t),
        Condition::InternalNotes(t) => text("an internal note", t),
        Condition::ShipToResidential(t) => maybe_flag(label, *t),
        Condition::Gift(FlagTest::Equals(b)) => format!("{label} is {}", yes_no(*b)),
        Condition::Tags(t) => list(label, t),
        Condition::PlacedAt(t) | Condition::ShipBy(t) => date(label, t),
    }
}

pub(crate) fn line_condition(cond: &LineCondition) -> String {
    let label = line_field_label(cond);
    match cond {
        LineCondition::All(c) => {
            let parts: Vec<String> = c.iter().map(line_condition).collect();
            format!("({})", parts.join(" and "))
        }
        LineCondition::Any(c) => {
            let parts: Vec<String> = c.iter().map(line_condition).collect();
            format!("({})", parts.join(" or "))
        }
        LineCondition::Not(c) => format!("not ({})", line_condition(c)),
        LineCondition::Sku(t) | LineCondition::Name(t) => text(label, t),
        LineCondition::ProductTags(t) => list(label, t),
        LineCondition::UnitPrice(t) => number(label, t, amount),
        LineCondition::Quantity(t) | LineCondition::UnitWeightG(t) | LineCondition::WeightG(t) => {
            number(label, t, |v| v.to_string())
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn quoted_list(values: &[String]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{v}\"");
    }
    out
}

fn text(label: &str, t: &TextTest) -> String {
    match t {
        TextTest::Equals(v) => format!("{label} is \"{v}\""),
        TextTest::NotEquals(v) => format!("{label} is not \"{v}\""),
        TextTest::OneOf(v) => format!("{label} is one of {}", quoted_list(v)),
        TextTest::NotOneOf(v) => format!("{label} is not one of {}", quoted_list(v)),
        TextTest::Contains(v) => format!("{label} contains \"{v}\""),
        TextTest::NotContains(v) => format!("{label} does not contain \"{v}\""),
        TextTest::StartsWith(v) => format!("{label} starts with \"{v}\""),
        TextTest::EndsWith(v) => format!("{label} ends with \"{v}\""),
        TextTest::Matches(v) => format!("{label} matches the pattern \"{v}\""),
        TextTest::IsBlank(true) => format!("{label} is blank"),
        TextTest::IsBlank(false) => format!("{label} is not blank"),
    }
}

/// Minor units as an amount: 75000 → 750.00.
fn amount(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn number(label: &str, t: &NumberTest, show: impl Fn(i64) -> String) -> String {
    match t {
        NumberTest::Equals(v) => format!("{label} = {}", show(*v)),
        NumberTest::NotEquals(v) => format!("{label} ≠ {}", show(*v)),
        NumberTest::Lt(v) => format!("{label} < {}", show(*v)),
        NumberTest::Lte(v) => format!("{label} ≤ {}", show(*v)),
        NumberTest::Gt(v) => format!("{label} > {}", show(*v)),
        NumberTest::Gte(v) => format!("{label} ≥ {}", show(*v)),
        NumberTest::Between(r) => format!("{label} is between {} and {}", show(r.min), show(r.max)),
    }
}

fn choice<T>(label: &str, t: &ChoiceTest<T>, show: impl Fn(&T) -> String) -> String {
    let list = |v: &[T]| v.iter().map(&show).collect::<Vec<_>>().join(", ");
    match t {
        ChoiceTest::Equals(v) => format!("{label} is {}", show(v)),
        ChoiceTest::NotEquals(v) => format!("{label} is not {}", show(v)),
        ChoiceTest::OneOf(v) => format!("{label} is one of {}", list(v)),
        ChoiceTest::NotOneOf(v) => format!("{label} is not one of {}", list(v)),
    }
}

fn maybe_flag(label: &str, t: MaybeFlagTest) -> String {
    match t {
        MaybeFlagTest::Equals(b) => format!("{label} is {}", yes_no(b)),
        MaybeFlagTest::IsUnknown(true) => format!("{label} is unknown"),
        MaybeFlagTest::IsUnknown(false) => format!("{label} is known"),
    }
}

fn list(label: &str, t: &ListTest) -> String {
    match t {
        ListTest::Contains(v) => format!("{label} include \"{v}\""),
        ListTest::NotContains(v) => format!("{label} do not include \"{v}\""),
        ListTest::ContainsAny(v) => format!("{label} include any of {}", quoted_list(v)),
        ListTest::ContainsAll(v) => format!("{label} include all of {}", quoted_list(v)),
        ListTest::ContainsNone(v) => format!("{label} include none of {}", quoted_list(v)),
        ListTest::AnyMatches(v) => format!("{label} include one matching \"{v}\""),
        ListTest::IsBlank(true) => format!("{label} are empty"),
        ListTest::IsBlank(false) => format!("{label} are not empty"),
    }
}

/// An instant as the trace shows it: RFC 3339, UTC, whole seconds (`2024-06-03T12:00:00Z`).
pub(crate) fn instant(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

fn date(label: &str, t: &DateTest) -> String {
    match t {
        DateTest::Before(at) => format!("{label} is before {}", instant(at)),
        DateTest::After(at) => format!("{label} is after {}", instant(at)),
        DateTest::MoreThanDaysAgo(n) => format!("{label} is more than {} ago", days(*n)),
        DateTest::WithinLastDays(n) => format!("{label} is within the last {}", days(*n)),
        DateTest::WithinNextDays(n) => format!("{label} is within the next {}", days(*n)),
        DateTest::DueWithinDays(n) => {
            format!("{label} is due within {} (overdue included)", days(*n))
        }
        DateTest::IsBlank(true) => format!("{label} is blank"),
        DateTest::IsBlank(false) => format!("{label} is set"),
    }
}

/// One action in words: `hold (fraud_risk): "Big first order"`, `set service UPS / Ground`.
pub(crate) fn action(action: &Action) -> String {
    match action {
        Action::Hold(h) => {
            let mut s = format!("hold ({})", h.reason.as_str());
            if !h.note.trim().is_empty() {
                let _ = write!(s, ": \"{}\"", h.note.trim());
            }
            if let Some(m) = h.release_after_minutes {
                let _ = write!(s, ", release after {m} minutes");
            }
            s
        }
        Action::AssignLocation(l) => format!("assign location {}", l.location_id),
        Action::RouteToPartner(l) => format!("route to partner {}", l.location_id),
        Action::ChooseLocation(s) => format!("choose location: {}", strategy(s)),
        Action::SetService(s) => {
            let mut out = format!("set service {} / {}", s.carrier.trim(), s.service.trim());
            if let Some(p) = &s.package {
                let _ = write!(out, " (package {})", p.trim());
            }
            out
        }
        Action::RequireSignature => "require signature".to_owned(),
        Action::AddInsurance(Insurance::Amount(a)) => format!("add insurance of {a}"),
        Action::AddInsurance(Insurance::OrderValue) => {
            "add insurance of the order value".to_owned()
        }
        Action::AddTag(t) => format!("add tag \"{}\"", t.tag.trim()),
        Action::AddNote(n) => format!("add note \"{}\"", n.note.trim()),
        Action::SetBatchGroup(g) => format!("set batch group \"{}\"", g.group.trim()),
    }
}

/// A location strategy in words: `nearest in stock`, `ranked loc_a, loc_b`,
/// `split by availability (each shipment at least 2500; together: set)`.
fn strategy(s: &Strategy) -> String {
    let mut out = match s {
        Strategy::Fixed { location_id } => format!("fixed {location_id}"),
        Strategy::Ranked { locations } => format!(
            "ranked {}",
            locations
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Strategy::NearestInStock {} => "nearest in stock".to_owned(),
        Strategy::FewestShipments { .. } => "fewest shipments".to_owned(),
        Strategy::SplitByAvailability { .. } => "split by availability".to_owned(),
    };
    let mut extras = Vec::new();
    if s.min_shipment_value() > 0 {
        extras.push(format!("each shipment at least {}", s.min_shipment_value()));
    }
    if !s.keep_together_tags().is_empty() {
        extras.push(format!("together: {}", s.keep_together_tags().join(", ")));
    }
    if !extras.is_empty() {
        let _ = write!(out, " ({})", extras.join("; "));
    }
    out
}
