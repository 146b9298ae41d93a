//! An in-memory secret store for unit tests only (compiled under `cfg(test)` or the
//! `test-support` feature, never into the app): it can also play a missing keyring.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use highwater_secret::Secret;

use super::{Result, SaveOutcome, SecretName, SecretStore, SecretStoreError};

#[derive(Debug, Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<SecretName, Secret>>,
    unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that fails every call the way a missing OS keyring does.
    pub fn unavailable() -> Self {
        Self {
            unavailable: true,
            ..Self::default()
        }
    }

    fn values(&self) -> Result<std::sync::MutexGuard<'_, HashMap<SecretName, Secret>>> {
        if self.unavailable {
            return Err(SecretStoreError::KeyringUnavailable {
                detail: "in-memory test store playing a missing keyring".to_owned(),
            });
        }
        Ok(self.values.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: SecretName) -> Result<Option<Secret>> {
        Ok(self.values()?.get(&name).cloned())
    }

    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome> {
        if value.is_empty() {
            return Err(SecretStoreError::Empty { name });
        }
        self.values()?.insert(name, value.clone());
        Ok(SaveOutcome::Saved)
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        self.values()?.remove(&name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_hint() {
        let store = MemoryStore::new();
        let name = SecretName::JumpCloudApiKey;
        assert_eq!(store.hint(name).unwrap().to_string(), "not set");
        store
            .set(name, &Secret::new("jc_0123456789abcdef7f2a"))
            .unwrap();
        assert_eq!(
            store.get(name).unwrap().unwrap().expose(),
            "jc_0123456789abcdef7f2a"
        );
        assert_eq!(store.hint(name).unwrap().to_string(), "set, ends in …7f2a");
        store.delete(name).unwrap();
        store.delete(name).unwrap();
        assert_eq!(store.get(name).unwrap(), None);
        assert!(matches!(
            store.set(name, &Secret::new("  ")),
            Err(SecretStoreError::Empty { .. })
        ));
    }
}
