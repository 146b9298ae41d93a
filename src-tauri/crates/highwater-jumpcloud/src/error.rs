//! The crate's error type: every failure classified where it arises, so callers decide on variants
//! (re-enter the key, pick another org, wait and retry) rather than on message text.

use std::fmt;
use std::time::Duration;

/// What went wrong talking to JumpCloud. Never contains the API key.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 401 "api key user not found": the key is wrong, revoked or expired.
    #[error("JumpCloud rejected the API key ({message})")]
    Unauthorized { message: String },
    /// 401 "no organization selected": an MSP key used on an org-scoped route without `x-org-id`.
    #[error("JumpCloud needs an organization (x-org-id) for this request")]
    NoOrganizationSelected,
    /// The key works but belongs to a single-tenant admin, not a provider (MSP) admin.
    #[error(
        "this API key is not a JumpCloud MSP (provider) administrator key; generate one in the \
         Multi-Tenant Portal under Account Management"
    )]
    NotProviderKey,
    /// 403: the admin's role may not do this (e.g. a "Command runner" role).
    #[error("JumpCloud refused access ({message})")]
    Forbidden { message: String },
    /// 404: typically an org the provider does not manage.
    #[error("not found in JumpCloud ({message})")]
    NotFound { message: String },
    /// Another 4xx: the request itself was refused (bad id, bad query).
    #[error("JumpCloud rejected the request with {status} ({message})")]
    Rejected { status: u16, message: String },
    /// 429: too many requests; `retry_after` when JumpCloud said how long to wait.
    #[error("JumpCloud is rate limiting requests{}", RetryAfter(*.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx.
    #[error("JumpCloud server error {status} ({message})")]
    Server { status: u16, message: String },
    /// The request never got an HTTP answer.
    #[error("could not reach JumpCloud: {kind} ({message})")]
    Transport {
        kind: TransportKind,
        message: String,
    },
    /// An answer that does not have the documented shape.
    #[error("unexpected JumpCloud response at {path}: {message}")]
    Decode { path: String, message: String },
    /// The client was configured with something unusable (a non-loopback http URL, a bad id).
    #[error("invalid JumpCloud client setting: {0}")]
    Config(String),
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Timeout,
    /// Connection refused or reset.
    Connect,
    Dns,
    Tls,
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Timeout => "timed out",
            Self::Connect => "connection failed",
            Self::Dns => "host name not resolved",
            Self::Tls => "TLS failure",
            Self::Other => "transport error",
        })
    }
}

struct RetryAfter(Option<Duration>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, " (retry after {} s)", d.as_secs()),
            None => Ok(()),
        }
    }
}

impl Error {
    /// Whether the same request may succeed later: rate limits, server errors, timeouts and
    /// refused connections. DNS and TLS failures and every 4xx other than 429 need a fix first.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Server { .. } => true,
            Self::Transport { kind, .. } => {
                matches!(kind, TransportKind::Timeout | TransportKind::Connect)
            }
            _ => false,
        }
    }

    /// Classifies a reqwest failure that produced no HTTP status. reqwest does not type DNS and
    /// TLS failures, so those are recognised from the error chain's text.
    pub(crate) fn transport(err: &reqwest::Error) -> Self {
        let mut chain = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            source = s.source();
        }
        let lower = chain.to_lowercase();
        let kind = if err.is_timeout() {
            TransportKind::Timeout
        } else if lower.contains("dns error") || lower.contains("failed to lookup") {
            TransportKind::Dns
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            TransportKind::Tls
        } else if err.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        Self::Transport {
            kind,
            message: chain,
        }
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_classes() {
        let server = Error::Server {
            status: 503,
            message: String::new(),
        };
        let limited = Error::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
        };
        let timeout = Error::Transport {
            kind: TransportKind::Timeout,
            message: String::new(),
        };
        let dns = Error::Transport {
            kind: TransportKind::Dns,
            message: String::new(),
        };
        let unauthorized = Error::Unauthorized {
            message: String::new(),
        };
        assert!(server.is_retryable() && limited.is_retryable() && timeout.is_retryable());
        assert!(!dns.is_retryable() && !unauthorized.is_retryable());
        assert!(!Error::NotProviderKey.is_retryable());
        assert_eq!(
            limited.to_string(),
            "JumpCloud is rate limiting requests (retry after 2 s)"
        );
    }
}
