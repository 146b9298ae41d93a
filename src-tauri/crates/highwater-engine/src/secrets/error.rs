//! The secret store's errors. None carries a secret value: keyring details are the platform's
//! own messages (D-Bus errors, attribute names), and undecodable values are never echoed.

use super::SecretName;

/// How to get a working keyring on this platform, for the error messages.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
const KEYRING_FIX: &str = "start a Secret Service such as GNOME Keyring or KWallet in your \
                           desktop session (and unlock it)";
#[cfg(target_os = "macos")]
const KEYRING_FIX: &str = "unlock your login Keychain";
#[cfg(target_os = "windows")]
const KEYRING_FIX: &str = "make sure Windows Credential Manager is available to your account";
#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
const KEYRING_FIX: &str = "use a platform with a supported OS keyring";

const ENV_FIX: &str = "or provide the keys through HIGHWATER_CW_PUBLIC_KEY, \
                       HIGHWATER_CW_PRIVATE_KEY and HIGHWATER_JC_API_KEY";

#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    /// No keyring could be reached (no D-Bus session bus, no Secret Service on it, an
    /// unsupported platform). Keys are never written anywhere else instead.
    #[error("no OS keyring is available ({detail}): {fix}, {ENV_FIX}", fix = KEYRING_FIX)]
    KeyringUnavailable { detail: String },

    /// The keyring exists but refused access (locked, unlock prompt dismissed).
    #[error("the OS keyring is locked or refused access ({detail}): unlock it, {ENV_FIX}")]
    KeyringLocked { detail: String },

    /// Several keyring entries match one secret, so which one is meant is unknown.
    #[error(
        "the OS keyring holds more than one entry for the {name} (service {service}, account \
         {account}); remove the extra ones and save the key again",
        account = name.account()
    )]
    Ambiguous { name: SecretName, service: String },

    /// The stored value is not text (written by something else); it is not shown.
    #[error("the {name} stored in the OS keyring is not valid text; save the key again")]
    Unreadable { name: SecretName },

    /// The keyring rejected the entry for another reason (attribute too long or invalid).
    #[error("the OS keyring refused the {name}: {detail}")]
    Rejected { name: SecretName, detail: String },

    /// `set` was given a different value for a secret that comes from the environment, which
    /// would keep winning over anything saved.
    #[error(
        "the {name} comes from the environment variable {var}, which takes precedence; unset \
         {var} to save a different key",
        var = name.env_var()
    )]
    ShadowedByEnvironment { name: SecretName },

    /// `set` was given an empty value.
    #[error("the {name} is empty")]
    Empty { name: SecretName },
}

impl SecretStoreError {
    /// True when the keyring cannot be used at all right now (missing or locked): the cases in
    /// which secrets provided through the environment are still enough.
    pub fn is_keyring_unavailable(&self) -> bool {
        matches!(
            self,
            SecretStoreError::KeyringUnavailable { .. } | SecretStoreError::KeyringLocked { .. }
        )
    }
}

pub type Result<T, E = SecretStoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_says_how_to_fix_it() {
        let message = SecretStoreError::KeyringUnavailable {
            detail: "no session bus".into(),
        }
        .to_string();
        assert!(message.starts_with("no OS keyring is available (no session bus): "));
        #[cfg(target_os = "linux")]
        assert!(message.contains("start a Secret Service such as GNOME Keyring"));
        for var in [
            "HIGHWATER_CW_PUBLIC_KEY",
            "HIGHWATER_CW_PRIVATE_KEY",
            "HIGHWATER_JC_API_KEY",
        ] {
            assert!(message.contains(var), "{message}");
        }
    }

    #[test]
    fn shadowed_names_the_variable() {
        let message = SecretStoreError::ShadowedByEnvironment {
            name: SecretName::JumpCloudApiKey,
        }
        .to_string();
        assert_eq!(
            message,
            "the JumpCloud API key comes from the environment variable HIGHWATER_JC_API_KEY, \
             which takes precedence; unset HIGHWATER_JC_API_KEY to save a different key"
        );
    }
}
