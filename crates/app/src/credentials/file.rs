//! Secrets encrypted at rest in a file next to the database (ChaCha20-Poly1305), for machines
//! without a keychain. The key is in a separate file readable by its owner only (0600), so a copy
//! of the database and its secrets file alone does not reveal a secret.
//!
//! The whole map of secrets is one sealed JSON document, rewritten (to a temporary file, then
//! renamed) on every change: a crash leaves the old or the new file, never half of one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

use super::{Backend, Secret};
use crate::{AppError, ErrorCode};

pub(super) struct EncryptedFile {
    secrets: PathBuf,
    key: PathBuf,
    /// One change at a time within this process (read, change, write back).
    lock: Mutex<()>,
}

/// The secrets file as stored: a nonce and the sealed JSON map.
#[derive(Serialize, Deserialize)]
struct Sealed {
    version: u32,
    nonce: String,
    data: String,
}

fn problem(message: String) -> AppError {
    AppError::new(ErrorCode::Internal, message)
}

impl EncryptedFile {
    /// `<database>.secrets`, with the key in `secrets.key` in the database's folder (the app's
    /// data folder for the desktop's database).
    pub(super) fn beside(database: &Path) -> Self {
        let mut name = database
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "waybill.db".into());
        name.push(".secrets");
        let dir = database.parent().unwrap_or_else(|| Path::new("."));
        EncryptedFile {
            secrets: dir.join(name),
            key: dir.join("secrets.key"),
            lock: Mutex::new(()),
        }
    }

    pub(super) fn key_path(&self) -> &Path {
        &self.key
    }

    /// The key, or `None` when there is no key file yet.
    fn read_key(&self) -> Result<Option<Key>, AppError> {
        let text = match std::fs::read_to_string(&self.key) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(problem(format!(
                    "the secrets key {} cannot be read: {e}",
                    self.key.display()
                )));
            }
        };
        let bytes = STANDARD.decode(text.trim()).ok().filter(|b| b.len() == 32);
        match bytes {
            Some(b) => Ok(Some(*Key::from_slice(&b))),
            None => Err(problem(format!(
                "the secrets key {} is damaged (not a 256-bit key); restore it from a backup, \
                 or delete it together with {} and enter the channels' secrets again",
                self.key.display(),
                self.secrets.display()
            ))),
        }
    }

    /// The key, made (0600) when neither it nor any secret exists yet.
    fn key_for_writing(&self) -> Result<Key, AppError> {
        if let Some(k) = self.read_key()? {
            return Ok(k);
        }
        if self.secrets.exists() {
            return Err(self.missing_key());
        }
        let key = ChaCha20Poly1305::generate_key(&mut OsRng);
        write_private(&self.key, format!("{}\n", STANDARD.encode(key)).as_bytes())?;
        tracing::info!(key = %self.key.display(), "made a new key for the secrets file");
        Ok(key)
    }

    fn missing_key(&self) -> AppError {
        problem(format!(
            "the secrets key {} is missing, so the secrets in {} cannot be read; restore the \
             key file, or delete the secrets file and enter the channels' secrets again",
            self.key.display(),
            self.secrets.display()
        ))
    }

    fn load(&self) -> Result<BTreeMap<String, String>, AppError> {
        let text = match std::fs::read_to_string(&self.secrets) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => {
                return Err(problem(format!(
                    "the secrets file {} cannot be read: {e}",
                    self.secrets.display()
                )));
            }
        };
        let key = self.read_key()?.ok_or_else(|| self.missing_key())?;
        let unreadable = || {
            problem(format!(
                "the secrets in {} cannot be decrypted with the key in {}: the key or the file \
                 was changed or damaged",
                self.secrets.display(),
                self.key.display()
            ))
        };
        let sealed: Sealed = serde_json::from_str(&text).map_err(|_| unreadable())?;
        let nonce = STANDARD
            .decode(&sealed.nonce)
            .ok()
            .filter(|n| n.len() == 12)
            .ok_or_else(unreadable)?;
        let data = STANDARD.decode(&sealed.data).map_err(|_| unreadable())?;
        let plain = ChaCha20Poly1305::new(&key)
            .decrypt(Nonce::from_slice(&nonce), data.as_ref())
            .map_err(|_| unreadable())?;
        serde_json::from_slice(&plain).map_err(|_| unreadable())
    }

    fn save(&self, map: &BTreeMap<String, String>) -> Result<(), AppError> {
        let key = self.key_for_writing()?;
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let plain = serde_json::to_vec(map).map_err(|e| problem(e.to_string()))?;
        let data = ChaCha20Poly1305::new(&key)
            .encrypt(&nonce, plain.as_ref())
            .map_err(|_| problem("the secrets could not be encrypted".into()))?;
        let sealed = Sealed {
            version: 1,
            nonce: STANDARD.encode(nonce),
            data: STANDARD.encode(data),
        };
        let text = serde_json::to_vec(&sealed).map_err(|e| problem(e.to_string()))?;
        let tmp = self.secrets.with_extension("secrets.tmp");
        write_private(&tmp, &text)?;
        std::fs::rename(&tmp, &self.secrets).map_err(|e| {
            problem(format!(
                "the secrets file {} cannot be written: {e}",
                self.secrets.display()
            ))
        })
    }

    fn change(&self, edit: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<(), AppError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| problem("the secrets file lock was poisoned".into()))?;
        let mut map = self.load()?;
        edit(&mut map);
        self.save(&map)
    }
}

/// Writes `bytes` to a new file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| problem(format!("{} cannot be written: {e}", path.display())))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| problem(format!("{} cannot be written: {e}", path.display())))
}

impl Backend for EncryptedFile {
    fn get(&self, account: &str) -> Result<Option<Secret>, AppError> {
        Ok(self.load()?.remove(account).map(Secret::new))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), AppError> {
        self.change(|m| {
            m.insert(account.to_owned(), secret.expose().to_owned());
        })
    }

    fn delete(&self, account: &str) -> Result<(), AppError> {
        self.change(|m| {
            m.remove(account);
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn store() -> (tempfile::TempDir, EncryptedFile) {
        let dir = tempfile::TempDir::new().unwrap();
        let f = EncryptedFile::beside(&dir.path().join("waybill.db"));
        (dir, f)
    }

    #[test]
    fn a_secret_round_trips_and_is_not_in_the_file_in_clear() {
        let (_dir, f) = store();
        f.set("chn_1/access_token", &Secret::new("shpat_round_trip"))
            .unwrap();
        assert_eq!(
            f.get("chn_1/access_token").unwrap().unwrap().expose(),
            "shpat_round_trip"
        );
        let on_disk = std::fs::read(&f.secrets).unwrap();
        assert!(
            !on_disk
                .windows(b"shpat_round_trip".len())
                .any(|w| w == b"shpat_round_trip")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, f) = store();
        f.set("a", &Secret::new("b")).unwrap();
        let mode = std::fs::metadata(&f.key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_missing_key_is_a_clear_error_not_an_empty_store() {
        let (_dir, f) = store();
        f.set("a", &Secret::new("b")).unwrap();
        std::fs::remove_file(&f.key).unwrap();
        let e = f.get("a").unwrap_err();
        assert!(e.message.contains("is missing"), "{}", e.message);
        // And a write does not silently make a new key that orphans the old secrets.
        assert!(f.set("c", &Secret::new("d")).is_err());
    }

    #[test]
    fn a_damaged_or_different_key_is_a_clear_error() {
        let (_dir, f) = store();
        f.set("a", &Secret::new("b")).unwrap();
        std::fs::write(&f.key, "not a key").unwrap();
        assert!(f.get("a").unwrap_err().message.contains("damaged"));
        let other = ChaCha20Poly1305::generate_key(&mut OsRng);
        std::fs::write(&f.key, STANDARD.encode(other)).unwrap();
        assert!(
            f.get("a")
                .unwrap_err()
                .message
                .contains("cannot be decrypted")
        );
    }
}
