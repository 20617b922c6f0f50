//! Waybill's rules engine measured against peers on the same ruleset and orders: GoRules
//! zen-engine (decision tables, compiled) and datalogic-rs (JSONLogic). The benchmark is
//! `benches/peers.rs`; this library translates the ruleset and the orders for the peers and
//! turns their answers into comparable outcomes. Benchmark support, not product code: a fixture
//! the translation does not cover, or a peer that fails, stops the run loudly (`expect`).

pub mod expr;
pub mod input;
pub mod jsonlogic;
pub mod outcome;
pub mod zen_graph;
