//! Which manual actions owe the channel something, and the effect each one enqueues.
//!
//! Called inside the action's transaction, after the order changed: the effect commits with the
//! order and its events, or not at all.

use chrono::{DateTime, Utc};
use waybill_core::edit::ManualAction;
use waybill_core::{Actor, ChannelKind, Order};
use waybill_store::{Destination, EffectKind, NewEffect};

use super::payload::{CancellationPayload, FulfillmentPayload, LinePayload};
use crate::AppError;

/// Channels that can be told about a shipment or a cancellation. A CSV channel has no API:
/// whoever exports from it reads the status from Waybill.
pub(crate) fn has_api(kind: ChannelKind) -> bool {
    !matches!(kind, ChannelKind::Csv)
}

/// A key unique to one effect, repeated on every attempt of it.
fn key(kind: EffectKind, order: &Order) -> String {
    format!(
        "wb-{}-{}-{:016x}",
        kind.as_str(),
        order.id,
        rand::random::<u64>()
    )
}

/// The effect `action` (already applied to `order`) owes the order's channel, if any.
pub(crate) fn effects_for_action(
    order: &Order,
    action: &ManualAction,
    actor: &Actor,
    channel_kind: ChannelKind,
    now: DateTime<Utc>,
) -> Result<Option<NewEffect>, AppError> {
    if !has_api(channel_kind) {
        return Ok(None);
    }
    let (kind, payload) = match action {
        ManualAction::Ship {
            carrier,
            service,
            tracking,
        } => {
            let payload = FulfillmentPayload {
                order_external_id: order.external_id.clone(),
                carrier: carrier.trim().to_owned(),
                service: service.clone(),
                tracking_numbers: tracking
                    .iter()
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect(),
                lines: order
                    .lines
                    .iter()
                    .map(|l| LinePayload {
                        sku: l.sku.clone(),
                        quantity: l.quantity,
                    })
                    .collect(),
                shipped_at: now,
                completes_order: true,
            };
            (EffectKind::Fulfillment, to_json(&payload)?)
        }
        // Only a person's cancellation is mirrored: a channel's own cancellation needs no push.
        ManualAction::Cancel { note } if actor.is_person() => {
            let payload = CancellationPayload {
                order_external_id: order.external_id.clone(),
                note: note.trim().to_owned(),
                cancelled_at: now,
            };
            (EffectKind::Cancellation, to_json(&payload)?)
        }
        _ => return Ok(None),
    };
    Ok(Some(NewEffect {
        kind,
        to: Destination::Channel(order.channel_id.clone()),
        order_id: Some(order.id.clone()),
        idempotency_key: key(kind, order),
        payload,
        due_at: now,
    }))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, AppError> {
    serde_json::to_string(v)
        .map_err(|e| AppError::new(crate::ErrorCode::Internal, format!("outbox payload: {e}")))
}
