//! Outbound webhooks in the Standard Webhooks style (<https://www.standardwebhooks.com>):
//! each message is POSTed with `webhook-id` (the same on every retry), `webhook-timestamp`
//! (unix seconds of this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256>` over
//! `"{id}.{timestamp}.{body}"`, keyed by the endpoint's `whsec_<base64>` secret. Receivers can
//! verify with any Standard Webhooks library.

mod send;
mod signing;

pub use send::{DeliveryError, WebhookSender};
pub use signing::{SecretError, WebhookSecret, sign};
