//! What the UI may know about a secret once it is saved: whether it is set, where it comes from,
//! and its last four characters — never the value.

use std::fmt;

use highwater_secret::Secret;

use super::SecretName;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SecretHint {
    pub name: SecretName,
    pub set: bool,
    /// Last four characters, only for keys long enough that this reveals little (see
    /// [`Secret::hint`]).
    pub ends_with: Option<String>,
    /// The environment variable the value comes from, when it does.
    pub from_environment: Option<&'static str>,
}

impl SecretHint {
    pub fn new(
        name: SecretName,
        value: Option<&Secret>,
        from_environment: Option<&'static str>,
    ) -> Self {
        Self {
            name,
            set: value.is_some_and(|v| !v.is_empty()),
            ends_with: value.and_then(Secret::hint),
            from_environment: value.and(from_environment),
        }
    }
}

impl fmt::Display for SecretHint {
    /// "not set", "set", "set, ends in …7f2a", "set from HIGHWATER_CW_PUBLIC_KEY, ends in …7f2a".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.set {
            return f.write_str("not set");
        }
        f.write_str("set")?;
        if let Some(var) = self.from_environment {
            write!(f, " from {var}")?;
        }
        if let Some(tail) = &self.ends_with {
            write!(f, ", ends in …{tail}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_table() {
        let long = Secret::new("pk_live_0123456789abcdef7f2a");
        let short = Secret::new("abc");
        let name = SecretName::ConnectWisePublicKey;
        let cases = [
            (SecretHint::new(name, None, None), "not set"),
            (SecretHint::new(name, None, Some("X")), "not set"),
            (SecretHint::new(name, Some(&short), None), "set"),
            (
                SecretHint::new(name, Some(&long), None),
                "set, ends in …7f2a",
            ),
            (
                SecretHint::new(name, Some(&long), Some("HIGHWATER_CW_PUBLIC_KEY")),
                "set from HIGHWATER_CW_PUBLIC_KEY, ends in …7f2a",
            ),
        ];
        for (hint, expected) in cases {
            assert_eq!(hint.to_string(), expected);
        }
    }

    #[test]
    fn serialised_hint_has_no_secret() {
        let secret = Secret::new("pk_live_0123456789abcdef7f2a");
        let hint = SecretHint::new(SecretName::JumpCloudApiKey, Some(&secret), None);
        let json = serde_json::to_string(&hint).expect("a hint serialises");
        assert!(!json.contains("0123456789"), "{json}");
        assert!(json.contains("\"ends_with\":\"7f2a\""), "{json}");
    }
}
