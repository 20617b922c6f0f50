//! A sync killed at random points, restarted until a run finishes by itself.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::Value;

use crate::process::{Run, count, query_pairs, run, seeded, temp_db};
use crate::shop::{add_channel, changed_at, order_gid, shop};

/// Rule: a sync killed at any point resumes from its committed cursor, so after the restarts
/// every order the channel served is stored exactly once, with exactly one `imported` event,
/// and the cursor ends past the last order.
#[tokio::test(flavor = "multi_thread")]
async fn a_sync_killed_at_random_points_imports_every_order_exactly_once() {
    const ORDERS: usize = 1_000;
    const PAGE: u32 = 25;
    const MAX_RUNS: u32 = 60;
    let mut rng = seeded("kill during sync");
    let fake = shop(ORDERS, Duration::from_millis(30)).await;
    let (_dir, db) = temp_db();
    let channel = add_channel(&db, &fake, PAGE).await;
    let sync = ["sync", "--channel", channel.as_str(), "--once"];

    let (mut runs, mut kills, mut kills_after_progress, mut kills_before_progress) = (0, 0, 0, 0);
    let mut stored = 0;
    let finished = loop {
        assert!(runs < MAX_RUNS, "no run finished in {MAX_RUNS} runs");
        runs += 1;
        // Later runs get longer before the kill, so the loop ends even on a slow machine.
        let kill_after = Duration::from_millis(rng.random_range(5..250) + u64::from(runs) * 10);
        let outcome = run(&db, &sync, Some(kill_after)).await;
        let now_stored = count(&db, "SELECT COUNT(*) FROM orders").await;
        match outcome {
            Run::Killed => {
                kills += 1;
                if now_stored > stored {
                    kills_after_progress += 1;
                } else {
                    kills_before_progress += 1;
                }
            }
            Run::Exited {
                ok: true, stdout, ..
            } => break stdout,
            Run::Exited { stderr, .. } => panic!("run {runs} failed by itself: {stderr}"),
        }
        stored = now_stored;
    };
    // Page requests beyond the orders' pages: re-reads after kills (bounded by the committed
    // cursor), the connection check at `channels add` and the final overlap read.
    let pages_served = fake.requests("Orders").await.len();
    println!(
        "kill during sync: {runs} runs, {kills} killed ({kills_after_progress} after committing \
         pages, {kills_before_progress} before their first commit); the shop answered \
         {pages_served} page requests for {} pages of orders; last run: {}",
        ORDERS.div_ceil(PAGE as usize),
        finished.trim()
    );
    assert!(
        kills_after_progress >= 3,
        "too few kills landed mid-sync for the test to mean anything: {kills_after_progress}"
    );

    // Every served order, once.
    let per_order = query_pairs(
        &db,
        "SELECT external_id, COUNT(*) FROM orders GROUP BY channel_id, external_id",
    )
    .await;
    let duplicated: Vec<_> = per_order.iter().filter(|(_, n)| *n != 1).collect();
    assert!(duplicated.is_empty(), "orders stored twice: {duplicated:?}");
    let stored: BTreeSet<String> = per_order.into_iter().map(|(id, _)| id).collect();
    let served: BTreeSet<String> = (0..ORDERS).map(order_gid).collect();
    assert_eq!(
        served.difference(&stored).count(),
        0,
        "orders lost: {:?}",
        served.difference(&stored).take(5).collect::<Vec<_>>()
    );
    assert_eq!(stored, served, "the stored orders are the served ones");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM orders").await,
        ORDERS as i64
    );

    // One `imported` event each.
    let imported = query_pairs(
        &db,
        "SELECT o.external_id, COUNT(e.seq) FROM orders o \
         LEFT JOIN order_events e ON e.order_id = o.id AND e.kind = 'imported' \
         GROUP BY o.id",
    )
    .await;
    let wrong: Vec<_> = imported.iter().filter(|(_, n)| *n != 1).collect();
    assert!(
        wrong.is_empty(),
        "orders without exactly one import event: {wrong:?}"
    );

    // The cursor is at the end: a fresh query from the newest change, less the overlap.
    let cursor = query_pairs(
        &db,
        &format!("SELECT value, 0 FROM meta WHERE key = 'sync.cursor.{channel}'"),
    )
    .await;
    assert_eq!(cursor.len(), 1, "the cursor is stored");
    let cursor: Value = serde_json::from_str(&cursor[0].0).unwrap();
    assert!(cursor.get("after").is_none(), "not mid-query: {cursor}");
    let since: DateTime<Utc> = cursor["since"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        since,
        changed_at(ORDERS - 1) - chrono::Duration::minutes(2),
        "the cursor is the newest change less the two-minute overlap: {cursor}"
    );
}
