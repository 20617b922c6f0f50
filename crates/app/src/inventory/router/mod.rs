//! Routing with stock, inside the caller's write transaction: where each ready order (or each
//! part of it) ships from, with its units reserved in the same commit.
//!
//! A [`StockRouter`] is prepared with the stock rows of the SKUs it will see and the open
//! shipments of the orders it will route (read inside the transaction, which holds SQLite's
//! write lock, so nothing can take those units meanwhile). Routing is then synchronous and pure
//! over that snapshot ([`waybill_core::routing::allocate`], [`Inventory::reserve`]); [`save`]
//! writes the movements, shipments, hand-offs and channel stock pushes it produced.
//!
//! Only SKUs in the product catalogue are stock-checked. A workspace with no catalogue and no
//! partner locations skips this step altogether and routes as the rules say, as before.
//!
//! [`save`]: StockRouter::save

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use waybill_core::edit::{self, ManualAction};
use waybill_core::inventory::{ChangedStock, Inventory, StockMovement, Want};
use waybill_core::routing::{Allocation, Candidate, RouteRequest, Shortage, StockView, Strategy};
use waybill_core::{
    Actor, EventKind, HoldReason, LocationId, Order, OrderEvent, OrderId, OrderStatus, OwnedField,
};
use waybill_store::{
    LocationRow, NewShipment, ShipmentLineRow, ShipmentRow, ShipmentStatus, ShipmentUpdate,
    WriteTx, day_of,
};

use super::handoff::handoff_effect;
use super::pushes::queue_channel_pushes;
use crate::AppError;

mod parcels;

/// Stock as routing sees it: a SKU outside the catalogue is never short.
struct TrackedView<'a> {
    inventory: &'a Inventory,
    tracked: &'a HashSet<String>,
}

impl StockView for TrackedView<'_> {
    fn available(&self, location: &LocationId, sku: &str) -> u32 {
        if self.tracked.contains(sku) {
            self.inventory.available(location, sku)
        } else {
            u32::MAX / 4
        }
    }
}

pub(crate) struct StockRouter {
    now: DateTime<Utc>,
    /// False when the workspace has no catalogue and no partner: routing is the rules' alone.
    enabled: bool,
    inventory: Inventory,
    tracked: HashSet<String>,
    /// SKUs whose rows are loaded (tracked or not).
    loaded_skus: HashSet<String>,
    locations: Vec<LocationRow>,
    load: HashMap<LocationId, u32>,
    added_load: HashMap<LocationId, u32>,
    /// Open shipments of the orders prepared, and each order's highest shipment number.
    open: HashMap<OrderId, Vec<ShipmentRow>>,
    last_seq: HashMap<OrderId, u32>,
    /// Locations that rejected an order's shipment: it is never routed there again.
    refused: HashMap<OrderId, Vec<LocationId>>,
    /// Units of each order line already shipped (by shipments that are done): a re-route
    /// after a partner's rejection places only what is left.
    shipped_lines: HashMap<OrderId, Vec<(u32, u32)>>,
    /// Units partners already reported shipped in parcels of still-open shipments (by
    /// shipment id): they left the shelf, so they are no longer reserved.
    in_parcels: HashMap<String, Vec<(String, u32)>>,
    /// Whether anything went back on the shelf (waiting orders may now route).
    released: bool,
    movements: Vec<StockMovement>,
    changed: ChangedStock,
    new_shipments: Vec<NewShipment>,
    closed: Vec<(String, ShipmentStatus)>,
    /// Partner shipments to hand off, with the order as it was routed.
    handoffs: Vec<(NewShipment, Order)>,
}

impl StockRouter {
    /// A router for this transaction; [`StockRouter::prepare`] it for the orders it will see.
    pub(crate) async fn new(tx: &mut WriteTx, now: DateTime<Utc>) -> Result<Self, AppError> {
        let locations = tx.location_rows().await?;
        let has_partner = locations
            .iter()
            .any(|l| l.active && l.location.kind.is_partner());
        let enabled = has_partner || tx.has_products().await?;
        let load = if enabled {
            tx.location_load(day_of(now)).await?
        } else {
            HashMap::new()
        };
        Ok(StockRouter {
            now,
            enabled,
            inventory: Inventory::new(),
            tracked: HashSet::new(),
            loaded_skus: HashSet::new(),
            locations,
            load,
            added_load: HashMap::new(),
            open: HashMap::new(),
            last_seq: HashMap::new(),
            refused: HashMap::new(),
            shipped_lines: HashMap::new(),
            in_parcels: HashMap::new(),
            released: false,
            movements: Vec::new(),
            changed: ChangedStock::new(),
            new_shipments: Vec::new(),
            closed: Vec::new(),
            handoffs: Vec::new(),
        })
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Loads what routing `orders` needs: their open shipments (`existing` are ids already
    /// stored) and the stock of every SKU they or those shipments name.
    pub(crate) async fn prepare(
        &mut self,
        tx: &mut WriteTx,
        skus: &[&str],
        existing: &[&str],
    ) -> Result<(), AppError> {
        if !self.enabled {
            return Ok(());
        }
        let mut wanted: Vec<String> = skus
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !self.loaded_skus.contains(s))
            .collect();
        let fresh: Vec<&str> = existing
            .iter()
            .copied()
            .filter(|id| !self.last_seq.keys().any(|k| k.as_str() == *id))
            .collect();
        if !fresh.is_empty() {
            let shipments = tx.shipments_of_orders(&fresh).await?;
            let partner_held: Vec<&str> = shipments
                .iter()
                .filter(|s| {
                    matches!(
                        s.status,
                        ShipmentStatus::HandedOff | ShipmentStatus::Accepted
                    )
                })
                .map(|s| s.id.as_str())
                .collect();
            for p in tx.packages_of(&partner_held).await? {
                let units = self.in_parcels.entry(p.shipment_id).or_default();
                for (sku, q) in p.lines {
                    add_units(units, &sku, q);
                }
            }
            for s in shipments {
                let seq = self.last_seq.entry(s.order_id.clone()).or_insert(0);
                *seq = (*seq).max(s.seq);
                if s.status == ShipmentStatus::Rejected {
                    self.refused
                        .entry(s.order_id.clone())
                        .or_default()
                        .push(s.location_id.clone());
                }
                if s.status == ShipmentStatus::Shipped {
                    let done = self.shipped_lines.entry(s.order_id.clone()).or_default();
                    done.extend(s.lines.iter().map(|l| (l.line, l.quantity)));
                }
                if s.status.is_open() {
                    wanted.extend(
                        s.lines
                            .iter()
                            .map(|l| l.sku.clone())
                            .filter(|sku| !self.loaded_skus.contains(sku)),
                    );
                    self.open.entry(s.order_id.clone()).or_default().push(s);
                }
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        self.tracked.extend(tx.tracked_skus(&refs).await?);
        let rows = tx.stock_for_skus(&refs).await?;
        self.inventory
            .extend_loaded(rows.into_iter().map(|r| (r.location_id, r.sku, r.level)));
        self.loaded_skus.extend(wanted);
        Ok(())
    }

    /// [`StockRouter::prepare`] for one stored order (its lines and its open shipments).
    pub(crate) async fn prepare_order(
        &mut self,
        tx: &mut WriteTx,
        order: &Order,
    ) -> Result<(), AppError> {
        let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
        self.prepare(tx, &skus, &[order.id.as_str()]).await
    }

    /// After a change that did not run the rules (a hold, a tag): an order no longer ready
    /// gives back what it reserved; a ready one keeps its shipments.
    pub(crate) fn settle(&mut self, order: &Order) {
        if !self.enabled || order.status == OrderStatus::Ready {
            return;
        }
        let open = self.open.remove(&order.id).unwrap_or_default();
        let (keep, give_back): (Vec<_>, Vec<_>) = open
            .into_iter()
            .partition(|s| s.status != ShipmentStatus::Reserved);
        self.give_back(order, give_back, ShipmentStatus::Cancelled);
        self.keep_open(order, keep);
    }

    /// Routes `order` as it now stands (after the rules ran on it): a ready order with a
    /// location or a strategy gets shipments and reservations, or is held `out_of_stock` /
    /// `unroutable`; an order that is no longer ready gives back what it held. Returns the
    /// timeline events.
    pub(crate) fn route(
        &mut self,
        order: &mut Order,
        strategy: Option<&Strategy>,
    ) -> Vec<OrderEvent> {
        if !self.enabled {
            return Vec::new();
        }
        debug_assert!(
            order
                .lines
                .iter()
                .all(|l| self.loaded_skus.contains(l.sku.trim())),
            "route() before prepare() for {}",
            order.id
        );
        let open = self.open.remove(&order.id).unwrap_or_default();
        let with_partner = open.iter().any(|s| s.status != ShipmentStatus::Reserved);
        if order.status != OrderStatus::Ready {
            // Held or cancelled before anything left: the units go back. A part already with a
            // partner stays (cancelling it there is the partner's business).
            self.keep_open(order, open);
            self.settle(order);
            return Vec::new();
        }
        // What a person chose wins over a rule's strategy.
        let intent = match (strategy, &order.location_id) {
            (_, Some(l)) if order.is_owned(OwnedField::Location) => Strategy::Fixed {
                location_id: l.clone(),
            },
            (Some(s), _) => s.clone(),
            (None, Some(l)) => Strategy::Fixed {
                location_id: l.clone(),
            },
            (None, None) => {
                self.keep_open(order, open);
                return Vec::new();
            }
        };
        // Goods that already left (a partner shipped while the order was held) are never
        // placed again.
        let partly_shipped = self.shipped_lines.contains_key(&order.id);
        if with_partner || partly_shipped || (!open.is_empty() && still_fits(&open, order, &intent))
        {
            // A part a partner refused left its lines unplaced; the parts still with partners
            // stay where they are, and only what is left is routed again.
            let rest = if partly_shipped || (with_partner && self.refused.contains_key(&order.id)) {
                self.unplaced(order, &open)
            } else {
                Vec::new()
            };
            let nothing_open = open.is_empty();
            self.keep_open(order, open);
            let events = if rest.is_empty() {
                Vec::new()
            } else {
                self.allocate_rest(order, &intent, &rest)
            };
            if partly_shipped && order.status == OrderStatus::Ready {
                // Some goods have left already: the order says so.
                order.status = if rest.is_empty() && nothing_open {
                    OrderStatus::Shipped
                } else {
                    OrderStatus::PartiallyShipped
                };
            }
            return events;
        }
        self.give_back(order, open, ShipmentStatus::Cancelled);
        self.allocate(order, &intent)
    }

    fn keep_open(&mut self, order: &Order, open: Vec<ShipmentRow>) {
        if !open.is_empty() {
            self.open.insert(order.id.clone(), open);
        }
    }

    fn allocate(&mut self, order: &mut Order, intent: &Strategy) -> Vec<OrderEvent> {
        let request = RouteRequest::from_order(order, intent.keep_together_tags());
        let refused = self
            .refused
            .get(&order.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let candidates = self.candidates(refused);
        let view = TrackedView {
            inventory: &self.inventory,
            tracked: &self.tracked,
        };
        match waybill_core::routing::allocate(intent, &request, &candidates, &view) {
            Allocation::Routed { shipments, notes } => {
                self.commit_allocation(order, shipments, notes)
            }
            Allocation::Unroutable { reason, shortages } => {
                hold(order, &reason, &shortages, self.now)
            }
        }
    }

    /// Units of each order line no open or shipped shipment places: `(line, units)`.
    fn unplaced(&self, order: &Order, open: &[ShipmentRow]) -> Vec<(u32, u32)> {
        let mut placed: HashMap<u32, u32> = HashMap::new();
        let done = self.shipped_lines.get(&order.id).into_iter().flatten();
        let held = open
            .iter()
            .flat_map(|s| s.lines.iter().map(|l| (l.line, l.quantity)));
        for (line, q) in done.copied().chain(held) {
            *placed.entry(line).or_default() += q;
        }
        order
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let left = l
                    .quantity
                    .saturating_sub(placed.get(&(i as u32)).copied().unwrap_or(0));
                (left > 0).then_some((i as u32, left))
            })
            .collect()
    }

    /// [`Self::allocate`] for some units of some lines (`rest`): routing sees only those, and
    /// its shipments are mapped back onto the order's line numbers.
    fn allocate_rest(
        &mut self,
        order: &mut Order,
        intent: &Strategy,
        rest: &[(u32, u32)],
    ) -> Vec<OrderEvent> {
        let mut request = RouteRequest::from_order(order, intent.keep_together_tags());
        request.lines = rest
            .iter()
            .filter_map(|&(line, units)| {
                let mut l = request.lines.get(line as usize)?.clone();
                l.quantity = units;
                Some(l)
            })
            .collect();
        let refused = self
            .refused
            .get(&order.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let candidates = self.candidates(refused);
        let view = TrackedView {
            inventory: &self.inventory,
            tracked: &self.tracked,
        };
        match waybill_core::routing::allocate(intent, &request, &candidates, &view) {
            Allocation::Routed {
                mut shipments,
                notes,
            } => {
                for s in &mut shipments {
                    for l in &mut s.lines {
                        l.line = rest.get(l.line as usize).map_or(l.line, |r| r.0);
                    }
                }
                self.commit_allocation(order, shipments, notes)
            }
            Allocation::Unroutable { reason, shortages } => {
                hold(order, &reason, &shortages, self.now)
            }
        }
    }

    fn candidates(&self, refused: &[LocationId]) -> Vec<Candidate> {
        self.locations
            .iter()
            .filter(|l| l.active && !refused.contains(&l.location.id))
            .map(|l| {
                let used = self.load.get(&l.location.id).copied().unwrap_or(0)
                    + self.added_load.get(&l.location.id).copied().unwrap_or(0);
                Candidate::from_location(
                    &l.location,
                    l.daily_capacity.map(|c| c.saturating_sub(used)),
                )
            })
            .collect()
    }

    fn commit_allocation(
        &mut self,
        order: &mut Order,
        shipments: Vec<waybill_core::routing::Shipment>,
        notes: Vec<String>,
    ) -> Vec<OrderEvent> {
        let mut summaries = Vec::with_capacity(shipments.len());
        let mut seq = self.last_seq.get(&order.id).copied().unwrap_or(0);
        for s in &shipments {
            let wants: Vec<Want<'_>> = s
                .lines
                .iter()
                .filter(|l| self.tracked.contains(&l.sku))
                .map(|l| Want::new(&l.sku, l.quantity))
                .collect();
            if !wants.is_empty() {
                // allocate() read this very snapshot, so the reservation cannot fail; if it
                // ever did, the transaction must not commit a shipment without its units.
                match self.inventory.reserve(&s.location, &order.id, &wants) {
                    Ok(m) => self.record(m),
                    Err(e) => {
                        return hold(order, &e.to_string(), &[], self.now);
                    }
                }
            }
            seq += 1;
            let shipment = NewShipment {
                id: shipment_id(&order.id, seq),
                order_id: order.id.clone(),
                seq,
                location_id: s.location.clone(),
                lines: s
                    .lines
                    .iter()
                    .map(|l| ShipmentLineRow {
                        line: l.line,
                        sku: l.sku.clone(),
                        quantity: l.quantity,
                        tracked: self.tracked.contains(&l.sku),
                    })
                    .collect(),
            };
            *self.added_load.entry(s.location.clone()).or_default() += 1;
            summaries.push(summary(&shipment, self.location_name(&s.location)));
            let is_partner = self
                .locations
                .iter()
                .any(|l| l.location.id == s.location && l.location.kind.is_partner());
            if is_partner {
                self.handoffs.push((shipment.clone(), order.clone()));
            }
            self.open
                .entry(order.id.clone())
                .or_default()
                .push(open_row(&shipment, self.now));
            self.new_shipments.push(shipment);
        }
        self.last_seq.insert(order.id.clone(), seq);
        let first = shipments.first().map(|s| s.location.clone());
        if order.location_id != first && !order.is_owned(OwnedField::Location) {
            order.location_id = first;
        }
        vec![OrderEvent {
            order_id: order.id.clone(),
            at: self.now,
            actor: Actor::system(),
            kind: EventKind::Allocated {
                shipments: summaries,
                notes,
            },
        }]
    }

    /// Marks `order`'s reserved own-location shipments shipped and takes their units off the
    /// shelf (a person shipped the order).
    pub(crate) fn ship(&mut self, order: &Order) {
        if !self.enabled {
            return;
        }
        let open = self.open.remove(&order.id).unwrap_or_default();
        for s in open {
            let units = self.still_reserved(&s);
            let wants = wants(&units);
            if !wants.is_empty()
                && let Ok(m) = self.inventory.consume(&s.location_id, &order.id, &wants)
            {
                self.record(m);
            }
            self.closed.push((s.id.clone(), ShipmentStatus::Shipped));
        }
    }

    /// Gives back every open shipment of `order` (cancelled).
    pub(crate) fn cancel(&mut self, order: &Order) {
        if !self.enabled {
            return;
        }
        let open = self.open.remove(&order.id).unwrap_or_default();
        self.give_back(order, open, ShipmentStatus::Cancelled);
    }

    fn give_back(&mut self, order: &Order, shipments: Vec<ShipmentRow>, status: ShipmentStatus) {
        for s in shipments {
            self.release_rest(&order.id, &s);
            self.closed.push((s.id.clone(), status));
        }
    }

    /// Whether anything went back on the shelf in this transaction.
    pub(crate) fn released_any(&self) -> bool {
        self.released
    }

    /// Stock as it stands in this transaction (loaded rows plus the movements made since).
    pub(crate) fn inventory(&self) -> &Inventory {
        &self.inventory
    }

    /// Applies a movement made outside routing (an adjustment, a count, a partner's report):
    /// it is written, and pushed to channels, with the routing's own on [`StockRouter::save`].
    pub(crate) fn apply(&mut self, m: StockMovement) {
        if !m.is_empty() {
            self.record(m);
        }
    }

    fn record(&mut self, m: StockMovement) {
        self.inventory.apply(&m);
        self.changed.record(&m);
        self.movements.push(m);
    }

    pub(crate) fn location_name(&self, id: &LocationId) -> String {
        self.locations
            .iter()
            .find(|l| &l.location.id == id)
            .map_or_else(|| id.to_string(), |l| l.location.name.clone())
    }

    /// Writes what routing did: stock rows and their audit, shipments, closed shipments,
    /// location load, partner hand-offs and the channel stock pushes the movements call for.
    pub(crate) async fn save(self, tx: &mut WriteTx) -> Result<(), AppError> {
        if !self.enabled {
            return Ok(());
        }
        tx.write_movements(&self.movements, self.now).await?;
        tx.insert_shipments(&self.new_shipments, self.now).await?;
        for (id, status) in &self.closed {
            tx.set_shipment_status(id, *status, &ShipmentUpdate::default(), self.now)
                .await?;
        }
        tx.add_location_load(day_of(self.now), &self.added_load)
            .await?;
        let handoffs = self
            .handoffs
            .iter()
            .map(|(shipment, order)| handoff_effect(shipment, order, self.now))
            .collect::<Result<Vec<_>, _>>()?;
        tx.enqueue_effects(&handoffs).await?;
        queue_channel_pushes(tx, &self.inventory, &self.changed, self.now).await?;
        Ok(())
    }
}

/// Shipment ids are the order's ULID and a number (`01J…-2`): short, unique, and accepted as a
/// partner's order reference (letters, digits and hyphens).
pub(crate) fn shipment_id(order: &OrderId, seq: u32) -> String {
    let ulid = order
        .as_str()
        .split_once('_')
        .map_or(order.as_str(), |(_, u)| u);
    format!("{ulid}-{seq}")
}

pub(super) fn wants(units: &[(String, u32)]) -> Vec<Want<'_>> {
    units.iter().map(|(sku, q)| Want::new(sku, *q)).collect()
}

/// Adds `units` of `sku`, one entry per SKU.
pub(super) fn add_units(lines: &mut Vec<(String, u32)>, sku: &str, units: u32) {
    match lines.iter_mut().find(|(s, _)| s == sku) {
        Some((_, q)) => *q += units,
        None => lines.push((sku.to_owned(), units)),
    }
}

/// Whether the order's open (reserved) shipments still ship exactly its lines from where the
/// intent allows: then re-running the rules keeps them instead of churning reservations.
fn still_fits(open: &[ShipmentRow], order: &Order, intent: &Strategy) -> bool {
    let mut shipped: Vec<(u32, &str, u32)> = open
        .iter()
        .flat_map(|s| s.lines.iter().map(|l| (l.line, l.sku.as_str(), l.quantity)))
        .collect();
    shipped.sort_unstable();
    let wanted: Vec<(u32, &str, u32)> = order
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.quantity > 0)
        .map(|(i, l)| (i as u32, l.sku.trim(), l.quantity))
        .collect();
    let allowed = match intent {
        Strategy::Fixed { location_id } => open.iter().all(|s| &s.location_id == location_id),
        Strategy::Ranked { locations } => open.iter().all(|s| locations.contains(&s.location_id)),
        _ => true,
    };
    allowed && shipped == wanted
}

fn open_row(s: &NewShipment, now: DateTime<Utc>) -> ShipmentRow {
    ShipmentRow {
        id: s.id.clone(),
        order_id: s.order_id.clone(),
        seq: s.seq,
        location_id: s.location_id.clone(),
        status: ShipmentStatus::Reserved,
        partner_ref: None,
        carrier: None,
        tracking: None,
        note: None,
        created_at: now,
        updated_at: now,
        handed_off_at: None,
        acknowledged_at: None,
        shipped_at: None,
        lines: s.lines.clone(),
    }
}

fn summary(s: &NewShipment, location: String) -> String {
    let lines = s
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, l.sku))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{location}: {lines}")
}

/// Holds an order routing could not place: `out_of_stock` naming the missing lines, or
/// `unroutable` with the strategy's reason.
fn hold(
    order: &mut Order,
    reason: &str,
    shortages: &[Shortage],
    now: DateTime<Utc>,
) -> Vec<OrderEvent> {
    let (reason, note) = if shortages.is_empty() {
        (HoldReason::Unroutable, reason.to_owned())
    } else {
        let missing = shortages
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        (HoldReason::OutOfStock, format!("missing: {missing}"))
    };
    let action = ManualAction::Hold {
        reason,
        note,
        release_at: None,
    };
    match edit::apply(order, &action, &Actor::system(), now) {
        Ok(kinds) => OrderEvent::all(&order.id, now, &Actor::system(), kinds),
        Err(e) => {
            tracing::warn!(order = %order.id, error = %e, "could not hold an unroutable order");
            Vec::new()
        }
    }
}
