//! Shopify webhooks: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body under the
//! app's client secret. `X-Shopify-Event-Id` is the same for every delivery of one event (retries
//! and every subscription it reaches), so it is the dedup id.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::connector::{WebhookError, WebhookEvent, WebhookRequest, WebhookTopic};
use crate::signature::verify_base64_hmac_sha256;

pub(crate) fn verify(
    secret: &[u8],
    request: &WebhookRequest,
) -> Result<WebhookEvent, WebhookError> {
    let signature = request
        .header("X-Shopify-Hmac-Sha256")
        .ok_or(WebhookError::MissingHeader("X-Shopify-Hmac-Sha256"))?;
    verify_base64_hmac_sha256(secret, &request.body, signature)?;

    let dedup_id = request
        .header("X-Shopify-Event-Id")
        .ok_or(WebhookError::MissingHeader("X-Shopify-Event-Id"))?
        .to_owned();
    let topic_text = request
        .header("X-Shopify-Topic")
        .ok_or(WebhookError::MissingHeader("X-Shopify-Topic"))?;
    let topic = match topic_text {
        "orders/create" => WebhookTopic::OrderCreated,
        "orders/updated"
        | "orders/edited"
        | "orders/paid"
        | "orders/fulfilled"
        | "orders/partially_fulfilled" => WebhookTopic::OrderUpdated,
        "orders/cancelled" => WebhookTopic::OrderCancelled,
        "orders/delete" => WebhookTopic::OrderDeleted,
        other => WebhookTopic::Other(other.to_owned()),
    };
    let body: Value = serde_json::from_slice(&request.body)
        .map_err(|e| WebhookError::Malformed(e.to_string()))?;
    let is_order = topic_text.starts_with("orders/");
    // Webhook bodies are REST-shaped; the GraphQL id the connector uses elsewhere is beside it.
    let order_external_id = is_order.then(|| order_gid(&body)).flatten();
    let updated_at = body
        .get("updated_at")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc));
    Ok(WebhookEvent {
        dedup_id,
        topic,
        order_external_id,
        updated_at,
        order: None,
    })
}

fn order_gid(body: &Value) -> Option<String> {
    if let Some(gid) = body.get("admin_graphql_api_id").and_then(Value::as_str) {
        return Some(gid.to_owned());
    }
    body.get("id")
        .and_then(Value::as_u64)
        .map(|id| format!("gid://shopify/Order/{id}"))
}
