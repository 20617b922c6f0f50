//! One run of the rules on one order, as the order keeps it: the decision, the trace and the
//! ruleset version that made them, so anyone can see why the order is where it is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::decision::DecisionRecord;
use crate::rules::trace::TraceReport;

/// What made the rules run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RunCause {
    /// The order arrived from its channel.
    Imported,
    /// The channel changed the order (address, lines, payment).
    ChannelUpdate,
    /// A person asked for the rules to run again.
    Rerun,
    /// The order's hold was lifted (by a person or its timer): the later stages run again.
    Released,
}

impl RunCause {
    pub fn as_str(self) -> &'static str {
        match self {
            RunCause::Imported => "imported",
            RunCause::ChannelUpdate => "channel_update",
            RunCause::Rerun => "rerun",
            RunCause::Released => "released",
        }
    }
}

/// The latest run of the rules on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RulesRun {
    pub ruleset_version: u32,
    pub ran_at: DateTime<Utc>,
    pub cause: RunCause,
    pub decision: DecisionRecord,
    pub trace: Option<TraceReport>,
}

/// A run as the import stores it: decision and trace packed against the ruleset version that
/// ran ([`Decision::pack`](crate::rules::Decision::pack),
/// [`Trace::pack`](crate::rules::Trace::pack)), rendered into a [`RulesRun`] when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedRun {
    pub ruleset_version: u32,
    pub ran_at: DateTime<Utc>,
    pub cause: RunCause,
    pub decision: Vec<u8>,
    pub trace: Option<Vec<u8>>,
}
