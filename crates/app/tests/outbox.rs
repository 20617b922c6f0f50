//! The transactional outbox: what a change owes a channel is written with the change, delivered
//! once with its idempotency key, retried with backoff when the channel is busy, and made
//! visible when it cannot be delivered.

// Tests may unwrap: a panic is the failure report (the workspace denies it in library code;
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use waybill_app::outbox::{Connectors, FulfillmentPayload};
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, Channel, ChannelId, ChannelKind, EventKind, OrderId};
use waybill_store::{Destination, EffectKind, EffectStatus, NewEffect};
use waybill_sync::Connector;
use waybill_sync::demo::DemoStorefront;
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::wiremock::ResponseTemplate;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

use common::*;

/// The order the Shopify fixtures' fulfillment orders belong to, with their line.
const SHOPIFY_ORDER: &str = "gid://shopify/Order/5600000001001";

fn ship() -> ManualAction {
    ManualAction::Ship {
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking: vec!["1Z999".into()],
    }
}

fn ana() -> Actor {
    Actor::user("ana")
}

/// A Shopify channel with one ready order matching the fixtures.
async fn shopify_order(t: &TestApp) -> (ChannelId, OrderId) {
    let channel = t.channel("Shop").await;
    let mut o = incoming(SHOPIFY_ORDER, "Grace");
    o.lines = vec![line("MUG-BLK-12", 2, 1_500)];
    let ids = t.import(&channel, vec![o]).await;
    (channel, ids[0].clone())
}

fn connectors(channel: &ChannelId, c: impl Connector + 'static) -> Connectors {
    let mut map: Connectors = HashMap::new();
    map.insert(channel.clone(), Arc::new(c));
    map
}

async fn shopify_connector(fake: &FakeShopify) -> waybill_sync::shopify::ShopifyConnector {
    fake.connector(
        TEST_TIMEOUT,
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn shipping_an_order_enqueues_exactly_one_fulfillment_for_its_channel() {
    let t = fresh().await;
    let (channel, order) = shopify_order(&t).await;
    t.app
        .apply_one(&order, &ManualAction::AddTag { tag: "vip".into() }, &ana())
        .await
        .unwrap();
    assert!(
        t.app.outbox().await.unwrap().effects.is_empty(),
        "a tag owes the channel nothing"
    );
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    // Shipping again is refused and owes nothing more.
    assert!(t.app.apply_one(&order, &ship(), &ana()).await.is_err());

    let view = t.app.outbox().await.unwrap();
    assert_eq!(view.counts.pending, 1, "one shipment, one fulfillment push");
    let effect = &view.effects[0];
    assert_eq!(effect.kind, EffectKind::Fulfillment);
    assert_eq!(effect.channel_id.as_ref(), Some(&channel));
    assert_eq!(effect.order_id.as_ref(), Some(&order));
    let payload: FulfillmentPayload = serde_json::from_str(&effect.payload).unwrap();
    assert_eq!(payload.order_external_id, SHOPIFY_ORDER);
    assert_eq!(payload.carrier, "UPS");
    assert_eq!(payload.service.as_deref(), Some("Ground"));
    assert_eq!(payload.tracking_numbers, ["1Z999"]);
    assert_eq!(payload.lines.len(), 1);
    assert_eq!(payload.lines[0].quantity, 2);
}

#[tokio::test]
async fn a_ship_whose_transaction_fails_enqueues_nothing_and_ships_nothing() {
    let t = fresh().await;
    let (_, order) = shopify_order(&t).await;
    // Make the action's transaction fail after the order and its effect were written.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", t.path.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER fail_events BEFORE INSERT ON order_events \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(t.app.apply_one(&order, &ship(), &ana()).await.is_err());
    assert_eq!(
        t.app.outbox().await.unwrap().counts.pending,
        0,
        "the effect rolls back with the change that caused it"
    );
    assert_ne!(t.status(&order).await, waybill_core::OrderStatus::Shipped);
    pool.close().await;
}

#[tokio::test]
async fn a_person_cancelling_a_channel_order_enqueues_a_cancellation() {
    let t = fresh().await;
    let (_, order) = shopify_order(&t).await;
    t.app
        .apply_one(
            &order,
            &ManualAction::Cancel {
                note: "customer called".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    let view = t.app.outbox().await.unwrap();
    assert_eq!(view.effects.len(), 1);
    assert_eq!(view.effects[0].kind, EffectKind::Cancellation);
}

#[tokio::test]
async fn a_delivered_effect_is_done_and_a_second_run_sends_nothing_again() {
    let t = fresh().await;
    // A demo-storefront channel (no demo rules: the order stays ready to ship).
    let channel = Channel {
        id: ChannelId::new(),
        name: "Demo Storefront".into(),
        kind: ChannelKind::Demo,
        created_at: start(),
    };
    let mut tx = t.store.begin().await.unwrap();
    tx.insert_channel(&channel).await.unwrap();
    tx.commit().await.unwrap();
    let order = t.import(&channel.id, vec![incoming("demo-1", "Ada")]).await[0].clone();
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    t.advance(Duration::minutes(3));

    let shop = Arc::new(DemoStorefront::new(
        7,
        start(),
        Duration::seconds(15),
        Arc::new(Utc::now),
    ));
    let mut map: Connectors = HashMap::new();
    map.insert(channel.id.clone(), shop.clone());
    let first = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(first.delivered.len(), 1);
    let second = t.app.deliver_outbox(&map).await.unwrap();
    assert!(
        second.delivered.is_empty(),
        "a done effect is never sent again"
    );
    assert_eq!(shop.pushed().len(), 1, "the channel saw the key once");

    let effect = t.store.effect(first.delivered[0]).await.unwrap().unwrap();
    assert_eq!(effect.status, EffectStatus::Done);
    assert_eq!(shop.pushed()[0].0.as_str(), effect.idempotency_key);
    assert_eq!(
        effect.write_back_ms,
        Some(Duration::minutes(3).num_milliseconds()),
        "the tracking write-back delay is recorded"
    );
    assert!(
        t.timeline(&order)
            .await
            .iter()
            .any(|e| matches!(e.kind, EventKind::TrackingPushed { .. })),
        "the order's timeline says the channel has the tracking"
    );
    assert_eq!(t.app.outbox().await.unwrap().counts.done, 1);
}

#[tokio::test]
async fn a_throttled_push_is_retried_later_honouring_retry_after() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.respond(
        "FulfillmentOrders",
        ResponseTemplate::new(429).insert_header("Retry-After", "600"),
        Some(1),
    )
    .await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);

    let report = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(report.retrying.len(), 1, "throttling is not failure");
    let effect = t.store.effect(report.retrying[0]).await.unwrap().unwrap();
    assert_eq!(effect.status, EffectStatus::Pending);
    assert_eq!(effect.attempts, 1);
    assert!(effect.last_error.is_some());
    assert!(
        effect.next_attempt_at >= t.now() + Duration::seconds(600),
        "the channel's Retry-After is honoured"
    );

    // Not due yet: nothing is sent.
    let early = t.app.deliver_outbox(&map).await.unwrap();
    assert!(early.delivered.is_empty() && early.retrying.is_empty());

    t.advance(Duration::minutes(15));
    let later = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(later.delivered, [effect.id]);
    assert_eq!(fake.requests("FulfillmentCreate").await.len(), 1);
}

#[tokio::test]
async fn a_server_error_is_retried_with_backoff() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.respond("FulfillmentOrders", ResponseTemplate::new(503), None)
        .await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);
    let report = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(report.retrying.len(), 1);
    let effect = t.store.effect(report.retrying[0]).await.unwrap().unwrap();
    assert!(effect.next_attempt_at >= t.now() + Duration::seconds(30));
}

#[tokio::test]
async fn a_push_the_channel_rejects_becomes_a_visible_dead_effect_and_can_be_retried() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.respond(
        "FulfillmentCreate",
        ResponseTemplate::new(200).set_body_raw(
            fx::FULFILLMENT_CREATE_USER_ERRORS.as_bytes().to_vec(),
            "application/json",
        ),
        Some(1),
    )
    .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);

    let report = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(report.dead.len(), 1, "userErrors are permanent: no retry");
    let id = report.dead[0];
    let view = t.app.outbox().await.unwrap();
    assert_eq!(view.counts.dead, 1, "a dead effect is counted for people");
    let dead = view.effects.iter().find(|e| e.id == id).unwrap();
    assert!(
        dead.last_error
            .as_deref()
            .unwrap()
            .contains("Invalid fulfillment order line item quantity"),
        "the channel's reason is kept"
    );
    assert!(
        t.app
            .deliver_outbox(&map)
            .await
            .unwrap()
            .delivered
            .is_empty()
    );

    t.app.retry_effect(id).await.unwrap();
    let again = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(again.delivered, [id], "a retried dead effect is delivered");
    let keys: Vec<_> = fake
        .requests("FulfillmentCreate")
        .await
        .iter()
        .map(|r| r["variables"].to_string())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(
        t.app.retry_effect(id).await.is_err(),
        "only dead effects retry"
    );
}

#[tokio::test]
async fn refused_credentials_make_the_effect_dead_at_once() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.respond(
        "FulfillmentOrders",
        ResponseTemplate::new(401)
            .set_body_raw(fx::UNAUTHORIZED.as_bytes().to_vec(), "application/json"),
        None,
    )
    .await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);
    let report = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(report.dead.len(), 1, "a 401 is not retried");
    let effect = t.store.effect(report.dead[0]).await.unwrap().unwrap();
    assert_eq!(effect.attempts, 1);
}

#[tokio::test]
async fn a_dead_effect_can_be_skipped_by_a_person_with_a_reason() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.respond("FulfillmentOrders", ResponseTemplate::new(401), None)
        .await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);
    let id = t.app.deliver_outbox(&map).await.unwrap().dead[0];
    assert!(
        t.app.skip_effect(id, "  ", &ana()).await.is_err(),
        "a reason is required"
    );
    t.app
        .skip_effect(id, "typed into Shopify by hand", &ana())
        .await
        .unwrap();
    let effect = t.store.effect(id).await.unwrap().unwrap();
    assert_eq!(effect.status, EffectStatus::Done);
    assert_eq!(effect.skipped_by.as_deref(), Some("user:ana"));
    assert!(effect.delivered_at.is_none(), "skipped is not delivered");
    assert_eq!(t.app.outbox().await.unwrap().counts.dead, 0);
}

#[tokio::test]
async fn an_orders_later_effect_waits_while_an_earlier_one_is_pending() {
    let t = fresh().await;
    let fake = FakeShopify::start().await;
    fake.respond(
        "FulfillmentOrders",
        ResponseTemplate::new(429).insert_header("Retry-After", "60"),
        Some(1),
    )
    .await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    fake.answer("OrderCancelledAt", fx::ORDER_OPEN).await;
    fake.answer("OrderCancel", fx::ORDER_CANCEL).await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    // A later effect for the same order (a cancellation owed after the shipment).
    let payload = serde_json::json!({
        "order_external_id": SHOPIFY_ORDER,
        "note": "returned to sender",
        "cancelled_at": t.now(),
    });
    let mut tx = t.store.begin().await.unwrap();
    let later = tx
        .enqueue_effect(&NewEffect {
            kind: EffectKind::Cancellation,
            to: Destination::Channel(channel.clone()),
            order_id: Some(order.clone()),
            idempotency_key: "later-effect".into(),
            payload: payload.to_string(),
            due_at: t.now(),
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let map = connectors(&channel, shopify_connector(&fake).await);

    let first = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(first.retrying.len(), 1);
    assert!(
        !first.delivered.contains(&later),
        "the cancellation waits for the fulfillment before it"
    );
    assert_eq!(t.store.effect(later).await.unwrap().unwrap().attempts, 0);
    assert!(fake.requests("OrderCancel").await.is_empty());

    t.advance(Duration::minutes(5));
    let second = t.app.deliver_outbox(&map).await.unwrap();
    assert_eq!(second.delivered.len(), 2, "both go, in order");
    assert_eq!(second.delivered[1], later);
}

#[tokio::test]
async fn effects_for_a_channel_without_a_connector_wait_and_are_reported() {
    let t = fresh().await;
    let (channel, order) = shopify_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let report = t.app.deliver_outbox(&HashMap::new()).await.unwrap();
    assert_eq!(report.not_configured, [(channel, 1)]);
    assert_eq!(t.app.outbox().await.unwrap().counts.pending, 1);
}
