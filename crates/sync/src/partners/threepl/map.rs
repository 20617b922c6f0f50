//! Hand-offs → ShipBob order bodies, and ShipBob orders → [`PartnerStatus`].
//!
//! ShipBob imputes an order's status from its shipments; Waybill reads the shipments:
//! `Completed` ones are parcels that left, `Exception` (unknown or out-of-stock SKU, inactive
//! product) means the warehouse cannot ship it, `Processing` and `OnHold` are work in progress.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::ShippingMethods;
use super::model::{Order, Shipment};
use crate::connector::ConnectorError;
use crate::money::from_minor;
use crate::partners::status::add_units;
use crate::partners::{HandOff, PartnerStatus, ShippedPackage};

pub(crate) fn create_body(h: &HandOff, methods: &ShippingMethods) -> Result<Value, ConnectorError> {
    if h.lines.is_empty() {
        return Err(ConnectorError::Rejected(
            "a hand-off to the 3PL needs at least one line".into(),
        ));
    }
    let a = &h.ship_to;
    let products: Vec<Value> = h
        .lines
        .iter()
        .map(|l| {
            json!({
                // The reference-id model: ShipBob matches the product by our SKU.
                "reference_id": l.sku,
                "name": l.name,
                "quantity": l.quantity,
                "unit_price": from_minor(l.unit_price, &l.currency).parse::<f64>().unwrap_or(0.0),
            })
        })
        .collect();
    let mut body = json!({
        "reference_id": h.reference,
        "order_number": h.order_number,
        "type": "DTC",
        "shipping_method": methods.for_speed(h.speed),
        "purchase_date": h.placed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "recipient": {
            "name": if h.recipient.trim().is_empty() { &a.name } else { &h.recipient },
            "address": {
                "address1": a.line1,
                "address2": a.line2,
                "company_name": a.company,
                "city": a.city,
                "state": a.region,
                "country": a.country,
                "zip_code": a.postal_code,
            },
            "email": h.email,
            "phone_number": h.phone(),
        },
        "products": products,
    });
    if let Some(note) = h.note.as_deref().filter(|n| !n.trim().is_empty()) {
        body["tags"] = json!([{ "name": "Note", "value": note }]);
    }
    Ok(body)
}

fn norm(status: &str) -> String {
    status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn shipment_status(s: &Shipment) -> String {
    norm(s.status.as_deref().unwrap_or(""))
}

fn date(text: Option<&str>) -> Option<DateTime<Utc>> {
    crate::csv::value::date(text?).ok()
}

fn package(s: &Shipment) -> ShippedPackage {
    let tracking = s.tracking.as_ref();
    let mut lines = Vec::new();
    for p in s.products.iter().flatten() {
        let Some(sku) = p.reference_id.as_deref().or(p.sku.as_deref()) else {
            continue;
        };
        let units = p.quantity.unwrap_or_else(|| {
            p.inventory_items
                .iter()
                .flatten()
                .filter_map(|i| i.quantity)
                .sum()
        });
        add_units(
            &mut lines,
            sku,
            u32::try_from(units.max(0)).unwrap_or(u32::MAX),
        );
    }
    ShippedPackage {
        carrier: tracking.and_then(|t| t.carrier.clone()).unwrap_or_default(),
        tracking: tracking
            .and_then(|t| t.tracking_number.clone())
            .unwrap_or_default(),
        shipped_at: date(tracking.and_then(|t| t.shipping_date.as_deref()))
            .or_else(|| date(s.actual_fulfillment_date.as_deref()))
            .unwrap_or_else(Utc::now),
        lines,
    }
}

fn exception_reason(s: &Shipment) -> String {
    let details: Vec<String> = s
        .status_details
        .iter()
        .flatten()
        .map(|d| match (&d.name, &d.description) {
            (Some(n), Some(desc)) => format!("{desc} ({n})"),
            (Some(n), None) => n.clone(),
            (None, Some(desc)) => desc.clone(),
            (None, None) => String::new(),
        })
        .filter(|t| !t.is_empty())
        .collect();
    if details.is_empty() {
        "the warehouse cannot fulfil the shipment (Exception)".into()
    } else {
        format!(
            "the warehouse cannot fulfil the shipment: {}",
            details.join("; ")
        )
    }
}

pub(crate) fn status(order: &Order) -> PartnerStatus {
    let order_status = norm(order.status.as_deref().unwrap_or(""));
    if order_status == "cancelled" {
        return PartnerStatus::Cancelled;
    }
    let shipments: Vec<&Shipment> = order
        .shipments
        .iter()
        .flatten()
        .filter(|s| shipment_status(s) != "cancelled")
        .collect();
    let done: Vec<&Shipment> = shipments
        .iter()
        .copied()
        .filter(|s| shipment_status(s) == "completed")
        .collect();
    if !done.is_empty() {
        return PartnerStatus::Shipped {
            packages: done.iter().map(|s| package(s)).collect(),
            complete: done.len() == shipments.len(),
        };
    }
    if let Some(s) = shipments.iter().find(|s| shipment_status(s) == "exception") {
        return PartnerStatus::Rejected {
            reason: exception_reason(s),
        };
    }
    if order.shipments.as_ref().is_some_and(|all| !all.is_empty()) && shipments.is_empty() {
        // Every shipment cancelled.
        return PartnerStatus::Cancelled;
    }
    match order_status.as_str() {
        "importreview" => PartnerStatus::Pending,
        _ => PartnerStatus::Accepted,
    }
}
