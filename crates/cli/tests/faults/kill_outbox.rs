//! An outbox worker killed at random points, restarted until nothing is left to deliver.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rand::Rng;
use serde_json::Value;

use crate::process::{Run, count, must, open, query_pairs, run, seeded, temp_db};
use crate::shop::{
    FulfillmentCreate, FulfillmentOrders, Shared, add_channel, fulfillment_orders_of, shop,
};
use waybill_sync::fakes::FakeShopify;

/// Rule: an outbox worker killed at any point loses no owed push and makes none twice: after
/// the restarts every fulfillment effect is `done`, the shop fulfilled each shipped order's
/// fulfillment orders exactly once (one `fulfillmentCreate` per location; every other order
/// ships from two), and each order's timeline says so once.
///
/// Shopify's `fulfillmentCreate` takes no idempotency key, so the effect's key never reaches
/// the wire (see `waybill_sync::shopify::fulfill`). A re-send is made safe instead by looking
/// first: the connector reads the order's fulfillments and, when one already carries the
/// effect's tracking number, takes what it covered as the earlier attempt's success and sends
/// only the rest. "Exactly once as the channel sees it" is therefore: the distinct tracking
/// numbers the shop accepted are exactly the owed ones (the tracking number stands in for the
/// key), and no fulfillment order was fulfilled twice or left open.
#[tokio::test(flavor = "multi_thread")]
async fn an_outbox_killed_at_random_points_delivers_every_push_exactly_once() {
    const ORDERS: usize = 60;
    const MAX_RUNS: u32 = 60;
    let mut rng = seeded("kill during outbox delivery");
    let fake = shop(ORDERS, Duration::ZERO).await;
    let state = Shared::default();
    // The create answers slowly: a kill while it is on its way is a push the shop has made
    // and the database has not recorded, the case a re-send must recognise.
    FakeShopify::operation("FulfillmentOrders")
        .respond_with(FulfillmentOrders {
            state: state.clone(),
            delay: Duration::from_millis(5),
        })
        .mount(&fake.server)
        .await;
    FakeShopify::operation("FulfillmentCreate")
        .respond_with(FulfillmentCreate {
            state: state.clone(),
            delay: Duration::from_millis(60),
        })
        .mount(&fake.server)
        .await;
    let (_dir, db) = temp_db();
    let channel = add_channel(&db, &fake, 25).await;
    must(&db, &["sync", "--channel", &channel, "--once"]).await;

    // Ship every order through the CLI: one owed fulfillment each.
    let orders = query_pairs(
        &db,
        "SELECT id || ' ' || external_id, 0 FROM orders ORDER BY seq",
    )
    .await;
    assert_eq!(orders.len(), ORDERS);
    let mut tracking_of = BTreeMap::new();
    for (i, (row, _)) in orders.iter().enumerate() {
        let (id, external) = row.split_once(' ').unwrap();
        let tracking = format!("1ZFAULT{i:08}");
        must(
            &db,
            &[
                "orders",
                "ship",
                id,
                "--carrier",
                "UPS",
                "--tracking",
                &tracking,
            ],
        )
        .await;
        tracking_of.insert(external.to_owned(), tracking);
    }
    let owed = count(
        &db,
        "SELECT COUNT(*) FROM outbox WHERE kind = 'fulfillment' AND status = 'pending'",
    )
    .await;
    assert_eq!(
        owed, ORDERS as i64,
        "one fulfillment owed per shipped order"
    );
    assert!(
        state.lock().unwrap().created.is_empty(),
        "nothing pushed yet"
    );

    let (mut runs, mut kills, mut kills_mid_delivery) = (0, 0, 0);
    let mut done = 0;
    loop {
        assert!(
            runs < MAX_RUNS,
            "the outbox did not drain in {MAX_RUNS} runs"
        );
        runs += 1;
        let kill_after = Duration::from_millis(rng.random_range(5..400) + u64::from(runs) * 10);
        let outcome = run(
            &db,
            &["--json", "outbox", "run", "--once"],
            Some(kill_after),
        )
        .await;
        let now_done = count(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'done'").await;
        match outcome {
            Run::Killed => {
                kills += 1;
                if now_done > done && now_done < ORDERS as i64 {
                    kills_mid_delivery += 1;
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
                let idle = ["delivered", "retrying", "dead", "not_configured"]
                    .iter()
                    .all(|k| report[k].as_array().is_some_and(Vec::is_empty));
                if idle {
                    break;
                }
                assert!(
                    report["dead"].as_array().is_some_and(Vec::is_empty)
                        && report["retrying"].as_array().is_some_and(Vec::is_empty),
                    "every push goes through: {report}"
                );
            }
            Run::Exited { stderr, .. } => panic!("run {runs} failed by itself: {stderr}"),
        }
        done = now_done;
    }

    let state = std::mem::take(&mut *state.lock().unwrap());
    let created = &state.created;
    let expected: usize = tracking_of
        .keys()
        .map(|o| fulfillment_orders_of(o).len())
        .sum();
    let refused = created.iter().filter(|c| c.id.is_none()).count();
    println!(
        "kill during outbox delivery: {runs} runs, {kills} killed ({kills_mid_delivery} \
         mid-delivery); the shop received {} fulfillmentCreate for {expected} owed ({} extra, {refused} \
         of them refused as already fulfilled), {} lookups, {} of them after an earlier create \
         (re-sends recognised by their tracking number)",
        created.len(),
        created.len().saturating_sub(expected),
        state.lookups,
        state.lookups_after_create
    );
    // The worker records a round of 25 pushes per commit, so 60 orders give at most two
    // committed-but-unfinished states to be killed in; kills between a push and its record
    // (the case that matters) are counted by the shop below.
    assert!(
        kills_mid_delivery >= 1,
        "no kill landed between two committed rounds: {kills_mid_delivery}"
    );
    assert!(
        state.lookups_after_create >= 1,
        "no kill landed between a push and its record, the case this test is for"
    );

    // The shop accepted exactly the owed pushes: each shipped order's fulfillment orders
    // fulfilled once, under that order's tracking number, and nothing else.
    let accepted_tracking: BTreeSet<String> = created
        .iter()
        .filter(|c| c.id.is_some())
        .flat_map(|c| c.tracking.clone())
        .collect();
    let owed_tracking: BTreeSet<String> = tracking_of.values().cloned().collect();
    assert_eq!(
        accepted_tracking, owed_tracking,
        "every owed push arrived, and nothing else"
    );
    for (order, tracking) in &tracking_of {
        let accepted = state.accepted(order);
        let mut covered: Vec<String> = accepted
            .iter()
            .flat_map(|c| c.fulfillment_orders.clone())
            .collect();
        covered.sort();
        let mut owed: Vec<String> = fulfillment_orders_of(order)
            .into_iter()
            .map(|(id, ..)| id)
            .collect();
        owed.sort();
        assert_eq!(
            covered, owed,
            "{order}: each fulfillment order fulfilled exactly once"
        );
        assert!(
            accepted.iter().all(|c| c.tracking == [tracking.clone()]),
            "{order}: under its own tracking number"
        );
    }

    // Every effect done, with the shop's fulfillments for its order as the reference (a
    // recognised re-send records the earlier fulfillment, not a new one).
    let effects = query_pairs(
        &db,
        "SELECT o.external_id || ' ' || x.status || ' ' || ifnull(x.reference, '-'), 0 \
         FROM outbox x JOIN orders o ON o.id = x.order_id",
    )
    .await;
    assert_eq!(effects.len(), ORDERS);
    for (row, _) in &effects {
        let parts: Vec<&str> = row.split(' ').collect();
        assert_eq!(parts[1], "done", "every owed push delivered: {row}");
        let recorded: BTreeSet<&str> = parts[2..].iter().copied().collect();
        let made: BTreeSet<&str> = state
            .accepted(parts[0])
            .iter()
            .filter_map(|c| c.id.as_deref())
            .collect();
        assert_eq!(
            recorded, made,
            "the shop's fulfillments are recorded: {row}"
        );
    }

    // And each order's timeline records the push once.
    let pushed_events = query_pairs(
        &db,
        "SELECT o.id, COUNT(e.seq) FROM orders o \
         LEFT JOIN order_events e ON e.order_id = o.id AND e.kind = 'tracking_pushed' \
         GROUP BY o.id",
    )
    .await;
    let wrong: Vec<_> = pushed_events.iter().filter(|(_, n)| *n != 1).collect();
    assert!(
        wrong.is_empty(),
        "orders without exactly one push event: {wrong:?}"
    );
}
