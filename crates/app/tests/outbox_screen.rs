//! What the outbox screen and the connection bar show: each effect with its order's number and
//! its channel's name, and offline/online from how the last delivery reached the channel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use waybill_app::outbox::Connectors;
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, ChannelId, OrderId};
use waybill_sync::HttpSettings;
use waybill_sync::shopify::{ShopifyConfig, ShopifyConnector};

use common::*;

async fn shipped_order(t: &TestApp) -> (ChannelId, OrderId) {
    let channel = t.channel("Shop").await;
    let mut o = incoming("5600000001001", "Grace");
    o.lines = vec![line("MUG-BLK-12", 2, 1_500)];
    let order = t.import(&channel, vec![o]).await.remove(0);
    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: None,
        tracking: vec!["1Z999".into()],
    };
    t.app
        .apply_one(&order, &ship, &Actor::user("ana"))
        .await
        .unwrap();
    (channel, order)
}

#[tokio::test]
async fn listed_effects_carry_the_order_number_and_channel_name() {
    let t = fresh().await;
    let (channel, order) = shipped_order(&t).await;
    let view = t.app.outbox().await.unwrap();
    assert_eq!(view.counts.pending, 1);
    let effect = &view.effects[0];
    assert_eq!(effect.channel_id, Some(channel));
    assert_eq!(effect.channel_name, "Shop");
    assert_eq!(effect.order_id.as_ref(), Some(&order));
    assert_eq!(effect.order_number.as_deref(), Some("#5600000001001"));
}

#[tokio::test]
async fn a_delivery_that_cannot_connect_turns_the_bar_offline_with_the_backlog() {
    let t = fresh().await;
    let (channel, _) = shipped_order(&t).await;
    // Nothing listens on the discard port on loopback: the connection is refused.
    let http = HttpSettings::new("http://127.0.0.1:9", std::time::Duration::from_secs(2)).unwrap();
    let config = ShopifyConfig::new(
        http,
        "shpat_x",
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
    );
    let mut connectors: Connectors = HashMap::new();
    connectors.insert(channel, Arc::new(ShopifyConnector::new(config).unwrap()));
    let report = t.app.deliver_outbox(&connectors).await.unwrap();
    assert_eq!(report.retrying.len(), 1);

    let bar = t.app.connectivity().await.unwrap();
    assert!(!bar.online);
    assert_eq!(bar.pending, 1, "the effect waits in the outbox");
    assert_eq!(bar.dead, 0);
    assert_eq!(bar.oldest_pending_at, Some(t.now()));
    assert!(bar.last_error.unwrap().contains("could not be reached"));
}
