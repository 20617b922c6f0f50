//! What happens when a channel sends an order Waybill already has.
//!
//! The channel owns what the customer bought and paid; Waybill owns routing and holds; a person
//! owns whatever they fixed by hand. Merging respects all three.

use chrono::{DateTime, Utc};

use crate::event::EventKind;
use crate::order::{NewOrder, Order, OwnedField, PaymentStatus};
use crate::status::OrderStatus;

/// The updated order and what changed, or `None` when the channel sent nothing new.
pub fn merge_from_channel(
    existing: &Order,
    incoming: NewOrder,
    now: DateTime<Utc>,
) -> Option<(Order, Vec<EventKind>)> {
    let mut next = existing.clone();
    let mut fields: Vec<String> = Vec::new();
    let mut changed = |name: &str, differs: bool| {
        if differs {
            fields.push(name.to_owned());
        }
        differs
    };
    if changed("customer", next.customer != incoming.customer) {
        next.customer = incoming.customer.clone();
    }
    if !existing.is_owned(OwnedField::ShipTo)
        && changed("ship_to", next.ship_to != incoming.ship_to)
    {
        next.ship_to = incoming.ship_to.clone();
    }
    if changed("bill_to", next.bill_to != incoming.bill_to) {
        next.bill_to = incoming.bill_to.clone();
    }
    if changed("lines", next.lines != incoming.lines) {
        next.weight_g = incoming.weight_g();
        next.lines = incoming.lines.clone();
    }
    let money_differs = (
        next.subtotal,
        next.shipping_paid,
        next.tax,
        next.total,
        &next.currency,
    ) != (
        incoming.subtotal,
        incoming.shipping_paid,
        incoming.tax,
        incoming.total,
        &incoming.currency,
    );
    if changed("totals", money_differs) {
        next.subtotal = incoming.subtotal;
        next.shipping_paid = incoming.shipping_paid;
        next.tax = incoming.tax;
        next.total = incoming.total;
        next.currency = incoming.currency.clone();
    }
    if changed(
        "payment_status",
        next.payment_status != incoming.payment_status,
    ) {
        next.payment_status = incoming.payment_status;
    }
    if changed(
        "requested_service",
        next.requested_service != incoming.requested_service,
    ) {
        next.requested_service = incoming.requested_service.clone();
    }
    if changed(
        "customer_notes",
        next.customer_notes != incoming.customer_notes,
    ) {
        next.customer_notes = incoming.customer_notes.clone();
    }
    if changed("ship_by", next.ship_by != incoming.ship_by) {
        next.ship_by = incoming.ship_by;
    }
    if changed("gift", next.gift != incoming.gift) {
        next.gift = incoming.gift;
    }
    for tag in &crate::order::normalise_tags(&incoming.tags) {
        if !next.tags.contains(tag) && !existing.is_owned(OwnedField::Tags) {
            next.tags.push(tag.clone());
            fields.push("tags".to_owned());
        }
    }
    let raw_status_changed = next.channel_status != incoming.channel_status;
    next.channel_status = incoming.channel_status.clone();

    let mut events = Vec::new();
    let target = status_from_channel(existing, &incoming);
    if target != existing.status && existing.status.check_transition(target).is_ok() {
        if target == OrderStatus::Cancelled {
            next.hold = None;
            events.push(EventKind::Cancelled {
                note: format!("cancelled on the channel ({})", incoming.channel_status),
            });
        } else {
            events.push(EventKind::StatusChanged {
                from: existing.status,
                to: target,
            });
        }
        next.status = target;
    } else if target == OrderStatus::Cancelled
        && existing.status != OrderStatus::Cancelled
        && !next.tags.iter().any(|t| t == LATE_CANCEL_TAG)
    {
        // Too late to cancel here: the goods left, or a partner holds them. Ignoring it would
        // ship (or keep) goods nobody pays for, so the order says so where people look.
        events.extend(flag_late_cancellation(&mut next, &incoming.channel_status));
    }
    if fields.is_empty() && events.is_empty() && !raw_status_changed {
        return None;
    }
    next.updated_at = now.max(incoming.updated_at);
    events.insert(
        0,
        EventKind::UpdatedByChannel {
            fields,
            channel_status: incoming.channel_status,
        },
    );
    Some((next, events))
}

/// The tag on an order the channel cancelled after it shipped or was handed off: the queue's tag
/// filter lists every such order for someone to recall the parcel or refund.
pub const LATE_CANCEL_TAG: &str = "cancelled-on-channel";

/// Tags and notes an order the channel cancelled too late for Waybill to stop it.
fn flag_late_cancellation(order: &mut Order, channel_status: &str) -> Vec<EventKind> {
    let note = format!(
        "The channel cancelled this order ({channel_status}) after it was {}: Waybill could not \
         stop it. Recall the shipment or cancel it with the partner, and settle the refund on the \
         channel.",
        order.status.label()
    );
    order.tags.push(LATE_CANCEL_TAG.to_owned());
    order.internal_notes.push(note.clone());
    vec![
        EventKind::TagAdded {
            tag: LATE_CANCEL_TAG.to_owned(),
        },
        EventKind::NoteAdded { note },
    ]
}

/// The status the channel's news implies: a cancellation, or payment arriving.
fn status_from_channel(existing: &Order, incoming: &NewOrder) -> OrderStatus {
    match (existing.status, incoming.status, incoming.payment_status) {
        (_, OrderStatus::Cancelled, _) => OrderStatus::Cancelled,
        (OrderStatus::AwaitingPayment, _, PaymentStatus::Paid) => OrderStatus::Ready,
        (current, _, _) => current,
    }
}

#[cfg(test)]
mod tests;
