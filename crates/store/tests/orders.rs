//! Writing orders: inserts, reads by id and external id, optimistic updates, the
//! (channel, external id) identity, the event log and the filter pickers' values.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use waybill_core::query::OrderFilter;
use waybill_core::{Actor, EventKind, HoldReason, OrderEvent, OrderId, OrderStatus};
use waybill_store::StoreError;

use common::*;

#[tokio::test]
async fn inserted_orders_read_back_whole_by_id_and_by_external_id() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let other = add_channel(&db.store, "Market").await;
    let mut a = order(&shop, "A-1", "Ada Lovelace");
    a.tags = vec!["vip".into()];
    a.ship_by = Some(t(48));
    let b = held(order(&shop, "B-2", "Grace Hopper"), HoldReason::FraudRisk);
    let c = order(&other, "A-1", "Alan Turing");
    insert(&db.store, &[a.clone(), b.clone(), c.clone()]).await;

    for o in [&a, &b, &c] {
        let stored = db.store.order(&o.id).await.unwrap().expect("stored");
        assert_eq!(&stored.order, o, "the aggregate round-trips unchanged");
        assert_eq!(stored.version, 1, "a new order starts at version 1");
    }
    assert!(db.store.order(&OrderId::new()).await.unwrap().is_none());

    let mut tx = db.store.begin().await.unwrap();
    let found = tx
        .orders_by_external_id(&shop, &["A-1", "B-2", "missing"])
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        2,
        "only the shop's orders, only those asked for"
    );
    assert_eq!(found["A-1"].order, a, "A-1 of the shop, not of the market");
    assert_eq!(found["B-2"].order, b);
    let none = tx.orders_by_external_id(&shop, &[]).await.unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn inserts_and_lookups_larger_than_one_statement_batch_keep_every_order() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    // More than the 400-row insert batch and the 500-id lookup batch.
    let orders: Vec<_> = (0..1_234)
        .map(|i| {
            let mut o = order(&shop, &format!("ext-{i}"), "Bulk Buyer");
            o.tags = vec![format!("t{}", i % 3)];
            o
        })
        .collect();
    insert(&db.store, &orders).await;
    assert_eq!(db.store.order_count().await.unwrap(), 1_234);

    let external: Vec<String> = orders.iter().map(|o| o.external_id.clone()).collect();
    let refs: Vec<&str> = external.iter().map(String::as_str).collect();
    let mut tx = db.store.begin().await.unwrap();
    let found = tx.orders_by_external_id(&shop, &refs).await.unwrap();
    assert_eq!(
        found.len(),
        1_234,
        "every id is found across lookup batches"
    );
    for o in &orders {
        assert_eq!(found[&o.external_id].order.id, o.id);
    }
    drop(tx);
    let tagged = ids(
        &db.store,
        OrderFilter {
            tag: Some("t1".into()),
            ..OrderFilter::default()
        },
    )
    .await;
    let expected = orders.iter().filter(|o| o.tags == ["t1"]).count();
    assert_eq!(tagged.len(), expected, "tags of every batch are indexed");
}

#[tokio::test]
async fn an_update_saves_the_order_and_its_queue_columns_and_bumps_the_version() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let loc = add_location(&db.store, "Reno").await;
    let o = order(&shop, "1", "Ada Lovelace");
    insert(&db.store, std::slice::from_ref(&o)).await;

    let mut tx = db.store.begin().await.unwrap();
    let mut stored = tx.order(&o.id).await.unwrap().unwrap();
    stored.order.location_id = Some(loc.clone());
    stored.order.carrier = Some("UPS".into());
    stored.order.tags = vec!["vip".into()];
    stored.order.total = 9_999;
    let v = tx.update_order(&stored).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(v, 2, "the version goes up by one");

    let again = db.store.order(&o.id).await.unwrap().unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(again.order, stored.order);
    let page = walk(
        &db.store,
        &OrderFilter {
            location_id: Some(loc),
            carrier: Some("UPS".into()),
            tag: Some("vip".into()),
            ..OrderFilter::default()
        },
        Default::default(),
        false,
        50,
    )
    .await;
    assert_eq!(page.len(), 1, "the queue columns follow the update");
    assert_eq!(page[0].total, 9_999);
}

#[tokio::test]
async fn an_update_from_a_stale_read_is_a_conflict_and_changes_nothing() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let o = order(&shop, "1", "Ada Lovelace");
    insert(&db.store, std::slice::from_ref(&o)).await;
    let stale = db.store.order(&o.id).await.unwrap().unwrap();

    // Someone else saves first.
    let mut tx = db.store.begin().await.unwrap();
    let mut theirs = tx.order(&o.id).await.unwrap().unwrap();
    theirs.order.internal_notes.push("theirs".into());
    tx.update_order(&theirs).await.unwrap();
    tx.commit().await.unwrap();
    let after_theirs = db.store.order(&o.id).await.unwrap().unwrap();
    let counts_before = db.store.tab_counts(&OrderFilter::default()).await.unwrap();

    // We save our change on top of the version we read before theirs.
    let mut mine = stale.clone();
    mine.order.status = OrderStatus::Cancelled;
    mine.order.customer.name = "Mallory".into();
    let mut tx = db.store.begin().await.unwrap();
    let err = tx
        .update_order(&mine)
        .await
        .expect_err("a stale save fails");
    assert!(
        matches!(err, StoreError::Conflict),
        "expected Conflict, got {err:?}"
    );
    // The caller gives up (drops the transaction) or even commits what else it did.
    tx.commit().await.unwrap();

    assert_eq!(
        db.store.order(&o.id).await.unwrap().unwrap(),
        after_theirs,
        "the other person's save stands, untouched"
    );
    assert_eq!(
        db.store.tab_counts(&OrderFilter::default()).await.unwrap(),
        counts_before
    );
    let by_name = ids(
        &db.store,
        OrderFilter {
            search: Some("Mallory".into()),
            ..OrderFilter::default()
        },
    )
    .await;
    assert!(
        by_name.is_empty(),
        "the search index did not take the refused name"
    );
}

#[tokio::test]
async fn the_same_external_id_twice_in_one_channel_is_refused() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let first = order(&shop, "1001", "Ada Lovelace");
    insert(&db.store, std::slice::from_ref(&first)).await;

    let dup = order(&shop, "1001", "Someone Else");
    let mut tx = db.store.begin().await.unwrap();
    assert!(
        tx.insert_orders(std::slice::from_ref(&dup)).await.is_err(),
        "a second order with the same (channel, external id) must be refused"
    );
    drop(tx);

    // Also inside one batch.
    let mut tx = db.store.begin().await.unwrap();
    let a = order(&shop, "2002", "Ada");
    let b = order(&shop, "2002", "Bob");
    assert!(
        tx.insert_orders(&[a, b]).await.is_err(),
        "a batch that repeats an external id must be refused"
    );
    drop(tx);

    assert_eq!(db.store.order_count().await.unwrap(), 1);
    assert!(db.store.order(&dup.id).await.unwrap().is_none());
    assert_eq!(
        ids(&db.store, OrderFilter::default()).await,
        vec![first.id],
        "only the first order exists"
    );
}

#[tokio::test]
async fn the_same_external_id_in_two_channels_is_two_orders() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let market = add_channel(&db.store, "Market").await;
    let a = order(&shop, "1001", "Ada Lovelace");
    let b = order(&market, "1001", "Ada Lovelace");
    insert(&db.store, &[a.clone(), b.clone()]).await;
    assert_eq!(db.store.order_count().await.unwrap(), 2);
    let mut tx = db.store.begin().await.unwrap();
    assert_eq!(
        tx.orders_by_external_id(&market, &["1001"]).await.unwrap()["1001"]
            .order
            .id,
        b.id
    );
    assert_eq!(
        tx.orders_by_external_id(&shop, &["1001"]).await.unwrap()["1001"]
            .order
            .id,
        a.id
    );
}

#[tokio::test]
async fn a_transaction_dropped_before_commit_leaves_no_order_event_or_count_behind() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let o = order(&shop, "1", "Ada Lovelace");
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_orders(std::slice::from_ref(&o)).await.unwrap();
    tx.append_events(&[OrderEvent {
        order_id: o.id.clone(),
        at: t(1),
        actor: Actor::system(),
        kind: EventKind::Imported {
            channel_status: "paid".into(),
        },
    }])
    .await
    .unwrap();
    tx.set_meta("sync.cursor", "page-2").await.unwrap();
    drop(tx);

    assert!(db.store.order(&o.id).await.unwrap().is_none());
    assert!(db.store.order_events(&o.id).await.unwrap().is_empty());
    assert_eq!(db.store.meta("sync.cursor").await.unwrap(), None);
    assert_eq!(db.store.order_count().await.unwrap(), 0);
    assert!(ids(&db.store, OrderFilter::default()).await.is_empty());
}

#[tokio::test]
async fn events_come_back_oldest_first_with_actor_and_kind_intact() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let a = order(&shop, "1", "Ada Lovelace");
    let b = order(&shop, "2", "Grace Hopper");
    insert(&db.store, &[a.clone(), b.clone()]).await;
    let ev = |o: &waybill_core::Order, hours: i64, actor: Actor, kind: EventKind| OrderEvent {
        order_id: o.id.clone(),
        at: t(hours),
        actor,
        kind,
    };
    let first = vec![
        ev(
            &a,
            1,
            Actor::channel(shop.as_str()),
            EventKind::Imported {
                channel_status: "paid".into(),
            },
        ),
        ev(
            &b,
            1,
            Actor::system(),
            EventKind::TagAdded { tag: "b".into() },
        ),
        ev(
            &a,
            2,
            Actor::system(),
            EventKind::Held {
                reason: HoldReason::AddressInvalid,
                note: "postal_code: must not be empty".into(),
                release_at: Some(t(30)),
            },
        ),
    ];
    let second = vec![
        ev(
            &a,
            3,
            Actor::user("ana"),
            EventKind::AddressEdited {
                before: Box::new(address("Ada")),
                after: Box::new(address("Ada Lovelace")),
            },
        ),
        ev(
            &a,
            4,
            Actor::user("ana"),
            EventKind::Released {
                reason: HoldReason::AddressInvalid,
                note: "fixed".into(),
            },
        ),
        ev(
            &a,
            5,
            Actor::partner("loc_x"),
            EventKind::Shipped {
                carrier: "UPS".into(),
                tracking: vec!["1Z1".into(), "1Z2".into()],
            },
        ),
    ];
    for batch in [&first, &second] {
        let mut tx = db.store.begin().await.unwrap();
        tx.append_events(batch).await.unwrap();
        tx.commit().await.unwrap();
    }

    let timeline = db.store.order_events(&a.id).await.unwrap();
    let expected: Vec<OrderEvent> = first
        .iter()
        .chain(&second)
        .filter(|e| e.order_id == a.id)
        .cloned()
        .collect();
    assert_eq!(
        timeline, expected,
        "only this order's events, oldest first, intact"
    );
    assert_eq!(db.store.order_events(&b.id).await.unwrap().len(), 1);
    assert!(
        db.store
            .order_events(&OrderId::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn events_larger_than_one_statement_batch_are_all_kept_in_order() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let a = order(&shop, "1", "Ada Lovelace");
    insert(&db.store, std::slice::from_ref(&a)).await;
    let events: Vec<OrderEvent> = (0..2_345)
        .map(|i| OrderEvent {
            order_id: a.id.clone(),
            at: t(i),
            actor: Actor::user("ana"),
            kind: EventKind::NoteAdded {
                note: format!("note {i}"),
            },
        })
        .collect();
    let mut tx = db.store.begin().await.unwrap();
    tx.append_events(&events).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.order_events(&a.id).await.unwrap(), events);
}

#[tokio::test]
async fn an_event_for_a_missing_order_is_refused() {
    let db = fresh().await;
    let mut tx = db.store.begin().await.unwrap();
    let result = tx
        .append_events(&[OrderEvent {
            order_id: OrderId::new(),
            at: t(1),
            actor: Actor::system(),
            kind: EventKind::NoteAdded {
                note: "orphan".into(),
            },
        }])
        .await;
    assert!(
        result.is_err(),
        "foreign keys are on: an event can never point at a missing order"
    );
}

#[tokio::test]
async fn carriers_and_tags_list_each_value_in_use_once() {
    let db = fresh().await;
    let shop = add_channel(&db.store, "Shop").await;
    let mut orders = Vec::new();
    for (i, (carrier, tags)) in [
        (Some("UPS"), vec!["vip", "gift"]),
        (Some("UPS"), vec!["vip"]),
        (Some("DHL"), vec![]),
        (None, vec!["wholesale"]),
        (Some("Canada Post"), vec!["gift"]),
    ]
    .into_iter()
    .enumerate()
    {
        let mut o = order(&shop, &i.to_string(), "Buyer");
        o.carrier = carrier.map(Into::into);
        o.tags = tags.into_iter().map(Into::into).collect();
        orders.push(o);
    }
    insert(&db.store, &orders).await;
    let (carriers, tags) = db.store.carriers_and_tags().await.unwrap();
    assert_eq!(carriers, ["Canada Post", "DHL", "UPS"]);
    assert_eq!(tags, ["gift", "vip", "wholesale"]);

    // A tag nobody uses any more disappears; carriers follow updates too.
    let mut tx = db.store.begin().await.unwrap();
    let mut s = tx.order(&orders[3].id).await.unwrap().unwrap();
    s.order.tags.clear();
    s.order.carrier = Some("FedEx".into());
    tx.update_order(&s).await.unwrap();
    tx.commit().await.unwrap();
    let (carriers, tags) = db.store.carriers_and_tags().await.unwrap();
    assert_eq!(carriers, ["Canada Post", "DHL", "FedEx", "UPS"]);
    assert_eq!(tags, ["gift", "vip"]);
}

#[tokio::test]
async fn an_empty_database_offers_no_carriers_or_tags() {
    let db = fresh().await;
    let (carriers, tags) = db.store.carriers_and_tags().await.unwrap();
    assert!(carriers.is_empty() && tags.is_empty());
}

#[tokio::test]
async fn channels_locations_and_settings_read_back() {
    let db = fresh().await;
    let b = add_channel(&db.store, "B shop").await;
    let a = add_channel(&db.store, "A shop").await;
    let l = add_location(&db.store, "Reno").await;
    let channels = db.store.channels().await.unwrap();
    assert_eq!(
        channels.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        [a, b],
        "channels are listed by name"
    );
    assert_eq!(db.store.locations().await.unwrap()[0].id, l);

    let mut tx = db.store.begin().await.unwrap();
    tx.set_meta("k", "one").await.unwrap();
    tx.set_meta("k", "two").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.store.meta("k").await.unwrap().as_deref(), Some("two"));
    assert_eq!(db.store.meta("nope").await.unwrap(), None);
    let names: BTreeSet<_> = channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["A shop", "B shop"]));
}
