//! Hand-offs → Fulfillment Outbound request bodies, and fulfillment orders → [`PartnerStatus`].

use serde_json::{Value, json};
use waybill_core::Money;

use super::McfPreview;
use super::model::{FulfillmentPreview, GetFulfillmentOrderResult};
use crate::connector::ConnectorError;
use crate::money::{from_minor, to_minor};
use crate::partners::status::add_units;
use crate::partners::{HandOff, PartnerStatus, ShippedPackage};

/// What MCF does when some units cannot be fulfilled (`FulfillmentPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FulfillmentPolicy {
    /// Nothing ships unless everything can (Amazon's default).
    #[default]
    FillOrKill,
    /// Ship what can be shipped; the order stays open for the rest.
    FillAll,
    /// Ship what can be shipped; cancel the rest (`CompletePartialled`).
    FillAllAvailable,
}

impl FulfillmentPolicy {
    fn as_str(self) -> &'static str {
        match self {
            FulfillmentPolicy::FillOrKill => "FillOrKill",
            FulfillmentPolicy::FillAll => "FillAll",
            FulfillmentPolicy::FillAllAvailable => "FillAllAvailable",
        }
    }
}

/// `sellerFulfillmentOrderId` and `displayableOrderId` are at most 40 characters.
const MAX_ID: usize = 40;

fn check(h: &HandOff) -> Result<(), ConnectorError> {
    if h.reference.is_empty() || h.reference.chars().count() > MAX_ID {
        return Err(ConnectorError::Rejected(format!(
            "the shipment id `{}` must be 1 to {MAX_ID} characters for Amazon MCF",
            h.reference
        )));
    }
    if h.lines.is_empty() {
        return Err(ConnectorError::Rejected(
            "a hand-off to Amazon MCF needs at least one line".into(),
        ));
    }
    Ok(())
}

fn address(h: &HandOff) -> Value {
    let a = &h.ship_to;
    let mut out = json!({
        "name": if h.recipient.trim().is_empty() { &a.name } else { &h.recipient },
        "addressLine1": a.line1,
        "city": a.city,
        "postalCode": a.postal_code,
        "countryCode": a.country,
    });
    let optional = [
        ("addressLine2", a.line2.as_deref()),
        ("stateOrRegion", a.region.as_deref()),
        ("phone", h.phone()),
    ];
    for (key, value) in optional {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            out[key] = json!(v);
        }
    }
    out
}

fn items(h: &HandOff) -> Vec<Value> {
    h.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            json!({
                "sellerSku": line.sku,
                // Unique within the order; the line's position is stable across retries.
                "sellerFulfillmentOrderItemId": (i + 1).to_string(),
                "quantity": line.quantity,
                "perUnitDeclaredValue": {
                    "currencyCode": line.currency,
                    "value": from_minor(line.unit_price, &line.currency),
                },
            })
        })
        .collect()
}

/// `displayableOrderId`: the order number trimmed to what Amazon accepts (1–40 characters,
/// no two spaces in a row); the reference when the number has nothing left.
fn displayable_id(h: &HandOff) -> String {
    let collapsed = h
        .order_number
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let id: String = collapsed.chars().take(MAX_ID).collect();
    if id.is_empty() {
        h.reference.clone()
    } else {
        id
    }
}

pub(crate) fn create_body(
    h: &HandOff,
    marketplace_id: &str,
    policy: FulfillmentPolicy,
) -> Result<Value, ConnectorError> {
    check(h)?;
    let comment = h
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Order {}", h.order_number));
    Ok(json!({
        "marketplaceId": marketplace_id,
        "sellerFulfillmentOrderId": h.reference,
        "displayableOrderId": displayable_id(h),
        "displayableOrderDate": h.placed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "displayableOrderComment": comment.chars().take(750).collect::<String>(),
        "shippingSpeedCategory": h.speed.as_str(),
        "destinationAddress": address(h),
        "fulfillmentAction": "Ship",
        "fulfillmentPolicy": policy.as_str(),
        "items": items(h),
    }))
}

pub(crate) fn preview_body(h: &HandOff, marketplace_id: &str) -> Result<Value, ConnectorError> {
    check(h)?;
    Ok(json!({
        "marketplaceId": marketplace_id,
        "address": address(h),
        "items": items(h),
        "shippingSpeedCategories": ["Standard", "Expedited", "Priority"],
    }))
}

/// Amazon documents `New`, `CompletePartialled`…; its examples say `PROCESSING`: compare both.
fn norm(status: &str) -> String {
    status
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Parcels that left: each package of each `SHIPPED` shipment, with the items packed in it.
fn packages(result: &GetFulfillmentOrderResult) -> Vec<ShippedPackage> {
    let mut out = Vec::new();
    for shipment in result.fulfillment_shipments.iter().flatten() {
        if norm(&shipment.fulfillment_shipment_status) != "shipped" {
            continue;
        }
        let shipped_at = shipment.shipping_date.unwrap_or_else(chrono::Utc::now);
        let packs = shipment
            .fulfillment_shipment_package
            .as_deref()
            .unwrap_or(&[]);
        for pack in packs {
            let mut lines = Vec::new();
            for item in &shipment.fulfillment_shipment_item {
                // One package per shipment, or items naming their package.
                if packs.len() == 1 || item.package_number == Some(pack.package_number) {
                    add_units(&mut lines, &item.seller_sku, units(item.quantity));
                }
            }
            out.push(ShippedPackage {
                carrier: pack.carrier_code.clone(),
                tracking: pack
                    .tracking_number
                    .clone()
                    .or_else(|| pack.amazon_fulfillment_tracking_number.clone())
                    .unwrap_or_default(),
                shipped_at,
                lines,
            });
        }
    }
    out
}

fn units(quantity: i64) -> u32 {
    u32::try_from(quantity.max(0)).unwrap_or(u32::MAX)
}

pub(crate) fn status(result: &GetFulfillmentOrderResult) -> PartnerStatus {
    let order = &result.fulfillment_order;
    let shipped = packages(result);
    match norm(&order.fulfillment_order_status).as_str() {
        "new" => PartnerStatus::Pending,
        "received" | "planning" | "processing" if shipped.is_empty() => PartnerStatus::Accepted,
        "received" | "planning" | "processing" => PartnerStatus::Shipped {
            packages: shipped,
            complete: false,
        },
        "complete" | "completepartialled" => PartnerStatus::Shipped {
            packages: shipped,
            complete: true,
        },
        "cancelled" => PartnerStatus::Cancelled,
        "unfulfillable" => PartnerStatus::Rejected {
            reason: unfulfillable_reason(result),
        },
        "invalid" => PartnerStatus::Rejected {
            reason: "Amazon could not validate the fulfillment order (status Invalid): \
                     an address it cannot ship to, or not enough sellable inventory"
                .into(),
        },
        _ => PartnerStatus::Accepted,
    }
}

fn unfulfillable_reason(result: &GetFulfillmentOrderResult) -> String {
    let skus: Vec<&str> = result
        .fulfillment_order_items
        .iter()
        .filter(|i| i.unfulfillable_quantity > 0)
        .map(|i| i.seller_sku.as_str())
        .collect();
    let mut reason =
        "Amazon found no sellable inventory to fulfil the order (Unfulfillable)".to_owned();
    if !skus.is_empty() {
        reason.push_str(&format!("; SKUs: {}", skus.join(", ")));
    }
    reason
}

pub(crate) fn preview(p: &FulfillmentPreview) -> McfPreview {
    let shipments = p.fulfillment_preview_shipments.as_deref().unwrap_or(&[]);
    let mut problems: Vec<String> = p.order_unfulfillable_reasons.clone().unwrap_or_default();
    for item in p.unfulfillable_preview_items.iter().flatten() {
        let why = item
            .item_unfulfillable_reasons
            .clone()
            .unwrap_or_default()
            .join(", ");
        problems.push(format!("{}: {why}", item.seller_sku));
    }
    let mut fee: Option<Money> = None;
    for f in p.estimated_fees.iter().flatten() {
        let Ok(minor) = to_minor(&f.amount.value, &f.amount.currency_code) else {
            continue;
        };
        match &mut fee {
            Some(m) if m.currency == f.amount.currency_code => m.minor += minor,
            Some(_) => {}
            None => fee = Some(Money::new(minor, f.amount.currency_code.clone())),
        }
    }
    McfPreview {
        speed: p.shipping_speed_category.clone(),
        fulfillable: p.is_fulfillable,
        earliest_arrival: shipments
            .iter()
            .filter_map(|s| s.earliest_arrival_date)
            .min(),
        latest_arrival: shipments.iter().filter_map(|s| s.latest_arrival_date).max(),
        estimated_fee: fee,
        problems,
    }
}
