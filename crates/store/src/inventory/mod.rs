//! Inventory in the database: products, stock per (location, SKU) with its movement audit,
//! shipments (an order's parts, whose lines are the reservations), location settings and load,
//! what each channel is fed and was last told it may sell, and what partners reported (parcels)
//! and how talking to them went.
//!
//! Stock rows are only ever written from a core [`waybill_core::inventory::StockMovement`]
//! (its `after` levels), inside the transaction that caused it, so the database and the
//! in-memory inventory the app computed with agree row for row.

mod feeds;
mod levels;
mod locations;
mod partners;
mod products;
mod shipments;

pub use feeds::StockPushRow;
pub(crate) use levels::parse as parse_id;
pub use levels::{MovementRow, StockRow};
pub use locations::{LocationRow, day_of};
pub use partners::{PackageRow, PartnerExchanges, PartnerLoadRow, PartnerStateRow};
pub use products::ProductRow;
pub use shipments::{NewShipment, ShipmentLineRow, ShipmentRow, ShipmentStatus, ShipmentUpdate};
