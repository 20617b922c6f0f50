//! Channels as configured, credentialed, scheduled things: adding one (its secrets go to the
//! credential store), trying its settings before saving, editing them later, pausing it, syncing
//! it by hand or on its schedule, and the state every attempt leaves behind.

mod add;
mod build;
mod edit;
mod forms;
mod overview;
mod run;
mod types;

pub use run::{ChannelSync, Which};
pub use types::{
    ChannelEdit, ChannelForm, ChannelSettings, ChannelStatus, ChannelsOverview, ConnectionCheck,
    FormField, NewChannel, Setting,
};

/// How often an API channel is synced unless its `sync_every_secs` setting says otherwise.
pub const DEFAULT_SYNC_EVERY_SECS: u32 = 60;
