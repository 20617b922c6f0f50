//! The rules engine: automation that holds, places, ships and enhances every order the moment
//! it arrives, and says why.
//!
//! A [`Ruleset`] is plain data (JSON in and out, edited in forms). [`Ruleset::from_json`] reads
//! it with path-precise messages, [`Ruleset::validate`] lists every [`Problem`], and
//! [`Ruleset::compile`] turns a valid ruleset into a [`CompiledRuleset`]. Evaluating that is a
//! pure, deterministic function — [`CompiledRuleset::evaluate`] — giving a [`Decision`] and,
//! when asked, a [`Trace`]; [`apply_decision`] turns the decision into changes and timeline
//! events. Because evaluation is pure, a draft ruleset can be replayed over stored orders (a dry
//! run) by evaluating and applying to copies.
//!
//! ```text
//! JSON ──from_json──▶ Ruleset ──compile(ctx)──▶ CompiledRuleset ──evaluate(order)──▶ Decision (+ Trace)
//!                        │                                                              │
//!                        └─validate(ctx)─▶ Vec<Problem>                 apply_decision ─▶ Order + events
//! ```
//!
//! How it stays fast (well over a million evaluations a second for 100 rules on one core, trace
//! off; `benches/rules.rs`, and `benches/peers` against zen-engine and JSONLogic): compilation
//! resolves everything it can (`program`). A discrimination index sets aside every rule whose
//! top-level requirements the order cannot meet — country, channel, service, region, amounts,
//! SKU and postal prefixes, email suffixes, order and product tags, "every line at most N" —
//! before any condition runs, looking at each order field once for all rules (`prefilter`,
//! `requirement`, with short texts packed into integers in `lookup`); the fast path then
//! evaluates only what the index did not decide. Costly conditions shared by several rules run
//! once per order (`memo`), groups evaluate their cheapest conditions first, text is compared
//! without allocating (`text`), and an action applies as a few slot stores. With the trace on,
//! every condition is evaluated and recorded, and the record borrows its words from the
//! compiled ruleset (`trace`). None of this changes a result: property tests compare the fast
//! path with the traced one (`fast_path_tests`, `tests/rules_properties.rs`).
//!
//! Decisions the engine makes for people, written down here:
//! - stages run `holds` → `location` → `service` → `enhance`; within a stage lower `priority`
//!   runs first (ties in list order) and, because later actions override earlier ones slot by
//!   slot, the rule that runs last has the final say unless an earlier one stops processing;
//! - text compares without regard to case or surrounding spaces, everywhere (see `condition`);
//! - "SKU is X" is a line condition (`any_line`), so it matches orders of several lines;
//! - a field a person owns is never set by a rule, and the trace says "kept: set by a person";
//! - a rule routing to a location that no longer exists holds the order `unroutable` with a
//!   note naming the rule and the location.

mod action;
mod analysis;
mod apply;
mod audit;
mod bitset;
mod compile;
mod condition;
mod decision;
mod describe;
mod eval;
mod facts;
#[cfg(test)]
mod fast_path_tests;
mod lookup;
mod memo;
mod model;
mod ops;
mod parse;
mod pattern;
mod prefilter;
mod problem;
mod program;
mod requirement;
mod run;
mod seen;
mod text;
mod trace;
mod validate;
mod varint;

pub use action::{
    Action, BatchGroupAction, HoldAction, Insurance, LocationAction, NoteAction, ServiceAction,
    TagAction,
};
pub use apply::{apply_decision, apply_record};
pub use audit::{RuleChange, RuleEdit, rule_edits};
pub use condition::{
    AddressCheck, ChoiceTest, Condition, DateTest, FlagTest, LineCondition, ListTest,
    MaybeFlagTest, NumberTest, Range, TextTest,
};
pub use decision::{Decided, DecidedAmount, DecidedHold, Decision, DecisionRecord, FiredRule};
pub use eval::EvalContext;
pub use model::{Rule, Ruleset, Stage};
pub use pattern::{Pattern, PatternError};
pub use problem::{Problem, ProblemCode, Severity};
pub use program::CompiledRuleset;
pub use run::{PackedRun, RulesRun, RunCause};
pub use trace::{
    ActionEffect, ActionRef, ActionTrace, ConditionTrace, RuleOutcome, RuleTrace, Trace,
    TraceReport, UnpackError,
};
pub use validate::{MAX_TAG_LEN, ValidationContext};
