//! Webhooks in and out.
//!
//! In (`inbound`): `waybill serve` listens for channels' webhook deliveries, verifies each
//! through the channel's connector, drops repeats by the channel's event id, and nudges a sync
//! of that channel. Polling stays the source of truth: a delivery's body is never imported, it
//! only makes the next sync sooner.
//!
//! Out (`endpoints`, `outbound`): endpoints a person configures receive `order.*` and
//! `sync.failed` messages, enqueued in the outbox with the change that caused them (the store
//! does it where order events are written) and delivered by the outbox worker, signed the
//! Standard Webhooks way. `screen` is what the window shows of them.

mod endpoints;
pub mod inbound;
mod nudge;
pub(crate) mod outbound;
mod screen;

pub use endpoints::AddedEndpoint;
pub use inbound::{ConnectorSource, ServeOptions, WebhookServer};
pub use screen::{EndpointView, EventTypeInfo, WebhooksView};
