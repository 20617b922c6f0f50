//! What an effect carries, as stored JSON: enough to build the connector's request without
//! reading the order again (the order may change after the effect was owed).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_sync::{CancelReason, Cancellation, Fulfillment, FulfillmentLine};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePayload {
    pub sku: String,
    pub quantity: u32,
}

/// A shipment to report to the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FulfillmentPayload {
    pub order_external_id: String,
    pub carrier: String,
    pub service: Option<String>,
    pub tracking_numbers: Vec<String>,
    pub lines: Vec<LinePayload>,
    pub shipped_at: DateTime<Utc>,
    pub completes_order: bool,
}

impl FulfillmentPayload {
    pub fn to_request(&self) -> Fulfillment {
        Fulfillment {
            order_external_id: self.order_external_id.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| FulfillmentLine {
                    sku: l.sku.clone(),
                    quantity: l.quantity,
                })
                .collect(),
            carrier: self.carrier.clone(),
            service: self.service.clone(),
            tracking_numbers: self.tracking_numbers.clone(),
            tracking_url: None,
            shipped_at: self.shipped_at,
            completes_order: self.completes_order,
            notify_customer: true,
        }
    }
}

/// A cancellation a person made, to mirror on the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationPayload {
    pub order_external_id: String,
    pub note: String,
    pub cancelled_at: DateTime<Utc>,
}

impl CancellationPayload {
    /// Refunds stay a person's decision on the channel: Waybill cancels and restocks only.
    pub fn to_request(&self) -> Cancellation {
        Cancellation {
            order_external_id: self.order_external_id.clone(),
            reason: CancelReason::Staff,
            refund: false,
            restock: true,
            notify_customer: false,
            staff_note: Some(self.note.clone()).filter(|n| !n.trim().is_empty()),
        }
    }
}
