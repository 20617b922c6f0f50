//! Stock changed by people, files and partners' reports: counts, adjustments with a reason,
//! CSV imports of counts and reconciliations. Each change commits with its audit rows, the
//! channel pushes it causes, and the re-routing of orders that were waiting for that stock
//! (oldest first), in one transaction.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use waybill_core::edit::status_after_release;
use waybill_core::inventory::{AdjustmentReason, Product, StockError, StockMovement};
use waybill_core::{Actor, EventKind, HoldReason, LocationId, OrderEvent, OrderStatus};
use waybill_store::WriteTx;

use super::router::StockRouter;
use crate::rules::rerun;
use crate::{App, AppError, ErrorCode};

/// Orders waiting for stock looked at per change.
const WAITING_BATCH: u32 = 2_000;

/// One stock change to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StockChange {
    /// A count: on hand is what is on the shelf.
    Count {
        location_id: LocationId,
        sku: String,
        on_hand: u32,
    },
    /// Received +, damaged −, with why.
    Adjust {
        location_id: LocationId,
        sku: String,
        delta: i32,
        reason: AdjustmentReason,
        note: String,
    },
}

impl StockChange {
    fn sku(&self) -> &str {
        match self {
            StockChange::Count { sku, .. } | StockChange::Adjust { sku, .. } => sku.trim(),
        }
    }

    fn location(&self) -> &LocationId {
        match self {
            StockChange::Count { location_id, .. } | StockChange::Adjust { location_id, .. } => {
                location_id
            }
        }
    }
}

/// What a stock change did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockOutcome {
    /// Rows changed.
    pub changed_rows: u32,
    /// Orders that were waiting for stock and are now routed.
    pub rerouted: Vec<String>,
    /// Reserved units the locations no longer have (a count came in below what orders hold).
    pub shortfalls: Vec<String>,
}

fn stock_error(e: StockError) -> AppError {
    AppError::new(ErrorCode::InvalidInput, e.to_string())
}

impl App {
    /// Makes `changes` (all or none) by `actor`, then re-routes the orders waiting for the
    /// stock that arrived. SKUs not in the catalogue are added to it (named by their SKU).
    pub async fn change_stock(
        &self,
        changes: &[StockChange],
        actor: &Actor,
    ) -> Result<StockOutcome, AppError> {
        if changes.is_empty() {
            return Ok(StockOutcome::default());
        }
        for c in changes {
            if let StockChange::Adjust {
                reason: AdjustmentReason::Other,
                note,
                sku,
                ..
            } = c
                && note.trim().is_empty()
            {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!("note: say why {sku} was adjusted when the reason is `other`"),
                ));
            }
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        check_locations(&mut tx, changes.iter().map(StockChange::location)).await?;
        let skus: Vec<&str> = changes.iter().map(StockChange::sku).collect();
        let named: Vec<(&str, &str)> = skus.iter().map(|s| (*s, "")).collect();
        add_missing_products(&mut tx, &named, now).await?;
        let mut router = StockRouter::new(&mut tx, now).await?;
        router.prepare(&mut tx, &skus, &[]).await?;
        let mut outcome = StockOutcome::default();
        for c in changes {
            let m = match c {
                StockChange::Count {
                    location_id,
                    sku,
                    on_hand,
                } => router
                    .inventory()
                    .set_count(location_id, sku, *on_hand, actor),
                StockChange::Adjust {
                    location_id,
                    sku,
                    delta,
                    reason,
                    note,
                } => router.inventory().adjust(
                    location_id,
                    sku,
                    i64::from(*delta),
                    *reason,
                    note,
                    actor,
                ),
            }
            .map_err(stock_error)?;
            note_movement(&mut outcome, &m, &router);
            router.apply(m);
        }
        self.finish_stock_change(tx, router, outcome).await
    }

    /// Takes `location`'s whole stock from an external report (a 3PL's or Amazon's): listed
    /// SKUs get their quantity, unlisted ones go to zero.
    pub async fn reconcile_stock(
        &self,
        location: &LocationId,
        snapshot: &[(String, u32)],
        source: &str,
    ) -> Result<StockOutcome, AppError> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        check_locations(&mut tx, std::iter::once(location)).await?;
        let mut skus: Vec<String> = snapshot.iter().map(|(s, _)| s.trim().to_owned()).collect();
        let named: Vec<(&str, &str)> = skus.iter().map(|s| (s.as_str(), "")).collect();
        add_missing_products(&mut tx, &named, now).await?;
        // Every SKU the location has now, so the unlisted ones can go to zero.
        skus.extend(
            tx.all_stock()
                .await?
                .into_iter()
                .filter(|r| &r.location_id == location)
                .map(|r| r.sku),
        );
        let mut router = StockRouter::new(&mut tx, now).await?;
        let refs: Vec<&str> = skus.iter().map(String::as_str).collect();
        router.prepare(&mut tx, &refs, &[]).await?;
        let m = router
            .inventory()
            .reconcile(location, snapshot, source)
            .map_err(stock_error)?;
        let mut outcome = StockOutcome::default();
        note_movement(&mut outcome, &m, &router);
        router.apply(m);
        self.finish_stock_change(tx, router, outcome).await
    }

    /// Re-routes waiting orders, writes everything and commits.
    pub(crate) async fn finish_stock_change(
        &self,
        mut tx: WriteTx,
        mut router: StockRouter,
        mut outcome: StockOutcome,
    ) -> Result<StockOutcome, AppError> {
        let now = self.now();
        let live = self
            .live_rules_at(tx.current_ruleset_version().await?)
            .await?;
        let waiting = tx.orders_waiting_for_stock(WAITING_BATCH).await?;
        let skus: Vec<&str> = waiting
            .iter()
            .flat_map(|o| o.order.lines.iter().map(|l| l.sku.trim()))
            .collect();
        let ids: Vec<&str> = waiting.iter().map(|o| o.order.id.as_str()).collect();
        router.prepare(&mut tx, &skus, &ids).await?;
        let mut events = Vec::new();
        let mut changed = Vec::new();
        for stored in waiting {
            // Try on a copy: an order still short stays held as it is, without a release and a
            // new hold cluttering its timeline every time stock moves.
            let mut order = stored.order.clone();
            let next = status_after_release(order.payment_status);
            if order.status.check_transition(next).is_err() {
                continue;
            }
            let hold = order.hold.take();
            order.status = next;
            let (kinds, record, _) = rerun(&live.compiled, &mut order, now, false);
            if order.status != OrderStatus::Ready {
                continue;
            }
            let routed = router.route(
                &mut order,
                record.location_strategy.as_ref().map(|d| &d.value),
            );
            if order.status != OrderStatus::Ready {
                continue;
            }
            let system = Actor::system();
            events.push(OrderEvent {
                order_id: order.id.clone(),
                at: now,
                actor: system.clone(),
                kind: EventKind::Released {
                    reason: hold.map_or(HoldReason::OutOfStock, |h| h.reason),
                    note: "the missing stock arrived".to_owned(),
                },
            });
            events.extend(OrderEvent::all(&order.id, now, &system, kinds));
            events.extend(routed);
            outcome.rerouted.push(order.number.clone());
            let next = waybill_store::StoredOrder {
                order,
                version: stored.version,
            };
            tx.update_order(&next).await?;
            changed.push(next.order.id);
        }
        tx.append_events(&events).await?;
        router.save(&mut tx).await?;
        tx.commit().await?;
        self.notify(changed, "stock");
        Ok(outcome)
    }
}

fn note_movement(outcome: &mut StockOutcome, m: &StockMovement, router: &StockRouter) {
    outcome.changed_rows += m.deltas.len() as u32;
    outcome
        .shortfalls
        .extend(m.shortfalls().into_iter().map(|s| {
            format!(
                "{} at {}: {} reserved units not on hand",
                s.sku,
                router.location_name(&s.location),
                s.units
            )
        }));
}

async fn check_locations<'l>(
    tx: &mut WriteTx,
    wanted: impl Iterator<Item = &'l LocationId>,
) -> Result<(), AppError> {
    let known: HashSet<LocationId> = tx
        .location_rows()
        .await?
        .into_iter()
        .map(|l| l.location.id)
        .collect();
    for l in wanted {
        if !known.contains(l) {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("there is no location {l}"),
            ));
        }
    }
    Ok(())
}

/// SKUs stock is set for join the catalogue, so their stock is checked from now on. Each comes
/// as (SKU, name); a SKU without a name is named by itself until a catalogue import names it.
/// Products already there keep their names.
pub(super) async fn add_missing_products(
    tx: &mut WriteTx,
    named: &[(&str, &str)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    if let Some((bad, _)) = named.iter().find(|(s, _)| s.trim().is_empty()) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("`{bad}` is not a SKU"),
        ));
    }
    let skus: Vec<&str> = named.iter().map(|(s, _)| *s).collect();
    let known = tx.tracked_skus(&skus).await?;
    let mut missing: Vec<Product> = named
        .iter()
        .filter(|(s, _)| !known.contains(s.trim()))
        .map(|(s, name)| {
            let name = if name.trim().is_empty() { s } else { name };
            Product::new(s.trim(), name.trim(), 0, None, &[])
        })
        .collect();
    // A named copy of a SKU wins over an unnamed one.
    missing.sort_by(|a, b| {
        a.sku
            .cmp(&b.sku)
            .then_with(|| (a.name == a.sku).cmp(&(b.name == b.sku)))
    });
    missing.dedup_by(|a, b| a.sku == b.sku);
    tx.upsert_products(&missing, None, now).await?;
    Ok(())
}
