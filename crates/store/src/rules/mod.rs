//! Routing rules at rest: ruleset versions with their audit trail, each order's latest rules
//! run, and daily hit counts.

mod hits;
mod runs;
mod versions;

pub use hits::RuleHitDay;
pub use versions::{RuleAuditRow, SavedRuleset};
