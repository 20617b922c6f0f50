//! How fast the pure part of routing with reservations and of channel stock coalescing runs.
//!
//! - `routing_with_reservations/*`: 10 000 orders (1–4 lines) placed across 5 locations
//!   holding 50 000 SKUs, each allocation's shipments reserved and applied in memory before the
//!   next order routes (so later orders see earlier reservations), per strategy. The issue's
//!   target for the whole path (with SQLite) is ≥ 5 000 orders/s.
//! - `channel_stock/*`: a bulk import of two locations' stock reports (100 000 SKUs each) over
//!   5 locations and 3 channels: reconciling, applying and computing the pushes; and the
//!   coalescing alone. Target for recompute + coalesce: < 2 s.
//!
//! Run: `cargo bench -p waybill-core --bench inventory`. Medians are in
//! `target/criterion/<group>/<name>/new/estimates.json`.

// Benchmark setup may unwrap: a broken fixture should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use waybill_core::ids::{ChannelId, LocationId, OrderId};
use waybill_core::inventory::{
    ChangedStock, ChannelFeed, Inventory, StockLevel, Want, channel_pushes,
};
use waybill_core::location::LocationKind;
use waybill_core::routing::{Candidate, Destination, RouteLine, RouteRequest, Strategy, allocate};

const ORDERS: usize = 10_000;
const ROUTING_SKUS: usize = 50_000;
const PUSH_SKUS: usize = 100_000;
const WAREHOUSE_ZIPS: [&str; 5] = ["07102", "60601", "90001", "75201", "30301"];
const SHIP_TO_ZIPS: [&str; 12] = [
    "10001", "02139", "19104", "33101", "48201", "55401", "80202", "85001", "94107", "98101",
    "70112", "09001",
];

/// A small deterministic generator (no `rand` in core's dev-dependencies needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn locations() -> Vec<Candidate> {
    WAREHOUSE_ZIPS
        .iter()
        .enumerate()
        .map(|(i, zip)| Candidate {
            id: LocationId::from_parts(1, i as u128 + 1),
            kind: LocationKind::Warehouse,
            postal_code: (*zip).to_owned(),
            country: "US".to_owned(),
            capacity_left: None,
        })
        .collect()
}

fn sku(i: usize) -> String {
    format!("SKU-{i:06}")
}

fn stock(cands: &[Candidate], skus: usize, rng: &mut Lcg) -> Inventory {
    let mut rows = Vec::with_capacity(skus * cands.len());
    for s in 0..skus {
        let name = sku(s);
        for c in cands {
            rows.push((
                c.id.clone(),
                name.clone(),
                StockLevel::new(rng.next(12) as u32, 0),
            ));
        }
    }
    Inventory::from_levels(rows)
}

fn orders(rng: &mut Lcg) -> Vec<(OrderId, RouteRequest)> {
    (0..ORDERS)
        .map(|i| {
            let lines = (0..1 + rng.next(4))
                .map(|_| RouteLine {
                    sku: sku(rng.next(ROUTING_SKUS as u64) as usize),
                    quantity: 1 + rng.next(3) as u32,
                    unit_price: 500 + rng.next(10_000) as i64,
                    group: None,
                })
                .collect();
            let zip = SHIP_TO_ZIPS[rng.next(SHIP_TO_ZIPS.len() as u64) as usize];
            (
                OrderId::from_parts(2, i as u128),
                RouteRequest {
                    lines,
                    ship_to: Destination {
                        postal_code: zip.to_owned(),
                        country: "US".to_owned(),
                    },
                    currency: "USD".to_owned(),
                },
            )
        })
        .collect()
}

/// Routes every order and reserves what it was given; returns how many were routed.
fn route_all(
    inv: &mut Inventory,
    strategy: &Strategy,
    cands: &[Candidate],
    orders: &[(OrderId, RouteRequest)],
) -> usize {
    let mut routed = 0;
    for (id, req) in orders {
        let allocation = allocate(strategy, req, cands, inv);
        for shipment in allocation.shipments() {
            let wants: Vec<Want<'_>> = shipment
                .lines
                .iter()
                .map(|l| Want::new(&l.sku, l.quantity))
                .collect();
            let movement = inv.reserve(&shipment.location, id, &wants).unwrap();
            inv.apply(&movement);
        }
        routed += usize::from(allocation.is_routed());
    }
    routed
}

fn routing(c: &mut Criterion) {
    let mut rng = Lcg(7);
    let cands = locations();
    let inv = stock(&cands, ROUTING_SKUS, &mut rng);
    let orders = orders(&mut rng);
    let strategies = [
        Strategy::NearestInStock {},
        Strategy::FewestShipments {
            min_shipment_value: 0,
            keep_together_tags: vec![],
        },
        Strategy::SplitByAvailability {
            min_shipment_value: 2_500,
            keep_together_tags: vec![],
        },
    ];
    let mut group = c.benchmark_group("routing_with_reservations");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(ORDERS as u64));
    for strategy in &strategies {
        let routed = route_all(&mut inv.clone(), strategy, &cands, &orders);
        eprintln!("{}: {routed} of {ORDERS} orders routed", strategy.name());
        group.bench_function(strategy.name(), |b| {
            b.iter_batched(
                || inv.clone(),
                |mut inv| black_box(route_all(&mut inv, strategy, &cands, &orders)),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn channel_stock(c: &mut Criterion) {
    let mut rng = Lcg(11);
    let cands = locations();
    let ids: Vec<LocationId> = cands.iter().map(|c| c.id.clone()).collect();
    let inv = stock(&cands, PUSH_SKUS, &mut rng);
    let feeds = [
        ChannelFeed {
            channel: ChannelId::from_parts(3, 1),
            locations: ids.clone(),
            buffer: 2,
        },
        ChannelFeed {
            channel: ChannelId::from_parts(3, 2),
            locations: ids[..3].to_vec(),
            buffer: 0,
        },
        ChannelFeed {
            channel: ChannelId::from_parts(3, 3),
            locations: ids[3..].to_vec(),
            buffer: 5,
        },
    ];
    // Two partner locations report all 100 000 SKUs; about half the quantities differ.
    let reports: Vec<(LocationId, Vec<(String, u32)>)> = ids[3..]
        .iter()
        .map(|l| {
            let rows = (0..PUSH_SKUS)
                .map(|s| {
                    let now = inv.level(l, &sku(s)).on_hand;
                    (
                        sku(s),
                        if rng.next(2) == 0 {
                            now
                        } else {
                            rng.next(12) as u32
                        },
                    )
                })
                .collect();
            (l.clone(), rows)
        })
        .collect();
    let import = |inv: &mut Inventory| {
        let mut window = ChangedStock::new();
        for (l, rows) in &reports {
            let m = inv.reconcile(l, rows, "bench").unwrap();
            inv.apply(&m);
            window.record(&m);
        }
        window
    };
    let mut after = inv.clone();
    let window = import(&mut after);
    let pushes = channel_pushes(&after, &feeds, &window);
    eprintln!(
        "channel stock: {} SKUs touched, {} pushes for {} (channel, SKU) pairs",
        window.sku_count(),
        pushes.len(),
        PUSH_SKUS * feeds.len()
    );

    let mut group = c.benchmark_group("channel_stock");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(PUSH_SKUS as u64));
    group.bench_function("import_reconcile_and_coalesce_100k", |b| {
        b.iter_batched(
            || inv.clone(),
            |mut inv| {
                let window = import(&mut inv);
                black_box(channel_pushes(&inv, &feeds, &window))
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("coalesce_only_100k", |b| {
        b.iter(|| black_box(channel_pushes(&after, &feeds, &window)))
    });
    group.finish();
}

criterion_group!(benches, routing, channel_stock);
criterion_main!(benches);
