//! Inventory as the single source of truth, over real SQLite files: routing reserves stock in
//! the import's transaction, never oversells, holds what it cannot place naming what is
//! missing, re-routes waiting orders oldest first when stock arrives, splits by availability,
//! and queues coalesced stock pushes for the channels each location feeds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::{Value, json};
use waybill_app::inventory::locations::NewLocation;
use waybill_app::inventory::stock::StockChange;
use waybill_core::edit::ManualAction;
use waybill_core::inventory::{AdjustmentReason, StockLevel};
use waybill_core::rules::Ruleset;
use waybill_core::{Actor, EventKind, HoldReason, LocationId, LocationKind, OrderStatus};
use waybill_store::{EffectKind, OutboxFilter, ShipmentStatus};

fn ana() -> Actor {
    Actor::user("ana")
}

async fn location(t: &TestApp, name: &str, kind: LocationKind, zip: &str) -> LocationId {
    t.app
        .add_location(&NewLocation {
            name: name.into(),
            kind,
            postal_code: zip.into(),
            country: "US".into(),
            daily_capacity: None,
            settings: BTreeMap::new(),
        })
        .await
        .unwrap()
}

async fn rules(t: &TestApp, then: Value) {
    let rs = Ruleset::from_value(&json!({"version": 0, "rules": [{
        "id": format!("rul_{:0>26}", 1), "name": "Where it ships from", "stage": "location",
        "priority": 1, "enabled": true, "stop_processing": false, "when": "always", "then": [then]
    }]}))
    .unwrap();
    t.app.save_ruleset(&rs, 0, &ana()).await.unwrap();
}

async fn count(t: &TestApp, at: &LocationId, sku: &str, on_hand: u32) {
    t.app
        .change_stock(
            &[StockChange::Count {
                location_id: at.clone(),
                sku: sku.into(),
                on_hand,
            }],
            &ana(),
        )
        .await
        .unwrap();
}

async fn level(t: &TestApp, at: &LocationId, sku: &str) -> StockLevel {
    t.store
        .stock_rows()
        .await
        .unwrap()
        .into_iter()
        .find(|r| &r.location_id == at && r.sku == sku)
        .map(|r| r.level)
        .unwrap_or_default()
}

/// `reserved` on every row equals what open shipments hold there: the reservations are the
/// shipments' lines, nothing else.
async fn assert_reservations_match_shipments(t: &TestApp) {
    let held = t.store.reserved_by_shipments().await.unwrap();
    for row in t.store.stock_rows().await.unwrap() {
        let by_shipments = held
            .iter()
            .find(|(l, s, _)| *l == row.location_id && *s == row.sku)
            .map_or(0, |(_, _, n)| *n);
        assert_eq!(
            row.level.reserved, by_shipments,
            "{} at {}: reserved {} but open shipments hold {}",
            row.sku, row.location_id, row.level.reserved, by_shipments
        );
    }
}

fn order_with(id: &str, sku: &str, quantity: u32) -> waybill_core::NewOrder {
    let mut o = incoming(id, &format!("Buyer {id}"));
    o.lines = vec![line(sku, quantity, 2_000)];
    o
}

#[tokio::test]
async fn an_import_reserves_stock_in_the_same_transaction_and_records_the_shipment() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 10).await;

    let ids = t.import(&ch, vec![order_with("1", "MUG", 3)]).await;

    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(10, 3));
    let shipments = t.store.shipments_of(&ids[0]).await.unwrap();
    assert_eq!(shipments.len(), 1);
    assert_eq!(shipments[0].location_id, reno);
    assert_eq!(shipments[0].status, ShipmentStatus::Reserved);
    assert_eq!(shipments[0].lines[0].quantity, 3);
    assert!(
        t.timeline(&ids[0])
            .await
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Allocated { shipments, .. } if shipments[0].contains("3 × MUG")))
    );
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn an_order_that_cannot_be_reserved_is_held_out_of_stock_naming_the_missing_line() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 1).await;

    let ids = t.import(&ch, vec![order_with("1", "MUG", 3)]).await;

    let order = t.stored(&ids[0]).await.order;
    assert_eq!(order.status, OrderStatus::OnHold);
    let hold = order.hold.unwrap();
    assert_eq!(hold.reason, HoldReason::OutOfStock);
    assert!(
        hold.note.contains("MUG needs 3, 1 available"),
        "{}",
        hold.note
    );
    assert_eq!(
        level(&t, &reno, "MUG").await,
        StockLevel::new(1, 0),
        "nothing reserved"
    );
}

#[tokio::test]
async fn orders_racing_for_the_last_units_from_many_tasks_never_oversell() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "LAST", 7).await;

    // Imports of one order each, and manual re-runs of held orders, all at once.
    let mut tasks = Vec::new();
    for i in 0..24 {
        let app = t.app.clone();
        let ch = ch.clone();
        tasks.push(tokio::spawn(async move {
            app.import_orders(&ch, vec![order_with(&format!("r{i}"), "LAST", 1)], None)
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let held: Vec<_> = t
        .all()
        .await
        .into_iter()
        .filter(|o| o.status == OrderStatus::OnHold)
        .map(|o| o.id)
        .collect();
    let mut reruns = Vec::new();
    for chunk in held.chunks(3) {
        let app = t.app.clone();
        let ids = chunk.to_vec();
        reruns.push(tokio::spawn(
            async move { app.rerun_rules(&ids).await.unwrap() },
        ));
    }
    for r in reruns {
        r.await.unwrap();
    }

    let all = t.all().await;
    let ready = all
        .iter()
        .filter(|o| o.status == OrderStatus::Ready)
        .count();
    assert_eq!(ready, 7, "exactly the units on hand were sold");
    assert_eq!(all.len() - ready, 17);
    assert_eq!(level(&t, &reno, "LAST").await, StockLevel::new(7, 7));
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn stock_arriving_reroutes_waiting_orders_oldest_first() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    // In the catalogue, none on the shelf.
    count(&t, &reno, "BACK", 0).await;
    let mut orders = Vec::new();
    for (i, hours_ago) in [(1, 1), (2, 5), (3, 3)] {
        let mut o = order_with(&i.to_string(), "BACK", 1);
        o.placed_at = start() - chrono::Duration::hours(hours_ago);
        orders.push(o);
    }
    let ids = t.import(&ch, orders).await;
    for id in &ids {
        assert_eq!(t.status(id).await, OrderStatus::OnHold);
    }

    let outcome = t
        .app
        .change_stock(
            &[StockChange::Adjust {
                location_id: reno.clone(),
                sku: "BACK".into(),
                delta: 2,
                reason: AdjustmentReason::Received,
                note: "PO 4411".into(),
            }],
            &ana(),
        )
        .await
        .unwrap();

    // Placed 5 h and 3 h ago go first; the newest keeps waiting.
    assert_eq!(outcome.rerouted, vec!["#2".to_string(), "#3".to_string()]);
    assert_eq!(t.status(&ids[1]).await, OrderStatus::Ready);
    assert_eq!(t.status(&ids[2]).await, OrderStatus::Ready);
    assert_eq!(t.status(&ids[0]).await, OrderStatus::OnHold);
    assert_eq!(level(&t, &reno, "BACK").await, StockLevel::new(2, 2));
    let adjustments = t.store.stock_adjustments(10).await.unwrap();
    assert_eq!(adjustments[0].reason.as_deref(), Some("received"));
    assert_eq!(adjustments[0].note.as_deref(), Some("PO 4411"));
    assert_eq!(adjustments[0].actor.as_deref(), Some("user:ana"));
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn split_by_availability_ships_each_line_from_where_it_is_and_reserves_at_each() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    let newark = location(&t, "Newark", LocationKind::Warehouse, "07102").await;
    rules(
        &t,
        json!({"choose_location": {"strategy": "split_by_availability"}}),
    )
    .await;
    count(&t, &reno, "A", 5).await;
    count(&t, &newark, "B", 5).await;
    let mut o = order_with("1", "A", 2);
    o.lines.push(line("B", 1, 3_000));

    let ids = t.import(&ch, vec![o]).await;

    let shipments = t.store.shipments_of(&ids[0]).await.unwrap();
    assert_eq!(shipments.len(), 2, "{shipments:?}");
    assert_eq!(t.status(&ids[0]).await, OrderStatus::Ready);
    assert_eq!(level(&t, &reno, "A").await, StockLevel::new(5, 2));
    assert_eq!(level(&t, &newark, "B").await, StockLevel::new(5, 1));
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn cancelling_gives_the_units_back_and_shipping_takes_them_off_the_shelf() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 10).await;
    let ids = t
        .import(
            &ch,
            vec![order_with("1", "MUG", 2), order_with("2", "MUG", 3)],
        )
        .await;
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(10, 5));

    t.app
        .apply_one(
            &ids[0],
            &ManualAction::Cancel {
                note: "asked".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(10, 3));
    t.app
        .apply_one(
            &ids[1],
            &ManualAction::Ship {
                carrier: "UPS".into(),
                service: None,
                tracking: vec!["1Z999".into()],
            },
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(7, 0));
    let shipped = t.store.shipments_of(&ids[1]).await.unwrap();
    assert_eq!(shipped[0].status, ShipmentStatus::Shipped);
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn a_person_holding_an_order_gives_its_units_back_and_releasing_it_reserves_again() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 4).await;
    let ids = t.import(&ch, vec![order_with("1", "MUG", 4)]).await;

    let hold = ManualAction::Hold {
        reason: HoldReason::ManualReview,
        note: "call the customer".into(),
        release_at: None,
    };
    t.app.apply_one(&ids[0], &hold, &ana()).await.unwrap();
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(4, 0));

    let release = ManualAction::Release { note: "ok".into() };
    t.app.apply_one(&ids[0], &release, &ana()).await.unwrap();
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(4, 4));
    assert_eq!(t.status(&ids[0]).await, OrderStatus::Ready);
    assert_reservations_match_shipments(&t).await;
}

#[tokio::test]
async fn a_partner_location_gets_one_handoff_keyed_by_the_shipment() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let tpl = location(&t, "Fast 3PL", LocationKind::ThirdPartyLogistics, "18101").await;
    rules(
        &t,
        json!({"route_to_partner": {"location_id": tpl.to_string()}}),
    )
    .await;

    let ids = t.import(&ch, vec![order_with("1", "SOFA", 1)]).await;

    let shipments = t.store.shipments_of(&ids[0]).await.unwrap();
    let effects = t.store.effects(OutboxFilter::Open, 1000).await.unwrap();
    let handoffs: Vec<_> = effects
        .iter()
        .filter(|e| e.kind == EffectKind::Handoff)
        .collect();
    assert_eq!(handoffs.len(), 1);
    assert_eq!(handoffs[0].location_id.as_ref(), Some(&tpl));
    assert_eq!(
        handoffs[0].idempotency_key,
        format!("wb-handoff-{}", shipments[0].id)
    );
    let payload: Value = serde_json::from_str(&handoffs[0].payload).unwrap();
    assert_eq!(payload["reference"], json!(shipments[0].id));
    assert_eq!(payload["lines"][0]["sku"], json!("SOFA"));
}

#[tokio::test]
async fn stock_changes_in_a_short_window_become_one_push_per_channel_and_sku() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    let store_loc = location(&t, "Brooklyn store", LocationKind::Store, "11201").await;
    t.app
        .set_channel_feed(&ch, std::slice::from_ref(&reno), 2)
        .await
        .unwrap();

    count(&t, &reno, "MUG", 10).await;
    count(&t, &reno, "MUG", 12).await;
    count(&t, &reno, "MUG", 9).await;
    // Not a feeding location: no push.
    count(&t, &store_loc, "MUG", 50).await;

    let stock: Vec<_> = t
        .store
        .effects(OutboxFilter::Open, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EffectKind::Stock)
        .collect();
    assert_eq!(stock.len(), 1, "{stock:?}");
    let payload: Value = serde_json::from_str(&stock[0].payload).unwrap();
    assert_eq!(
        payload,
        json!({"sku": "MUG", "available": 7}),
        "9 on hand − buffer 2"
    );
}

#[tokio::test]
async fn a_count_below_what_orders_hold_reports_the_shortfall() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 5).await;
    t.import(&ch, vec![order_with("1", "MUG", 4)]).await;

    let outcome = t
        .app
        .change_stock(
            &[StockChange::Count {
                location_id: reno.clone(),
                sku: "MUG".into(),
                on_hand: 2,
            }],
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(outcome.shortfalls.len(), 1, "{outcome:?}");
    assert!(outcome.shortfalls[0].contains("2 reserved units not on hand"));
}

#[tokio::test]
async fn a_sku_outside_the_catalogue_ships_without_a_reservation() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    rules(
        &t,
        json!({"assign_location": {"location_id": reno.to_string()}}),
    )
    .await;
    count(&t, &reno, "MUG", 5).await;

    let ids = t.import(&ch, vec![order_with("1", "GIFTCARD", 1)]).await;

    assert_eq!(t.status(&ids[0]).await, OrderStatus::Ready);
    let s = t.store.shipments_of(&ids[0]).await.unwrap();
    assert!(!s[0].lines[0].tracked);
}

#[tokio::test]
async fn stock_for_an_unknown_location_is_refused_and_changes_nothing() {
    let t = fresh().await;
    let err = t
        .app
        .change_stock(
            &[StockChange::Count {
                location_id: LocationId::new(),
                sku: "MUG".into(),
                on_hand: 1,
            }],
            &ana(),
        )
        .await
        .unwrap_err();
    assert!(err.message.contains("no location"), "{}", err.message);
    assert!(t.store.stock_rows().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_counts_file_with_a_bad_row_changes_nothing_and_names_each_bad_line() {
    let t = fresh().await;
    location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    let csv =
        "sku,location,on_hand,name\nMUG,Reno,12,Stoneware mug\nTEE,Nowhere,3,\nCAP,Reno,many,\n";

    let import = t.app.import_counts(csv, None, &ana()).await.unwrap();

    assert!(import.outcome.is_none());
    let lines: Vec<u32> = import.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4]);
    assert!(import.errors[0].message.contains("no location `Nowhere`"));
    assert!(import.errors[1].message.contains("`many`"));
    assert!(t.store.stock_rows().await.unwrap().is_empty());
    assert!(t.store.products().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_good_counts_file_sets_every_row_and_names_new_products() {
    let t = fresh().await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    let csv = "sku,on_hand,name\nMUG,12,Stoneware mug\nTEE,3,\n";

    let import = t.app.import_counts(csv, Some(&reno), &ana()).await.unwrap();

    assert_eq!(import.outcome.unwrap().changed_rows, 2);
    assert_eq!(level(&t, &reno, "MUG").await, StockLevel::new(12, 0));
    let products = t.store.products().await.unwrap();
    assert_eq!(products[0].product.name, "Stoneware mug");
    assert_eq!(products[1].product.name, "TEE", "unnamed: named by its SKU");
}

#[tokio::test]
async fn an_adjustment_for_another_reason_needs_a_note() {
    let t = fresh().await;
    let reno = location(&t, "Reno", LocationKind::Warehouse, "89502").await;
    let err = t
        .app
        .change_stock(
            &[StockChange::Adjust {
                location_id: reno,
                sku: "MUG".into(),
                delta: 1,
                reason: AdjustmentReason::Other,
                note: " ".into(),
            }],
            &ana(),
        )
        .await
        .unwrap_err();
    assert!(err.message.starts_with("note:"), "{}", err.message);
}

#[tokio::test]
async fn a_vendors_tracking_entered_by_hand_ships_the_order_and_owes_the_channel_the_tracking() {
    let t = fresh().await;
    let ch = t.channel("Shop").await;
    let vendor = location(&t, "Acme Drop-ship", LocationKind::DropShipVendor, "10001").await;
    rules(
        &t,
        json!({"route_to_partner": {"location_id": vendor.to_string()}}),
    )
    .await;
    count(&t, &vendor, "LAMP", 5).await;
    let ids = t.import(&ch, vec![order_with("1", "LAMP", 2)]).await;
    let shipment = t.store.shipments_of(&ids[0]).await.unwrap()[0].id.clone();

    let refused = t
        .app
        .confirm_shipment(&shipment, "UPS", " ")
        .await
        .unwrap_err();
    assert!(
        refused.message.starts_with("tracking:"),
        "{}",
        refused.message
    );
    t.app
        .confirm_shipment(&shipment, "UPS", "1Z999AA10123456784")
        .await
        .unwrap();

    assert_eq!(t.status(&ids[0]).await, OrderStatus::Shipped);
    assert_eq!(level(&t, &vendor, "LAMP").await, StockLevel::new(3, 0));
    let owed: Vec<_> = t
        .store
        .effects(OutboxFilter::Open, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EffectKind::Fulfillment)
        .collect();
    assert_eq!(owed.len(), 1, "one tracking write-back");
    assert!(owed[0].payload.contains("1Z999AA10123456784"));
    let again = t
        .app
        .confirm_shipment(&shipment, "UPS", "1Z999AA10123456784")
        .await
        .unwrap_err();
    assert!(
        again.message.contains("only an open shipment"),
        "{}",
        again.message
    );
}
