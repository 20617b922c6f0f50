//! How fast the rules engine decides: 100 rules of realistic shape over a few hundred varied
//! orders, single thread, with the trace off and on.
//!
//! Run: `cargo bench -p waybill-core --bench rules`. Throughput is reported in orders per
//! second; the medians are in `target/criterion/rules_evaluate/*/new/estimates.json`.

// Benchmark setup may unwrap: a broken fixture should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "fixture.rs"]
mod fixture;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use waybill_core::rules::EvalContext;

fn bench(c: &mut Criterion) {
    let now = fixture::now();
    let ctx = EvalContext::at(now);
    let rules = fixture::ruleset()
        .compile(&fixture::validation_context())
        .unwrap();
    let orders = fixture::orders(now);
    let fired: usize = orders
        .iter()
        .map(|o| rules.decide(o, &ctx).fired().count())
        .sum();
    eprintln!(
        "rules bench: {} rules, {} orders, {:.1} rules fire per order on average",
        rules.len(),
        orders.len(),
        fired as f64 / orders.len() as f64
    );

    let mut group = c.benchmark_group("rules_evaluate");
    group.throughput(Throughput::Elements(orders.len() as u64));
    group.bench_function("trace_off", |b| {
        b.iter(|| {
            for o in &orders {
                black_box(rules.evaluate(black_box(o), &ctx, false));
            }
        })
    });
    group.bench_function("trace_on", |b| {
        b.iter(|| {
            for o in &orders {
                black_box(rules.evaluate(black_box(o), &ctx, true));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
