//! Fulfillments: Shopify ships fulfillment-order line items, not order lines, so the order's
//! open fulfillment orders are read first and the shipped SKUs allotted to them.
//!
//! `fulfillmentCreate` takes no idempotency key. A retry is recognised instead by its tracking
//! numbers: fulfillments on the order carrying one of ours are an earlier attempt's, and what
//! they shipped is not sent again. A shipment from several locations takes one create per
//! location, so an attempt interrupted between them has shipped only part: the retry sends the
//! rest and returns every id. (A retry without tracking numbers is refused by Shopify once
//! nothing remains open, which the outbox reports rather than repeats.)

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::graphql::GraphqlClient;
use super::model::{UserError, describe_user_errors};
use super::queries;
use crate::connector::{ConnectorError, Fulfillment, FulfillmentRef, IdempotencyKey};

#[derive(Deserialize)]
struct OrderData {
    order: Option<OrderFulfillments>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderFulfillments {
    cancelled_at: Option<String>,
    #[serde(default)]
    fulfillments: Vec<ExistingFulfillment>,
    fulfillment_orders: Nodes<FulfillmentOrder>,
}

#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExistingFulfillment {
    id: String,
    #[serde(default)]
    tracking_info: Vec<TrackingNumber>,
    /// What it shipped; absent from an answer that did not ask.
    #[serde(default)]
    fulfillment_line_items: Option<Nodes<ShippedLine>>,
}

#[derive(Deserialize)]
struct ShippedLine {
    quantity: u32,
    #[serde(rename = "lineItem")]
    line_item: LineSku,
}

#[derive(Deserialize)]
struct TrackingNumber {
    number: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FulfillmentOrder {
    id: String,
    status: String,
    assigned_location: Option<AssignedLocation>,
    line_items: Nodes<FulfillmentOrderLine>,
}

#[derive(Deserialize)]
struct AssignedLocation {
    location: Option<Id>,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FulfillmentOrderLine {
    id: String,
    remaining_quantity: u32,
    line_item: LineSku,
}

#[derive(Deserialize)]
struct LineSku {
    sku: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateData {
    fulfillment_create: CreatePayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatePayload {
    fulfillment: Option<Id>,
    user_errors: Vec<UserError>,
}

pub(crate) async fn push(
    gql: &GraphqlClient,
    fulfillment: &Fulfillment,
    _key: &IdempotencyKey,
) -> Result<FulfillmentRef, ConnectorError> {
    let data: OrderData = gql
        .run(
            "FulfillmentOrders",
            queries::FULFILLMENT_ORDERS,
            json!({ "id": fulfillment.order_external_id }),
        )
        .await?;
    let order = data.order.ok_or_else(|| {
        ConnectorError::NotFound(format!("order {}", fulfillment.order_external_id))
    })?;

    let earlier: Vec<&ExistingFulfillment> = order
        .fulfillments
        .iter()
        .filter(|f| {
            f.tracking_info.iter().any(|t| {
                t.number
                    .as_ref()
                    .is_some_and(|n| fulfillment.tracking_numbers.contains(n))
            })
        })
        .collect();
    let mut ids: Vec<String> = earlier.iter().map(|f| f.id.clone()).collect();
    let Some(rest) = not_yet_shipped(fulfillment, &earlier) else {
        return Ok(FulfillmentRef { ids });
    };
    if order.cancelled_at.is_some() {
        return Err(ConnectorError::Rejected(format!(
            "order {} is cancelled on Shopify",
            fulfillment.order_external_id
        )));
    }

    for (_location, groups) in allot(&rest, &order.fulfillment_orders.nodes)? {
        let input = json!({
            "lineItemsByFulfillmentOrder": groups.iter().map(|(fo, lines)| json!({
                "fulfillmentOrderId": fo,
                "fulfillmentOrderLineItems": lines.iter().map(|(id, q)| json!({"id": id, "quantity": q})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "notifyCustomer": fulfillment.notify_customer,
            "trackingInfo": tracking_info(fulfillment),
        });
        let created: CreateData = gql
            .run(
                "FulfillmentCreate",
                queries::FULFILLMENT_CREATE,
                json!({ "fulfillment": input }),
            )
            .await?;
        let payload = created.fulfillment_create;
        if !payload.user_errors.is_empty() {
            return Err(ConnectorError::Rejected(describe_user_errors(
                &payload.user_errors,
            )));
        }
        let id = payload.fulfillment.ok_or_else(|| {
            ConnectorError::Malformed(
                "fulfillmentCreate returned neither a fulfillment nor errors".into(),
            )
        })?;
        ids.push(id.id);
    }
    Ok(FulfillmentRef { ids })
}

/// What `f` still has to ship after the `earlier` attempts' fulfillments: `None` when nothing.
/// An earlier fulfillment whose lines are unknown is taken to have shipped everything, as
/// creating a second one is the worse mistake.
fn not_yet_shipped(f: &Fulfillment, earlier: &[&ExistingFulfillment]) -> Option<Fulfillment> {
    let mut shipped: BTreeMap<&str, u32> = BTreeMap::new();
    for e in earlier {
        for line in &e.fulfillment_line_items.as_ref()?.nodes {
            if let Some(sku) = line.line_item.sku.as_deref() {
                *shipped.entry(sku).or_default() += line.quantity;
            }
        }
    }
    let mut rest = f.clone();
    rest.lines.retain_mut(|line| {
        if let Some(done) = shipped.get_mut(line.sku.as_str()) {
            let take = line.quantity.min(*done);
            *done -= take;
            line.quantity -= take;
        }
        line.quantity > 0
    });
    (!rest.lines.is_empty()).then_some(rest)
}

fn tracking_info(f: &Fulfillment) -> Value {
    let mut info = json!({ "company": f.carrier, "numbers": f.tracking_numbers });
    if let Some(url) = &f.tracking_url {
        info["url"] = json!(url);
    }
    info
}

/// fulfillment order id → (fulfillment order line id, quantity), grouped by location, since one
/// `fulfillmentCreate` may only span fulfillment orders of one location.
type Allotment = BTreeMap<String, BTreeMap<String, Vec<(String, u32)>>>;

/// Spreads each shipped SKU over the open fulfillment-order lines that still need it. Fails,
/// naming the SKU, when the channel has fewer units open than were shipped.
fn allot(f: &Fulfillment, orders: &[FulfillmentOrder]) -> Result<Allotment, ConnectorError> {
    let mut remaining: Vec<(&FulfillmentOrder, &FulfillmentOrderLine, u32)> = orders
        .iter()
        .filter(|fo| matches!(fo.status.as_str(), "OPEN" | "IN_PROGRESS"))
        .flat_map(|fo| {
            fo.line_items
                .nodes
                .iter()
                .map(move |l| (fo, l, l.remaining_quantity))
        })
        .collect();
    let mut out = Allotment::new();
    for line in &f.lines {
        let mut needed = line.quantity;
        for (fo, fol, left) in remaining.iter_mut() {
            if needed == 0 {
                break;
            }
            if fol.line_item.sku.as_deref() != Some(line.sku.as_str()) || *left == 0 {
                continue;
            }
            let take = needed.min(*left);
            *left -= take;
            needed -= take;
            let location = fo
                .assigned_location
                .as_ref()
                .and_then(|a| a.location.as_ref())
                .map(|l| l.id.clone())
                .unwrap_or_default();
            out.entry(location)
                .or_default()
                .entry(fo.id.clone())
                .or_default()
                .push((fol.id.clone(), take));
        }
        if needed > 0 {
            return Err(ConnectorError::Rejected(format!(
                "SKU {}: {} shipped but only {} still open to fulfill on Shopify",
                line.sku,
                line.quantity,
                line.quantity - needed
            )));
        }
    }
    if out.is_empty() {
        return Err(ConnectorError::Rejected(
            "a fulfillment without lines".into(),
        ));
    }
    Ok(out)
}
