//! The rule types export to TypeScript: the rule editor, the trace view and the CLI's JSON all
//! read these shapes, and specta refuses some Rust shapes (i64 as BigInt, for one).
#![cfg(feature = "specta")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use specta::datatype::DataType;
use specta::{Format, FormatError, Types};
use specta_typescript::Typescript;
use waybill_core::rules::{DecisionRecord, Problem, Ruleset, TraceReport};

/// Exports the types as declared (the app's bindings apply serde's renames on top).
struct AsDeclared;

impl Format for AsDeclared {
    fn map_types(&'_ self, types: &Types) -> Result<Cow<'_, Types>, FormatError> {
        Ok(Cow::Owned(types.clone()))
    }
    fn map_type(&'_ self, _: &Types, dt: &DataType) -> Result<Cow<'_, DataType>, FormatError> {
        Ok(Cow::Owned(dt.clone()))
    }
}

#[test]
fn rule_types_export_to_typescript() {
    let types = Types::default()
        .register::<Ruleset>()
        .register::<DecisionRecord>()
        .register::<TraceReport>()
        .register::<Problem>();
    let ts = Typescript::default()
        .export(&types, AsDeclared)
        .unwrap_or_else(|e| panic!("the rule types must export to TypeScript: {e}"));
    assert!(
        !ts.contains("bigint"),
        "money and counts must be numbers, not bigint:\n{ts}"
    );
    for name in [
        "Ruleset",
        "Condition",
        "NumberTest",
        "DecisionRecord",
        "TraceReport",
        "Problem",
    ] {
        assert!(
            ts.contains(&format!("export type {name}")),
            "{name} is missing:\n{ts}"
        );
    }
}
