//! When to send a request again and how long to wait first. Pure: the transport asks
//! [`RetryPolicy::delay_before_retry`] after each failed attempt.

use std::time::Duration;

use crate::error::{Error, TransportKind};

/// HTTP methods the client uses, with their retry safety.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Safe and idempotent.
    Get,
    /// Idempotent here: every patch the client sends replaces values.
    Patch,
    /// Not idempotent: a repeat may create a second ticket.
    Post,
}

impl Method {
    pub(crate) fn as_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Patch => reqwest::Method::PATCH,
            Self::Post => reqwest::Method::POST,
        }
    }

    /// `"GET"`, `"PATCH"`, `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Patch => "PATCH",
            Self::Post => "POST",
        }
    }
}

/// Retry settings. Defaults: 4 attempts, 500 ms base, 20 s cap, waits of at most 60 s even if
/// `Retry-After` asks for more (a longer wait is returned to the caller as the error instead).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts including the first (1 = never retry).
    pub max_attempts: u32,
    /// First backoff step.
    pub base_delay: Duration,
    /// Largest backoff step.
    pub max_delay: Duration,
    /// Longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Whether `err` after `method` may be retried at all, ignoring attempt counts.
    ///
    /// 429 means the server refused before doing anything, and a refused connection never
    /// reached it, so both are safe even for POST. Everything else transient (5xx, timeouts, a
    /// lost response) may have been applied, so only idempotent methods repeat.
    pub fn may_retry(method: Method, err: &Error) -> bool {
        if !err.is_retryable() {
            return false;
        }
        match method {
            Method::Get | Method::Patch => true,
            Method::Post => matches!(
                err,
                Error::RateLimited { .. }
                    | Error::Transport {
                        kind: TransportKind::ConnectionRefused | TransportKind::Dns,
                        ..
                    }
            ),
        }
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1), or `None` to give up.
    /// `jitter` is a number in `[0, 1)` supplied by the caller so this stays pure.
    pub fn delay_before_retry(
        &self,
        method: Method,
        attempt: u32,
        err: &Error,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !Self::may_retry(method, err) {
            return None;
        }
        if let Some(wait) = err.retry_after() {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        // Capped exponential backoff with "equal jitter": half fixed, half random.
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let capped = exp.min(self.max_delay);
        let half = capped / 2;
        Some(half + half.mul_f64(jitter.clamp(0.0, 1.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Error {
        Error::Server {
            status: 500,
            message: "timeout".into(),
            retry_after: None,
        }
    }

    fn transport(kind: TransportKind) -> Error {
        Error::Transport {
            kind,
            detail: String::new(),
        }
    }

    #[test]
    fn method_rules() {
        let limited = Error::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
        };
        let not_found = Error::NotFound {
            path: "x".into(),
            message: String::new(),
        };
        let table = [
            (Method::Get, server(), true),
            (Method::Patch, server(), true),
            (Method::Post, server(), false),
            (Method::Post, limited, true),
            (Method::Post, transport(TransportKind::Timeout), false),
            (
                Method::Post,
                transport(TransportKind::ConnectionLost),
                false,
            ),
            (
                Method::Post,
                transport(TransportKind::ConnectionRefused),
                true,
            ),
            (
                Method::Patch,
                transport(TransportKind::ConnectionLost),
                true,
            ),
            (Method::Get, not_found, false),
        ];
        for (m, e, expected) in table {
            assert_eq!(RetryPolicy::may_retry(m, &e), expected, "{m:?} {e}");
        }
    }

    #[test]
    fn honours_retry_after_and_caps() {
        let p = RetryPolicy::default();
        let e = Error::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
        };
        assert_eq!(
            p.delay_before_retry(Method::Get, 1, &e, 0.9),
            Some(Duration::from_secs(2))
        );
        let long = Error::RateLimited {
            retry_after: Some(Duration::from_secs(600)),
        };
        assert_eq!(p.delay_before_retry(Method::Get, 1, &long, 0.0), None);
        assert_eq!(p.delay_before_retry(Method::Get, 4, &e, 0.0), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_cap() {
        let p = RetryPolicy::default();
        let e = server();
        let d1 = p.delay_before_retry(Method::Get, 1, &e, 0.0).unwrap();
        let d2 = p.delay_before_retry(Method::Get, 2, &e, 0.0).unwrap();
        let d2_max = p.delay_before_retry(Method::Get, 2, &e, 0.999).unwrap();
        assert_eq!(d1, Duration::from_millis(250));
        assert_eq!(d2, Duration::from_millis(500));
        assert!(d2_max > d2 && d2_max < Duration::from_millis(1000));
        let many = RetryPolicy {
            max_attempts: 50,
            ..p
        };
        let capped = many.delay_before_retry(Method::Get, 40, &e, 0.999).unwrap();
        assert!(capped <= many.max_delay);
    }
}
