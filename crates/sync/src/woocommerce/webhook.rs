//! WooCommerce webhooks: `X-WC-Webhook-Signature` is the base64 HMAC-SHA256 of the raw body under
//! the webhook's secret. `X-WC-Webhook-Delivery-ID` names the delivery and is the dedup id. An
//! order webhook's body is the same order JSON the REST API returns, so the event carries the
//! mapped order too.

use serde_json::Value;

use super::map::{parse_gmt, to_new_order};
use super::model::WooOrder;
use crate::connector::{WebhookError, WebhookEvent, WebhookRequest, WebhookTopic};
use crate::signature::verify_base64_hmac_sha256;

pub(crate) fn verify(
    secret: &[u8],
    request: &WebhookRequest,
) -> Result<WebhookEvent, WebhookError> {
    let signature = request
        .header("X-WC-Webhook-Signature")
        .ok_or(WebhookError::MissingHeader("X-WC-Webhook-Signature"))?;
    verify_base64_hmac_sha256(secret, &request.body, signature)?;
    let dedup_id = request
        .header("X-WC-Webhook-Delivery-ID")
        .ok_or(WebhookError::MissingHeader("X-WC-Webhook-Delivery-ID"))?
        .to_owned();
    let topic_text = request
        .header("X-WC-Webhook-Topic")
        .ok_or(WebhookError::MissingHeader("X-WC-Webhook-Topic"))?;
    let topic = match topic_text {
        "order.created" => WebhookTopic::OrderCreated,
        "order.updated" | "order.restored" => WebhookTopic::OrderUpdated,
        "order.deleted" => WebhookTopic::OrderDeleted,
        other => WebhookTopic::Other(other.to_owned()),
    };
    let body: Value = serde_json::from_slice(&request.body)
        .map_err(|e| WebhookError::Malformed(e.to_string()))?;
    let is_order = topic_text.starts_with("order.");
    let order_external_id = is_order
        .then(|| body.get("id").and_then(Value::as_u64))
        .flatten()
        .map(|id| id.to_string());
    // A deleted order's body is only its id.
    let order = if is_order && topic != WebhookTopic::OrderDeleted {
        let raw: WooOrder = serde_json::from_value(body.clone())
            .map_err(|e| WebhookError::Malformed(e.to_string()))?;
        Some(to_new_order(&raw).map_err(|e| WebhookError::Malformed(e.to_string()))?)
    } else {
        None
    };
    let topic = match (&topic, &order) {
        (WebhookTopic::OrderUpdated, Some(o)) if o.channel_status == "cancelled" => {
            WebhookTopic::OrderCancelled
        }
        _ => topic,
    };
    let updated_at = body
        .get("date_modified_gmt")
        .and_then(Value::as_str)
        .and_then(|s| parse_gmt(s).ok());
    Ok(WebhookEvent {
        dedup_id,
        topic,
        order_external_id,
        updated_at,
        order,
    })
}
