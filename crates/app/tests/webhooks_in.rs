//! `waybill serve`'s webhook listener: only a delivery the channel signed is acted on, a repeat
//! of one does nothing, a burst makes one sync, and whatever is refused changes nothing. The
//! listener runs on 127.0.0.1 (port 0) and stops with the test; the channel is a fake Shopify
//! server, so the sync it triggers is real.

// Tests may unwrap: a panic is the failure report (the workspace denies it in library code;
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use tokio::sync::watch;
use waybill_app::outbox::Connectors;
use waybill_app::webhooks::{ConnectorSource, ServeOptions};
use waybill_app::{App, ErrorCode};
use waybill_core::ChannelId;
use waybill_sync::WebhookRequest;
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};

use common::*;

/// Short, so tests are quick; long enough that a burst posted back to back falls in one window.
const DEBOUNCE: Duration = Duration::from_millis(300);
const LIMIT: usize = 64 * 1024;

struct Listening {
    addr: SocketAddr,
    runs: watch::Receiver<u64>,
    stop: watch::Sender<bool>,
    served: tokio::task::JoinHandle<Result<(), waybill_app::AppError>>,
}

/// A Shopify channel with a fake behind it serving two pages of orders (then nothing new).
async fn shop(t: &TestApp) -> (ChannelId, FakeShopify, Connectors) {
    let channel = t.channel("Shop").await;
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let connector = fake
        .connector(
            TEST_TIMEOUT,
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    let mut map: Connectors = HashMap::new();
    map.insert(channel.clone(), Arc::new(connector));
    (channel, fake, map)
}

async fn listen(app: &App, connectors: Connectors) -> Listening {
    listen_with(app, connectors, None).await
}

async fn listen_with(app: &App, connectors: Connectors, poll_every: Option<Duration>) -> Listening {
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().unwrap(),
        body_limit: LIMIT,
        debounce: DEBOUNCE,
        poll_every,
        ..ServeOptions::default()
    };
    let server = app
        .bind_webhook_server(options, ConnectorSource::Fixed(connectors))
        .await
        .unwrap();
    let addr = server.local_addr().unwrap();
    let runs = server.sync_runs();
    let (stop, stopped) = watch::channel(false);
    let served = tokio::spawn(server.run(stopped));
    Listening {
        addr,
        runs,
        stop,
        served,
    }
}

/// POSTs a delivery as the channel would.
async fn post(addr: SocketAddr, channel: &str, delivery: &WebhookRequest) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/webhooks/{channel}"))
        .headers(delivery.headers.clone())
        .body(delivery.body.clone())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn signed(event_id: &str) -> WebhookRequest {
    FakeShopify::webhook(
        "orders/updated",
        event_id,
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    )
}

/// Waits until `n` syncs have run (or fails after 10 s).
async fn syncs_reach(l: &mut Listening, n: u64) {
    tokio::time::timeout(Duration::from_secs(10), l.runs.wait_for(|r| *r >= n))
        .await
        .expect("the sync ran in time")
        .unwrap();
}

/// Long enough that a sync a nudge would cause has started and finished.
async fn settle() {
    tokio::time::sleep(DEBOUNCE * 4).await;
}

async fn stop(l: Listening) {
    l.stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), l.served)
        .await
        .expect("the listener stops when told")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_signed_webhook_is_acknowledged_and_syncs_its_channel() {
    let t = fresh().await;
    let (channel, fake, map) = shop(&t).await;
    let mut l = listen(&t.app, map).await;

    let (status, body) = post(l.addr, channel.as_str(), &signed("evt-1")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("accepted"), "{body}");
    syncs_reach(&mut l, 1).await;
    assert!(
        t.all().await.len() >= 3,
        "the sync imported the channel's orders (the webhook body is only the trigger)"
    );
    assert!(!fake.requests("Orders").await.is_empty());
    stop(l).await;
}

#[tokio::test]
async fn a_webhook_with_a_bad_signature_is_refused_and_syncs_nothing() {
    let t = fresh().await;
    let (channel, fake, map) = shop(&t).await;
    let l = listen(&t.app, map).await;

    let forged = FakeShopify::webhook(
        "orders/updated",
        "evt-1",
        fx::WEBHOOK_ORDERS_UPDATED,
        "not-the-shops-secret",
    );
    let (status, _) = post(l.addr, channel.as_str(), &forged).await;
    assert_eq!(status, 401);
    let mut unsigned = signed("evt-2");
    unsigned.headers.remove("x-shopify-hmac-sha256");
    let (status, _) = post(l.addr, channel.as_str(), &unsigned).await;
    assert_eq!(status, 401, "a delivery without a signature is not trusted");
    let mut altered = signed("evt-3");
    altered.body.extend_from_slice(b" ");
    let (status, _) = post(l.addr, channel.as_str(), &altered).await;
    assert_eq!(status, 401, "a body changed after signing is not trusted");

    settle().await;
    assert_eq!(*l.runs.borrow(), 0, "no sync ran");
    assert!(fake.requests("Orders").await.is_empty());
    assert!(t.all().await.is_empty());
    // A refused delivery is not remembered: the real one with the same id still counts.
    let (status, body) = post(l.addr, channel.as_str(), &signed("evt-1")).await;
    assert_eq!((status, body.contains("accepted")), (200, true), "{body}");
    stop(l).await;
}

#[tokio::test]
async fn the_same_channel_event_twice_is_acted_on_once() {
    let t = fresh().await;
    let (channel, fake, map) = shop(&t).await;
    let mut l = listen(&t.app, map).await;

    assert_eq!(
        post(l.addr, channel.as_str(), &signed("evt-7")).await.0,
        200
    );
    syncs_reach(&mut l, 1).await;
    let fetched = fake.requests("Orders").await.len();

    // The channel retries (or someone replays a capture) after the first sync finished.
    let (status, body) = post(l.addr, channel.as_str(), &signed("evt-7")).await;
    assert_eq!(
        status, 200,
        "a repeat is acknowledged, so the channel stops retrying"
    );
    assert!(body.contains("duplicate"), "{body}");
    settle().await;
    assert_eq!(*l.runs.borrow(), 1, "the repeat caused no second sync");
    assert_eq!(fake.requests("Orders").await.len(), fetched);
    stop(l).await;
}

#[tokio::test]
async fn a_burst_of_webhooks_makes_one_sync_run() {
    let t = fresh().await;
    let (channel, _fake, map) = shop(&t).await;
    let mut l = listen(&t.app, map).await;

    for i in 0..8 {
        let (status, _) = post(l.addr, channel.as_str(), &signed(&format!("evt-{i}"))).await;
        assert_eq!(status, 200);
    }
    syncs_reach(&mut l, 1).await;
    settle().await;
    assert_eq!(*l.runs.borrow(), 1, "eight nudges in one window, one sync");
    stop(l).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_anything_is_read() {
    let t = fresh().await;
    let (channel, _fake, map) = shop(&t).await;
    let l = listen(&t.app, map).await;

    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(LIMIT));
    let delivery = FakeShopify::webhook("orders/updated", "evt-big", &big, FakeShopify::SECRET);
    let (status, _) = post(l.addr, channel.as_str(), &delivery).await;
    assert_eq!(
        status, 413,
        "even a correctly signed body is refused past the limit"
    );
    settle().await;
    assert_eq!(*l.runs.borrow(), 0);
    stop(l).await;
}

#[tokio::test]
async fn an_unknown_channel_is_not_found() {
    let t = fresh().await;
    let (_, _fake, map) = shop(&t).await;
    let l = listen(&t.app, map).await;

    let (status, _) = post(l.addr, ChannelId::new().as_str(), &signed("evt-1")).await;
    assert_eq!(status, 404, "a channel this workspace does not have");
    let (status, _) = post(l.addr, "not-a-channel-id", &signed("evt-1")).await;
    assert_eq!(status, 404);
    // A channel that exists but has no connector here cannot verify anything.
    let other = t.channel("Other shop").await;
    let (status, _) = post(l.addr, other.as_str(), &signed("evt-1")).await;
    assert_eq!(status, 404);
    settle().await;
    assert_eq!(*l.runs.borrow(), 0);

    let health = reqwest::get(format!("http://{}/health", l.addr))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let json: serde_json::Value = health.json().await.unwrap();
    assert_eq!(json["status"], "ok");
    stop(l).await;
}

#[tokio::test]
async fn the_listener_refuses_an_address_other_machines_reach_unless_told_public() {
    let t = fresh().await;
    let options = ServeOptions {
        bind: "0.0.0.0:0".parse().unwrap(),
        ..ServeOptions::default()
    };
    let refused = t
        .app
        .bind_webhook_server(options.clone(), ConnectorSource::Fixed(HashMap::new()))
        .await
        .err()
        .expect("refused without public");
    assert_eq!(refused.code, ErrorCode::NotAllowed);
    assert!(refused.message.contains("--public"), "{}", refused.message);
    let public = ServeOptions {
        public: true,
        ..options
    };
    assert!(
        t.app
            .bind_webhook_server(public, ConnectorSource::Fixed(HashMap::new()))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn channels_are_polled_without_any_webhook() {
    let t = fresh().await;
    let (_, fake, map) = shop(&t).await;
    let mut l = listen_with(&t.app, map, Some(Duration::from_millis(500))).await;
    syncs_reach(&mut l, 2).await;
    assert!(
        t.all().await.len() >= 3,
        "polling is the source of truth: orders arrive without a webhook"
    );
    assert!(fake.requests("Orders").await.len() >= 3);
    stop(l).await;
}
