//! The compiled form of a ruleset: what evaluation walks.
//!
//! Fields and operators are resolved to small enums, rule values are folded and patterns parsed,
//! numeric tests become inclusive ranges, and rules are sorted by stage then priority. Every
//! string a trace shows (rule names, condition paths and descriptions) is prepared here once and
//! shared as `Arc<str>`, so tracing copies pointers, not text.

use std::sync::Arc;

use crate::hold::HoldReason;
use crate::ids::{ChannelId, LocationId, RuleId};
use crate::order::PaymentStatus;
use crate::routing::Strategy;
use crate::rules::action::Insurance;
use crate::rules::condition::AddressCheck;
use crate::rules::model::Stage;
use crate::rules::pattern::Pattern;
use crate::rules::prefilter::Prefilter;
use crate::rules::problem::Problem;
use crate::rules::text::Folded;

/// A validated ruleset, ready to evaluate. Immutable and cheap to share between threads.
///
/// It is a snapshot of the rules *and* of the locations it was compiled against: an action that
/// names a location missing at compile time holds its orders as `unroutable`. Compile again
/// when the ruleset or the workspace's locations change.
#[derive(Debug)]
pub struct CompiledRuleset {
    pub(crate) version: u32,
    /// Sorted by stage, then priority, then list position.
    pub(crate) rules: Box<[CRule]>,
    /// `rules[start..end]` of each stage, in [`Stage::ALL`] order.
    pub(crate) stages: [(usize, usize); 4],
    pub(crate) warnings: Vec<Problem>,
    /// Sets aside rules that cannot match before evaluating them (trace off only).
    pub(crate) prefilter: Prefilter,
    /// Conditions and actions over all rules: what a trace reserves room for.
    pub(crate) sizes: (usize, usize),
}

impl CompiledRuleset {
    /// The ruleset version this was compiled from.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Problems that do not stop the ruleset from running (deleted locations or channels).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Number of rules, enabled or not.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct CRule {
    pub id: RuleId,
    pub id_text: Arc<str>,
    pub name: Arc<str>,
    pub stage: Stage,
    pub priority: i32,
    pub enabled: bool,
    pub stop: bool,
    pub when: Node,
    /// `when` without the conjuncts the prefilter decides: what the fast path evaluates for a
    /// rule the prefilter let through.
    pub fast: Node,
    /// Path and description of each condition node, indexed by `Node::meta`.
    pub metas: Box<[NodeMeta]>,
    pub actions: Box<[CAction]>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct NodeMeta {
    /// `when.all[1]`
    pub path: Arc<str>,
    /// `ship-to country is one of "US", "CA"`
    pub test: Arc<str>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Node {
    pub meta: u32,
    /// The memo slot of a costly leaf shared by several rules, or [`NO_MEMO`].
    pub memo: u16,
    /// Where the trace keeps the words for what this leaf looked at when they depend only on
    /// the order (its field), or [`NO_SEEN`]; worked out once here, not per traced condition.
    pub seen: u8,
    pub kind: NodeKind,
}

pub(crate) const NO_MEMO: u16 = u16::MAX;
pub(crate) const NO_SEEN: u8 = u8::MAX;

#[derive(Debug, PartialEq)]
pub(crate) enum NodeKind {
    Always,
    All(Box<[Node]>),
    Any(Box<[Node]>),
    Not(Box<Node>),
    Lines(Quantifier, Box<LineNode>),
    Text(TextField, TextOp),
    Number(NumberField, NumberOp),
    Flag(FlagField, FlagOp),
    Channel(ChoiceOp<ChannelId>),
    Payment(ChoiceOp<PaymentStatus>),
    Address(ChoiceOp<AddressCheck>),
    Tags(ListOp),
    Date(DateField, DateOp),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantifier {
    Any,
    All,
    None,
}

#[derive(Debug, PartialEq)]
pub(crate) enum LineNode {
    All(Box<[LineNode]>),
    Any(Box<[LineNode]>),
    Not(Box<LineNode>),
    Text(LineTextField, TextOp),
    Number(LineNumberField, NumberOp),
    Tags(ListOp),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextField {
    Currency,
    Country,
    Region,
    City,
    PostalCode,
    RequestedService,
    CustomerName,
    CustomerEmail,
    CustomerNotes,
    InternalNotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberField {
    Total,
    LineCount,
    TotalQuantity,
    TotalWeightG,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlagField {
    Gift,
    Residential,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DateField {
    PlacedAt,
    ShipBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineTextField {
    Sku,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineNumberField {
    Quantity,
    UnitPrice,
    UnitWeightG,
    WeightG,
}

/// A text test; `negate` turns `equals` into `not_equals`, `is_blank(true)` into
/// `is_blank(false)` and so on.
#[derive(Debug, PartialEq)]
pub(crate) struct TextOp {
    pub kind: TextOpKind,
    pub negate: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) enum TextOpKind {
    Equals(Folded),
    OneOf(Box<[Folded]>),
    Contains(Folded),
    StartsWith(Folded),
    EndsWith(Folded),
    Matches(Pattern),
    IsBlank,
}

/// Every numeric test as an inclusive range, possibly negated (`not_equals`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumberOp {
    pub lo: i64,
    pub hi: i64,
    pub negate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FlagOp {
    Equals(bool),
    IsUnknown(bool),
}

#[derive(Debug, PartialEq)]
pub(crate) struct ChoiceOp<T> {
    pub values: Box<[T]>,
    pub negate: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) struct ListOp {
    pub kind: ListOpKind,
    pub negate: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) enum ListOpKind {
    Contains(Folded),
    ContainsAny(Box<[Folded]>),
    ContainsAll(Box<[Folded]>),
    AnyMatches(Pattern),
    IsBlank,
}

/// Instants as Unix milliseconds; windows relative to the evaluation's `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DateOp {
    Before(i64),
    After(i64),
    /// `now + from <= t <= now + to` (either end open when `None`); `strict_to` makes the
    /// upper end exclusive.
    Window {
        from: Option<i64>,
        to: Option<i64>,
        strict_to: bool,
    },
    IsBlank(bool),
}

#[derive(Debug, PartialEq)]
pub(crate) struct CAction {
    /// `set service UPS / Ground`
    pub desc: Arc<str>,
    /// Position among every action of the ruleset (indexes the decision's accumulated set).
    pub global: u32,
    /// The slots the action fills, one bit per `Slot::index` (carrier and service for a
    /// service), so applying it for an order nobody edited is a few stores.
    pub slots: u8,
    /// Whether it adds to the accumulated tags and notes instead.
    pub accumulates: bool,
    pub kind: ActionKind,
}

#[derive(Debug, PartialEq)]
pub(crate) enum ActionKind {
    Hold {
        reason: HoldReason,
        note: Arc<str>,
        release_after_minutes: Option<u32>,
    },
    Location {
        id: LocationId,
        /// Set when the location does not exist: the note of the `unroutable` hold.
        missing: Option<Arc<str>>,
    },
    /// A location strategy the routing transaction runs against stock.
    Strategy(Arc<Strategy>),
    Service {
        carrier: Arc<str>,
        service: Arc<str>,
        package: Option<Arc<str>>,
    },
    Signature,
    Insurance(Insurance),
    Tag(Arc<str>),
    Note(Arc<str>),
    BatchGroup(Arc<str>),
}
