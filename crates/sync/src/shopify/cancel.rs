//! Cancellations through `orderCancel`. Cancelling is irreversible and `orderCancel` takes no
//! idempotency key, so the order is read first: one already cancelled (our earlier attempt, or a
//! person on Shopify) counts as done.

use serde::Deserialize;
use serde_json::json;

use super::graphql::GraphqlClient;
use super::model::{UserError, describe_user_errors};
use super::queries;
use crate::connector::{CancelReason, Cancellation, ConnectorError, IdempotencyKey};

#[derive(Deserialize)]
struct OrderData {
    order: Option<OrderCancelledAt>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderCancelledAt {
    cancelled_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CancelData {
    order_cancel: CancelPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CancelPayload {
    order_cancel_user_errors: Vec<UserError>,
}

/// `OrderCancelReason` of the pinned version.
fn reason(r: CancelReason) -> &'static str {
    match r {
        CancelReason::Customer => "CUSTOMER",
        CancelReason::Fraud => "FRAUD",
        CancelReason::OutOfStock => "INVENTORY",
        CancelReason::PaymentDeclined => "DECLINED",
        CancelReason::Staff => "STAFF",
        CancelReason::Other => "OTHER",
    }
}

pub(crate) async fn push(
    gql: &GraphqlClient,
    c: &Cancellation,
    _key: &IdempotencyKey,
) -> Result<(), ConnectorError> {
    let data: OrderData = gql
        .run(
            "OrderCancelledAt",
            queries::ORDER_CANCELLED_AT,
            json!({ "id": c.order_external_id }),
        )
        .await?;
    let order = data
        .order
        .ok_or_else(|| ConnectorError::NotFound(format!("order {}", c.order_external_id)))?;
    if order.cancelled_at.is_some() {
        return Ok(());
    }
    let done: CancelData = gql
        .run(
            "OrderCancel",
            queries::ORDER_CANCEL,
            json!({
                "orderId": c.order_external_id,
                "reason": reason(c.reason),
                "refundMethod": { "originalPaymentMethodsRefund": c.refund },
                "restock": c.restock,
                "notifyCustomer": c.notify_customer,
                "staffNote": c.staff_note,
            }),
        )
        .await?;
    let errors = done.order_cancel.order_cancel_user_errors;
    if errors.is_empty() {
        Ok(())
    } else if errors
        .iter()
        .any(|e| e.code.as_deref() == Some("NOT_FOUND"))
    {
        Err(ConnectorError::NotFound(describe_user_errors(&errors)))
    } else {
        Err(ConnectorError::Rejected(describe_user_errors(&errors)))
    }
}
