//! Gives a generated order a believable past: older orders have mostly shipped, recent ones are
//! spread over every status, each with the events that would have led there.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use waybill_core::edit::status_after_release;
use waybill_core::{
    Actor, EventKind, Hold, HoldReason, Location, LocationKind, Order, OrderStatus, PaymentStatus,
};

/// Carrier and service a warehouse would pick for this destination and requested service.
pub fn carrier_for(order: &Order) -> (&'static str, &'static str) {
    let requested = order.requested_service.as_deref().unwrap_or("Standard");
    match (order.ship_to.country.as_str(), requested) {
        ("US", _) if order.weight_g > 10_000 => ("UPS", "Ground"),
        ("US", "Overnight") => ("FedEx", "Priority Overnight"),
        ("US", "Expedited") => ("UPS", "2nd Day Air"),
        ("US", _) => ("USPS", "Ground Advantage"),
        ("CA", _) => ("Canada Post", "Expedited Parcel"),
        ("GB", _) => ("Royal Mail", "Tracked 48"),
        ("DE", _) => ("DHL", "Paket"),
        ("AU", _) => ("Australia Post", "Parcel Post"),
        _ => ("DHL", "Express Worldwide"),
    }
}

fn pick_status(rng: &mut SmallRng, age: Duration) -> OrderStatus {
    use OrderStatus::*;
    let roll = rng.random_range(0..100);
    let table: &[(u32, OrderStatus)] = if age < Duration::hours(24) {
        &[
            (10, AwaitingPayment),
            (24, OnHold),
            (70, Ready),
            (84, HandedOff),
            (90, Shipped),
            (100, Cancelled),
        ]
    } else if age < Duration::hours(72) {
        &[
            (3, AwaitingPayment),
            (11, OnHold),
            (30, Ready),
            (48, HandedOff),
            (55, PartiallyShipped),
            (95, Shipped),
            (100, Cancelled),
        ]
    } else {
        &[
            (1, OnHold),
            (2, PartiallyShipped),
            (95, Shipped),
            (100, Cancelled),
        ]
    };
    table
        .iter()
        .find(|(upto, _)| roll < *upto)
        .map_or(Shipped, |(_, s)| *s)
}

/// Moves `order` (as imported at `placed_at`) to a plausible state for its age at `now`,
/// returning the events that got it there.
pub fn shape(
    order: &mut Order,
    k: u64,
    now: DateTime<Utc>,
    locations: &[Location],
) -> Vec<(DateTime<Utc>, Actor, EventKind)> {
    let mut rng = SmallRng::seed_from_u64(k.wrapping_mul(0xA24B_AED4_963E_E407) ^ 0x5EED);
    let placed = order.placed_at;
    let mut events = vec![(
        placed + Duration::minutes(2),
        Actor::channel(order.channel_id.as_str()),
        EventKind::Imported {
            channel_status: order.channel_status.clone(),
        },
    )];
    let at = |mins: i64| (placed + Duration::minutes(mins)).min(now);
    let bad_address = !order.ship_to.problems().is_empty();
    let mut status = if bad_address {
        OrderStatus::OnHold
    } else {
        pick_status(&mut rng, now - placed)
    };
    if order.payment_status == PaymentStatus::Pending && now - placed > Duration::hours(72) {
        // Payment long since arrived (or the order would have been cancelled).
        order.payment_status = PaymentStatus::Paid;
        order.channel_status = "paid".into();
    }
    if order.payment_status == PaymentStatus::Pending
        && !matches!(status, OrderStatus::Cancelled | OrderStatus::OnHold)
    {
        status = OrderStatus::AwaitingPayment;
    }
    if status == OrderStatus::AwaitingPayment {
        order.payment_status = PaymentStatus::Pending;
        order.channel_status = "pending".into();
        order.status = status;
        // The channel reported it unpaid when it was imported.
        events[0].2 = EventKind::Imported {
            channel_status: order.channel_status.clone(),
        };
        return events;
    }
    if status == OrderStatus::OnHold {
        let reason = if bad_address {
            HoldReason::AddressInvalid
        } else if order.total > 30_000 {
            HoldReason::FraudRisk
        } else {
            [
                HoldReason::ManualReview,
                HoldReason::OutOfStock,
                HoldReason::PaymentPending,
            ][rng.random_range(0..3)]
        };
        let note = match reason {
            HoldReason::AddressInvalid => "postal_code: must not be empty".to_owned(),
            HoldReason::FraudRisk => {
                "Order value over 300.00 from a first-time customer".to_owned()
            }
            HoldReason::OutOfStock => {
                format!("{} has no stock at any location", order.lines[0].sku)
            }
            HoldReason::PaymentPending => "Payment is still authorising".to_owned(),
            _ => "Customer asked to change the order".to_owned(),
        };
        let placed_by = if reason == HoldReason::ManualReview {
            Actor::user("sam")
        } else {
            Actor::system()
        };
        order.hold = Some(Hold {
            reason,
            note: note.clone(),
            placed_by: placed_by.clone(),
            placed_at: at(3),
            release_at: None,
        });
        order.status = status;
        events.push((
            at(3),
            placed_by,
            EventKind::Held {
                reason,
                note,
                release_at: None,
            },
        ));
        return events;
    }
    if status == OrderStatus::Cancelled {
        order.status = status;
        events.push((
            at(rng.random_range(10..600)),
            Actor::channel(order.channel_id.as_str()),
            EventKind::Cancelled {
                note: "cancelled on the channel (customer request)".into(),
            },
        ));
        order.channel_status = "cancelled".into();
        return events;
    }
    // Routed: pick a location (partners only for handed-off orders), carrier and service.
    let partner = status == OrderStatus::HandedOff
        || (status != OrderStatus::Ready && rng.random_ratio(1, 6));
    let candidates: Vec<&Location> = locations
        .iter()
        .filter(|l| l.kind.is_partner() == partner && l.kind != LocationKind::DropShipVendor)
        .collect();
    let location = candidates
        .get(rng.random_range(0..candidates.len().max(1)))
        .copied();
    let (carrier, service) = carrier_for(order);
    order.location_id = location.map(|l| l.id.clone());
    order.carrier = Some(carrier.into());
    order.service = Some(service.into());
    order.status = status_after_release(order.payment_status);
    events.push((
        at(3),
        Actor::system(),
        EventKind::Routed {
            location: location.map(|l| l.name.clone()),
            carrier: Some(carrier.into()),
            service: Some(service.into()),
        },
    ));
    if let Some(l) = location.filter(|l| l.kind.is_partner()) {
        events.push((
            at(20),
            Actor::system(),
            EventKind::HandedOff {
                partner: l.name.clone(),
            },
        ));
    }
    if matches!(status, OrderStatus::Shipped | OrderStatus::PartiallyShipped) {
        let tracking = format!(
            "1Z{:06}{:010}",
            k % 1_000_000,
            rng.random_range(0..10_000_000_000u64)
        );
        let actor = location
            .filter(|l| l.kind.is_partner())
            .map_or_else(|| Actor::user("packer"), |l| Actor::partner(l.id.as_str()));
        events.push((
            at(rng.random_range(120..2_000)),
            actor,
            EventKind::Shipped {
                carrier: carrier.into(),
                tracking: vec![tracking],
            },
        ));
        order.channel_status = if status == OrderStatus::Shipped {
            "fulfilled".into()
        } else {
            "partially_fulfilled".into()
        };
    }
    order.status = status;
    events
}
