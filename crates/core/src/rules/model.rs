//! A ruleset as people write it: plain serde data, stored, exported and edited in forms.
//!
//! Nothing here evaluates anything. A [`Ruleset`] is checked by [`Ruleset::validate`] and turned
//! into a fast, immutable form by [`Ruleset::compile`]; keeping the editable shape separate from
//! the evaluated one lets the form, the JSON file and the store all speak the same data while the
//! engine works on pre-resolved enums.
//!
//! [`Ruleset::validate`]: crate::rules::Ruleset::validate
//! [`Ruleset::compile`]: crate::rules::Ruleset::compile

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::RuleId;
use crate::rules::action::Action;
use crate::rules::condition::Condition;

/// Every rule of a workspace, versioned as a whole: an order's decision records the version
/// that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Ruleset {
    pub version: u32,
    pub rules: Vec<Rule>,
}

/// One rule: when the conditions hold, the actions apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: RuleId,
    pub name: String,
    pub stage: Stage,
    /// Run order inside the stage: lower runs first (1, 2, 3… like a numbered list); equal
    /// priorities run in list order. Because a later rule's action overrides an earlier one's,
    /// the rule that runs last has the final word unless an earlier one stops processing.
    pub priority: i32,
    pub enabled: bool,
    /// When this rule matches, the later rules of its stage are skipped (other stages still run).
    pub stop_processing: bool,
    pub when: Condition,
    pub then: Vec<Action>,
}

/// The four stages, in the order an operation thinks about an order. They always run in this
/// order; rules never jump between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Fraud, address, payment and manual-review holds.
    Holds,
    /// The ship-from location or fulfillment partner.
    Location,
    /// Carrier, service and package.
    Service,
    /// Insurance, signature, tags, notes and batch group.
    Enhance,
}

impl Stage {
    /// The fixed run order.
    pub const ALL: [Stage; 4] = [
        Stage::Holds,
        Stage::Location,
        Stage::Service,
        Stage::Enhance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Holds => "holds",
            Stage::Location => "location",
            Stage::Service => "service",
            Stage::Enhance => "enhance",
        }
    }

    /// Position in [`Stage::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
