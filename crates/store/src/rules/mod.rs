//! Routing rules at rest: ruleset versions with their audit trail, each order's latest rules
//! run, and daily hit counts.

mod hits;
mod reading;
mod runs;
mod versions;

pub use hits::RuleHitDay;
pub(crate) use reading::ReadingCache;
pub use versions::{RuleAuditRow, SavedRuleset};
