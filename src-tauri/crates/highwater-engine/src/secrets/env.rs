//! Secrets supplied through the environment (HIGHWATER_CW_PUBLIC_KEY, HIGHWATER_CW_PRIVATE_KEY,
//! HIGHWATER_JC_API_KEY): read once, never written anywhere.

use std::collections::HashMap;
use std::fmt;

use highwater_secret::Secret;

use super::SecretName;

/// A snapshot of the secret environment variables. Taken once (the environment of a running
/// process does not change under it), which also lets tests supply variables without touching
/// the process environment. A variable set to an empty or blank value counts as unset, so
/// `HIGHWATER_JC_API_KEY= highwater-cli …` falls back to the keyring.
#[derive(Clone, Default)]
pub struct EnvSecrets {
    values: HashMap<SecretName, Secret>,
}

impl EnvSecrets {
    /// The variables of this process.
    pub fn from_process() -> Self {
        Self::from_vars(SecretName::ALL.iter().filter_map(|name| {
            std::env::var(name.env_var())
                .ok()
                .map(|value| (name.env_var().to_owned(), value))
        }))
    }

    /// The secret variables among `vars` (name, value); other names are ignored.
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: AsRef<str>,
        V: Into<String>,
    {
        let mut values = HashMap::new();
        for (key, value) in vars {
            let Some(name) = SecretName::ALL
                .into_iter()
                .find(|name| name.env_var() == key.as_ref())
            else {
                continue;
            };
            let secret = Secret::new(value);
            if !secret.is_empty() {
                values.insert(name, secret);
            }
        }
        Self { values }
    }

    /// No variables at all (the keyring alone decides).
    pub fn none() -> Self {
        Self::default()
    }

    /// The value from the environment, if one was given.
    pub fn get(&self, name: SecretName) -> Option<&Secret> {
        self.values.get(&name)
    }

    /// True when every one of `names` comes from the environment (then no keyring is needed).
    pub fn provides_all(&self, names: &[SecretName]) -> bool {
        names.iter().all(|name| self.values.contains_key(name))
    }
}

impl fmt::Debug for EnvSecrets {
    /// Lists which variables are set, never their values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut set: Vec<&str> = self.values.keys().map(|n| n.env_var()).collect();
        set.sort_unstable();
        f.debug_struct("EnvSecrets").field("set", &set).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_known_non_empty_variables() {
        let env = EnvSecrets::from_vars([
            ("HIGHWATER_CW_PUBLIC_KEY", " pub-key-0001\n"),
            ("HIGHWATER_CW_PRIVATE_KEY", "   "),
            ("HIGHWATER_DATA_DIR", "/tmp/x"),
            ("PATH", "/usr/bin"),
        ]);
        assert_eq!(
            env.get(SecretName::ConnectWisePublicKey)
                .map(Secret::expose),
            Some("pub-key-0001")
        );
        assert_eq!(env.get(SecretName::ConnectWisePrivateKey), None);
        assert_eq!(env.get(SecretName::JumpCloudApiKey), None);
        assert!(env.provides_all(&[SecretName::ConnectWisePublicKey]));
        assert!(!env.provides_all(&SecretName::CONNECTWISE));
        assert!(EnvSecrets::none().provides_all(&[]));
    }

    #[test]
    fn debug_names_variables_not_values() {
        let env = EnvSecrets::from_vars([("HIGHWATER_JC_API_KEY", "jc-secret-value-123")]);
        let debug = format!("{env:?}");
        assert_eq!(debug, r#"EnvSecrets { set: ["HIGHWATER_JC_API_KEY"] }"#);
    }
}
