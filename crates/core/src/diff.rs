//! What changed between two versions of an order, field by field, in words people read.
//!
//! A dry run shows this for every order a draft ruleset would change, and "test on an order"
//! shows it for one; only the fields automation may set are compared.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::order::Order;

/// One field that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    /// `status`, `hold`, `location`, `carrier`, `service`, `package`, `signature`,
    /// `insurance`, `batch_group`, `tags`, `notes`.
    pub field: String,
    /// `None` when the field was empty.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields [`order_changes`] compares, in the order it lists them.
pub const FIELDS: [&str; 11] = [
    "status",
    "hold",
    "location",
    "carrier",
    "service",
    "package",
    "signature",
    "insurance",
    "batch_group",
    "tags",
    "notes",
];

/// Which of [`FIELDS`] differ, as a bit set (bit `i` is `FIELDS[i]`): what a dry run over many
/// orders counts, without writing any words.
pub fn changed_fields(before: &Order, after: &Order) -> u16 {
    fn hold(o: &Order) -> Option<(crate::hold::HoldReason, &str)> {
        o.hold.as_ref().map(|h| (h.reason, h.note.as_str()))
    }
    let same = [
        before.status == after.status,
        hold(before) == hold(after),
        before.location_id == after.location_id,
        before.carrier == after.carrier,
        before.service == after.service,
        before.options.package == after.options.package,
        before.options.signature == after.options.signature,
        before.options.insurance == after.options.insurance,
        before.options.batch_group == after.options.batch_group,
        before.tags == after.tags,
        before.internal_notes == after.internal_notes,
    ];
    same.iter()
        .enumerate()
        .filter(|(_, same)| !**same)
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

/// The fields automation may set that differ between `before` and `after`, in words, in the
/// order of [`FIELDS`].
pub fn order_changes(before: &Order, after: &Order) -> Vec<FieldChange> {
    let bits = changed_fields(before, after);
    FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, field)| FieldChange {
            field: (*field).to_owned(),
            before: words(field, before),
            after: words(field, after),
        })
        .collect()
}

/// One field of an order as people read it; `None` when empty.
fn words(field: &str, o: &Order) -> Option<String> {
    let list = |items: &[String]| (!items.is_empty()).then(|| items.join(", "));
    match field {
        "status" => Some(o.status.as_str().to_owned()),
        "hold" => o.hold.as_ref().map(|h| match h.note.trim() {
            "" => h.reason.as_str().to_owned(),
            note => format!("{}: {note}", h.reason.as_str()),
        }),
        "location" => o.location_id.as_ref().map(ToString::to_string),
        "carrier" => o.carrier.clone(),
        "service" => o.service.clone(),
        "package" => o.options.package.clone(),
        "signature" => o.options.signature.then(|| "required".to_owned()),
        "insurance" => o
            .options
            .insurance
            .map(|v| Money::new(v, o.currency.clone()).to_string()),
        "batch_group" => o.options.batch_group.clone(),
        "tags" => list(&o.tags),
        "notes" => list(&o.internal_notes),
        _ => None,
    }
}
