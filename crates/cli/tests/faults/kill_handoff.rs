//! A partner hand-off worker (`waybill partners sync --once`) killed at random points,
//! restarted until nothing is left to hand off.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rand::Rng;
use serde_json::{Value, json};
use waybill_app::App;
use waybill_app::channels::NewChannel;
use waybill_app::credentials::CredentialStore;
use waybill_app::inventory::locations::NewLocation;
use waybill_app::inventory::stock::StockChange;
use waybill_core::inventory::Product;
use waybill_core::rules::Ruleset;
use waybill_core::{
    Actor, Address, ChannelKind, Customer, LocationKind, NewOrder, OrderLine, OrderStatus,
    PaymentStatus,
};
use waybill_sync::fakes::FakeMcf;

use crate::process::{Run, count, open, query_pairs, run, seeded, temp_db};

const MUG: &str = "MUG-BLK-12";

fn order(i: usize) -> NewOrder {
    let at = "2026-03-01T09:00:00Z".parse().unwrap();
    NewOrder {
        external_id: format!("K{i:04}"),
        number: format!("#K{i:04}"),
        status: OrderStatus::Ready,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: format!("Customer {i}"),
            email: Some(format!("customer{i}@example.com")),
            phone: None,
        },
        ship_to: Address {
            name: format!("Customer {i}"),
            line1: "1234 Amazon Way".into(),
            city: "Troy".into(),
            region: Some("MI".into()),
            postal_code: "48084".into(),
            country: "US".into(),
            ..Address::default()
        },
        bill_to: None,
        requested_service: Some("Standard".into()),
        lines: vec![OrderLine {
            sku: MUG.into(),
            name: "Stoneware mug".into(),
            quantity: 1,
            unit_price: 1_800,
            unit_weight_g: 300,
            product_tags: vec![],
        }],
        currency: "USD".into(),
        subtotal: 1_800,
        shipping_paid: 0,
        tax: 0,
        total: 1_800,
        tags: vec![],
        customer_notes: None,
        gift: false,
        placed_at: at,
        updated_at: at,
        ship_by: None,
    }
}

/// The workspace, set up in this process: an Amazon MCF partner pointed at `fake` (its
/// secrets in the encrypted file the binary reads with `WAYBILL_CREDENTIALS=file`), stock
/// there, a rule sending every order to it, and `orders` orders routed to it.
async fn workspace(db: &Path, fake: &FakeMcf, orders: usize) {
    let app = App::open(db)
        .await
        .unwrap()
        .with_credentials(CredentialStore::encrypted_file(db));
    let ana = Actor::user("ana");
    let channel = app
        .add_channel(&NewChannel {
            kind: ChannelKind::Csv,
            name: "Wholesale".into(),
            settings: vec![],
        })
        .await
        .unwrap()
        .id;
    let uri = fake.server.uri();
    let setting = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let mcf = app
        .add_location(&NewLocation {
            name: "Amazon MCF".into(),
            kind: LocationKind::AmazonMcf,
            postal_code: "98109".into(),
            country: "US".into(),
            daily_capacity: None,
            settings: BTreeMap::new(),
        })
        .await
        .unwrap();
    app.set_partner_settings(
        &mcf,
        &setting(&[
            ("base_url", &uri),
            ("lwa_url", &uri),
            ("marketplace_id", FakeMcf::MARKETPLACE),
            ("client_id", FakeMcf::CLIENT_ID),
            ("timeout_secs", "10"),
        ]),
        &setting(&[
            ("client_secret", FakeMcf::CLIENT_SECRET),
            ("refresh_token", FakeMcf::REFRESH_TOKEN),
        ]),
    )
    .await
    .unwrap();
    app.upsert_products(&[Product::new(MUG, "Stoneware mug", 300, None, &[])])
        .await
        .unwrap();
    app.change_stock(
        &[StockChange::Count {
            location_id: mcf.clone(),
            sku: MUG.into(),
            on_hand: 1_000,
        }],
        &ana,
    )
    .await
    .unwrap();
    let rules = Ruleset::from_value(&json!({"version": 0, "rules": [{
        "id": format!("rul_{:0>26}", 1), "name": "Amazon ships everything", "stage": "location",
        "priority": 1, "enabled": true, "stop_processing": false, "when": "always",
        "then": [{"route_to_partner": {"location_id": mcf.to_string()}}]
    }]}))
    .unwrap();
    app.save_ruleset(&rules, 0, &ana).await.unwrap();
    app.import_orders(&channel, (0..orders).map(order).collect(), None)
        .await
        .unwrap();
    app.close().await;
}

/// Rule: a hand-off worker killed at any point creates each shipment at the partner exactly
/// once: after the restarts every hand-off effect is `done`, Amazon created one fulfillment
/// order per shipment (its counters), every order is handed off with one `handed_off` event.
///
/// The partner answers every request 40 ms after carrying it out, so a kill often lands after
/// Amazon created an order and before Waybill recorded it. The restarted worker sends that
/// hand-off again under the same `sellerFulfillmentOrderId`; Amazon refuses the duplicate and
/// the adapter's look-up finds the first order, which is recorded as handed off.
#[tokio::test(flavor = "multi_thread")]
async fn a_partner_sync_killed_at_random_points_creates_each_order_at_the_partner_exactly_once() {
    const ORDERS: usize = 30;
    const MAX_RUNS: u32 = 60;
    let mut rng = seeded("kill during partner hand-off");
    let fake = FakeMcf::start().await;
    fake.stock(MUG, 1_000);
    let (_dir, db) = temp_db();
    workspace(&db, &fake, ORDERS).await;
    let shipments: Vec<String> = query_pairs(&db, "SELECT id, 0 FROM shipments ORDER BY id")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(shipments.len(), ORDERS, "one shipment per order");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox WHERE kind = 'handoff' AND status = 'pending'"
        )
        .await,
        ORDERS as i64
    );
    fake.answer_after(Duration::from_millis(40));

    let (mut runs, mut kills) = (0, 0);
    // Each run is killed a little later than the one before (a random step), so the kills
    // sweep a run from its start through the hand-offs and the polls until one finishes.
    let mut kill_after = Duration::ZERO;
    // Kills after which Amazon had orders Waybill had not recorded, and those shipments.
    let mut kills_unrecorded = 0;
    let mut unrecorded = std::collections::BTreeSet::new();
    loop {
        assert!(
            runs < MAX_RUNS,
            "the hand-offs did not drain in {MAX_RUNS} runs"
        );
        runs += 1;
        kill_after += Duration::from_millis(rng.random_range(10..60));
        let outcome = run(
            &db,
            &["--json", "partners", "sync", "--once"],
            Some(kill_after),
        )
        .await;
        match outcome {
            Run::Killed => {
                kills += 1;
                let waiting =
                    query_pairs(&db, "SELECT id, 0 FROM shipments WHERE status = 'reserved'").await;
                let at_amazon: Vec<String> = waiting
                    .into_iter()
                    .map(|(id, _)| id)
                    .filter(|id| fake.created(id) > 0)
                    .collect();
                if !at_amazon.is_empty() {
                    kills_unrecorded += 1;
                    unrecorded.extend(at_amazon);
                }
                // A killed worker's claims expire after their five-minute lease; the test
                // stands in for that wait by making every pending effect due again now.
                let pool = open(&db).await;
                sqlx::query("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'")
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
            }
            Run::Exited {
                ok: true, stdout, ..
            } => {
                let report: Value = serde_json::from_str(&stdout).unwrap();
                let h = &report["handoffs"];
                assert!(
                    ["rejected", "retrying", "dead"]
                        .iter()
                        .all(|k| h[k].as_array().is_some_and(Vec::is_empty)),
                    "every hand-off goes through: {report}"
                );
                let pending = count(
                    &db,
                    "SELECT COUNT(*) FROM outbox WHERE kind = 'handoff' AND status <> 'done'",
                )
                .await;
                if pending == 0 {
                    break;
                }
            }
            Run::Exited { stderr, .. } => panic!("run {runs} failed by itself: {stderr}"),
        }
    }

    let attempts: u32 = shipments.iter().map(|s| fake.create_attempts(s)).sum();
    println!(
        "kill during partner hand-off: {runs} runs, {kills} killed ({kills_unrecorded} of them \
         after Amazon had created orders Waybill had not recorded: {} distinct shipments); \
         Amazon received {attempts} create requests for {ORDERS} shipments, refused {} as \
         duplicates (each found by the adapter's look-up) and created {} orders",
        unrecorded.len(),
        attempts as usize - fake.orders(),
        fake.orders()
    );
    assert!(
        kills_unrecorded >= 1,
        "no kill landed between a hand-off and its record, the case this test is for"
    );

    // Amazon has exactly one fulfillment order per shipment, and nothing else.
    assert_eq!(fake.orders(), ORDERS);
    for s in &shipments {
        assert_eq!(fake.created(s), 1, "shipment {s} created once at Amazon");
    }

    // Every hand-off effect done, every shipment with the partner under its reference.
    let effects = query_pairs(
        &db,
        "SELECT status || ' ' || ifnull(reference, '-'), 0 FROM outbox WHERE kind = 'handoff'",
    )
    .await;
    assert_eq!(effects.len(), ORDERS);
    assert!(
        effects.iter().all(|(r, _)| r.starts_with("done ")),
        "{effects:?}"
    );
    let open_shipments = count(
        &db,
        "SELECT COUNT(*) FROM shipments WHERE status NOT IN ('handed_off', 'accepted') \
         OR partner_ref IS NULL",
    )
    .await;
    assert_eq!(open_shipments, 0, "every shipment is with Amazon");

    // Every order handed off, and its timeline says so once.
    let statuses = query_pairs(&db, "SELECT status, COUNT(*) FROM orders GROUP BY status").await;
    assert_eq!(statuses, [("handed_off".to_owned(), ORDERS as i64)]);
    let events = query_pairs(
        &db,
        "SELECT o.id, COUNT(e.seq) FROM orders o \
         LEFT JOIN order_events e ON e.order_id = o.id AND e.kind = 'handed_off' GROUP BY o.id",
    )
    .await;
    let wrong: Vec<_> = events.iter().filter(|(_, n)| *n != 1).collect();
    assert!(
        wrong.is_empty(),
        "orders without exactly one hand-off event: {wrong:?}"
    );
}
