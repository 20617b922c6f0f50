//! `waybill bench dry-run`: how long a dry run of a large ruleset takes over many stored orders.
//!
//! Runs in its own temporary workspace (never the user's): it stores `orders` ready orders
//! from the demo generator, builds `rules` rules of realistic shape over the same catalogue, and
//! times [`App::dry_run`] end to end (reading the orders from SQLite, decoding, evaluating,
//! diffing).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use waybill_core::rules::{Problem, Ruleset, ValidationContext};
use waybill_core::{Channel, ChannelId, ChannelKind, Location, LocationId, LocationKind};
use waybill_core::{OrderId, OrderStatus, PaymentStatus};
use waybill_sync::demo::OrderGenerator;

use crate::rules::DryRunScope;
use crate::{App, AppError, ErrorCode};

/// What `bench dry-run` measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DryRunBench {
    pub orders: u32,
    pub rules: usize,
    pub runs: usize,
    pub median_ms: f64,
    pub min_ms: f64,
    pub changed: u32,
    pub target_ms: f64,
}

const COUNTRIES: &[&str] = &["US", "US", "CA", "GB", "DE", "AU"];
const REGIONS: &[&str] = &["TX", "NY", "OR", "CO", "IL", "WA", "FL", "CA", "ON", "BC"];
const SKU_FAMILIES: &[&str] = &[
    "MUG", "TEE", "HOOD", "LAMP", "CHAIR", "RUG", "LIION", "WATCH",
];
const PRODUCT_TAGS: &[&str] = &["apparel", "kitchen", "fragile", "oversized", "hazmat"];
const ORDER_TAGS: &[&str] = &["vip", "wholesale", "subscription", "preorder"];
const SERVICES: &[&str] = &["Standard", "Expedited", "Overnight"];

fn pick<'a>(r: &mut SmallRng, items: &[&'a str]) -> &'a str {
    items[r.random_range(0..items.len())]
}

fn leaf(r: &mut SmallRng, channel: &str) -> Value {
    match r.random_range(0..12) {
        0 => json!({"ship_to_country": {"equals": pick(r, COUNTRIES)}}),
        1 => json!({"ship_to_region": {"one_of": [pick(r, REGIONS), pick(r, REGIONS)]}}),
        2 => json!({"ship_to_postal_code": {"matches": format!("{}*", r.random_range(0..10))}}),
        3 => json!({"total": {"gte": 5_000 + r.random_range(0..50) * 1_000}}),
        4 => {
            json!({"total_weight_g": {"between": {"min": 0, "max": 1_000 + r.random_range(0..20) * 500}}})
        }
        5 => json!({"any_line": {"sku": {"starts_with": format!("{}-", pick(r, SKU_FAMILIES))}}}),
        6 => json!({"any_line": {"product_tags": {"contains": pick(r, PRODUCT_TAGS)}}}),
        7 => json!({"tags": {"contains_any": [pick(r, ORDER_TAGS)]}}),
        8 => json!({"requested_service": {"one_of": [pick(r, SERVICES)]}}),
        9 => json!({"channel": {"equals": channel}}),
        10 => json!({"customer_email": {"ends_with": ".com"}}),
        _ => json!({"all_lines": {"quantity": {"lte": r.random_range(1..4)}}}),
    }
}

fn bench_rules(count: usize, channel: &str, locations: &[Location]) -> Result<Ruleset, AppError> {
    let mut r = SmallRng::seed_from_u64(0xD1_2026);
    let stages = ["holds", "location", "service", "enhance"];
    // Twice as many as asked: random rules can contradict themselves; those are dropped below
    // (validation would refuse them) before keeping `count`.
    let planned = count * 2;
    let rules: Vec<Value> = (0..planned)
        .map(|n| {
            let stage = stages[(n * 4 / planned.max(1)).min(3)];
            let when = match r.random_range(0..3) {
                0 => leaf(&mut r, channel),
                1 => json!({"all": [leaf(&mut r, channel), leaf(&mut r, channel)]}),
                _ => json!({"all": [leaf(&mut r, channel), {"any": [leaf(&mut r, channel), leaf(&mut r, channel)]}]}),
            };
            let then = match stage {
                "holds" => json!([{"hold": {"reason": "manual_review", "note": "check"}}]),
                "location" => {
                    let l = &locations[n % locations.len()];
                    json!([{"assign_location": {"location_id": l.id.as_str()}}])
                }
                "service" => json!([{"set_service": {"carrier": pick(&mut r, &["UPS", "USPS", "DHL"]), "service": "Ground", "package": "Box M"}}]),
                _ => json!([{"add_tag": {"tag": format!("t{}", n % 10)}}, {"add_insurance": "order_value"}]),
            };
            json!({
                "id": waybill_core::ids::RuleId::new().to_string(),
                "name": format!("{stage} rule {n}"),
                "stage": stage, "priority": n, "enabled": true, "stop_processing": false,
                "when": when, "then": then,
            })
        })
        .collect();
    let mut rs = Ruleset::from_value(&json!({"version": 0, "rules": rules})).map_err(
        |p: Vec<Problem>| AppError::new(ErrorCode::Internal, format!("bench rules: {p:?}")),
    )?;
    let bad: Vec<String> = rs
        .validate(&ValidationContext::offline())
        .into_iter()
        .filter(Problem::is_error)
        .filter_map(|p| p.rule_id)
        .collect();
    rs.rules.retain(|r| !bad.contains(&r.id.to_string()));
    // Keep a quarter per stage so every stage has work.
    let mut kept = Vec::with_capacity(count);
    for (i, stage) in stages.iter().enumerate() {
        let want = count / 4 + usize::from(i < count % 4);
        kept.extend(
            rs.rules
                .iter()
                .filter(|r| r.stage.as_str() == *stage)
                .take(want)
                .cloned(),
        );
    }
    rs.rules = kept;
    Ok(rs)
}

/// Measures a dry run of `rules` rules over `orders` stored orders, `runs` times, in a new
/// workspace inside `dir`.
pub async fn bench_dry_run(
    dir: &Path,
    orders: u32,
    rules: usize,
    runs: usize,
) -> Result<DryRunBench, AppError> {
    let app = App::open(&dir.join("bench-dry-run.db")).await?;
    let channel = Channel {
        id: ChannelId::new(),
        name: "Bench".into(),
        kind: ChannelKind::Shopify,
        created_at: app.now(),
    };
    let locations: Vec<Location> = (0..4)
        .map(|n| Location {
            id: LocationId::new(),
            name: format!("Warehouse {n}"),
            kind: LocationKind::Warehouse,
            postal_code: "89502".into(),
            country: "US".into(),
        })
        .collect();
    let mut tx = app.store.begin().await?;
    tx.insert_channel(&channel).await?;
    for l in &locations {
        tx.insert_location(l).await?;
    }
    tx.commit().await?;
    let generator = Arc::new(OrderGenerator::new(7));
    let now = app.now();
    let mut k = 0u64;
    while k < u64::from(orders) {
        let end = (k + 5_000).min(u64::from(orders));
        let batch: Vec<_> = (k..end)
            .map(|i| {
                let mut o = generator.order(i, now - chrono::Duration::seconds(i as i64));
                o.status = OrderStatus::Ready;
                o.payment_status = PaymentStatus::Paid;
                o.into_order(OrderId::new(), channel.id.clone())
            })
            .collect();
        let mut tx = app.store.begin().await?;
        tx.insert_orders(&batch).await?;
        tx.commit().await?;
        k = end;
    }
    let draft = bench_rules(rules, channel.id.as_str(), &locations)?;
    let scope = DryRunScope {
        status: Some(OrderStatus::Ready),
        limit: Some(orders),
    };
    app.dry_run(&draft, &scope).await?; // warm the page cache
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut changed = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let report = app.dry_run(&draft, &scope).await?;
        times.push(t.elapsed());
        changed = report.changed;
    }
    app.close().await;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok(DryRunBench {
        orders,
        rules: draft.rules.len(),
        runs: times.len(),
        median_ms: ms(times[times.len() / 2]),
        min_ms: ms(times[0]),
        changed,
        target_ms: 2_000.0,
    })
}
