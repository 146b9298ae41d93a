//! `Secret`: holds an API key so that it can be used but never leaks. Debug and Display print
//! `<redacted>`; serialising one is refused, so a secret cannot slip into SQLite, a log line, an
//! error or an IPC payload by accident. Reading the value needs an explicit [`Secret::expose`].

use std::fmt;

/// A secret string (API key, private key). Deserialisable (from user input), never serialisable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value. Surrounding whitespace is trimmed: pasted keys often carry a newline.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into().trim().to_owned())
    }

    /// The raw value, for the one place that must send it (an auth header, the keyring).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when nothing was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The last four characters, for "set, ends in …7f2a" displays (all of it is never shown).
    /// Keys shorter than 12 characters show nothing, so a short secret is not half revealed.
    pub fn hint(&self) -> Option<String> {
        let chars: Vec<char> = self.0.chars().collect();
        (chars.len() >= 12).then(|| chars[chars.len() - 4..].iter().collect())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "refusing to serialise a secret; send its hint() instead",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let s = Secret::new("  pk_live_0123456789abcdef7f2a\n");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:?}", Some(&s)).contains("0123"));
        assert_eq!(s.expose(), "pk_live_0123456789abcdef7f2a");
    }

    #[test]
    fn hint_shows_last_four_of_long_keys_only() {
        assert_eq!(
            Secret::new("pk_live_0123456789abcdef7f2a")
                .hint()
                .as_deref(),
            Some("7f2a")
        );
        assert_eq!(Secret::new("short").hint(), None);
    }

    #[test]
    fn refuses_to_serialise() {
        #[derive(serde::Serialize)]
        struct Leaky {
            key: Secret,
        }
        let err = serde_json::to_string(&Leaky {
            key: Secret::new("abc"),
        })
        .unwrap_err();
        assert!(err.to_string().contains("refusing"));
    }
}
