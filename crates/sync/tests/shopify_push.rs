//! The Shopify connector pushing fulfillments, cancellations and stock to a fake Admin GraphQL
//! API, and verifying webhooks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use serde_json::json;
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::{FakeShopify, TEST_TIMEOUT};
use waybill_sync::shopify::ShopifyConnector;
use waybill_sync::{
    CancelReason, Cancellation, Connector, ConnectorError, Fulfillment, FulfillmentLine,
    IdempotencyKey, StockLevel, WebhookError, WebhookTopic,
};

async fn connector(fake: &FakeShopify) -> ShopifyConnector {
    fake.connector(
        TEST_TIMEOUT,
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

fn mugs(tracking: &[&str]) -> Fulfillment {
    Fulfillment {
        order_external_id: "gid://shopify/Order/5600000001001".into(),
        lines: vec![FulfillmentLine {
            sku: "MUG-BLK-12".into(),
            quantity: 2,
        }],
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking_numbers: tracking.iter().map(|t| (*t).to_owned()).collect(),
        tracking_url: None,
        shipped_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        completes_order: true,
        notify_customer: true,
    }
}

#[tokio::test]
async fn a_fulfillment_ships_the_open_fulfillment_order_lines_with_tracking() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    let reference = connector(&fake)
        .await
        .push_fulfillment(&mugs(&["1Z999", "1Z998"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap();
    assert_eq!(reference.ids, ["gid://shopify/Fulfillment/255858047"]);

    let sent = fake.requests("FulfillmentCreate").await;
    assert_eq!(
        sent[0]["variables"]["fulfillment"],
        json!({
            "lineItemsByFulfillmentOrder": [{
                "fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1046000001",
                "fulfillmentOrderLineItems": [{ "id": "gid://shopify/FulfillmentOrderLineItem/1072503001", "quantity": 2 }],
            }],
            "notifyCustomer": true,
            "trackingInfo": { "company": "UPS", "numbers": ["1Z999", "1Z998"] },
        })
    );
}

#[tokio::test]
async fn a_retried_fulfillment_is_recognised_by_its_tracking_number_and_not_created_twice() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    let reference = connector(&fake)
        .await
        .push_fulfillment(&mugs(&["1Z0000000000000001"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap();
    assert_eq!(reference.ids, ["gid://shopify/Fulfillment/255858046"]);
    assert!(fake.requests("FulfillmentCreate").await.is_empty());
}

/// An order shipped from two locations: the mugs' fulfillment order (first location) already
/// fulfilled under our tracking number, the tee's (second location) still open.
fn half_fulfilled_order() -> String {
    let mut answer = waybill_sync::fakes::json(fx::FULFILLMENT_ORDERS);
    answer["data"]["order"]["fulfillmentOrders"]["nodes"] = json!([
        {
            "id": "gid://shopify/FulfillmentOrder/1046000001",
            "status": "CLOSED",
            "assignedLocation": { "location": { "id": FakeShopify::LOCATION } },
            "lineItems": { "nodes": [{
                "id": "gid://shopify/FulfillmentOrderLineItem/1072503001",
                "remainingQuantity": 0,
                "lineItem": { "sku": "MUG-BLK-12" },
            }]},
        },
        {
            "id": "gid://shopify/FulfillmentOrder/1046000003",
            "status": "OPEN",
            "assignedLocation": { "location": { "id": "gid://shopify/Location/655441492" } },
            "lineItems": { "nodes": [{
                "id": "gid://shopify/FulfillmentOrderLineItem/1072503003",
                "remainingQuantity": 1,
                "lineItem": { "sku": "TEE-NVY-M" },
            }]},
        },
    ]);
    answer.to_string()
}

#[tokio::test]
async fn a_retry_after_one_of_two_locations_was_fulfilled_sends_only_the_other() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", &half_fulfilled_order())
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE)
        .await;
    let mut shipment = mugs(&["1Z0000000000000001"]);
    shipment.lines.push(FulfillmentLine {
        sku: "TEE-NVY-M".into(),
        quantity: 1,
    });
    let reference = connector(&fake)
        .await
        .push_fulfillment(&shipment, &IdempotencyKey::new("ob-1"))
        .await
        .unwrap();
    assert_eq!(
        reference.ids,
        [
            "gid://shopify/Fulfillment/255858046",
            "gid://shopify/Fulfillment/255858047"
        ],
        "the earlier fulfillment and the one for the rest"
    );
    let sent = fake.requests("FulfillmentCreate").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["variables"]["fulfillment"]["lineItemsByFulfillmentOrder"],
        json!([{
            "fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1046000003",
            "fulfillmentOrderLineItems": [{ "id": "gid://shopify/FulfillmentOrderLineItem/1072503003", "quantity": 1 }],
        }])
    );
}

#[tokio::test]
async fn a_fulfillment_the_channel_rejects_reports_its_user_errors_as_permanent() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    fake.answer("FulfillmentCreate", fx::FULFILLMENT_CREATE_USER_ERRORS)
        .await;
    let err = connector(&fake)
        .await
        .push_fulfillment(&mugs(&["1Z999"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected(
            "fulfillment.lineItemsByFulfillmentOrder.0.fulfillmentOrderLineItems.0.quantity: Invalid fulfillment order line item quantity requested.".into()
        )
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn shipping_more_than_is_open_is_refused_before_asking_shopify() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::FULFILLMENT_ORDERS)
        .await;
    let mut f = mugs(&["1Z999"]);
    f.lines[0].quantity = 3;
    let err = connector(&fake)
        .await
        .push_fulfillment(&f, &IdempotencyKey::new("ob-1"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected(
            "SKU MUG-BLK-12: 3 shipped but only 2 still open to fulfill on Shopify".into()
        )
    );
    assert!(fake.requests("FulfillmentCreate").await.is_empty());
}

#[tokio::test]
async fn fulfilling_an_order_shopify_does_not_know_is_not_found() {
    let fake = FakeShopify::start().await;
    fake.answer("FulfillmentOrders", fx::ORDER_NOT_FOUND).await;
    let err = connector(&fake)
        .await
        .push_fulfillment(&mugs(&["1Z999"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectorError::NotFound(_)));
}

fn cancellation(id: &str) -> Cancellation {
    Cancellation {
        order_external_id: id.into(),
        reason: CancelReason::OutOfStock,
        refund: true,
        restock: true,
        notify_customer: false,
        staff_note: Some("Oversold".into()),
    }
}

#[tokio::test]
async fn a_cancellation_sends_the_documented_arguments() {
    let fake = FakeShopify::start().await;
    fake.answer("OrderCancelledAt", fx::ORDER_OPEN).await;
    fake.answer("OrderCancel", fx::ORDER_CANCEL).await;
    connector(&fake)
        .await
        .push_cancellation(
            &cancellation("gid://shopify/Order/5600000001002"),
            &IdempotencyKey::new("ob-2"),
        )
        .await
        .unwrap();
    let sent = fake.requests("OrderCancel").await;
    assert_eq!(
        sent[0]["variables"],
        json!({
            "orderId": "gid://shopify/Order/5600000001002",
            "reason": "INVENTORY",
            "refundMethod": { "originalPaymentMethodsRefund": true },
            "restock": true,
            "notifyCustomer": false,
            "staffNote": "Oversold",
        })
    );
}

#[tokio::test]
async fn cancelling_an_order_already_cancelled_is_done_without_cancelling_again() {
    let fake = FakeShopify::start().await;
    fake.answer("OrderCancelledAt", fx::ORDER_CANCELLED).await;
    connector(&fake)
        .await
        .push_cancellation(
            &cancellation("gid://shopify/Order/5600000001003"),
            &IdempotencyKey::new("ob-2"),
        )
        .await
        .unwrap();
    assert!(fake.requests("OrderCancel").await.is_empty());
}

fn level(sku: &str, available: i64, expected: Option<i64>) -> StockLevel {
    StockLevel {
        sku: sku.into(),
        available,
        expected_current: expected,
    }
}

#[tokio::test]
async fn stock_is_set_absolutely_with_the_callers_idempotency_key_and_unknown_skus_reported() {
    let fake = FakeShopify::start().await;
    fake.answer("VariantsBySku", fx::VARIANTS_BY_SKU).await;
    fake.answer("InventorySet", fx::INVENTORY_SET).await;
    let outcome = connector(&fake)
        .await
        .push_stock(
            &[
                level("MUG-BLK-12", 12, Some(14)),
                level("TEE-NVY-M", 0, None),
                level("NOT-SOLD-HERE", 5, None),
            ],
            &IdempotencyKey::new("stock-7"),
        )
        .await
        .unwrap();
    assert_eq!(outcome.applied, ["MUG-BLK-12", "TEE-NVY-M"]);
    assert_eq!(outcome.unknown_skus, ["NOT-SOLD-HERE"]);

    let lookup = fake.requests("VariantsBySku").await;
    assert_eq!(
        lookup[0]["variables"]["query"],
        r#"sku:"MUG-BLK-12" OR sku:"TEE-NVY-M" OR sku:"NOT-SOLD-HERE""#
    );
    let set = fake.requests("InventorySet").await;
    assert!(
        set[0]["query"]
            .as_str()
            .unwrap()
            .contains("@idempotent(key: $key)")
    );
    assert_eq!(set[0]["variables"]["key"], "stock-7");
    assert_eq!(
        set[0]["variables"]["input"]["quantities"],
        json!([
            { "inventoryItemId": "gid://shopify/InventoryItem/30322695", "locationId": FakeShopify::LOCATION, "quantity": 12, "changeFromQuantity": 14 },
            { "inventoryItemId": "gid://shopify/InventoryItem/30322696", "locationId": FakeShopify::LOCATION, "quantity": 0, "changeFromQuantity": null },
        ]),
        "changeFromQuantity is always sent: the last pushed number, or an explicit null"
    );
    assert_eq!(set[0]["variables"]["input"]["name"], "available");
}

#[tokio::test]
async fn stock_that_moved_on_shopify_since_the_last_push_is_a_conflict_not_an_overwrite() {
    let fake = FakeShopify::start().await;
    fake.answer("VariantsBySku", fx::VARIANTS_BY_SKU).await;
    fake.answer("InventorySet", fx::INVENTORY_SET_STALE).await;
    let err = connector(&fake)
        .await
        .push_stock(
            &[level("MUG-BLK-12", 12, Some(14))],
            &IdempotencyKey::new("stock-8"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectorError::Conflict(_)), "{err:?}");
    assert!(
        !err.is_retryable(),
        "the caller must sync orders and recompute first"
    );
}

// --- webhooks ---

#[tokio::test]
async fn a_correctly_signed_webhook_verifies_and_names_its_order_and_event() {
    let fake = FakeShopify::start().await;
    let c = connector(&fake).await;
    let request = FakeShopify::webhook(
        "orders/updated",
        "98880550-7158-44d4-b7cd-2c97c8a091b5",
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    );
    let event = c.verify_webhook(&request).unwrap();
    assert_eq!(event.dedup_id, "98880550-7158-44d4-b7cd-2c97c8a091b5");
    assert_eq!(event.topic, WebhookTopic::OrderUpdated);
    assert_eq!(
        event.order_external_id.as_deref(),
        Some("gid://shopify/Order/5600000001001")
    );
    assert_eq!(
        event.updated_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 20, 0).unwrap())
    );
}

#[tokio::test]
async fn a_webhook_signed_with_another_secret_or_altered_is_refused() {
    let fake = FakeShopify::start().await;
    let c = connector(&fake).await;
    let forged = FakeShopify::webhook("orders/updated", "e1", fx::WEBHOOK_ORDERS_UPDATED, "guess");
    assert_eq!(c.verify_webhook(&forged), Err(WebhookError::BadSignature));

    let mut altered = FakeShopify::webhook(
        "orders/updated",
        "e1",
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    );
    altered.body = fx::WEBHOOK_ORDERS_UPDATED
        .replace("71.88", "0.01")
        .into_bytes();
    assert_eq!(c.verify_webhook(&altered), Err(WebhookError::BadSignature));

    let mut unsigned = altered.clone();
    unsigned.headers.remove("x-shopify-hmac-sha256");
    assert_eq!(
        c.verify_webhook(&unsigned),
        Err(WebhookError::MissingHeader("X-Shopify-Hmac-Sha256"))
    );
}

#[tokio::test]
async fn a_replayed_webhook_carries_the_same_dedup_id_so_the_caller_drops_it() {
    let fake = FakeShopify::start().await;
    let c = connector(&fake).await;
    let delivery = FakeShopify::webhook(
        "orders/updated",
        "evt-1",
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    );
    let first = c.verify_webhook(&delivery).unwrap();
    let replay = c.verify_webhook(&delivery.clone()).unwrap();
    assert_eq!(first.dedup_id, replay.dedup_id);
    let next_event = FakeShopify::webhook(
        "orders/updated",
        "evt-2",
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    );
    assert_ne!(
        c.verify_webhook(&next_event).unwrap().dedup_id,
        first.dedup_id
    );
}

#[tokio::test]
async fn without_a_configured_secret_no_webhook_is_trusted() {
    let fake = FakeShopify::start().await;
    let mut config = fake
        .config(
            TEST_TIMEOUT,
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    config.webhook_secret = None;
    let c = ShopifyConnector::new(config).unwrap();
    assert!(!c.capabilities().webhooks);
    let delivery = FakeShopify::webhook(
        "orders/updated",
        "evt-1",
        fx::WEBHOOK_ORDERS_UPDATED,
        FakeShopify::SECRET,
    );
    assert_eq!(c.verify_webhook(&delivery), Err(WebhookError::NoSecret));
}
