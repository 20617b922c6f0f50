//! The WooCommerce connector against a fake WooCommerce site replaying REST v3 bodies: paging
//! that survives orders modified mid-sync, statuses, errors, completion with tracking (extension
//! or note), stock batches, cancellation and webhooks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use waybill_core::{OrderStatus, PaymentStatus};
use waybill_sync::fakes::fixtures::woocommerce as fx;
use waybill_sync::fakes::wiremock::ResponseTemplate;
use waybill_sync::fakes::wiremock::matchers::any;
use waybill_sync::fakes::{FakeWooCommerce, SHORT_TIMEOUT, SLOW, TEST_TIMEOUT};
use waybill_sync::woocommerce::WooCommerceConnector;
use waybill_sync::{
    CancelReason, Cancellation, Connector, ConnectorError, FetchedPage, Fulfillment,
    FulfillmentLine, IdempotencyKey, StockLevel, WebhookError, WebhookTopic,
};

const ORDERS: &str = "/wp-json/wc/v3/orders";
const TRACKINGS_727: &str = "/wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
}

fn connector(fake: &FakeWooCommerce) -> WooCommerceConnector {
    fake.connector(TEST_TIMEOUT, start()).unwrap()
}

async fn fetch_all(c: &WooCommerceConnector) -> Vec<FetchedPage> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let page = c.fetch_orders(cursor.as_deref()).await.unwrap();
        cursor = Some(page.next_cursor.clone());
        let more = page.has_more;
        pages.push(page);
        if !more {
            break;
        }
    }
    pages
}

/// The documented pages as a shop serves them while order 727 is modified mid-sync.
async fn three_pages(fake: &FakeWooCommerce) {
    fake.orders_page("2026-03-01T00:00:00", 1, fx::ORDERS_PAGE_1, 5, 3)
        .await;
    fake.orders_page("2026-03-01T09:39:59", 1, fx::ORDERS_PAGE_2, 4, 2)
        .await;
    fake.orders_page("2026-03-01T10:19:59", 1, fx::ORDERS_PAGE_3, 2, 1)
        .await;
}

#[tokio::test]
async fn each_page_restarts_from_its_newest_modification_so_an_order_modified_mid_sync_is_not_lost()
{
    let fake = FakeWooCommerce::start().await;
    three_pages(&fake).await;
    let pages = fetch_all(&connector(&fake)).await;
    let ids: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.orders.iter().map(|o| o.external_id.as_str()).collect())
        .collect();
    assert_eq!(
        ids,
        [vec!["727", "728"], vec!["728", "729"], vec!["730", "727"]],
        "pages overlap by a second (728 twice) and 727 comes again after its change"
    );
    assert!(!pages[2].has_more);
    let sent = fake.requests(ORDERS).await;
    assert!(sent[0].1.contains("per_page=2"));
    assert!(
        sent.iter().all(|(_, q, _)| q.contains("page=1")),
        "page numbers stay at 1 while pages make progress"
    );
    let last = &pages[2].orders[1];
    assert_eq!(
        last.customer_notes.as_deref(),
        Some("Ring twice, then knock")
    );
}

#[tokio::test]
async fn a_page_entirely_modified_in_one_second_moves_on_by_page_number() {
    let fake = FakeWooCommerce::start().await;
    let same_second = fx::ORDERS_PAGE_1
        .replace("2026-03-01T09:40:00", "2026-03-01T00:00:01")
        .replace("2026-03-01T09:05:00", "2026-03-01T00:00:01");
    fake.orders_page("2026-03-01T00:00:00", 1, &same_second, 4, 2)
        .await;
    fake.orders_page("2026-03-01T00:00:00", 2, fx::ORDERS_PAGE_3, 4, 2)
        .await;
    let pages = fetch_all(&connector(&fake)).await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].orders[0].external_id, "730");
}

#[tokio::test]
async fn woocommerce_orders_map_to_canonical_statuses_and_exact_money() {
    let fake = FakeWooCommerce::start().await;
    three_pages(&fake).await;
    let pages = fetch_all(&connector(&fake)).await;
    let all: Vec<_> = pages.iter().flat_map(|p| &p.orders).collect();
    let by = |id: &str| *all.iter().find(|o| o.external_id == id).unwrap();

    let o = by("727");
    assert_eq!(
        (o.status, o.payment_status),
        (OrderStatus::Ready, PaymentStatus::Paid)
    );
    assert_eq!(o.number, "#727");
    assert_eq!(
        o.lines[1].unit_price, 2900,
        "unit price from the exact line subtotal"
    );
    assert_eq!(
        o.subtotal,
        3600 + 7830,
        "subtotal after the discount, like Shopify's"
    );
    assert_eq!((o.shipping_paid, o.tax, o.total), (600, 998, 13028));
    assert_eq!(o.ship_to.line1, "1 Dock Rd");
    assert_eq!(o.ship_to.company.as_deref(), Some("Engines Ltd"));
    assert_eq!(o.customer.name, "Ada Lovelace");
    assert_eq!(o.customer.email.as_deref(), Some("ada@example.com"));
    assert_eq!(o.requested_service.as_deref(), Some("Flat rate"));
    assert_eq!(
        o.placed_at,
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    );

    let on_hold = by("728");
    assert_eq!(
        on_hold.status,
        OrderStatus::AwaitingPayment,
        "on-hold waits for a bank transfer"
    );
    assert_eq!(
        on_hold.ship_to.line1, "1 Navy Yard",
        "no shipping address: ship to billing"
    );
    assert_eq!(on_hold.customer.phone, None);

    let cancelled = by("729");
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.channel_status, "cancelled");
    assert_eq!(cancelled.ship_to.region, None);

    let completed = by("730");
    assert_eq!(completed.status, OrderStatus::Shipped);
    assert_eq!(completed.payment_status, PaymentStatus::PartiallyRefunded);
}

#[tokio::test]
async fn woocommerce_429_says_when_to_retry() {
    let fake = FakeWooCommerce::start().await;
    fake.mount(
        FakeWooCommerce::on("GET", ORDERS)
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30")),
        Some(1),
    )
    .await;
    fake.orders_page("2026-03-01T00:00:00", 1, "[]", 0, 0).await;
    let c = connector(&fake);
    let err = c.fetch_orders(None).await.unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    let page = c.fetch_orders(None).await.unwrap();
    assert!(page.orders.is_empty() && !page.has_more);
}

#[tokio::test]
async fn woocommerce_server_errors_and_time_outs_are_retryable() {
    let fake = FakeWooCommerce::start().await;
    fake.mount(
        FakeWooCommerce::on("GET", ORDERS)
            .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>")),
        Some(1),
    )
    .await;
    fake.mount(
        FakeWooCommerce::on("GET", ORDERS).respond_with(
            ResponseTemplate::new(200)
                .set_body_string("[]")
                .set_delay(SLOW),
        ),
        None,
    )
    .await;
    let c = fake.connector(SHORT_TIMEOUT, start()).unwrap();
    let err = c.fetch_orders(None).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Server {
            status: 502,
            message: "HTTP 502 Bad Gateway: <html>Bad Gateway</html>".into()
        }
    );
    let err = c.fetch_orders(None).await.unwrap_err();
    assert!(matches!(err, ConnectorError::Timeout(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_malformed_orders_page_or_missing_paging_headers_is_malformed() {
    let fake = FakeWooCommerce::start().await;
    fake.orders_page(
        "2026-03-01T00:00:00",
        1,
        "[{\"id\": \"not a number\"}]",
        1,
        1,
    )
    .await;
    let c = connector(&fake);
    assert!(matches!(
        c.fetch_orders(None).await,
        Err(ConnectorError::Malformed(_))
    ));

    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", ORDERS, 200, "[]").await;
    let err = connector(&fake).fetch_orders(None).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Malformed("the orders page lacks X-WP-TotalPages".into())
    );
}

#[tokio::test]
async fn wrong_consumer_keys_are_unauthorized_with_woocommerces_message() {
    let fake = FakeWooCommerce::start().await;
    fake.server
        .register(
            waybill_sync::fakes::wiremock::Mock::given(any()).respond_with(
                ResponseTemplate::new(401)
                    .set_body_raw(fx::UNAUTHORIZED.as_bytes().to_vec(), "application/json"),
            ),
        )
        .await;
    let mut config = fake.config(TEST_TIMEOUT, start()).unwrap();
    config.consumer_secret = "cs_wrong".into();
    let err = WooCommerceConnector::new(config)
        .unwrap()
        .fetch_orders(None)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Unauthorized(
            "Sorry, you cannot list resources. (woocommerce_rest_cannot_view)".into()
        )
    );
}

fn shipment(order: &str, tracking: &[&str]) -> Fulfillment {
    Fulfillment {
        order_external_id: order.into(),
        lines: vec![FulfillmentLine {
            sku: "MUG-BLK-12".into(),
            quantity: 2,
        }],
        carrier: "UPS".into(),
        service: None,
        tracking_numbers: tracking.iter().map(|t| (*t).to_owned()).collect(),
        tracking_url: None,
        shipped_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        completes_order: true,
        notify_customer: true,
    }
}

#[tokio::test]
async fn completion_adds_tracking_through_the_extension_then_completes_the_order() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("PUT", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("GET", TRACKINGS_727, 200, fx::SHIPMENT_TRACKINGS_EMPTY)
        .await;
    fake.answer("POST", TRACKINGS_727, 201, fx::SHIPMENT_TRACKING_CREATED)
        .await;
    let reference = connector(&fake)
        .push_fulfillment(
            &shipment("727", &["1Z999AA10123456784"]),
            &IdempotencyKey::new("ob-1"),
        )
        .await
        .unwrap();
    assert_eq!(reference.ids, ["b1d7e0a7c6f5e4d3c2b1a09f8e7d6c5b"]);
    let posted = fake.requests(TRACKINGS_727).await;
    assert_eq!(
        posted[1].2,
        json!({ "tracking_number": "1Z999AA10123456784", "tracking_provider": "UPS", "date_shipped": "2026-03-02" })
    );
    let order_requests = fake.requests("/wp-json/wc/v3/orders/727").await;
    assert_eq!(order_requests.last().unwrap().0, "PUT");
    assert_eq!(
        order_requests.last().unwrap().2,
        json!({ "status": "completed" })
    );
    assert!(
        fake.requests("/wp-json/wc/v3/orders/727/notes")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn without_the_tracking_extension_completion_falls_back_to_an_order_note_once() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("PUT", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("GET", TRACKINGS_727, 404, fx::NO_ROUTE).await;
    fake.answer(
        "GET",
        "/wp-json/wc/v3/orders/727/notes",
        200,
        fx::ORDER_NOTES,
    )
    .await;
    fake.answer(
        "POST",
        "/wp-json/wc/v3/orders/727/notes",
        201,
        fx::ORDER_NOTE_CREATED,
    )
    .await;
    let c = connector(&fake);
    let reference = c
        .push_fulfillment(&shipment("727", &["1Z999"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap();
    assert_eq!(reference.ids, ["282"]);
    let notes = fake.requests("/wp-json/wc/v3/orders/727/notes").await;
    let posted = &notes.iter().find(|r| r.0 == "POST").unwrap().2;
    assert_eq!(
        posted,
        &json!({
            "note": "Shipped 2 × MUG-BLK-12 via UPS, tracking 1Z999 on 2026-03-02. [waybill:ob-1]",
            "customer_note": true,
        })
    );

    // The absence is remembered: the next push asks the extension nothing.
    c.push_fulfillment(&shipment("727", &["1Z998"]), &IdempotencyKey::new("ob-2"))
        .await
        .unwrap();
    assert_eq!(fake.requests(TRACKINGS_727).await.len(), 1);
}

#[tokio::test]
async fn a_retried_note_is_found_by_its_key_and_not_written_twice() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("PUT", "/wp-json/wc/v3/orders/727", 200, fx::ORDER_727)
        .await;
    fake.answer("GET", TRACKINGS_727, 404, fx::NO_ROUTE).await;
    let earlier = json!([{ "id": 290, "note": "Shipped 2 × MUG-BLK-12 via UPS on 2026-03-02. [waybill:ob-1]", "customer_note": true }]);
    fake.answer(
        "GET",
        "/wp-json/wc/v3/orders/727/notes",
        200,
        &earlier.to_string(),
    )
    .await;
    let reference = connector(&fake)
        .push_fulfillment(&shipment("727", &["1Z999"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap();
    assert_eq!(reference.ids, ["290"]);
    assert!(
        fake.requests("/wp-json/wc/v3/orders/727/notes")
            .await
            .iter()
            .all(|r| r.0 == "GET")
    );
}

#[tokio::test]
async fn shipping_an_order_cancelled_on_the_shop_is_rejected() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", "/wp-json/wc/v3/orders/729", 200, fx::ORDER_729)
        .await;
    let err = connector(&fake)
        .push_fulfillment(&shipment("729", &["1Z999"]), &IdempotencyKey::new("ob-1"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected("order 729 is cancelled on WooCommerce".into())
    );
}

#[tokio::test]
async fn stock_goes_to_products_and_variations_in_batches_reporting_each_sku() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("GET", "/wp-json/wc/v3/products", 200, fx::PRODUCTS_BY_SKU)
        .await;
    fake.answer(
        "POST",
        "/wp-json/wc/v3/products/batch",
        200,
        fx::PRODUCTS_BATCH,
    )
    .await;
    fake.answer(
        "POST",
        "/wp-json/wc/v3/products/22/variations/batch",
        200,
        fx::VARIATIONS_BATCH_ERROR,
    )
    .await;
    let levels = [
        StockLevel {
            sku: "MUG-BLK-12".into(),
            available: 12,
            expected_current: None,
        },
        StockLevel {
            sku: "TEE-NVY-M".into(),
            available: 3,
            expected_current: None,
        },
        StockLevel {
            sku: "GONE-1".into(),
            available: 1,
            expected_current: None,
        },
    ];
    let outcome = connector(&fake)
        .push_stock(&levels, &IdempotencyKey::new("stock-1"))
        .await
        .unwrap();
    assert_eq!(outcome.applied, ["MUG-BLK-12"]);
    assert_eq!(outcome.unknown_skus, ["GONE-1"]);
    assert_eq!(
        outcome.rejected,
        [(
            "TEE-NVY-M".to_owned(),
            "Stock quantity must be a whole number.".to_owned()
        )]
    );
    let lookup = fake.requests("/wp-json/wc/v3/products").await;
    assert!(
        lookup[0].1.contains("sku=MUG-BLK-12%2CTEE-NVY-M%2CGONE-1"),
        "{}",
        lookup[0].1
    );
    let batch = fake.requests("/wp-json/wc/v3/products/batch").await;
    assert_eq!(
        batch[0].2,
        json!({ "update": [{ "id": 93, "manage_stock": true, "stock_quantity": 12 }] })
    );
}

#[tokio::test]
async fn a_cancellation_sets_the_status_and_refuses_a_refund_it_cannot_make() {
    let fake = FakeWooCommerce::start().await;
    fake.answer("PUT", "/wp-json/wc/v3/orders/728", 200, "{}")
        .await;
    fake.answer(
        "POST",
        "/wp-json/wc/v3/orders/728/notes",
        201,
        fx::ORDER_NOTE_CREATED,
    )
    .await;
    let c = connector(&fake);
    let mut cancel = Cancellation {
        order_external_id: "728".into(),
        reason: CancelReason::Customer,
        refund: true,
        restock: true,
        notify_customer: false,
        staff_note: Some("Customer changed their mind".into()),
    };
    let err = c
        .push_cancellation(&cancel, &IdempotencyKey::new("ob-3"))
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectorError::Unsupported(_)));
    assert!(
        fake.requests("/wp-json/wc/v3/orders/728").await.is_empty(),
        "nothing was cancelled"
    );

    cancel.refund = false;
    c.push_cancellation(&cancel, &IdempotencyKey::new("ob-3"))
        .await
        .unwrap();
    let sent = fake.requests("/wp-json/wc/v3/orders/728").await;
    assert_eq!(sent[0].2, json!({ "status": "cancelled" }));
}

#[tokio::test]
async fn woocommerce_webhooks_verify_carry_the_order_and_dedup_by_delivery_id() {
    let fake = FakeWooCommerce::start().await;
    let c = connector(&fake);
    let delivery = FakeWooCommerce::webhook(
        "order.updated",
        "a7f1c2d3e4b5",
        fx::WEBHOOK_ORDER_UPDATED,
        FakeWooCommerce::WEBHOOK_SECRET,
    );
    let event = c.verify_webhook(&delivery).unwrap();
    assert_eq!(event.dedup_id, "a7f1c2d3e4b5");
    assert_eq!(event.topic, WebhookTopic::OrderUpdated);
    assert_eq!(event.order_external_id.as_deref(), Some("727"));
    let order = event.order.unwrap();
    assert_eq!(
        order.customer_notes.as_deref(),
        Some("Ring twice, then knock")
    );
    assert_eq!(
        c.verify_webhook(&delivery).unwrap().dedup_id,
        "a7f1c2d3e4b5",
        "a replay carries the same delivery id"
    );

    let forged = FakeWooCommerce::webhook("order.updated", "x", fx::WEBHOOK_ORDER_UPDATED, "guess");
    assert_eq!(c.verify_webhook(&forged), Err(WebhookError::BadSignature));

    let cancelled = FakeWooCommerce::webhook(
        "order.updated",
        "y",
        fx::ORDER_729,
        FakeWooCommerce::WEBHOOK_SECRET,
    );
    assert_eq!(
        c.verify_webhook(&cancelled).unwrap().topic,
        WebhookTopic::OrderCancelled
    );

    let deleted = FakeWooCommerce::webhook(
        "order.deleted",
        "z",
        r#"{"id":731}"#,
        FakeWooCommerce::WEBHOOK_SECRET,
    );
    let event = c.verify_webhook(&deleted).unwrap();
    assert_eq!(
        (event.topic, event.order_external_id.as_deref(), event.order),
        (WebhookTopic::OrderDeleted, Some("731"), None)
    );
}

#[tokio::test]
async fn an_unreadable_woocommerce_order_is_reported_and_the_cursor_still_moves_past_it() {
    let fake = FakeWooCommerce::start().await;
    let broken = fx::ORDERS_PAGE_1.replace("\"130.28\"", "\"130,28\"");
    fake.orders_page("2026-03-01T00:00:00", 1, &broken, 2, 1)
        .await;
    fake.orders_page("2026-03-01T09:39:59", 1, "[]", 0, 0).await;
    let c = connector(&fake);
    let page = c.fetch_orders(None).await.unwrap();
    assert_eq!(page.unreadable.len(), 1);
    assert_eq!(page.unreadable[0].external_id, "727");
    assert_eq!(page.orders.len(), 1);
    assert!(!page.has_more);
    let next = c.fetch_orders(Some(&page.next_cursor)).await.unwrap();
    assert!(next.orders.is_empty());
}
