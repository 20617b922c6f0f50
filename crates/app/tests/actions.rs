//! A person's manual actions through `apply_action`: each records exactly its event with the
//! actor, a refusal changes nothing and says why, and bulk actions judge each order alone.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use waybill_app::{AppError, ErrorCode};
use waybill_core::edit::ManualAction;
use waybill_core::{
    Actor, Address, EventKind, HoldReason, OrderEvent, OrderId, OrderStatus, OwnedField,
};

use common::*;

fn ana() -> Actor {
    Actor::user("ana")
}

fn hold(reason: HoldReason, note: &str) -> ManualAction {
    ManualAction::Hold {
        reason,
        note: note.into(),
        release_at: None,
    }
}

fn ship() -> ManualAction {
    ManualAction::Ship {
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking: vec!["1Z999".into()],
    }
}

/// One imported ready order.
async fn one(t: &TestApp, ext: &str) -> OrderId {
    let shop = match t.store.channels().await.unwrap().first() {
        Some(c) => c.id.clone(),
        None => t.channel("Shop").await,
    };
    t.import(&shop, vec![incoming(ext, "Ada Lovelace")])
        .await
        .remove(0)
}

/// Applies `action` by ana, expecting it to apply, and returns the events it appended.
async fn applied(t: &TestApp, id: &OrderId, action: &ManualAction) -> Vec<OrderEvent> {
    let before = t.timeline(id).await;
    let version = t.stored(id).await.version;
    t.advance(Duration::minutes(1));
    let out = t
        .app
        .apply_action(std::slice::from_ref(id), action, &ana())
        .await
        .unwrap();
    assert_eq!(out.applied, vec![id.clone()], "{action:?} applies");
    assert!(out.refused.is_empty(), "{:?}", out.refused);
    let after = t.timeline(id).await;
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "history is never rewritten"
    );
    assert_eq!(
        t.stored(id).await.version,
        version + 1,
        "one save per action"
    );
    after[before.len()..].to_vec()
}

fn only(events: Vec<OrderEvent>, t: &TestApp, id: &OrderId) -> EventKind {
    assert_eq!(events.len(), 1, "exactly one event: {events:?}");
    let e = events.into_iter().next().unwrap();
    assert_eq!(e.actor, ana(), "the event names the person");
    assert_eq!(e.at, t.now(), "stamped with the action's time");
    assert_eq!(&e.order_id, id);
    e.kind
}

#[tokio::test]
async fn each_manual_action_appends_exactly_its_event_with_the_actor() {
    let t = fresh().await;
    let id = one(&t, "1").await;

    let release_at = t.now() + Duration::days(2);
    let kind = only(
        applied(
            &t,
            &id,
            &ManualAction::Hold {
                reason: HoldReason::ManualReview,
                note: "  call the customer ".into(),
                release_at: Some(release_at),
            },
        )
        .await,
        &t,
        &id,
    );
    assert_eq!(
        kind,
        EventKind::Held {
            reason: HoldReason::ManualReview,
            note: "call the customer".into(),
            release_at: Some(release_at),
        }
    );
    let o = t.stored(&id).await.order;
    assert_eq!(o.status, OrderStatus::OnHold);
    let h = o.hold.unwrap();
    assert_eq!(
        (h.reason, h.placed_by, h.placed_at),
        (HoldReason::ManualReview, ana(), t.now())
    );
    assert!(o.owned_fields.contains(&OwnedField::Hold));

    let kind = only(
        applied(
            &t,
            &id,
            &ManualAction::Release {
                note: "spoke to her".into(),
            },
        )
        .await,
        &t,
        &id,
    );
    assert_eq!(
        kind,
        EventKind::Released {
            reason: HoldReason::ManualReview,
            note: "spoke to her".into()
        }
    );
    let o = t.stored(&id).await.order;
    assert_eq!((o.status, o.hold), (OrderStatus::Ready, None));

    let kind = only(
        applied(
            &t,
            &id,
            &ManualAction::AddTag {
                tag: "  VIP ".into(),
            },
        )
        .await,
        &t,
        &id,
    );
    assert_eq!(kind, EventKind::TagAdded { tag: "vip".into() });
    assert_eq!(t.stored(&id).await.order.tags, ["vip"]);

    let kind = only(
        applied(&t, &id, &ManualAction::RemoveTag { tag: "vip".into() }).await,
        &t,
        &id,
    );
    assert_eq!(kind, EventKind::TagRemoved { tag: "vip".into() });
    assert!(t.stored(&id).await.order.tags.is_empty());

    let kind = only(
        applied(
            &t,
            &id,
            &ManualAction::AddNote {
                note: " fragile ".into(),
            },
        )
        .await,
        &t,
        &id,
    );
    assert_eq!(
        kind,
        EventKind::NoteAdded {
            note: "fragile".into()
        }
    );
    assert_eq!(t.stored(&id).await.order.internal_notes, ["fragile"]);

    let before = t.stored(&id).await.order.ship_to;
    let after = Address {
        line1: "2 New Road".into(),
        ..address("Ada Lovelace")
    };
    let kind = only(
        applied(
            &t,
            &id,
            &ManualAction::EditShipTo {
                address: after.clone(),
            },
        )
        .await,
        &t,
        &id,
    );
    assert_eq!(
        kind,
        EventKind::AddressEdited {
            before: Box::new(before),
            after: Box::new(after.clone())
        }
    );
    let o = t.stored(&id).await.order;
    assert_eq!(o.ship_to, after);
    assert!(o.owned_fields.contains(&OwnedField::ShipTo));

    let kind = only(applied(&t, &id, &ship()).await, &t, &id);
    assert_eq!(
        kind,
        EventKind::Shipped {
            carrier: "UPS".into(),
            tracking: vec!["1Z999".into()]
        }
    );
    let o = t.stored(&id).await.order;
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(o.carrier.as_deref(), Some("UPS"));
    assert_eq!(o.service.as_deref(), Some("Ground"));

    let other = one(&t, "2").await;
    let kind = only(
        applied(
            &t,
            &other,
            &ManualAction::Cancel {
                note: "customer asked".into(),
            },
        )
        .await,
        &t,
        &other,
    );
    assert_eq!(
        kind,
        EventKind::Cancelled {
            note: "customer asked".into()
        }
    );
    assert_eq!(t.status(&other).await, OrderStatus::Cancelled);
}

#[tokio::test]
async fn adding_a_tag_the_order_already_has_records_nothing() {
    let t = fresh().await;
    let id = one(&t, "1").await;
    applied(&t, &id, &ManualAction::AddTag { tag: "vip".into() }).await;
    let before = (t.stored(&id).await, t.timeline(&id).await);
    let out = t
        .app
        .apply_action(
            std::slice::from_ref(&id),
            &ManualAction::AddTag { tag: "VIP".into() },
            &ana(),
        )
        .await
        .unwrap();
    assert!(out.refused.is_empty());
    assert_eq!((t.stored(&id).await, t.timeline(&id).await), before);
}

/// Brings a new order into `status` through the same actions people use.
async fn in_status(t: &TestApp, ext: &str, status: OrderStatus) -> OrderId {
    let id = one(t, ext).await;
    let by = Actor::user("setup");
    match status {
        OrderStatus::Ready => {}
        OrderStatus::OnHold => t
            .app
            .apply_one(&id, &hold(HoldReason::FraudRisk, "x"), &by)
            .await
            .unwrap(),
        OrderStatus::Shipped => t.app.apply_one(&id, &ship(), &by).await.unwrap(),
        OrderStatus::Cancelled => t
            .app
            .apply_one(&id, &ManualAction::Cancel { note: "x".into() }, &by)
            .await
            .unwrap(),
        other => {
            // Statuses no manual action reaches: set them in storage directly.
            let mut tx = t.store.begin().await.unwrap();
            let mut s = tx.order(&id).await.unwrap().unwrap();
            s.order.status = other;
            tx.update_order(&s).await.unwrap();
            tx.commit().await.unwrap();
        }
    }
    assert_eq!(t.status(&id).await, status);
    id
}

fn bad_address() -> Address {
    Address {
        postal_code: String::new(),
        ..address("Ada Lovelace")
    }
}

#[tokio::test]
async fn a_refused_action_changes_nothing_and_says_why() {
    let t = fresh().await;
    let past = t.now() - Duration::hours(1);
    let cases: Vec<(OrderStatus, ManualAction, ErrorCode, &str)> = vec![
        (
            OrderStatus::Shipped,
            ManualAction::Cancel { note: "x".into() },
            ErrorCode::NotAllowed,
            "already shipped",
        ),
        (
            OrderStatus::Ready,
            ManualAction::Release { note: "x".into() },
            ErrorCode::NotAllowed,
            "not on hold",
        ),
        (
            OrderStatus::Ready,
            ManualAction::EditShipTo {
                address: bad_address(),
            },
            ErrorCode::InvalidInput,
            "postal_code",
        ),
        (
            OrderStatus::Shipped,
            ManualAction::EditShipTo {
                address: address("Someone"),
            },
            ErrorCode::NotAllowed,
            "cannot change",
        ),
        (
            OrderStatus::OnHold,
            ship(),
            ErrorCode::NotAllowed,
            "released",
        ),
        (
            OrderStatus::HandedOff,
            ManualAction::Cancel { note: "x".into() },
            ErrorCode::NotAllowed,
            "partner",
        ),
        (
            OrderStatus::Cancelled,
            ManualAction::Release { note: "x".into() },
            ErrorCode::NotAllowed,
            "not on hold",
        ),
        (
            OrderStatus::Ready,
            hold(HoldReason::Custom, "   "),
            ErrorCode::InvalidInput,
            "note",
        ),
        (
            OrderStatus::Ready,
            ManualAction::Hold {
                reason: HoldReason::ManualReview,
                note: "x".into(),
                release_at: Some(past),
            },
            ErrorCode::InvalidInput,
            "future",
        ),
        (
            OrderStatus::Ready,
            ManualAction::AddNote { note: "  ".into() },
            ErrorCode::InvalidInput,
            "empty",
        ),
        (
            OrderStatus::Ready,
            ManualAction::RemoveTag { tag: "vip".into() },
            ErrorCode::NotAllowed,
            "vip",
        ),
        (
            OrderStatus::Ready,
            ManualAction::Ship {
                carrier: "UPS".into(),
                service: None,
                tracking: vec![" ".into()],
            },
            ErrorCode::InvalidInput,
            "tracking",
        ),
    ];
    for (i, (status, action, code, why)) in cases.into_iter().enumerate() {
        let id = in_status(&t, &format!("case-{i}"), status).await;
        let before = (t.stored(&id).await, t.timeline(&id).await);
        t.advance(Duration::minutes(1));

        let out = t
            .app
            .apply_action(std::slice::from_ref(&id), &action, &ana())
            .await
            .unwrap();
        assert!(out.applied.is_empty(), "{action:?} on {status}: refused");
        let r = &out.refused[0];
        assert_eq!((&r.id, r.code), (&id, code), "{action:?} on {status}");
        assert_eq!(
            r.number, before.0.order.number,
            "the refusal names the order"
        );
        assert!(
            r.message.contains(why),
            "{action:?} on {status}: the message `{}` says why ({why})",
            r.message
        );
        assert_eq!(
            (t.stored(&id).await, t.timeline(&id).await),
            before,
            "{action:?} on {status}: a refusal changes nothing (body, version, timeline)"
        );

        let err = t.app.apply_one(&id, &action, &ana()).await.unwrap_err();
        assert_eq!(
            err,
            AppError {
                code,
                message: r.message.clone()
            },
            "apply_one reports the same refusal as an error"
        );
        assert_eq!((t.stored(&id).await, t.timeline(&id).await), before);
    }
}

#[tokio::test]
async fn cancelling_an_already_cancelled_order_adds_nothing_to_its_timeline() {
    let t = fresh().await;
    let id = in_status(&t, "1", OrderStatus::Cancelled).await;
    let before = (t.stored(&id).await, t.timeline(&id).await);
    t.advance(Duration::minutes(1));
    let out = t
        .app
        .apply_action(
            std::slice::from_ref(&id),
            &ManualAction::Cancel {
                note: "again".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(
        (t.stored(&id).await, t.timeline(&id).await),
        before,
        "a cancelled order cannot be cancelled again (outcome: {out:?})"
    );
}

#[tokio::test]
async fn a_bulk_action_applies_to_some_orders_and_refuses_others_independently() {
    let t = fresh().await;
    let ready = in_status(&t, "ready", OrderStatus::Ready).await;
    let shipped = in_status(&t, "shipped", OrderStatus::Shipped).await;
    let on_hold = in_status(&t, "held", OrderStatus::OnHold).await;
    let handed_off = in_status(&t, "partner", OrderStatus::HandedOff).await;
    let unknown = OrderId::new();
    let ready_2 = in_status(&t, "ready-2", OrderStatus::Ready).await;
    let untouched = |id: &OrderId| {
        let id = id.clone();
        let t = &t;
        async move { (t.stored(&id).await, t.timeline(&id).await) }
    };
    let before_shipped = untouched(&shipped).await;
    let before_handed = untouched(&handed_off).await;
    t.advance(Duration::minutes(1));

    let ids = [
        ready.clone(),
        shipped.clone(),
        on_hold.clone(),
        unknown.clone(),
        handed_off.clone(),
        ready_2.clone(),
    ];
    let out = t
        .app
        .apply_action(
            &ids,
            &ManualAction::Cancel {
                note: "bulk".into(),
            },
            &ana(),
        )
        .await
        .unwrap();
    assert_eq!(
        out.applied,
        vec![ready.clone(), on_hold.clone(), ready_2.clone()]
    );
    let refused: Vec<_> = out.refused.iter().map(|r| (r.id.clone(), r.code)).collect();
    assert_eq!(
        refused,
        vec![
            (shipped.clone(), ErrorCode::NotAllowed),
            (unknown, ErrorCode::NotFound),
            (handed_off.clone(), ErrorCode::NotAllowed),
        ]
    );
    for id in [&ready, &on_hold, &ready_2] {
        let o = t.stored(id).await.order;
        assert_eq!((o.status, o.hold), (OrderStatus::Cancelled, None));
        let last = t.timeline(id).await.pop().unwrap();
        assert_eq!(
            (last.actor, last.kind),
            (
                ana(),
                EventKind::Cancelled {
                    note: "bulk".into()
                }
            )
        );
    }
    assert_eq!(untouched(&shipped).await, before_shipped);
    assert_eq!(untouched(&handed_off).await, before_handed);
    let counts = t.app.tab_counts(&Default::default()).await.unwrap();
    let cancelled = counts
        .iter()
        .find(|c| c.status == OrderStatus::Cancelled)
        .unwrap();
    assert_eq!(cancelled.count, 3, "the tabs follow the bulk action");
}

#[tokio::test]
async fn an_empty_or_oversized_selection_is_invalid_input() {
    let t = fresh().await;
    let err = t
        .app
        .apply_action(&[], &ManualAction::AddNote { note: "x".into() }, &ana())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let many: Vec<OrderId> = (0..=waybill_app::actions::MAX_BULK)
        .map(|_| OrderId::new())
        .collect();
    let err = t
        .app
        .apply_action(&many, &ManualAction::AddNote { note: "x".into() }, &ana())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("at most"), "{}", err.message);
}

#[tokio::test]
async fn an_address_edited_by_a_person_is_owned_and_a_later_import_keeps_it() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut sent = incoming("1", "Ada Lovelace");
    sent.ship_to.postal_code = String::new();
    let id = t.import(&shop, vec![sent.clone()]).await.remove(0);
    assert_eq!(
        t.status(&id).await,
        OrderStatus::OnHold,
        "held: bad address"
    );

    let fixed = address("Ada Lovelace");
    t.app
        .apply_one(
            &id,
            &ManualAction::EditShipTo {
                address: fixed.clone(),
            },
            &ana(),
        )
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert!(o.owned_fields.contains(&OwnedField::ShipTo));
    assert_eq!(
        o.status,
        OrderStatus::Ready,
        "fixing the address lifts the hold Waybill's address check placed"
    );

    let mut resent = sent;
    resent.ship_to.line1 = "Another Street 5".into();
    resent.gift = true;
    t.app
        .import_orders(&shop, vec![resent], None)
        .await
        .unwrap();
    let o = t.stored(&id).await.order;
    assert_eq!(
        o.ship_to, fixed,
        "the channel never overwrites a person's address"
    );
    assert!(o.gift, "other news from the channel is still taken");
    assert_eq!(
        o.status,
        OrderStatus::Ready,
        "and the order is not held again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_actions_on_one_order_are_all_kept() {
    let t = fresh().await;
    let id = one(&t, "1").await;
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let app = t.app.clone();
            let id = id.clone();
            tokio::spawn(async move {
                app.apply_one(
                    &id,
                    &ManualAction::AddNote {
                        note: format!("note {i}"),
                    },
                    &Actor::user(&format!("u{i}")),
                )
                .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("each writer waits its turn");
    }
    let stored = t.stored(&id).await;
    assert_eq!(stored.order.internal_notes.len(), 12, "no note lost");
    assert_eq!(stored.version, 13);
    let notes = t
        .timeline(&id)
        .await
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::NoteAdded { .. }))
        .count();
    assert_eq!(notes, 12);
}
