//! Outbound webhooks: a change's message is enqueued with the change (or not at all), delivered
//! through the outbox to a receiver on 127.0.0.1 that checks the Standard Webhooks signature
//! with its own implementation of the specification, retried with the same `webhook-id`,
//! stopped for good by a 410, and held back as long as the receiver's `Retry-After` asks.

// Tests may unwrap: a panic is the failure report (the workspace denies it in library code;
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, TimeZone, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;
use waybill_app::App;
use waybill_app::outbox::Connectors;
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, ChannelId, OrderId};
use waybill_store::{Effect, EffectKind, EffectStatus, OutboxFilter};
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::wiremock::ResponseTemplate;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

use common::*;

// --- A receiver, and the specification's verification written independently of the product ---

/// Verifies a Standard Webhooks signature header (`v1,<b64> v1,<b64>…`) for one message:
/// HMAC-SHA256, keyed by the base64 after `whsec_`, over `{id}.{timestamp}.{body}`.
fn spec_verifies(secret: &str, id: &str, timestamp: &str, body: &[u8], header: &str) -> bool {
    let Some(key) = secret
        .strip_prefix("whsec_")
        .and_then(|k| STANDARD.decode(k).ok())
    else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    header.split(' ').any(|sig| {
        sig.strip_prefix("v1,")
            .and_then(|b64| STANDARD.decode(b64).ok())
            .is_some_and(|s| s.as_slice() == expected.as_slice())
    })
}

#[test]
fn the_tests_own_verifier_accepts_the_specifications_example_and_nothing_else() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let (id, ts, body) = (
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330",
        br#"{"test": 2432232314}"#,
    );
    let good = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert!(spec_verifies(secret, id, ts, body, good));
    assert!(spec_verifies(
        secret,
        id,
        ts,
        body,
        &format!("v1,bm9wZQ== {good}")
    ));
    assert!(!spec_verifies(secret, id, "1614265331", body, good));
    assert!(!spec_verifies(
        secret,
        id,
        ts,
        br#"{"test": 2432232315}"#,
        good
    ));
}

#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    content_type: String,
    body: Vec<u8>,
}

/// One answer: a status and, optionally, a `Retry-After` value.
type Answer = (u16, Option<&'static str>);
/// What the receiver answers, in turn; 200 once the script runs out.
type Script = Vec<Answer>;

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
}

impl Receiver {
    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn hook(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> Response {
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    r.got.lock().unwrap().push(Received {
        id: h("webhook-id"),
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        content_type: h("content-type"),
        body: body.to_vec(),
    });
    let (status, retry_after) = r.script.lock().unwrap().pop_front().unwrap_or((200, None));
    let status = StatusCode::from_u16(status).unwrap();
    match retry_after {
        Some(after) => (status, [("retry-after", after)]).into_response(),
        None => status.into_response(),
    }
}

/// A receiver on 127.0.0.1 (it stops with the test's runtime); returns its URL.
async fn receiver(script: Script) -> (String, Receiver) {
    let r = Receiver::default();
    r.script.lock().unwrap().extend(script);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/waybill", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/hooks/waybill", post(hook))
        .with_state(r.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, r)
}

// --- The workspace side ---

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

/// A workspace whose webhooks are answered within 5 s.
fn app(t: &TestApp) -> App {
    t.app
        .clone()
        .with_webhook_timeout(std::time::Duration::from_secs(5))
}

async fn ready_order(t: &TestApp) -> (ChannelId, OrderId) {
    let channel = t.channel("Shop").await;
    let order = t.import(&channel, vec![incoming("ext-1", "Grace")]).await[0].clone();
    (channel, order)
}

async fn webhooks(t: &TestApp) -> Vec<Effect> {
    t.store
        .effects(OutboxFilter::Only(EffectStatus::Pending), 1000)
        .await
        .unwrap()
        .into_iter()
        .chain(
            t.store
                .effects(OutboxFilter::Only(EffectStatus::Done), 1000)
                .await
                .unwrap(),
        )
        .chain(
            t.store
                .effects(OutboxFilter::Only(EffectStatus::Dead), 1000)
                .await
                .unwrap(),
        )
        .filter(|e| e.kind == EffectKind::Webhook)
        .collect()
}

fn no_channels() -> Connectors {
    HashMap::new()
}

#[tokio::test]
async fn shipping_an_order_enqueues_order_shipped_for_subscribed_endpoints_only() {
    let t = fresh().await;
    let shipped = t
        .app
        .add_webhook_endpoint("https://a.example/hook", "order.shipped", None)
        .await
        .unwrap();
    t.app
        .add_webhook_endpoint("https://b.example/hook", "order.cancelled", None)
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    assert!(
        webhooks(&t).await.is_empty(),
        "nobody subscribed to order.imported or order.routed"
    );

    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let sent = webhooks(&t).await;
    assert_eq!(sent.len(), 1, "one change, one subscriber: {sent:?}");
    let effect = &sent[0];
    assert_eq!(effect.endpoint_id.as_ref(), Some(&shipped.endpoint.id));
    assert_eq!(
        effect.channel_id, None,
        "owed to an endpoint, not a channel"
    );
    assert_eq!(effect.order_id.as_ref(), Some(&order));
    assert!(effect.idempotency_key.starts_with("msg_"));
    let message: Value = serde_json::from_str(&effect.payload).unwrap();
    assert_eq!(message["type"], "order.shipped");
    assert_eq!(message["timestamp"], "2026-03-01T12:00:00.000Z");
    assert_eq!(message["data"]["order"]["id"], order.as_str());
    assert_eq!(message["data"]["order"]["status"], "shipped");
    assert_eq!(message["data"]["order"]["carrier"], "UPS");
    assert_eq!(message["data"]["actor"], "user:ana");
    assert_eq!(message["data"]["change"]["type"], "shipped");
    assert_eq!(message["data"]["change"]["tracking"][0], "1Z999");
}

#[tokio::test]
async fn a_ship_that_cannot_enqueue_its_webhook_does_not_happen() {
    let t = fresh().await;
    t.app
        .add_webhook_endpoint("https://a.example/hook", "order.shipped", None)
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    // Make the message's insert fail: the whole change must roll back with it.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", t.path.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER fail_webhooks BEFORE INSERT ON outbox WHEN NEW.kind = 'webhook' \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(t.app.apply_one(&order, &ship(), &ana()).await.is_err());
    assert_ne!(t.status(&order).await, waybill_core::OrderStatus::Shipped);
    assert_eq!(
        t.app.outbox().await.unwrap().counts.pending,
        0,
        "neither the message nor the fulfillment push was kept"
    );
    sqlx::query("DROP TRIGGER fail_webhooks")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    assert_eq!(
        webhooks(&t).await.len(),
        1,
        "once it can, it commits together"
    );
}

#[tokio::test]
async fn a_delivered_message_carries_a_signature_the_specification_verifies() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![]).await;
    let added = t
        .app
        .add_webhook_endpoint(&url, "order.shipped,order.held", None)
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();

    let app = app(&t);
    let report = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.delivered.len(), 1, "{report:?}");
    let got = receiver.got();
    assert_eq!(got.len(), 1);
    let effect = t.store.effect(report.delivered[0]).await.unwrap().unwrap();
    assert_eq!(effect.status, EffectStatus::Done);
    let r = &got[0];
    assert_eq!(
        r.id, effect.idempotency_key,
        "webhook-id is the effect's key"
    );
    assert_eq!(r.timestamp, t.now().timestamp().to_string());
    assert_eq!(r.content_type, "application/json");
    assert_eq!(
        r.body,
        effect.payload.as_bytes(),
        "the body is the stored message"
    );
    assert!(spec_verifies(
        &added.secret,
        &r.id,
        &r.timestamp,
        &r.body,
        &r.signature
    ));
    assert!(
        !spec_verifies(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            &r.id,
            &r.timestamp,
            &r.body,
            &r.signature
        ),
        "another secret does not verify it"
    );

    let again = app.deliver_outbox(&no_channels()).await.unwrap();
    assert!(again.delivered.is_empty());
    assert_eq!(
        receiver.got().len(),
        1,
        "a delivered message is not sent again"
    );
}

#[tokio::test]
async fn a_server_error_then_success_delivers_once_under_the_same_webhook_id() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![(500, None)]).await;
    let added = t
        .app
        .add_webhook_endpoint(
            &url,
            "order.shipped",
            Some("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        )
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let app = app(&t);

    let first = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(first.retrying.len(), 1);
    let effect = t.store.effect(first.retrying[0]).await.unwrap().unwrap();
    assert_eq!(effect.status, EffectStatus::Pending);
    assert!(effect.next_attempt_at >= t.now() + Duration::seconds(30));
    let early = app.deliver_outbox(&no_channels()).await.unwrap();
    assert!(
        early.retrying.is_empty() && early.delivered.is_empty(),
        "not due yet"
    );

    t.advance(Duration::minutes(2));
    let second = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(second.delivered, [effect.id]);
    let got = receiver.got();
    assert_eq!(got.len(), 2, "one failed attempt, one delivery");
    assert_eq!(
        got[0].id, got[1].id,
        "the retry carries the same webhook-id"
    );
    assert_ne!(
        got[0].timestamp, got[1].timestamp,
        "each attempt is signed anew"
    );
    for r in &got {
        assert!(spec_verifies(
            &added.secret,
            &r.id,
            &r.timestamp,
            &r.body,
            &r.signature
        ));
    }
    app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(receiver.got().len(), 2);
    assert_eq!(
        t.store.effect(effect.id).await.unwrap().unwrap().status,
        EffectStatus::Done
    );
}

#[tokio::test]
async fn a_410_disables_the_endpoint_and_nothing_more_is_sent_to_it() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![(410, None)]).await;
    let added = t
        .app
        .add_webhook_endpoint(&url, "order.shipped,order.cancelled", None)
        .await
        .unwrap();
    let (channel, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let app = app(&t);

    let report = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.dead.len(), 1, "410 is not retried");
    let endpoint = t
        .store
        .webhook_endpoint(&added.endpoint.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!endpoint.enabled);
    assert!(endpoint.disabled_reason.unwrap().contains("410"));

    let other = t.import(&channel, vec![incoming("ext-2", "Ada")]).await[0].clone();
    t.app
        .apply_one(
            &other,
            &ManualAction::Cancel {
                note: "asked".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(
        webhooks(&t).await.len(),
        1,
        "a disabled endpoint is owed nothing new"
    );
    app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(receiver.got().len(), 1);
}

#[tokio::test]
async fn a_throttled_delivery_waits_as_long_as_the_receiver_asks() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![(429, Some("3600")), (503, Some("7200"))]).await;
    t.app
        .add_webhook_endpoint(&url, "order.shipped", None)
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let app = app(&t);

    let first = app.deliver_outbox(&no_channels()).await.unwrap();
    let effect = t.store.effect(first.retrying[0]).await.unwrap().unwrap();
    assert!(
        effect.next_attempt_at >= t.now() + Duration::hours(1),
        "Retry-After: 3600 is honoured over the 30 s backoff"
    );
    t.advance(Duration::minutes(59));
    app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(receiver.got().len(), 1, "not before the hour is up");

    t.advance(Duration::minutes(2));
    let second = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(second.retrying, [effect.id]);
    let effect = t.store.effect(effect.id).await.unwrap().unwrap();
    assert!(
        effect.next_attempt_at >= t.now() + Duration::hours(2),
        "a server error's Retry-After counts too"
    );
}

#[tokio::test]
async fn a_refused_message_is_dead_at_once_for_a_person_to_see() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![(400, None)]).await;
    t.app
        .add_webhook_endpoint(&url, "order.shipped", None)
        .await
        .unwrap();
    let (_, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();

    let report = app(&t).deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.dead.len(), 1);
    let effect = t.store.effect(report.dead[0]).await.unwrap().unwrap();
    assert!(effect.last_error.unwrap().contains("400"));
    assert_eq!(receiver.got().len(), 1);
    // A person can send it again once the receiver is fixed.
    t.app.retry_effect(effect.id).await.unwrap();
    let again = app(&t).deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(again.delivered, [effect.id]);
}

#[tokio::test]
async fn a_dead_endpoint_never_holds_up_the_channels_tracking_push() {
    let t = fresh().await;
    let (url, _receiver) = receiver(vec![(400, None)]).await;
    t.app
        .add_webhook_endpoint(&url, "order.shipped,order.cancelled", None)
        .await
        .unwrap();
    // The order the Shopify fixtures' fulfillment orders belong to.
    let channel = t.channel("Shop").await;
    let mut o = incoming("gid://shopify/Order/5600000001001", "Grace");
    o.lines = vec![line("MUG-BLK-12", 2, 1_500)];
    let order = t.import(&channel, vec![o]).await[0].clone();
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let app = app(&t);
    // The webhook dies; the order's fulfillment push (channel not configured) waits.
    let report = app.deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.dead.len(), 1);
    assert_eq!(report.not_configured, [(channel.clone(), 1)]);
    // With the channel configured, its push goes although an earlier effect of the order is dead.
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    let shop = fake
        .connector(
            TEST_TIMEOUT,
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    let mut map: Connectors = HashMap::new();
    map.insert(channel, Arc::new(shop));
    let pushed = app.deliver_outbox(&map).await.unwrap();
    assert_eq!(pushed.delivered.len(), 1, "{pushed:?}");
    assert_eq!(fake.requests("FulfillmentCreate").await.len(), 1);
}

#[tokio::test]
async fn a_failing_channel_sync_sends_sync_failed_once_per_run_of_failures() {
    let t = fresh().await;
    t.app
        .add_webhook_endpoint("https://a.example/hook", "sync.failed", None)
        .await
        .unwrap();
    let channel = t.channel("Shop").await;
    let fake = FakeShopify::start().await;
    fake.respond(
        "Orders",
        ResponseTemplate::new(401)
            .set_body_raw(fx::UNAUTHORIZED.as_bytes().to_vec(), "application/json"),
        Some(2),
    )
    .await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let shop = fake
        .connector(
            TEST_TIMEOUT,
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();

    assert!(t.app.sync_channel_once(&channel, &shop).await.is_err());
    assert!(t.app.sync_channel_once(&channel, &shop).await.is_err());
    let sent = webhooks(&t).await;
    assert_eq!(sent.len(), 1, "the second failure is not news");
    let message: Value = serde_json::from_str(&sent[0].payload).unwrap();
    assert_eq!(message["type"], "sync.failed");
    assert_eq!(message["data"]["channel_id"], channel.as_str());
    assert_eq!(message["data"]["channel_name"], "Shop");
    assert!(
        message["data"]["error"]
            .as_str()
            .unwrap()
            .contains("credentials")
    );
    assert_eq!(sent[0].order_id, None);

    t.app.sync_channel_once(&channel, &shop).await.unwrap();
    assert_eq!(webhooks(&t).await.len(), 1, "a success sends nothing");
}

#[tokio::test]
async fn an_endpoint_that_fails_is_not_tried_again_in_the_same_run() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![(503, None)]).await;
    t.app
        .add_webhook_endpoint(&url, "order.shipped", None)
        .await
        .unwrap();
    let channel = t.channel("Shop").await;
    let orders = t
        .import(
            &channel,
            vec![incoming("ext-1", "Grace"), incoming("ext-2", "Ada")],
        )
        .await;
    for order in &orders {
        t.app.apply_one(order, &ship(), &ana()).await.unwrap();
    }
    let report = app(&t).deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.retrying.len(), 1);
    assert_eq!(
        receiver.got().len(),
        1,
        "the second message waits for the next run instead of another time-out"
    );
    let waiting: Vec<Effect> = webhooks(&t)
        .await
        .into_iter()
        .filter(|e| e.attempts == 0)
        .collect();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].status, EffectStatus::Pending);
    assert!(
        waiting[0].next_attempt_at <= t.now(),
        "its claim was given back"
    );
}

#[tokio::test]
async fn an_endpoints_signing_secret_is_kept_in_the_credential_store_not_the_database() {
    let t = fresh().await;
    let (url, receiver) = receiver(vec![]).await;
    let added = t
        .app
        .add_webhook_endpoint(&url, "order.shipped", None)
        .await
        .unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", t.path.display()))
        .await
        .unwrap();
    let stored: String = sqlx::query_scalar("SELECT secret FROM webhook_endpoints")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, "", "the database keeps no signing key");
    let file = std::fs::read(t.path.with_extension("db.secrets")).unwrap_or_default();
    assert!(
        !String::from_utf8_lossy(&file).contains(&added.secret),
        "an encrypted store never holds the key in clear"
    );

    // And messages are still signed with it.
    let (_, order) = ready_order(&t).await;
    t.app.apply_one(&order, &ship(), &ana()).await.unwrap();
    let report = app(&t).deliver_outbox(&no_channels()).await.unwrap();
    assert_eq!(report.delivered.len(), 1, "{report:?}");
    let r = &receiver.got()[0];
    assert!(spec_verifies(
        &added.secret,
        &r.id,
        &r.timestamp,
        &r.body,
        &r.signature
    ));
}
