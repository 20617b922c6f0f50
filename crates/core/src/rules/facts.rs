//! The order as conditions see it: each field read straight from the order, borrowed.
//!
//! Only what every evaluation needs is prepared up front (the `now` instant, units over all
//! lines, which fields a person owns); the address check runs at most once, and only when a
//! rule asks about it.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::order::{Order, OwnedField};
use crate::rules::program::{DateField, FlagField, NumberField, TextField};

/// A text field's value: one optional string, or a list (internal notes).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TextValue<'o> {
    One(Option<&'o str>),
    Many(&'o [String]),
}

pub(crate) struct Facts<'o> {
    pub order: &'o Order,
    pub now_ms: i64,
    total_quantity: i64,
    owned: u8,
    address_valid: Cell<Option<bool>>,
}

pub(crate) fn owned_bit(field: OwnedField) -> u8 {
    1 << (field as u8)
}

impl<'o> Facts<'o> {
    pub fn new(order: &'o Order, now: DateTime<Utc>) -> Self {
        Facts {
            order,
            now_ms: now.timestamp_millis(),
            total_quantity: order.lines.iter().map(|l| i64::from(l.quantity)).sum(),
            owned: order
                .owned_fields
                .iter()
                .fold(0, |bits, f| bits | owned_bit(*f)),
            address_valid: Cell::new(None),
        }
    }

    /// Whether a person owns no field at all (nearly always).
    #[inline]
    pub fn owns_nothing(&self) -> bool {
        self.owned == 0
    }

    #[inline]
    pub fn owns(&self, field: OwnedField) -> bool {
        self.owned & owned_bit(field) != 0
    }

    /// Whether the ship-to address passes [`crate::Address::problems`], computed once.
    pub fn address_valid(&self) -> bool {
        if let Some(v) = self.address_valid.get() {
            return v;
        }
        let v = self.order.ship_to.problems().is_empty();
        self.address_valid.set(Some(v));
        v
    }

    #[inline]
    pub fn text(&self, field: TextField) -> TextValue<'o> {
        let o = self.order;
        let one = |s: &'o str| TextValue::One(Some(s));
        match field {
            TextField::Currency => one(&o.currency),
            TextField::Country => one(&o.ship_to.country),
            TextField::Region => TextValue::One(o.ship_to.region.as_deref()),
            TextField::City => one(&o.ship_to.city),
            TextField::PostalCode => one(&o.ship_to.postal_code),
            TextField::RequestedService => TextValue::One(o.requested_service.as_deref()),
            TextField::CustomerName => one(&o.customer.name),
            TextField::CustomerEmail => TextValue::One(o.customer.email.as_deref()),
            TextField::CustomerNotes => TextValue::One(o.customer_notes.as_deref()),
            TextField::InternalNotes => TextValue::Many(&o.internal_notes),
        }
    }

    #[inline]
    pub fn number(&self, field: NumberField) -> i64 {
        let o = self.order;
        match field {
            NumberField::Total => o.total,
            NumberField::LineCount => i64::try_from(o.lines.len()).unwrap_or(i64::MAX),
            NumberField::TotalQuantity => self.total_quantity,
            NumberField::TotalWeightG => i64::from(o.weight_g),
        }
    }

    #[inline]
    pub fn flag(&self, field: FlagField) -> Option<bool> {
        match field {
            FlagField::Gift => Some(self.order.gift),
            FlagField::Residential => self.order.ship_to.residential,
        }
    }

    #[inline]
    pub fn date(&self, field: DateField) -> Option<DateTime<Utc>> {
        match field {
            DateField::PlacedAt => Some(self.order.placed_at),
            DateField::ShipBy => self.order.ship_by,
        }
    }
}
