//! What partners report about a shipment, applied to the stock the router holds: a parcel
//! takes its units off the shelf, a finished shipment gives back what it still held.

use waybill_core::OrderId;
use waybill_store::{ShipmentRow, ShipmentStatus};

use super::{StockRouter, add_units, wants};

impl StockRouter {
    /// Puts back on the shelf what `s` still holds.
    pub(super) fn release_rest(&mut self, order: &OrderId, s: &ShipmentRow) {
        let units = self.still_reserved(s);
        let wants = wants(&units);
        if wants.is_empty() {
            return;
        }
        match self.inventory.release(&s.location_id, order, &wants) {
            Ok(m) => {
                self.released |= !m.is_empty();
                self.record(m);
            }
            Err(e) => tracing::error!(shipment = %s.id, error = %e, "release refused"),
        }
    }

    /// Tracked units `s` still holds: its lines less what partners reported in its parcels.
    pub(super) fn still_reserved(&self, s: &ShipmentRow) -> Vec<(String, u32)> {
        let shipped = self.in_parcels.get(&s.id);
        let mut units: Vec<(String, u32)> = Vec::new();
        for l in s.lines.iter().filter(|l| l.tracked) {
            add_units(&mut units, &l.sku, l.quantity);
        }
        for (sku, q) in &mut units {
            let gone = shipped
                .and_then(|p| p.iter().find(|(s, _)| s == sku))
                .map_or(0, |(_, n)| *n);
            *q = q.saturating_sub(gone);
        }
        units.retain(|(_, q)| *q > 0);
        units
    }

    /// A partner shipped a parcel of `shipment`: the units it still held of those SKUs leave
    /// the shelf (reserved and on hand). Units beyond what it holds, or of SKUs not tracked,
    /// change nothing.
    pub(crate) fn take_parcel(&mut self, order: &OrderId, shipment: &str, lines: &[(String, u32)]) {
        if !self.enabled {
            return;
        }
        let Some(s) = self
            .open
            .get(order)
            .and_then(|open| open.iter().find(|s| s.id == shipment))
            .cloned()
        else {
            return;
        };
        let held = self.still_reserved(&s);
        let mut take: Vec<(String, u32)> = Vec::new();
        for (sku, q) in lines {
            if let Some((_, left)) = held.iter().find(|(h, _)| h == sku) {
                let already = take.iter().find(|(t, _)| t == sku).map_or(0, |(_, n)| *n);
                add_units(&mut take, sku, (*q).min(left.saturating_sub(already)));
            }
        }
        take.retain(|(_, q)| *q > 0);
        if !take.is_empty() {
            match self.inventory.consume(&s.location_id, order, &wants(&take)) {
                Ok(m) => self.record(m),
                Err(e) => tracing::error!(shipment = %s.id, error = %e, "consume refused"),
            }
        }
        let parcels = self.in_parcels.entry(s.id.clone()).or_default();
        for (sku, q) in lines {
            add_units(parcels, sku, *q);
        }
    }

    /// A partner finished with `shipment` (shipped all it will, rejected or cancelled it):
    /// it is closed with `status`, and whatever it still held goes back on the shelf.
    pub(crate) fn close_shipment(
        &mut self,
        order: &OrderId,
        shipment: &str,
        status: ShipmentStatus,
    ) {
        let Some(open) = self.open.get_mut(order) else {
            return;
        };
        let Some(at) = open.iter().position(|s| s.id == shipment) else {
            return;
        };
        let s = open.remove(at);
        if self.enabled {
            self.release_rest(order, &s);
        }
        if status == ShipmentStatus::Rejected {
            self.refused
                .entry(order.clone())
                .or_default()
                .push(s.location_id.clone());
        }
        if status == ShipmentStatus::Shipped {
            let done = self.shipped_lines.entry(order.clone()).or_default();
            done.extend(s.lines.iter().map(|l| (l.line, l.quantity)));
        }
        self.closed.push((s.id, status));
    }
}
