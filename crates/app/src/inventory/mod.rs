//! Inventory use cases: routing with reservations ([`router`]), stock changes by people, files
//! and partners' reports ([`stock`]), what channels may sell ([`pushes`]) and the hand-offs
//! partner locations receive ([`handoff`]).

pub mod handoff;
pub mod locations;
pub mod pushes;
pub(crate) mod router;
pub mod stock;
