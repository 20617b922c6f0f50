//! The demo workspace's default rules: what a small operation would set up on day one, so held
//! orders, routing and traces show up from the first launch.

use serde_json::{Value, json};
use waybill_core::rules::Ruleset;
use waybill_core::{Location, LocationKind};

use crate::{App, AppError, ErrorCode};

/// The demo's locations the rules route to, found by kind and name.
struct Places<'a> {
    mcf: &'a str,
    reno: &'a str,
    newark: &'a str,
    store: &'a str,
    three_pl: &'a str,
}

fn places(locations: &[Location]) -> Option<Places<'_>> {
    let find = |kind: LocationKind, name: &str| {
        locations
            .iter()
            .find(|l| l.kind == kind && l.name.contains(name))
            .map(|l| l.id.as_str())
    };
    Some(Places {
        mcf: find(LocationKind::AmazonMcf, "Amazon")?,
        reno: find(LocationKind::Warehouse, "Reno")?,
        newark: find(LocationKind::Warehouse, "Newark")?,
        store: find(LocationKind::Store, "Brooklyn")?,
        three_pl: find(LocationKind::ThirdPartyLogistics, "ShipRight")?,
    })
}

struct Rules {
    list: Vec<Value>,
}

impl Rules {
    fn add(&mut self, stage: &str, name: &str, stop: bool, when: Value, then: Value) {
        let priority = self.list.iter().filter(|r| r["stage"] == stage).count() + 1;
        self.list.push(json!({
            "id": waybill_core::ids::RuleId::new().to_string(),
            "name": name,
            "stage": stage,
            "priority": priority,
            "enabled": true,
            "stop_processing": stop,
            "when": when,
            "then": then,
        }));
    }
}

fn default_rules(p: &Places<'_>) -> Value {
    let mut r = Rules { list: Vec::new() };
    // Holds
    r.add(
        "holds",
        "Large order: fraud review",
        false,
        json!({"total": {"gte": 75_000}}),
        json!([{"hold": {"reason": "fraud_risk", "note": "Over 750.00: check the payment and the address before packing"}}]),
    );
    r.add(
        "holds",
        "Address fails the checks",
        false,
        json!({"address_check": {"equals": "invalid"}}),
        json!([{"hold": {"reason": "address_invalid", "note": "Fix the ship-to address; the rules run again when it is saved"}}]),
    );
    r.add(
        "holds",
        "Hazmat cannot fly",
        false,
        json!({"all": [
            {"any_line": {"product_tags": {"contains": "hazmat"}}},
            {"requested_service": {"one_of": ["Overnight", "Expedited"]}}
        ]}),
        json!([{"hold": {"reason": "manual_review", "note": "Hazardous goods cannot go by air: agree ground shipping with the customer"}}]),
    );
    r.add(
        "holds",
        "Gift orders: check the message",
        false,
        json!({"gift": {"equals": true}}),
        json!([{"hold": {"reason": "manual_review", "note": "Read the gift message before packing; the hold lifts itself after an hour", "release_after_minutes": 60}}]),
    );
    // Location: the default first, so the more specific rules after it override it.
    r.add(
        "location",
        "Nearest location with everything in stock; split when none has it all",
        false,
        json!("always"),
        json!([{"choose_location": {"strategy": "fewest_shipments"}}]),
    );
    r.add(
        "location",
        "East of the Mississippi: Newark first, then Reno",
        false,
        json!({"ship_to_region": {"one_of": ["NY", "MA", "FL", "GA", "IL", "ON"]}}),
        json!([{"choose_location": {"strategy": "ranked", "locations": [p.newark, p.reno]}}]),
    );
    r.add(
        "location",
        "Brooklyn orders from the store when it has everything",
        false,
        json!({"ship_to_city": {"equals": "Brooklyn"}}),
        json!([{"choose_location": {"strategy": "ranked", "locations": [p.store, p.newark, p.reno]}}]),
    );
    r.add(
        "location",
        "Subscriptions ship through Amazon MCF when it has everything",
        false,
        json!({"tags": {"contains_any": ["subscription"]}}),
        json!([{"choose_location": {"strategy": "ranked", "locations": [p.mcf, p.reno, p.newark]}}]),
    );
    r.add(
        "location",
        "Oversized items go to the 3PL",
        true,
        json!({"any_line": {"product_tags": {"contains": "oversized"}}}),
        json!([{"route_to_partner": {"location_id": p.three_pl}}]),
    );
    // Service
    r.add(
        "service",
        "Domestic: USPS Ground Advantage",
        false,
        json!({"ship_to_country": {"equals": "US"}}),
        json!([{"set_service": {"carrier": "USPS", "service": "Ground Advantage", "package": "Poly mailer"}}]),
    );
    r.add(
        "service",
        "Heavy domestic: UPS Ground",
        false,
        json!({"all": [{"ship_to_country": {"equals": "US"}}, {"total_weight_g": {"gte": 2_000}}]}),
        json!([{"set_service": {"carrier": "UPS", "service": "Ground", "package": "Box L"}}]),
    );
    r.add(
        "service",
        "International: DHL Express",
        false,
        json!({"ship_to_country": {"not_equals": "US"}}),
        json!([{"set_service": {"carrier": "DHL", "service": "Express Worldwide", "package": "DHL Flyer"}}]),
    );
    r.add(
        "service",
        "Overnight requested: FedEx",
        false,
        json!({"all": [{"requested_service": {"equals": "Overnight"}}, {"ship_to_country": {"equals": "US"}}]}),
        json!([{"set_service": {"carrier": "FedEx", "service": "Priority Overnight", "package": "FedEx Pak"}}]),
    );
    r.add(
        "service",
        "Hazmat ships by ground",
        true,
        json!({"all": [{"any_line": {"product_tags": {"contains": "hazmat"}}}, {"ship_to_country": {"equals": "US"}}]}),
        json!([{"set_service": {"carrier": "UPS", "service": "Ground (hazmat)", "package": "UN box"}}]),
    );
    // Enhance
    r.add(
        "enhance",
        "Insure orders over 300.00",
        false,
        json!({"total": {"gte": 30_000}}),
        json!([{"add_insurance": "order_value"}]),
    );
    r.add(
        "enhance",
        "Signature over 500.00",
        false,
        json!({"total": {"gte": 50_000}}),
        json!(["require_signature"]),
    );
    r.add(
        "enhance",
        "Fragile items packed apart",
        false,
        json!({"any_line": {"product_tags": {"contains_any": ["fragile", "glass"]}}}),
        json!([{"add_tag": {"tag": "fragile"}}, {"set_batch_group": {"group": "fragile-pack"}}]),
    );
    r.add(
        "enhance",
        "VIP thank-you card",
        false,
        json!({"tags": {"contains_any": ["vip"]}}),
        json!([{"add_note": {"note": "VIP: add a handwritten thank-you card"}}]),
    );
    json!({"version": 0, "rules": r.list})
}

impl App {
    /// Saves the demo's default rules unless the workspace already has rules.
    pub(crate) async fn ensure_demo_rules(&self, locations: &[Location]) -> Result<(), AppError> {
        if self.store.current_ruleset_version().await?.is_some() {
            return Ok(());
        }
        let Some(p) = places(locations) else {
            return Ok(());
        };
        let ruleset = Ruleset::from_value(&default_rules(&p)).map_err(|problems| {
            AppError::new(
                ErrorCode::Internal,
                format!("the demo rules do not parse: {problems:?}"),
            )
        })?;
        self.save_ruleset(&ruleset, 0, &waybill_core::Actor::system())
            .await?;
        Ok(())
    }
}
