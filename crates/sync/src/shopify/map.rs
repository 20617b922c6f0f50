//! Shopify orders → [`NewOrder`], and the status table that decides their canonical status.
//!
//! Shopify splits an order's state in three: `cancelledAt`, the fulfillment status and the
//! financial status. The fulfillment status says how far shipping got; the financial status
//! holds an unshipped order back while unpaid; a cancellation wins over both.

use waybill_core::{Address, Customer, NewOrder, OrderLine, OrderStatus, PaymentStatus};

use super::model::{MailingAddress, MoneyBag, ShopifyOrder};
use crate::connector::{ConnectorError, StatusMap};
use crate::money::to_minor;

/// `OrderDisplayFulfillmentStatus` and `OrderDisplayFinancialStatus` of the pinned version.
pub static STATUS_MAP: StatusMap = StatusMap {
    orders: &[
        ("UNFULFILLED", OrderStatus::Ready),
        ("OPEN", OrderStatus::Ready),
        ("PENDING_FULFILLMENT", OrderStatus::Ready),
        ("IN_PROGRESS", OrderStatus::Ready),
        ("REQUEST_DECLINED", OrderStatus::Ready),
        ("SCHEDULED", OrderStatus::OnHold),
        ("ON_HOLD", OrderStatus::OnHold),
        ("PARTIALLY_FULFILLED", OrderStatus::PartiallyShipped),
        ("FULFILLED", OrderStatus::Shipped),
        ("RESTOCKED", OrderStatus::Cancelled),
        ("CANCELLED", OrderStatus::Cancelled),
    ],
    payments: &[
        ("PAID", PaymentStatus::Paid),
        // Authorized funds are held for the merchant and captured at (or after) fulfillment:
        // warehouses ship these.
        ("AUTHORIZED", PaymentStatus::Paid),
        ("PENDING", PaymentStatus::Pending),
        ("PARTIALLY_PAID", PaymentStatus::Pending),
        ("EXPIRED", PaymentStatus::Pending),
        ("VOIDED", PaymentStatus::Pending),
        ("PARTIALLY_REFUNDED", PaymentStatus::PartiallyRefunded),
        ("REFUNDED", PaymentStatus::Refunded),
    ],
    notes: &[
        "An order with cancelledAt set is cancelled, whatever else it says.",
        "An order still to ship whose payment is pending is awaiting payment.",
        "An order still to ship that was refunded in full goes on hold for a person to decide.",
        "The channel status kept beside it is FULFILLMENT/FINANCIAL, e.g. UNFULFILLED/PAID.",
    ],
};

/// The canonical status of a Shopify order (see [`STATUS_MAP`]'s notes).
pub(crate) fn order_status(
    cancelled: bool,
    fulfillment: &str,
    payment: PaymentStatus,
) -> OrderStatus {
    if cancelled {
        return OrderStatus::Cancelled;
    }
    match (STATUS_MAP.order_status(fulfillment), payment) {
        (OrderStatus::Ready, PaymentStatus::Pending) => OrderStatus::AwaitingPayment,
        (OrderStatus::Ready, PaymentStatus::Refunded) => OrderStatus::OnHold,
        (status, _) => status,
    }
}

pub(crate) fn to_new_order(o: ShopifyOrder) -> Result<NewOrder, ConnectorError> {
    if o.line_items.page_info.has_next_page {
        // Never import part of an order: a warehouse would ship it short.
        return Err(ConnectorError::Malformed(format!(
            "order {} has more than 250 lines, which this connector does not page through",
            o.name
        )));
    }
    let currency = o.total_price_set.shop_money.currency_code.clone();
    let money = |bag: Option<&MoneyBag>| -> Result<i64, ConnectorError> {
        bag.map_or(Ok(0), |b| to_minor(&b.shop_money.amount, &currency))
    };
    let financial = o.display_financial_status.as_deref().unwrap_or("PENDING");
    let payment_status = STATUS_MAP.payment_status(financial);
    let cancelled = o.cancelled_at.is_some();
    let status = order_status(cancelled, &o.display_fulfillment_status, payment_status);
    let fulfillment_text = if cancelled {
        "CANCELLED"
    } else {
        o.display_fulfillment_status.as_str()
    };

    let mut lines = Vec::with_capacity(o.line_items.nodes.len());
    for item in &o.line_items.nodes {
        let quantity = item.current_quantity.unwrap_or(item.quantity);
        // Gift cards and other lines that never ship, and lines removed by an order edit, are
        // not the warehouse's business.
        if !item.requires_shipping || quantity == 0 {
            continue;
        }
        lines.push(OrderLine {
            sku: item.sku.clone().unwrap_or_default(),
            name: item.name.clone(),
            quantity,
            unit_price: to_minor(&item.original_unit_price_set.shop_money.amount, &currency)?,
            // Order lines carry no weight in the Admin API; the catalogue supplies it.
            unit_weight_g: 0,
            product_tags: Vec::new(),
        });
    }

    let ship_to = o.shipping_address.as_ref().map(address).unwrap_or_default();
    let customer_name = o
        .customer
        .as_ref()
        .and_then(|c| c.display_name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| ship_to.name.clone());
    Ok(NewOrder {
        external_id: o.id.clone(),
        number: o.name.clone(),
        status,
        channel_status: format!("{fulfillment_text}/{financial}"),
        payment_status,
        customer: Customer {
            name: customer_name,
            email: o.email.clone(),
            phone: o.phone.clone().or_else(|| ship_to.phone.clone()),
        },
        bill_to: o.billing_address.as_ref().map(address),
        ship_to,
        requested_service: o.shipping_line.as_ref().and_then(|l| l.title.clone()),
        lines,
        subtotal: money(o.subtotal_price_set.as_ref())?,
        shipping_paid: money(o.total_shipping_price_set.as_ref())?,
        tax: money(o.total_tax_set.as_ref())?,
        total: money(Some(&o.total_price_set))?,
        currency,
        tags: o.tags.clone(),
        customer_notes: o.note.clone().filter(|n| !n.trim().is_empty()),
        gift: false,
        placed_at: o.processed_at.unwrap_or(o.created_at),
        updated_at: o.updated_at,
        ship_by: None,
    })
}

fn address(a: &MailingAddress) -> Address {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    Address {
        name: text(&a.name),
        company: a.company.clone().filter(|c| !c.is_empty()),
        line1: text(&a.address1),
        line2: a.address2.clone().filter(|c| !c.is_empty()),
        city: text(&a.city),
        region: a.province_code.clone().filter(|c| !c.is_empty()),
        postal_code: text(&a.zip),
        country: text(&a.country_code_v2),
        phone: a.phone.clone().filter(|c| !c.is_empty()),
        residential: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancellation_wins_then_unpaid_holds_back_then_fulfillment_decides() {
        use OrderStatus::*;
        assert_eq!(
            order_status(true, "FULFILLED", PaymentStatus::Paid),
            Cancelled
        );
        assert_eq!(
            order_status(false, "UNFULFILLED", PaymentStatus::Pending),
            AwaitingPayment
        );
        assert_eq!(
            order_status(false, "UNFULFILLED", PaymentStatus::Paid),
            Ready
        );
        assert_eq!(
            order_status(false, "PARTIALLY_FULFILLED", PaymentStatus::Paid),
            PartiallyShipped
        );
        assert_eq!(
            order_status(false, "FULFILLED", PaymentStatus::Pending),
            Shipped
        );
        assert_eq!(order_status(false, "ON_HOLD", PaymentStatus::Paid), OnHold);
        assert_eq!(
            order_status(false, "UNFULFILLED", PaymentStatus::Refunded),
            OnHold
        );
        assert_eq!(
            order_status(false, "SOMETHING_NEW", PaymentStatus::Paid),
            OnHold,
            "a status Shopify adds later gets a person's eye"
        );
    }
}
