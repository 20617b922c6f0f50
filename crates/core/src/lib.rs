//! Waybill's domain model and the pure rules that govern it.
//!
//! This crate knows no storage, no network and no screen: every function here is a
//! deterministic transformation of values, so it can be tested exhaustively and reused by
//! every front end (desktop, CLI, server).

pub mod address;
pub mod channel;
pub mod diff;
pub mod edit;
pub mod event;
pub mod hold;
pub mod ids;
pub mod import;
pub mod inventory;
pub mod location;
pub mod money;
pub mod order;
pub mod query;
pub mod routing;
pub mod rules;
pub mod status;
pub mod webhook;

pub use address::Address;
pub use channel::{Channel, ChannelKind};
pub use event::{Actor, EventKind, OrderEvent};
pub use hold::{Hold, HoldReason};
pub use ids::{ChannelId, LocationId, OrderId, WebhookEndpointId};
pub use location::{Location, LocationKind};
pub use money::Money;
pub use order::{Customer, NewOrder, Order, OrderLine, OwnedField, PaymentStatus, ShippingOptions};
pub use status::{OrderStatus, TransitionError};
