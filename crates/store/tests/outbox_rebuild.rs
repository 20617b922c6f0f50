//! Migration 0005 rebuilds the outbox (so an effect can be owed to a webhook endpoint or a
//! partner location, not only a channel). A workspace upgraded from 0003 keeps every effect,
//! its state and its id, and the new rules hold: every effect is owed to someone, and a webhook
//! to an endpoint.

// Test code: helpers outside `#[test]` functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tempfile::TempDir;
use waybill_store::{EffectKind, EffectStatus, Store};

/// The repository's migrations up to and including `last`, in a folder of their own.
fn migrations_until(last: &str, into: &Path) {
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    for entry in std::fs::read_dir(all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() <= last {
            std::fs::copy(&path, into.join(name)).unwrap();
        }
    }
}

#[tokio::test]
async fn an_outbox_from_before_webhooks_keeps_every_effect_through_the_rebuild() {
    let dir = TempDir::new().unwrap();
    let old = dir.path().join("0003");
    std::fs::create_dir(&old).unwrap();
    migrations_until("0003_outbox.sql", &old);
    let db = dir.path().join("waybill.db");
    let pool = SqlitePoolOptions::new()
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true)
                .foreign_keys(true),
        )
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO channels (id, name, kind, created_at) \
         VALUES ('chn_01J0000000000000000000000A', 'Shop', 'shopify', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO outbox (id, kind, channel_id, idempotency_key, payload, status, attempts, \
         next_attempt_at, last_error, created_at) VALUES \
         (7, 'fulfillment', 'chn_01J0000000000000000000000A', 'k-7', '{}', 'dead', 8, 5, 'gave up', 1), \
         (9, 'cancellation', 'chn_01J0000000000000000000000A', 'k-9', '{}', 'pending', 0, 5, NULL, 2)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let store = Store::open(&db).await.unwrap();
    let dead = store.effect(7).await.unwrap().unwrap();
    assert_eq!(dead.kind, EffectKind::Fulfillment);
    assert_eq!(dead.status, EffectStatus::Dead);
    assert_eq!(dead.attempts, 8);
    assert_eq!(dead.last_error.as_deref(), Some("gave up"));
    assert_eq!(
        dead.channel_id.map(|c| c.to_string()).as_deref(),
        Some("chn_01J0000000000000000000000A")
    );
    assert_eq!((dead.endpoint_id, dead.location_id), (None, None));
    assert_eq!(
        store.effect(9).await.unwrap().unwrap().status,
        EffectStatus::Pending
    );
    store.close().await;

    // The rebuilt table's own rules, checked on the raw file.
    let pool = SqlitePoolOptions::new()
        .connect_with(SqliteConnectOptions::new().filename(&db).foreign_keys(true))
        .await
        .unwrap();
    let owed_to_nobody = sqlx::query(
        "INSERT INTO outbox (kind, idempotency_key, payload, status, next_attempt_at, created_at) \
         VALUES ('stock', 'k-x', '{}', 'pending', 0, 0)",
    )
    .execute(&pool)
    .await;
    assert!(owed_to_nobody.is_err(), "an effect is owed to someone");
    let webhook_to_a_channel = sqlx::query(
        "INSERT INTO outbox (kind, channel_id, idempotency_key, payload, status, \
         next_attempt_at, created_at) \
         VALUES ('webhook', 'chn_01J0000000000000000000000A', 'k-y', '{}', 'pending', 0, 0)",
    )
    .execute(&pool)
    .await;
    assert!(
        webhook_to_a_channel.is_err(),
        "a webhook is owed to an endpoint"
    );
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(indexes, ["outbox_due", "outbox_endpoint", "outbox_order"]);
    pool.close().await;
}
