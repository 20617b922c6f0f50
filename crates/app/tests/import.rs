//! Importing pages of orders from a channel: idempotent by (channel, external id), changes
//! named in the timeline, malformed orders refused one by one, the cursor stored with the page.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use waybill_app::import::ImportOutcome;
use waybill_core::edit::ManualAction;
use waybill_core::{
    Actor, EventKind, HoldReason, NewOrder, OrderStatus, OwnedField, PaymentStatus,
};

use common::*;

#[tokio::test]
async fn importing_the_same_page_twice_never_duplicates_an_order() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let page: Vec<NewOrder> = (1..=3)
        .map(|i| incoming(&format!("10{i}"), "Ada Lovelace"))
        .collect();

    let first = t
        .app
        .import_orders(&shop, page.clone(), Some("c1"))
        .await
        .unwrap();
    assert_eq!(first.inserted.len(), 3);
    assert!(first.updated.is_empty() && first.rejected.is_empty());
    let before: Vec<_> = t.all().await;

    t.advance(Duration::minutes(5));
    let second = t.app.import_orders(&shop, page, Some("c1")).await.unwrap();
    assert_eq!(
        second,
        ImportOutcome {
            unchanged: 3,
            ..ImportOutcome::default()
        },
        "the second time every order is unchanged"
    );
    assert_eq!(t.all().await, before, "no order added or changed");
    assert_eq!(t.store.order_count().await.unwrap(), 3);
    for id in &first.inserted {
        assert_eq!(t.stored(id).await.version, 1, "not rewritten");
        assert_eq!(t.timeline(id).await.len(), 1, "only the import event");
    }
}

#[tokio::test]
async fn a_page_that_repeats_an_order_imports_it_once_and_the_last_copy_wins() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let a = incoming("A", "Ada Lovelace");
    let mut a_later = a.clone();
    a_later.customer_notes = Some("leave at the door".into());
    let b = incoming("B", "Grace Hopper");

    let out = t
        .app
        .import_orders(&shop, vec![a, b, a_later], None)
        .await
        .unwrap();
    assert_eq!(out.inserted.len(), 2, "A once, B once");
    assert_eq!(t.store.order_count().await.unwrap(), 2);
    let mut tx = t.store.begin().await.unwrap();
    let found = tx.orders_by_external_id(&shop, &["A"]).await.unwrap();
    drop(tx);
    let stored_a = &found["A"].order;
    assert_eq!(
        stored_a.customer_notes.as_deref(),
        Some("leave at the door"),
        "the last copy in the page wins"
    );
    assert_eq!(t.timeline(&stored_a.id).await.len(), 1, "one import event");
}

#[tokio::test]
async fn a_changed_order_is_updated_with_an_event_naming_the_changed_fields() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let original = incoming("55", "Ada Lovelace");
    let id = t.import(&shop, vec![original.clone()]).await.remove(0);

    t.advance(Duration::minutes(10));
    let mut changed = original.clone();
    changed.lines.push(line("TEE-RED-L", 1, 2_000));
    changed.subtotal = 3_500;
    changed.total = 3_500;
    changed.customer_notes = Some("gift wrap please".into());
    changed.channel_status = "paid_edited".into();
    let out = t
        .app
        .import_orders(&shop, vec![changed.clone()], None)
        .await
        .unwrap();
    assert_eq!(out.updated, vec![id.clone()]);
    assert!(out.inserted.is_empty());
    assert_eq!(out.unchanged, 0);

    let stored = t.stored(&id).await;
    assert_eq!(stored.version, 2);
    assert_eq!(stored.order.lines, changed.lines);
    assert_eq!(stored.order.total, 3_500);
    assert_eq!(
        stored.order.customer_notes.as_deref(),
        Some("gift wrap please")
    );
    assert_eq!(stored.order.channel_status, "paid_edited");
    assert_eq!(stored.order.status, OrderStatus::Ready);

    let timeline = t.timeline(&id).await;
    assert_eq!(timeline.len(), 2, "imported, then updated by channel");
    let update = &timeline[1];
    assert_eq!(update.actor, Actor::channel(shop.as_str()));
    assert_eq!(update.at, t.now());
    assert_eq!(
        update.kind,
        EventKind::UpdatedByChannel {
            fields: vec!["lines".into(), "totals".into(), "customer_notes".into()],
            channel_status: "paid_edited".into(),
        }
    );
    // The queue shows the new total.
    let summary = t.all().await.into_iter().find(|s| s.id == id).unwrap();
    assert_eq!(summary.total, 3_500);
    assert_eq!(summary.item_count, 2);
}

#[tokio::test]
async fn payment_arriving_on_the_channel_makes_an_unpaid_order_ready() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut unpaid = incoming("77", "Ada Lovelace");
    unpaid.status = OrderStatus::AwaitingPayment;
    unpaid.payment_status = PaymentStatus::Pending;
    unpaid.channel_status = "pending".into();
    let id = t.import(&shop, vec![unpaid.clone()]).await.remove(0);
    assert_eq!(t.status(&id).await, OrderStatus::AwaitingPayment);

    let mut paid = unpaid;
    paid.payment_status = PaymentStatus::Paid;
    paid.channel_status = "paid".into();
    t.app.import_orders(&shop, vec![paid], None).await.unwrap();
    assert_eq!(t.status(&id).await, OrderStatus::Ready);
    let kinds: Vec<_> = t.timeline(&id).await.into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds[2],
        EventKind::StatusChanged {
            from: OrderStatus::AwaitingPayment,
            to: OrderStatus::Ready
        }
    );
}

#[tokio::test]
async fn a_cancellation_from_the_channel_cancels_an_unshipped_order() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let ids = t
        .import(
            &shop,
            vec![incoming("R", "Ready Rita"), incoming("H", "Held Hal")],
        )
        .await;
    let (ready, on_hold) = (&ids[0], &ids[1]);
    let hold = ManualAction::Hold {
        reason: HoldReason::ManualReview,
        note: "check".into(),
        release_at: None,
    };
    t.app
        .apply_one(on_hold, &hold, &Actor::user("ana"))
        .await
        .unwrap();

    t.advance(Duration::minutes(1));
    let cancelled = |ext: &str, name: &str| {
        let mut o = incoming(ext, name);
        o.status = OrderStatus::Cancelled;
        o.channel_status = "cancelled".into();
        o
    };
    let out = t
        .app
        .import_orders(
            &shop,
            vec![cancelled("R", "Ready Rita"), cancelled("H", "Held Hal")],
            None,
        )
        .await
        .unwrap();
    assert_eq!(out.updated.len(), 2);
    for id in [ready, on_hold] {
        let o = t.stored(id).await.order;
        assert_eq!(o.status, OrderStatus::Cancelled, "the channel cancelled it");
        assert_eq!(o.hold, None, "a cancelled order holds no hold");
        let last = t.timeline(id).await.pop().unwrap();
        assert_eq!(last.actor, Actor::channel(shop.as_str()));
        assert!(
            matches!(&last.kind, EventKind::Cancelled { note } if note.contains("cancelled")),
            "{last:?}"
        );
    }
}

#[tokio::test]
async fn a_cancellation_from_the_channel_never_unships_a_shipped_order() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let id = t
        .import(&shop, vec![incoming("S", "Ada Lovelace")])
        .await
        .remove(0);
    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: None,
        tracking: vec!["1Z999".into()],
    };
    t.app
        .apply_one(&id, &ship, &Actor::user("packer"))
        .await
        .unwrap();
    let mut cancelled = incoming("S", "Ada Lovelace");
    cancelled.status = OrderStatus::Cancelled;
    cancelled.channel_status = "cancelled".into();
    t.app
        .import_orders(&shop, vec![cancelled], None)
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert_eq!(
        o.status,
        OrderStatus::Shipped,
        "goods that left stay shipped"
    );
    assert!(
        !t.timeline(&id)
            .await
            .iter()
            .any(|e| matches!(e.kind, EventKind::Cancelled { .. })),
        "no cancellation is recorded for a shipped order"
    );
}

#[tokio::test]
async fn malformed_orders_are_rejected_with_a_reason_and_the_rest_of_the_page_is_imported() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut no_lines = incoming("no-lines", "N");
    no_lines.lines.clear();
    let mut no_id = incoming("", "E");
    no_id.external_id = "   ".into();
    let mut bad_currency = incoming("bad-currency", "C");
    bad_currency.currency = "DOLLARS".into();
    let mut zero_qty = incoming("zero-qty", "Z");
    zero_qty.lines[0].quantity = 0;
    let page = vec![
        incoming("good-1", "Ada"),
        no_lines,
        no_id,
        bad_currency,
        zero_qty,
        incoming("good-2", "Grace"),
    ];

    let out = t.app.import_orders(&shop, page, Some("p1")).await.unwrap();
    assert_eq!(out.inserted.len(), 2, "the good orders are imported");
    assert_eq!(t.store.order_count().await.unwrap(), 2);
    let reasons: std::collections::HashMap<_, _> = out.rejected.iter().cloned().collect();
    assert_eq!(reasons.len(), 4, "{:?}", out.rejected);
    assert!(reasons["no-lines"].contains("no lines"), "{reasons:?}");
    assert!(reasons["   "].contains("no id"), "{reasons:?}");
    assert!(reasons["bad-currency"].contains("DOLLARS"), "{reasons:?}");
    assert!(reasons["zero-qty"].contains("quantity 0"), "{reasons:?}");
    assert_eq!(
        t.app.sync_cursor(&shop).await.unwrap().as_deref(),
        Some("p1"),
        "the page was processed"
    );
}

#[tokio::test]
async fn a_currency_that_is_not_three_letters_is_rejected() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    for code in ["", "US", "DOLLARS", "€", "1$3", "u d"] {
        let mut o = incoming(&format!("cur-{code}"), "C");
        o.currency = code.into();
        let out = t.app.import_orders(&shop, vec![o], None).await.unwrap();
        assert_eq!(
            out.rejected.len(),
            1,
            "currency `{code}` is not an ISO 4217 code and must be rejected"
        );
    }
    assert_eq!(t.store.order_count().await.unwrap(), 0);
}

#[tokio::test]
async fn the_cursor_is_stored_with_its_page_per_channel() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let market = t.channel("Market").await;
    assert_eq!(t.app.sync_cursor(&shop).await.unwrap(), None);

    t.app
        .import_orders(&shop, vec![incoming("1", "A")], Some("after-1"))
        .await
        .unwrap();
    assert_eq!(
        t.app.sync_cursor(&shop).await.unwrap().as_deref(),
        Some("after-1")
    );
    assert_eq!(
        t.app.sync_cursor(&market).await.unwrap(),
        None,
        "each channel has its own cursor"
    );
    t.app
        .import_orders(&shop, vec![incoming("2", "B")], None)
        .await
        .unwrap();
    assert_eq!(
        t.app.sync_cursor(&shop).await.unwrap().as_deref(),
        Some("after-1"),
        "a page without a cursor keeps the last one"
    );
    t.app
        .import_orders(&shop, vec![], Some("after-2"))
        .await
        .unwrap();
    assert_eq!(
        t.app.sync_cursor(&shop).await.unwrap().as_deref(),
        Some("after-2"),
        "an empty page still moves the cursor"
    );
}

#[tokio::test]
async fn a_page_that_fails_keeps_neither_its_orders_nor_its_cursor() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    t.app
        .import_orders(&shop, vec![incoming("1", "A")], Some("good"))
        .await
        .unwrap();
    // A channel the database does not know: the insert breaks a foreign key mid-page.
    let ghost = waybill_core::ChannelId::new();
    let err = t
        .app
        .import_orders(&ghost, vec![incoming("2", "B")], Some("bad"))
        .await;
    assert!(err.is_err(), "an import into an unknown channel fails");
    assert_eq!(t.store.order_count().await.unwrap(), 1);
    assert_eq!(t.app.sync_cursor(&ghost).await.unwrap(), None);
    assert_eq!(
        t.app.sync_cursor(&shop).await.unwrap().as_deref(),
        Some("good")
    );
}

#[tokio::test]
async fn an_imported_order_with_an_empty_postal_code_is_held_address_invalid_by_the_system() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut bad = incoming("bad-addr", "Ada Lovelace");
    bad.ship_to.postal_code = String::new();
    let mut bad_but_cancelled = incoming("bad-cancelled", "Ada Lovelace");
    bad_but_cancelled.ship_to.postal_code = "  ".into();
    bad_but_cancelled.status = OrderStatus::Cancelled;
    let ids = t
        .import(&shop, vec![bad, bad_but_cancelled, incoming("ok", "Grace")])
        .await;

    let o = t.stored(&ids[0]).await.order;
    assert_eq!(o.status, OrderStatus::OnHold);
    let hold = o.hold.expect("held");
    assert_eq!(hold.reason, HoldReason::AddressInvalid);
    assert_eq!(hold.placed_by, Actor::system());
    assert!(hold.note.contains("postal_code"), "{}", hold.note);
    assert!(
        !o.owned_fields.contains(&OwnedField::Hold),
        "the system's hold is not a person's"
    );
    let timeline = t.timeline(&ids[0]).await;
    assert_eq!(timeline.len(), 2, "{timeline:?}");
    assert_eq!(timeline[0].actor, Actor::channel(shop.as_str()));
    assert!(matches!(timeline[0].kind, EventKind::Imported { .. }));
    assert_eq!(timeline[1].actor, Actor::system());
    assert!(matches!(
        timeline[1].kind,
        EventKind::Held {
            reason: HoldReason::AddressInvalid,
            ..
        }
    ));

    assert_eq!(
        t.status(&ids[1]).await,
        OrderStatus::Cancelled,
        "a cancelled order is not held"
    );
    assert_eq!(t.status(&ids[2]).await, OrderStatus::Ready);
    let held = t
        .app
        .list_orders(&waybill_core::query::OrderQuery {
            filter: waybill_core::query::OrderFilter {
                hold_reason: Some(HoldReason::AddressInvalid),
                ..Default::default()
            },
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(held.items.len(), 1);
    assert_eq!(held.items[0].id, ids[0]);
}

#[tokio::test]
async fn a_channel_update_that_breaks_the_address_holds_the_order() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let good = incoming("1", "Ada Lovelace");
    let id = t.import(&shop, vec![good.clone()]).await.remove(0);
    let mut broken = good;
    broken.ship_to.postal_code = String::new();
    t.app
        .import_orders(&shop, vec![broken], None)
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert_eq!(o.ship_to.postal_code, "", "the channel's address was taken");
    assert_eq!(
        (o.status, o.hold.map(|h| h.reason)),
        (OrderStatus::OnHold, Some(HoldReason::AddressInvalid)),
        "an order whose address became unusable must be held before anyone picks it"
    );
}

#[tokio::test]
async fn an_address_a_person_fixed_is_never_overwritten_by_a_channel_import() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let original = incoming("1", "Ada Lovelace");
    let id = t.import(&shop, vec![original.clone()]).await.remove(0);
    let mut fixed = address("Ada Lovelace");
    fixed.line1 = "12 Corrected Street".into();
    t.app
        .apply_one(
            &id,
            &ManualAction::EditShipTo {
                address: fixed.clone(),
            },
            &Actor::user("ana"),
        )
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert!(
        o.owned_fields.contains(&OwnedField::ShipTo),
        "the person owns it"
    );

    // The channel keeps sending its own (different) address, once alone, once with news.
    let mut resent = original.clone();
    resent.ship_to.line1 = "999 Channel Road".into();
    t.app
        .import_orders(&shop, vec![resent.clone()], None)
        .await
        .unwrap();
    assert_eq!(t.stored(&id).await.order.ship_to, fixed);
    resent.customer_notes = Some("ring twice".into());
    let out = t
        .app
        .import_orders(&shop, vec![resent], None)
        .await
        .unwrap();
    assert_eq!(out.updated, vec![id.clone()]);
    let o = t.stored(&id).await.order;
    assert_eq!(o.ship_to, fixed, "the person's address stands");
    assert_eq!(o.customer_notes.as_deref(), Some("ring twice"));
    let last = t.timeline(&id).await.pop().unwrap();
    assert!(
        matches!(&last.kind, EventKind::UpdatedByChannel { fields, .. } if !fields.contains(&"ship_to".to_owned())),
        "the channel's update does not claim the address: {last:?}"
    );
}
