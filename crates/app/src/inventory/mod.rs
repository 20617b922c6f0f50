//! Inventory use cases: routing with reservations ([`router`]), stock changes by people, files
//! and partners' reports ([`stock`], [`counts`]), what channels may sell ([`pushes`]), the
//! hand-offs partner locations receive ([`handoff`]), locations and feeds ([`locations`]) and
//! the Inventory screen ([`views`]).

pub mod counts;
pub mod handoff;
pub mod locations;
pub mod pushes;
pub(crate) mod router;
pub mod stock;
pub mod views;
