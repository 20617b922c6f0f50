//! Shared by the rules test files: a base order, JSON patching, fixed ids and a fixed clock.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use waybill_core::Order;
use waybill_core::rules::{CompiledRuleset, Ruleset, ValidationContext};
use waybill_core::{ChannelId, LocationId, LocationKind};

pub const SHOP: &str = "chn_0000000000000000000000SHP1";
pub const MARKET: &str = "chn_0000000000000000000000MKT2";
pub const WH1: &str = "loc_00000000000000000000000WH1";
pub const WH2: &str = "loc_00000000000000000000000WH2";
pub const TPL: &str = "loc_0000000000000000000000TP3X";
/// A location that does not exist in the workspace (deleted).
pub const GONE: &str = "loc_0000000000000000000000XXX9";

pub fn now() -> DateTime<Utc> {
    "2024-06-03T12:00:00Z".parse().unwrap()
}

/// A rule id from a small number: `rul_…0001`.
pub fn rule_id(n: u32) -> String {
    format!("rul_{n:0>26}")
}

/// The workspace the fixtures live in: two warehouses, one 3PL, two channels.
pub fn workspace() -> ValidationContext {
    ValidationContext::new(
        [
            (WH1.parse::<LocationId>().unwrap(), LocationKind::Warehouse),
            (WH2.parse::<LocationId>().unwrap(), LocationKind::Warehouse),
            (
                TPL.parse::<LocationId>().unwrap(),
                LocationKind::ThirdPartyLogistics,
            ),
        ],
        [
            SHOP.parse::<ChannelId>().unwrap(),
            MARKET.parse::<ChannelId>().unwrap(),
        ],
    )
}

/// A paid, ready, one-line US order with a valid address; `patch` overrides any part of it
/// (objects merge, everything else replaces).
pub fn base_order() -> Value {
    json!({
        "id": "ord_00000000000000000000000001",
        "channel_id": SHOP,
        "external_id": "1001",
        "number": "#1001",
        "status": "ready",
        "channel_status": "paid",
        "payment_status": "paid",
        "customer": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": null},
        "ship_to": {
            "name": "Ada Lovelace", "company": null, "line1": "1 Main St", "line2": null,
            "city": "Portland", "region": "OR", "postal_code": "97201", "country": "US",
            "phone": null, "residential": true
        },
        "bill_to": null,
        "requested_service": "Standard",
        "lines": [
            {"sku": "TEE-M", "name": "T-shirt M", "quantity": 1, "unit_price": 2500,
             "unit_weight_g": 200, "product_tags": ["apparel"]}
        ],
        "currency": "USD",
        "subtotal": 2500, "shipping_paid": 500, "tax": 0, "total": 3000,
        "weight_g": 200,
        "tags": [],
        "customer_notes": null,
        "internal_notes": [],
        "gift": false,
        "placed_at": "2024-06-03T09:00:00Z",
        "updated_at": "2024-06-03T09:00:00Z",
        "ship_by": "2024-06-05T12:00:00Z",
        "location_id": null,
        "carrier": null,
        "service": null,
        "options": {"signature": false, "insurance": null, "batch_group": null},
        "hold": null,
        "owned_fields": []
    })
}

pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

pub fn order(patch: Value) -> Order {
    let mut o = base_order();
    merge(&mut o, &patch);
    serde_json::from_value(o).expect("the order fixture must be a valid order")
}

pub fn ruleset(value: Value) -> Ruleset {
    match Ruleset::from_value(&value) {
        Ok(r) => r,
        Err(problems) => panic!("fixture ruleset does not parse: {problems:#?}"),
    }
}

pub fn compile(value: Value) -> CompiledRuleset {
    match ruleset(value).compile(&workspace()) {
        Ok(c) => c,
        Err(problems) => panic!("fixture ruleset does not compile: {problems:#?}"),
    }
}

/// A rule with sensible defaults; `patch` overrides any key.
pub fn rule(n: u32, stage: &str, patch: Value) -> Value {
    let mut r = json!({
        "id": rule_id(n),
        "name": format!("Rule {n}"),
        "stage": stage,
        "priority": n,
        "enabled": true,
        "stop_processing": false,
        "when": "always",
        "then": []
    });
    merge(&mut r, &patch);
    r
}
