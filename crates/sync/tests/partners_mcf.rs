//! The Amazon MCF adapter against a stateful fake of Login with Amazon and the SP-API:
//! create, status through partial and complete shipment, idempotent retries, rejections,
//! cancellation, throttling, token expiry, server errors, malformed bodies and the stock report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use waybill_core::LocationKind;
use waybill_sync::fakes::{FakeMcf, TEST_TIMEOUT, sample_handoff};
use waybill_sync::partners::mcf::McfAdapter;
use waybill_sync::{ConnectorError, PartnerAdapter, PartnerStatus};

const REF: &str = "ord_01JQ-1";

async fn setup() -> (FakeMcf, McfAdapter) {
    let fake = FakeMcf::start().await;
    let adapter = fake.adapter(TEST_TIMEOUT).unwrap();
    (fake, adapter)
}

#[tokio::test]
async fn a_hand_off_becomes_one_fulfillment_order_keyed_by_the_shipment_id() {
    let (fake, mcf) = setup().await;
    assert_eq!(mcf.kind(), LocationKind::AmazonMcf);
    let receipt = mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    assert_eq!(receipt.partner_ref, REF);
    assert!(!receipt.already_existed);
    assert_eq!(fake.created(REF), 1);

    let sent = fake.order_request(REF).unwrap();
    assert_eq!(sent["sellerFulfillmentOrderId"], REF);
    assert_eq!(sent["marketplaceId"], FakeMcf::MARKETPLACE);
    assert_eq!(sent["displayableOrderId"], "#1001");
    assert_eq!(sent["displayableOrderDate"], "2026-03-01T09:00:00Z");
    assert_eq!(
        sent["displayableOrderComment"],
        "Gift: please leave out the invoice"
    );
    assert_eq!(sent["shippingSpeedCategory"], "Standard");
    assert_eq!(sent["fulfillmentPolicy"], "FillOrKill");
    let to = &sent["destinationAddress"];
    assert_eq!(
        (
            to["name"].as_str(),
            to["addressLine1"].as_str(),
            to["stateOrRegion"].as_str()
        ),
        (Some("Ada Lovelace"), Some("1234 Amazon Way"), Some("MI"))
    );
    assert_eq!(to["countryCode"], "US");
    assert_eq!(
        to["phone"], "+1 248 555 0100",
        "the address's phone when the hand-off has none"
    );
    let items = sent["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["sellerSku"], "MUG-BLK-12");
    assert_eq!(items[0]["sellerFulfillmentOrderItemId"], "1");
    assert_eq!(items[0]["quantity"], 2);
    assert_eq!(items[0]["perUnitDeclaredValue"]["value"], "18.00");

    assert_eq!(mcf.status(REF).await.unwrap(), PartnerStatus::Accepted);
}

#[tokio::test]
async fn a_create_retried_after_its_answer_was_lost_finds_the_first_order_instead_of_making_a_second()
 {
    let (fake, mcf) = setup().await;
    fake.lose_next_create_answer(1);
    let err = mcf.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert!(
        err.is_retryable(),
        "a 503 is retried by the outbox: {err:?}"
    );

    let retry = mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(retry.already_existed);
    assert_eq!(retry.partner_ref, REF);
    let again = mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(again.already_existed);
    assert_eq!(fake.create_attempts(REF), 3);
    assert_eq!(fake.created(REF), 1, "exactly one order at Amazon");
    assert_eq!(fake.orders(), 1);
}

#[tokio::test]
async fn an_unknown_sku_is_a_permanent_rejection_and_creates_nothing() {
    let (fake, mcf) = setup().await;
    let mut h = sample_handoff(REF);
    h.lines[1].sku = "NOT-AT-AMAZON".into();
    let err = mcf.hand_off(&h).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected("the SellerSKU for Item Id: 2 is invalid. (InvalidInput)".into())
    );
    assert!(!err.is_retryable());
    assert_eq!(fake.created(REF), 0);
    assert_eq!(
        fake.requests("getFulfillmentOrder"),
        1,
        "one look-up to tell a repeat from a refusal"
    );
}

#[tokio::test]
async fn unfulfillable_and_invalid_orders_read_as_rejected_with_the_reason() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.set_status(REF, "Unfulfillable");
    match mcf.status(REF).await.unwrap() {
        PartnerStatus::Rejected { reason } => {
            assert!(reason.contains("Unfulfillable"), "{reason}");
            assert!(reason.contains("MUG-BLK-12, TEE-WHT-M"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    fake.set_status(REF, "INVALID");
    assert!(matches!(
        mcf.status(REF).await.unwrap(),
        PartnerStatus::Rejected { .. }
    ));
    fake.set_status(REF, "New");
    assert_eq!(mcf.status(REF).await.unwrap(), PartnerStatus::Pending);
}

#[tokio::test]
async fn a_partial_shipment_is_shipped_but_not_complete_until_the_last_package() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.ship(
        REF,
        "UPS",
        "1Z999AA10123456784",
        &[("MUG-BLK-12", 2)],
        false,
    );
    let PartnerStatus::Shipped { packages, complete } = mcf.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(!complete);
    assert_eq!(packages.len(), 1);
    assert_eq!(packages[0].carrier, "UPS");
    assert_eq!(packages[0].tracking, "1Z999AA10123456784");
    assert_eq!(packages[0].lines, [("MUG-BLK-12".to_owned(), 2)]);
    assert_eq!(
        packages[0].shipped_at.to_rfc3339(),
        "2026-03-02T18:30:00+00:00"
    );

    fake.ship(
        REF,
        "USPS",
        "9400111899223100000000",
        &[("TEE-WHT-M", 1)],
        true,
    );
    let PartnerStatus::Shipped { packages, complete } = mcf.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(complete);
    assert_eq!(packages.len(), 2);
    assert_eq!(packages[1].lines, [("TEE-WHT-M".to_owned(), 1)]);
}

#[tokio::test]
async fn complete_partialled_is_complete_with_the_short_units_missing_from_the_packages() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.ship(REF, "UPS", "1Z1", &[("MUG-BLK-12", 2)], false);
    fake.set_status(REF, "CompletePartialled");
    let PartnerStatus::Shipped { packages, complete } = mcf.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(complete, "Amazon is done with it");
    let shipped: Vec<_> = packages.iter().flat_map(|p| p.lines.clone()).collect();
    assert_eq!(
        shipped,
        [("MUG-BLK-12".to_owned(), 2)],
        "the tee never shipped"
    );
}

#[tokio::test]
async fn cancel_works_before_picking_and_is_refused_after() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    mcf.cancel(REF).await.unwrap();
    assert_eq!(mcf.status(REF).await.unwrap(), PartnerStatus::Cancelled);

    mcf.hand_off(&sample_handoff("ord_01JQ-2")).await.unwrap();
    fake.set_status("ord_01JQ-2", "Processing");
    let err = mcf.cancel("ord_01JQ-2").await.unwrap_err();
    assert!(matches!(err, ConnectorError::Rejected(_)), "{err:?}");
    assert!(matches!(
        mcf.status("ord_01JQ-3").await,
        Err(ConnectorError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_429_is_throttled_with_amazons_wait_and_the_next_call_goes_through() {
    let (fake, mcf) = setup().await;
    fake.throttle_next(1, Some("3"), None);
    let err = mcf.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_secs(3)),
        "Retry-After wins"
    );
    assert!(err.is_retryable());
    assert_eq!(fake.created(REF), 0);

    fake.throttle_next(1, None, Some("0.5"));
    let err = mcf.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_secs(2)),
        "no Retry-After: one request at the reported rate of 0.5/s"
    );
    assert!(mcf.hand_off(&sample_handoff(REF)).await.is_ok());
}

#[tokio::test]
async fn the_token_is_fetched_once_reused_and_renewed_once_when_amazon_expires_it() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    mcf.status(REF).await.unwrap();
    assert_eq!(fake.token_requests(), 1, "cached between calls");

    fake.expire_tokens();
    assert_eq!(mcf.status(REF).await.unwrap(), PartnerStatus::Accepted);
    assert_eq!(fake.token_requests(), 2, "one renewal");
    assert_eq!(
        fake.requests("getFulfillmentOrder"),
        3,
        "the refused call, then its retry"
    );
}

#[tokio::test]
async fn a_token_about_to_expire_is_renewed_before_use() {
    let (fake, mcf) = setup().await;
    fake.token_lifetime(30);
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    mcf.status(REF).await.unwrap();
    assert_eq!(
        fake.token_requests(),
        2,
        "a 30-second token is inside the renewal margin"
    );
}

#[tokio::test]
async fn a_bad_refresh_token_is_unauthorized_not_retried() {
    let fake = FakeMcf::start().await;
    let mut config = fake.config(TEST_TIMEOUT).unwrap();
    config.refresh_token = "Atzr|revoked".into();
    let mcf = McfAdapter::new(config).unwrap();
    let err = mcf.test_connection().await.unwrap_err();
    assert!(
        matches!(&err, ConnectorError::Unauthorized(m) if m.contains("invalid_grant")),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn server_errors_are_retryable_and_malformed_json_is_malformed() {
    let (fake, mcf) = setup().await;
    mcf.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.fail_next(1, 500);
    let err = mcf.status(REF).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Server { status: 500, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    fake.fail_next(1, 503);
    assert!(mcf.status(REF).await.unwrap_err().is_retryable());

    fake.malformed_next(1);
    let err = mcf.status(REF).await.unwrap_err();
    assert!(matches!(err, ConnectorError::Malformed(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(mcf.status(REF).await.unwrap(), PartnerStatus::Accepted);
}

#[tokio::test]
async fn the_stock_report_pages_through_fulfillable_units_per_sku() {
    let (fake, mcf) = setup().await;
    fake.stock("CAP-NVY", 3);
    fake.stock("SOCK-GRY", 0);
    let stock = mcf.inventory().await.unwrap().unwrap();
    assert_eq!(
        stock,
        [
            ("CAP-NVY".to_owned(), 3),
            ("MUG-BLK-12".to_owned(), 40),
            ("SOCK-GRY".to_owned(), 0),
            ("TEE-WHT-M".to_owned(), 12),
        ],
        "fulfillable, not the total that counts inbound units"
    );
    assert_eq!(fake.requests("getInventorySummaries"), 2, "two pages");
}

#[tokio::test]
async fn a_preview_quotes_each_speed_and_names_what_cannot_ship() {
    let (_fake, mcf) = setup().await;
    let quotes = mcf.preview(&sample_handoff(REF)).await.unwrap();
    assert_eq!(quotes.len(), 3);
    assert!(quotes.iter().all(|q| q.fulfillable));
    assert_eq!(quotes[0].speed, "Standard");
    assert_eq!(quotes[0].estimated_fee.as_ref().map(|m| m.minor), Some(647));

    let mut h = sample_handoff(REF);
    h.lines[0].quantity = 500;
    let quotes = mcf.preview(&h).await.unwrap();
    assert!(!quotes[0].fulfillable);
    assert!(
        quotes[0]
            .problems
            .contains(&"MUG-BLK-12: InventoryUnavailable".to_owned())
    );
}

#[tokio::test]
async fn test_connection_checks_the_token_and_an_sp_api_call() {
    let (fake, mcf) = setup().await;
    mcf.test_connection().await.unwrap();
    assert_eq!(fake.requests("getFeatures"), 1);
}

#[tokio::test]
async fn a_shipment_id_amazon_cannot_take_is_refused_before_any_request() {
    let (fake, mcf) = setup().await;
    let h = sample_handoff(&"x".repeat(41));
    assert!(matches!(
        mcf.hand_off(&h).await,
        Err(ConnectorError::Rejected(_))
    ));
    assert_eq!(fake.token_requests(), 0);
}
