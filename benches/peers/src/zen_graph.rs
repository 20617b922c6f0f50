//! The ruleset as a GoRules JDM graph: one decision table per stage, fed by the input node and
//! feeding the output node, each writing its matches under the stage's name.
//!
//! How Waybill's semantics map onto a decision table, and where they do not:
//! - a row per enabled rule, in Waybill's run order (priority, then list position); disabled
//!   rules are left out (zen has no "disabled row");
//! - one input column per order field the rules test, its cells in zen's unary form (`"us",
//!   "ca"`, `>= 5000`, `[1000..5000]`, `true`), which zen's compiled mode indexes, and one
//!   expression column for the `any` / `not` groups;
//! - hit policy `collect`: every matching row, in order. Zen has no policy for "later rows
//!   override earlier ones slot by slot, and a `stop_processing` row ends the table", so the
//!   harness applies that to the collected rows (`outcome`), inside the timed loop;
//! - each row outputs its rule number and its actions' values, as a zen user would.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};
use waybill_core::rules::{Action, Condition, Insurance, Rule, Stage};
use zen_engine::model::DecisionContent;
use zen_engine::{Decision, DecisionEngine, EvaluationOptions, Variable};

use crate::expr::{self, Result, Unsupported, quote};
use crate::outcome::{Outcome, Plan, RuleNo};

/// Input columns: the fields rules test, then the column for groups.
const FIELDS: [&str; 11] = [
    "country",
    "region",
    "postal",
    "total",
    "weight",
    "service",
    "residential",
    "channel",
    "email",
    "tags",
    "lines",
];
const GROUPS: &str = "more";

fn stage_name(s: Stage) -> &'static str {
    s.as_str()
}

/// The output cells of a rule's actions.
fn outputs(rule: &Rule) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for a in &rule.then {
        match a {
            Action::Hold(h) => {
                out.push(("reason", quote(&format!("{:?}", h.reason))));
                out.push(("note", quote(&h.note)));
            }
            Action::AssignLocation(l) | Action::RouteToPartner(l) => {
                out.push(("location", quote(l.location_id.as_str())))
            }
            // The benchmark's rules choose fixed locations; strategies need stock.
            Action::ChooseLocation(_) => {}
            Action::SetService(s) => {
                out.push(("carrier", quote(&s.carrier)));
                out.push(("service", quote(&s.service)));
                if let Some(p) = &s.package {
                    out.push(("package", quote(p)));
                }
            }
            Action::RequireSignature => out.push(("signature", "true".to_owned())),
            Action::AddInsurance(Insurance::OrderValue) => {
                out.push(("insurance", quote("order_value")))
            }
            Action::AddInsurance(Insurance::Amount(n)) => out.push(("insurance", n.to_string())),
            Action::AddTag(t) => out.push(("tag", quote(&t.tag))),
            Action::AddNote(n) => out.push(("note", quote(&n.note))),
            Action::SetBatchGroup(g) => out.push(("batch", quote(&g.group))),
        }
    }
    let mut names: Vec<&str> = out.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(Unsupported(format!(
            "two actions write one column in {}",
            rule.id
        )));
    }
    Ok(out)
}

/// A row: unary cells per field, the groups, the rule number and the outputs. Cells are keyed
/// by column id: `in_…` for inputs, `out_…` for outputs (an input and an output may share a
/// field name, `service`).
fn row(no: RuleNo, rule: &Rule) -> Result<Map<String, Value>> {
    let mut parts = Vec::new();
    flatten(&rule.when, &mut parts);
    let mut per_field: Vec<(&str, Vec<&Condition>)> = Vec::new();
    let mut groups = Vec::new();
    for c in parts {
        match expr::field(c) {
            Some(f) => match per_field.iter_mut().find(|(name, _)| *name == f) {
                Some((_, leaves)) => leaves.push(c),
                None => per_field.push((f, vec![c])),
            },
            None if matches!(c, Condition::Always) => {}
            None => groups.push(format!("({})", expr::standard(c)?)),
        }
    }
    let mut cells = Map::new();
    cells.insert("_id".into(), json!(rule.id.as_str()));
    for (f, leaves) in per_field {
        let cell = match leaves.as_slice() {
            [one] => expr::unary(one)?,
            // No parentheses around the parts: a unary cell opening with `(` reads as an open
            // interval. A leaf has no `or`, so a plain chain of `and` keeps its meaning.
            many => many
                .iter()
                .map(|c| expr::leaf(c, "$"))
                .collect::<Result<Vec<_>>>()?
                .join(" and "),
        };
        cells.insert(format!("in_{f}"), json!(cell));
    }
    if !groups.is_empty() {
        cells.insert(format!("in_{GROUPS}"), json!(groups.join(" and ")));
    }
    cells.insert("out_rule".into(), json!(no.to_string()));
    for (name, value) in outputs(rule)? {
        cells.insert(format!("out_{name}"), json!(value));
    }
    Ok(cells)
}

fn flatten<'a>(c: &'a Condition, out: &mut Vec<&'a Condition>) {
    match c {
        Condition::All(cs) => cs.iter().for_each(|c| flatten(c, out)),
        other => out.push(other),
    }
}

/// The JDM graph of `rules` (enabled, in run order, numbered by position).
pub fn graph(rules: &[&Rule]) -> Result<Value> {
    let mut nodes = vec![
        json!({"id": "request", "name": "request", "type": "inputNode",
                                 "content": {}}),
    ];
    let mut edges = Vec::new();
    let inputs: Vec<Value> = FIELDS
        .iter()
        .map(|f| json!({"id": format!("in_{f}"), "name": f, "field": f}))
        .chain([json!({"id": format!("in_{GROUPS}"), "name": "groups"})])
        .collect();
    let output_names = [
        "rule",
        "reason",
        "note",
        "location",
        "carrier",
        "service",
        "package",
        "signature",
        "insurance",
        "tag",
        "batch",
    ];
    let outputs: Vec<Value> = output_names
        .iter()
        .map(|f| json!({"id": format!("out_{f}"), "name": f, "field": f}))
        .collect();
    for stage in Stage::ALL {
        let name = stage_name(stage);
        let rows = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.stage == stage)
            .map(|(no, r)| row(no as RuleNo, r))
            .collect::<Result<Vec<_>>>()?;
        nodes.push(json!({
            "id": name, "name": name, "type": "decisionTableNode",
            "content": {
                "hitPolicy": "collect",
                "inputs": inputs,
                "outputs": outputs,
                "rules": rows,
                "outputPath": name,
            }
        }));
        edges.push(json!({"id": format!("in-{name}"), "sourceId": "request", "targetId": name}));
        edges.push(json!({"id": format!("{name}-out"), "sourceId": name, "targetId": "response"}));
    }
    nodes.push(json!({"id": "response", "name": "response", "type": "outputNode", "content": {}}));
    Ok(json!({"nodes": nodes, "edges": edges}))
}

/// A zen decision of `graph`, compiled (expressions precompiled, tables indexed).
pub fn decision(graph: &Value) -> Decision {
    let content: DecisionContent =
        serde_json::from_value(graph.clone()).expect("the JDM graph must read");
    let mut decision = DecisionEngine::default()
        .create_decision(Arc::new(content))
        .expect("a graph, not a policy");
    decision.compile();
    decision
}

/// Runs a future that never waits (zen's tables do no IO) to completion on this thread.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// Evaluates one order's input and merges the collected rows, stage by stage.
pub fn decide(decision: &Decision, input: &Variable, plans: &[Plan], trace: bool) -> Outcome {
    let response = block_on(decision.evaluate_with_opts(
        input.clone(),
        EvaluationOptions {
            trace,
            max_depth: 10,
        },
    ))
    .expect("zen evaluates the fixture");
    let mut out = Outcome::default();
    for stage in Stage::ALL {
        let Some(rows) = response.result.dot(stage_name(stage)) else {
            continue;
        };
        let Some(rows) = rows.as_array() else {
            continue;
        };
        for row in rows.borrow().iter() {
            let no = row
                .dot("rule")
                .and_then(|n| n.as_number())
                .and_then(|n| n.to_u32())
                .expect("every row outputs its rule number");
            if out.fire(no, &plans[no as usize]) {
                break;
            }
        }
    }
    out
}
