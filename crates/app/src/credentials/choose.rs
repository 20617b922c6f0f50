//! Picking the credential backend: what `WAYBILL_CREDENTIALS` says, else the keychain when it
//! answers, else the encrypted file.

use std::path::Path;

use super::{CredentialStore, keychain};

pub(super) fn for_database(database: &Path) -> CredentialStore {
    let wanted = std::env::var("WAYBILL_CREDENTIALS").unwrap_or_default();
    match wanted.trim() {
        "file" => CredentialStore::encrypted_file(database),
        "keychain" => CredentialStore::keychain(),
        other => {
            if !other.is_empty() && other != "auto" {
                tracing::warn!(
                    value = other,
                    "WAYBILL_CREDENTIALS is not file, keychain or auto; choosing automatically"
                );
            }
            if keychain::reachable() {
                CredentialStore::keychain()
            } else {
                let store = CredentialStore::encrypted_file(database);
                if let Some(notice) = &store.info().notice {
                    tracing::info!("{notice}");
                }
                store
            }
        }
    }
}
