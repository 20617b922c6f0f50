//! The `waybill` binary adds a Shopify channel from `--set` pairs and syncs it with
//! `sync --once`, against an in-process fake shop; the secret lands in the encrypted file.
//! `channels set` changes a saved channel, and the next sync goes where it now points.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

use waybill_sync::fakes::FakeShopify;
use waybill_sync::fakes::fixtures::shopify as fx;

/// Runs `waybill --db DB ARGS` with secrets in the encrypted file (never a real keychain).
async fn waybill(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waybill"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("WAYBILL_CREDENTIALS", "file");
    // Blocking on the child off the runtime's threads, so the fake keeps answering.
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn channels_add_then_sync_once_imports_the_shops_orders() {
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("waybill.db");

    let base = format!("base_url={}", fake.server.uri());
    let token = format!("access_token={}", FakeShopify::TOKEN);
    let added = waybill(
        &db,
        &[
            "channels",
            "add",
            "shopify",
            "--name",
            "Shop",
            "--set",
            &base,
            "--set",
            &token,
            "--set",
            "page_size=2",
        ],
    )
    .await;
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(
        text(&added.stderr).contains("no OS keychain: secrets are encrypted at rest"),
        "the encrypted-file notice is printed: {}",
        text(&added.stderr)
    );

    let synced = waybill(&db, &["sync", "--once"]).await;
    assert!(synced.status.success(), "{}", text(&synced.stderr));
    let out = text(&synced.stdout);
    assert!(out.contains("Shop (chn_"), "{out}");
    assert!(!out.contains("imported 0,"), "orders were imported: {out}");

    let listed = waybill(&db, &["--json", "channels", "list"]).await;
    let overview: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let channel = &overview["channels"][0];
    assert!(
        channel["total_imported"].as_u64().unwrap() >= 3,
        "{channel}"
    );
    assert!(channel["cursor"].is_string());
    assert!(!text(&listed.stdout).contains(FakeShopify::TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn channels_set_renames_and_repoints_a_channel_and_refuses_a_bad_value_by_name() {
    let old = FakeShopify::start().await;
    old.two_order_pages().await;
    old.answer("Orders", fx::ORDERS_EMPTY).await;
    let new = FakeShopify::start().await;
    new.answer("Orders", fx::ORDERS_EMPTY).await;
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("waybill.db");

    let base = format!("base_url={}", old.server.uri());
    let token = format!("access_token={}", FakeShopify::TOKEN);
    let added = waybill(
        &db,
        &[
            "--json", "channels", "add", "shopify", "--name", "Shop", "--set", &base, "--set",
            &token,
        ],
    )
    .await;
    assert!(added.status.success(), "{}", text(&added.stderr));
    let status: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let id = status["id"].as_str().unwrap().to_owned();

    let refused = waybill(&db, &["channels", "set", &id, "--set", "page_size=0"]).await;
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("error: page_size:"),
        "{}",
        text(&refused.stderr)
    );

    let repoint = format!("base_url={}", new.server.uri());
    let set = waybill(
        &db,
        &[
            "channels",
            "set",
            &id,
            "--name",
            "Shop EU",
            "--set",
            &repoint,
            "--set",
            "access_token=",
            "--test",
        ],
    )
    .await;
    assert!(set.status.success(), "{}", text(&set.stderr));
    assert!(
        text(&set.stdout).contains("saved Shop EU ("),
        "{}",
        text(&set.stdout)
    );
    let tested = new.requests("Orders").await.len();
    assert_eq!(tested, 1, "--test asked the new address before saving");

    let synced = waybill(&db, &["sync", "--once"]).await;
    assert!(synced.status.success(), "{}", text(&synced.stderr));
    assert!(
        text(&synced.stdout).contains("Shop EU (chn_"),
        "{}",
        text(&synced.stdout)
    );
    assert!(
        new.requests("Orders").await.len() > tested,
        "the sync went to the new address, with the kept token"
    );
    assert!(old.requests("Orders").await.is_empty());
}
