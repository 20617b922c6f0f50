//! What is wrong with a ruleset, said so a manager can fix it: which rule, where, and why.
//!
//! Problems are values, not errors: validation collects all of them in one pass so the form, the
//! CLI and an import show everything at once instead of one mistake per save.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The ruleset refers to something that no longer exists (a deleted location or channel). It
    /// still runs — orders such a rule would route are held `unroutable`, never dropped — but
    /// the rule needs fixing.
    Warning,
    /// The ruleset is wrong as written; it is never saved or run.
    Error,
}

/// A stable name for each kind of problem, for the UI to act on and tests to assert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The text is not JSON at all.
    InvalidJson,
    /// A key, condition field or action that does not exist.
    UnknownField,
    /// An operator that does not fit the field's type (`contains` on a number).
    OperatorNotAllowed,
    /// A value of the wrong type or shape for its field or operator.
    WrongType,
    /// A required key is missing.
    MissingField,
    /// An `all` / `any` group, a list of values or a rule's actions that is empty.
    EmptyCriteria,
    /// A blank or oversized value where text is needed (a tag, a carrier, a custom hold's note).
    InvalidValue,
    /// A pattern that cannot be read (`[a-` with no closing bracket).
    InvalidPattern,
    /// An action placed in a stage it does not belong to.
    ActionNotAllowedInStage,
    /// Conditions that contradict each other or the field's range: the rule can never fire.
    NeverMatches,
    /// An earlier rule of the stage stops processing whenever this one would match.
    Shadowed,
    /// Two rules share an id.
    DuplicateRuleId,
    /// An action names a location that does not exist.
    UnknownLocation,
    /// A location of the wrong kind: a partner in `assign_location`, or our own warehouse in
    /// `route_to_partner`.
    LocationKindMismatch,
    /// A condition names a channel that does not exist; it never matches.
    UnknownChannel,
}

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "invalid_json",
            ProblemCode::UnknownField => "unknown_field",
            ProblemCode::OperatorNotAllowed => "operator_not_allowed",
            ProblemCode::WrongType => "wrong_type",
            ProblemCode::MissingField => "missing_field",
            ProblemCode::EmptyCriteria => "empty_criteria",
            ProblemCode::InvalidValue => "invalid_value",
            ProblemCode::InvalidPattern => "invalid_pattern",
            ProblemCode::ActionNotAllowedInStage => "action_not_allowed_in_stage",
            ProblemCode::NeverMatches => "never_matches",
            ProblemCode::Shadowed => "shadowed",
            ProblemCode::DuplicateRuleId => "duplicate_rule_id",
            ProblemCode::UnknownLocation => "unknown_location",
            ProblemCode::LocationKindMismatch => "location_kind_mismatch",
            ProblemCode::UnknownChannel => "unknown_channel",
        }
    }

    /// Whether the problem stops the ruleset from being saved or run.
    pub fn severity(self) -> Severity {
        match self {
            ProblemCode::UnknownLocation
            | ProblemCode::LocationKindMismatch
            | ProblemCode::UnknownChannel => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a ruleset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    pub severity: Severity,
    pub code: ProblemCode,
    /// The rule's id as written, when the problem belongs to a rule (it may not parse as an id).
    pub rule_id: Option<String>,
    /// The rule's name as written, when known.
    pub rule_name: Option<String>,
    /// Where in the ruleset: `rules[3].when.all[1]`, `rules[0].then[2]`, `version`.
    pub path: String,
    /// What is wrong, in words, naming the rule.
    pub message: String,
}

impl Problem {
    pub fn new(code: ProblemCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: code.severity(),
            code,
            rule_id: None,
            rule_name: None,
            path: path.into(),
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{level} [{}] at {}: {}",
            self.code, self.path, self.message
        )
    }
}

/// How a rule is named in messages: `rule "Hold big orders"`, or `rule rules[3]` when it has no
/// name yet.
pub(crate) fn rule_label(index: usize, name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("rule \"{name}\""),
        None => format!("rule rules[{index}]"),
    }
}
