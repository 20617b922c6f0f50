//! What the channels screen and `waybill channels` receive and send.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use waybill_core::{ChannelId, ChannelKind};

use crate::credentials::CredentialStoreInfo;
use crate::sync::RejectedOrder;

/// The channels screen: every channel's state, the forms to add one, and where secrets live.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelsOverview {
    pub channels: Vec<ChannelStatus>,
    /// One per kind a person can add (Shopify, WooCommerce, CSV).
    pub forms: Vec<ChannelForm>,
    pub credentials: CredentialStoreInfo,
}

/// One channel: its configuration (without secrets), schedule and how its syncs went.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelStatus {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
    pub paused: bool,
    /// A connector can be built on this machine (its secrets are in the credential store).
    pub configured: bool,
    pub sync_every_secs: u32,
    /// Non-secret settings only (shop domain, base URL, ...).
    pub settings: Vec<Setting>,
    /// Names of the secrets stored; their values never leave the backend.
    pub secrets_set: Vec<String>,
    /// The last attempt, whatever its outcome.
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// `None` when paused, not configured, or a file channel.
    pub next_sync_at: Option<DateTime<Utc>>,
    pub cursor: Option<String>,
    /// Of the last successful run.
    pub last_imported: u32,
    pub last_updated: u32,
    /// Since the channel was added.
    pub total_imported: u32,
    pub total_updated: u32,
    /// Of the last attempt; `None` after a success.
    pub last_error: Option<String>,
    /// Orders the last sync could not import.
    pub rejected: Vec<RejectedOrder>,
}

/// One named setting (secrets included when a person sends a new channel).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Setting {
    pub key: String,
    pub value: String,
}

impl std::fmt::Debug for Setting {
    // The value may be a secret (a new channel's token): never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setting")
            .field("key", &self.key)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// The form to add a channel of one kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelForm {
    pub kind: ChannelKind,
    pub label: String,
    pub fields: Vec<FormField>,
}

/// One input of a [`ChannelForm`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormField {
    pub key: String,
    pub label: String,
    /// A password input; the value goes to the credential store, never the database.
    pub secret: bool,
    pub required: bool,
    pub placeholder: String,
    pub help: Option<String>,
}

/// A channel a person wants to add (or try): its secrets arrive as settings too.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub settings: Vec<Setting>,
}

/// Whether a channel's API accepted these settings, in words, and how long it took.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionCheck {
    pub ok: bool,
    pub message: String,
    pub took_ms: u32,
}

/// A person's changes to a saved channel. Only what is named changes: a secret left empty
/// keeps the stored one; any other setting left empty is removed (its default applies again).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelEdit {
    /// Left out (`null`) keeps the name.
    pub name: Option<String>,
    pub settings: Vec<Setting>,
}

/// A saved channel's form filled with what is stored, to edit it: the values of its settings
/// and which secrets are set (their values never leave the backend).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChannelSettings {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
    pub form: ChannelForm,
    /// Non-secret values by key, the schedule (`sync_every_secs`) included.
    pub values: Vec<Setting>,
    /// Keys of the secrets stored for this channel.
    pub secrets_set: Vec<String>,
}
