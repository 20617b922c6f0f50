//! Cancellations on WooCommerce: the status set to `cancelled` (which restocks by itself), and
//! the staff note added as a private order note. Setting a status that is already set changes
//! nothing, so a retry is harmless.

use reqwest::Method;
use serde_json::{Value, json};

use super::API;
use super::client::RestClient;
use crate::connector::{Cancellation, ConnectorError, IdempotencyKey};

pub(crate) async fn push(
    rest: &RestClient,
    c: &Cancellation,
    key: &IdempotencyKey,
) -> Result<(), ConnectorError> {
    if c.refund {
        // Better to refuse than to cancel and leave the customer believing they were refunded.
        return Err(ConnectorError::Unsupported(
            "refunds on cancellation (refund through the payment gateway)",
        ));
    }
    let path = format!("{API}/orders/{}", c.order_external_id);
    let _: Value = rest
        .send_json(Method::PUT, &path, &json!({ "status": "cancelled" }))
        .await?;
    if let Some(note) = &c.staff_note {
        let _: Value = rest
            .send_json(
                Method::POST,
                &format!("{path}/notes"),
                &json!({ "note": format!("{note} [waybill:{key}]"), "customer_note": false }),
            )
            .await?;
    }
    Ok(())
}
