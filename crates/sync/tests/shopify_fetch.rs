//! The Shopify connector reading orders from a fake Admin GraphQL API that replays documented
//! answers: paging, mapping, throttling (both styles), errors and malformed answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use waybill_core::{OrderStatus, PaymentStatus};
use waybill_sync::fakes::fixtures::shopify as fx;
use waybill_sync::fakes::wiremock::ResponseTemplate;
use waybill_sync::fakes::{FakeShopify, SHORT_TIMEOUT, SLOW, TEST_TIMEOUT};
use waybill_sync::shopify::ShopifyConnector;
use waybill_sync::{Connector, ConnectorError, FetchedPage};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
}

async fn connector(fake: &FakeShopify) -> ShopifyConnector {
    fake.connector(TEST_TIMEOUT, start()).unwrap()
}

/// Fetches until `has_more` is false; returns every page.
async fn fetch_all(c: &ShopifyConnector) -> Vec<FetchedPage> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = c.fetch_orders(cursor.as_deref()).await.unwrap();
        cursor = Some(page.next_cursor.clone());
        let more = page.has_more;
        pages.push(page);
        if !more {
            return pages;
        }
    }
}

#[tokio::test]
async fn a_multi_page_import_follows_end_cursors_and_maps_documented_orders() {
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    let c = connector(&fake).await;

    let pages = fetch_all(&c).await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].has_more && !pages[1].has_more);

    let sent = fake.requests("Orders").await;
    assert_eq!(
        sent[0]["variables"]["query"],
        "updated_at:>='2026-03-01T00:00:00Z'"
    );
    assert_eq!(sent[0]["variables"]["after"], json!(null));
    assert_eq!(
        sent[1]["variables"]["after"],
        "eyJsYXN0X2lkIjo1NjAwMDAwMDAxMDAyfQ=="
    );
    assert!(
        sent[0]["query"]
            .as_str()
            .unwrap()
            .contains("sortKey: UPDATED_AT"),
        "orders are read oldest change first"
    );

    let o = &pages[0].orders[0];
    assert_eq!(o.external_id, "gid://shopify/Order/5600000001001");
    assert_eq!(o.number, "#1001");
    assert_eq!(o.status, OrderStatus::Ready);
    assert_eq!(o.payment_status, PaymentStatus::Paid);
    assert_eq!(o.channel_status, "UNFULFILLED/PAID");
    assert_eq!(o.currency, "USD");
    assert_eq!(
        (o.subtotal, o.shipping_paid, o.tax, o.total),
        (6100, 600, 488, 7188)
    );
    assert_eq!(
        o.lines.len(),
        1,
        "the gift card does not ship, so it is not the warehouse's"
    );
    assert_eq!(o.lines[0].sku, "MUG-BLK-12");
    assert_eq!((o.lines[0].quantity, o.lines[0].unit_price), (2, 1800));
    assert_eq!(o.ship_to.city, "Austin");
    assert_eq!(o.ship_to.region.as_deref(), Some("TX"));
    assert_eq!(o.ship_to.country, "US");
    assert_eq!(
        o.customer.email.as_deref(),
        Some("customer1001@example.com")
    );
    assert_eq!(o.customer.phone.as_deref(), Some("+1 512 555 0101"));
    assert_eq!(o.tags, ["VIP", "wholesale"]);
    assert_eq!(o.customer_notes.as_deref(), Some("Leave at the back door"));
    assert_eq!(o.requested_service.as_deref(), Some("Standard"));

    let unpaid = &pages[0].orders[1];
    assert_eq!(
        unpaid.status,
        OrderStatus::AwaitingPayment,
        "pending payment holds an unshipped order back"
    );
    assert_eq!(unpaid.ship_to.line2.as_deref(), Some("Apt 4"));
    assert_eq!(unpaid.ship_to.company.as_deref(), Some("COBOL & Co"));
}

#[tokio::test]
async fn a_cancelled_order_is_cancelled_whatever_its_other_statuses_say() {
    let fake = FakeShopify::start().await;
    fake.two_order_pages().await;
    let pages = fetch_all(&connector(&fake).await).await;
    let cancelled = &pages[1].orders[0];
    assert_eq!(cancelled.number, "#1003");
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.payment_status, PaymentStatus::Refunded);
    assert_eq!(cancelled.channel_status, "CANCELLED/REFUNDED");

    let partial = &pages[1].orders[1];
    assert_eq!(partial.status, OrderStatus::PartiallyShipped);
    assert_eq!(partial.payment_status, PaymentStatus::PartiallyRefunded);
    assert_eq!(
        partial.lines[0].quantity, 2,
        "units removed by an edit do not ship"
    );
    assert_eq!(partial.ship_to.region, None);
}

#[tokio::test]
async fn an_order_updated_during_the_sync_comes_again_and_the_next_sync_starts_after_it() {
    let fake = FakeShopify::start().await;
    // Mounted first: the earliest matching mount answers.
    fake.answer_when(
        "Orders",
        json!({ "query": "updated_at:>='2026-03-01T12:20:00Z'", "after": null }),
        fx::ORDERS_EMPTY,
        None,
    )
    .await;
    fake.two_order_pages().await;
    let pages = fetch_all(&connector(&fake).await).await;
    let versions: Vec<_> = pages
        .iter()
        .flat_map(|p| &p.orders)
        .filter(|o| o.number == "#1001")
        .collect();
    assert_eq!(versions.len(), 2, "the page repeats #1001 after its update");
    assert!(versions[1].updated_at > versions[0].updated_at);
    assert!(versions[1].tags.contains(&"address-checked".to_owned()));

    // The finished sync's cursor starts at the newest change (inclusive), so nothing between
    // the two syncs is missed.
    let c = connector(&fake).await;
    let next = c.fetch_orders(Some(&pages[1].next_cursor)).await.unwrap();
    assert!(next.orders.is_empty() && !next.has_more);
}

#[tokio::test]
async fn paging_restarts_from_the_newest_change_before_the_pagination_limit() {
    let fake = FakeShopify::start().await;
    fake.answer_when(
        "Orders",
        json!({ "query": "updated_at:>='2026-03-01T10:30:00Z'", "after": null }),
        fx::ORDERS_PAGE_2,
        None,
    )
    .await;
    fake.two_order_pages().await;
    let mut config = fake.config(TEST_TIMEOUT, start()).unwrap();
    config.restart_after = 3;
    let c = ShopifyConnector::new(config).unwrap();
    let pages = fetch_all(&c).await;
    assert_eq!(pages.len(), 2);
    let sent = fake.requests("Orders").await;
    assert_eq!(
        sent[1]["variables"],
        json!({ "first": 2, "after": null, "query": "updated_at:>='2026-03-01T10:30:00Z'" }),
        "2 read + 2 more would pass the limit of 3: a new query from the newest updatedAt"
    );
}

#[tokio::test]
async fn shopify_throttled_with_http_200_is_retryable_with_the_wait_the_cost_bucket_implies() {
    let fake = FakeShopify::start().await;
    fake.answer("Orders", fx::THROTTLED).await;
    let err = connector(&fake).await.fetch_orders(None).await.unwrap_err();
    assert!(err.is_retryable());
    // (752 requested − 112 available) / 100 restored per second.
    assert_eq!(err.retry_after(), Some(Duration::from_secs_f64(6.4)));
}

#[tokio::test]
async fn shopify_429_honours_retry_after_and_then_the_request_succeeds() {
    let fake = FakeShopify::start().await;
    fake.respond(
        "Orders",
        ResponseTemplate::new(429).insert_header("Retry-After", "2.0"),
        Some(1),
    )
    .await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let c = connector(&fake).await;
    let err = c.fetch_orders(None).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Throttled {
            retry_after: Some(Duration::from_secs(2))
        }
    );
    assert!(
        c.fetch_orders(None).await.is_ok(),
        "the second try goes through"
    );
}

#[tokio::test]
async fn a_low_cost_bucket_is_reported_with_its_wait_before_a_request_is_spent_on_it() {
    let fake = FakeShopify::start().await;
    // An answer that leaves the bucket short of what the next page costs…
    let mut low = waybill_sync::fakes::json(fx::ORDERS_PAGE_1);
    low["extensions"]["cost"]["requestedQueryCost"] = json!(150);
    low["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] = json!(100);
    low["extensions"]["cost"]["throttleStatus"]["restoreRate"] = json!(1000);
    fake.answer_when("Orders", json!({ "after": null }), &low.to_string(), None)
        .await;
    fake.answer("Orders", fx::ORDERS_EMPTY).await;
    let mut config = fake.config(TEST_TIMEOUT, start()).unwrap();
    config.max_pace = Duration::from_millis(0);
    let c = ShopifyConnector::new(config).unwrap();
    let first = c.fetch_orders(None).await.unwrap();
    // …so with no patience configured the connector says how long to wait, without a request.
    let err = c.fetch_orders(Some(&first.next_cursor)).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Throttled { retry_after: Some(d) } if d > Duration::ZERO && d <= Duration::from_millis(50))
    );
    assert_eq!(fake.requests("Orders").await.len(), 1);
}

#[tokio::test]
async fn shopify_server_errors_are_retryable() {
    let fake = FakeShopify::start().await;
    fake.respond(
        "Orders",
        ResponseTemplate::new(503).set_body_string("{\"errors\":\"Service Unavailable\"}"),
        None,
    )
    .await;
    let err = connector(&fake).await.fetch_orders(None).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_slow_shopify_times_out_as_a_retryable_error() {
    let fake = FakeShopify::start().await;
    fake.respond(
        "Orders",
        waybill_sync::fakes::wiremock::ResponseTemplate::new(200)
            .set_body_raw(fx::ORDERS_EMPTY.as_bytes().to_vec(), "application/json")
            .set_delay(SLOW),
        None,
    )
    .await;
    let c = fake.connector(SHORT_TIMEOUT, start()).unwrap();
    let err = c.fetch_orders(None).await.unwrap_err();
    assert!(matches!(err, ConnectorError::Timeout(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_malformed_answer_is_a_permanent_error_not_an_empty_page() {
    let fake = FakeShopify::start().await;
    fake.respond(
        "Orders",
        ResponseTemplate::new(200)
            .set_body_raw(b"<html>Shop unavailable</html>".to_vec(), "text/html"),
        Some(1),
    )
    .await;
    fake.respond(
        "Orders",
        ResponseTemplate::new(200).set_body_raw(
            br#"{"data":{"orders":{"pageInfo":{"hasNextPage":false},"nodes":[{"id":"x"}]}}}"#
                .to_vec(),
            "application/json",
        ),
        None,
    )
    .await;
    let c = connector(&fake).await;
    for _ in 0..2 {
        let err = c.fetch_orders(None).await.unwrap_err();
        assert!(matches!(err, ConnectorError::Malformed(_)), "{err:?}");
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized_and_not_retried() {
    let fake = FakeShopify::start().await;
    // Any request without the right token gets Shopify's 401.
    fake.server
        .register(
            waybill_sync::fakes::wiremock::Mock::given(
                waybill_sync::fakes::wiremock::matchers::any(),
            )
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_raw(fx::UNAUTHORIZED.as_bytes().to_vec(), "application/json"),
            ),
        )
        .await;
    let mut config = fake.config(TEST_TIMEOUT, start()).unwrap();
    config.access_token = "shpat_wrong".into();
    let err = ShopifyConnector::new(config)
        .unwrap()
        .fetch_orders(None)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Unauthorized(
            "[API] Invalid API key or access token (unrecognized login or wrong password)".into()
        )
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn an_unreachable_shop_is_retryable() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let http = waybill_sync::HttpSettings::new("http://127.0.0.1:9", SHORT_TIMEOUT).unwrap();
    let c = ShopifyConnector::new(waybill_sync::shopify::ShopifyConfig::new(
        http,
        "t",
        start(),
    ))
    .unwrap();
    let err = c.fetch_orders(None).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn a_cursor_from_elsewhere_is_refused() {
    let fake = FakeShopify::start().await;
    let err = connector(&fake)
        .await
        .fetch_orders(Some("1234"))
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectorError::BadCursor(_)));
}

#[tokio::test]
async fn one_unreadable_order_is_reported_and_does_not_stop_the_sync() {
    let fake = FakeShopify::start().await;
    let mut page = waybill_sync::fakes::json(fx::ORDERS_PAGE_2);
    page["data"]["orders"]["nodes"][0]["totalPriceSet"]["shopMoney"]["amount"] = json!("96,12");
    fake.answer("Orders", &page.to_string()).await;
    let result = connector(&fake).await.fetch_orders(None).await.unwrap();
    assert_eq!(
        result.orders.len(),
        2,
        "the other orders of the page import"
    );
    assert_eq!(result.unreadable.len(), 1);
    assert_eq!(result.unreadable[0].number.as_deref(), Some("#1003"));
    assert_eq!(
        result.unreadable[0].problem,
        "the channel sent data Waybill cannot read: `96,12` is not an amount of USD"
    );
    assert!(!result.has_more);
}
