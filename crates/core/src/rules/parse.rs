//! Reading a ruleset from JSON with messages that name the rule and the exact place.
//!
//! Plain `serde_json::from_str` stops at the first mistake and reports a line and column. An
//! imported or hand-edited rules file deserves better: each rule is read on its own, so every
//! broken rule is reported at once, each with its name and a path such as
//! `rules[3].when.all[1].total`, in the words of the rule language rather than serde's.

use serde_json::Value;
use serde_path_to_error::Segment;

use crate::rules::model::{Rule, Ruleset};
use crate::rules::problem::{Problem, ProblemCode, rule_label};

/// Every condition field and line field: an unknown key right after one of these is an
/// operator that does not fit the field.
const FIELD_NAMES: &[&str] = &[
    "channel",
    "total",
    "currency",
    "line_count",
    "total_quantity",
    "total_weight_g",
    "ship_to_country",
    "ship_to_region",
    "ship_to_city",
    "ship_to_postal_code",
    "ship_to_residential",
    "address_check",
    "requested_service",
    "tags",
    "customer_name",
    "customer_email",
    "customer_notes",
    "internal_notes",
    "gift",
    "payment_status",
    "placed_at",
    "ship_by",
    "sku",
    "name",
    "product_tags",
    "quantity",
    "unit_price",
    "unit_weight_g",
    "weight_g",
];

/// Where a condition sits: an unknown key there is an unknown condition field.
const CONDITION_SLOTS: &[&str] = &[
    "when",
    "all",
    "any",
    "not",
    "any_line",
    "all_lines",
    "no_line",
];

impl Ruleset {
    /// Reads a ruleset from JSON, reporting every rule that cannot be read. The result still
    /// needs [`Ruleset::validate`] (or [`Ruleset::compile`]) before it may run.
    pub fn from_json(text: &str) -> Result<Ruleset, Vec<Problem>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![Problem::new(
                ProblemCode::InvalidJson,
                "",
                format!("the rules file is not valid JSON: {e}"),
            )]
        })?;
        Ruleset::from_value(&value)
    }

    /// Like [`Ruleset::from_json`], for JSON already parsed.
    pub fn from_value(value: &Value) -> Result<Ruleset, Vec<Problem>> {
        let mut problems = Vec::new();
        let Some(object) = value.as_object() else {
            return Err(vec![Problem::new(
                ProblemCode::WrongType,
                "",
                "a ruleset is an object: {\"version\": 1, \"rules\": [...]}",
            )]);
        };
        for key in object.keys() {
            if key != "version" && key != "rules" {
                problems.push(Problem::new(
                    ProblemCode::UnknownField,
                    key.clone(),
                    format!("unknown field `{key}` in the ruleset; expected `version` and `rules`"),
                ));
            }
        }
        let version = match object.get("version") {
            None => {
                problems.push(Problem::new(
                    ProblemCode::MissingField,
                    "version",
                    "the ruleset has no `version`",
                ));
                0
            }
            Some(v) => match v.as_u64().and_then(|v| u32::try_from(v).ok()) {
                Some(v) => v,
                None => {
                    problems.push(Problem::new(
                        ProblemCode::WrongType,
                        "version",
                        format!(
                            "`version` must be a whole number from 0 to {}, not {v}",
                            u32::MAX
                        ),
                    ));
                    0
                }
            },
        };
        let mut rules = Vec::new();
        match object.get("rules") {
            None => problems.push(Problem::new(
                ProblemCode::MissingField,
                "rules",
                "the ruleset has no `rules` list",
            )),
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    match serde_path_to_error::deserialize::<_, Rule>(item) {
                        Ok(rule) => rules.push(rule),
                        Err(e) => problems.push(rule_problem(index, item, &e)),
                    }
                }
            }
            Some(other) => problems.push(Problem::new(
                ProblemCode::WrongType,
                "rules",
                format!("`rules` must be a list of rules, not {}", kind_of(other)),
            )),
        }
        if problems.is_empty() {
            Ok(Ruleset { version, rules })
        } else {
            Err(problems)
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Turns serde's error for one rule into a problem in the rule language's words.
fn rule_problem(
    index: usize,
    item: &Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Problem {
    let name = item.get("name").and_then(Value::as_str);
    let id = item.get("id").and_then(Value::as_str);
    let mut path = format!("rules[{index}]");
    let segments: Vec<&Segment> = error.path().iter().collect();
    for segment in &segments {
        match segment {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                path.push('.');
                path.push_str(key);
            }
            Segment::Enum { variant } => {
                path.push('.');
                path.push_str(variant);
            }
            Segment::Unknown => path.push_str(".?"),
        }
    }
    let last_name = segments.iter().rev().find_map(|s| match s {
        Segment::Map { key } => Some(key.as_str()),
        Segment::Enum { variant } => Some(variant.as_str()),
        _ => None,
    });
    let in_actions = segments
        .iter()
        .rev()
        .find_map(|s| match s {
            Segment::Map { key } if key == "then" || key == "when" => Some(key == "then"),
            _ => None,
        })
        .unwrap_or(false);
    let raw = error.inner().to_string();
    let label = rule_label(index, name);
    let (code, what) = if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let (found, expected) = split_expected(rest);
        match last_name {
            Some(field) if FIELD_NAMES.contains(&field) && !in_actions => (
                ProblemCode::OperatorNotAllowed,
                format!("operator {found} does not fit the field `{field}`; it takes {expected}"),
            ),
            Some(slot) if CONDITION_SLOTS.contains(&slot) => (
                ProblemCode::UnknownField,
                format!("unknown condition field {found}; the fields are {expected}"),
            ),
            Some("then") => (
                ProblemCode::UnknownField,
                format!("unknown action {found}; the actions are {expected}"),
            ),
            Some(field) => (
                ProblemCode::InvalidValue,
                format!("{found} is not a valid `{field}`; expected {expected}"),
            ),
            None => (ProblemCode::InvalidValue, raw.clone()),
        }
    } else if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (found, expected) = split_expected(rest);
        (
            ProblemCode::UnknownField,
            format!("unknown field {found}; expected {expected}"),
        )
    } else if raw.starts_with("missing field ") {
        (ProblemCode::MissingField, raw.clone())
    } else if raw.contains("expected map with a single key") {
        (
            ProblemCode::WrongType,
            "a condition or action is an object with exactly one key (the field or action); \
             combine several conditions with {\"all\": [...]}"
                .to_owned(),
        )
    } else if raw.starts_with("invalid type") || raw.starts_with("invalid length") {
        (
            ProblemCode::WrongType,
            format!("wrong type: {}", raw.trim_start_matches("invalid type: ")),
        )
    } else {
        (ProblemCode::InvalidValue, raw.clone())
    };
    let mut problem = Problem::new(code, path.clone(), format!("{label} at {path}: {what}"));
    problem.rule_id = id.map(str::to_owned);
    problem.rule_name = name.map(str::to_owned);
    problem
}

/// `` `x`, expected one of `a`, `b` `` → (`` `x` ``, `` one of `a`, `b` ``).
fn split_expected(rest: &str) -> (&str, &str) {
    match rest.split_once(", expected ") {
        Some((found, expected)) => (found, expected),
        None => (rest, "something else"),
    }
}
