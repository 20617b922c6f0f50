//! A stateful fake Shopify: orders paged by cursor in change order, fulfillment orders that close
//! once fulfilled, and every `fulfillmentCreate` remembered, as the real shop does.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use waybill_sync::fakes::wiremock::{Request, Respond, ResponseTemplate};
use waybill_sync::fakes::{FakeShopify, fixtures::shopify as fx, json as fixture};

use crate::process::{must, query_pairs};

const SHIPPED_SKU: &str = "MUG-BLK-12";
const SHIPPED_QUANTITY: u64 = 2;

pub fn order_gid(i: usize) -> String {
    format!("gid://shopify/Order/77000{i:05}")
}

fn first_change() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

/// Order `i` changed `i` minutes after the first: distinct times, oldest change first.
pub fn changed_at(i: usize) -> DateTime<Utc> {
    first_change() + chrono::Duration::minutes(i as i64)
}

/// Order `i` in the documented node shape (the first order of `orders_page_1.json`, which
/// ships two mugs and a gift card that never ships), with its own id, number and times; see
/// [`split`] for the orders that ship from two locations.
fn order_node(i: usize) -> Value {
    let mut node = fixture(fx::ORDERS_PAGE_1)["data"]["orders"]["nodes"][0].clone();
    let at = changed_at(i).to_rfc3339_opts(SecondsFormat::Secs, true);
    node["id"] = json!(order_gid(i));
    node["name"] = json!(format!("#F{}", 10_000 + i));
    node["createdAt"] = json!(at);
    node["processedAt"] = json!(at);
    node["updatedAt"] = json!(at);
    node["email"] = json!(format!("customer{i}@example.com"));
    if split(i) {
        let line = &mut node["lineItems"]["nodes"][1];
        line["sku"] = json!(SECOND_SKU);
        line["name"] = json!("Organic tee, navy, M");
        line["requiresShipping"] = json!(true);
    }
    node
}

/// The query cost Shopify reports: a full bucket, so the connector never paces itself.
fn cost() -> Value {
    fixture(fx::ORDERS_PAGE_1)["extensions"].clone()
}

fn answer(data: Value, delay: Duration) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({ "data": data, "extensions": cost() }))
        .set_delay(delay)
}

fn variables(request: &Request) -> Value {
    serde_json::from_slice::<Value>(&request.body).unwrap_or_default()["variables"].take()
}

/// `Orders`: the shop's orders changed at or after the query's `updated_at:>='…'`, after the
/// GraphQL cursor, `first` at a time. Its cursors are positions in the shop's change order.
struct OrderPages {
    orders: Vec<Value>,
    pub delay: Duration,
}

impl Respond for OrderPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let v = variables(request);
        let first = v["first"].as_u64().unwrap_or(50) as usize;
        let since: DateTime<Utc> = v["query"]
            .as_str()
            .and_then(|q| q.strip_prefix("updated_at:>='"))
            .and_then(|q| q.strip_suffix('\''))
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("an orders query the fake does not know: {v}"));
        let start = v["after"]
            .as_str()
            .and_then(|c| c.strip_prefix("fake-position-"))
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(0, |p| p + 1);
        let matching: Vec<usize> = (start..self.orders.len())
            .filter(|&i| changed_at(i) >= since)
            .collect();
        let page = &matching[..first.min(matching.len())];
        let data = json!({ "orders": {
            "pageInfo": {
                "hasNextPage": matching.len() > page.len(),
                "endCursor": page.last().map(|p| format!("fake-position-{p}")),
            },
            "nodes": page.iter().map(|&i| self.orders[i].clone()).collect::<Vec<_>>(),
        }});
        answer(data, self.delay)
    }
}

/// Every other order ships from two locations: its gift card line is made a shipped tee, kept
/// at a second location, so Shopify gives it a second fulfillment order there and a shipment
/// takes one `fulfillmentCreate` per location.
pub fn split(i: usize) -> bool {
    i % 2 == 1
}

const SECOND_LOCATION: &str = "gid://shopify/Location/655441492";
const SECOND_SKU: &str = "TEE-NVY-M";

/// The position of an order in the shop, from its id.
fn index_of(order: &str) -> usize {
    let digits = order.rsplit('/').next().unwrap_or_default();
    digits[digits.len() - 5..].parse().unwrap_or(usize::MAX)
}

fn number_of(order: &str) -> &str {
    order.rsplit('/').next().unwrap_or_default()
}

/// The fulfillment orders of `order`: `(id, location, sku, quantity)`.
pub fn fulfillment_orders_of(order: &str) -> Vec<(String, &'static str, &'static str, u64)> {
    let n = number_of(order);
    let mut out = vec![(
        format!("gid://shopify/FulfillmentOrder/{n}1"),
        FakeShopify::LOCATION,
        SHIPPED_SKU,
        SHIPPED_QUANTITY,
    )];
    if split(index_of(order)) {
        out.push((
            format!("gid://shopify/FulfillmentOrder/{n}2"),
            SECOND_LOCATION,
            SECOND_SKU,
            1,
        ));
    }
    out
}

/// One `fulfillmentCreate` the shop received.
#[derive(Debug, Clone)]
pub struct Created {
    /// The fulfillment's id, when the shop accepted it.
    pub id: Option<String>,
    pub order: String,
    pub fulfillment_orders: Vec<String>,
    pub tracking: Vec<String>,
}

/// What the fake shop remembers about fulfillments, shared by its two operations.
#[derive(Default)]
pub struct Fulfillments {
    /// Every `fulfillmentCreate` received, in arrival order (duplicates included).
    pub created: Vec<Created>,
    /// `FulfillmentOrders` lookups answered, and how many of them already showed a fulfillment
    /// (a re-send after a kill that the connector recognised).
    pub lookups: u32,
    pub lookups_after_create: u32,
}

impl Fulfillments {
    /// The fulfillments the shop accepted for `order`.
    pub fn accepted(&self, order: &str) -> Vec<&Created> {
        self.created
            .iter()
            .filter(|c| c.order == order && c.id.is_some())
            .collect()
    }

    fn closed(&self, fulfillment_order: &str) -> bool {
        self.created
            .iter()
            .any(|c| c.id.is_some() && c.fulfillment_orders.iter().any(|f| f == fulfillment_order))
    }
}

pub type Shared = Arc<Mutex<Fulfillments>>;

/// `FulfillmentOrders`: each order's fulfillment orders, open until a fulfillment covered them,
/// and the fulfillments created with their tracking and line items.
pub struct FulfillmentOrders {
    pub state: Shared,
    pub delay: Duration,
}

impl Respond for FulfillmentOrders {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let order = variables(request)["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut state = self.state.lock().unwrap();
        state.lookups += 1;
        if !state.accepted(&order).is_empty() {
            state.lookups_after_create += 1;
        }
        let fos = fulfillment_orders_of(&order);
        let fulfillments: Vec<Value> = state
            .accepted(&order)
            .iter()
            .map(|c| {
                let lines: Vec<Value> = fos
                    .iter()
                    .filter(|(id, ..)| c.fulfillment_orders.contains(id))
                    .map(|(_, _, sku, q)| json!({ "lineItem": { "sku": sku }, "quantity": q }))
                    .collect();
                json!({
                    "id": c.id,
                    "trackingInfo": c.tracking.iter().map(|n| json!({ "number": n })).collect::<Vec<_>>(),
                    "fulfillmentLineItems": { "nodes": lines },
                })
            })
            .collect();
        let nodes: Vec<Value> = fos
            .iter()
            .map(|(id, location, sku, q)| {
                let closed = state.closed(id);
                json!({
                    "id": id,
                    "status": if closed { "CLOSED" } else { "OPEN" },
                    "assignedLocation": { "location": { "id": location } },
                    "lineItems": { "nodes": [{
                        "id": id.replace("FulfillmentOrder/", "FulfillmentOrderLineItem/"),
                        "remainingQuantity": if closed { 0 } else { *q },
                        "lineItem": { "sku": sku },
                    }]},
                })
            })
            .collect();
        let data = json!({ "order": {
            "id": order,
            "cancelledAt": null,
            "fulfillments": fulfillments,
            "fulfillmentOrders": { "nodes": nodes },
        }});
        answer(data, self.delay)
    }
}

/// `fulfillmentCreate`: remembered the moment it arrives (a client killed while waiting for
/// the answer has still created the fulfillment, as on the real shop).
pub struct FulfillmentCreate {
    pub state: Shared,
    pub delay: Duration,
}

impl Respond for FulfillmentCreate {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let input = variables(request)["fulfillment"].take();
        let fulfillment_orders: Vec<String> = input["lineItemsByFulfillmentOrder"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|g| g["fulfillmentOrderId"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let first = fulfillment_orders.first().cloned().unwrap_or_default();
        // The order's number is the fulfillment order's, less its last digit.
        let digits = number_of(&first);
        let order = format!(
            "gid://shopify/Order/{}",
            &digits[..digits.len().saturating_sub(1)]
        );
        let tracking = input["trackingInfo"]["numbers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut state = self.state.lock().unwrap();
        // The real shop refuses to fulfil a closed fulfillment order again.
        let refused = fulfillment_orders.iter().any(|f| state.closed(f));
        let id = (!refused).then(|| {
            format!(
                "gid://shopify/Fulfillment/{}{}",
                number_of(&order),
                state.accepted(&order).len() + 1
            )
        });
        state.created.push(Created {
            id: id.clone(),
            order,
            fulfillment_orders,
            tracking,
        });
        let payload = match id {
            Some(id) => {
                json!({ "fulfillment": { "id": id, "status": "SUCCESS" }, "userErrors": [] })
            }
            None => json!({ "fulfillment": null, "userErrors": [
                { "field": ["fulfillment"], "message": "Fulfillment order is closed" }
            ]}),
        };
        answer(json!({ "fulfillmentCreate": payload }), self.delay)
    }
}

/// A fake shop with `n` orders, each page answered after `delay`.
pub async fn shop(n: usize, delay: Duration) -> FakeShopify {
    let fake = FakeShopify::start().await;
    let orders = (0..n).map(order_node).collect();
    FakeShopify::operation("Orders")
        .respond_with(OrderPages { orders, delay })
        .mount(&fake.server)
        .await;
    fake
}

/// Adds the fake as a Shopify channel reading `page_size` orders a page; its id.
pub async fn add_channel(db: &Path, fake: &FakeShopify, page_size: u32) -> String {
    let base = format!("base_url={}", fake.server.uri());
    let token = format!("access_token={}", FakeShopify::TOKEN);
    let location = format!("location_id={}", FakeShopify::LOCATION);
    let page = format!("page_size={page_size}");
    must(
        db,
        &[
            "channels",
            "add",
            "shopify",
            "--name",
            "Shop",
            "--set",
            &base,
            "--set",
            &token,
            "--set",
            &location,
            "--set",
            &page,
            "--set",
            "start_from=2026-01-01",
        ],
    )
    .await;
    let channels = query_pairs(db, "SELECT id, 0 FROM channels").await;
    assert_eq!(channels.len(), 1);
    channels[0].0.clone()
}
