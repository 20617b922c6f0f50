//! The OS keychain through the `keyring` crate. On Linux that is the Secret Service over the
//! session D-Bus, which a headless machine (CI, a server, SSH) usually does not have: see
//! [`reachable`].

use keyring::Entry;

use super::{Backend, Secret};
use crate::{AppError, ErrorCode};

/// The keychain "service" every Waybill secret is filed under.
const SERVICE: &str = "com.waybill.desktop";

pub(super) struct Keychain;

fn failed(what: &str, e: &keyring::Error) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("the OS keychain could not {what} a secret: {e}"),
    )
}

fn entry(account: &str) -> Result<Entry, AppError> {
    Entry::new(SERVICE, account).map_err(|e| failed("name", &e))
}

impl Backend for Keychain {
    fn get(&self, account: &str) -> Result<Option<Secret>, AppError> {
        match entry(account)?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed("read", &e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), AppError> {
        entry(account)?
            .set_password(secret.expose())
            .map_err(|e| failed("store", &e))
    }

    fn delete(&self, account: &str) -> Result<(), AppError> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(failed("delete", &e)),
        }
    }
}

/// Whether a keychain answers here: a read of an entry that does not exist comes back as
/// "no entry" (reachable) rather than a platform failure. On Linux, no session bus means no
/// Secret Service, and asking would only wait for a time-out.
pub(super) fn reachable() -> bool {
    if cfg!(target_os = "linux")
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty())
    {
        return false;
    }
    match Entry::new(SERVICE, "waybill-probe").map(|e| e.get_password()) {
        Ok(Ok(_)) | Ok(Err(keyring::Error::NoEntry)) => true,
        Ok(Err(e)) | Err(e) => {
            tracing::info!(error = %e, "no OS keychain reachable");
            false
        }
    }
}
