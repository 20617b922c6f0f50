//! Properties of evaluation over random rulesets and orders: deterministic, stages in order,
//! disabled rules never fire, person-owned fields are never overwritten, `stop_processing`
//! stops only its own stage, tracing never changes the decision, and compiled evaluation agrees
//! with a direct reading of the rules.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "rules/common.rs"]
mod common;

use proptest::prelude::*;
use serde_json::json;
use waybill_core::rules::{
    Action, ChoiceTest, CompiledRuleset, Condition, EvalContext, FlagTest, HoldAction,
    LineCondition, ListTest, LocationAction, NumberTest, Rule, RuleOutcome, Ruleset, ServiceAction,
    Stage, TagAction, TextTest, ValidationContext, apply_decision,
};
use waybill_core::{HoldReason, Order, OwnedField};

const COUNTRIES: [&str; 4] = ["US", "ca", "Gb", "DE"];
const SKUS: [&str; 4] = ["TEE-M", "sofa-3", "BOOT-42", "SAMPLE-1"];
const TAGS: [&str; 3] = ["vip", "Wholesale", "gift"];

fn leaf() -> impl Strategy<Value = Condition> {
    prop_oneof![
        prop::sample::select(&COUNTRIES[..])
            .prop_map(|c| Condition::ShipToCountry(TextTest::Equals(c.to_owned()))),
        prop::sample::subsequence(&COUNTRIES[..], 1..3).prop_map(|cs| {
            Condition::ShipToCountry(TextTest::OneOf(cs.into_iter().map(str::to_owned).collect()))
        }),
        (0i64..60_000).prop_map(|v| Condition::Total(NumberTest::Gt(v))),
        (0i64..60_000).prop_map(|v| Condition::Total(NumberTest::Lte(v))),
        prop::sample::select(&SKUS[..]).prop_map(|s| Condition::AnyLine(Box::new(
            LineCondition::Sku(TextTest::Equals(s.to_uppercase()))
        ))),
        any::<bool>().prop_map(|b| Condition::Gift(FlagTest::Equals(b))),
        prop::sample::select(&TAGS[..])
            .prop_map(|t| Condition::Tags(ListTest::Contains(t.to_lowercase()))),
        Just(Condition::PaymentStatus(ChoiceTest::Equals(
            waybill_core::PaymentStatus::Pending
        ))),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    let tree = leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(Condition::All),
            prop::collection::vec(inner.clone(), 1..3).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    });
    prop_oneof![1 => Just(Condition::Always), 6 => tree]
}

fn action(stage: Stage, n: u8) -> Action {
    match stage {
        Stage::Holds => Action::Hold(HoldAction {
            reason: [HoldReason::FraudRisk, HoldReason::ManualReview][usize::from(n % 2)],
            note: format!("note {n}"),
            release_after_minutes: None,
        }),
        Stage::Location => Action::AssignLocation(LocationAction {
            location_id: [common::WH1, common::WH2][usize::from(n % 2)]
                .parse()
                .unwrap(),
        }),
        Stage::Service => Action::SetService(ServiceAction {
            carrier: ["UPS", "FedEx", "USPS"][usize::from(n % 3)].to_owned(),
            service: "Ground".to_owned(),
            package: None,
        }),
        Stage::Enhance => match n % 3 {
            0 => Action::RequireSignature,
            1 => Action::AddTag(TagAction {
                tag: format!("t{}", n % 4),
            }),
            _ => Action::AddInsurance(waybill_core::rules::Insurance::OrderValue),
        },
    }
}

fn rule() -> impl Strategy<Value = (Stage, i32, bool, bool, Condition, u8)> {
    (
        prop::sample::select(&Stage::ALL[..]),
        0i32..4,
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.3),
        condition(),
        any::<u8>(),
    )
}

fn ruleset() -> impl Strategy<Value = Ruleset> {
    prop::collection::vec(rule(), 1..10).prop_map(|rules| Ruleset {
        version: 1,
        rules: rules
            .into_iter()
            .enumerate()
            .map(|(i, (stage, priority, enabled, stop, when, n))| Rule {
                id: common::rule_id(u32::try_from(i).unwrap() + 1)
                    .parse()
                    .unwrap(),
                name: format!("rule {i}"),
                stage,
                priority,
                enabled,
                stop_processing: stop,
                when,
                then: vec![action(stage, n), action(stage, n.wrapping_add(1))],
            })
            .collect(),
    })
}

fn order() -> impl Strategy<Value = Order> {
    (
        prop::sample::select(&COUNTRIES[..]),
        0i64..80_000,
        prop::collection::vec(prop::sample::select(&SKUS[..]), 1..4),
        prop::sample::subsequence(&TAGS[..], 0..3),
        any::<bool>(),
        any::<bool>(),
        prop::sample::subsequence(
            &[
                OwnedField::Location,
                OwnedField::Carrier,
                OwnedField::Service,
                OwnedField::Options,
                OwnedField::Tags,
                OwnedField::Hold,
            ][..],
            0..4,
        ),
    )
        .prop_map(|(country, total, skus, tags, gift, pending, owned)| {
            let lines: Vec<_> = skus
                .iter()
                .map(|s| {
                    json!({"sku": s, "name": s, "quantity": 1, "unit_price": 100,
                                "unit_weight_g": 100, "product_tags": []})
                })
                .collect();
            common::order(json!({
                "ship_to": {"country": country},
                "total": total,
                "lines": lines,
                "tags": tags,
                "gift": gift,
                "payment_status": if pending { "pending" } else { "paid" },
                "carrier": "Hand-picked carrier",
                "owned_fields": owned,
            }))
        })
}

/// A ruleset that compiles, or `None` (random rules can shadow each other or contradict).
fn compiled(rs: &Ruleset) -> Option<CompiledRuleset> {
    rs.compile(&ValidationContext::offline()).ok()
}

/// The rules read directly, without compiling: the meaning the engine must implement.
fn holds(c: &Condition, o: &Order) -> bool {
    let eq = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    match c {
        Condition::Always => true,
        Condition::All(cs) => cs.iter().all(|c| holds(c, o)),
        Condition::Any(cs) => cs.iter().any(|c| holds(c, o)),
        Condition::Not(c) => !holds(c, o),
        Condition::ShipToCountry(TextTest::Equals(v)) => eq(&o.ship_to.country, v),
        Condition::ShipToCountry(TextTest::OneOf(vs)) => {
            vs.iter().any(|v| eq(&o.ship_to.country, v))
        }
        Condition::Total(NumberTest::Gt(v)) => o.total > *v,
        Condition::Total(NumberTest::Lte(v)) => o.total <= *v,
        Condition::AnyLine(l) => match l.as_ref() {
            LineCondition::Sku(TextTest::Equals(s)) => o.lines.iter().any(|x| eq(&x.sku, s)),
            other => unreachable!("not generated: {other:?}"),
        },
        Condition::Gift(FlagTest::Equals(b)) => o.gift == *b,
        Condition::Tags(ListTest::Contains(t)) => o.tags.iter().any(|x| eq(x, t)),
        Condition::PaymentStatus(ChoiceTest::Equals(p)) => o.payment_status == *p,
        other => unreachable!("not generated: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, max_global_rejects: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic_and_tracing_never_changes_the_decision(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let ctx = EvalContext::at(common::now());
        let (d1, t1) = c.evaluate(&o, &ctx, true);
        let (d2, t2) = c.evaluate(&o, &ctx, true);
        prop_assert_eq!(d1.record(), d2.record(), "same input, same decision");
        prop_assert_eq!(t1.unwrap().report(), t2.unwrap().report(), "same input, same trace");
        let (d3, none) = c.evaluate(&o, &ctx, false);
        prop_assert!(none.is_none());
        prop_assert_eq!(d1.record(), d3.record(), "trace on and off decide the same");
    }

    #[test]
    fn stages_run_in_order_and_every_rule_appears_once(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let (_, trace) = c.evaluate(&o, &EvalContext::at(common::now()), true);
        let trace = trace.unwrap().report();
        prop_assert_eq!(trace.rules.len(), rs.rules.len(), "every rule is in the trace");
        for pair in trace.rules.windows(2) {
            prop_assert!(
                (pair[0].stage, pair[0].priority) <= (pair[1].stage, pair[1].priority),
                "stages run holds → location → service → enhance, by priority within: {:?} then {:?}",
                (pair[0].stage, pair[0].priority), (pair[1].stage, pair[1].priority)
            );
        }
    }

    #[test]
    fn a_disabled_rule_never_fires(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let (d, trace) = c.evaluate(&o, &EvalContext::at(common::now()), true);
        let record = d.record();
        for r in rs.rules.iter().filter(|r| !r.enabled) {
            prop_assert!(!record.fired.iter().any(|f| f.rule_id == r.id), "disabled {} fired", r.name);
        }
        for rt in &trace.unwrap().report().rules {
            let enabled = rs.rules.iter().find(|r| r.id.as_str() == rt.rule_id).unwrap().enabled;
            prop_assert_eq!(rt.outcome == RuleOutcome::Disabled, !enabled);
        }
    }

    #[test]
    fn a_person_owned_field_is_never_overwritten(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let now = common::now();
        let d = c.decide(&o, &EvalContext::at(now));
        let r = d.record();
        let owns = |f| o.is_owned(f);
        prop_assert!(!owns(OwnedField::Location) || r.location.is_none());
        prop_assert!(!owns(OwnedField::Carrier) || r.carrier.is_none());
        prop_assert!(!owns(OwnedField::Service) || r.service.is_none());
        prop_assert!(!owns(OwnedField::Hold) || r.hold.is_none());
        prop_assert!(!owns(OwnedField::Tags) || r.tags.is_empty());
        prop_assert!(!owns(OwnedField::Options)
            || (r.signature.is_none() && r.insurance.is_none() && r.batch_group.is_none()));
        let mut after = o.clone();
        apply_decision(&mut after, &d, now);
        if owns(OwnedField::Location) { prop_assert_eq!(&after.location_id, &o.location_id); }
        if owns(OwnedField::Carrier) { prop_assert_eq!(&after.carrier, &o.carrier); }
        if owns(OwnedField::Service) { prop_assert_eq!(&after.service, &o.service); }
        if owns(OwnedField::Options) { prop_assert_eq!(&after.options, &o.options); }
        if owns(OwnedField::Tags) { prop_assert_eq!(&after.tags, &o.tags); }
        if owns(OwnedField::Hold) {
            prop_assert_eq!(&after.hold, &o.hold);
            prop_assert_eq!(after.status, o.status);
        }
    }

    #[test]
    fn stop_processing_stops_later_rules_of_its_own_stage_only(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let (_, trace) = c.evaluate(&o, &EvalContext::at(common::now()), true);
        let rules = trace.unwrap().report().rules;
        for stage in Stage::ALL {
            let in_stage: Vec<_> = rules.iter().filter(|r| r.stage == stage).collect();
            let stopper = in_stage.iter().position(|r| r.stopped_processing);
            for (i, r) in in_stage.iter().enumerate() {
                match stopper {
                    Some(s) if i > s => {
                        prop_assert!(
                            r.outcome == RuleOutcome::Skipped || r.outcome == RuleOutcome::Disabled,
                            "{} runs after {} stopped its stage", r.name, in_stage[s].name
                        );
                        if r.outcome == RuleOutcome::Skipped {
                            prop_assert_eq!(r.stopped_by.as_deref(), Some(in_stage[s].rule_id.as_str()));
                        }
                    }
                    _ => prop_assert!(r.outcome != RuleOutcome::Skipped,
                        "{} was skipped though nothing before it in {} stopped", r.name, stage),
                }
            }
        }
    }

    #[test]
    fn compiled_rules_match_exactly_when_their_conditions_read_directly_hold(rs in ruleset(), o in order()) {
        let Some(c) = compiled(&rs) else { return Err(TestCaseError::reject("invalid ruleset")) };
        let (_, trace) = c.evaluate(&o, &EvalContext::at(common::now()), true);
        for rt in trace.unwrap().report().rules {
            if matches!(rt.outcome, RuleOutcome::Matched | RuleOutcome::NotMatched) {
                let rule = rs.rules.iter().find(|r| r.id.as_str() == rt.rule_id).unwrap();
                prop_assert_eq!(rt.outcome == RuleOutcome::Matched, holds(&rule.when, &o),
                    "rule {} disagrees with its direct reading on {:?}", rule.name, rule.when);
            }
        }
    }
}

#[test]
fn most_random_rulesets_are_valid_so_the_properties_above_test_something() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut valid, mut stopping) = (0, 0);
    for _ in 0..300 {
        let rs = ruleset().new_tree(&mut runner).unwrap().current();
        let o = order().new_tree(&mut runner).unwrap().current();
        if let Some(c) = compiled(&rs) {
            valid += 1;
            let (_, t) = c.evaluate(&o, &EvalContext::at(common::now()), true);
            if t.unwrap()
                .report()
                .rules
                .iter()
                .any(|r| r.outcome == RuleOutcome::Skipped)
            {
                stopping += 1;
            }
        }
    }
    assert!(valid >= 150, "only {valid} of 300 random rulesets compile");
    assert!(
        stopping >= 20,
        "only {stopping} of 300 cases exercise stop_processing"
    );
}
