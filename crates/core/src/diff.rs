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

/// The fields automation may set that differ between `before` and `after`, in a fixed order.
pub fn order_changes(before: &Order, after: &Order) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut field = |name: &str, b: Option<String>, a: Option<String>| {
        if b != a {
            changes.push(FieldChange {
                field: name.to_owned(),
                before: b,
                after: a,
            });
        }
    };
    field(
        "status",
        Some(before.status.as_str().to_owned()),
        Some(after.status.as_str().to_owned()),
    );
    let hold = |o: &Order| {
        o.hold.as_ref().map(|h| match h.note.trim() {
            "" => h.reason.as_str().to_owned(),
            note => format!("{}: {note}", h.reason.as_str()),
        })
    };
    field("hold", hold(before), hold(after));
    let location = |o: &Order| o.location_id.as_ref().map(ToString::to_string);
    field("location", location(before), location(after));
    field("carrier", before.carrier.clone(), after.carrier.clone());
    field("service", before.service.clone(), after.service.clone());
    field(
        "package",
        before.options.package.clone(),
        after.options.package.clone(),
    );
    let signature = |o: &Order| o.options.signature.then(|| "required".to_owned());
    field("signature", signature(before), signature(after));
    let insurance = |o: &Order| {
        o.options
            .insurance
            .map(|v| Money::new(v, o.currency.clone()).to_string())
    };
    field("insurance", insurance(before), insurance(after));
    field(
        "batch_group",
        before.options.batch_group.clone(),
        after.options.batch_group.clone(),
    );
    let list = |items: &[String]| (!items.is_empty()).then(|| items.join(", "));
    field("tags", list(&before.tags), list(&after.tags));
    field(
        "notes",
        list(&before.internal_notes),
        list(&after.internal_notes),
    );
    changes
}
