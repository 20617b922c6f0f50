//! The fast path against the full evaluation, over every condition shape the prefilter reads.
//!
//! Without a trace, the prefilter sets rules aside and evaluates only what it did not decide
//! (`requirement`, `lookup`); with a trace, every condition of every rule is evaluated. Random
//! rulesets built from prefixes, suffixes, patterns, tag lists, line quantifiers and ranges —
//! with odd case, spaces, non-ASCII text, missing values and orders without lines — must get
//! the same decision both ways.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::order::Order;
use crate::rules::{Action, HoldAction, ServiceAction};
use crate::rules::{
    AddressCheck, ChoiceTest, Condition, EvalContext, LineCondition, ListTest, MaybeFlagTest,
    NumberTest, Range, Rule, Ruleset, Stage, TagAction, TextTest, ValidationContext,
};
use crate::{HoldReason, PaymentStatus};

const WORDS: [&str; 12] = [
    "US",
    "us ",
    "Ca",
    "ÜK",
    "\u{212a}y",
    "9",
    "90",
    "90210",
    "BT7 1NN",
    "tee-",
    "vip",
    "@x.org",
];
const PATTERNS: [&str; 9] = [
    "9*", "*0", "*02*", "90210", "b?7*", "[0-4]*", "*", "\\*x", "TEE-*",
];
const TAGS: [&str; 5] = ["vip", "VIP ", "hazmat", "Glaß", "b2b"];
const SKUS: [&str; 6] = ["TEE-1", " tee-2", "BT7-9", "\u{212a}-1", "SOFA", "90210"];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(&WORDS[..]).prop_map(str::to_owned)
}

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(word(), 1..3)
}

fn text_test() -> impl Strategy<Value = TextTest> {
    prop_oneof![
        word().prop_map(TextTest::Equals),
        word().prop_map(TextTest::NotEquals),
        words().prop_map(TextTest::OneOf),
        words().prop_map(TextTest::NotOneOf),
        word().prop_map(TextTest::Contains),
        word().prop_map(TextTest::NotContains),
        word().prop_map(TextTest::StartsWith),
        word().prop_map(TextTest::EndsWith),
        prop::sample::select(&PATTERNS[..]).prop_map(|p| TextTest::Matches(p.to_owned())),
        any::<bool>().prop_map(TextTest::IsBlank),
    ]
}

fn list_test() -> impl Strategy<Value = ListTest> {
    let tag = || prop::sample::select(&TAGS[..]).prop_map(str::to_owned);
    let tags = || prop::collection::vec(tag(), 1..3);
    prop_oneof![
        tag().prop_map(ListTest::Contains),
        tag().prop_map(ListTest::NotContains),
        tags().prop_map(ListTest::ContainsAny),
        tags().prop_map(ListTest::ContainsAll),
        tags().prop_map(ListTest::ContainsNone),
        prop::sample::select(&["v*", "*ß", "*a*", "hazmat"][..])
            .prop_map(|p| ListTest::AnyMatches(p.to_owned())),
        any::<bool>().prop_map(ListTest::IsBlank),
    ]
}

fn number_test(max: i64) -> impl Strategy<Value = NumberTest> {
    prop_oneof![
        (0..max).prop_map(NumberTest::Equals),
        (0..max).prop_map(NumberTest::NotEquals),
        (0..max).prop_map(NumberTest::Lt),
        (0..max).prop_map(NumberTest::Lte),
        (0..max).prop_map(NumberTest::Gt),
        (0..max).prop_map(NumberTest::Gte),
        (0..max, 0..max).prop_map(|(a, b)| NumberTest::Between(Range {
            min: a.min(b),
            max: a.max(b)
        })),
    ]
}

fn line_condition() -> impl Strategy<Value = LineCondition> {
    prop_oneof![
        text_test().prop_map(LineCondition::Sku),
        list_test().prop_map(LineCondition::ProductTags),
        number_test(5).prop_map(LineCondition::Quantity),
        number_test(3000).prop_map(LineCondition::WeightG),
    ]
}

fn leaf() -> impl Strategy<Value = Condition> {
    prop_oneof![
        text_test().prop_map(Condition::ShipToCountry),
        text_test().prop_map(Condition::ShipToRegion),
        text_test().prop_map(Condition::ShipToPostalCode),
        text_test().prop_map(Condition::CustomerEmail),
        text_test().prop_map(Condition::InternalNotes),
        list_test().prop_map(Condition::Tags),
        line_condition().prop_map(|l| Condition::AnyLine(Box::new(l))),
        line_condition().prop_map(|l| Condition::AllLines(Box::new(l))),
        line_condition().prop_map(|l| Condition::NoLine(Box::new(l))),
        number_test(20_000).prop_map(Condition::Total),
        number_test(4).prop_map(Condition::LineCount),
        any::<bool>().prop_map(|b| Condition::ShipToResidential(MaybeFlagTest::Equals(b))),
        prop::sample::select(&[AddressCheck::Valid, AddressCheck::Invalid][..])
            .prop_map(|a| Condition::AddressCheck(ChoiceTest::Equals(a))),
        prop::sample::select(&[PaymentStatus::Paid, PaymentStatus::Pending][..])
            .prop_map(|p| Condition::PaymentStatus(ChoiceTest::Equals(p))),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            3 => prop::collection::vec(inner.clone(), 1..4).prop_map(Condition::All),
            1 => prop::collection::vec(inner.clone(), 1..3).prop_map(Condition::Any),
            1 => inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn action(stage: Stage, n: usize) -> Action {
    match stage {
        Stage::Holds => Action::Hold(HoldAction {
            reason: HoldReason::ManualReview,
            note: format!("held by {n}"),
            release_after_minutes: None,
        }),
        Stage::Service => Action::SetService(ServiceAction {
            carrier: format!("carrier {n}"),
            service: "Ground".to_owned(),
            package: None,
        }),
        Stage::Location | Stage::Enhance => Action::AddTag(TagAction {
            tag: format!("t{n}"),
        }),
    }
}

fn ruleset() -> impl Strategy<Value = Ruleset> {
    const STAGES: [Stage; 3] = [Stage::Holds, Stage::Service, Stage::Enhance];
    prop::collection::vec(
        (
            prop::sample::select(&STAGES[..]),
            condition(),
            any::<bool>(),
        ),
        1..12,
    )
    .prop_map(|rules| Ruleset {
        version: 1,
        rules: rules
            .into_iter()
            .enumerate()
            .filter_map(|(i, (stage, when, stop))| {
                Some(Rule {
                    id: format!("rul_{:0>26}", i + 1).parse().ok()?,
                    name: format!("rule {i}"),
                    stage,
                    priority: 1,
                    enabled: i % 7 != 3,
                    stop_processing: stop && i % 3 == 0,
                    when,
                    then: vec![action(stage, i)],
                })
            })
            .collect(),
    })
}

fn maybe(s: impl Strategy<Value = &'static str>) -> impl Strategy<Value = Value> {
    prop::option::of(s).prop_map(|v| v.map_or(Value::Null, Value::from))
}

fn order() -> impl Strategy<Value = Order> {
    let line = (
        prop::sample::select(&SKUS[..]),
        prop::sample::subsequence(&TAGS[..], 0..3),
        1u32..5,
        0u32..1200,
    )
        .prop_map(|(sku, tags, q, w)| {
            json!({"sku": sku, "name": sku, "quantity": q, "unit_price": 100,
                   "unit_weight_g": w, "product_tags": tags})
        });
    (
        prop::sample::select(&WORDS[..]),
        maybe(prop::sample::select(&WORDS[..])),
        prop::sample::select(&["90210", " 9 ", "BT7 1NN", "0", ""][..]),
        maybe(prop::sample::select(&["sam@X.ORG", "a@x.orgy", "ÜK@x.org"][..])),
        prop::collection::vec(prop::sample::select(&WORDS[..]), 0..3),
        prop::sample::subsequence(&TAGS[..], 0..3),
        prop::collection::vec(line, 0..4),
        (0i64..20_000, maybe(prop::sample::select(&["yes"][..])), any::<bool>()),
    )
        .prop_map(
            |(country, region, postal, email, notes, tags, lines, (total, res, pending))| {
                let order = json!({
                    "id": "ord_00000000000000000000000001",
                    "channel_id": "chn_0000000000000000000000SHP1",
                    "external_id": "1", "number": "#1", "status": "ready",
                    "channel_status": "paid",
                    "payment_status": if pending { "pending" } else { "paid" },
                    "customer": {"name": "Sam", "email": email, "phone": null},
                    "ship_to": {
                        "name": "Sam", "company": null, "line1": "1 Main St", "line2": null,
                        "city": "Springfield", "region": region, "postal_code": postal,
                        "country": country, "phone": null,
                        "residential": if res.is_null() { Value::Null } else { json!(total % 2 == 0) }
                    },
                    "bill_to": null, "requested_service": null, "lines": lines,
                    "currency": "USD", "subtotal": total, "shipping_paid": 0, "tax": 0,
                    "total": total, "weight_g": 100, "tags": tags, "customer_notes": null,
                    "internal_notes": notes, "gift": false,
                    "placed_at": "2024-06-03T09:00:00Z", "updated_at": "2024-06-03T09:00:00Z",
                    "ship_by": null, "location_id": null, "carrier": null, "service": null,
                    "options": {"signature": false, "insurance": null, "batch_group": null},
                    "hold": null, "owned_fields": []
                });
                serde_json::from_value::<Order>(order).ok()
            },
        )
        .prop_filter_map("the order must read", |o| o)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, max_global_rejects: 50_000, ..ProptestConfig::default() })]

    #[test]
    fn the_prefilter_never_changes_a_decision(rs in ruleset(), orders in prop::collection::vec(order(), 1..6)) {
        let Ok(c) = rs.compile(&ValidationContext::offline()) else {
            return Err(TestCaseError::reject("invalid ruleset"));
        };
        let ctx = EvalContext::at("2024-06-03T12:00:00Z".parse().unwrap_or_default());
        for o in &orders {
            let fast = c.decide(o, &ctx).record();
            let (full, _) = c.evaluate(o, &ctx, true);
            prop_assert_eq!(fast, full.record(), "order {:?}", o);
        }
    }
}

#[test]
fn compiled_rulesets_stay_shareable_between_threads() {
    // Dry runs evaluate one compiled ruleset on several workers; the index must not change that.
    fn shareable<T: Send + Sync>() {}
    shareable::<crate::rules::CompiledRuleset>();
}
