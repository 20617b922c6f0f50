//! Packed decisions and traces: what an order stores instead of the record and the full report. Read back against the same
//! ruleset version compiled anew — without the workspace, as a reader has it — they render
//! exactly the report evaluation gave, and anything that does not fit is refused, never misread.
//! The golden cases (`tests/rules/*.json`) cover every stage and trace feature.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "rules/common.rs"]
mod common;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use waybill_core::rules::{CompiledRuleset, EvalContext, ValidationContext};

#[derive(Deserialize)]
struct Case {
    #[serde(default)]
    now: Option<DateTime<Utc>>,
    ruleset: Value,
    orders: Vec<Value>,
}

/// A golden case's name, its ruleset compiled as the import and as a reader compile it, its
/// orders and clock.
type Golden = (
    String,
    CompiledRuleset,
    CompiledRuleset,
    Vec<Value>,
    DateTime<Utc>,
);

/// Each golden case: the ruleset as the import compiles it (with the workspace, where a
/// location may be gone), as a reader compiles it (offline), the orders and the clock.
fn golden() -> Vec<Golden> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let case: Case =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let rs = common::ruleset(case.ruleset);
            let live = rs.compile(&common::workspace()).unwrap();
            let reader = rs.compile(&ValidationContext::offline()).unwrap();
            let now = case.now.unwrap_or_else(common::now);
            (name, live, reader, case.orders, now)
        })
        .collect()
}

#[test]
fn a_packed_trace_renders_the_same_report_as_the_full_trace() {
    let cases = golden();
    assert!(cases.len() >= 10);
    for (name, live, reader, orders, now) in cases {
        for patch in orders {
            let order = common::order(patch);
            let (_, trace) = live.evaluate(&order, &EvalContext::at(now), true);
            let trace = trace.unwrap();
            let packed = trace.pack();
            let report = trace.report();
            let full = serde_json::to_vec(&report).unwrap();
            assert!(
                packed.len() * 4 < full.len(),
                "{name}: {} bytes packed, {} as a report",
                packed.len(),
                full.len()
            );
            assert_eq!(
                reader.unpack_trace(&packed),
                Ok(report),
                "{name} {}",
                order.number
            );
        }
    }
}

#[test]
fn a_packed_decision_renders_the_same_record_as_the_decision() {
    for (name, live, reader, orders, now) in golden() {
        for patch in orders {
            let order = common::order(patch);
            let decision = live.decide(&order, &EvalContext::at(now));
            let packed = decision.pack();
            assert!(packed.len() < 64, "{name}: {} bytes", packed.len());
            assert_eq!(
                reader.unpack_decision(&packed),
                Ok(decision.record()),
                "{name} {}",
                order.number
            );
        }
    }
}

#[test]
fn a_packed_trace_is_refused_by_another_ruleset_version_or_when_damaged() {
    let (_, live, _, orders, now) = golden().remove(0);
    let order = common::order(orders[0].clone());
    let (_, trace) = live.evaluate(&order, &EvalContext::at(now), true);
    let packed = trace.unwrap().pack();

    let mut other: Value =
        serde_json::to_value(common::ruleset(json!({"version": 99, "rules": []}))).unwrap();
    other["version"] = json!(99);
    let other = common::ruleset(other)
        .compile(&ValidationContext::offline())
        .unwrap();
    assert!(other.unpack_trace(&packed).is_err());

    // Every truncation fails; every changed byte either fails or still fits the ruleset.
    for n in 0..packed.len() {
        assert!(live.unpack_trace(&packed[..n]).is_err(), "cut at {n}");
        for flip in [0x01, 0x80, 0xff] {
            let mut damaged = packed.clone();
            damaged[n] ^= flip;
            let _ = live.unpack_trace(&damaged);
        }
    }
}
