//! Location strategies: which location ships which lines of an order.
//!
//! Pure and deterministic: given the order's lines, the candidate locations (kind, postal code,
//! daily capacity left) and a view of available stock, [`allocate`] returns the shipments or
//! why the order cannot be routed, naming what is missing. Ties always break by the order the
//! candidates are given in (the app lists them by id), never by hash order.
//!
//! The unit of assignment is a line, or a keep-together group of lines: a line's quantity is
//! never split over two locations (a packer ships a line whole, and a customer receiving "2 of
//! 3" from one place and "1 of 3" from another is the confusing case people complain about).
//!
//! | strategy | chooses |
//! | --- | --- |
//! | `fixed` | the one location, if it can ship everything |
//! | `ranked` | the first location of the list that can ship everything |
//! | `nearest_in_stock` | the closest location that can ship everything (ZIP3 centroids) |
//! | `fewest_shipments` | the fewest locations that together ship everything |
//! | `split_by_availability` | as much as possible from each location in turn |

mod allocate;
mod allocation;
mod distance;
mod fewest;
mod preference;
mod request;
mod split;
mod stock;
mod strategy;
#[cfg(test)]
mod tests;
mod units;
mod zip3;

pub use allocate::allocate;
pub use allocation::{Allocation, ShipLine, Shipment, Shortage};
pub use distance::{Distance, distance_km};
pub use request::{Candidate, Destination, RouteLine, RouteRequest};
pub use stock::StockView;
pub use strategy::Strategy;
