//! Everything Waybill owes a channel — tracking after a shipment, a cancellation a person made —
//! is written to the outbox in the same transaction as the change, then delivered by
//! [`App::deliver_outbox`](crate::App::deliver_outbox) with the effect's idempotency key.
//!
//! So a crash, a lost network or a throttling channel delays an effect but never loses it, and a
//! retry never pushes twice where the channel honours the key. What cannot be delivered becomes
//! a dead effect a person sees, retries or skips; nothing fails silently.

mod backoff;
mod deliver;
mod enqueue;
mod manage;
mod payload;

pub use backoff::{MAX_ATTEMPTS, next_attempt};
pub use deliver::{Connectors, DeliveryReport};
pub use manage::{EffectView, OutboxView};
pub use payload::{CancellationPayload, FulfillmentPayload, LinePayload};

pub(crate) use deliver::{Failure, Sent};
pub(crate) use enqueue::{effects_for_action, has_api};
