//! The demo storefront running live: new orders arrive every few seconds through the
//! connector interface, and a simulated packer ships the oldest ready orders, so a newcomer
//! sees an operation that moves.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use tokio::sync::watch;
use waybill_core::edit::ManualAction;
use waybill_core::query::{OrderFilter, OrderQuery, SortKey};
use waybill_core::{Actor, OrderStatus};
use waybill_sync::demo::DemoStorefront;

use super::history::carrier_for;
use crate::{App, AppError};

/// One simulated order every this many seconds.
const ORDER_EVERY_SECS: i64 = 15;
const TICK: StdDuration = StdDuration::from_secs(3);
/// A supplier delivery every 100 ticks (five minutes).
const DELIVERY_EVERY_TICKS: u64 = 100;

/// Runs until `stop` turns true. Errors are logged and retried next tick: the demo must never
/// take the window down.
pub async fn run_live_storefront(
    app: App,
    mut stop: watch::Receiver<bool>,
) -> Result<(), AppError> {
    let Some(ws) = app.ensure_demo_workspace().await? else {
        return Ok(());
    };
    let shop = storefront(&app, &ws);
    app.set_demo_running(true);
    tracing::info!(channel = %ws.storefront, "demo storefront is live");
    let mut ticks = 0u64;
    loop {
        if let Err(e) = tick(&app, &shop, &ws.storefront, ticks).await {
            tracing::warn!(error = %e, "demo storefront tick failed; retrying");
        }
        if ticks % DELIVERY_EVERY_TICKS == DELIVERY_EVERY_TICKS / 2
            && let Err(e) = app
                .demo_delivery(&ws.locations, ticks / DELIVERY_EVERY_TICKS)
                .await
        {
            tracing::warn!(error = %e, "demo delivery failed");
        }
        ticks += 1;
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
    }
    app.set_demo_running(false);
    Ok(())
}

/// The simulated storefront of `ws`, reading the app's clock: the live demo and the CLI's
/// `outbox run` / `sync` use the same one, so they see the same shop.
pub fn storefront(app: &App, ws: &super::DemoWorkspace) -> DemoStorefront {
    let clock = app.clock.clone();
    DemoStorefront::new(
        0x5709E,
        ws.opened_at,
        Duration::seconds(ORDER_EVERY_SECS),
        Arc::new(move || clock()),
    )
}

async fn tick(
    app: &App,
    shop: &DemoStorefront,
    channel: &waybill_core::ChannelId,
    n: u64,
) -> Result<(), AppError> {
    // Import whatever the shop has sold since the stored cursor, exactly as a real channel's
    // sync does, so the Channels screen shows the demo store's last sync and counts too.
    app.sync_channel_once(channel, shop).await?;
    // Every fifth tick the packer ships the oldest ready order.
    if n % 5 == 4 {
        let oldest = OrderQuery {
            filter: OrderFilter {
                status: Some(OrderStatus::Ready),
                ..OrderFilter::default()
            },
            sort: SortKey::PlacedAt,
            descending: false,
            after: None,
            limit: 1,
        };
        if let Some(summary) = app.list_orders(&oldest).await?.items.into_iter().next() {
            let detail = app.order_detail(&summary.id).await?;
            let (carrier, service) = carrier_for(&detail.order);
            let tracking = format!(
                "DEMO{}",
                &summary.id.as_str()[summary.id.as_str().len() - 10..]
            );
            let ship = ManualAction::Ship {
                carrier: carrier.into(),
                service: Some(service.into()),
                tracking: vec![tracking],
            };
            app.apply_one(&summary.id, &ship, &Actor::user("packer"))
                .await?;
        }
    }
    Ok(())
}
