//! A channel's configuration (non-secret settings, paused, schedule) and how its syncs went.
//!
//! Secrets are not here: the app keeps them in a credential store and records only their names.

mod config;
mod state;

pub use config::ChannelConfig;
pub use state::{SyncAttempt, SyncState};
