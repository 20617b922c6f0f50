//! The demo workspace: what a newcomer sees on first launch — a shop taking orders, a few
//! locations, and weeks of history in every status.

mod history;
mod live;
mod rules;
mod seed;
mod stock;
mod workspace;

pub use live::{run_live_storefront, storefront};
pub use seed::{SeedOutcome, SeedProgress};
pub use workspace::DemoWorkspace;

/// Orders of history a fresh demo workspace starts with.
pub const DEFAULT_HISTORY: u64 = 3_000;
