use chrono::TimeZone;

use super::*;
use crate::address::Address;
use crate::ids::{ChannelId, OrderId};
use crate::order::{Customer, OrderLine};

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).unwrap()
}

fn incoming() -> NewOrder {
    NewOrder {
        external_id: "55".into(),
        number: "#55".into(),
        status: OrderStatus::Ready,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: "Grace".into(),
            email: None,
            phone: None,
        },
        ship_to: Address {
            name: "Grace".into(),
            line1: "1 Navy Yard".into(),
            city: "Arlington".into(),
            postal_code: "22201".into(),
            country: "US".into(),
            ..Address::default()
        },
        bill_to: None,
        requested_service: Some("Standard".into()),
        lines: vec![OrderLine {
            sku: "A".into(),
            name: "A".into(),
            quantity: 1,
            unit_price: 500,
            unit_weight_g: 100,
            product_tags: vec![],
        }],
        currency: "USD".into(),
        subtotal: 500,
        shipping_paid: 0,
        tax: 0,
        total: 500,
        tags: vec![],
        customer_notes: None,
        gift: false,
        placed_at: t(1),
        updated_at: t(1),
        ship_by: None,
    }
}

fn stored() -> Order {
    incoming().into_order(OrderId::new(), ChannelId::new())
}

#[test]
fn the_same_order_sent_again_changes_nothing() {
    assert!(merge_from_channel(&stored(), incoming(), t(2)).is_none());
}

#[test]
fn a_changed_address_is_taken_and_named() {
    let mut news = incoming();
    news.ship_to.line1 = "2 Navy Yard".into();
    let (next, events) = merge_from_channel(&stored(), news, t(2)).unwrap();
    assert_eq!(next.ship_to.line1, "2 Navy Yard");
    assert_eq!(
        events[0],
        EventKind::UpdatedByChannel {
            fields: vec!["ship_to".into()],
            channel_status: "paid".into()
        }
    );
}

#[test]
fn an_address_a_person_fixed_is_never_overwritten_by_the_channel() {
    let mut mine = stored();
    mine.ship_to.line1 = "Fixed by hand".into();
    mine.mark_owned(OwnedField::ShipTo);
    let mut news = incoming();
    news.ship_to.line1 = "Channel's version".into();
    let merged = merge_from_channel(&mine, news, t(2));
    assert!(merged.is_none_or(|(o, _)| o.ship_to.line1 == "Fixed by hand"));
}

#[test]
fn a_cancellation_on_the_channel_cancels_an_unshipped_order() {
    let mut news = incoming();
    news.status = OrderStatus::Cancelled;
    news.channel_status = "cancelled".into();
    let (next, events) = merge_from_channel(&stored(), news, t(2)).unwrap();
    assert_eq!(next.status, OrderStatus::Cancelled);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, EventKind::Cancelled { .. }))
    );
}

#[test]
fn a_cancellation_on_the_channel_never_unships_a_shipped_order() {
    let mut shipped = stored();
    shipped.status = OrderStatus::Shipped;
    let mut news = incoming();
    news.status = OrderStatus::Cancelled;
    news.channel_status = "cancelled".into();
    let (next, _) = merge_from_channel(&shipped, news, t(2)).unwrap();
    assert_eq!(next.status, OrderStatus::Shipped);
    assert_eq!(
        next.channel_status, "cancelled",
        "the raw channel status is still recorded"
    );
}

#[test]
fn a_channel_cancellation_after_shipping_or_hand_off_is_flagged_not_ignored() {
    for status in [
        OrderStatus::Shipped,
        OrderStatus::PartiallyShipped,
        OrderStatus::HandedOff,
    ] {
        let mut order = stored();
        order.status = status;
        let mut news = incoming();
        news.status = OrderStatus::Cancelled;
        news.channel_status = "cancelled".into();
        let (next, events) = merge_from_channel(&order, news.clone(), t(2)).unwrap();
        assert_eq!(next.status, status, "the status machine still refuses it");
        assert!(next.tags.iter().any(|t| t == LATE_CANCEL_TAG));
        assert_eq!(next.internal_notes.len(), 1, "a note says what to do");
        assert!(
            events
                .iter()
                .any(|e| matches!(e, EventKind::NoteAdded { .. })),
            "the timeline shows it"
        );
        // The same page again flags nothing twice.
        assert!(merge_from_channel(&next, news, t(3)).is_none());
    }
}

#[test]
fn payment_arriving_moves_an_unpaid_order_to_ready() {
    let mut unpaid = stored();
    unpaid.status = OrderStatus::AwaitingPayment;
    unpaid.payment_status = PaymentStatus::Pending;
    let (next, events) = merge_from_channel(&unpaid, incoming(), t(2)).unwrap();
    assert_eq!(next.status, OrderStatus::Ready);
    assert!(events.contains(&EventKind::StatusChanged {
        from: OrderStatus::AwaitingPayment,
        to: OrderStatus::Ready
    }));
}
