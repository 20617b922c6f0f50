//! The webhooks screen's backend: each endpoint with what waits for it, what was given up on,
//! its last delivery and latest failure; a person disabling an endpoint (its messages wait) and
//! enabling it again; adding refused by field; the signing secret returned once and never
//! listed.

// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::time::Duration;

use waybill_app::credentials::CredentialStore;
use waybill_app::outbox::Connectors;
use waybill_app::webhooks::{EndpointView, WebhooksView};
use waybill_app::{App, ErrorCode};
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, WebhookEndpointId};
use waybill_sync::fakes::wiremock::matchers::any;
use waybill_sync::fakes::wiremock::{Mock, MockServer, ResponseTemplate};

use common::*;

/// Secrets in an encrypted file in the test's folder; receivers answer within 5 s.
fn app(t: &TestApp) -> App {
    t.app
        .clone()
        .with_credentials(CredentialStore::encrypted_file(&t.path))
        .with_webhook_timeout(Duration::from_secs(5))
}

/// A receiver that answers every delivery with `status`; returns it and its URL.
async fn receiver(status: u16) -> (MockServer, String) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    let url = format!("{}/hooks/waybill", server.uri());
    (server, url)
}

fn ana() -> Actor {
    Actor::user("ana")
}

/// Ships one new order, which owes `order.shipped` to every endpoint subscribed to it.
async fn ship_an_order(t: &TestApp, app: &App, external_id: &str) {
    let channel = t.channel(&format!("Shop {external_id}")).await;
    let order = t
        .import(&channel, vec![incoming(external_id, "Grace")])
        .await[0]
        .clone();
    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking: vec!["1Z999".into()],
    };
    app.apply_one(&order, &ship, &ana()).await.unwrap();
}

fn no_channels() -> Connectors {
    HashMap::new()
}

fn endpoint<'a>(view: &'a WebhooksView, id: &WebhookEndpointId) -> &'a EndpointView {
    view.endpoints
        .iter()
        .find(|e| &e.endpoint.id == id)
        .expect("the endpoint is listed")
}

#[tokio::test]
async fn each_endpoint_is_listed_with_what_waits_what_died_and_its_last_delivery() {
    let t = fresh().await;
    let app = app(&t);
    let (_ok, ok_url) = receiver(200).await;
    let (_refusing, refusing_url) = receiver(400).await;
    let (_failing, failing_url) = receiver(503).await;
    let ok = app
        .add_webhook_endpoint(&ok_url, "order.shipped", None)
        .await
        .unwrap();
    let refusing = app
        .add_webhook_endpoint(&refusing_url, "order.shipped", None)
        .await
        .unwrap();
    let failing = app
        .add_webhook_endpoint(&failing_url, "order.shipped", None)
        .await
        .unwrap();
    let idle = app
        .add_webhook_endpoint("https://quiet.example/hook", "sync.failed", None)
        .await
        .unwrap();
    ship_an_order(&t, &app, "ext-1").await;

    let before = app.webhooks_view().await.unwrap();
    assert_eq!(
        before
            .endpoints
            .iter()
            .map(|e| &e.endpoint.id)
            .collect::<Vec<_>>(),
        [
            &ok.endpoint.id,
            &refusing.endpoint.id,
            &failing.endpoint.id,
            &idle.endpoint.id
        ],
        "oldest first"
    );
    assert_eq!(endpoint(&before, &ok.endpoint.id).deliveries.pending, 1);
    assert_eq!(endpoint(&before, &ok.endpoint.id).endpoint.events.len(), 1);

    app.deliver_outbox(&no_channels()).await.unwrap();
    let after = app.webhooks_view().await.unwrap();

    let delivered = &endpoint(&after, &ok.endpoint.id).deliveries;
    assert_eq!(
        (delivered.pending, delivered.dead, delivered.delivered),
        (0, 0, 1)
    );
    assert_eq!(delivered.last_delivered_at, Some(t.now()));
    assert_eq!(delivered.last_error, None);

    let dead = &endpoint(&after, &refusing.endpoint.id).deliveries;
    assert_eq!((dead.pending, dead.dead, dead.delivered), (0, 1, 0));
    assert!(
        dead.last_error.as_deref().unwrap().contains("400"),
        "{dead:?}"
    );
    assert_eq!(dead.last_delivered_at, None);

    let retrying = &endpoint(&after, &failing.endpoint.id).deliveries;
    assert_eq!((retrying.pending, retrying.dead), (1, 0));
    assert!(
        retrying.last_error.as_deref().unwrap().contains("503"),
        "{retrying:?}"
    );

    let quiet = &endpoint(&after, &idle.endpoint.id).deliveries;
    assert_eq!((quiet.pending, quiet.dead, quiet.delivered), (0, 0, 0));
}

#[tokio::test]
async fn the_screen_offers_every_event_type_with_what_it_means() {
    let t = fresh().await;
    let view = app(&t).webhooks_view().await.unwrap();
    let names: Vec<&str> = view.event_types.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "order.imported",
            "order.held",
            "order.released",
            "order.routed",
            "order.shipped",
            "order.cancelled",
            "sync.failed"
        ]
    );
    assert!(view.event_types.iter().all(|e| !e.description.is_empty()));
    assert!(view.endpoints.is_empty());
}

#[tokio::test]
async fn a_disabled_endpoint_says_who_disabled_it_and_its_messages_wait_until_enabled() {
    let t = fresh().await;
    let app = app(&t);
    let (server, url) = receiver(200).await;
    let added = app
        .add_webhook_endpoint(&url, "order.shipped", None)
        .await
        .unwrap();
    let id = added.endpoint.id;
    ship_an_order(&t, &app, "ext-1").await;

    app.disable_webhook_endpoint(&id, &ana()).await.unwrap();
    let view = app.webhooks_view().await.unwrap();
    let listed = endpoint(&view, &id);
    assert!(!listed.endpoint.enabled);
    assert_eq!(
        listed.endpoint.disabled_reason.as_deref(),
        Some("disabled by user:ana")
    );
    app.deliver_outbox(&no_channels()).await.unwrap();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing is sent to a disabled endpoint"
    );
    assert_eq!(
        endpoint(&app.webhooks_view().await.unwrap(), &id)
            .deliveries
            .pending,
        1,
        "its message waits"
    );

    app.enable_webhook_endpoint(&id).await.unwrap();
    app.deliver_outbox(&no_channels()).await.unwrap();
    let view = app.webhooks_view().await.unwrap();
    let listed = endpoint(&view, &id);
    assert!(listed.endpoint.enabled);
    assert_eq!(listed.endpoint.disabled_reason, None);
    assert_eq!(
        (listed.deliveries.pending, listed.deliveries.delivered),
        (0, 1)
    );
}

#[tokio::test]
async fn disabling_or_enabling_an_unknown_endpoint_is_not_found() {
    let t = fresh().await;
    let app = app(&t);
    let nobody = WebhookEndpointId::new();
    assert_eq!(
        app.disable_webhook_endpoint(&nobody, &ana())
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        app.enable_webhook_endpoint(&nobody).await.unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn adding_is_refused_naming_the_field_and_nothing_is_added() {
    let t = fresh().await;
    let app = app(&t);
    for (url, events, field) in [
        ("ftp://hooks.example.com", "order.shipped", "url:"),
        ("hooks.example.com/waybill", "order.shipped", "url:"),
        ("https://hooks.example.com/waybill", "", "events:"),
        (
            "https://hooks.example.com/waybill",
            "order.exploded",
            "events:",
        ),
    ] {
        let e = app
            .add_webhook_endpoint(url, events, None)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.starts_with(field), "{}", e.message);
    }
    assert!(app.webhooks_view().await.unwrap().endpoints.is_empty());
}

#[tokio::test]
async fn the_signing_secret_is_returned_once_and_never_listed_or_logged() {
    let t = fresh().await;
    let app = app(&t);
    let added = app
        .add_webhook_endpoint("https://hooks.example.com/w", "order.shipped", None)
        .await
        .unwrap();
    assert!(added.secret.starts_with("whsec_"), "{}", added.secret);
    assert!(!format!("{added:?}").contains(&added.secret));
    let listed = serde_json::to_string(&app.webhooks_view().await.unwrap()).unwrap();
    assert!(!listed.contains(&added.secret), "{listed}");
    let again = app
        .add_webhook_endpoint("https://hooks.example.com/w", "order.shipped", None)
        .await
        .unwrap();
    assert_ne!(again.secret, added.secret, "each endpoint has its own");
}

#[tokio::test]
async fn removing_an_endpoint_drops_what_it_was_owed_and_it_is_gone() {
    let t = fresh().await;
    let app = app(&t);
    let added = app
        .add_webhook_endpoint("https://hooks.example.com/w", "order.shipped", None)
        .await
        .unwrap();
    ship_an_order(&t, &app, "ext-1").await;
    assert_eq!(
        app.remove_webhook_endpoint(&added.endpoint.id)
            .await
            .unwrap(),
        1
    );
    assert!(app.webhooks_view().await.unwrap().endpoints.is_empty());
    assert_eq!(
        app.remove_webhook_endpoint(&added.endpoint.id)
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}
