//! WooCommerce orders → [`NewOrder`], and the status table behind them.
//!
//! WooCommerce has one status per order that mixes payment and shipping (`on-hold` waits for a
//! bank transfer; `completed` means shipped). Payment is read from the same status, except that
//! refunds listed on an order not fully refunded make it partially refunded.

use chrono::{DateTime, NaiveDateTime, Utc};
use waybill_core::{Address, Customer, NewOrder, OrderLine, OrderStatus, PaymentStatus};

use super::model::{WooAddress, WooOrder};
use crate::connector::{ConnectorError, StatusMap};
use crate::money::to_minor;

pub static STATUS_MAP: StatusMap = StatusMap {
    orders: &[
        ("pending", OrderStatus::AwaitingPayment),
        ("processing", OrderStatus::Ready),
        ("on-hold", OrderStatus::AwaitingPayment),
        ("completed", OrderStatus::Shipped),
        ("cancelled", OrderStatus::Cancelled),
        ("refunded", OrderStatus::Cancelled),
        ("failed", OrderStatus::AwaitingPayment),
        ("trash", OrderStatus::Cancelled),
        ("checkout-draft", OrderStatus::AwaitingPayment),
    ],
    payments: &[
        ("pending", PaymentStatus::Pending),
        ("processing", PaymentStatus::Paid),
        ("on-hold", PaymentStatus::Pending),
        ("completed", PaymentStatus::Paid),
        ("cancelled", PaymentStatus::Pending),
        ("refunded", PaymentStatus::Refunded),
        ("failed", PaymentStatus::Pending),
        ("trash", PaymentStatus::Pending),
        ("checkout-draft", PaymentStatus::Pending),
    ],
    notes: &[
        "on-hold means WooCommerce waits for payment (bank transfer, cheque): awaiting payment.",
        "failed means the payment failed; the customer may still pay: awaiting payment.",
        "An order with refunds that is not fully refunded is partially refunded.",
        "Custom statuses added by plugins go on hold for a person.",
    ],
};

/// A WooCommerce `*_gmt` date (no offset) as UTC.
pub(crate) fn parse_gmt(text: &str) -> Result<DateTime<Utc>, ConnectorError> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .map(|d| d.and_utc())
        .or_else(|_| DateTime::parse_from_rfc3339(text).map(|d| d.with_timezone(&Utc)))
        .map_err(|_| ConnectorError::Malformed(format!("`{text}` is not a date")))
}

pub(crate) fn to_new_order(o: &WooOrder) -> Result<NewOrder, ConnectorError> {
    let currency = o.currency.clone();
    let mut payment_status = STATUS_MAP.payment_status(&o.status);
    if !o.refunds.is_empty() && payment_status != PaymentStatus::Refunded {
        payment_status = PaymentStatus::PartiallyRefunded;
    }
    let mut lines = Vec::with_capacity(o.line_items.len());
    let mut subtotal = 0i64;
    for item in &o.line_items {
        let line_subtotal = to_minor(&item.subtotal, &currency)?;
        subtotal += to_minor(&item.total, &currency)?;
        // `price` is a float WooCommerce computed; the line's subtotal string is exact.
        let unit_price = if item.quantity == 0 {
            0
        } else {
            (line_subtotal + i64::from(item.quantity) / 2) / i64::from(item.quantity)
        };
        lines.push(OrderLine {
            sku: item.sku.clone().unwrap_or_default(),
            name: item.name.clone(),
            quantity: item.quantity,
            unit_price,
            // Order lines carry no weight in WooCommerce; the catalogue supplies it.
            unit_weight_g: 0,
            product_tags: Vec::new(),
        });
    }
    // Orders that ship to the billing address may leave the shipping fields empty.
    let ship_from = if o.shipping.address_1.trim().is_empty() {
        &o.billing
    } else {
        &o.shipping
    };
    let ship_to = address(ship_from);
    let placed_at = o.date_created_gmt.as_deref().map(parse_gmt).transpose()?;
    let updated_at = o.date_modified_gmt.as_deref().map(parse_gmt).transpose()?;
    let placed_at = placed_at
        .or(updated_at)
        .ok_or_else(|| ConnectorError::Malformed(format!("order {} has no dates", o.id)))?;
    Ok(NewOrder {
        external_id: o.id.to_string(),
        number: format!(
            "#{}",
            if o.number.is_empty() {
                o.id.to_string()
            } else {
                o.number.clone()
            }
        ),
        status: STATUS_MAP.order_status(&o.status),
        channel_status: o.status.clone(),
        payment_status,
        customer: Customer {
            name: person(&o.billing).unwrap_or_else(|| ship_to.name.clone()),
            email: o.billing.email.clone().filter(|e| !e.is_empty()),
            phone: o.billing.phone.clone().filter(|p| !p.is_empty()),
        },
        bill_to: Some(address(&o.billing)),
        ship_to,
        requested_service: o.shipping_lines.first().map(|l| l.method_title.clone()),
        lines,
        subtotal,
        shipping_paid: amount(&o.shipping_total, &currency)?,
        tax: amount(&o.total_tax, &currency)?,
        total: amount(&o.total, &currency)?,
        currency,
        tags: Vec::new(),
        customer_notes: Some(o.customer_note.clone()).filter(|n| !n.trim().is_empty()),
        gift: false,
        placed_at,
        updated_at: updated_at.unwrap_or(placed_at),
        ship_by: None,
    })
}

fn amount(text: &str, currency: &str) -> Result<i64, ConnectorError> {
    if text.trim().is_empty() {
        Ok(0)
    } else {
        to_minor(text, currency)
    }
}

fn person(a: &WooAddress) -> Option<String> {
    let name = format!("{} {}", a.first_name.trim(), a.last_name.trim());
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

fn address(a: &WooAddress) -> Address {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    Address {
        name: person(a).unwrap_or_default(),
        company: some(&a.company),
        line1: a.address_1.trim().to_owned(),
        line2: some(&a.address_2),
        city: a.city.trim().to_owned(),
        region: some(&a.state),
        postal_code: a.postcode.trim().to_owned(),
        country: a.country.trim().to_owned(),
        phone: a.phone.as_deref().and_then(some),
        residential: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_woocommerce_status_has_a_canonical_one() {
        for s in [
            "pending",
            "processing",
            "on-hold",
            "completed",
            "cancelled",
            "refunded",
            "failed",
            "trash",
        ] {
            assert!(
                STATUS_MAP.orders.iter().any(|(name, _)| *name == s),
                "{s} must be mapped"
            );
            assert!(STATUS_MAP.payments.iter().any(|(name, _)| *name == s));
        }
        assert_eq!(STATUS_MAP.order_status("completed"), OrderStatus::Shipped);
        assert_eq!(
            STATUS_MAP.order_status("on-hold"),
            OrderStatus::AwaitingPayment
        );
        assert_eq!(
            STATUS_MAP.order_status("wc-custom-packing"),
            OrderStatus::OnHold
        );
    }

    #[test]
    fn gmt_dates_without_an_offset_are_utc() {
        assert_eq!(
            parse_gmt("2017-03-22T16:28:08").unwrap().to_rfc3339(),
            "2017-03-22T16:28:08+00:00"
        );
        assert!(parse_gmt("yesterday").is_err());
    }
}
