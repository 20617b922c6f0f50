//! Outbox delivery against a local fake channel: how many owed pushes per second the worker
//! delivers, end to end.
//!
//! 2 000 shipped orders of a Shopify channel owe 2 000 fulfillment pushes. Each push is what the
//! real connector does against Shopify: look up the order's fulfillment orders, then
//! `fulfillmentCreate` with the tracking — two GraphQL round trips to an in-process fake that
//! answers the documented payloads, with its cost bucket read and honoured by the connector's
//! pacer. The worker claims batches, sends them a few at a time per channel and records each
//! batch durably (`synchronous=FULL`), with the `tracking pushed` event on every order's timeline.
//!
//! Run: `cargo bench -p waybill-app --bench outbox_delivery`. Criterion prints the throughput
//! in effects per second (target: at least 1 000).

// A benchmark's setup failing is the report: it stops with the reason.
#![allow(clippy::expect_used)]

/// The allocator the `waybill` and desktop binaries use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use waybill_app::App;
use waybill_app::outbox::Connectors;
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, Channel, ChannelId, ChannelKind, OrderLine, OrderStatus, PaymentStatus};
use waybill_store::Store;
use waybill_sync::demo::OrderGenerator;
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

const EFFECTS: usize = 2_000;

/// A workspace whose Shopify channel is owed one fulfillment per shipped order.
async fn owed_pushes(db: &Path) -> (App, ChannelId) {
    let store = Store::open(db).await.expect("open the workspace");
    let app = App::with_store(store.clone(), Arc::new(Utc::now));
    let channel = Channel {
        id: ChannelId::new(),
        name: "Bench Shopify".into(),
        kind: ChannelKind::Shopify,
        created_at: Utc::now(),
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_channel(&channel).await.expect("channel");
    tx.commit().await.expect("commit");

    let generator = OrderGenerator::new(7);
    let placed = Utc
        .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .single()
        .expect("date");
    let orders: Vec<_> = (0..)
        .map(|k| generator.order(k, placed))
        .filter(|o| o.ship_to.problems().is_empty())
        .take(EFFECTS)
        .map(|mut o| {
            o.status = OrderStatus::Ready;
            o.payment_status = PaymentStatus::Paid;
            // The line the fake's fulfillment orders hold.
            o.lines = vec![OrderLine {
                sku: "MUG-BLK-12".into(),
                quantity: 2,
                ..o.lines[0].clone()
            }];
            o
        })
        .collect();
    let mut ids = Vec::with_capacity(EFFECTS);
    for page in orders.chunks(250) {
        let outcome = app
            .import_orders(&channel.id, page.to_vec(), None)
            .await
            .expect("import");
        ids.extend(outcome.inserted);
    }
    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking: vec!["1Z999AA10123456784".into()],
    };
    let outcome = app
        .apply_action(&ids, &ship, &Actor::user("bench"))
        .await
        .expect("ship");
    assert!(outcome.refused.is_empty(), "every order ships");
    (app, channel.id)
}

fn outbox_delivery(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let root = tempfile::tempdir().expect("tempdir");
    let fake = rt.block_on(async {
        let fake = FakeShopify::start().await;
        fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
            .await;
        fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
            .await;
        fake
    });
    let times = Mutex::new(Vec::new());
    let mut runs = 0;

    let mut group = c.benchmark_group("outbox_delivery");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(EFFECTS as u64));
    group.bench_function("shopify fulfillments through the fake", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                runs += 1;
                let dir = root.path().join(format!("run-{runs}"));
                let took = rt.block_on(async {
                    let (app, channel) = owed_pushes(&dir.join("waybill.db")).await;
                    let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single();
                    let connector = fake
                        .connector(TEST_TIMEOUT, start.expect("date"))
                        .expect("connector");
                    let mut map: Connectors = HashMap::new();
                    map.insert(channel, Arc::new(connector));

                    let t = Instant::now();
                    let report = app.deliver_outbox(&map).await.expect("deliver");
                    let took = t.elapsed();
                    assert_eq!(report.delivered.len(), EFFECTS, "every push delivered");
                    app.close().await;
                    took
                });
                let _ = std::fs::remove_dir_all(&dir);
                times.lock().map(|mut t| t.push(took)).unwrap_or_default();
                total += took;
            }
            total
        })
    });
    group.finish();

    let mut t = times.lock().map(|t| t.clone()).unwrap_or_default();
    t.sort();
    let median = t.get(t.len() / 2).copied().unwrap_or_default();
    println!(
        "\noutbox delivery: {EFFECTS} fulfillment pushes, median {:.0} ms = {:.0} effects/s (target >= 1000)",
        median.as_secs_f64() * 1e3,
        EFFECTS as f64 / median.as_secs_f64().max(1e-9)
    );
}

criterion_group!(benches, outbox_delivery);
criterion_main!(benches);
