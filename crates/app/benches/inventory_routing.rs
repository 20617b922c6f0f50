//! Inventory end to end, over real SQLite files (`synchronous=FULL`).
//!
//! - **Routing with reservations**: 10 000 orders (1–3 lines over 50 000 SKUs stocked at 3 of
//!   5 locations, some at only one so orders split) imported in pages of 250. Each page, in one
//!   transaction: upsert, the rules (one `fewest_shipments` location rule), allocation against
//!   stock read under the write lock, reservations, shipments, movement audit rows, the events.
//!   The same import into a workspace without a catalogue (routing by the rules alone, no
//!   reservations) is measured beside it, so the cost of stock is visible. Target: ≥ 5 000
//!   orders/s.
//! - **Stock recompute after a bulk import**: a counts file of 100 000 SKUs for one location
//!   (every count changes) through `import_counts`: parse, write 100 000 rows and their audit,
//!   recompute what two channels may sell and queue the coalesced pushes. Target: < 2 s.
//!
//! Run: `cargo bench -p waybill-app --bench inventory_routing`.

// A benchmark's setup failing is the report: it stops with the reason.
#![allow(clippy::expect_used)]

/// The allocator the `waybill` and desktop binaries use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use waybill_app::App;
use waybill_app::inventory::locations::NewLocation;
use waybill_app::inventory::stock::StockChange;
use waybill_core::inventory::Product;
use waybill_core::rules::Ruleset;
use waybill_core::{
    Actor, Channel, ChannelId, ChannelKind, LocationId, LocationKind, NewOrder, OrderLine,
    OrderStatus, PaymentStatus,
};
use waybill_store::Store;
use waybill_sync::demo::OrderGenerator;

const ORDERS: usize = 10_000;
const SKUS: usize = 50_000;
const PAGE: usize = 250;
const RECOUNT_SKUS: usize = 100_000;

const LOCATIONS: [(&str, &str); 5] = [
    ("Reno", "89502"),
    ("Newark", "07102"),
    ("Dallas", "75201"),
    ("Atlanta", "30303"),
    ("Chicago", "60601"),
];

fn sku(i: usize) -> String {
    format!("SKU-{i:06}")
}

fn actor() -> Actor {
    Actor::user("bench")
}

async fn open(db: &Path) -> (App, Store) {
    let store = Store::open(db).await.expect("open the workspace");
    (App::with_store(store.clone(), Arc::new(Utc::now)), store)
}

async fn channel(store: &Store, name: &str) -> ChannelId {
    let c = Channel {
        id: ChannelId::new(),
        name: name.into(),
        kind: ChannelKind::Shopify,
        created_at: Utc::now(),
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_channel(&c).await.expect("channel");
    tx.commit().await.expect("commit");
    c.id
}

async fn locations(app: &App) -> Vec<LocationId> {
    let mut ids = Vec::new();
    for (name, zip) in LOCATIONS {
        ids.push(
            app.add_location(&NewLocation {
                name: name.into(),
                kind: LocationKind::Warehouse,
                postal_code: zip.into(),
                country: "US".into(),
                daily_capacity: None,
                settings: BTreeMap::new(),
            })
            .await
            .expect("location"),
        );
    }
    ids
}

/// A workspace ready to import into: 5 locations, a rule choosing by fewest shipments, and —
/// `with_stock` — 50 000 SKUs stocked at 3 locations each (every 20th at one only).
async fn template(db: &Path, with_stock: bool) -> ChannelId {
    let (app, store) = open(db).await;
    let ch = channel(&store, "Bench shop").await;
    let at = locations(&app).await;
    let rules = Ruleset::from_value(&json!({"version": 0, "rules": [{
        "id": format!("rul_{:0>26}", 1), "name": "Fewest shipments", "stage": "location",
        "priority": 1, "enabled": true, "stop_processing": false, "when": "always",
        "then": [{"choose_location": {"strategy": "fewest_shipments"}}]
    }]}))
    .expect("ruleset");
    app.save_ruleset(&rules, 0, &actor()).await.expect("rules");
    if with_stock {
        let products: Vec<Product> = (0..SKUS)
            .map(|i| Product::new(sku(i), format!("Product {i}"), 300, None, &[]))
            .collect();
        app.upsert_products(&products).await.expect("products");
        let mut changes = Vec::new();
        for i in 0..SKUS {
            let places = if i % 20 == 0 { 1 } else { 3 };
            for k in 0..places {
                changes.push(StockChange::Count {
                    location_id: at[(i + k) % at.len()].clone(),
                    sku: sku(i),
                    on_hand: 40,
                });
            }
        }
        app.change_stock(&changes, &actor()).await.expect("stock");
    }
    drop(store);
    app.close().await;
    ch
}

fn orders() -> Vec<NewOrder> {
    let generator = OrderGenerator::new(11);
    let placed = Utc
        .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .single()
        .expect("date");
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..)
        .map(|k| generator.order(k, placed))
        .filter(|o| o.ship_to.problems().is_empty() && o.ship_to.country == "US")
        .take(ORDERS)
        .map(|mut o| {
            o.status = OrderStatus::Ready;
            o.payment_status = PaymentStatus::Paid;
            let template = o.lines[0].clone();
            o.lines = (0..1 + next(3))
                .map(|_| OrderLine {
                    sku: sku(next(SKUS)),
                    quantity: 1 + next(2) as u32,
                    ..template.clone()
                })
                .collect();
            o
        })
        .collect()
}

fn copy_of(template: &Path, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("run dir");
    let db = dir.join("waybill.db");
    std::fs::copy(template, &db).expect("copy the template workspace");
    db
}

fn routing(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let root = tempfile::tempdir().expect("tempdir");
    let stocked = root.path().join("stocked.db");
    let bare = root.path().join("bare.db");
    let ch_stocked = rt.block_on(template(&stocked, true));
    let ch_bare = rt.block_on(template(&bare, false));
    let orders = orders();
    let mut runs = 0;

    let mut group = c.benchmark_group("routing_with_reservations");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(ORDERS as u64));
    for (name, template, channel, reserves) in [
        (
            "10k orders, 5 locations, 50k SKUs, reserved",
            &stocked,
            &ch_stocked,
            true,
        ),
        (
            "same orders, no catalogue (rules only)",
            &bare,
            &ch_bare,
            false,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    runs += 1;
                    let dir = root.path().join(format!("run-{runs}"));
                    let db = copy_of(template, &dir);
                    total += rt.block_on(async {
                        let (app, store) = open(&db).await;
                        let t = Instant::now();
                        for page in orders.chunks(PAGE) {
                            app.import_orders(channel, page.to_vec(), None)
                                .await
                                .expect("import");
                        }
                        let took = t.elapsed();
                        if reserves {
                            let held: u32 = store
                                .reserved_by_shipments()
                                .await
                                .expect("reservations")
                                .iter()
                                .map(|(_, _, n)| n)
                                .sum();
                            assert!(held as usize > ORDERS, "orders were routed with stock");
                        }
                        drop(store);
                        app.close().await;
                        took
                    });
                    let _ = std::fs::remove_dir_all(&dir);
                }
                total
            })
        });
    }
    group.finish();
}

/// 100 000 SKUs at three locations, two channels fed (one by every location, buffer 2; one by
/// two of them).
async fn recount_template(db: &Path) -> LocationId {
    let (app, store) = open(db).await;
    let web = channel(&store, "Web").await;
    let market = channel(&store, "Marketplace").await;
    let at = locations(&app).await;
    let products: Vec<Product> = (0..RECOUNT_SKUS)
        .map(|i| Product::new(sku(i), format!("Product {i}"), 300, None, &[]))
        .collect();
    app.upsert_products(&products).await.expect("products");
    let changes: Vec<StockChange> = (0..RECOUNT_SKUS)
        .flat_map(|i| {
            at[..3].iter().map(move |l| StockChange::Count {
                location_id: l.clone(),
                sku: sku(i),
                on_hand: 20,
            })
        })
        .collect();
    app.change_stock(&changes, &actor()).await.expect("stock");
    app.set_channel_feed(&web, &at[..3], 2).await.expect("feed");
    app.set_channel_feed(&market, &at[..2], 0)
        .await
        .expect("feed");
    drop(store);
    app.close().await;
    at[0].clone()
}

fn recount(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let root = tempfile::tempdir().expect("tempdir");
    let template = root.path().join("recount.db");
    let at = rt.block_on(recount_template(&template));
    let mut csv = String::from("sku,on_hand\n");
    for i in 0..RECOUNT_SKUS {
        csv.push_str(&format!("{},{}\n", sku(i), 25 + i % 7));
    }
    let mut runs = 0;
    let mut group = c.benchmark_group("stock_recompute");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(RECOUNT_SKUS as u64));
    group.bench_function(
        "counts for 100k SKUs, 2 channels recomputed and pushes queued",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    runs += 1;
                    let dir = root.path().join(format!("recount-{runs}"));
                    let db = copy_of(&template, &dir);
                    total += rt.block_on(async {
                        let (app, store) = open(&db).await;
                        drop(store);
                        let t = Instant::now();
                        let import = app
                            .import_counts(&csv, Some(&at), &actor())
                            .await
                            .expect("counts");
                        let took = t.elapsed();
                        let outcome = import.outcome.expect("the file is valid");
                        assert_eq!(outcome.changed_rows as usize, RECOUNT_SKUS);
                        app.close().await;
                        took
                    });
                    let _ = std::fs::remove_dir_all(&dir);
                }
                total
            })
        },
    );
    group.finish();
}

criterion_group!(benches, routing, recount);
criterion_main!(benches);
