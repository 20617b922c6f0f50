//! A partner shipment's hand-off, as the outbox stores it: everything the partner's adapter
//! needs, taken from the order when it was routed (the order may change afterwards; the
//! partner received what it received).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::{Address, Order};
use waybill_store::{Destination, EffectKind, NewEffect, NewShipment};
use waybill_sync::{HandOff, HandOffLine, ShippingSpeed};

use crate::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOffLinePayload {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    /// Minor units of `currency`.
    pub unit_price: i64,
}

/// How fast the partner should ship, from the service the rules chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeedPayload {
    Standard,
    Expedited,
    Priority,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOffPayload {
    /// The shipment id: the partner's idempotency key for this hand-off.
    pub reference: String,
    pub order_number: String,
    pub placed_at: DateTime<Utc>,
    pub ship_to: Address,
    pub recipient: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lines: Vec<HandOffLinePayload>,
    pub currency: String,
    pub speed: SpeedPayload,
    pub note: Option<String>,
}

impl HandOffPayload {
    /// The hand-off as the partner adapters take it.
    pub fn to_handoff(&self) -> HandOff {
        HandOff {
            reference: self.reference.clone(),
            order_number: self.order_number.clone(),
            placed_at: self.placed_at,
            ship_to: self.ship_to.clone(),
            recipient: self.recipient.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| HandOffLine {
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    currency: self.currency.clone(),
                })
                .collect(),
            speed: match self.speed {
                SpeedPayload::Standard => ShippingSpeed::Standard,
                SpeedPayload::Expedited => ShippingSpeed::Expedited,
                SpeedPayload::Priority => ShippingSpeed::Priority,
            },
            note: self.note.clone(),
        }
    }
}

fn speed(service: Option<&str>) -> SpeedPayload {
    let s = service.unwrap_or_default().to_ascii_lowercase();
    if ["overnight", "next_day", "priority", "express"]
        .iter()
        .any(|k| s.contains(k))
    {
        SpeedPayload::Priority
    } else if ["2day", "two_day", "expedited", "2_day"]
        .iter()
        .any(|k| s.contains(k))
    {
        SpeedPayload::Expedited
    } else {
        SpeedPayload::Standard
    }
}

pub(crate) fn handoff_payload(shipment: &NewShipment, order: &Order) -> HandOffPayload {
    HandOffPayload {
        reference: shipment.id.clone(),
        order_number: order.number.clone(),
        placed_at: order.placed_at,
        ship_to: order.ship_to.clone(),
        recipient: order.customer.name.clone(),
        email: order.customer.email.clone(),
        phone: order.customer.phone.clone(),
        lines: shipment
            .lines
            .iter()
            .map(|l| {
                let line = order.lines.get(l.line as usize);
                HandOffLinePayload {
                    sku: l.sku.clone(),
                    name: line.map(|x| x.name.clone()).unwrap_or_default(),
                    quantity: l.quantity,
                    unit_price: line.map_or(0, |x| x.unit_price),
                }
            })
            .collect(),
        currency: order.currency.clone(),
        speed: speed(order.service.as_deref()),
        note: order.customer_notes.clone(),
    }
}

/// The outbox row that hands `shipment` to its partner location.
pub(crate) fn handoff_effect(
    shipment: &NewShipment,
    order: &Order,
    now: DateTime<Utc>,
) -> Result<NewEffect, AppError> {
    let payload = serde_json::to_string(&handoff_payload(shipment, order))
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("hand-off payload: {e}")))?;
    Ok(NewEffect {
        kind: EffectKind::Handoff,
        to: Destination::Location(shipment.location_id.clone()),
        order_id: Some(order.id.clone()),
        idempotency_key: format!("wb-handoff-{}", shipment.id),
        payload,
        due_at: now,
    })
}
