//! A stateful fake 3PL on ShipBob's API 1.0: channels, orders with their shipments, cancel,
//! products with on-hand stock, bearer-token and channel checks, 422 for a duplicate
//! `reference_id`, 429 with `x-retry-after`.
//!
//! A new order gets one `Processing` shipment, or an `Exception` one (`UnknownSku`) when a
//! product has never been stocked. Tests ship parts of it (`ship`) and inject failures
//! (`throttle_next`, `fail_next`, `malformed_next`, `lose_next_create_answer`); counters say
//! how many orders were created per reference and how many requests each route got.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::connector::ConnectorError;
use crate::http::HttpSettings;
use crate::partners::threepl::{ThreePlAdapter, ThreePlConfig};

#[derive(Debug, Clone)]
enum Failure {
    Throttle(Option<String>),
    Status(u16),
    Malformed,
}

#[derive(Default)]
struct State {
    products: BTreeMap<String, i64>,
    orders: Vec<Value>,
    created: BTreeMap<String, u32>,
    create_attempts: BTreeMap<String, u32>,
    requests: BTreeMap<String, u32>,
    failures: Vec<Failure>,
    lose_create_answers: u32,
    next_id: i64,
}

pub struct FakeThreePl {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl FakeThreePl {
    pub const TOKEN: &'static str = "fake-shipbob-personal-access-token";
    pub const CHANNEL_ID: &'static str = "100102";

    /// A fake with `MUG-BLK-12` (40 on hand), `TEE-WHT-M` (12) and `CAP-NVY` (3) stocked.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_id: 100_000,
            ..State::default()
        }));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        let fake = Self { server, state };
        fake.stock("MUG-BLK-12", 40);
        fake.stock("TEE-WHT-M", 12);
        fake.stock("CAP-NVY", 3);
        fake
    }

    /// A configuration pointed at this fake: two products a page, no pacing beyond a second.
    pub fn config(&self, timeout: Duration) -> Result<ThreePlConfig, ConnectorError> {
        let http = HttpSettings::new(&self.server.uri(), timeout)?;
        let mut c = ThreePlConfig::new(http, Self::TOKEN, Self::CHANNEL_ID);
        c.page_size = 2;
        c.max_pace = Duration::from_secs(1);
        Ok(c)
    }

    pub fn adapter(&self, timeout: Duration) -> Result<ThreePlAdapter, ConnectorError> {
        ThreePlAdapter::new(self.config(timeout)?)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub fn stock(&self, sku: &str, on_hand: i64) {
        self.state().products.insert(sku.to_owned(), on_hand);
    }

    /// The warehouse ships `lines` of `reference`'s open shipment in one parcel.
    pub fn ship(&self, reference: &str, carrier: &str, tracking: &str, lines: &[(&str, u32)]) {
        let mut s = self.state();
        s.next_id += 1;
        let shipment_id = s.next_id;
        let Some(order) = s.orders.iter_mut().find(|o| o["reference_id"] == reference) else {
            return;
        };
        let order_id = order["id"].clone();
        let Some(shipments) = order["shipments"].as_array_mut() else {
            return;
        };
        let products: Vec<Value> = lines
            .iter()
            .map(|(sku, q)| {
                json!({
                    "id": 1, "reference_id": sku, "sku": sku, "name": sku,
                    "inventory_items": [{ "id": 7, "name": sku, "quantity": q }]
                })
            })
            .collect();
        // Take the units off the open shipment; drop it when nothing is left.
        if let Some(open) = shipments.iter_mut().find(|s| s["status"] == "Processing")
            && let Some(ps) = open["products"].as_array_mut()
        {
            for p in ps.iter_mut() {
                let sku = p["reference_id"].as_str().unwrap_or_default().to_owned();
                let shipped = lines
                    .iter()
                    .find(|(s, _)| *s == sku)
                    .map_or(0, |(_, q)| i64::from(*q));
                let left = p["inventory_items"][0]["quantity"].as_i64().unwrap_or(0) - shipped;
                p["inventory_items"][0]["quantity"] = json!(left.max(0));
            }
            ps.retain(|p| p["inventory_items"][0]["quantity"].as_i64().unwrap_or(0) > 0);
        }
        shipments.retain(|s| {
            s["status"] != "Processing" || s["products"].as_array().is_some_and(|p| !p.is_empty())
        });
        shipments.push(json!({
            "id": shipment_id,
            "order_id": order_id,
            "reference_id": reference,
            "status": "Completed",
            "status_details": [{ "id": 200, "name": "Processing", "description": "Waiting For Carrier Pickup" }],
            "location": { "id": 6, "name": "Cicero (IL)" },
            "tracking": {
                "carrier": carrier,
                "tracking_number": tracking,
                "carrier_service": "Ground",
                "tracking_url": format!("https://tracking.example/{tracking}"),
                "shipping_date": "2026-03-02T18:30:00",
            },
            "actual_fulfillment_date": "2026-03-02T17:05:00+00:00",
            "products": products,
        }));
        let all_done = shipments.iter().all(|s| s["status"] == "Completed");
        order["status"] = json!(if all_done {
            "Fulfilled"
        } else {
            "PartiallyFulfilled"
        });
    }

    pub fn throttle_next(&self, n: usize, retry_after: Option<&str>) {
        for _ in 0..n {
            self.state()
                .failures
                .push(Failure::Throttle(retry_after.map(str::to_owned)));
        }
    }

    pub fn fail_next(&self, n: usize, status: u16) {
        for _ in 0..n {
            self.state().failures.push(Failure::Status(status));
        }
    }

    pub fn malformed_next(&self, n: usize) {
        for _ in 0..n {
            self.state().failures.push(Failure::Malformed);
        }
    }

    /// The next `n` creates are carried out but answered with a 504: the answer is lost.
    pub fn lose_next_create_answer(&self, n: u32) {
        self.state().lose_create_answers += n;
    }

    /// Orders the warehouse created with this `reference_id`.
    pub fn created(&self, reference: &str) -> u32 {
        self.state().created.get(reference).copied().unwrap_or(0)
    }

    pub fn create_attempts(&self, reference: &str) -> u32 {
        self.state()
            .create_attempts
            .get(reference)
            .copied()
            .unwrap_or(0)
    }

    /// Requests received for `route`, like `POST /1.0/order` or `GET /1.0/product`.
    pub fn requests(&self, route: &str) -> u32 {
        self.state().requests.get(route).copied().unwrap_or(0)
    }

    /// The order as the warehouse holds it.
    pub fn order(&self, reference: &str) -> Option<Value> {
        self.state()
            .orders
            .iter()
            .find(|o| o["reference_id"] == reference)
            .cloned()
    }
}

struct Responder(Arc<Mutex<State>>);

fn problem(status: u16, errors: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        "title": "One or more validation errors occurred.",
        "status": status,
        "errors": errors,
    }))
}

/// `GET /1.0/order/123/cancel` → `GET /1.0/order/{id}/cancel`, for counting.
fn route(method: &str, path: &str) -> String {
    let generic: Vec<&str> = path
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit()) {
                "{id}"
            } else {
                seg
            }
        })
        .collect();
    format!("{method} {}", generic.join("/"))
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = lock(&self.0);
        let method = request.method.as_str().to_owned();
        let path = request.url.path().to_owned();
        let route = route(&method, &path);
        *s.requests.entry(route.clone()).or_default() += 1;
        if !s.failures.is_empty() {
            return match s.failures.remove(0) {
                Failure::Throttle(after) => {
                    let mut r = ResponseTemplate::new(429).set_body_json(json!({
                        "statusCode": 429,
                        "message": "Rate limit is exceeded. Try again in 25 seconds."
                    }));
                    if let Some(a) = after {
                        r = r
                            .insert_header("x-retry-after", a.as_str())
                            .insert_header("x-remaining-calls", "0");
                    }
                    r
                }
                Failure::Status(code) => ResponseTemplate::new(code)
                    .set_body_string("upstream connect error or disconnect/reset before headers"),
                Failure::Malformed => ResponseTemplate::new(200)
                    .set_body_raw(b"[{\"id\": ".to_vec(), "application/json"),
            };
        }
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if auth != format!("Bearer {}", FakeThreePl::TOKEN) {
            return ResponseTemplate::new(401);
        }
        let channel = request
            .headers
            .get("shipbob_channel_id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if method == "POST" && channel != FakeThreePl::CHANNEL_ID {
            return ResponseTemplate::new(403);
        }
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let id: Option<i64> = path.split('/').nth(3).and_then(|seg| seg.parse().ok());
        match route.as_str() {
            "GET /1.0/channel" => ResponseTemplate::new(200).set_body_json(json!([{
                "id": 100102, "name": "Waybill", "application_name": "SMA",
                "scopes": ["orders_read", "orders_write", "products_read", "inventory_read"]
            }])),
            "POST /1.0/order" => create(&mut s, body),
            "GET /1.0/order" => {
                let wanted: Vec<&str> = query
                    .get("ReferenceIds")
                    .map(|r| r.split(',').collect())
                    .unwrap_or_default();
                let found: Vec<&Value> = s
                    .orders
                    .iter()
                    .filter(|o| wanted.is_empty() || wanted.iter().any(|w| o["reference_id"] == *w))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!(found))
            }
            "GET /1.0/order/{id}" => match s.orders.iter().find(|o| o["id"].as_i64() == id) {
                Some(o) => ResponseTemplate::new(200).set_body_json(o),
                None => ResponseTemplate::new(404),
            },
            "POST /1.0/order/{id}/cancel" => cancel(&mut s, id),
            "GET /1.0/product" => products(&s, &query),
            _ => ResponseTemplate::new(404),
        }
    }
}

fn create(s: &mut State, body: Value) -> ResponseTemplate {
    let reference = body["reference_id"].as_str().unwrap_or_default().to_owned();
    *s.create_attempts.entry(reference.clone()).or_default() += 1;
    let address = &body["recipient"]["address"];
    let mut invalid = serde_json::Map::new();
    for (field, key) in [
        ("Recipient.Address.Address1", "address1"),
        ("Recipient.Address.City", "city"),
        ("Recipient.Address.Country", "country"),
    ] {
        if address[key].as_str().is_none_or(|v| v.trim().is_empty()) {
            invalid.insert(
                field.into(),
                json!([format!(
                    "The {} field is required.",
                    field.rsplit('.').next().unwrap_or(field)
                )]),
            );
        }
    }
    if !invalid.is_empty() {
        return problem(400, Value::Object(invalid));
    }
    if s.orders
        .iter()
        .any(|o| o["reference_id"] == reference.as_str())
    {
        return ResponseTemplate::new(422).set_body_json(json!([format!(
            "Cannot insert order with existing ReferenceId: {reference}"
        )]));
    }
    s.next_id += 1;
    let order_id = s.next_id;
    s.next_id += 1;
    let shipment_id = s.next_id;
    let products: Vec<Value> = body["products"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            json!({
                "id": 1, "reference_id": p["reference_id"], "sku": p["reference_id"], "name": p["name"],
                "inventory_items": [{ "id": 7, "name": p["name"], "quantity": p["quantity"] }]
            })
        })
        .collect();
    let unknown: Vec<String> = products
        .iter()
        .filter_map(|p| p["reference_id"].as_str())
        .filter(|sku| !s.products.contains_key(*sku))
        .map(str::to_owned)
        .collect();
    let (status, details) = if unknown.is_empty() {
        ("Processing", json!([]))
    } else {
        (
            "Exception",
            json!([{ "id": 304, "name": "UnknownSku", "description": "No Sku History", "extra_information": unknown.join(", ") }]),
        )
    };
    let order = json!({
        "id": order_id,
        "created_date": "2026-03-01T09:00:00+00:00",
        "purchase_date": body["purchase_date"],
        "reference_id": reference,
        "order_number": body["order_number"],
        "status": if unknown.is_empty() { "Processing" } else { "Exception" },
        "type": "DTC",
        "channel": { "id": 100102, "name": "Waybill" },
        "shipping_method": body["shipping_method"],
        "recipient": body["recipient"],
        "products": body["products"],
        "tags": body["tags"],
        "shipments": [{
            "id": shipment_id,
            "order_id": order_id,
            "reference_id": reference,
            "status": status,
            "status_details": details,
            "location": { "id": 6, "name": "Cicero (IL)" },
            "tracking": null,
            "products": products,
        }],
    });
    s.orders.push(order.clone());
    *s.created.entry(reference).or_default() += 1;
    if s.lose_create_answers > 0 {
        s.lose_create_answers -= 1;
        return ResponseTemplate::new(504)
            .set_body_string("<html><body>504 Gateway Time-out</body></html>");
    }
    ResponseTemplate::new(201).set_body_json(order)
}

fn cancel(s: &mut State, id: Option<i64>) -> ResponseTemplate {
    let Some(order) = s.orders.iter_mut().find(|o| o["id"].as_i64() == id) else {
        return ResponseTemplate::new(404);
    };
    let order_id = order["id"].clone();
    let shipments = order["shipments"].as_array_mut();
    let Some(shipments) = shipments else {
        return ResponseTemplate::new(404);
    };
    if shipments.iter().any(|s| s["status"] == "Completed") {
        let results: Vec<Value> = shipments
            .iter()
            .map(|s| json!({ "action": "Cancel", "shipment_id": s["id"], "is_success": false, "reason": "Shipment is already completed" }))
            .collect();
        return ResponseTemplate::new(200).set_body_json(json!({
            "order_id": order_id, "status": "Failure", "canceled_shipment_results": results
        }));
    }
    let results: Vec<Value> = shipments
        .iter_mut()
        .map(|s| {
            s["status"] = json!("Cancelled");
            json!({ "action": "Cancel", "shipment_id": s["id"], "is_success": true, "reason": null })
        })
        .collect();
    order["status"] = json!("Cancelled");
    ResponseTemplate::new(200).set_body_json(json!({
        "order_id": order_id, "status": "Success", "canceled_shipment_results": results
    }))
}

fn products(s: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
    let page: usize = query
        .get("Page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let limit: usize = query
        .get("Limit")
        .and_then(|p| p.parse().ok())
        .unwrap_or(50)
        .max(1);
    let items: Vec<Value> = s
        .products
        .iter()
        .enumerate()
        .skip((page - 1) * limit)
        .take(limit)
        .map(|(i, (sku, on_hand))| {
            json!({
                "id": 3884000 + i, "reference_id": sku, "sku": sku, "name": sku,
                "total_onhand_quantity": on_hand,
                "total_committed_quantity": 0,
                "total_fulfillable_quantity": on_hand,
            })
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(json!(items))
}
