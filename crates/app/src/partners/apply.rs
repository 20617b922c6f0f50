//! What partners said about shipments, applied inside one write transaction: the shipment
//! moves on, its units leave the shelf or go back on it (through the stock router, as in
//! routing), the order follows its shipments, its timeline says what happened, and each new
//! parcel's tracking is owed to the order's channel (the outbox).
//!
//! Everything is read again inside the transaction and every step checks the state it finds,
//! so news applied twice (a worker killed before its commit, two workers) changes nothing the
//! second time: a parcel is keyed by its tracking number, a hand-off moves only a `reserved`
//! shipment, and only open shipments close.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use waybill_core::edit::{self, ManualAction};
use waybill_core::{
    Actor, EventKind, HoldReason, LocationId, Order, OrderEvent, OrderId, OrderStatus,
};
use waybill_store::{
    Destination, EffectKind, NewEffect, PackageRow, ShipmentRow, ShipmentStatus, ShipmentUpdate,
    StoredOrder, WriteTx,
};
use waybill_sync::{PartnerStatus, ShippedPackage};

use super::Partners;
use crate::inventory::router::StockRouter;
use crate::inventory::stock::StockOutcome;
use crate::outbox::{FulfillmentPayload, LinePayload, has_api};
use crate::{App, AppError, ErrorCode};

/// What a partner said about one shipment.
#[derive(Debug, Clone)]
pub(crate) enum Word {
    /// It took the hand-off (or already had it), under its own id.
    Took { partner_ref: String },
    /// Its status for the shipment.
    Said(PartnerStatus),
}

#[derive(Debug, Clone)]
pub(crate) struct News {
    pub shipment_id: String,
    pub word: Word,
}

/// What applying news changed, for the reports.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub handed_off: Vec<String>,
    pub accepted: Vec<String>,
    /// Tracking numbers of the parcels recorded.
    pub parcels: Vec<String>,
    pub shipped: Vec<String>,
    pub rejected: Vec<String>,
    pub cancelled: Vec<String>,
    pub changed_orders: Vec<OrderId>,
    /// Hand-offs a partner took after their shipment was cancelled here: to cancel there.
    pub late: Vec<(LocationId, String)>,
}

/// One new parcel, owed to the order's channel.
struct WriteBack {
    order: OrderId,
    shipment: String,
    parcel: ShippedPackage,
}

/// The state of one application: the orders and shipments it touches, read in its transaction.
struct Round<'a> {
    now: DateTime<Utc>,
    partners: &'a Partners,
    shipments: HashMap<String, ShipmentRow>,
    parcels: HashMap<String, Vec<PackageRow>>,
    orders: HashMap<OrderId, StoredOrder>,
    /// Orders in the order the news named them.
    touched: Vec<OrderId>,
    kinds: HashMap<OrderId, Vec<EventKind>>,
    writebacks: Vec<WriteBack>,
    /// Orders to hold, with the note saying why (a refusal, a cancellation by the partner).
    refusals: Vec<(OrderId, String)>,
}

impl App {
    /// Applies `news` in `tx` with `router` (prepared here); the caller writes the router and
    /// commits.
    pub(crate) async fn apply_news(
        &self,
        tx: &mut WriteTx,
        router: &mut StockRouter,
        partners: &Partners,
        news: &[News],
        out: &mut Applied,
    ) -> Result<(), AppError> {
        if news.is_empty() {
            return Ok(());
        }
        let mut round = Round::read(tx, router, partners, news, self.now()).await?;
        for n in news {
            round.hear(tx, router, n, out).await?;
        }
        round.finish(tx, router, out).await
    }
}

impl<'a> Round<'a> {
    async fn read(
        tx: &mut WriteTx,
        router: &mut StockRouter,
        partners: &'a Partners,
        news: &[News],
        now: DateTime<Utc>,
    ) -> Result<Round<'a>, AppError> {
        let ids: Vec<&str> = news.iter().map(|n| n.shipment_id.as_str()).collect();
        let mut touched: Vec<OrderId> = Vec::new();
        for s in tx.shipments_by_id(&ids).await? {
            if !touched.contains(&s.order_id) {
                touched.push(s.order_id);
            }
        }
        let order_refs: Vec<&str> = touched.iter().map(OrderId::as_str).collect();
        let all = tx.shipments_of_orders(&order_refs).await?;
        let all_ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        let mut parcels: HashMap<String, Vec<PackageRow>> = HashMap::new();
        for p in tx.packages_of(&all_ids).await? {
            parcels.entry(p.shipment_id.clone()).or_default().push(p);
        }
        let skus: Vec<&str> = all
            .iter()
            .flat_map(|s| s.lines.iter().map(|l| l.sku.as_str()))
            .collect();
        router.prepare(tx, &skus, &order_refs).await?;
        let mut orders = HashMap::with_capacity(touched.len());
        for id in &touched {
            let stored = tx.order(id).await?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("order {id} has shipments but no row"),
                )
            })?;
            orders.insert(id.clone(), stored);
        }
        Ok(Round {
            now,
            partners,
            shipments: all.into_iter().map(|s| (s.id.clone(), s)).collect(),
            parcels,
            orders,
            touched,
            kinds: HashMap::new(),
            writebacks: Vec::new(),
            refusals: Vec::new(),
        })
    }

    fn event(&mut self, order: &OrderId, kind: EventKind) {
        self.kinds.entry(order.clone()).or_default().push(kind);
    }

    async fn hear(
        &mut self,
        tx: &mut WriteTx,
        router: &mut StockRouter,
        n: &News,
        out: &mut Applied,
    ) -> Result<(), AppError> {
        let Some(s) = self.shipments.get(&n.shipment_id) else {
            return Ok(());
        };
        let (id, order, location, status) = (
            s.id.clone(),
            s.order_id.clone(),
            s.location_id.clone(),
            s.status,
        );
        let partner = self.partners.name(&location);
        match &n.word {
            Word::Took { partner_ref } => {
                let update = ShipmentUpdate {
                    partner_ref: Some(partner_ref.clone()),
                    ..ShipmentUpdate::default()
                };
                match status {
                    ShipmentStatus::Reserved => {
                        self.set(tx, &id, ShipmentStatus::HandedOff, &update)
                            .await?;
                        self.event(&order, EventKind::HandedOff { partner });
                        out.handed_off.push(id);
                    }
                    ShipmentStatus::Cancelled => {
                        // Cancelled here while it was on its way: the partner has it now.
                        self.set(tx, &id, ShipmentStatus::Cancelled, &update)
                            .await?;
                        out.late.push((location, id));
                    }
                    _ => {}
                }
            }
            Word::Said(_) if !status.is_open() => {}
            Word::Said(PartnerStatus::Pending) => {}
            Word::Said(PartnerStatus::Accepted) => {
                if status == ShipmentStatus::HandedOff {
                    self.set(
                        tx,
                        &id,
                        ShipmentStatus::Accepted,
                        &ShipmentUpdate::default(),
                    )
                    .await?;
                    out.accepted.push(id);
                }
            }
            Word::Said(PartnerStatus::Shipped { packages, complete }) => {
                let before = out.parcels.len();
                for p in packages {
                    self.parcel(tx, router, &order, &id, p, out).await?;
                }
                let update = self.tracking_update(&id);
                if *complete {
                    self.set(tx, &id, ShipmentStatus::Shipped, &update).await?;
                    router.close_shipment(&order, &id, ShipmentStatus::Shipped);
                    out.shipped.push(id);
                } else if out.parcels.len() > before || status == ShipmentStatus::HandedOff {
                    // A parcel means the partner took it on.
                    self.set(tx, &id, ShipmentStatus::Accepted, &update).await?;
                }
            }
            Word::Said(PartnerStatus::Rejected { reason }) => {
                let update = ShipmentUpdate {
                    note: Some(reason.clone()),
                    ..ShipmentUpdate::default()
                };
                self.set(tx, &id, ShipmentStatus::Rejected, &update).await?;
                router.close_shipment(&order, &id, ShipmentStatus::Rejected);
                self.refusals
                    .push((order, format!("{partner} rejected shipment {id}: {reason}")));
                out.rejected.push(id);
            }
            Word::Said(PartnerStatus::Cancelled) => {
                let note = format!("{partner} cancelled shipment {id}");
                let update = ShipmentUpdate {
                    note: Some(note.clone()),
                    ..ShipmentUpdate::default()
                };
                self.set(tx, &id, ShipmentStatus::Cancelled, &update)
                    .await?;
                router.close_shipment(&order, &id, ShipmentStatus::Cancelled);
                self.refusals.push((order, note));
                out.cancelled.push(id);
            }
        }
        Ok(())
    }

    async fn set(
        &mut self,
        tx: &mut WriteTx,
        id: &str,
        status: ShipmentStatus,
        update: &ShipmentUpdate,
    ) -> Result<(), AppError> {
        tx.set_shipment_status(id, status, update, self.now).await?;
        if let Some(s) = self.shipments.get_mut(id) {
            s.status = status;
        }
        Ok(())
    }

    /// Records a parcel once: its units leave the shelf, the timeline says it shipped, and its
    /// tracking is owed to the channel.
    async fn parcel(
        &mut self,
        tx: &mut WriteTx,
        router: &mut StockRouter,
        order: &OrderId,
        shipment: &str,
        p: &ShippedPackage,
        out: &mut Applied,
    ) -> Result<(), AppError> {
        let tracking = p.tracking.trim();
        if tracking.is_empty() {
            tracing::warn!(
                shipment,
                "a partner reported a parcel without tracking; skipped"
            );
            return Ok(());
        }
        let row = PackageRow {
            shipment_id: shipment.to_owned(),
            tracking: tracking.to_owned(),
            carrier: p.carrier.trim().to_owned(),
            shipped_at: p.shipped_at,
            lines: p.lines.clone(),
        };
        if !tx.insert_package(&row).await? {
            return Ok(());
        }
        router.take_parcel(order, shipment, &row.lines);
        self.event(
            order,
            EventKind::Shipped {
                carrier: row.carrier.clone(),
                tracking: vec![row.tracking.clone()],
            },
        );
        out.parcels.push(row.tracking.clone());
        self.writebacks.push(WriteBack {
            order: order.clone(),
            shipment: shipment.to_owned(),
            parcel: ShippedPackage {
                tracking: row.tracking.clone(),
                carrier: row.carrier.clone(),
                ..p.clone()
            },
        });
        self.parcels
            .entry(shipment.to_owned())
            .or_default()
            .push(row);
        Ok(())
    }

    /// The shipment's carrier (its first parcel's) and every tracking number it has.
    fn tracking_update(&self, shipment: &str) -> ShipmentUpdate {
        let parcels = self.parcels.get(shipment).map(Vec::as_slice).unwrap_or(&[]);
        match parcels.first() {
            None => ShipmentUpdate::default(),
            Some(first) => ShipmentUpdate {
                carrier: Some(first.carrier.clone()),
                tracking: Some(
                    parcels
                        .iter()
                        .map(|p| p.tracking.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ..ShipmentUpdate::default()
            },
        }
    }

    /// Orders follow their shipments, refused parts hold their orders, and the new parcels
    /// are owed to the channels; then every changed order and its events are written.
    async fn finish(
        mut self,
        tx: &mut WriteTx,
        router: &mut StockRouter,
        out: &mut Applied,
    ) -> Result<(), AppError> {
        let system = Actor::system();
        let mut changed: HashSet<OrderId> = HashSet::new();
        for id in self.touched.clone() {
            let shipments: Vec<&ShipmentRow> = self
                .shipments
                .values()
                .filter(|s| s.order_id == id)
                .collect();
            let any_parcel = shipments
                .iter()
                .any(|s| self.parcels.get(&s.id).is_some_and(|p| !p.is_empty()));
            let Some(stored) = self.orders.get_mut(&id) else {
                continue;
            };
            let order = &mut stored.order;
            let next = next_status(order, &shipments, any_parcel);
            if next == Some(OrderStatus::Shipped) && order.status == OrderStatus::OnHold {
                // Every part shipped while the order was held: the hold can stop nothing now.
                let release = ManualAction::Release {
                    note: "every part shipped while the order was held".to_owned(),
                };
                match edit::apply(order, &release, &system, self.now) {
                    Ok(kinds) => self.kinds.entry(id.clone()).or_default().extend(kinds),
                    Err(e) => tracing::warn!(order = %id, error = %e, "held order not released"),
                }
            }
            if let Some(next) = next
                && order.status != next
                && matches!(
                    order.status,
                    OrderStatus::Ready | OrderStatus::HandedOff | OrderStatus::PartiallyShipped
                )
                && order.status.check_transition(next).is_ok()
            {
                order.status = next;
                order.updated_at = self.now;
                changed.insert(id.clone());
            }
        }
        for (id, note) in std::mem::take(&mut self.refusals) {
            let Some(stored) = self.orders.get_mut(&id) else {
                continue;
            };
            let order = &mut stored.order;
            // A part that no longer ships holds an order still counting on it; an order that
            // already shipped some goods (or is held already) gets the news as a note.
            let hold = matches!(order.status, OrderStatus::Ready | OrderStatus::HandedOff);
            let action = if hold {
                ManualAction::Hold {
                    reason: HoldReason::PartnerRejected,
                    note,
                    release_at: None,
                }
            } else {
                ManualAction::AddNote { note }
            };
            let kinds = match edit::apply(order, &action, &system, self.now) {
                Ok(kinds) => kinds,
                Err(e) => {
                    tracing::warn!(order = %id, error = %e, "partner's refusal not recorded on the order");
                    continue;
                }
            };
            if hold {
                // Held like any order: parts not yet with a partner give their units back.
                router.settle(order);
            }
            self.kinds.entry(id.clone()).or_default().extend(kinds);
            changed.insert(id);
        }
        self.enqueue_writebacks(tx).await?;
        let mut events = Vec::new();
        for id in &self.touched {
            let kinds = self.kinds.remove(id).unwrap_or_default();
            if kinds.is_empty() && !changed.contains(id) {
                continue;
            }
            if let Some(stored) = self.orders.get(id) {
                tx.update_order(stored).await?;
            }
            events.extend(OrderEvent::all(id, self.now, &system, kinds));
            out.changed_orders.push(id.clone());
        }
        tx.append_events(&events).await?;
        Ok(())
    }

    /// One fulfillment effect per new parcel to the order's channel, when the channel has an
    /// API; the order's last parcel completes it when every part has shipped.
    async fn enqueue_writebacks(&mut self, tx: &mut WriteTx) -> Result<(), AppError> {
        let writebacks = std::mem::take(&mut self.writebacks);
        let mut last_of: HashMap<OrderId, usize> = HashMap::new();
        for (i, w) in writebacks.iter().enumerate() {
            last_of.insert(w.order.clone(), i);
        }
        for (i, w) in writebacks.iter().enumerate() {
            let Some(stored) = self.orders.get(&w.order) else {
                continue;
            };
            let order = &stored.order;
            let Some(kind) = tx.channel_kind(&order.channel_id).await? else {
                continue;
            };
            if !has_api(kind) {
                continue;
            }
            let shipments: Vec<&ShipmentRow> = self
                .shipments
                .values()
                .filter(|s| s.order_id == order.id)
                .collect();
            let completes = last_of.get(&order.id) == Some(&i)
                && covered(order, &shipments, &[ShipmentStatus::Shipped]);
            let payload = FulfillmentPayload {
                order_external_id: order.external_id.clone(),
                carrier: w.parcel.carrier.clone(),
                service: order.service.clone(),
                tracking_numbers: vec![w.parcel.tracking.clone()],
                lines: w
                    .parcel
                    .lines
                    .iter()
                    .map(|(sku, quantity)| LinePayload {
                        sku: sku.clone(),
                        quantity: *quantity,
                    })
                    .collect(),
                shipped_at: w.parcel.shipped_at,
                completes_order: completes,
            };
            let payload = serde_json::to_string(&payload).map_err(|e| {
                AppError::new(ErrorCode::Internal, format!("fulfillment payload: {e}"))
            })?;
            tx.enqueue_effect(&NewEffect {
                kind: EffectKind::Fulfillment,
                to: Destination::Channel(order.channel_id.clone()),
                order_id: Some(order.id.clone()),
                idempotency_key: writeback_key(&order.id, &w.shipment, &w.parcel.tracking),
                payload,
                due_at: self.now,
            })
            .await?;
        }
        Ok(())
    }
}

/// The same parcel always owes under the same key: `wb-fulfillment-<order>-<shipment>-<tracking>`
/// (the tracking reduced to letters and digits).
fn writeback_key(order: &OrderId, shipment: &str, tracking: &str) -> String {
    let tracking: String = tracking
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("wb-fulfillment-{order}-{shipment}-{tracking}")
}

/// Whether the order's shipments in `statuses` place every unit of every line.
fn covered(order: &Order, shipments: &[&ShipmentRow], statuses: &[ShipmentStatus]) -> bool {
    let mut placed: HashMap<u32, u32> = HashMap::new();
    for s in shipments.iter().filter(|s| statuses.contains(&s.status)) {
        for l in &s.lines {
            *placed.entry(l.line).or_default() += l.quantity;
        }
    }
    !placed.is_empty()
        && order
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.quantity > 0)
            .all(|(i, l)| placed.get(&(i as u32)).copied().unwrap_or(0) >= l.quantity)
}

/// Where an order stands by its shipments: shipped when shipped parts place every unit,
/// partially shipped once any goods left, handed off when partners hold every unit; otherwise
/// it stays as it is (ready, with parts still at its own locations).
fn next_status(order: &Order, shipments: &[&ShipmentRow], any_parcel: bool) -> Option<OrderStatus> {
    if covered(order, shipments, &[ShipmentStatus::Shipped]) {
        Some(OrderStatus::Shipped)
    } else if any_parcel
        || shipments
            .iter()
            .any(|s| s.status == ShipmentStatus::Shipped)
    {
        Some(OrderStatus::PartiallyShipped)
    } else if covered(
        order,
        shipments,
        &[ShipmentStatus::HandedOff, ShipmentStatus::Accepted],
    ) {
        Some(OrderStatus::HandedOff)
    } else {
        None
    }
}

impl App {
    /// Writes a partner round's stock and commits. When units went back on the shelf (a
    /// refused or cancelled part), orders waiting for stock are routed in the same commit.
    pub(crate) async fn commit_partner_round(
        &self,
        mut tx: WriteTx,
        router: StockRouter,
        changed: &[OrderId],
    ) -> Result<(), AppError> {
        if router.released_any() {
            self.finish_stock_change(tx, router, StockOutcome::default())
                .await?;
        } else {
            router.save(&mut tx).await?;
            tx.commit().await?;
        }
        self.notify(changed.to_vec(), "partners");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn writeback_keys_are_stable_and_plain() {
        let order: OrderId = "ord_01JQ0000000000000000000000".parse().unwrap();
        assert_eq!(
            writeback_key(&order, "01JQ-1", "1Z 999/AA"),
            "wb-fulfillment-ord_01JQ0000000000000000000000-01JQ-1-1Z999AA"
        );
    }
}
