//! Fulfillments on WooCommerce: tracking first (so the "completed" email carries it), then the
//! order completed when nothing is left to ship.
//!
//! Tracking goes to the Shipment Tracking extension when the shop has it; a shop without it
//! answers `rest_no_route`, remembered for later pushes, and gets an order note instead. Every
//! step recognises its own earlier attempt: tracking numbers already on the order are skipped,
//! a note carrying the idempotency key is reused, a completed order is left as it is.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::RestClient;
use super::model::WooOrder;
use super::{API, Tracking};
use crate::connector::{ConnectorError, Fulfillment, FulfillmentRef, IdempotencyKey};

const TRACKING_API: &str = "wp-json/wc-shipment-tracking/v3";

#[derive(Deserialize)]
struct TrackingItem {
    tracking_id: String,
    tracking_number: String,
}

#[derive(Deserialize)]
struct Note {
    id: u64,
    #[serde(default)]
    note: String,
}

pub(crate) async fn push(
    rest: &RestClient,
    tracking: Tracking,
    f: &Fulfillment,
    key: &IdempotencyKey,
) -> Result<(FulfillmentRef, Tracking), ConnectorError> {
    let order_path = format!("{API}/orders/{}", f.order_external_id);
    let (order, _): (WooOrder, _) = rest.get(&order_path, &[]).await?;
    if matches!(
        order.status.as_str(),
        "cancelled" | "refunded" | "failed" | "trash"
    ) {
        return Err(ConnectorError::Rejected(format!(
            "order {} is {} on WooCommerce",
            f.order_external_id, order.status
        )));
    }

    let mut ids = Vec::new();
    let mut tracking = tracking;
    if tracking != Tracking::Absent && !f.tracking_numbers.is_empty() {
        match add_tracking(rest, f).await? {
            Some(tracking_ids) => {
                tracking = Tracking::Present;
                ids.extend(tracking_ids);
            }
            None => tracking = Tracking::Absent,
        }
    }
    if tracking == Tracking::Absent || f.tracking_numbers.is_empty() {
        ids.push(add_note(rest, f, key).await?);
    }
    if f.completes_order && order.status != "completed" {
        let _: Value = rest
            .send_json(Method::PUT, &order_path, &json!({ "status": "completed" }))
            .await?;
    }
    Ok((FulfillmentRef { ids }, tracking))
}

/// Tracking items for the numbers not yet on the order; `None` when the extension is missing.
async fn add_tracking(
    rest: &RestClient,
    f: &Fulfillment,
) -> Result<Option<Vec<String>>, ConnectorError> {
    let path = format!(
        "{TRACKING_API}/orders/{}/shipment-trackings",
        f.order_external_id
    );
    let Some(existing) = rest.get_if_route::<Vec<TrackingItem>>(&path).await? else {
        return Ok(None);
    };
    let mut ids = Vec::new();
    for number in &f.tracking_numbers {
        if let Some(item) = existing.iter().find(|t| &t.tracking_number == number) {
            ids.push(item.tracking_id.clone());
            continue;
        }
        let mut body = json!({
            "tracking_number": number,
            "date_shipped": f.shipped_at.format("%Y-%m-%d").to_string(),
        });
        // A known provider name gets the extension's own link; with our own URL it is custom.
        match &f.tracking_url {
            Some(url) => {
                body["custom_tracking_provider"] = json!(f.carrier);
                body["custom_tracking_link"] = json!(url);
            }
            None => body["tracking_provider"] = json!(f.carrier),
        }
        let created: TrackingItem = rest.send_json(Method::POST, &path, &body).await?;
        ids.push(created.tracking_id);
    }
    Ok(Some(ids))
}

/// An order note saying what shipped, marked with the key so a retry finds it.
async fn add_note(
    rest: &RestClient,
    f: &Fulfillment,
    key: &IdempotencyKey,
) -> Result<String, ConnectorError> {
    let path = format!("{API}/orders/{}/notes", f.order_external_id);
    let marker = format!("[waybill:{key}]");
    let (notes, _): (Vec<Note>, _) = rest.get(&path, &[]).await?;
    if let Some(note) = notes.iter().find(|n| n.note.contains(&marker)) {
        return Ok(note.id.to_string());
    }
    let created: Note = rest
        .send_json(
            Method::POST,
            &path,
            &json!({ "note": note_text(f, &marker), "customer_note": f.notify_customer }),
        )
        .await?;
    Ok(created.id.to_string())
}

fn note_text(f: &Fulfillment, marker: &str) -> String {
    let lines: Vec<String> = f
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, l.sku))
        .collect();
    let via = match &f.service {
        Some(service) => format!("{} {}", f.carrier, service),
        None => f.carrier.clone(),
    };
    let tracking = if f.tracking_numbers.is_empty() {
        String::new()
    } else {
        format!(", tracking {}", f.tracking_numbers.join(", "))
    };
    let link = f
        .tracking_url
        .as_ref()
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    format!(
        "Shipped {} via {via}{tracking}{link} on {}. {marker}",
        lines.join(", "),
        f.shipped_at.format("%Y-%m-%d")
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::connector::FulfillmentLine;

    #[test]
    fn the_note_names_lines_carrier_tracking_date_and_the_key() {
        let f = Fulfillment {
            order_external_id: "727".into(),
            lines: vec![FulfillmentLine {
                sku: "MUG-1".into(),
                quantity: 2,
            }],
            carrier: "UPS".into(),
            service: Some("Ground".into()),
            tracking_numbers: vec!["1Z999".into()],
            tracking_url: None,
            shipped_at: chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            completes_order: true,
            notify_customer: true,
        };
        assert_eq!(
            note_text(&f, "[waybill:k1]"),
            "Shipped 2 × MUG-1 via UPS Ground, tracking 1Z999 on 2026-03-02. [waybill:k1]"
        );
    }
}
