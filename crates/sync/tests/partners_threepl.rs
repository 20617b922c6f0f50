//! The 3PL adapter against a stateful fake of ShipBob's API 1.0: orders by reference, the
//! duplicate-reference 422, exceptions, split shipments, cancellation, throttling, server
//! errors, malformed bodies and the product stock report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use waybill_core::LocationKind;
use waybill_sync::fakes::{FakeThreePl, TEST_TIMEOUT, sample_handoff};
use waybill_sync::partners::threepl::ThreePlAdapter;
use waybill_sync::{ConnectorError, PartnerAdapter, PartnerStatus, ShippingSpeed};

const REF: &str = "ord_01JQ-1";

async fn setup() -> (FakeThreePl, ThreePlAdapter) {
    let fake = FakeThreePl::start().await;
    let adapter = fake.adapter(TEST_TIMEOUT).unwrap();
    (fake, adapter)
}

#[tokio::test]
async fn a_hand_off_creates_one_order_with_the_reference_recipient_and_products() {
    let (fake, tpl) = setup().await;
    assert_eq!(tpl.kind(), LocationKind::ThirdPartyLogistics);
    let mut h = sample_handoff(REF);
    h.speed = ShippingSpeed::Priority;
    let receipt = tpl.hand_off(&h).await.unwrap();
    assert!(!receipt.already_existed);
    let order = fake.order(REF).unwrap();
    assert_eq!(receipt.partner_ref, order["id"].to_string());
    assert_eq!(order["shipping_method"], "2-Day");
    assert_eq!(order["order_number"], "#1001");
    let r = &order["recipient"];
    assert_eq!(r["name"], "Ada Lovelace");
    assert_eq!(r["email"], "ada@example.com");
    assert_eq!(r["phone_number"], "+1 248 555 0100");
    assert_eq!(r["address"]["address1"], "1234 Amazon Way");
    assert_eq!(r["address"]["zip_code"], "48084");
    assert_eq!(r["address"]["state"], "MI");
    let products = order["products"].as_array().unwrap();
    assert_eq!(products[0]["reference_id"], "MUG-BLK-12");
    assert_eq!(products[0]["quantity"], 2);
    assert_eq!(
        order["tags"][0]["value"],
        "Gift: please leave out the invoice"
    );
    assert_eq!(tpl.status(REF).await.unwrap(), PartnerStatus::Accepted);
}

#[tokio::test]
async fn a_duplicate_reference_is_looked_up_and_answered_as_already_existing() {
    let (fake, tpl) = setup().await;
    fake.lose_next_create_answer(1);
    let err = tpl.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Timeout(_)),
        "a 504 after the order was taken: {err:?}"
    );

    let retry = tpl.hand_off(&sample_handoff(REF)).await.unwrap();
    assert!(retry.already_existed, "the 422 led to the order");
    assert_eq!(
        retry.partner_ref,
        fake.order(REF).unwrap()["id"].to_string()
    );
    assert_eq!(fake.create_attempts(REF), 2);
    assert_eq!(fake.created(REF), 1, "exactly one order at the warehouse");
}

#[tokio::test]
async fn an_address_the_warehouse_cannot_use_is_rejected_with_its_validation_message() {
    let (fake, tpl) = setup().await;
    let mut h = sample_handoff(REF);
    h.ship_to.country = String::new();
    let err = tpl.hand_off(&h).await.unwrap_err();
    assert_eq!(
        err,
        ConnectorError::Rejected(
            "Recipient.Address.Country: The Country field is required.".into()
        )
    );
    assert_eq!(fake.created(REF), 0);
    assert_eq!(
        fake.requests("GET /1.0/order"),
        1,
        "looked for an earlier order, found none"
    );
}

#[tokio::test]
async fn an_unknown_sku_puts_the_shipment_in_exception_which_reads_as_rejected() {
    let (fake, tpl) = setup().await;
    let mut h = sample_handoff(REF);
    h.lines[1].sku = "NEVER-STOCKED".into();
    tpl.hand_off(&h).await.unwrap();
    assert_eq!(fake.created(REF), 1);
    match tpl.status(REF).await.unwrap() {
        PartnerStatus::Rejected { reason } => {
            assert!(reason.contains("No Sku History (UnknownSku)"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_split_shipment_is_partial_then_complete_with_tracking() {
    let (fake, tpl) = setup().await;
    tpl.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.ship(REF, "USPS", "9400111899223100000001", &[("MUG-BLK-12", 2)]);
    let PartnerStatus::Shipped { packages, complete } = tpl.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(!complete, "the tee is still in the warehouse");
    assert_eq!(packages.len(), 1);
    assert_eq!(
        (packages[0].carrier.as_str(), packages[0].tracking.as_str()),
        ("USPS", "9400111899223100000001")
    );
    assert_eq!(packages[0].lines, [("MUG-BLK-12".to_owned(), 2)]);
    assert_eq!(
        packages[0].shipped_at.to_rfc3339(),
        "2026-03-02T18:30:00+00:00"
    );

    fake.ship(REF, "UPS", "1Z999AA10123456784", &[("TEE-WHT-M", 1)]);
    let PartnerStatus::Shipped { packages, complete } = tpl.status(REF).await.unwrap() else {
        panic!("shipped");
    };
    assert!(complete);
    assert_eq!(packages.len(), 2);
    assert_eq!(fake.order(REF).unwrap()["status"], "Fulfilled");
}

#[tokio::test]
async fn cancel_works_before_shipping_is_idempotent_and_is_refused_after() {
    let (fake, tpl) = setup().await;
    tpl.hand_off(&sample_handoff(REF)).await.unwrap();
    tpl.cancel(REF).await.unwrap();
    assert_eq!(tpl.status(REF).await.unwrap(), PartnerStatus::Cancelled);
    tpl.cancel(REF).await.unwrap();
    assert_eq!(
        fake.requests("POST /1.0/order/{id}/cancel"),
        1,
        "the second cancel saw it done"
    );

    tpl.hand_off(&sample_handoff("ord_01JQ-2")).await.unwrap();
    fake.ship(
        "ord_01JQ-2",
        "UPS",
        "1Z1",
        &[("MUG-BLK-12", 2), ("TEE-WHT-M", 1)],
    );
    let err = tpl.cancel("ord_01JQ-2").await.unwrap_err();
    assert!(
        matches!(&err, ConnectorError::Rejected(m) if m.contains("already completed")),
        "{err:?}"
    );
    assert!(matches!(
        tpl.status("ord_01JQ-9").await,
        Err(ConnectorError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_429_carries_the_x_retry_after_wait() {
    let (fake, tpl) = setup().await;
    fake.throttle_next(1, Some("25"));
    let err = tpl.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(25)));
    assert!(err.is_retryable());
    assert_eq!(fake.created(REF), 0);
    tpl.hand_off(&sample_handoff(REF)).await.unwrap();
    assert_eq!(fake.created(REF), 1);
}

#[tokio::test]
async fn server_errors_are_retryable_and_malformed_json_is_malformed() {
    let (fake, tpl) = setup().await;
    fake.fail_next(1, 502);
    let err = tpl.hand_off(&sample_handoff(REF)).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Server { status: 502, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(fake.created(REF), 0);

    tpl.hand_off(&sample_handoff(REF)).await.unwrap();
    fake.malformed_next(1);
    let err = tpl.status(REF).await.unwrap_err();
    assert!(matches!(err, ConnectorError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let fake = FakeThreePl::start().await;
    let mut config = fake.config(TEST_TIMEOUT).unwrap();
    config.token = "expired".into();
    let tpl = ThreePlAdapter::new(config).unwrap();
    let err = tpl.test_connection().await.unwrap_err();
    assert!(matches!(err, ConnectorError::Unauthorized(_)), "{err:?}");
}

#[tokio::test]
async fn test_connection_checks_the_channel_is_the_tokens() {
    let (fake, tpl) = setup().await;
    tpl.test_connection().await.unwrap();
    let mut config = fake.config(TEST_TIMEOUT).unwrap();
    config.channel_id = "999".into();
    let err = ThreePlAdapter::new(config)
        .unwrap()
        .test_connection()
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectorError::Config(_)), "{err:?}");
}

#[tokio::test]
async fn the_stock_report_pages_through_products_by_sku() {
    let (fake, tpl) = setup().await;
    let stock = tpl.inventory().await.unwrap().unwrap();
    assert_eq!(
        stock,
        [
            ("CAP-NVY".to_owned(), 3),
            ("MUG-BLK-12".to_owned(), 40),
            ("TEE-WHT-M".to_owned(), 12),
        ]
    );
    assert_eq!(
        fake.requests("GET /1.0/product"),
        2,
        "a full page asks for the next"
    );
}
