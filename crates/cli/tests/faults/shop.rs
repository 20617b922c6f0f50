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
/// ships two mugs and a gift card that never ships), with its own id, number and times.
fn order_node(i: usize) -> Value {
    let mut node = fixture(fx::ORDERS_PAGE_1)["data"]["orders"]["nodes"][0].clone();
    let at = changed_at(i).to_rfc3339_opts(SecondsFormat::Secs, true);
    node["id"] = json!(order_gid(i));
    node["name"] = json!(format!("#F{}", 10_000 + i));
    node["createdAt"] = json!(at);
    node["processedAt"] = json!(at);
    node["updatedAt"] = json!(at);
    node["email"] = json!(format!("customer{i}@example.com"));
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

/// One `fulfillmentCreate` the shop received.
#[derive(Debug, Clone)]
pub struct Created {
    pub order: String,
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

pub type Shared = Arc<Mutex<Fulfillments>>;

pub fn fulfillment_gid(order: &str) -> String {
    format!(
        "gid://shopify/Fulfillment/{}",
        order.rsplit('/').next().unwrap_or_default()
    )
}

fn fulfillment_order_gid(order: &str) -> String {
    format!(
        "gid://shopify/FulfillmentOrder/{}",
        order.rsplit('/').next().unwrap_or_default()
    )
}

/// `FulfillmentOrders`: each order has one fulfillment order for its mugs, open until a
/// fulfillment was created for it, and lists the fulfillments created with their tracking.
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
        let mine: Vec<Created> = state
            .created
            .iter()
            .filter(|c| c.order == order)
            .cloned()
            .collect();
        state.lookups += 1;
        if !mine.is_empty() {
            state.lookups_after_create += 1;
        }
        let open = mine.is_empty();
        let data = json!({ "order": {
            "id": order,
            "cancelledAt": null,
            "fulfillments": mine.iter().map(|c| json!({
                "id": fulfillment_gid(&c.order),
                "trackingInfo": c.tracking.iter().map(|n| json!({ "number": n })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "fulfillmentOrders": { "nodes": [{
                "id": fulfillment_order_gid(&order),
                "status": if open { "OPEN" } else { "CLOSED" },
                "assignedLocation": { "location": { "id": FakeShopify::LOCATION } },
                "lineItems": { "nodes": [{
                    "id": format!("gid://shopify/FulfillmentOrderLineItem/{}", order.rsplit('/').next().unwrap_or_default()),
                    "remainingQuantity": if open { SHIPPED_QUANTITY } else { 0 },
                    "lineItem": { "sku": SHIPPED_SKU },
                }]},
            }]},
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
        let fo = input["lineItemsByFulfillmentOrder"][0]["fulfillmentOrderId"]
            .as_str()
            .unwrap_or_default();
        let order = format!(
            "gid://shopify/Order/{}",
            fo.rsplit('/').next().unwrap_or_default()
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
        let again = state.created.iter().any(|c| c.order == order);
        state.created.push(Created {
            order: order.clone(),
            tracking,
        });
        // The real shop refuses to fulfil a closed fulfillment order twice.
        let payload = if again {
            json!({ "fulfillment": null, "userErrors": [
                { "field": ["fulfillment"], "message": "Fulfillment order is closed" }
            ]})
        } else {
            json!({ "fulfillment": { "id": fulfillment_gid(&order), "status": "SUCCESS" }, "userErrors": [] })
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
