//! Waybill conditions as JSONLogic, for datalogic-rs.
//!
//! JSONLogic has no decision tables, hit policies or text folding: each rule's condition is one
//! compiled expression, and the harness runs them in Waybill's order with Waybill's override and
//! `stop_processing` semantics (see `outcome`). Only the shapes the benchmark fixture uses are
//! translated; anything else stops the benchmark.

use serde_json::{Value, json};
use waybill_core::rules::{
    ChoiceTest, Condition, LineCondition, ListTest, MaybeFlagTest, NumberTest, TextTest,
};

use crate::expr::{Result, Unsupported, field, prefix_pattern};
use crate::input::fold;

fn unsupported(c: &impl std::fmt::Debug) -> Unsupported {
    Unsupported(format!("{c:?}"))
}

fn starts(v: Value, stem: &str) -> Value {
    json!({"==": [{"substr": [v, 0, stem.chars().count()]}, stem]})
}

fn text(t: &TextTest, v: Value) -> Result<Value> {
    Ok(match t {
        TextTest::Equals(x) => json!({"==": [v, fold(x)]}),
        TextTest::OneOf(xs) => json!({"in": [v, xs.iter().map(|x| fold(x)).collect::<Vec<_>>()]}),
        TextTest::StartsWith(x) => starts(v, &fold(x)),
        TextTest::EndsWith(x) => {
            let x = fold(x);
            json!({"==": [{"substr": [v, -(x.chars().count() as i64)]}, x]})
        }
        TextTest::Matches(p) => match prefix_pattern(p) {
            Some(stem) => starts(v, &stem),
            None => return Err(unsupported(t)),
        },
        other => return Err(unsupported(other)),
    })
}

fn number(t: &NumberTest, v: Value) -> Value {
    match *t {
        NumberTest::Equals(x) => json!({"==": [v, x]}),
        NumberTest::NotEquals(x) => json!({"!=": [v, x]}),
        NumberTest::Lt(x) => json!({"<": [v, x]}),
        NumberTest::Lte(x) => json!({"<=": [v, x]}),
        NumberTest::Gt(x) => json!({">": [v, x]}),
        NumberTest::Gte(x) => json!({">=": [v, x]}),
        NumberTest::Between(r) => json!({"<=": [r.min, v, r.max]}),
    }
}

fn line(l: &LineCondition) -> Result<Value> {
    Ok(match l {
        LineCondition::Sku(t) => text(t, json!({"var": "sku"}))?,
        LineCondition::ProductTags(ListTest::Contains(x)) => {
            json!({"in": [fold(x), {"var": "tags"}]})
        }
        LineCondition::Quantity(t) => number(t, json!({"var": "quantity"})),
        other => return Err(unsupported(other)),
    })
}

/// `c` as JSONLogic over the input (see `input`).
pub fn logic(c: &Condition) -> Result<Value> {
    let all = |cs: &[Condition]| cs.iter().map(logic).collect::<Result<Vec<_>>>();
    Ok(match c {
        Condition::Always => json!(true),
        Condition::All(cs) => json!({"and": all(cs)?}),
        Condition::Any(cs) => json!({"or": all(cs)?}),
        Condition::Not(inner) => json!({"!": logic(inner)?}),
        Condition::ShipToResidential(MaybeFlagTest::Equals(b)) => {
            json!({"===": [{"var": "residential"}, b]})
        }
        Condition::Channel(ChoiceTest::Equals(id)) => json!({"==": [{"var": "channel"}, id]}),
        Condition::Tags(ListTest::ContainsAny(xs)) => json!({"some": [{"var": "tags"},
            {"in": [{"var": ""}, xs.iter().map(|x| fold(x)).collect::<Vec<_>>()]}]}),
        Condition::Tags(ListTest::Contains(x)) => json!({"in": [fold(x), {"var": "tags"}]}),
        // JSONLogic's `all` of an empty list is false, as Waybill's `all_lines` needs a line.
        Condition::AnyLine(l) => json!({"some": [{"var": "lines"}, line(l)?]}),
        Condition::AllLines(l) => json!({"all": [{"var": "lines"}, line(l)?]}),
        Condition::Total(t) | Condition::TotalWeightG(t) => {
            number(t, json!({"var": field(c).unwrap_or_default()}))
        }
        Condition::ShipToCountry(t)
        | Condition::ShipToRegion(t)
        | Condition::ShipToPostalCode(t)
        | Condition::RequestedService(t)
        | Condition::CustomerEmail(t) => text(t, json!({"var": field(c).unwrap_or_default()}))?,
        other => return Err(unsupported(other)),
    })
}
