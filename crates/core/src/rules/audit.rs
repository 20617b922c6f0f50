//! What a save changed, rule by rule: the audit trail of who edited which rule.

use serde::{Deserialize, Serialize};

use crate::rules::model::{Rule, Ruleset};

/// What a save did to one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RuleChange {
    Added,
    Edited,
    Removed,
}

impl RuleChange {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleChange::Added => "added",
            RuleChange::Edited => "edited",
            RuleChange::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "added" => Some(RuleChange::Added),
            "edited" => Some(RuleChange::Edited),
            "removed" => Some(RuleChange::Removed),
            _ => None,
        }
    }
}

/// One rule that a save added, edited (any difference, including priority or enabled) or
/// removed, matched by rule id.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleEdit<'a> {
    pub change: RuleChange,
    pub before: Option<&'a Rule>,
    pub after: Option<&'a Rule>,
}

/// The rule edits from `before` to `after`: edits and additions in `after`'s order, then removals.
pub fn rule_edits<'a>(before: &'a Ruleset, after: &'a Ruleset) -> Vec<RuleEdit<'a>> {
    let mut edits = Vec::new();
    for rule in &after.rules {
        match before.rules.iter().find(|r| r.id == rule.id) {
            None => edits.push(RuleEdit {
                change: RuleChange::Added,
                before: None,
                after: Some(rule),
            }),
            Some(old) if old != rule => edits.push(RuleEdit {
                change: RuleChange::Edited,
                before: Some(old),
                after: Some(rule),
            }),
            Some(_) => {}
        }
    }
    for old in &before.rules {
        if !after.rules.iter().any(|r| r.id == old.id) {
            edits.push(RuleEdit {
                change: RuleChange::Removed,
                before: Some(old),
                after: None,
            });
        }
    }
    edits
}
