//! Inventory: what each location holds, what orders have claimed, and what each channel may sell.
//!
//! Stock is kept per (location, SKU) as `on_hand` and `reserved`; `available` is derived and
//! never negative. Every operation ([`Inventory::reserve`], [`Inventory::release`],
//! [`Inventory::consume`], [`Inventory::adjust`], [`Inventory::set_count`],
//! [`Inventory::reconcile`]) is a pure check that returns a [`StockMovement`] — the rows it
//! changes, before and after — or a [`StockError`] naming the SKU and location; nothing changes
//! until the movement is applied ([`Inventory::apply`]). The store writes the same rows in the
//! routing transaction, so the in-memory state and the database agree row for row.
//!
//! What a channel may sell follows from the locations that feed it ([`ChannelFeed`]), and
//! [`channel_pushes`] turns a window of movements into only the (channel, SKU) quantities that
//! actually changed: those, and nothing else, become stock pushes.

mod channel;
mod error;
mod level;
mod movement;
mod operations;
mod product;
mod store;
#[cfg(test)]
mod tests;

pub use channel::{ChangedStock, ChannelFeed, StockPush, channel_pushes, sellable};
pub use error::{Missing, StockError};
pub use level::StockLevel;
pub use movement::{AdjustmentReason, MovementKind, Shortfall, StockDelta, StockMovement};
pub use operations::Want;
pub use product::{Dimensions, Product};
pub use store::Inventory;
