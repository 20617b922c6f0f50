//! Delivering one outbound webhook from the outbox: the endpoint's URL and secret are read at
//! send time (a person may have rotated the secret), the message is the stored payload, and the
//! `webhook-id` is the effect's idempotency key, so every retry carries the same id.

use std::time::Duration;

use waybill_store::Effect;
use waybill_sync::outbound::{DeliveryError, WebhookSecret, WebhookSender};

use crate::outbox::{Failure, Sent};
use crate::{App, AppError, ErrorCode};

/// How long an endpoint has to answer: Standard Webhooks receivers are asked to acknowledge
/// quickly and work afterwards.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(15);

impl From<DeliveryError> for Failure {
    fn from(e: DeliveryError) -> Failure {
        Failure {
            message: e.to_string(),
            retryable: e.is_retryable(),
            retry_after: e.retry_after(),
            endpoint_gone: e == DeliveryError::Gone,
            // Connectivity is judged by channels; an endpoint being down says nothing of ours.
            unreachable: false,
        }
    }
}

impl App {
    async fn webhook_sender(&self) -> Result<&WebhookSender, AppError> {
        let timeout = self.webhook_timeout;
        self.webhook_sender
            .get_or_try_init(|| async move {
                WebhookSender::new(timeout)
                    .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
            })
            .await
    }

    pub(crate) async fn send_webhook(&self, effect: &Effect) -> Sent {
        let Some(endpoint) = &effect.endpoint_id else {
            return Sent::Unreadable("a webhook effect without an endpoint".into());
        };
        let target = match self.store.webhook_target(endpoint).await {
            Ok(Some(t)) => t,
            Ok(None) => return Sent::Unreadable(format!("webhook endpoint {endpoint} is gone")),
            Err(e) => {
                return Sent::Failed(Failure {
                    message: e.to_string(),
                    retryable: true,
                    retry_after: None,
                    endpoint_gone: false,
                    unreachable: false,
                });
            }
        };
        let (url, stored) = target;
        let secret = match stored.is_empty() {
            // Endpoints added since secrets moved to the credential store.
            true => match self.credentials.endpoint_secret(endpoint) {
                Ok(Some(s)) => s.expose().to_owned(),
                Ok(None) => {
                    return Sent::Unreadable(format!(
                        "endpoint {endpoint}'s signing secret is not in this machine's credential store"
                    ));
                }
                Err(e) => return Sent::Unreadable(e.message),
            },
            false => stored,
        };
        let secret = match WebhookSecret::parse(&secret) {
            Ok(s) => s,
            Err(e) => return Sent::Unreadable(format!("endpoint {endpoint}'s secret: {e}")),
        };
        let sender = match self.webhook_sender().await {
            Ok(s) => s,
            Err(e) => return Sent::Unreadable(e.message),
        };
        match sender
            .send(
                &url,
                &effect.idempotency_key,
                &effect.payload,
                &secret,
                self.now(),
            )
            .await
        {
            Ok(()) => Sent::Ok(None),
            Err(e) => Sent::Failed(e.into()),
        }
    }
}
