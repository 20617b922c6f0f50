//! What the rules use cases hand back to front ends.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::diff::FieldChange;
use waybill_core::rules::{DecisionRecord, Problem, Rule, RuleChange, Ruleset, TraceReport};
use waybill_core::{Actor, HoldReason, OrderId, OrderStatus};

/// The ruleset in force, ready for the editor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RulesetView {
    /// Version 0 with no rules until the first save.
    pub ruleset: Ruleset,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<Actor>,
    /// Warnings about the ruleset in force (a rule naming a deleted location…); errors are
    /// never saved.
    pub problems: Vec<Problem>,
    /// How often each rule matched lately; a rule missing here never matched.
    pub hits: Vec<RuleHits>,
}

/// How often a rule matched an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleHits {
    pub rule_id: String,
    pub last_7_days: u32,
    pub last_30_days: u32,
}

/// One audited rule edit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleAuditEntry {
    /// The ruleset version the edit was saved in.
    pub version: u32,
    pub rule_id: String,
    pub rule_name: String,
    pub change: RuleChange,
    pub before: Option<Rule>,
    pub after: Option<Rule>,
    pub at: DateTime<Utc>,
    pub actor: Actor,
}

/// A ruleset (draft or in force) tried on one order: nothing is saved.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleTest {
    pub order_id: OrderId,
    pub number: String,
    pub decision: DecisionRecord,
    pub trace: TraceReport,
    /// What re-running these rules would change on the order.
    pub changes: Vec<FieldChange>,
    /// Warnings about the ruleset tried.
    pub problems: Vec<Problem>,
}

/// Which stored orders a dry run replays.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DryRunScope {
    /// Only orders in this status; by default every status the rules act on (awaiting payment,
    /// on hold, ready).
    pub status: Option<OrderStatus>,
    /// The most recent this many orders (default 1 000, at most 200 000).
    pub limit: Option<u32>,
}

/// What saving a draft ruleset and re-running it would change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DryRunReport {
    pub evaluated: u32,
    pub changed: u32,
    /// How many orders each field would change on (`hold`: 12, `carrier`: 40…).
    pub by_field: Vec<FieldCount>,
    /// The changed orders, newest first (at most [`DryRunReport::LISTED`]).
    pub orders: Vec<OrderDiff>,
    pub elapsed_ms: u32,
    pub problems: Vec<Problem>,
}

impl DryRunReport {
    /// Changed orders listed in full; the counts cover all of them.
    pub const LISTED: usize = 500;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldCount {
    pub field: String,
    pub orders: u32,
}

/// One order a dry run would change, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderDiff {
    pub order_id: OrderId,
    pub number: String,
    pub status: OrderStatus,
    pub changes: Vec<FieldChange>,
    /// The rules whose actions make the changes.
    pub rules: Vec<String>,
}

/// The held-orders view's summary: held orders by reason and urgency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldOverview {
    pub total: u32,
    pub overdue: u32,
    pub due_today: u32,
    pub groups: Vec<HeldGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldGroup {
    pub reason: HoldReason,
    pub count: u32,
    /// Past their ship-by date.
    pub overdue: u32,
    /// Ship-by within 24 hours.
    pub due_today: u32,
    pub oldest_held_at: Option<DateTime<Utc>>,
}
