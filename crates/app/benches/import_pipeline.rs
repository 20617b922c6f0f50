//! The import pipeline end to end, against the raw SQLite insert of the same rows.
//!
//! `waybill` side: a Shopify channel synced from an in-process fake Admin GraphQL server that
//! serves 20 000 orders in documented-shape pages of 250 — HTTP, JSON parsing and mapping,
//! deduplication, the upsert, the demo workspace's 17 rules on every order, timeline events,
//! the decision and trace of every order and the cursor, one durable (`synchronous=FULL`)
//! transaction per page, exactly as `waybill sync` runs it.
//!
//! Baseline: the same order rows (read back from the synced database) inserted into a fresh
//! database with the same schema, triggers and pragmas by rusqlite with multi-row `INSERT`s of
//! 250 rows in one transaction per page — what SQLite alone costs for the rows.
//!
//! Run: `cargo bench -p waybill-app --bench import_pipeline`. Criterion prints each side's
//! throughput; the closing line prints the medians and their ratio.

// A benchmark's setup failing is the report: it stops with the reason.
#![allow(clippy::expect_used)]

/// The allocator the `waybill` and desktop binaries use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use waybill_app::App;
use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_store::Store;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

const ORDERS: usize = 20_000;
/// Shopify's largest page.
const PAGE: usize = 250;

const CITIES: &[(&str, &str, &str)] = &[
    ("Austin", "TX", "78701"),
    ("Brooklyn", "NY", "11201"),
    ("Portland", "OR", "97205"),
    ("Denver", "CO", "80202"),
    ("Chicago", "IL", "60601"),
    ("Seattle", "WA", "98109"),
    ("Miami", "FL", "33101"),
    ("Reno", "NV", "89502"),
];
const PRODUCTS: &[(&str, &str, &str)] = &[
    ("MUG-BLK-12", "Stoneware mug, black", "18.00"),
    ("TEE-WHT-M", "Cotton tee, white, M", "24.00"),
    ("LAMP-BRASS", "Brass desk lamp", "89.00"),
    ("RUG-WOOL-5X8", "Wool rug 5x8", "349.00"),
    ("HOOD-GRY-L", "Hoodie, grey, L", "59.00"),
    ("CHAIR-OAK", "Oak dining chair", "189.00"),
];

fn money(amount: &str) -> Value {
    json!({ "shopMoney": { "amount": amount, "currencyCode": "USD" } })
}

/// Order `k` in the Admin API's `Order` shape (the fields the connector's query selects).
fn order_node(k: usize, at: DateTime<Utc>) -> Value {
    let (city, region, zip) = CITIES[k % CITIES.len()];
    let lines: Vec<Value> = (0..1 + k % 3)
        .map(|i| {
            let (sku, name, price) = PRODUCTS[(k + i * 7) % PRODUCTS.len()];
            json!({
                "sku": sku, "name": name, "quantity": 1 + (k + i) % 2, "currentQuantity": 1 + (k + i) % 2,
                "requiresShipping": true, "originalUnitPriceSet": money(price),
            })
        })
        .collect();
    let address = json!({
        "name": format!("Customer {k}"), "company": null, "address1": format!("{} Main St", 1 + k % 900),
        "address2": null, "city": city, "provinceCode": region, "zip": zip, "countryCodeV2": "US",
        "phone": "+1 512 555 0101",
    });
    let total = format!("{}.{:02}", 40 + k % 700, k % 100);
    let stamp = (at + chrono::Duration::seconds(k as i64)).to_rfc3339();
    json!({
        "id": format!("gid://shopify/Order/{}", 5_600_000_000_000u64 + k as u64),
        "name": format!("#{}", 1_000 + k),
        "createdAt": stamp, "processedAt": stamp, "updatedAt": stamp, "cancelledAt": null,
        "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "UNFULFILLED",
        "email": format!("customer{k}@example.com"), "phone": null,
        "note": if k.is_multiple_of(10) { Value::from("Leave at the back door") } else { Value::Null },
        "tags": if k.is_multiple_of(5) { json!(["VIP"]) } else { json!([]) },
        "customer": { "displayName": format!("Customer {k}") },
        "shippingAddress": address, "billingAddress": address,
        "shippingLine": { "title": if k.is_multiple_of(4) { "Expedited" } else { "Standard" } },
        "subtotalPriceSet": money(&total), "totalShippingPriceSet": money("0.00"),
        "totalTaxSet": money("0.00"), "totalPriceSet": money(&total),
        "lineItems": { "pageInfo": { "hasNextPage": false }, "nodes": lines },
    })
}

/// The GraphQL answers, page `p` ending with cursor `p{p}`; a generous cost bucket (a Plus
/// shop's) so the connector never paces.
fn pages(start: DateTime<Utc>) -> Vec<String> {
    let count = ORDERS.div_ceil(PAGE);
    (0..count)
        .map(|p| {
            let nodes: Vec<Value> = (p * PAGE..((p + 1) * PAGE).min(ORDERS))
                .map(|k| order_node(k, start))
                .collect();
            json!({
                "data": { "orders": {
                    "pageInfo": { "hasNextPage": p + 1 < count, "endCursor": format!("p{p}") },
                    "nodes": nodes,
                }},
                "extensions": { "cost": { "requestedQueryCost": 252, "actualQueryCost": 252,
                    "throttleStatus": { "maximumAvailable": 20000.0, "currentlyAvailable": 20000.0, "restoreRate": 1000.0 } } },
            })
            .to_string()
        })
        .collect()
}

async fn serve(fake: &FakeShopify, pages: &[String]) {
    for (p, body) in pages.iter().enumerate() {
        let after = match p {
            0 => Value::Null,
            _ => Value::from(format!("p{}", p - 1)),
        };
        fake.answer_when("Orders", json!({ "after": after }), body, None)
            .await;
    }
}

fn fresh_dir(root: &Path, n: usize) -> PathBuf {
    let dir = root.join(format!("run-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_default();
    dir
}

/// One full sync of the fake shop into a new demo workspace; the time of the sync alone.
async fn sync_once(fake: &FakeShopify, start: DateTime<Utc>, db: &Path) -> Duration {
    let store = Store::open(db).await.expect("open the workspace");
    let app = App::with_store(store.clone(), Arc::new(Utc::now));
    app.ensure_demo_workspace().await.expect("demo workspace");
    let channel = Channel {
        id: ChannelId::new(),
        name: "Bench Shopify".into(),
        kind: ChannelKind::Shopify,
        created_at: Utc::now(),
    };
    let mut tx = store.begin().await.expect("begin");
    tx.insert_channel(&channel).await.expect("channel");
    tx.commit().await.expect("commit");
    let mut config = fake.config(TEST_TIMEOUT, start).expect("config");
    config.page_size = PAGE as u32;
    let connector = waybill_sync::shopify::ShopifyConnector::new(config).expect("connector");

    let t = Instant::now();
    let report = app
        .sync_channel_once(&channel.id, &connector)
        .await
        .expect("sync");
    let took = t.elapsed();
    assert_eq!(
        report.imported, ORDERS,
        "every served order is imported once"
    );
    app.close().await;
    took
}

const COLUMNS: &str = "seq, id, channel_id, external_id, number, status, customer_name, customer_email, \
    ship_city, ship_country, item_count, total, currency, placed_at, ship_by, location_id, carrier, \
    service, hold_reason, tags, skus, version, body, search_key";
const WIDTH: usize = 24;

type Row = Vec<rusqlite::types::Value>;

/// The order rows (and the channels and locations they refer to) of a synced workspace.
fn read_rows(db: &Path) -> (Vec<Row>, Vec<Row>, Vec<Row>) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let all = |sql: &str, width: usize| -> Vec<Row> {
        let mut stmt = conn.prepare(sql).expect("prepare");
        stmt.query_map([], |r| {
            (0..width)
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect()
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    (
        all("SELECT id, name, kind, created_at FROM channels", 4),
        all(
            "SELECT id, name, kind, postal_code, country FROM locations",
            5,
        ),
        all(&format!("SELECT {COLUMNS} FROM orders ORDER BY seq"), WIDTH),
    )
}

/// The same schema and pragmas as a workspace (the migrations, WAL, `synchronous=FULL`, cache and
/// checkpoint sizes: see `waybill_store`'s `open.rs`).
fn raw_database(db: &Path, channels: &[Row], locations: &[Row]) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; \
         PRAGMA cache_size=-65536; PRAGMA temp_store=memory; PRAGMA wal_autocheckpoint=8192;",
    )
    .expect("pragmas");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("migrations")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    for f in files {
        let sql = std::fs::read_to_string(&f).expect("migration");
        conn.execute_batch(&sql).expect("apply migration");
    }
    for c in channels {
        conn.execute(
            "INSERT INTO channels (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
            rusqlite::params_from_iter(c),
        )
        .expect("channel");
    }
    for l in locations {
        conn.execute(
            "INSERT INTO locations (id, name, kind, postal_code, country) VALUES (?, ?, ?, ?, ?)",
            rusqlite::params_from_iter(l),
        )
        .expect("location");
    }
    conn
}

/// The rows inserted with multi-row statements, one transaction per page of 250.
fn raw_insert(conn: &mut rusqlite::Connection, rows: &[Row]) -> Duration {
    let one = format!("({})", vec!["?"; WIDTH].join(", "));
    let t = Instant::now();
    for page in rows.chunks(PAGE) {
        let sql = format!(
            "INSERT INTO orders ({COLUMNS}) VALUES {}",
            vec![one.as_str(); page.len()].join(", ")
        );
        let tx = conn.transaction().expect("begin");
        tx.prepare_cached(&sql)
            .expect("prepare")
            .execute(rusqlite::params_from_iter(page.iter().flatten()))
            .expect("insert");
        tx.commit().expect("commit");
    }
    t.elapsed()
}

fn median(times: &Mutex<Vec<Duration>>) -> Duration {
    let mut t = times.lock().map(|t| t.clone()).unwrap_or_default();
    t.sort();
    t.get(t.len() / 2).copied().unwrap_or_default()
}

fn import_pipeline(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let root = tempfile::tempdir().expect("tempdir");
    let start = Utc
        .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .single()
        .expect("date");
    let fake = rt.block_on(async {
        let fake = FakeShopify::start().await;
        serve(&fake, &pages(start)).await;
        fake
    });
    let ours = Mutex::new(Vec::new());
    let raw = Mutex::new(Vec::new());
    let mut runs = 0;
    let mut sample_db = None;

    let mut group = c.benchmark_group("import_pipeline");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(ORDERS as u64));
    group.bench_function("waybill sync: parse, upsert, rules, events", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                runs += 1;
                let db = fresh_dir(root.path(), runs).join("waybill.db");
                let took = rt.block_on(sync_once(&fake, start, &db));
                ours.lock().map(|mut t| t.push(took)).unwrap_or_default();
                total += took;
                sample_db = Some(db);
            }
            total
        })
    });
    let sample_db = sample_db.expect("a synced db");
    // To look inside a synced workspace: WAYBILL_BENCH_KEEP=/some/file.db keeps a copy.
    if let Some(keep) = std::env::var_os("WAYBILL_BENCH_KEEP") {
        rt.block_on(async {
            let store = Store::open(&sample_db).await.expect("reopen");
            store.close().await;
        });
        std::fs::copy(&sample_db, keep).expect("keep the synced workspace");
    }
    let (channels, locations, rows) = read_rows(&sample_db);
    group.bench_function("raw SQLite: rusqlite multi-row INSERT", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                runs += 1;
                let db = fresh_dir(root.path(), runs).join("raw.db");
                let mut conn = raw_database(&db, &channels, &locations);
                let took = raw_insert(&mut conn, &rows);
                raw.lock().map(|mut t| t.push(took)).unwrap_or_default();
                total += took;
            }
            total
        })
    });
    group.finish();

    let per_sec = |d: Duration| ORDERS as f64 / d.as_secs_f64().max(1e-9);
    let (o, r) = (median(&ours), median(&raw));
    println!(
        "\nimport pipeline, {ORDERS} orders in pages of {PAGE}: waybill median {:.0} ms = {:.0} orders/s \
         (target >= 20000); raw rusqlite median {:.0} ms = {:.0} rows/s; waybill / raw = {:.2}",
        o.as_secs_f64() * 1e3,
        per_sec(o),
        r.as_secs_f64() * 1e3,
        per_sec(r),
        per_sec(o) / per_sec(r)
    );
}

criterion_group!(benches, import_pipeline);
criterion_main!(benches);
