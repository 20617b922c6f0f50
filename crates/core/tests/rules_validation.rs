//! Validation: each kind of problem in a ruleset is reported with what is wrong and where.

// Test code: helpers outside `#[test]` functions may unwrap and panic too (clippy.toml's
// allowances cover only the test functions themselves).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "rules/common.rs"]
mod common;

use common::*;
use serde_json::{Value, json};
use waybill_core::rules::{Problem, ProblemCode, Ruleset, Severity, ValidationContext};

fn parse_problems(value: Value) -> Vec<Problem> {
    Ruleset::from_value(&value).expect_err("this ruleset must not parse")
}

fn validate(rules: Vec<Value>) -> Vec<Problem> {
    ruleset(json!({"version": 1, "rules": rules})).validate(&workspace())
}

fn only(problems: &[Problem], code: ProblemCode) -> &Problem {
    let matching: Vec<&Problem> = problems.iter().filter(|p| p.code == code).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected exactly one {code} problem in {problems:#?}"
    );
    matching[0]
}

fn assert_says(p: &Problem, path: &str, words: &[&str]) {
    assert_eq!(p.path, path, "problem path: {p:#?}");
    assert!(
        p.message.contains(path),
        "the message must say where ({path}): {}",
        p.message
    );
    for w in words {
        assert!(
            p.message.contains(w),
            "the message must mention {w:?}: {}",
            p.message
        );
    }
}

#[test]
fn text_that_is_not_json_is_refused_with_line_and_column() {
    let problems = Ruleset::from_json("{\"version\": 1, \"rules\": [}").unwrap_err();
    assert_eq!(problems[0].code, ProblemCode::InvalidJson);
    assert!(
        problems[0].message.contains("line 1"),
        "{}",
        problems[0].message
    );
}

#[test]
fn an_unknown_key_in_a_rule_names_the_rule_and_the_key() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "Fraud check", "colour": "red",
            "then": [{"hold": {"reason": "fraud_risk"}}]}))
    ]}));
    let p = only(&problems, ProblemCode::UnknownField);
    assert_says(
        p,
        "rules[0].colour",
        &[
            "rule \"Fraud check\"",
            "unknown field `colour`",
            "`stop_processing`",
        ],
    );
    assert_eq!(p.rule_name.as_deref(), Some("Fraud check"));
    assert_eq!(p.rule_id.as_deref(), Some(rule_id(1).as_str()));
}

#[test]
fn an_unknown_condition_field_is_named_with_its_path() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "Red orders",
            "when": {"all": [{"gift": {"equals": true}}, {"colour": {"equals": "red"}}]},
            "then": [{"hold": {"reason": "manual_review"}}]}))
    ]}));
    let p = only(&problems, ProblemCode::UnknownField);
    assert_says(
        p,
        "rules[0].when.all[1]",
        &[
            "rule \"Red orders\"",
            "unknown condition field `colour`",
            "`ship_to_country`",
        ],
    );
}

#[test]
fn an_unknown_top_level_key_is_refused() {
    let problems = parse_problems(json!({"version": 1, "rules": [], "author": "me"}));
    assert_eq!(only(&problems, ProblemCode::UnknownField).path, "author");
}

#[test]
fn an_operator_that_does_not_fit_the_field_says_which_operators_do() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "Big", "when": {"total": {"contains": "100"}},
            "then": [{"hold": {"reason": "fraud_risk"}}]}))
    ]}));
    let p = only(&problems, ProblemCode::OperatorNotAllowed);
    assert_says(
        p,
        "rules[0].when.total",
        &[
            "operator `contains` does not fit the field `total`",
            "`gte`",
            "`between`",
        ],
    );
}

#[test]
fn a_value_of_the_wrong_type_is_refused_at_its_operator() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "Big", "when": {"all": [{"total": {"gt": "lots"}}]},
            "then": [{"hold": {"reason": "fraud_risk"}}]}))
    ]}));
    let p = only(&problems, ProblemCode::WrongType);
    assert_says(
        p,
        "rules[0].when.all[0].total.gt",
        &["rule \"Big\"", "string \"lots\""],
    );
}

#[test]
fn an_unknown_action_or_hold_reason_is_named() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "A", "then": [{"teleport": {}}]})),
        rule(2, "holds", json!({"name": "B", "then": [{"hold": {"reason": "suspicious"}}]})),
    ]}));
    assert_eq!(
        problems.len(),
        2,
        "both broken rules are reported at once: {problems:#?}"
    );
    assert_says(
        &problems[0],
        "rules[0].then[0]",
        &["unknown action `teleport`", "`hold`"],
    );
    assert_eq!(problems[0].code, ProblemCode::UnknownField);
    assert_says(
        &problems[1],
        "rules[1].then[0].hold.reason",
        &["`suspicious` is not a valid `reason`", "`fraud_risk`"],
    );
    assert_eq!(problems[1].code, ProblemCode::InvalidValue);
}

#[test]
fn a_missing_key_is_named() {
    let mut r = rule(1, "holds", json!({"name": "No stage"}));
    r.as_object_mut().unwrap().remove("stage");
    let problems = parse_problems(json!({"version": 1, "rules": [r]}));
    let p = only(&problems, ProblemCode::MissingField);
    assert!(p.message.contains("missing field `stage`"), "{}", p.message);
    assert!(p.message.contains("rule \"No stage\""), "{}", p.message);
}

#[test]
fn a_condition_with_two_keys_explains_how_to_combine_conditions() {
    let problems = parse_problems(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"name": "Two", "when": {"gift": {"equals": true}, "total": {"gt": 1}},
            "then": [{"hold": {"reason": "manual_review"}}]}))
    ]}));
    let p = only(&problems, ProblemCode::WrongType);
    assert!(p.message.contains("{\"all\": [...]}"), "{}", p.message);
}

#[test]
fn an_empty_group_an_empty_list_and_a_rule_without_actions_are_empty_criteria() {
    let problems = validate(vec![
        rule(
            1,
            "holds",
            json!({"name": "Empty group", "when": {"all": []},
            "then": [{"hold": {"reason": "manual_review"}}]}),
        ),
        rule(
            2,
            "holds",
            json!({"name": "Empty list", "when": {"ship_to_country": {"one_of": []}},
            "then": [{"hold": {"reason": "manual_review"}}]}),
        ),
        rule(
            3,
            "holds",
            json!({"name": "Does nothing", "when": {"gift": {"equals": true}}}),
        ),
    ]);
    let empty: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code == ProblemCode::EmptyCriteria)
        .collect();
    assert_eq!(empty.len(), 3, "{problems:#?}");
    assert_says(
        empty[0],
        "rules[0].when",
        &["rule \"Empty group\"", "`all` group is empty", "\"always\""],
    );
    assert_says(
        empty[1],
        "rules[1].when",
        &["`one_of` on ship-to country has an empty list"],
    );
    assert_says(
        empty[2],
        "rules[2].then",
        &["rule \"Does nothing\"", "has no actions"],
    );
    assert!(empty.iter().all(|p| p.severity == Severity::Error));
}

#[test]
fn a_blank_value_suggests_is_blank() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Blank",
        "when": {"any_line": {"sku": {"equals": "  "}}},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::InvalidValue);
    assert_says(
        p,
        "rules[0].when.any_line",
        &["`equals` on SKU has a blank value", "`is_blank`"],
    );
}

#[test]
fn an_unreadable_pattern_says_why() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Postcodes",
        "when": {"ship_to_postal_code": {"matches": "[0-4*"}},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::InvalidPattern);
    assert_says(p, "rules[0].when", &["\"[0-4*\"", "never closed"]);
}

#[test]
fn an_action_in_the_wrong_stage_names_the_right_stage() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Mixed",
        "then": [{"hold": {"reason": "manual_review"}},
                 {"set_service": {"carrier": "UPS", "service": "Ground"}}]}),
    )]);
    let p = only(&problems, ProblemCode::ActionNotAllowedInStage);
    assert_says(
        p,
        "rules[0].then[1]",
        &[
            "rule \"Mixed\"",
            "`set_service` belongs to the `service` stage",
            "`holds` stage",
        ],
    );
}

#[test]
fn between_with_min_above_max_never_matches() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Backwards",
        "when": {"all": [{"gift": {"equals": false}}, {"total": {"between": {"min": 500, "max": 100}}}]},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::NeverMatches);
    assert_says(
        p,
        "rules[0].when.all[1]",
        &["never matches", "order total is between 5.00 and 1.00"],
    );
}

#[test]
fn two_different_values_for_one_field_in_an_all_group_never_match() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "US and CA",
        "when": {"all": [{"ship_to_country": {"equals": "US"}}, {"ship_to_country": {"equals": "CA"}}]},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::NeverMatches);
    assert_says(
        p,
        "rules[0].when",
        &[
            "ship-to country",
            "ship-to country is \"US\"",
            "ship-to country is \"CA\"",
        ],
    );
}

#[test]
fn case_only_differences_are_not_a_contradiction() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "us and US",
        "when": {"all": [{"ship_to_country": {"equals": "us"}}, {"ship_to_country": {"one_of": ["US", "CA"]}}]},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_negative_total_never_matches() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Refunds",
        "when": {"total": {"lt": 0}},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::NeverMatches);
    assert_says(p, "rules[0].when", &["order total < 0", "never negative"]);
}

#[test]
fn disjoint_ranges_in_a_line_condition_never_match() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Odd lines",
        "when": {"any_line": {"all": [{"quantity": {"gt": 10}}, {"quantity": {"lt": 5}}]}},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::NeverMatches);
    assert_says(
        p,
        "rules[0].when.any_line",
        &["no line can match", "quantity > 10", "quantity < 5"],
    );
}

#[test]
fn a_rule_after_an_always_matching_stopper_is_shadowed() {
    let problems = validate(vec![
        rule(
            1,
            "service",
            json!({"name": "Everything by UPS", "stop_processing": true,
            "then": [{"set_service": {"carrier": "UPS", "service": "Ground"}}]}),
        ),
        rule(
            2,
            "service",
            json!({"name": "Heavy by freight", "when": {"total_weight_g": {"gt": 30000}},
            "then": [{"set_service": {"carrier": "FedEx", "service": "Freight"}}]}),
        ),
    ]);
    let p = only(&problems, ProblemCode::Shadowed);
    assert_says(
        p,
        "rules[1]",
        &[
            "rule \"Heavy by freight\"",
            "never runs",
            "rule \"Everything by UPS\"",
            "matches every order",
        ],
    );
}

#[test]
fn a_rule_whose_conditions_include_a_stoppers_conditions_is_shadowed() {
    let problems = validate(vec![
        rule(
            1,
            "location",
            json!({"name": "Canada from WH2", "stop_processing": true,
            "when": {"ship_to_country": {"one_of": ["CA", "MX"]}},
            "then": [{"assign_location": {"location_id": WH2}}]}),
        ),
        rule(
            2,
            "location",
            json!({"name": "Big Canadian orders", "when": {"all": [
                {"ship_to_country": {"equals": "ca"}}, {"total": {"gte": 50000}}]},
            "then": [{"route_to_partner": {"location_id": TPL}}]}),
        ),
        rule(
            3,
            "location",
            json!({"name": "Heavy anywhere", "when": {"total_weight_g": {"gt": 1}},
            "then": [{"route_to_partner": {"location_id": TPL}}]}),
        ),
    ]);
    let p = only(&problems, ProblemCode::Shadowed);
    assert_says(
        p,
        "rules[1]",
        &[
            "rule \"Big Canadian orders\"",
            "matches every order this rule would match",
        ],
    );
}

#[test]
fn a_disabled_stopper_shadows_nothing_and_priority_decides_what_is_earlier() {
    let problems = validate(vec![
        rule(
            5,
            "service",
            json!({"name": "Late stopper", "stop_processing": true,
            "then": [{"set_service": {"carrier": "UPS", "service": "Ground"}}]}),
        ),
        rule(
            1,
            "service",
            json!({"name": "Runs first", "when": {"gift": {"equals": true}},
            "then": [{"set_service": {"carrier": "USPS", "service": "Priority"}}]}),
        ),
        rule(
            2,
            "service",
            json!({"name": "Disabled stopper", "enabled": false, "stop_processing": true,
            "then": [{"set_service": {"carrier": "DHL", "service": "Express"}}]}),
        ),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn duplicate_rule_ids_are_refused() {
    let mut second = rule(
        2,
        "enhance",
        json!({"name": "Copy", "then": [{"add_tag": {"tag": "x"}}]}),
    );
    second["id"] = json!(rule_id(1));
    let problems = validate(vec![
        rule(
            1,
            "enhance",
            json!({"name": "Original", "then": [{"add_tag": {"tag": "x"}}]}),
        ),
        second,
    ]);
    let p = only(&problems, ProblemCode::DuplicateRuleId);
    assert_says(p, "rules[1].id", &["rule \"Copy\"", "rule \"Original\""]);
}

#[test]
fn a_deleted_location_is_a_warning_that_still_compiles() {
    let rs = ruleset(json!({"version": 1, "rules": [
        rule(1, "location", json!({"name": "Old warehouse",
            "then": [{"assign_location": {"location_id": GONE}}]}))
    ]}));
    let problems = rs.validate(&workspace());
    let p = only(&problems, ProblemCode::UnknownLocation);
    assert_eq!(p.severity, Severity::Warning);
    assert_says(
        p,
        "rules[0].then[0]",
        &["rule \"Old warehouse\"", GONE, "unroutable"],
    );
    let compiled = rs
        .compile(&workspace())
        .expect("warnings do not stop a ruleset");
    assert_eq!(compiled.warnings().len(), 1);
}

#[test]
fn a_location_of_the_wrong_kind_is_a_warning() {
    let problems = validate(vec![
        rule(
            1,
            "location",
            json!({"name": "3PL as own", "then": [{"assign_location": {"location_id": TPL}}]}),
        ),
        rule(
            2,
            "location",
            json!({"name": "Own as partner", "then": [{"route_to_partner": {"location_id": WH1}}]}),
        ),
    ]);
    let kinds: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.code == ProblemCode::LocationKindMismatch)
        .collect();
    assert_eq!(kinds.len(), 2, "{problems:#?}");
    assert_says(
        kinds[0],
        "rules[0].then[0]",
        &["third_party_logistics", "use `route_to_partner`"],
    );
    assert_says(
        kinds[1],
        "rules[1].then[0]",
        &["warehouse", "use `assign_location`"],
    );
}

#[test]
fn a_deleted_channel_is_a_warning() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Old shop",
        "when": {"channel": {"equals": "chn_0000000000000000000000XXX9"}},
        "then": [{"hold": {"reason": "manual_review"}}]}),
    )]);
    let p = only(&problems, ProblemCode::UnknownChannel);
    assert_eq!(p.severity, Severity::Warning);
    assert_says(
        p,
        "rules[0].when",
        &["chn_0000000000000000000000XXX9", "does not exist"],
    );
}

#[test]
fn offline_validation_does_not_check_locations_or_channels() {
    let rs = ruleset(json!({"version": 1, "rules": [
        rule(1, "location", json!({"then": [{"assign_location": {"location_id": GONE}}]}))
    ]}));
    assert!(rs.validate(&ValidationContext::offline()).is_empty());
}

#[test]
fn blank_and_nonsensical_action_values_are_refused() {
    let problems = validate(vec![
        rule(
            1,
            "holds",
            json!({"name": "Custom", "then": [{"hold": {"reason": "custom", "release_after_minutes": 0}}]}),
        ),
        rule(
            2,
            "enhance",
            json!({"name": "Extras", "then": [
            {"add_tag": {"tag": " "}}, {"add_insurance": {"amount": 0}}, {"add_note": {"note": ""}},
            {"set_batch_group": {"group": ""}}]}),
        ),
        rule(
            3,
            "service",
            json!({"name": "No service", "then": [{"set_service": {"carrier": "UPS", "service": ""}}]}),
        ),
        rule(
            4,
            "enhance",
            json!({"name": " ", "then": [{"add_note": {"note": "x"}}]}),
        ),
    ]);
    let invalid: Vec<&str> = problems
        .iter()
        .filter(|p| p.code == ProblemCode::InvalidValue)
        .map(|p| p.message.as_str())
        .collect();
    for words in [
        "a `custom` hold needs a note",
        "`release_after_minutes` must be at least 1",
        "the tag is blank",
        "insurance of 0 is not a positive amount",
        "the note is blank",
        "the batch group is blank",
        "needs both a carrier and a service",
        "has no name",
    ] {
        assert!(
            invalid.iter().any(|m| m.contains(words)),
            "missing {words:?} in {invalid:#?}"
        );
    }
}

#[test]
fn compile_refuses_a_ruleset_with_errors_and_returns_every_problem() {
    let rs = ruleset(json!({"version": 1, "rules": [
        rule(1, "holds", json!({"when": {"any": []}, "then": [{"hold": {"reason": "fraud_risk"}}]})),
        rule(2, "location", json!({"then": [{"assign_location": {"location_id": GONE}}]})),
    ]}));
    let problems = rs
        .compile(&workspace())
        .expect_err("errors stop compilation");
    assert_eq!(
        problems.len(),
        2,
        "errors and warnings together: {problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.code == ProblemCode::EmptyCriteria)
    );
    assert!(
        problems
            .iter()
            .any(|p| p.code == ProblemCode::UnknownLocation)
    );
}

#[test]
fn problems_serialise_with_stable_codes() {
    let problems = validate(vec![rule(
        1,
        "holds",
        json!({"name": "Empty", "when": {"all": []},
        "then": [{"hold": {"reason": "fraud_risk"}}]}),
    )]);
    let v = serde_json::to_value(&problems[0]).unwrap();
    assert_eq!(v["code"], "empty_criteria");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["path"], "rules[0].when");
}

#[test]
fn a_location_strategy_names_each_bad_part_where_it_is() {
    let problems = validate(vec![
        rule(
            1,
            "location",
            json!({"then": [{"choose_location": {
            "strategy": "ranked", "locations": [WH1, GONE, WH1]}}]}),
        ),
        rule(
            2,
            "location",
            json!({"then": [{"choose_location": {
            "strategy": "split_by_availability", "min_shipment_value": -5,
            "keep_together_tags": ["kit", " "]}}]}),
        ),
        rule(
            3,
            "location",
            json!({"then": [{"choose_location": {
            "strategy": "ranked", "locations": []}}]}),
        ),
    ]);
    let at = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path)
            .unwrap_or_else(|| panic!("no problem at {path}: {problems:#?}"))
    };
    let gone = at("rules[0].then[0].choose_location.locations[1]");
    assert_eq!(gone.code, ProblemCode::UnknownLocation);
    assert_eq!(
        gone.severity,
        Severity::Warning,
        "a deleted location is skipped, not fatal"
    );
    assert_says(gone, &gone.path, &[GONE, "skipped"]);
    let twice = at("rules[0].then[0].choose_location.locations[2]");
    assert_says(twice, &twice.path, &[WH1, "twice"]);
    let min = at("rules[1].then[0].choose_location.min_shipment_value");
    assert_eq!(min.severity, Severity::Error);
    assert_says(min, &min.path, &["-5", "negative"]);
    at("rules[1].then[0].choose_location.keep_together_tags[1]");
    let empty = at("rules[2].then[0].choose_location.locations");
    assert_says(empty, &empty.path, &["at least one location"]);
}

#[test]
fn a_location_strategy_is_a_location_stage_action_with_known_strategies_only() {
    let problems = validate(vec![rule(
        1,
        "service",
        json!({"then": [
        {"choose_location": {"strategy": "nearest_in_stock"}}]}),
    )]);
    assert!(
        problems
            .iter()
            .any(|p| p.path == "rules[0].then[0]" && p.message.contains("location")),
        "{problems:#?}"
    );
    let problems = parse_problems(json!({"version": 1, "rules": [rule(1, "location", json!({
        "then": [{"choose_location": {"strategy": "closest"}}]}))]}));
    assert!(
        problems[0].message.contains("closest"),
        "the unknown strategy is named: {problems:#?}"
    );
    let problems = parse_problems(json!({"version": 1, "rules": [rule(1, "location", json!({
        "then": [{"choose_location": {"strategy": "nearest_in_stock", "radius_km": 50}}]}))]}));
    assert!(
        problems[0].message.contains("radius_km"),
        "a key the strategy does not have is refused, not ignored: {problems:#?}"
    );
}
