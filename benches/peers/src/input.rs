//! The order as the peers read it: a JSON document with the facts the rules test.
//!
//! Neither zen nor JSONLogic compares text without regard to case and surrounding spaces, as
//! Waybill does everywhere, so the harness folds every text (trim, lower case) here, once per
//! order and outside the timed loop, and folds the rules' values the same way when it
//! translates them. Missing texts become `""`, which no rule value equals or starts with: the
//! peers' string functions would fail on `null`. This favours the peers; nothing is left out.

use serde_json::{Value, json};
use waybill_core::Order;

/// Trimmed and lower-cased, as Waybill compares text.
pub fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

fn folded(s: Option<&str>) -> String {
    s.map(fold).unwrap_or_default()
}

/// The facts of `o` the rules look at, folded.
pub fn facts(o: &Order) -> Value {
    json!({
        "country": fold(&o.ship_to.country),
        "region": folded(o.ship_to.region.as_deref()),
        "postal": fold(&o.ship_to.postal_code),
        "total": o.total,
        "weight": o.weight_g,
        "service": folded(o.requested_service.as_deref()),
        "residential": o.ship_to.residential,
        "channel": o.channel_id.as_str(),
        "email": folded(o.customer.email.as_deref()),
        "tags": o.tags.iter().map(|t| fold(t)).collect::<Vec<_>>(),
        "lines": o.lines.iter().map(|l| json!({
            "sku": fold(&l.sku),
            "tags": l.product_tags.iter().map(|t| fold(t)).collect::<Vec<_>>(),
            "quantity": l.quantity,
        })).collect::<Vec<_>>(),
    })
}
