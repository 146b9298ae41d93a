//! The demo tenant's keys: held in this process's memory only, so exploring the demo never reads,
//! writes or deletes anything in the admin's OS keyring.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use highwater_engine::secrets::{Result, SaveOutcome, SecretName, SecretStore, SecretStoreError};
use highwater_secret::Secret;

#[derive(Debug, Default)]
pub struct EphemeralSecrets {
    values: Mutex<HashMap<SecretName, Secret>>,
}

impl SecretStore for EphemeralSecrets {
    fn get(&self, name: SecretName) -> Result<Option<Secret>> {
        let values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(values.get(&name).cloned())
    }

    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome> {
        if value.expose().trim().is_empty() {
            return Err(SecretStoreError::Empty { name });
        }
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        values.insert(name, value.clone());
        Ok(SaveOutcome::Saved)
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        values.remove(&name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_in_memory_and_refuses_blank_ones() {
        let store = EphemeralSecrets::default();
        let name = SecretName::JumpCloudApiKey;
        store.set(name, &Secret::new("demo-key-7f2a")).unwrap();
        assert_eq!(store.get(name).unwrap().unwrap().expose(), "demo-key-7f2a");
        assert_eq!(store.hint(name).unwrap().to_string(), "set, ends in …7f2a");
        assert!(store.set(name, &Secret::new("  ")).is_err());
        store.delete(name).unwrap();
        assert_eq!(store.get(name).unwrap(), None);
    }
}
