use chrono::TimeZone;

use super::*;
use crate::ids::{ChannelId, OrderId};
use crate::order::{Customer, NewOrder, OrderLine};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

fn order(status: OrderStatus) -> Order {
    NewOrder {
        external_id: "1001".into(),
        number: "#1001".into(),
        status,
        channel_status: "paid".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: "Ada".into(),
            email: Some("ada@example.com".into()),
            phone: None,
        },
        ship_to: Address {
            name: "Ada".into(),
            line1: "1 Way".into(),
            city: "Town".into(),
            postal_code: "12345".into(),
            country: "US".into(),
            ..Address::default()
        },
        bill_to: None,
        requested_service: None,
        lines: vec![OrderLine {
            sku: "MUG-1".into(),
            name: "Mug".into(),
            quantity: 2,
            unit_price: 1200,
            unit_weight_g: 350,
            product_tags: vec![],
        }],
        currency: "USD".into(),
        subtotal: 2400,
        shipping_paid: 500,
        tax: 0,
        total: 2900,
        tags: vec![],
        customer_notes: None,
        gift: false,
        placed_at: now(),
        updated_at: now(),
        ship_by: None,
    }
    .into_order(OrderId::new(), ChannelId::new())
}

fn ana() -> Actor {
    Actor::user("ana")
}

#[test]
fn a_person_holding_then_releasing_owns_the_hold_so_rules_leave_it_alone() {
    let mut o = order(OrderStatus::Ready);
    let hold = ManualAction::Hold {
        reason: HoldReason::ManualReview,
        note: "check".into(),
        release_at: None,
    };
    let ev = apply(&mut o, &hold, &ana(), now()).unwrap();
    assert_eq!(o.status, OrderStatus::OnHold);
    assert!(matches!(
        ev[0],
        EventKind::Held {
            reason: HoldReason::ManualReview,
            ..
        }
    ));
    apply(
        &mut o,
        &ManualAction::Release {
            note: String::new(),
        },
        &ana(),
        now(),
    )
    .unwrap();
    assert_eq!(o.status, OrderStatus::Ready);
    assert!(o.hold.is_none());
    assert!(o.is_owned(OwnedField::Hold));
}

#[test]
fn release_of_an_unpaid_order_waits_for_payment() {
    let mut o = order(OrderStatus::Ready);
    o.payment_status = PaymentStatus::Pending;
    let hold = ManualAction::Hold {
        reason: HoldReason::FraudRisk,
        note: String::new(),
        release_at: None,
    };
    apply(&mut o, &hold, &Actor::system(), now()).unwrap();
    apply(
        &mut o,
        &ManualAction::Release {
            note: String::new(),
        },
        &ana(),
        now(),
    )
    .unwrap();
    assert_eq!(o.status, OrderStatus::AwaitingPayment);
}

#[test]
fn cancelling_a_shipped_order_is_refused_and_changes_nothing() {
    let mut o = order(OrderStatus::Shipped);
    let before = o.clone();
    let err = apply(
        &mut o,
        &ManualAction::Cancel {
            note: String::new(),
        },
        &ana(),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("already shipped"), "{err}");
    assert_eq!(o, before);
}

#[test]
fn an_address_with_empty_fields_is_refused_naming_them() {
    let mut o = order(OrderStatus::OnHold);
    let before = o.clone();
    let bad = Address {
        city: String::new(),
        ..o.ship_to.clone()
    };
    let err = apply(
        &mut o,
        &ManualAction::EditShipTo { address: bad },
        &ana(),
        now(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the address is not usable: city: must not be empty"
    );
    assert_eq!(o, before);
}

#[test]
fn a_fixed_address_is_owned_by_the_person_and_recorded_before_and_after() {
    let mut o = order(OrderStatus::OnHold);
    let fixed = Address {
        line1: "2 Way".into(),
        ..o.ship_to.clone()
    };
    let ev = apply(
        &mut o,
        &ManualAction::EditShipTo {
            address: fixed.clone(),
        },
        &ana(),
        now(),
    )
    .unwrap();
    assert_eq!(o.ship_to, fixed);
    assert!(o.is_owned(OwnedField::ShipTo));
    assert!(matches!(&ev[0], EventKind::AddressEdited { before, .. } if before.line1 == "1 Way"));
}

#[test]
fn releasing_an_order_that_is_not_held_is_refused() {
    let mut o = order(OrderStatus::Ready);
    assert_eq!(
        apply(
            &mut o,
            &ManualAction::Release {
                note: String::new()
            },
            &ana(),
            now()
        ),
        Err(ActionError::NotOnHold)
    );
}

#[test]
fn a_timed_hold_must_release_in_the_future() {
    let mut o = order(OrderStatus::Ready);
    let past = ManualAction::Hold {
        reason: HoldReason::ManualReview,
        note: String::new(),
        release_at: Some(now()),
    };
    assert_eq!(
        apply(&mut o, &past, &ana(), now()),
        Err(ActionError::ReleaseInPast)
    );
}

#[test]
fn tags_are_normalised_and_not_duplicated() {
    let mut o = order(OrderStatus::Ready);
    apply(
        &mut o,
        &ManualAction::AddTag {
            tag: " VIP ".into(),
        },
        &ana(),
        now(),
    )
    .unwrap();
    let again = apply(
        &mut o,
        &ManualAction::AddTag { tag: "vip".into() },
        &ana(),
        now(),
    )
    .unwrap();
    assert_eq!(o.tags, ["vip"]);
    assert!(again.is_empty(), "adding an existing tag records nothing");
    assert!(
        apply(
            &mut o,
            &ManualAction::AddTag { tag: "  ".into() },
            &ana(),
            now()
        )
        .is_err()
    );
}

#[test]
fn a_custom_hold_needs_a_note() {
    let mut o = order(OrderStatus::Ready);
    let h = ManualAction::Hold {
        reason: HoldReason::Custom,
        note: " ".into(),
        release_at: None,
    };
    assert_eq!(
        apply(&mut o, &h, &ana(), now()),
        Err(ActionError::CustomHoldWithoutNote)
    );
}

#[test]
fn shipping_needs_a_tracking_number_and_a_ready_order() {
    let mut o = order(OrderStatus::Ready);
    let no_tracking = ManualAction::Ship {
        carrier: "UPS".into(),
        service: None,
        tracking: vec![" ".into()],
    };
    assert_eq!(
        apply(&mut o, &no_tracking, &ana(), now()),
        Err(ActionError::Empty("the tracking number"))
    );
    let ship = ManualAction::Ship {
        carrier: "UPS".into(),
        service: Some("Ground".into()),
        tracking: vec!["1Z999".into()],
    };
    apply(&mut o, &ship, &ana(), now()).unwrap();
    assert_eq!(
        (o.status, o.carrier.as_deref()),
        (OrderStatus::Shipped, Some("UPS"))
    );
    let mut held = order(OrderStatus::OnHold);
    assert!(matches!(
        apply(&mut held, &ship, &ana(), now()),
        Err(ActionError::Transition(_))
    ));
}
