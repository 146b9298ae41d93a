//! The secret store port: where the ConnectWise and JumpCloud API keys live. Keys are kept in
//! the OS keyring ([`KeyringStore`]), may be supplied through environment variables that take
//! precedence and are never persisted ([`EnvSecrets`], combined by [`LayeredStore`]), and never
//! reach SQLite, logs, errors or the UI — the UI gets a [`SecretHint`] ("set, ends in …7f2a").
//! When no keyring is available, operations fail with [`SecretStoreError::KeyringUnavailable`],
//! whose message says how to fix it; there is no plaintext fallback.

mod env;
mod error;
mod hint;
mod keyring_store;
mod layered;
#[cfg(any(test, feature = "test-support"))]
mod memory;

pub use env::EnvSecrets;
pub use error::{Result, SecretStoreError};
pub use highwater_secret::Secret;
pub use hint::SecretHint;
pub use keyring_store::KeyringStore;
pub use layered::LayeredStore;
#[cfg(any(test, feature = "test-support"))]
pub use memory::MemoryStore;

use std::fmt;

/// The secrets Highwater keeps, one keyring entry each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretName {
    ConnectWisePublicKey,
    ConnectWisePrivateKey,
    JumpCloudApiKey,
}

impl SecretName {
    pub const ALL: [SecretName; 3] = [
        SecretName::ConnectWisePublicKey,
        SecretName::ConnectWisePrivateKey,
        SecretName::JumpCloudApiKey,
    ];

    /// The two keys of a ConnectWise connection (what "Disable & Clear" removes).
    pub const CONNECTWISE: [SecretName; 2] = [
        SecretName::ConnectWisePublicKey,
        SecretName::ConnectWisePrivateKey,
    ];

    /// The keyring entry's account (user) name under the app's service name.
    pub fn account(self) -> &'static str {
        match self {
            SecretName::ConnectWisePublicKey => "connectwise-public-key",
            SecretName::ConnectWisePrivateKey => "connectwise-private-key",
            SecretName::JumpCloudApiKey => "jumpcloud-api-key",
        }
    }

    /// The environment variable that overrides the keyring for this secret.
    pub fn env_var(self) -> &'static str {
        match self {
            SecretName::ConnectWisePublicKey => "HIGHWATER_CW_PUBLIC_KEY",
            SecretName::ConnectWisePrivateKey => "HIGHWATER_CW_PRIVATE_KEY",
            SecretName::JumpCloudApiKey => "HIGHWATER_JC_API_KEY",
        }
    }
}

impl fmt::Display for SecretName {
    /// How messages name the secret: "ConnectWise public key".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecretName::ConnectWisePublicKey => "ConnectWise public key",
            SecretName::ConnectWisePrivateKey => "ConnectWise private key",
            SecretName::JumpCloudApiKey => "JumpCloud API key",
        })
    }
}

/// What [`SecretStore::set`] did with the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SaveOutcome {
    /// Written to the store (the OS keyring, for the real stores).
    Saved,
    /// The same value already comes from this environment variable, which takes precedence;
    /// nothing was written anywhere.
    KeptFromEnvironment { var: &'static str },
}

/// Get, set and delete one named secret. Implementations must never put a secret value into an
/// error, a log line or a `Debug` output.
pub trait SecretStore: Send + Sync {
    /// The stored value; `None` when nothing (or an empty value) is stored.
    fn get(&self, name: SecretName) -> Result<Option<Secret>>;

    /// Stores `value`, replacing any earlier one. An empty value is refused.
    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome>;

    /// Removes the stored value; succeeds when there was none.
    fn delete(&self, name: SecretName) -> Result<()>;

    /// What the UI may show about the secret: whether it is set and its last four characters.
    fn hint(&self, name: SecretName) -> Result<SecretHint> {
        Ok(SecretHint::new(name, self.get(name)?.as_ref(), None))
    }
}

impl<T: SecretStore + ?Sized> SecretStore for std::sync::Arc<T> {
    fn get(&self, name: SecretName) -> Result<Option<Secret>> {
        (**self).get(name)
    }

    fn set(&self, name: SecretName, value: &Secret) -> Result<SaveOutcome> {
        (**self).set(name, value)
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        (**self).delete(name)
    }

    fn hint(&self, name: SecretName) -> Result<SecretHint> {
        (**self).hint(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_everywhere() {
        let accounts: std::collections::HashSet<_> =
            SecretName::ALL.iter().map(|n| n.account()).collect();
        let vars: std::collections::HashSet<_> =
            SecretName::ALL.iter().map(|n| n.env_var()).collect();
        assert_eq!(accounts.len(), 3);
        assert_eq!(vars.len(), 3);
        assert_eq!(
            SecretName::ConnectWisePrivateKey.to_string(),
            "ConnectWise private key"
        );
    }
}
