//! Where channel and partner secrets (access tokens, consumer keys, webhook secrets, partner
//! API tokens and SMTP passwords) live: the OS keychain when one is reachable, else a file next
//! to the database encrypted with a key kept in a separate 0600 file. Never the database, never
//! a log line.
//!
//! `WAYBILL_CREDENTIALS=file|keychain|auto` (default `auto`) picks the backend, so tests and CI
//! are deterministic; `auto` uses the keychain only when it answers.

mod choose;
mod file;
mod keychain;
mod secret;

pub use secret::Secret;

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use waybill_core::{ChannelId, LocationId};

use crate::AppError;

/// Which kind of store holds the secrets on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CredentialBackend {
    Keychain,
    EncryptedFile,
}

/// Where secrets live here, and what a person should know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CredentialStoreInfo {
    pub backend: CredentialBackend,
    /// Set for the encrypted file: where its key is, so a person knows what to protect.
    pub notice: Option<String>,
}

/// Reads and writes one secret by account name.
trait Backend: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<Secret>, AppError>;
    fn set(&self, account: &str, secret: &Secret) -> Result<(), AppError>;
    fn delete(&self, account: &str) -> Result<(), AppError>;
}

/// The secrets of this workspace's channels.
#[derive(Clone)]
pub struct CredentialStore {
    backend: Arc<dyn Backend>,
    info: CredentialStoreInfo,
}

impl std::fmt::Debug for CredentialStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialStore")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// The account a channel's secret is stored under.
fn account(channel: &ChannelId, key: &str) -> String {
    format!("{channel}/{key}")
}

impl CredentialStore {
    /// The store for the workspace at `database`, as `WAYBILL_CREDENTIALS` asks (see the module).
    pub fn for_database(database: &Path) -> CredentialStore {
        choose::for_database(database)
    }

    /// Secrets encrypted in `<database>.secrets`, with the key in `secrets.key` beside it.
    pub fn encrypted_file(database: &Path) -> CredentialStore {
        let backend = file::EncryptedFile::beside(database);
        let info = CredentialStoreInfo {
            backend: CredentialBackend::EncryptedFile,
            notice: Some(format!(
                "no OS keychain: secrets are encrypted at rest with a key stored in {}",
                backend.key_path().display()
            )),
        };
        CredentialStore {
            backend: Arc::new(backend),
            info,
        }
    }

    /// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
    /// Windows).
    pub fn keychain() -> CredentialStore {
        CredentialStore {
            backend: Arc::new(keychain::Keychain),
            info: CredentialStoreInfo {
                backend: CredentialBackend::Keychain,
                notice: None,
            },
        }
    }

    pub fn info(&self) -> &CredentialStoreInfo {
        &self.info
    }

    /// The channel's secret `key`, if stored.
    pub fn get(&self, channel: &ChannelId, key: &str) -> Result<Option<Secret>, AppError> {
        self.backend.get(&account(channel, key))
    }

    pub fn set(&self, channel: &ChannelId, key: &str, secret: &Secret) -> Result<(), AppError> {
        self.backend.set(&account(channel, key), secret)
    }

    pub fn delete(&self, channel: &ChannelId, key: &str) -> Result<(), AppError> {
        self.backend.delete(&account(channel, key))
    }

    /// A partner location's secret `key` (its API token, its SMTP password), if stored. The
    /// account has a channel's shape; the id prefixes (`loc_`, `chn_`) keep them apart.
    pub fn location_secret(
        &self,
        location: &LocationId,
        key: &str,
    ) -> Result<Option<Secret>, AppError> {
        self.backend.get(&format!("{location}/{key}"))
    }

    pub fn set_location_secret(
        &self,
        location: &LocationId,
        key: &str,
        secret: &Secret,
    ) -> Result<(), AppError> {
        self.backend.set(&format!("{location}/{key}"), secret)
    }

    pub fn delete_location_secret(&self, location: &LocationId, key: &str) -> Result<(), AppError> {
        self.backend.delete(&format!("{location}/{key}"))
    }

    /// An outbound webhook endpoint's signing secret (`whsec_…`), if stored here.
    pub fn endpoint_secret(
        &self,
        endpoint: &waybill_core::WebhookEndpointId,
    ) -> Result<Option<Secret>, AppError> {
        self.backend.get(&format!("{endpoint}/signing_secret"))
    }

    pub fn set_endpoint_secret(
        &self,
        endpoint: &waybill_core::WebhookEndpointId,
        secret: &Secret,
    ) -> Result<(), AppError> {
        self.backend
            .set(&format!("{endpoint}/signing_secret"), secret)
    }

    pub fn delete_endpoint_secret(
        &self,
        endpoint: &waybill_core::WebhookEndpointId,
    ) -> Result<(), AppError> {
        self.backend.delete(&format!("{endpoint}/signing_secret"))
    }
}
