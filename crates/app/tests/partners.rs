//! Fulfillment partners as use cases over a real SQLite file: hand-offs delivered to fake
//! Amazon MCF and 3PL servers (and the simulated partner), their confirmations applied to
//! shipments, orders, stock and the channel's tracking, rejections held and routed again, and
//! each partner's health.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use chrono::Duration;
use serde_json::json;
use waybill_app::credentials::CredentialStore;
use waybill_app::inventory::locations::NewLocation;
use waybill_app::inventory::stock::StockChange;
use waybill_app::partners::{AdapterKind, Partners};
use waybill_app::{App, ErrorCode};
use waybill_core::inventory::Product;
use waybill_core::rules::Ruleset;
use waybill_core::{
    Actor, ChannelId, EventKind, HoldReason, LocationId, LocationKind, NewOrder, OrderId,
    OrderStatus,
};
use waybill_store::{EffectKind, EffectStatus, OutboxFilter, ShipmentStatus};
use waybill_sync::fakes::{FakeMcf, FakeThreePl};

use common::*;

const MUG: &str = "MUG-BLK-12";
const TEE: &str = "TEE-WHT-M";
/// Stocked at the 3PL, unknown to Amazon.
const CAP: &str = "CAP-NVY";

struct World {
    t: TestApp,
    app: App,
    channel: ChannelId,
}

/// A workspace with a Shopify channel and the catalogue the fakes know; partner secrets go to
/// an encrypted file in the test's folder.
async fn world() -> World {
    let t = fresh().await;
    let app = t
        .app
        .clone()
        .with_credentials(CredentialStore::encrypted_file(&t.path));
    let channel = t.channel("Main shop").await;
    app.upsert_products(&[
        Product::new(MUG, "Mug", 300, None, &[]),
        Product::new(TEE, "Tee", 200, None, &[]),
        Product::new(CAP, "Cap", 100, None, &[]),
    ])
    .await
    .unwrap();
    World { t, app, channel }
}

fn settings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

impl World {
    async fn location(&self, name: &str, kind: LocationKind, s: &[(&str, &str)]) -> LocationId {
        self.app
            .add_location(&NewLocation {
                name: name.into(),
                kind,
                postal_code: "89502".into(),
                country: "US".into(),
                daily_capacity: None,
                settings: settings(s),
            })
            .await
            .unwrap()
    }

    /// Amazon MCF at `fake`, configured through settings and the credential store.
    async fn mcf(&self, fake: &FakeMcf) -> LocationId {
        let uri = fake.server.uri();
        let id = self
            .location("Amazon MCF", LocationKind::AmazonMcf, &[])
            .await;
        self.app
            .set_partner_settings(
                &id,
                &settings(&[
                    ("base_url", &uri),
                    ("lwa_url", &uri),
                    ("marketplace_id", FakeMcf::MARKETPLACE),
                    ("client_id", FakeMcf::CLIENT_ID),
                    ("timeout_secs", "10"),
                ]),
                &settings(&[
                    ("client_secret", FakeMcf::CLIENT_SECRET),
                    ("refresh_token", FakeMcf::REFRESH_TOKEN),
                ]),
            )
            .await
            .unwrap();
        id
    }

    async fn threepl(&self, fake: &FakeThreePl) -> LocationId {
        let uri = fake.server.uri();
        let id = self
            .location("ShipBob", LocationKind::ThirdPartyLogistics, &[])
            .await;
        self.app
            .set_partner_settings(
                &id,
                &settings(&[
                    ("base_url", &uri),
                    ("channel_id", FakeThreePl::CHANNEL_ID),
                    ("timeout_secs", "10"),
                ]),
                &settings(&[("token", FakeThreePl::TOKEN)]),
            )
            .await
            .unwrap();
        id
    }

    async fn stock(&self, location: &LocationId, units: &[(&str, u32)]) {
        let changes: Vec<StockChange> = units
            .iter()
            .map(|(sku, n)| StockChange::Count {
                location_id: location.clone(),
                sku: (*sku).into(),
                on_hand: *n,
            })
            .collect();
        self.app
            .change_stock(&changes, &Actor::user("ana"))
            .await
            .unwrap();
    }

    /// Every order ships from the first of `ranked` that has all of it.
    async fn ranked(&self, ranked: &[&LocationId]) {
        let locations: Vec<String> = ranked.iter().map(ToString::to_string).collect();
        let rs = Ruleset::from_value(&json!({"version": 0, "rules": [{
            "id": format!("rul_{:0>26}", 1), "name": "Partners first", "stage": "location",
            "priority": 1, "enabled": true, "stop_processing": false, "when": "always",
            "then": [{"choose_location": {"strategy": "ranked", "locations": locations}}]
        }]}))
        .unwrap();
        self.app
            .save_ruleset(&rs, 0, &Actor::user("ana"))
            .await
            .unwrap();
    }

    async fn import(&self, orders: Vec<NewOrder>) -> Vec<OrderId> {
        self.t.import(&self.channel, orders).await
    }

    async fn partners(&self) -> Partners {
        self.app.partners().await.unwrap()
    }

    async fn shipments(&self, order: &OrderId) -> Vec<waybill_store::ShipmentRow> {
        self.t.store.shipments_of(order).await.unwrap()
    }

    async fn fulfillments(&self) -> Vec<waybill_app::outbox::FulfillmentPayload> {
        self.t
            .store
            .effects(OutboxFilter::Only(EffectStatus::Pending), 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == EffectKind::Fulfillment)
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect()
    }

    /// Rule: `reserved` equals what open shipments still hold, row for row.
    async fn reservations_match_shipments(&self) {
        let mut rows: Vec<(LocationId, String, u32)> = self
            .t
            .store
            .stock_rows()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.level.reserved > 0)
            .map(|r| (r.location_id, r.sku, r.level.reserved))
            .collect();
        rows.sort();
        let mut held = self.t.store.reserved_by_shipments().await.unwrap();
        held.sort();
        assert_eq!(rows, held, "reserved stock equals open shipments' units");
    }

    async fn reserved(&self, location: &LocationId, sku: &str) -> u32 {
        self.t
            .store
            .stock_rows()
            .await
            .unwrap()
            .into_iter()
            .find(|r| &r.location_id == location && r.sku == sku)
            .map_or(0, |r| r.level.reserved)
    }

    async fn events(&self, order: &OrderId, name: &str) -> Vec<EventKind> {
        self.t
            .timeline(order)
            .await
            .into_iter()
            .map(|e| e.kind)
            .filter(|k| k.name() == name)
            .collect()
    }
}

/// Two mugs and a tee, as the fakes stock them.
fn mugs_and_tee(external_id: &str) -> NewOrder {
    let mut o = incoming(external_id, "Ada Lovelace");
    o.lines = vec![line(MUG, 2, 1_800), line(TEE, 1, 2_200)];
    o.subtotal = 5_800;
    o.total = 5_800;
    o
}

fn caps(external_id: &str) -> NewOrder {
    let mut o = incoming(external_id, "Grace Hopper");
    o.lines = vec![line(CAP, 1, 2_500)];
    o.subtotal = 2_500;
    o.total = 2_500;
    o
}

/// Rule: a hand-off reaches the partner exactly once, even when its answer is lost and the
/// delivery is repeated (a retry, a second worker, a second run after the first finished).
#[tokio::test]
async fn a_hand_off_reaches_the_partner_exactly_once_however_often_delivery_runs() {
    let w = world().await;
    let fake = FakeThreePl::start().await;
    let shipbob = w.threepl(&fake).await;
    w.stock(&shipbob, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&shipbob]).await;
    let order = w.import(vec![mugs_and_tee("1001")]).await[0].clone();
    let shipment = w.shipments(&order).await[0].id.clone();
    assert_eq!(w.t.status(&order).await, OrderStatus::Ready);

    // The warehouse creates the order but its answer is lost: a retryable failure.
    fake.lose_next_create_answer(1);
    let partners = w.partners().await;
    let first = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(first.retrying.len(), 1, "{first:?}");
    assert_eq!(fake.created(&shipment), 1);
    assert_eq!(w.t.status(&order).await, OrderStatus::Ready);

    // Not due yet: a second run sends nothing.
    let early = w.app.deliver_handoffs(&partners).await.unwrap();
    assert!(early.is_idle(), "{early:?}");
    assert_eq!(fake.create_attempts(&shipment), 1);

    w.t.advance(Duration::minutes(5));
    let again = w.app.deliver_handoffs(&w.partners().await).await.unwrap();
    assert_eq!(again.handed_off, std::slice::from_ref(&shipment));
    assert_eq!(
        again.repeats, 1,
        "the repeat found the first attempt's order"
    );
    for _ in 0..2 {
        let idle = w.app.deliver_handoffs(&w.partners().await).await.unwrap();
        assert!(idle.is_idle(), "{idle:?}");
    }
    assert_eq!(fake.created(&shipment), 1, "one order at the warehouse");
    assert_eq!(fake.create_attempts(&shipment), 2);
    assert_eq!(w.events(&order, "handed_off").await.len(), 1);
    assert_eq!(
        w.events(&order, "handed_off").await[0],
        EventKind::HandedOff {
            partner: "ShipBob".into()
        }
    );
    let s = &w.shipments(&order).await[0];
    assert_eq!(s.status, ShipmentStatus::HandedOff);
    assert!(s.partner_ref.is_some(), "the warehouse's own id is kept");
    w.reservations_match_shipments().await;
}

/// Rule: a partner's acknowledgement moves the shipment on, and an order all of whose parts
/// are with partners is `handed_off`.
#[tokio::test]
async fn an_accepted_hand_off_makes_the_order_handed_off() {
    let w = world().await;
    let fake = FakeMcf::start().await;
    let mcf = w.mcf(&fake).await;
    w.stock(&mcf, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&mcf]).await;
    let order = w.import(vec![mugs_and_tee("1001")]).await[0].clone();
    let partners = w.partners().await;
    let report = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(report.handed_off.len(), 1);
    assert_eq!(w.t.status(&order).await, OrderStatus::HandedOff);
    let shipment = w.shipments(&order).await[0].clone();
    assert_eq!(shipment.status, ShipmentStatus::HandedOff);
    assert_eq!(fake.created(&shipment.id), 1);

    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(sync.accepted, std::slice::from_ref(&shipment.id));
    let s = &w.shipments(&order).await[0];
    assert_eq!(s.status, ShipmentStatus::Accepted);
    assert!(s.acknowledged_at.is_some());
    assert_eq!(w.t.status(&order).await, OrderStatus::HandedOff);
    assert_eq!(
        w.reserved(&mcf, MUG).await,
        2,
        "still reserved until it ships"
    );
    w.reservations_match_shipments().await;
}

/// Rule: each parcel a partner reports is recorded once, takes its units off the shelf and
/// owes the channel one tracking write-back; the order is partially shipped until every part
/// has shipped, and only the last write-back completes it.
#[tokio::test]
async fn parcels_ship_the_order_part_by_part_with_one_write_back_each() {
    let w = world().await;
    let fake = FakeMcf::start().await;
    let mcf = w.mcf(&fake).await;
    w.stock(&mcf, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&mcf]).await;
    let order = w.import(vec![mugs_and_tee("1001")]).await[0].clone();
    let partners = w.partners().await;
    w.app.deliver_handoffs(&partners).await.unwrap();
    let shipment = w.shipments(&order).await[0].id.clone();

    fake.ship(&shipment, "UPS", "1ZPARCEL0001", &[(MUG, 2)], false);
    for _ in 0..2 {
        // Read twice: the same report records nothing new the second time.
        w.app.sync_partners(&partners, None).await.unwrap();
    }
    assert_eq!(w.t.status(&order).await, OrderStatus::PartiallyShipped);
    let owed = w.fulfillments().await;
    assert_eq!(owed.len(), 1, "one write-back per parcel");
    assert_eq!(owed[0].tracking_numbers, ["1ZPARCEL0001"]);
    assert_eq!(owed[0].lines.len(), 1);
    assert_eq!(
        (owed[0].lines[0].sku.as_str(), owed[0].lines[0].quantity),
        (MUG, 2)
    );
    assert!(!owed[0].completes_order);
    assert_eq!(w.reserved(&mcf, MUG).await, 0, "the mugs left the shelf");
    assert_eq!(w.reserved(&mcf, TEE).await, 1, "the tee is still held");
    w.reservations_match_shipments().await;

    fake.ship(&shipment, "UPS", "1ZPARCEL0002", &[(TEE, 1)], true);
    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(sync.parcels, ["1ZPARCEL0002"]);
    assert_eq!(sync.shipped, std::slice::from_ref(&shipment));
    assert_eq!(w.t.status(&order).await, OrderStatus::Shipped);
    let owed = w.fulfillments().await;
    assert_eq!(owed.len(), 2);
    assert!(
        owed[1].completes_order,
        "the last parcel completes the order"
    );
    let s = &w.shipments(&order).await[0];
    assert_eq!(s.status, ShipmentStatus::Shipped);
    assert_eq!(s.tracking.as_deref(), Some("1ZPARCEL0001, 1ZPARCEL0002"));
    assert_eq!(w.events(&order, "shipped").await.len(), 2);
    w.reservations_match_shipments().await;

    let view = w.app.order_shipments(&order).await.unwrap();
    assert_eq!(view.len(), 1);
    assert_eq!(view[0].location_name, "Amazon MCF");
    assert_eq!(view[0].packages.len(), 2);
}

/// Rule: a partner's refusal holds the order `partner_rejected` with the partner's reason and
/// puts its units back; routing it again never picks that partner and hands it to the next.
#[tokio::test]
async fn a_rejected_hand_off_is_held_released_and_routed_elsewhere() {
    let w = world().await;
    let amazon = FakeMcf::start().await;
    let warehouse = FakeThreePl::start().await;
    let mcf = w.mcf(&amazon).await;
    let shipbob = w.threepl(&warehouse).await;
    w.stock(&mcf, &[(CAP, 5)]).await;
    w.stock(&shipbob, &[(CAP, 5)]).await;
    w.ranked(&[&mcf, &shipbob]).await;
    let order = w.import(vec![caps("2001")]).await[0].clone();
    assert_eq!(w.shipments(&order).await[0].location_id, mcf);
    assert_eq!(w.reserved(&mcf, CAP).await, 1);

    let partners = w.partners().await;
    let report = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    let held = w.t.stored(&order).await.order;
    assert_eq!(held.status, OrderStatus::OnHold);
    let hold = held.hold.unwrap();
    assert_eq!(hold.reason, HoldReason::PartnerRejected);
    assert!(
        hold.note.contains("SellerSKU") && hold.note.contains("Amazon MCF"),
        "the partner's reason: {}",
        hold.note
    );
    let rejected = &w.shipments(&order).await[0];
    assert_eq!(rejected.status, ShipmentStatus::Rejected);
    assert!(rejected.note.as_deref().unwrap_or("").contains("SellerSKU"));
    assert_eq!(
        w.reserved(&mcf, CAP).await,
        0,
        "the cap went back on the shelf"
    );
    let effects = w.app.outbox().await.unwrap();
    assert!(
        effects
            .effects
            .iter()
            .all(|e| e.kind != EffectKind::Handoff),
        "the refused hand-off is done, not dead: the order carries the outcome"
    );
    w.reservations_match_shipments().await;

    let outcome = w
        .app
        .reroute_orders(std::slice::from_ref(&order), &Actor::user("ana"))
        .await
        .unwrap();
    assert_eq!(outcome.applied, std::slice::from_ref(&order));
    assert_eq!(w.t.status(&order).await, OrderStatus::Ready);
    let shipments = w.shipments(&order).await;
    assert_eq!(shipments.len(), 2);
    assert_eq!(shipments[1].location_id, shipbob, "never back to Amazon");
    assert_eq!(shipments[1].status, ShipmentStatus::Reserved);
    w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(w.t.status(&order).await, OrderStatus::HandedOff);
    assert_eq!(warehouse.created(&shipments[1].id), 1);
    assert_eq!(amazon.orders(), 0);
    w.reservations_match_shipments().await;

    // Routing again is for held orders only.
    let refused = w
        .app
        .reroute_orders(std::slice::from_ref(&order), &Actor::user("ana"))
        .await
        .unwrap();
    assert_eq!(refused.refused[0].code, ErrorCode::NotAllowed);
}

/// Rule: a partner that throttles, or whose access token expired, still gets every hand-off:
/// throttling is retried after the wait it asked for, an expired token is renewed once.
#[tokio::test]
async fn throttling_and_token_expiry_go_through() {
    let w = world().await;
    let fake = FakeMcf::start().await;
    let mcf = w.mcf(&fake).await;
    w.stock(&mcf, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&mcf]).await;
    let orders = w
        .import(vec![mugs_and_tee("1001"), mugs_and_tee("1002")])
        .await;
    let partners = w.partners().await;

    fake.throttle_next(1, Some("1"), None);
    let first = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(first.retrying.len(), 1, "{first:?}");
    // The other hand-off may have been on its way already; none is sent after the 429.
    assert!(first.handed_off.len() <= 1, "{first:?}");
    let pending = w.app.outbox().await.unwrap();
    let throttled = pending
        .effects
        .iter()
        .find(|e| e.kind == EffectKind::Handoff && e.attempts == 1)
        .unwrap();
    assert!(
        throttled
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("slow down")
    );

    w.t.advance(Duration::minutes(2));
    let second = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(
        first.handed_off.len() + second.handed_off.len(),
        2,
        "{second:?}"
    );

    fake.expire_tokens();
    let tokens = fake.token_requests();
    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert!(sync.errors.is_empty(), "{:?}", sync.errors);
    assert_eq!(sync.accepted.len(), 2);
    assert_eq!(fake.token_requests(), tokens + 1, "renewed once");
    for o in &orders {
        assert_eq!(w.t.status(o).await, OrderStatus::HandedOff);
        assert_eq!(fake.created(&w.shipments(o).await[0].id), 1);
    }
}

/// Rule: the health view counts what waits at a partner, since when it waits unacknowledged,
/// how many exchanges failed in the window, and what is past its SLA.
#[tokio::test]
async fn partner_health_counts_backlog_age_errors_and_sla_breaches() {
    let w = world().await;
    let fake = FakeThreePl::start().await;
    let shipbob = w.threepl(&fake).await;
    w.stock(&shipbob, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&shipbob]).await;
    w.import(vec![
        mugs_and_tee("1001"),
        mugs_and_tee("1002"),
        mugs_and_tee("1003"),
    ])
    .await;
    let handed_at = w.t.now();
    let partners = w.partners().await;
    fake.fail_next(1, 503);
    let report = w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!((report.handed_off.len(), report.retrying.len()), (2, 1));

    let view = w.app.partners_view().await.unwrap();
    let h = view.partners.iter().find(|p| p.id == shipbob).unwrap();
    assert_eq!(h.adapter, Some(AdapterKind::Threepl));
    assert_eq!(h.problem, None);
    assert_eq!(h.counts.handed_off, 2);
    assert_eq!(h.counts.reserved, 1);
    assert_eq!(h.pending_handoffs, 1);
    assert_eq!(h.backlog, 3, "two with the partner, one still to hand off");
    assert_eq!(h.oldest_unacknowledged_at, Some(handed_at));
    assert_eq!((h.exchanges, h.failures), (3, 1));
    assert!((h.error_rate - 1.0 / 3.0).abs() < 1e-9);
    assert!(h.last_error.as_deref().unwrap_or("").contains("503"));
    assert_eq!(h.last_success_at, Some(handed_at));
    assert_eq!(h.sla_breaches, 0);

    // A day and more without an acknowledgement breaches the SLA.
    w.t.advance(Duration::hours(25));
    let h = w.app.partners_view().await.unwrap().partners[0].clone();
    assert_eq!(h.sla_breaches, 2);
    assert_eq!((h.exchanges, h.failures), (0, 0), "the window ran out");

    // Acknowledged, then three days without shipping breach it again.
    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(sync.accepted.len(), 2);
    let h = w.app.partners_view().await.unwrap().partners[0].clone();
    assert_eq!(h.sla_breaches, 0);
    assert_eq!(h.oldest_unacknowledged_at, None);
    assert!(h.last_sync_at.is_some());
    w.t.advance(Duration::hours(73));
    let h = w.app.partners_view().await.unwrap().partners[0].clone();
    assert_eq!(h.sla_breaches, 2);
    assert_eq!(h.backlog, 3);

    let list = w.app.partner_handoffs(&shipbob, 10).await.unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|s| s.order_number.starts_with('#')));
    assert_eq!(
        list.iter()
            .filter(|s| s.status == ShipmentStatus::Accepted)
            .count(),
        2
    );
}

/// Rule: a partner's adapter comes from its settings and the credential store: a missing
/// setting or secret is named, a secret is never accepted as a setting (the database).
#[tokio::test]
async fn adapters_are_built_from_settings_and_name_what_is_missing() {
    let w = world().await;
    let bare = w.location("Amazon MCF", LocationKind::AmazonMcf, &[]).await;
    let vendor = w
        .location("Vendor", LocationKind::DropShipVendor, &[])
        .await;
    let partners = w.partners().await;
    let why = |id: &LocationId| {
        partners
            .not_configured
            .iter()
            .find(|(l, _)| l == id)
            .map(|(_, why)| why.clone())
            .unwrap()
    };
    assert!(why(&bare).starts_with("base_url:"), "{}", why(&bare));
    assert!(why(&vendor).starts_with("folder:"), "{}", why(&vendor));

    let refused = w
        .app
        .set_partner_settings(
            &bare,
            &settings(&[
                ("base_url", "https://sellingpartnerapi-na.amazon.com"),
                ("refresh_token", "x"),
            ]),
            &BTreeMap::new(),
        )
        .await
        .unwrap_err();
    assert!(
        refused.message.starts_with("refresh_token:"),
        "{}",
        refused.message
    );
    w.app
        .set_partner_settings(
            &bare,
            &settings(&[
                ("base_url", "https://sellingpartnerapi-na.amazon.com"),
                ("marketplace_id", "ATVPDKIKX0DER"),
                ("client_id", "amzn1.application-oa2-client.x"),
            ]),
            &settings(&[("client_secret", "secret-value-1")]),
        )
        .await
        .unwrap();
    let partners = w.partners().await;
    let why = &partners
        .not_configured
        .iter()
        .find(|(l, _)| l == &bare)
        .unwrap()
        .1;
    assert!(
        why.starts_with("refresh_token: not in the credential store"),
        "{why}"
    );
    let stored: Vec<(String,)> = {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", w.t.path.display()))
            .await
            .unwrap();
        let rows = sqlx::query_as("SELECT settings FROM locations")
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    };
    assert!(
        stored.iter().all(|(s,)| !s.contains("secret-value-1")),
        "secrets never reach the database"
    );
    let folder = w.t.dir.path().join("vendor");
    let id = w
        .location(
            "Folder vendor",
            LocationKind::DropShipVendor,
            &[("folder", folder.to_str().unwrap())],
        )
        .await;
    let partners = w.partners().await;
    assert_eq!(
        partners.get(&id).unwrap().adapter_kind,
        AdapterKind::DropshipFolder
    );
}

/// Rule: the simulated partner behaves like a real one end to end, and remembers its
/// hand-offs in a file beside the database, so a restart changes nothing.
#[tokio::test]
async fn simulated_partners_ship_or_refuse_every_hand_off_and_survive_a_restart() {
    let w = world().await;
    let sim = w
        .location(
            "Simulated 3PL",
            LocationKind::ThirdPartyLogistics,
            &[
                ("adapter", "simulated"),
                ("seed", "7"),
                ("ship_after_minutes", "20"),
            ],
        )
        .await;
    w.stock(&sim, &[(MUG, 400), (TEE, 400)]).await;
    w.ranked(&[&sim]).await;
    let orders = w
        .import(
            (0..24)
                .map(|i| mugs_and_tee(&format!("30{i:02}")))
                .collect(),
        )
        .await;
    let report = w.app.deliver_handoffs(&w.partners().await).await.unwrap();
    assert_eq!(report.handed_off.len(), 24);
    let state =
        w.t.dir
            .path()
            .join("waybill.db.partners")
            .join(format!("{sim}.json"));
    assert!(state.exists(), "state kept beside the database");

    w.t.advance(Duration::days(1));
    // A new set of adapters: the partner reads its state back from the file.
    let sync = w
        .app
        .sync_partners(&w.partners().await, None)
        .await
        .unwrap();
    assert!(sync.errors.is_empty(), "{:?}", sync.errors);
    assert_eq!(sync.reconciled.len(), 1, "its stock report was taken");
    for o in &orders {
        let order = w.t.stored(o).await.order;
        match order.status {
            OrderStatus::Shipped => {}
            OrderStatus::OnHold => {
                assert_eq!(order.hold.unwrap().reason, HoldReason::PartnerRejected)
            }
            other => panic!("{} is {other}", order.number),
        }
    }
    let again = w
        .app
        .sync_partners(&w.partners().await, None)
        .await
        .unwrap();
    assert_eq!(again.polled, 0, "nothing left open at the partner");
    w.reservations_match_shipments().await;
}

const HAT: &str = "HAT-RED";

/// An order for a mug and a hat, split by availability between Amazon (the mug) and the 3PL
/// (the hat, which the 3PL has never stocked and will refuse); Reno also has hats.
struct Split {
    w: World,
    amazon: FakeMcf,
    _warehouse: FakeThreePl,
    mcf: LocationId,
    shipbob: LocationId,
    reno: LocationId,
    order: OrderId,
    parts: Vec<waybill_store::ShipmentRow>,
}

async fn split_order() -> Split {
    let w = world().await;
    w.app
        .upsert_products(&[Product::new(HAT, "Hat", 100, None, &[])])
        .await
        .unwrap();
    let amazon = FakeMcf::start().await;
    let warehouse = FakeThreePl::start().await;
    let mcf = w.mcf(&amazon).await;
    let shipbob = w.threepl(&warehouse).await;
    let reno = w.location("Reno", LocationKind::Warehouse, &[]).await;
    w.stock(&mcf, &[(MUG, 5)]).await;
    w.stock(&shipbob, &[(HAT, 5)]).await;
    w.stock(&reno, &[(HAT, 5)]).await;
    let rs = Ruleset::from_value(&json!({"version": 0, "rules": [{
        "id": format!("rul_{:0>26}", 1), "name": "Split", "stage": "location",
        "priority": 1, "enabled": true, "stop_processing": false, "when": "always",
        "then": [{"choose_location": {"strategy": "split_by_availability"}}]
    }]}))
    .unwrap();
    w.app
        .save_ruleset(&rs, 0, &Actor::user("ana"))
        .await
        .unwrap();
    let mut o = incoming("4001", "Ada Lovelace");
    o.lines = vec![line(MUG, 1, 1_800), line(HAT, 1, 1_200)];
    let order = w.import(vec![o]).await[0].clone();
    let parts = w.shipments(&order).await;
    let at: Vec<&LocationId> = parts.iter().map(|s| &s.location_id).collect();
    assert_eq!(at, [&mcf, &shipbob], "split between the two partners");

    Split {
        w,
        amazon,
        _warehouse: warehouse,
        mcf,
        shipbob,
        reno,
        order,
        parts,
    }
}

/// Rule: when one part of a split order is refused, the parts still with partners stay where
/// they are and routing again places only the refused lines, elsewhere.
#[tokio::test]
async fn a_refused_part_of_a_split_order_is_routed_again_on_its_own() {
    let Split {
        w,
        amazon,
        mcf,
        shipbob,
        reno,
        order,
        parts,
        ..
    } = split_order().await;
    let partners = w.partners().await;
    w.app.deliver_handoffs(&partners).await.unwrap();
    assert_eq!(w.t.status(&order).await, OrderStatus::HandedOff);
    // The warehouse has never stocked the hat: its order comes back as an exception.
    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(sync.rejected, std::slice::from_ref(&parts[1].id));
    let held = w.t.stored(&order).await.order;
    assert_eq!(held.hold.unwrap().reason, HoldReason::PartnerRejected);
    assert_eq!(w.reserved(&shipbob, HAT).await, 0);
    assert_eq!(w.reserved(&mcf, MUG).await, 1, "Amazon's part stays");

    w.app
        .reroute_orders(std::slice::from_ref(&order), &Actor::user("ana"))
        .await
        .unwrap();
    let parts = w.shipments(&order).await;
    assert_eq!(parts.len(), 3);
    assert_eq!(
        parts[0].status,
        ShipmentStatus::Accepted,
        "Amazon keeps its part"
    );
    assert_eq!(parts[2].location_id, reno, "only the hat, from Reno");
    assert_eq!(parts[2].lines.len(), 1);
    assert_eq!((parts[2].lines[0].line, parts[2].lines[0].quantity), (1, 1));
    assert_eq!(w.t.status(&order).await, OrderStatus::Ready);
    w.reservations_match_shipments().await;

    // Amazon ships its part: partially shipped until Reno ships the hat.
    amazon.ship(&parts[0].id, "UPS", "1ZSPLIT0001", &[(MUG, 1)], true);
    w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(w.t.status(&order).await, OrderStatus::PartiallyShipped);
    assert!(!w.fulfillments().await[0].completes_order);
    w.reservations_match_shipments().await;
}

/// Rule: a shipment the partner cancels on its own gives its units back and holds the order,
/// which still needs those goods shipped.
#[tokio::test]
async fn a_shipment_the_partner_cancels_releases_its_stock_and_holds_the_order() {
    let w = world().await;
    let fake = FakeMcf::start().await;
    let mcf = w.mcf(&fake).await;
    w.stock(&mcf, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&mcf]).await;
    let order = w.import(vec![mugs_and_tee("5001")]).await[0].clone();
    let partners = w.partners().await;
    w.app.deliver_handoffs(&partners).await.unwrap();
    let shipment = w.shipments(&order).await[0].id.clone();
    fake.set_status(&shipment, "Cancelled");
    let sync = w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(sync.cancelled, std::slice::from_ref(&shipment));
    assert_eq!(
        w.shipments(&order).await[0].status,
        ShipmentStatus::Cancelled
    );
    assert_eq!(w.reserved(&mcf, MUG).await, 0);
    let held = w.t.stored(&order).await.order;
    assert_eq!(held.status, OrderStatus::OnHold);
    assert!(held.hold.unwrap().note.contains("cancelled"));
    w.reservations_match_shipments().await;
}

/// Rule: goods that left while an order was held are never placed again: an order whose every
/// part shipped is shipped (its hold lifted), and routing a held order again places only what
/// has not shipped.
#[tokio::test]
async fn parts_that_ship_while_the_order_is_held_are_never_routed_again() {
    let w = world().await;
    let fake = FakeMcf::start().await;
    let mcf = w.mcf(&fake).await;
    w.stock(&mcf, &[(MUG, 40), (TEE, 12)]).await;
    w.ranked(&[&mcf]).await;
    let orders = w
        .import(vec![mugs_and_tee("6001"), mugs_and_tee("6002")])
        .await;
    let partners = w.partners().await;
    w.app.deliver_handoffs(&partners).await.unwrap();
    let hold = waybill_core::edit::ManualAction::Hold {
        reason: HoldReason::ManualReview,
        note: "address check".into(),
        release_at: None,
    };
    w.app
        .apply_action(&orders, &hold, &Actor::user("ana"))
        .await
        .unwrap();
    let (all, part) = (
        w.shipments(&orders[0]).await[0].id.clone(),
        w.shipments(&orders[1]).await[0].id.clone(),
    );
    fake.ship(&all, "UPS", "1ZHELD0001", &[(MUG, 2), (TEE, 1)], true);
    fake.ship(&part, "UPS", "1ZHELD0002", &[(MUG, 2)], false);
    w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(
        w.t.status(&orders[0]).await,
        OrderStatus::Shipped,
        "hold lifted"
    );
    assert_eq!(w.t.status(&orders[1]).await, OrderStatus::OnHold);

    // Released, the second order keeps its part at Amazon and places nothing new.
    w.app
        .apply_action(
            std::slice::from_ref(&orders[1]),
            &waybill_core::edit::ManualAction::Release {
                note: String::new(),
            },
            &Actor::user("ana"),
        )
        .await
        .unwrap();
    assert_eq!(
        w.shipments(&orders[1]).await.len(),
        1,
        "nothing routed twice"
    );
    fake.ship(&part, "UPS", "1ZHELD0003", &[(TEE, 1)], true);
    w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(w.t.status(&orders[1]).await, OrderStatus::Shipped);
    w.reservations_match_shipments().await;
}

/// Rule: a part that shipped while its order was held for a refused part is never placed
/// again: routing again places only the refused lines, and the order is partially shipped.
#[tokio::test]
async fn routing_again_after_a_part_shipped_places_only_the_rest() {
    let Split {
        w,
        amazon,
        reno,
        order,
        parts,
        ..
    } = split_order().await;
    let partners = w.partners().await;
    w.app.deliver_handoffs(&partners).await.unwrap();
    w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(w.t.status(&order).await, OrderStatus::OnHold);
    // Amazon ships its part while the order is held for the hat: it stays held.
    amazon.ship(&parts[0].id, "UPS", "1ZSPLIT0001", &[(MUG, 1)], true);
    w.app.sync_partners(&partners, None).await.unwrap();
    assert_eq!(w.t.status(&order).await, OrderStatus::OnHold);
    assert_eq!(w.shipments(&order).await[0].status, ShipmentStatus::Shipped);

    w.app
        .reroute_orders(std::slice::from_ref(&order), &Actor::user("ana"))
        .await
        .unwrap();
    let parts = w.shipments(&order).await;
    assert_eq!(parts.len(), 3, "the shipped mug is not placed again");
    assert_eq!(parts[2].location_id, reno);
    assert_eq!(parts[2].lines.len(), 1);
    assert_eq!(parts[2].lines[0].sku, HAT);
    assert_eq!(
        w.t.status(&order).await,
        OrderStatus::PartiallyShipped,
        "the mug has left"
    );
    w.reservations_match_shipments().await;
}
