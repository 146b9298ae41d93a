//! The OS keyring backend (the `keyring` crate): Secret Service over D-Bus on Linux and the BSDs,
//! Keychain on macOS, Credential Manager on Windows. One entry per secret under the app's service
//! name. On any other platform it refuses to work rather than fall back to the crate's in-memory
//! mock, which would silently lose keys.

use std::sync::{Mutex, PoisonError};

use highwater_secret::Secret;

use super::{Result, SaveOutcome, SecretName, SecretStore, SecretStoreError};
use crate::paths::APP_IDENTIFIER;

/// The keyring crate warns that concurrent Secret Service calls from one process can make the
/// D-Bus exchange fail, so calls are made one at a time (they are rare and fast).
static KEYRING_CALLS: Mutex<()> = Mutex::new(());

const SUPPORTED_PLATFORM: bool = cfg!(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
));

/// Secrets in the OS keyring, under service name [`APP_IDENTIFIER`] unless told otherwise.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyringStore {
    /// The app's own entries (service `app.highwater.desktop`).
    pub fn new() -> Self {
        Self::with_service(APP_IDENTIFIER)
    }

    /// Entries under another service name: tests use their own, so they never touch (or race
    /// on) the app's keys.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Runs one keyring call on `name`'s entry, serialised with all others in this process.
    fn with_entry<T>(
        &self,
        name: SecretName,
        call: impl FnOnce(&keyring::Entry) -> keyring::Result<T>,
    ) -> Result<Option<T>> {
        if !SUPPORTED_PLATFORM {
            return Err(SecretStoreError::KeyringUnavailable {
                detail: "this platform has no supported OS keyring".to_owned(),
            });
        }
        let _one_at_a_time = KEYRING_CALLS.lock().unwrap_or_else(PoisonError::into_inner);
        let outcome = keyring::Entry::new(&self.service, name.account()).and_then(|e| call(&e));
        match outcome {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(self.classify(name, err)),
        }
    }

    fn classify(&self, name: SecretName, err: keyring::Error) -> SecretStoreError {
        match err {
            keyring::Error::PlatformFailure(source) => SecretStoreError::KeyringUnavailable {
                detail: source.to_string(),
            },
            keyring::Error::NoStorageAccess(source) => SecretStoreError::KeyringLocked {
                detail: source.to_string(),
            },
            keyring::Error::Ambiguous(_) => SecretStoreError::Ambiguous {
                name,
                service: self.service.clone(),
            },
            // The undecodable bytes are the secret (or part of it): never passed on.
            keyring::Error::BadEncoding(_) => SecretStoreError::Unreadable { name },
            // Attribute names and limits only (TooLong, Invalid, future variants).
            other => SecretStoreError::Rejected {
                name,
                detail: other.to_string(),
            },
        }
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, name: SecretName) -> Result<Option<Secret>> {
        let value = self.with_entry(name, |entry| entry.get_password())?;
        Ok(value.map(Secret::new).filter(|secret| !secret.is_empty()))
    }

    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome> {
        if value.is_empty() {
            return Err(SecretStoreError::Empty { name });
        }
        self.with_entry(name, |entry| entry.set_password(value.expose()))?;
        Ok(SaveOutcome::Saved)
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        self.with_entry(name, |entry| entry.delete_credential())?;
        Ok(())
    }
}
