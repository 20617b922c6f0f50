//! A stateful fake of Amazon MCF: Login with Amazon's token endpoint and the SP-API's
//! Fulfillment Outbound 2020-07-01 and FBA Inventory v1 operations, answering with the bodies
//! the API models document.
//!
//! It keeps fulfillment orders by `sellerFulfillmentOrderId` and refuses a second create with
//! the same id, as Amazon does; tests script what the warehouse does next (`ship`,
//! `set_status`) and what goes wrong (`throttle_next`, `fail_next`, `malformed_next`,
//! `expire_tokens`, `lose_next_create_answer`). Counters say what Amazon saw: how many orders
//! were created per reference, and how many requests each operation got.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::connector::ConnectorError;
use crate::http::HttpSettings;
use crate::partners::mcf::{McfAdapter, McfConfig};

const OUTBOUND: &str = "/fba/outbound/2020-07-01/fulfillmentOrders";

/// A failure the next SP-API request(s) get instead of an answer.
#[derive(Debug, Clone)]
enum Failure {
    Throttle {
        retry_after: Option<String>,
        rate_limit: Option<String>,
    },
    Status(u16),
    Malformed,
}

#[derive(Debug, Clone)]
struct FakeOrder {
    request: Value,
    status: String,
    shipments: Vec<Value>,
    received: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    stock: BTreeMap<String, u32>,
    orders: BTreeMap<String, FakeOrder>,
    created: BTreeMap<String, u32>,
    create_attempts: BTreeMap<String, u32>,
    requests: BTreeMap<String, u32>,
    failures: Vec<Failure>,
    lose_create_answers: u32,
    /// Issued tokens and whether they still work.
    tokens: BTreeMap<String, bool>,
    token_requests: u32,
    token_lifetime: u64,
    packages: i64,
    /// How long every answer takes (after the request has had its effect).
    delay: Duration,
}

pub struct FakeMcf {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn errors(status: u16, code: &str, message: &str, details: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "errors": [{ "code": code, "message": message, "details": details }]
    }))
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-amzn-RateLimit-Limit", "2.0")
        .insert_header("x-amzn-RequestId", "b3c1f6ce-0b6a-4f3c-9d2e-6f1e4a0c9a11")
        .set_body_json(body)
}

impl FakeMcf {
    pub const CLIENT_ID: &'static str = "amzn1.application-oa2-client.fake";
    pub const CLIENT_SECRET: &'static str = "fake-lwa-client-secret";
    pub const REFRESH_TOKEN: &'static str = "Atzr|fake-refresh-token";
    pub const MARKETPLACE: &'static str = "ATVPDKIKX0DER";

    /// A fake with two SKUs in stock: `MUG-BLK-12` (40) and `TEE-WHT-M` (12).
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            token_lifetime: 3600,
            ..State::default()
        }));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        let fake = Self { server, state };
        fake.stock("MUG-BLK-12", 40);
        fake.stock("TEE-WHT-M", 12);
        fake
    }

    /// An adapter configuration pointed at this fake (SP-API and LWA on the same server).
    pub fn config(&self, timeout: Duration) -> Result<McfConfig, ConnectorError> {
        let http = HttpSettings::new(&self.server.uri(), timeout)?;
        Ok(McfConfig::new(
            http.clone(),
            http,
            Self::MARKETPLACE,
            Self::CLIENT_ID,
            Self::CLIENT_SECRET,
            Self::REFRESH_TOKEN,
        ))
    }

    pub fn adapter(&self, timeout: Duration) -> Result<McfAdapter, ConnectorError> {
        McfAdapter::new(self.config(timeout)?)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// `units` of `sku` sellable at Amazon; SKUs never stocked are unknown to it.
    pub fn stock(&self, sku: &str, units: u32) {
        self.state().stock.insert(sku.to_owned(), units);
    }

    /// Amazon ships a shipment of `reference` with one package: `lines` by carrier and
    /// tracking. The order is `Complete` after it when `last`, else still `Processing`.
    pub fn ship(
        &self,
        reference: &str,
        carrier: &str,
        tracking: &str,
        lines: &[(&str, u32)],
        last: bool,
    ) {
        let mut s = self.state();
        s.packages += 1;
        let number = s.packages;
        let Some(order) = s.orders.get_mut(reference) else {
            return;
        };
        let item_id = |sku: &str| -> Value {
            order.request["items"]
                .as_array()
                .and_then(|items| items.iter().find(|i| i["sellerSku"] == sku))
                .map_or(Value::Null, |i| i["sellerFulfillmentOrderItemId"].clone())
        };
        let items: Vec<Value> = lines
            .iter()
            .map(|(sku, q)| {
                json!({
                    "sellerSku": sku,
                    "sellerFulfillmentOrderItemId": item_id(sku),
                    "quantity": q,
                    "packageNumber": number,
                })
            })
            .collect();
        order.shipments.push(json!({
            "amazonShipmentId": format!("DchKfcZ9N{number}"),
            "fulfillmentCenterId": "RNO1",
            "fulfillmentShipmentStatus": "SHIPPED",
            "shippingDate": "2026-03-02T18:30:00Z",
            "estimatedArrivalDate": "2026-03-05T18:30:00Z",
            "fulfillmentShipmentItem": items,
            "fulfillmentShipmentPackage": [{
                "packageNumber": number,
                "carrierCode": carrier,
                "trackingNumber": tracking,
                "estimatedArrivalDate": "2026-03-05T18:30:00Z",
            }],
        }));
        order.status = if last { "Complete" } else { "Processing" }.into();
    }

    /// Sets the order's `fulfillmentOrderStatus` (`Planning`, `CompletePartialled`, …).
    pub fn set_status(&self, reference: &str, status: &str) {
        if let Some(o) = self.state().orders.get_mut(reference) {
            o.status = status.into();
        }
    }

    /// The next `n` SP-API requests get 429; `retry_after` and `rate_limit` become the
    /// `Retry-After` and `x-amzn-RateLimit-Limit` headers when given.
    pub fn throttle_next(&self, n: usize, retry_after: Option<&str>, rate_limit: Option<&str>) {
        for _ in 0..n {
            self.state().failures.push(Failure::Throttle {
                retry_after: retry_after.map(str::to_owned),
                rate_limit: rate_limit.map(str::to_owned),
            });
        }
    }

    /// The next `n` SP-API requests get HTTP `status` with an `InternalFailure` body.
    pub fn fail_next(&self, n: usize, status: u16) {
        for _ in 0..n {
            self.state().failures.push(Failure::Status(status));
        }
    }

    /// The next `n` SP-API requests get 200 with a body that is not JSON.
    pub fn malformed_next(&self, n: usize) {
        for _ in 0..n {
            self.state().failures.push(Failure::Malformed);
        }
    }

    /// The next `n` creates are carried out, but their answer is lost (a 503): a crash or a
    /// time-out after Amazon took the order.
    pub fn lose_next_create_answer(&self, n: u32) {
        self.state().lose_create_answers += n;
    }

    /// Every access token issued so far stops working, as after its hour is up.
    pub fn expire_tokens(&self) {
        for valid in self.state().tokens.values_mut() {
            *valid = false;
        }
    }

    /// Every answer from now on takes `delay`, after the request has had its effect: a
    /// process killed meanwhile has made a change it never heard about.
    pub fn answer_after(&self, delay: Duration) {
        self.state().delay = delay;
    }

    /// How long new tokens say they last (`expires_in`).
    pub fn token_lifetime(&self, seconds: u64) {
        self.state().token_lifetime = seconds;
    }

    /// Fulfillment orders Amazon created with this id (1 at most, unless a bug repeats one).
    pub fn created(&self, reference: &str) -> u32 {
        self.state().created.get(reference).copied().unwrap_or(0)
    }

    /// Create requests Amazon received for this id, accepted or refused.
    pub fn create_attempts(&self, reference: &str) -> u32 {
        self.state()
            .create_attempts
            .get(reference)
            .copied()
            .unwrap_or(0)
    }

    /// Requests received for an SP-API operation (`createFulfillmentOrder`, …).
    pub fn requests(&self, operation: &str) -> u32 {
        self.state().requests.get(operation).copied().unwrap_or(0)
    }

    pub fn token_requests(&self) -> u32 {
        self.state().token_requests
    }

    pub fn orders(&self) -> usize {
        self.state().orders.len()
    }

    /// The create request Amazon accepted for `reference`.
    pub fn order_request(&self, reference: &str) -> Option<Value> {
        self.state()
            .orders
            .get(reference)
            .map(|o| o.request.clone())
    }

    pub fn status_of(&self, reference: &str) -> Option<String> {
        self.state().orders.get(reference).map(|o| o.status.clone())
    }
}

struct Responder(Arc<Mutex<State>>);

fn form(body: &[u8]) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(body);
    reqwest::Url::parse(&format!("http://form.invalid/?{text}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn operation(method: &str, path: &str) -> &'static str {
    let rest = path.strip_prefix(OUTBOUND);
    match (method, rest) {
        ("POST", Some("/preview")) => "getFulfillmentPreview",
        ("POST", Some("")) => "createFulfillmentOrder",
        ("PUT", Some(r)) if r.ends_with("/cancel") => "cancelFulfillmentOrder",
        ("GET", Some(r)) if r.starts_with('/') => "getFulfillmentOrder",
        ("GET", _) if path == "/fba/outbound/2020-07-01/features" => "getFeatures",
        ("GET", _) if path == "/fba/inventory/v1/summaries" => "getInventorySummaries",
        _ => "unknown",
    }
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let delay = lock(&self.0).delay;
        self.answer(request).set_delay(delay)
    }
}

impl Responder {
    fn answer(&self, request: &Request) -> ResponseTemplate {
        let mut s = lock(&self.0);
        let method = request.method.as_str().to_owned();
        let path = request.url.path().to_owned();
        if method == "POST" && path == "/auth/o2/token" {
            return token(&mut s, &form(&request.body));
        }
        let op = operation(&method, &path);
        *s.requests.entry(op.to_owned()).or_default() += 1;
        if !s.failures.is_empty() {
            return match s.failures.remove(0) {
                Failure::Throttle {
                    retry_after,
                    rate_limit,
                } => {
                    let mut r = errors(
                        429,
                        "QuotaExceeded",
                        "You exceeded your quota for the requested resource.",
                        "",
                    );
                    if let Some(v) = retry_after {
                        r = r.insert_header("Retry-After", v.as_str());
                    }
                    if let Some(v) = rate_limit {
                        r = r.insert_header("x-amzn-RateLimit-Limit", v.as_str());
                    }
                    r
                }
                Failure::Status(code) => errors(
                    code,
                    "InternalFailure",
                    "We encountered an internal error. Please try again.",
                    "",
                ),
                Failure::Malformed => ResponseTemplate::new(200)
                    .set_body_raw(b"{\"payload\": {".to_vec(), "application/json"),
            };
        }
        let token = request
            .headers
            .get("x-amz-access-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        match s.tokens.get(token) {
            Some(true) => {}
            Some(false) => {
                return errors(
                    403,
                    "Unauthorized",
                    "Access to requested resource is denied.",
                    "The access token you provided has expired.",
                );
            }
            None => {
                return errors(
                    403,
                    "Unauthorized",
                    "Access to requested resource is denied.",
                    "The access token you provided is revoked, malformed or invalid.",
                );
            }
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let id = path
            .strip_prefix(OUTBOUND)
            .and_then(|r| r.strip_prefix('/'))
            .map(|r| r.trim_end_matches("/cancel").to_owned())
            .unwrap_or_default();
        match op {
            "createFulfillmentOrder" => create(&mut s, body),
            "getFulfillmentOrder" => get(&s, &id),
            "cancelFulfillmentOrder" => cancel(&mut s, &id),
            "getFulfillmentPreview" => preview(&s, &body),
            "getFeatures" => ok(json!({ "payload": { "features": [
                { "featureName": "BLANK_BOX", "featureDescription": "Provides the ability to ship in non-Amazon branded packaging (blank boxes).", "sellerEligible": true }
            ]}})),
            "getInventorySummaries" => inventory(&s, &query),
            _ => errors(
                404,
                "NotFound",
                "The specified resource does not exist.",
                "",
            ),
        }
    }
}

fn token(s: &mut State, form: &BTreeMap<String, String>) -> ResponseTemplate {
    s.token_requests += 1;
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    if field("grant_type") != "refresh_token"
        || field("client_id") != FakeMcf::CLIENT_ID
        || field("client_secret") != FakeMcf::CLIENT_SECRET
    {
        return ResponseTemplate::new(401).set_body_json(json!({
            "error_description": "Client authentication failed",
            "error": "invalid_client"
        }));
    }
    if field("refresh_token") != FakeMcf::REFRESH_TOKEN {
        return ResponseTemplate::new(400).set_body_json(json!({
            "error_description": "The request has an invalid grant parameter : refresh_token",
            "error": "invalid_grant"
        }));
    }
    let token = format!("Atza|fake-access-token-{}", s.token_requests);
    s.tokens.insert(token.clone(), true);
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "refresh_token": FakeMcf::REFRESH_TOKEN,
        "token_type": "bearer",
        "expires_in": s.token_lifetime,
    }))
}

fn create(s: &mut State, body: Value) -> ResponseTemplate {
    let Some(id) = body["sellerFulfillmentOrderId"].as_str().map(str::to_owned) else {
        return errors(
            400,
            "InvalidInput",
            "Value null for parameter SellerFulfillmentOrderId is invalid.",
            "",
        );
    };
    *s.create_attempts.entry(id.clone()).or_default() += 1;
    if s.orders.contains_key(&id) {
        return errors(
            400,
            "InvalidInput",
            &format!(
                "Duplicate request: a fulfillment order with SellerFulfillmentOrderId {id} already exists."
            ),
            "",
        );
    }
    for item in body["items"].as_array().into_iter().flatten() {
        let sku = item["sellerSku"].as_str().unwrap_or_default();
        if !s.stock.contains_key(sku) {
            let item_id = item["sellerFulfillmentOrderItemId"]
                .as_str()
                .unwrap_or_default();
            return errors(
                400,
                "InvalidInput",
                &format!("the SellerSKU for Item Id: {item_id} is invalid."),
                "",
            );
        }
    }
    s.orders.insert(
        id.clone(),
        FakeOrder {
            request: body,
            status: "Received".into(),
            shipments: Vec::new(),
            received: Utc::now(),
        },
    );
    *s.created.entry(id).or_default() += 1;
    if s.lose_create_answers > 0 {
        s.lose_create_answers -= 1;
        return errors(
            503,
            "ServiceUnavailable",
            "Temporary overloading or maintenance of the server.",
            "",
        );
    }
    ok(json!({}))
}

fn get(s: &State, id: &str) -> ResponseTemplate {
    let Some(o) = s.orders.get(id) else {
        return errors(404, "NotFound", "Requested order not found", "");
    };
    let r = &o.request;
    let unfulfillable = o.status == "Unfulfillable";
    let items: Vec<Value> = r["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            json!({
                "sellerSku": i["sellerSku"],
                "sellerFulfillmentOrderItemId": i["sellerFulfillmentOrderItemId"],
                "quantity": i["quantity"],
                "cancelledQuantity": 0,
                "unfulfillableQuantity": if unfulfillable { i["quantity"].clone() } else { json!(0) },
                "perUnitDeclaredValue": i["perUnitDeclaredValue"],
            })
        })
        .collect();
    let received = o
        .received
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    ok(json!({ "payload": {
        "fulfillmentOrder": {
            "sellerFulfillmentOrderId": id,
            "marketplaceId": r["marketplaceId"],
            "displayableOrderId": r["displayableOrderId"],
            "displayableOrderDate": r["displayableOrderDate"],
            "displayableOrderComment": r["displayableOrderComment"],
            "shippingSpeedCategory": r["shippingSpeedCategory"],
            "destinationAddress": r["destinationAddress"],
            "fulfillmentAction": "Ship",
            "fulfillmentPolicy": r["fulfillmentPolicy"],
            "receivedDate": received,
            "fulfillmentOrderStatus": o.status,
            "statusUpdatedDate": received,
        },
        "fulfillmentOrderItems": items,
        "fulfillmentShipments": o.shipments,
        "returnItems": [],
        "returnAuthorizations": [],
    }}))
}

fn cancel(s: &mut State, id: &str) -> ResponseTemplate {
    let Some(o) = s.orders.get_mut(id) else {
        return errors(404, "NotFound", "Requested order not found", "");
    };
    match o.status.as_str() {
        "New" | "Received" | "Planning" => {
            o.status = "Cancelled".into();
            ok(json!({}))
        }
        "Cancelled" => ok(json!({})),
        other => errors(
            400,
            "InvalidInput",
            &format!("Fulfillment order {id} cannot be cancelled: status {other}."),
            "",
        ),
    }
}

fn preview(s: &State, body: &Value) -> ResponseTemplate {
    let mut unfulfillable = Vec::new();
    for item in body["items"].as_array().into_iter().flatten() {
        let sku = item["sellerSku"].as_str().unwrap_or_default();
        let wanted = item["quantity"].as_u64().unwrap_or(0);
        match s.stock.get(sku) {
            None => unfulfillable.push(json!({ "sellerSku": sku, "quantity": wanted, "sellerFulfillmentOrderItemId": item["sellerFulfillmentOrderItemId"], "itemUnfulfillableReasons": ["InvalidSKU"] })),
            Some(have) if u64::from(*have) < wanted => unfulfillable.push(json!({ "sellerSku": sku, "quantity": wanted, "sellerFulfillmentOrderItemId": item["sellerFulfillmentOrderItemId"], "itemUnfulfillableReasons": ["InventoryUnavailable"] })),
            Some(_) => {}
        }
    }
    let fulfillable = unfulfillable.is_empty();
    let previews: Vec<Value> = [("Standard", "5.97", 5), ("Expedited", "8.47", 3), ("Priority", "12.99", 1)]
        .iter()
        .map(|(speed, fee, days)| {
            json!({
                "shippingSpeedCategory": speed,
                "isFulfillable": fulfillable,
                "isCODCapable": false,
                "marketplaceId": FakeMcf::MARKETPLACE,
                "estimatedFees": if fulfillable { json!([
                    { "name": "FBAPerUnitFulfillmentFee", "amount": { "currencyCode": "USD", "value": fee } },
                    { "name": "FBATransportationFee", "amount": { "currencyCode": "USD", "value": "0.50" } }
                ]) } else { json!([]) },
                "fulfillmentPreviewShipments": if fulfillable { json!([{
                    "earliestShipDate": "2026-03-02T18:00:00Z",
                    "latestShipDate": "2026-03-02T23:00:00Z",
                    "earliestArrivalDate": format!("2026-03-{:02}T18:00:00Z", 2 + days),
                    "latestArrivalDate": format!("2026-03-{:02}T23:00:00Z", 3 + days),
                    "fulfillmentPreviewItems": []
                }]) } else { json!([]) },
                "unfulfillablePreviewItems": unfulfillable,
                "orderUnfulfillableReasons": if fulfillable { json!([]) } else { json!(["InventoryUnavailable"]) },
            })
        })
        .collect();
    ok(json!({ "payload": { "fulfillmentPreviews": previews } }))
}

/// Two summaries a page; `nextToken` is the index of the next one.
fn inventory(s: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
    if query.get("granularityType").map(String::as_str) != Some("Marketplace")
        || query.get("marketplaceIds").map(String::as_str) != Some(FakeMcf::MARKETPLACE)
    {
        return errors(
            400,
            "InvalidInput",
            "Invalid granularityType or marketplaceIds.",
            "",
        );
    }
    let details = query.get("details").map(String::as_str) == Some("true");
    let from: usize = query
        .get("nextToken")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let all: Vec<(&String, &u32)> = s.stock.iter().collect();
    let page: Vec<Value> = all
        .iter()
        .skip(from)
        .take(2)
        .map(|(sku, units)| {
            // Inbound stock counts in the total, not in what can ship now.
            let mut v = json!({
                "asin": "B0020MLK00",
                "fnSku": "X0014BIZ8T",
                "sellerSku": sku,
                "condition": "NewItem",
                "lastUpdatedTime": "2026-03-01T08:00:00Z",
                "productName": sku,
                "totalQuantity": **units + 5,
            });
            if details {
                v["inventoryDetails"] = json!({
                    "fulfillableQuantity": units,
                    "inboundWorkingQuantity": 5,
                    "inboundShippedQuantity": 0,
                    "inboundReceivingQuantity": 0,
                });
            }
            v
        })
        .collect();
    let mut body = json!({ "payload": {
        "granularity": { "granularityType": "Marketplace", "granularityId": FakeMcf::MARKETPLACE },
        "inventorySummaries": page,
    }});
    if from + 2 < all.len() {
        body["pagination"] = json!({ "nextToken": (from + 2).to_string() });
    }
    ok(body)
}
