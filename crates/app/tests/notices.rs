//! Change notices reach listeners (the window's live queue) only after the change committed,
//! name what changed, and are not sent when nothing changed.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration as StdDuration;

use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::TryRecvError;
use waybill_app::ChangeNotice;
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, OrderId, OrderStatus};

use common::*;

/// The next notice; a missing one fails the test instead of hanging it.
async fn next(rx: &mut Receiver<ChangeNotice>) -> ChangeNotice {
    tokio::time::timeout(StdDuration::from_secs(10), rx.recv())
        .await
        .expect("a change notice was expected")
        .expect("the channel is open")
}

fn set(ids: &[OrderId]) -> BTreeSet<OrderId> {
    ids.iter().cloned().collect()
}

#[tokio::test]
async fn an_action_notifies_the_changed_ids_after_it_committed() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let ids = t
        .import(&shop, vec![incoming("1", "A"), incoming("2", "B")])
        .await;
    let cancel = ManualAction::Cancel { note: "x".into() };
    t.app
        .apply_one(&ids[1], &cancel, &Actor::user("setup"))
        .await
        .unwrap();
    let mut rx = t.app.subscribe();

    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: None,
        tracking: vec!["1Z".into()],
    };
    let out = t
        .app
        .apply_action(&ids, &ship, &Actor::user("ana"))
        .await
        .unwrap();
    assert_eq!(out.applied, vec![ids[0].clone()]);
    let notice = next(&mut rx).await;
    assert_eq!(notice.ids, vec![ids[0].clone()], "only the changed order");
    assert_eq!(notice.cause, "action");
    // What the notice announces is already visible to a reader.
    assert_eq!(t.status(&ids[0]).await, OrderStatus::Shipped);
    assert!(matches!(rx.try_recv(), Err(TryRecvError::Empty)));
}

#[tokio::test]
async fn an_import_notifies_inserted_and_updated_ids_and_nothing_when_unchanged() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let mut rx = t.app.subscribe();

    let out = t
        .app
        .import_orders(&shop, vec![incoming("1", "A"), incoming("2", "B")], None)
        .await
        .unwrap();
    let notice = next(&mut rx).await;
    assert_eq!(notice.cause, "imported");
    assert_eq!(set(&notice.ids), set(&out.inserted));
    for id in &notice.ids {
        assert!(
            t.store.order(id).await.unwrap().is_some(),
            "already committed"
        );
    }
    assert!(
        matches!(rx.try_recv(), Err(TryRecvError::Empty)),
        "nothing was updated"
    );

    let mut changed = incoming("1", "A");
    changed.customer_notes = Some("new".into());
    let out = t
        .app
        .import_orders(
            &shop,
            vec![changed, incoming("2", "B"), incoming("3", "C")],
            None,
        )
        .await
        .unwrap();
    let mut got: Vec<(String, BTreeSet<OrderId>)> = Vec::new();
    for _ in 0..2 {
        let n = next(&mut rx).await;
        got.push((n.cause, set(&n.ids)));
    }
    got.sort();
    assert_eq!(
        got,
        vec![
            ("imported".to_owned(), set(&out.inserted)),
            ("updated".to_owned(), set(&out.updated)),
        ]
    );
    assert_eq!(out.inserted.len(), 1);
    assert_eq!(out.updated.len(), 1);

    t.app
        .import_orders(&shop, vec![incoming("2", "B")], Some("c"))
        .await
        .unwrap();
    assert!(
        matches!(rx.try_recv(), Err(TryRecvError::Empty)),
        "an import that changed nothing sends nothing"
    );
}

#[tokio::test]
async fn a_fully_refused_action_sends_nothing() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let ids = t.import(&shop, vec![incoming("1", "A")]).await;
    let mut rx = t.app.subscribe();

    let release = ManualAction::Release { note: "x".into() };
    let out = t
        .app
        .apply_action(
            &[ids[0].clone(), OrderId::new()],
            &release,
            &Actor::user("ana"),
        )
        .await
        .unwrap();
    assert!(out.applied.is_empty());
    assert_eq!(out.refused.len(), 2);
    assert!(
        matches!(rx.try_recv(), Err(TryRecvError::Empty)),
        "nothing changed, nothing is announced"
    );

    // The next notice a listener sees is the next real change.
    let note = ManualAction::AddNote { note: "n".into() };
    t.app
        .apply_one(&ids[0], &note, &Actor::user("ana"))
        .await
        .unwrap();
    let notice = next(&mut rx).await;
    assert_eq!(notice.ids, ids);
    assert_eq!(notice.cause, "action");
}
