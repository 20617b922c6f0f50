//! Waybill's rules engine against GoRules zen-engine and datalogic-rs (JSONLogic), in one
//! criterion run, on the core benchmark's own fixture: 100 rules of realistic shape, 300 varied
//! orders, single thread.
//!
//! Before anything is timed, every peer's decision on every order is checked against Waybill's
//! (the rule that won each slot, the rules that fired), so all engines provably do the same
//! work. Then each engine decides all 300 orders per iteration:
//! - `waybill/trace_off`, `waybill/trace_on`: `CompiledRuleset::evaluate` on the `Order`;
//! - `zen/trace_off`, `zen/trace_on`: the compiled JDM graph (a `collect` decision table per
//!   stage) on the order's prepared input, plus merging the collected rows (see `zen_graph`);
//! - `datalogic`: each enabled rule's compiled JSONLogic on the order's parsed input, in run
//!   order, with the same merge.
//!
//! The peers' inputs (folded JSON, zen `Variable`s, datalogic `ParsedData`) are prepared
//! outside the timed loop, while Waybill reads the `Order` inside it: that favours the peers.
//! After the run the medians are read back from criterion's `estimates.json` and the ratios
//! printed. Run: `cd benches/peers && cargo bench` (see README.md).

// Benchmark setup may unwrap: a broken fixture or translation should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../crates/core/benches/fixture.rs"]
mod fixture;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use datalogic_rs::{Engine, Logic, ParsedData, Session};
use waybill_core::rules::{EvalContext, Rule};
use waybill_peer_bench::outcome::{Outcome, Plan, RuleNo};
use waybill_peer_bench::{input, jsonlogic, zen_graph};
use zen_engine::Variable;

const GROUP: &str = "peers";

/// Every enabled rule's JSONLogic, in run order; a stage ends at a matching stopper.
fn datalogic_decide(
    session: &mut Session<'_>,
    logics: &[Logic],
    plans: &[Plan],
    data: &ParsedData,
) -> Outcome {
    let mut out = Outcome::default();
    let mut stopped = None;
    for (no, (logic, plan)) in logics.iter().zip(plans).enumerate() {
        if stopped == Some(plan.stage) {
            continue;
        }
        let hit = session
            .eval_borrowed(logic, data.value())
            .map(|v| v.as_bool() == Some(true))
            .expect("datalogic evaluates the fixture");
        if hit && out.fire(no as RuleNo, plan) {
            stopped = Some(plan.stage);
        }
    }
    session.reset();
    out
}

/// The median time of one benchmark, in nanoseconds per iteration, as criterion stored it
/// during this run (an older file, from a run that measured it, does not count).
fn median_ns(name: &str, since: SystemTime) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("criterion"))
        })
        .unwrap_or_else(|| PathBuf::from("target/criterion"));
    let path = home.join(GROUP).join(name).join("new/estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn main() {
    let now = fixture::now();
    let ctx = EvalContext::at(now);
    let ruleset = fixture::ruleset();
    let compiled = ruleset.compile(&fixture::validation_context()).unwrap();
    let orders = fixture::orders(now);

    // The peers see the enabled rules only, in Waybill's run order.
    let mut enabled: Vec<(usize, &Rule)> = ruleset
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.enabled)
        .collect();
    enabled.sort_by_key(|(i, r)| (r.stage, r.priority, *i));
    let rules: Vec<&Rule> = enabled.into_iter().map(|(_, r)| r).collect();
    let plans: Vec<Plan> = rules.iter().map(|r| Plan::of(r)).collect();
    let numbers: HashMap<String, RuleNo> = rules
        .iter()
        .enumerate()
        .map(|(no, r)| (r.id.as_str().to_owned(), no as RuleNo))
        .collect();
    let number = |id: &str| numbers[id];

    let graph = zen_graph::graph(&rules).unwrap_or_else(|e| panic!("zen translation: {e:?}"));
    let zen = zen_graph::decision(&graph);
    let zen_inputs: Vec<Variable> = orders
        .iter()
        .map(|o| Variable::from(input::facts(o)))
        .collect();

    let engine = Engine::new();
    let logics: Vec<Logic> = rules
        .iter()
        .map(|r| {
            let logic = jsonlogic::logic(&r.when)
                .unwrap_or_else(|e| panic!("JSONLogic translation: {e:?}"));
            engine.compile(&logic).unwrap()
        })
        .collect();
    let parsed: Vec<ParsedData> = orders
        .iter()
        .map(|o| ParsedData::from_json(&input::facts(o).to_string()).unwrap())
        .collect();
    let mut session = engine.session();

    // Same decisions everywhere, or nothing is worth timing.
    let mut fired = 0;
    for (i, o) in orders.iter().enumerate() {
        let ours = Outcome::of_decision(&compiled.decide(o, &ctx), &number);
        fired += ours.fired.len();
        let by_zen = zen_graph::decide(&zen, &zen_inputs[i], &plans, false);
        let by_zen_traced = zen_graph::decide(&zen, &zen_inputs[i], &plans, true);
        let by_datalogic = datalogic_decide(&mut session, &logics, &plans, &parsed[i]);
        assert_eq!(by_zen, ours, "zen decides order {i} differently");
        assert_eq!(
            by_zen_traced, ours,
            "zen (traced) decides order {i} differently"
        );
        assert_eq!(
            by_datalogic, ours,
            "datalogic decides order {i} differently"
        );
    }
    // Evaluating must not have changed zen's inputs (they are shared between iterations).
    for (o, v) in orders.iter().zip(&zen_inputs) {
        assert_eq!(
            serde_json::to_value(v).unwrap(),
            input::facts(o),
            "zen changed its input"
        );
    }
    eprintln!(
        "peers bench: {} rules ({} enabled), {} orders, {:.1} rules fire per order; zen and \
         datalogic agree with waybill on every order",
        compiled.len(),
        rules.len(),
        orders.len(),
        fired as f64 / orders.len() as f64
    );

    let started = SystemTime::now();
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(5));
    {
        let mut group = c.benchmark_group(GROUP);
        group.throughput(Throughput::Elements(orders.len() as u64));
        group.bench_function("waybill_trace_off", |b| {
            b.iter(|| {
                for o in &orders {
                    black_box(compiled.evaluate(black_box(o), &ctx, false));
                }
            })
        });
        group.bench_function("waybill_trace_on", |b| {
            b.iter(|| {
                for o in &orders {
                    black_box(compiled.evaluate(black_box(o), &ctx, true));
                }
            })
        });
        group.bench_function("zen_trace_off", |b| {
            b.iter(|| {
                for v in &zen_inputs {
                    black_box(zen_graph::decide(&zen, black_box(v), &plans, false));
                }
            })
        });
        group.bench_function("zen_trace_on", |b| {
            b.iter(|| {
                for v in &zen_inputs {
                    black_box(zen_graph::decide(&zen, black_box(v), &plans, true));
                }
            })
        });
        group.bench_function("datalogic", |b| {
            b.iter(|| {
                for p in &parsed {
                    black_box(datalogic_decide(
                        &mut session,
                        &logics,
                        &plans,
                        black_box(p),
                    ));
                }
            })
        });
        group.finish();
    }
    c.final_summary();

    let per_second = |ns: f64| orders.len() as f64 / (ns / 1e9);
    let names = [
        "waybill_trace_off",
        "waybill_trace_on",
        "zen_trace_off",
        "zen_trace_on",
        "datalogic",
    ];
    let medians: HashMap<&str, f64> = names
        .iter()
        .filter_map(|n| median_ns(n, started).map(|m| (*n, m)))
        .collect();
    if medians.is_empty() {
        // `--test` or a filtered run measures nothing.
        eprintln!("\nno medians in criterion's directory: nothing was measured");
        return;
    }
    eprintln!("\nmedians (orders per second, single thread):");
    for n in names {
        if let Some(m) = medians.get(n) {
            eprintln!(
                "  {n:<18} {:>12.0}/s  ({:.2} µs per order)",
                per_second(*m),
                m / 1e3 / orders.len() as f64
            );
        }
    }
    let ratio = |ours: &str, peer: &str| Some(medians.get(peer)? / medians.get(ours)?);
    eprintln!("ratios (how many times faster waybill is):");
    for (ours, peer) in [
        ("waybill_trace_off", "zen_trace_off"),
        ("waybill_trace_on", "zen_trace_on"),
        ("waybill_trace_on", "zen_trace_off"),
        ("waybill_trace_off", "datalogic"),
    ] {
        if let Some(r) = ratio(ours, peer) {
            eprintln!("  {ours} vs {peer}: {r:.1}×");
        }
    }
}
