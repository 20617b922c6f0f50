//! Channels as configured, credentialed, scheduled things: adding one (its secrets go to the
//! credential store), trying its settings before saving, pausing it, syncing it by hand or on
//! its schedule, and the state every attempt leaves behind.

mod add;
mod build;
mod forms;
mod overview;
mod run;
mod types;

pub use run::{ChannelSync, Which};
pub use types::{
    ChannelForm, ChannelStatus, ChannelsOverview, ConnectionCheck, FormField, NewChannel, Setting,
};

/// How often an API channel is synced unless its `sync_every_secs` setting says otherwise.
pub const DEFAULT_SYNC_EVERY_SECS: u32 = 60;
