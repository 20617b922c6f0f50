//! The order detail view: the order, its timeline oldest first, its channel and location.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::Duration;
use waybill_app::ErrorCode;
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, EventKind, HoldReason, Location, LocationId, LocationKind, OrderId};

use common::*;

#[tokio::test]
async fn order_detail_returns_the_timeline_oldest_first_with_channel_and_location() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let reno = Location {
        id: LocationId::new(),
        name: "Reno Warehouse".into(),
        kind: LocationKind::Warehouse,
        postal_code: "89502".into(),
        country: "US".into(),
    };
    let mut tx = t.store.begin().await.unwrap();
    tx.insert_location(&reno).await.unwrap();
    tx.commit().await.unwrap();
    let id = t
        .import(&shop, vec![incoming("1", "Ada Lovelace")])
        .await
        .remove(0);
    let imported_at = t.now();
    // Route it to Reno (no manual action does this yet).
    let mut tx = t.store.begin().await.unwrap();
    let mut s = tx.order(&id).await.unwrap().unwrap();
    s.order.location_id = Some(reno.id.clone());
    tx.update_order(&s).await.unwrap();
    tx.commit().await.unwrap();

    t.advance(Duration::minutes(5));
    let hold = ManualAction::Hold {
        reason: HoldReason::FraudRisk,
        note: "check".into(),
        release_at: None,
    };
    t.app
        .apply_one(&id, &hold, &Actor::user("ana"))
        .await
        .unwrap();
    t.advance(Duration::minutes(5));
    let release = ManualAction::Release { note: "ok".into() };
    t.app
        .apply_one(&id, &release, &Actor::user("sam"))
        .await
        .unwrap();

    let d = t.app.order_detail(&id).await.unwrap();
    assert_eq!(d.order, t.stored(&id).await.order);
    assert_eq!(d.channel.id, shop);
    assert_eq!(d.channel.name, "Shop");
    assert_eq!(d.location, Some(reno));
    let names: Vec<_> = d.timeline.iter().map(|e| e.kind.name()).collect();
    assert_eq!(names, ["imported", "held", "released"], "oldest first");
    let times: Vec<_> = d.timeline.iter().map(|e| e.at).collect();
    assert_eq!(
        times,
        [
            imported_at,
            imported_at + Duration::minutes(5),
            imported_at + Duration::minutes(10)
        ]
    );
    let actors: Vec<_> = d.timeline.iter().map(|e| e.actor.to_string()).collect();
    assert_eq!(
        actors,
        [
            format!("channel:{shop}"),
            "user:ana".into(),
            "user:sam".into()
        ]
    );
    assert!(matches!(
        d.timeline[2].kind,
        EventKind::Released {
            reason: HoldReason::FraudRisk,
            ..
        }
    ));
}

#[tokio::test]
async fn order_detail_of_an_unrouted_order_has_no_location() {
    let t = fresh().await;
    let shop = t.channel("Shop").await;
    let id = t.import(&shop, vec![incoming("1", "A")]).await.remove(0);
    let d = t.app.order_detail(&id).await.unwrap();
    assert_eq!(d.location, None);
    assert_eq!(d.timeline.len(), 1);
}

#[tokio::test]
async fn order_detail_of_an_unknown_order_is_not_found() {
    let t = fresh().await;
    let id = OrderId::new();
    let err = t.app.order_detail(&id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains(id.as_str()), "{}", err.message);
}
