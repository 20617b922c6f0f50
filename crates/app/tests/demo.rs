//! The demo workspace: seeding creates its channels and locations and believable history in
//! every status, never duplicates orders, never touches a real workspace, and can be stopped.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use waybill_app::ErrorCode;
use waybill_app::demo::SeedProgress;
use waybill_core::query::OrderFilter;
use waybill_core::{ChannelKind, OrderStatus};

use common::*;

#[tokio::test]
async fn seeding_creates_the_demo_channels_locations_and_the_requested_orders() {
    let t = fresh().await;
    let mut rx = t.app.subscribe();
    let seen = Mutex::new(Vec::new());
    let out = t
        .app
        .seed_demo(
            500,
            |p| seen.lock().unwrap().push(p),
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    assert_eq!(out.orders, 500);
    assert!(!out.cancelled);
    assert!(
        out.events >= 500,
        "every order has at least its import event"
    );
    assert_eq!(
        seen.into_inner().unwrap().last(),
        Some(&SeedProgress {
            done: 500,
            total: 500
        }),
        "progress ends at the total"
    );
    let notice = rx.try_recv().expect("seeding tells listeners to reload");
    assert_eq!(notice.cause, "seeded");
    assert!(notice.ids.is_empty(), "a bulk change: reload everything");

    let facets = t.app.facets().await.unwrap();
    let kinds: HashSet<_> = facets.channels.iter().map(|c| c.kind).collect();
    assert_eq!(facets.channels.len(), 2);
    assert!(kinds.contains(&ChannelKind::Demo));
    assert_eq!(facets.locations.len(), 5);
    assert!(!facets.carriers.is_empty(), "routed orders have carriers");
    assert_eq!(t.store.order_count().await.unwrap(), 500);
    let info = t.app.workspace_info().await.unwrap();
    assert_eq!(info.order_count, 500);

    let all = t.all().await;
    assert_eq!(all.len(), 500);
    let statuses: HashSet<_> = all.iter().map(|s| s.status).collect();
    assert!(
        statuses.len() >= 3,
        "history spans several statuses: {statuses:?}"
    );
    for s in &all {
        assert_eq!(
            s.status == OrderStatus::OnHold,
            s.hold_reason.is_some(),
            "{}: a hold reason exactly when on hold",
            s.number
        );
    }
    // Each order's story starts with its import.
    for s in all.iter().step_by(25) {
        let timeline = t.timeline(&s.id).await;
        assert!(
            matches!(timeline[0].kind, waybill_core::EventKind::Imported { .. }),
            "{}: {timeline:?}",
            s.number
        );
        assert!(
            timeline.windows(2).all(|w| w[0].at <= w[1].at),
            "oldest first"
        );
    }
}

#[tokio::test]
async fn a_default_sized_seed_fills_every_status_tab() {
    let t = fresh().await;
    t.app
        .seed_demo(
            waybill_app::demo::DEFAULT_HISTORY,
            |_| {},
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    let counts = t.app.tab_counts(&OrderFilter::default()).await.unwrap();
    for c in &counts {
        assert!(c.count > 0, "the {} tab is empty: {counts:?}", c.status);
    }
    let total: u32 = counts.iter().map(|c| c.count).sum();
    assert_eq!(u64::from(total), waybill_app::demo::DEFAULT_HISTORY);
}

#[tokio::test]
async fn seeding_twice_adds_orders_without_duplicates() {
    let t = fresh().await;
    let no = AtomicBool::new(false);
    t.app.seed_demo(300, |_| {}, &no).await.unwrap();
    let ws = t.app.demo_workspace().await.unwrap().unwrap();
    t.app.seed_demo(300, |_| {}, &no).await.unwrap();
    assert_eq!(t.store.order_count().await.unwrap(), 600);
    let again = t.app.demo_workspace().await.unwrap().unwrap();
    assert_eq!(again.storefront, ws.storefront, "the same workspace");
    assert_eq!(again.channels.len(), 2, "no second set of channels");
    assert_eq!(again.locations.len(), 5);

    let all = t.all().await;
    assert_eq!(all.len(), 600);
    let ids: HashSet<_> = all.iter().map(|s| s.id.clone()).collect();
    let numbers: HashSet<_> = all.iter().map(|s| s.number.clone()).collect();
    assert_eq!(ids.len(), 600, "unique ids");
    assert_eq!(numbers.len(), 600, "unique order numbers");
    let mut external = HashSet::new();
    for s in &all {
        let o = t.stored(&s.id).await.order;
        assert!(
            external.insert((o.channel_id, o.external_id.clone())),
            "duplicate external id {}",
            o.external_id
        );
    }
}

#[tokio::test]
async fn seeding_a_database_with_a_real_channel_is_refused() {
    let t = fresh().await;
    let shop = t.channel("My real shop").await;
    t.import(&shop, vec![incoming("1", "A real customer")])
        .await;

    let err = t
        .app
        .seed_demo(50, |_| {}, &AtomicBool::new(false))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(err.message.contains("real workspace"), "{}", err.message);
    assert_eq!(t.store.order_count().await.unwrap(), 1, "nothing added");
    let channels = t.store.channels().await.unwrap();
    assert_eq!(channels.len(), 1, "no demo channels added");
    assert_eq!(channels[0].id, shop);
    assert!(t.app.ensure_demo_workspace().await.unwrap().is_none());
    assert!(t.store.locations().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_cancel_flag_set_before_seeding_stops_it_before_any_order() {
    let t = fresh().await;
    let out = t
        .app
        .seed_demo(500, |_| {}, &AtomicBool::new(true))
        .await
        .unwrap();
    assert_eq!(out.orders, 0);
    assert_eq!(out.events, 0);
    assert!(out.cancelled);
    assert_eq!(t.store.order_count().await.unwrap(), 0);
}

#[tokio::test]
async fn cancelling_during_a_seed_stops_it_between_batches() {
    let t = fresh().await;
    let cancel = AtomicBool::new(false);
    let out = t
        .app
        .seed_demo(
            12_000,
            |p| {
                if p.done > 0 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .await
        .unwrap();
    assert!(out.cancelled);
    assert!(
        out.orders > 0 && out.orders < 12_000,
        "stopped after a whole batch: {}",
        out.orders
    );
    assert_eq!(
        t.store.order_count().await.unwrap(),
        out.orders,
        "whole batches only: what it reports is what is stored"
    );
    // Seeding on resumes after what was stored, with no duplicates.
    t.app
        .seed_demo(10, |_| {}, &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!(t.store.order_count().await.unwrap(), out.orders + 10);
}

#[tokio::test]
async fn the_demo_workspace_is_created_once() {
    let t = fresh().await;
    let a = t.app.ensure_demo_workspace().await.unwrap().unwrap();
    let b = t.app.ensure_demo_workspace().await.unwrap().unwrap();
    assert_eq!(a.storefront, b.storefront);
    assert_eq!(t.store.channels().await.unwrap().len(), 2);
    let by_kind: BTreeMap<_, _> = t
        .store
        .locations()
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.name, l.kind))
        .collect();
    assert_eq!(by_kind.len(), 5);
}

/// The live demo store imports through the same sync as a real channel, so its card on the
/// Channels screen shows when it last synced and what arrived (it used to say "never").
#[tokio::test(flavor = "multi_thread")]
async fn the_live_demo_store_records_its_syncs_on_its_channel() {
    let t = fresh().await;
    let ws = t.app.ensure_demo_workspace().await.unwrap().unwrap();
    // A minute after opening, the simulated shop has sold a few orders.
    t.advance(chrono::Duration::minutes(1));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let live = tokio::spawn(waybill_app::demo::run_live_storefront(
        t.app.clone(),
        stopped,
    ));
    let mut status = t.app.channel_status(&ws.storefront).await.unwrap();
    for _ in 0..100 {
        if status.last_success_at.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        status = t.app.channel_status(&ws.storefront).await.unwrap();
    }
    stop.send(true).unwrap();
    live.await.unwrap().unwrap();
    assert_eq!(status.last_success_at, Some(t.now()), "{status:?}");
    assert!(status.total_imported >= 1, "{status:?}");
    assert_eq!(status.last_error, None);
}
