//! Golden files: each `tests/rules/*.json` case is a ruleset, some orders and a clock; the
//! decisions, the events applying them produce and the full traces are snapshot-checked
//! (`tests/rules/snapshots/`). Review a changed snapshot by reading it: it is what a person
//! would see in the order's trace and timeline.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "rules/common.rs"]
mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use waybill_core::rules::{EvalContext, apply_decision};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case protects, in words.
    description: String,
    #[serde(default)]
    now: Option<DateTime<Utc>>,
    ruleset: Value,
    /// Patches over the base order of `rules/common.rs`.
    orders: Vec<Value>,
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_rule_cases_match_their_snapshots() {
    let files = cases();
    assert!(
        files.len() >= 10,
        "the golden set must cover every stage and feature"
    );
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let case: Case = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: the case file is malformed: {e}"));
        let now = case.now.unwrap_or_else(common::now);
        let ctx = EvalContext::at(now);
        let compiled = common::ruleset(case.ruleset)
            .compile(&common::workspace())
            .unwrap_or_else(|p| panic!("{name}: the ruleset must compile: {p:#?}"));
        let mut results = Vec::new();
        for patch in case.orders {
            let order = common::order(patch);
            let (decision, trace) = compiled.evaluate(&order, &ctx, true);
            let record = decision.record();
            assert_eq!(
                compiled.decide(&order, &ctx).record(),
                record,
                "{name} {}: tracing must not change the decision",
                order.number
            );
            let mut after = order.clone();
            let events = apply_decision(&mut after, &decision, now);
            let mut twice = after.clone();
            assert_eq!(
                apply_decision(&mut twice, &decision, now),
                Vec::new(),
                "{name} {}: applying the same decision again must change nothing",
                order.number
            );
            results.push(json!({
                "order": order.number,
                "decision": record,
                "events": events,
                "after": {
                    "status": after.status,
                    "hold": after.hold,
                    "location_id": after.location_id,
                    "carrier": after.carrier,
                    "service": after.service,
                    "options": after.options,
                    "tags": after.tags,
                    "internal_notes": after.internal_notes,
                },
                "trace": trace,
            }));
        }
        insta::with_settings!({
            snapshot_path => "rules/snapshots",
            prepend_module_to_snapshot => false,
            description => case.description,
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(name, json!({
                "warnings": compiled.warnings(),
                "results": results,
            }));
        });
    }
}
