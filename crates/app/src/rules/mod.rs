//! Routing rules as use cases: the ruleset in force (versioned, audited), running it on orders
//! as they arrive and change, and trying drafts without touching anything.

mod editing;
mod live;
mod run;
mod trial;
mod views;

pub(crate) use live::LiveRules;
pub use live::LiveSlot;
pub use run::RULE_STATUSES;
pub(crate) use run::{PassOutput, RulesPass, rerun};
pub use views::{
    DryRunReport, DryRunScope, FieldCount, HeldGroup, HeldOverview, OrderDiff, RuleAuditEntry,
    RuleHits, RuleTest, RulesetView,
};
