//! The sync engine: a channel's pages imported with their cursor, never duplicating an order,
//! never dropping one silently.

// Tests may unwrap: a panic is the failure report (the workspace denies it in library code;
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use serde_json::json;
use waybill_core::edit::ManualAction;
use waybill_core::import::LATE_CANCEL_TAG;
use waybill_core::{Actor, EventKind, OrderStatus};
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

use common::*;

async fn shopify_connector(fake: &FakeShopify) -> waybill_sync::shopify::ShopifyConnector {
    fake.connector(
        TEST_TIMEOUT,
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn syncing_a_channel_twice_imports_each_order_once() {
    let t = fresh().await;
    let channel = t.channel("Shop").await;
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    // Any later request (the next sync's) finds nothing new.
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let shop = shopify_connector(&fake).await;

    let first = t.app.sync_channel_once(&channel, &shop).await.unwrap();
    assert_eq!(
        first.pages, 2,
        "pages are followed until the channel has no more"
    );
    assert!(first.imported >= 3);
    assert!(first.rejected.is_empty());
    assert!(t.app.sync_cursor(&channel).await.unwrap().is_some());

    let second = t.app.sync_channel_once(&channel, &shop).await.unwrap();
    assert_eq!(second.imported, 0, "nothing is imported twice");
    assert_eq!(t.all().await.len(), first.imported);
}

#[tokio::test]
async fn overlapping_pages_update_or_skip_orders_instead_of_duplicating_them() {
    let t = fresh().await;
    let ws = t.app.ensure_demo_workspace().await.unwrap().unwrap();
    let shop = waybill_app::demo::storefront(&t.app, &ws);
    t.advance(Duration::minutes(30)); // 120 orders at one every 15 s
    let first = t
        .app
        .sync_channel_once(&ws.storefront, &shop)
        .await
        .unwrap();
    assert_eq!(first.imported, 120);
    assert_eq!(first.pages, 3);

    // Rewind the cursor: the next sync sees 80 orders it already has.
    t.app
        .import_orders(&ws.storefront, Vec::new(), Some("40"))
        .await
        .unwrap();
    let again = t
        .app
        .sync_channel_once(&ws.storefront, &shop)
        .await
        .unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.unchanged + again.updated, 80);
    assert_eq!(t.all().await.len(), 120, "no order is duplicated");
}

#[tokio::test]
async fn a_page_with_an_unreadable_order_imports_the_rest_and_reports_it() {
    let t = fresh().await;
    let channel = t.channel("Shop").await;
    let fake = FakeShopify::start().await;
    let mut page = waybill_sync::fakes::json(fx::ORDERS_PAGE_2);
    page["data"]["orders"]["nodes"][0]["totalPriceSet"]["shopMoney"]["amount"] = json!("96,12");
    fake.answer("Orders", &page.to_string()).await;
    let shop = shopify_connector(&fake).await;

    let report = t.app.sync_channel_once(&channel, &shop).await.unwrap();
    assert_eq!(report.imported, 2, "the other orders of the page import");
    assert_eq!(report.rejected.len(), 1, "the unreadable one is reported");
    assert_eq!(report.rejected[0].number.as_deref(), Some("#1003"));
    assert!(report.rejected[0].reason.contains("96,12"));
    assert_eq!(
        t.app.sync_rejections(&channel).await.unwrap(),
        report.rejected,
        "and remembered for the channel's screen"
    );
}

#[tokio::test]
async fn a_channel_cancelling_a_shipped_order_raises_a_visible_exception() {
    let t = fresh().await;
    let channel = t.channel("Shop").await;
    let order = t.import(&channel, vec![incoming("77", "Ada")]).await[0].clone();
    t.app
        .apply_one(
            &order,
            &ManualAction::Ship {
                carrier: "UPS".into(),
                service: None,
                tracking: vec!["1Z1".into()],
            },
            &Actor::user("ana"),
        )
        .await
        .unwrap();
    let mut cancelled = incoming("77", "Ada");
    cancelled.status = OrderStatus::Cancelled;
    cancelled.channel_status = "cancelled".into();
    t.app
        .import_orders(&channel, vec![cancelled.clone()], None)
        .await
        .unwrap();

    let stored = t.stored(&order).await.order;
    assert_eq!(
        stored.status,
        OrderStatus::Shipped,
        "goods that left stay shipped"
    );
    assert!(
        stored.tags.iter().any(|tag| tag == LATE_CANCEL_TAG),
        "the queue's tag filter finds it"
    );
    assert!(
        t.timeline(&order).await.iter().any(
            |e| matches!(&e.kind, EventKind::NoteAdded { note } if note.contains("cancelled"))
        ),
        "the timeline says what happened"
    );
    // The same news again adds nothing.
    let again = t
        .app
        .import_orders(&channel, vec![cancelled], None)
        .await
        .unwrap();
    assert_eq!(again.unchanged, 1);
}
