//! Environment over keyring: the store the app and the CLI use. A secret given in the
//! environment wins and never touches the keyring, so a command whose secrets all come from the
//! environment works with no OS keyring at all.

use highwater_secret::Secret;

use super::{
    EnvSecrets, KeyringStore, Result, SaveOutcome, SecretHint, SecretName, SecretStore,
    SecretStoreError,
};

/// [`EnvSecrets`] in front of a persistent store (the OS keyring in production).
#[derive(Debug)]
pub struct LayeredStore<S = KeyringStore> {
    env: EnvSecrets,
    backing: S,
}

impl LayeredStore<KeyringStore> {
    /// This process's environment over the app's keyring entries.
    pub fn from_process() -> Self {
        Self::new(EnvSecrets::from_process(), KeyringStore::new())
    }
}

impl<S: SecretStore> LayeredStore<S> {
    pub fn new(env: EnvSecrets, backing: S) -> Self {
        Self { env, backing }
    }

    pub fn env(&self) -> &EnvSecrets {
        &self.env
    }

    pub fn backing(&self) -> &S {
        &self.backing
    }
}

impl<S: SecretStore> SecretStore for LayeredStore<S> {
    /// The environment's value when given, without asking the keyring; else the keyring's.
    fn get(&self, name: SecretName) -> Result<Option<Secret>> {
        match self.env.get(name) {
            Some(value) => Ok(Some(value.clone())),
            None => self.backing.get(name),
        }
    }

    /// For a secret that comes from the environment nothing is written, to the keyring or
    /// anywhere else: when `value` equals the environment's value (the usual case: a command
    /// verifying and saving the keys it was given through the environment) the result is
    /// [`SaveOutcome::KeptFromEnvironment`]; a different value is refused with
    /// [`SecretStoreError::ShadowedByEnvironment`], because the variable would keep overriding
    /// it. Secrets not in the environment go to the keyring.
    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome> {
        match self.env.get(name) {
            Some(from_env) if from_env == value => Ok(SaveOutcome::KeptFromEnvironment {
                var: name.env_var(),
            }),
            Some(_) => Err(SecretStoreError::ShadowedByEnvironment { name }),
            None => self.backing.set(name, value),
        }
    }

    /// Removes the keyring entry (one saved earlier may sit under an environment override). When
    /// the keyring cannot be reached and the secret comes from the environment, this succeeds:
    /// nothing Highwater stored is reachable, and "disable" must work without a keyring when the
    /// environment supplies the keys. The environment variable itself is the caller's; it keeps
    /// supplying the key until it is unset.
    fn delete(&self, name: SecretName) -> Result<()> {
        match self.backing.delete(name) {
            Err(err) if err.is_keyring_unavailable() && self.env.get(name).is_some() => {
                tracing::debug!(secret = %name, "keyring unreachable; the key comes from the environment");
                Ok(())
            }
            other => other,
        }
    }

    fn hint(&self, name: SecretName) -> Result<SecretHint> {
        match self.env.get(name) {
            Some(value) => Ok(SecretHint::new(name, Some(value), Some(name.env_var()))),
            None => self.backing.hint(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    const ENV_KEY: &str = "env-public-key-00007f2a";

    fn layered(backing: MemoryStore) -> LayeredStore<MemoryStore> {
        LayeredStore::new(
            EnvSecrets::from_vars([("HIGHWATER_CW_PUBLIC_KEY", ENV_KEY)]),
            backing,
        )
    }

    #[test]
    fn environment_wins_over_the_keyring() {
        let backing = MemoryStore::new();
        backing
            .set(
                SecretName::ConnectWisePublicKey,
                &Secret::new("stored-public-key-0000"),
            )
            .unwrap();
        backing
            .set(
                SecretName::ConnectWisePrivateKey,
                &Secret::new("stored-private-key-1111"),
            )
            .unwrap();
        let store = layered(backing);
        let get = |name| store.get(name).unwrap().map(|s| s.expose().to_owned());
        assert_eq!(
            get(SecretName::ConnectWisePublicKey).as_deref(),
            Some(ENV_KEY)
        );
        assert_eq!(
            get(SecretName::ConnectWisePrivateKey).as_deref(),
            Some("stored-private-key-1111")
        );
        assert_eq!(get(SecretName::JumpCloudApiKey), None);
    }

    #[test]
    fn set_never_persists_an_environment_secret() {
        let store = layered(MemoryStore::new());
        let name = SecretName::ConnectWisePublicKey;
        assert_eq!(
            store.set(name, &Secret::new(ENV_KEY)).unwrap(),
            SaveOutcome::KeptFromEnvironment {
                var: "HIGHWATER_CW_PUBLIC_KEY"
            }
        );
        assert!(matches!(
            store.set(name, &Secret::new("another-public-key")),
            Err(SecretStoreError::ShadowedByEnvironment { .. })
        ));
        assert_eq!(store.backing().get(name).unwrap(), None, "nothing written");

        // Secrets without a variable are saved as usual.
        let private = Secret::new("typed-private-key-2222");
        assert_eq!(
            store
                .set(SecretName::ConnectWisePrivateKey, &private)
                .unwrap(),
            SaveOutcome::Saved
        );
        assert_eq!(
            store
                .backing()
                .get(SecretName::ConnectWisePrivateKey)
                .unwrap(),
            Some(private)
        );
    }

    #[test]
    fn environment_alone_works_without_a_keyring() {
        let store = layered(MemoryStore::unavailable());
        let name = SecretName::ConnectWisePublicKey;
        assert_eq!(store.get(name).unwrap().unwrap().expose(), ENV_KEY);
        assert!(store.set(name, &Secret::new(ENV_KEY)).is_ok());
        assert!(store.delete(name).is_ok());
        assert_eq!(
            store.hint(name).unwrap().to_string(),
            "set from HIGHWATER_CW_PUBLIC_KEY, ends in …7f2a"
        );

        // A secret the environment does not give still needs the keyring, and says so.
        let err = store.get(SecretName::JumpCloudApiKey).unwrap_err();
        assert!(matches!(err, SecretStoreError::KeyringUnavailable { .. }));
        assert!(store.delete(SecretName::JumpCloudApiKey).is_err());
        assert!(store
            .set(SecretName::JumpCloudApiKey, &Secret::new("jc-key-3333"))
            .is_err());
    }

    #[test]
    fn delete_clears_a_keyring_entry_hidden_by_the_environment() {
        let backing = MemoryStore::new();
        let name = SecretName::ConnectWisePublicKey;
        backing
            .set(name, &Secret::new("older-saved-key-4444"))
            .unwrap();
        let store = layered(backing);
        store.delete(name).unwrap();
        assert_eq!(store.backing().get(name).unwrap(), None);
    }
}
