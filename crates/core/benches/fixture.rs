//! The rules benchmark's fixture: 100 rules of realistic shape and 300 varied orders, generated
//! deterministically. One file, included by path (`#[path]`) by the core benchmark and by the
//! peer benchmark (`benches/peers`), so both measure exactly the same work.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use waybill_core::rules::{Ruleset, ValidationContext};
use waybill_core::{Address, ChannelId, Customer, LocationId, LocationKind, Order, OrderLine};
use waybill_core::{OrderId, OrderStatus, PaymentStatus, ShippingOptions};

/// The instant the orders are generated around and evaluated at.
pub fn now() -> DateTime<Utc> {
    "2024-06-03T12:00:00Z".parse().unwrap()
}

/// A small deterministic generator: the benchmark must measure the same work every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const COUNTRIES: &[&str] = &["US", "US", "US", "CA", "GB", "DE", "AU", "MX", "FR"];
const REGIONS: &[&str] = &["CA", "OR", "WA", "NY", "TX", "FL", "ON", "QC", "BC", "NSW"];
const SKU_FAMILIES: &[&str] = &["TEE", "HOOD", "BOOT", "SOFA", "LAMP", "MUG", "AERO", "BATT"];
const PRODUCT_TAGS: &[&str] = &[
    "apparel",
    "oversized",
    "hazmat",
    "fragile",
    "glass",
    "battery",
];
const ORDER_TAGS: &[&str] = &["vip", "wholesale", "preorder", "repeat", "influencer"];
const SERVICES: &[&str] = &["Standard", "Express", "Overnight", "Economy"];

fn channels() -> [String; 3] {
    [1, 2, 3].map(|n| format!("chn_{n:0>26}"))
}

fn locations() -> Vec<(String, LocationKind)> {
    (1..=6)
        .map(|n| {
            let kind = if n <= 4 {
                LocationKind::Warehouse
            } else {
                LocationKind::ThirdPartyLogistics
            };
            (format!("loc_{n:0>26}"), kind)
        })
        .collect()
}

/// One condition of realistic shape: destination, money, weight, lines, tags, service…
fn leaf(d: &mut Dice) -> Value {
    let ch = channels();
    match d.below(14) {
        0 => json!({"ship_to_country": {"equals": d.pick(COUNTRIES)}}),
        1 => json!({"ship_to_country": {"one_of": [d.pick(COUNTRIES), d.pick(COUNTRIES), "NZ"]}}),
        2 => json!({"ship_to_region": {"one_of": [d.pick(REGIONS), d.pick(REGIONS)]}}),
        3 => json!({"ship_to_postal_code": {"matches": format!("{}*", d.below(10))}}),
        4 => json!({"total": {"gte": 5_000 + d.below(50) * 1_000}}),
        5 => {
            json!({"total_weight_g": {"between": {"min": d.below(5) * 1000, "max": 5000 + d.below(20) * 1000}}})
        }
        6 => json!({"any_line": {"sku": {"starts_with": format!("{}-", d.pick(SKU_FAMILIES))}}}),
        7 => json!({"any_line": {"product_tags": {"contains": d.pick(PRODUCT_TAGS)}}}),
        8 => json!({"tags": {"contains_any": [d.pick(ORDER_TAGS), d.pick(ORDER_TAGS)]}}),
        9 => json!({"requested_service": {"one_of": [d.pick(SERVICES), d.pick(SERVICES)]}}),
        10 => json!({"ship_to_residential": {"equals": d.chance(50)}}),
        11 => json!({"channel": {"equals": d.pick(&ch)}}),
        12 => json!({"customer_email": {"ends_with": "@example.org"}}),
        _ => json!({"all_lines": {"quantity": {"lte": 1 + d.below(3)}}}),
    }
}

fn when(d: &mut Dice) -> Value {
    match d.below(10) {
        0 => leaf(d),
        1..=6 => json!({"all": [leaf(d), leaf(d)]}),
        7 | 8 => json!({"all": [leaf(d), {"any": [leaf(d), leaf(d)]}]}),
        _ => json!({"all": [leaf(d), leaf(d), {"not": leaf(d)}]}),
    }
}

fn actions(d: &mut Dice, stage: &str) -> Value {
    let locs = locations();
    match stage {
        "holds" => {
            json!([{"hold": {"reason": *d.pick(&["fraud_risk", "manual_review", "payment_pending"]),
                                     "note": "Check before shipping"}}])
        }
        "location" => {
            let (id, kind) = d.pick(&locs);
            if kind.is_partner() {
                json!([{"route_to_partner": {"location_id": id}}])
            } else {
                json!([{"assign_location": {"location_id": id}}])
            }
        }
        "service" => json!([{"set_service": {"carrier": *d.pick(&["UPS", "FedEx", "USPS", "DHL"]),
                                              "service": *d.pick(&["Ground", "2Day", "Next Day Air"]),
                                              "package": "Box M"}}]),
        _ => match d.below(4) {
            0 => json!(["require_signature", {"add_tag": {"tag": "signed"}}]),
            1 => json!([{"add_insurance": "order_value"}]),
            2 => json!([{"add_tag": {"tag": format!("t{}", d.below(20))}}]),
            _ => json!([{"set_batch_group": {"group": format!("g{}", d.below(8))}},
                        {"add_note": {"note": "Batch by family"}}]),
        },
    }
}

/// The 100 rules, validated: every one of them compiles.
pub fn ruleset() -> Ruleset {
    let mut d = Dice(0x5eed_1234_abcd_9876);
    let mut rules = Vec::new();
    // A few more than 100: random rules can contradict or shadow each other; those are dropped
    // below (validation would refuse them) before keeping exactly 100.
    let plan = [
        ("holds", 16),
        ("location", 26),
        ("service", 31),
        ("enhance", 32),
    ];
    let mut n = 0u32;
    for (stage, count) in plan {
        for _ in 0..count {
            n += 1;
            rules.push(json!({
                "id": format!("rul_{n:0>26}"),
                "name": format!("{stage} rule {n}"),
                "stage": stage,
                "priority": n,
                "enabled": !d.chance(5),
                // A few stoppers, never matching everything, so no later rule is shadowed.
                "stop_processing": d.chance(5),
                "when": when(&mut d),
                "then": actions(&mut d, stage),
            }));
        }
    }
    let rs = Ruleset::from_value(&json!({"version": 1, "rules": rules})).unwrap();
    let ctx = validation_context();
    let bad: Vec<String> = rs
        .validate(&ctx)
        .iter()
        .filter(|p| p.is_error())
        .filter_map(|p| p.rule_id.clone())
        .collect();
    let mut rs = rs;
    rs.rules.retain(|r| !bad.contains(&r.id.to_string()));
    rs.rules.truncate(100);
    assert_eq!(
        rs.rules.len(),
        100,
        "the benchmark needs 100 valid rules, has {}",
        rs.rules.len()
    );
    rs
}

/// The locations and channels the rules name.
pub fn validation_context() -> ValidationContext {
    ValidationContext::new(
        locations()
            .into_iter()
            .map(|(id, kind)| (id.parse::<LocationId>().unwrap(), kind)),
        channels().map(|c| c.parse::<ChannelId>().unwrap()),
    )
}

/// 300 varied orders placed up to four days before `now`.
pub fn orders(now: DateTime<Utc>) -> Vec<Order> {
    let mut d = Dice(0x0dde_c0de_0bad_f00d);
    let ch = channels();
    (0..300)
        .map(|i| {
            let lines: Vec<OrderLine> = (0..1 + d.below(4))
                .map(|_| {
                    let family = d.pick(SKU_FAMILIES);
                    OrderLine {
                        sku: format!("{family}-{}", d.below(40)),
                        name: format!("{family} item"),
                        quantity: 1 + d.below(3) as u32,
                        unit_price: 500 + d.below(20_000) as i64,
                        unit_weight_g: 100 + d.below(4_000) as u32,
                        product_tags: (0..d.below(3))
                            .map(|_| d.pick(PRODUCT_TAGS).to_string())
                            .collect(),
                    }
                })
                .collect();
            let subtotal: i64 = lines
                .iter()
                .map(|l| l.unit_price * i64::from(l.quantity))
                .sum();
            let weight: u32 = lines.iter().map(|l| l.unit_weight_g * l.quantity).sum();
            Order {
                id: OrderId::from_parts(1_700_000_000_000 + i, u128::from(i as u32)),
                channel_id: d.pick(&ch).parse().unwrap(),
                external_id: format!("{i}"),
                number: format!("#{}", 1000 + i),
                status: OrderStatus::Ready,
                channel_status: "paid".into(),
                payment_status: if d.chance(10) {
                    PaymentStatus::Pending
                } else {
                    PaymentStatus::Paid
                },
                customer: Customer {
                    name: "Sam Buyer".into(),
                    email: Some(
                        if d.chance(20) {
                            "sam@example.org"
                        } else {
                            "sam@example.com"
                        }
                        .into(),
                    ),
                    phone: None,
                },
                ship_to: Address {
                    name: "Sam Buyer".into(),
                    line1: "1 Main St".into(),
                    city: "Springfield".into(),
                    region: Some(d.pick(REGIONS).to_string()),
                    postal_code: format!("{}", 10_000 + d.below(89_999)),
                    country: d.pick(COUNTRIES).to_string(),
                    residential: if d.chance(20) {
                        None
                    } else {
                        Some(d.chance(70))
                    },
                    ..Address::default()
                },
                bill_to: None,
                requested_service: Some(d.pick(SERVICES).to_string()),
                lines,
                currency: "USD".into(),
                subtotal,
                shipping_paid: 800,
                tax: 0,
                total: subtotal + 800,
                weight_g: weight,
                tags: (0..d.below(3))
                    .map(|_| d.pick(ORDER_TAGS).to_string())
                    .collect(),
                customer_notes: None,
                internal_notes: Vec::new(),
                gift: d.chance(10),
                placed_at: now - Duration::hours(d.below(96) as i64),
                updated_at: now,
                ship_by: Some(now + Duration::hours(d.below(96) as i64)),
                location_id: None,
                carrier: None,
                service: None,
                options: ShippingOptions::default(),
                hold: None,
                owned_fields: Vec::new(),
                served_holds: Vec::new(),
            }
        })
        .collect()
}
